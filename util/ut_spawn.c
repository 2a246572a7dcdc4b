/* ut_spawn.c - one child process at a time, in a group of its own,
 * signalled when a fatal signal ends the tool. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np; waitid's WNOWAIT  \
                     */
#include "ut_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ut_cleanup.h"

extern char **environ;

/* The child ut_spawn waits for, which leads its own process group; 0 when
 * there is none. pid_t is an int on Linux, as sig_atomic_t is. */
static volatile sig_atomic_t child_pid;

/* ut_cleanup hook: the child's group gets the fatal signal (SIGTERM for
 * SIGPIPE, SIGXFSZ and SIGALRM) and up to 10 s to exit. Only
 * async-signal-safe calls. */
static void end_child(int sig) {
  const pid_t pid = (pid_t)child_pid;
  const struct timespec tick = {0, 10 * 1000 * 1000};
  if (pid <= 0)
    return;
  kill(-pid, sig == SIGINT || sig == SIGTERM || sig == SIGHUP ? sig : SIGTERM);
  for (int i = 0; i < 1000; i++) {
    const pid_t r = waitpid(pid, NULL, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR))
      return;
    nanosleep(&tick, NULL);
  }
}

/* The signals ut_cleanup handles: blocked while the child starts, so that
 * none comes between its start and child_pid naming it. */
static void fatal_set(sigset_t *set) {
  static const int sigs[] = {SIGINT,  SIGTERM, SIGHUP,
                             SIGPIPE, SIGXFSZ, SIGALRM};
  sigemptyset(set);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    sigaddset(set, sigs[i]);
}

/* LINE_W >= 0: the write end of the line channel, LINE_FD in the child. */
static int start(pid_t *pid, const ut_spawn_opts *o, int line_w) {
  const int wr = O_WRONLY | O_CREAT | O_TRUNC;
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  sigset_t block, old;
  int rc;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&at);
  if (o->dir != NULL)
    posix_spawn_file_actions_addchdir_np(&fa, o->dir);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (o->out_path != NULL)
    posix_spawn_file_actions_addopen(&fa, 1, o->out_path, wr, 0644);
  if (o->err_to_out)
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
  else if (o->err_path != NULL)
    posix_spawn_file_actions_addopen(&fa, 2, o->err_path, wr, 0644);
  if (line_w >= 0) /* dup2 clears close-on-exec on the copy */
    posix_spawn_file_actions_adddup2(&fa, line_w, o->line_fd);
  fatal_set(&block);
  sigprocmask(SIG_BLOCK, &block, &old);
  posix_spawnattr_setsigmask(&at, &old);
  posix_spawnattr_setpgroup(&at, 0);
  posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  rc = posix_spawnp(pid, o->argv[0], &fa, &at, o->argv, environ);
  if (rc == 0)
    child_pid = *pid;
  sigprocmask(SIG_SETMASK, &old, NULL);
  posix_spawnattr_destroy(&at);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

/* The line channel's reader: the lines of one child. */
typedef struct line_reader {
  const ut_spawn_opts *o;
  char buf[4096];
  size_t len;
  int cut; /* the rest of an over-long line is being skipped */
} line_reader;

/* Hands the complete lines of the N new bytes at R->buf + R->len over. */
static void take_bytes(line_reader *r, size_t n) {
  char *start = r->buf, *nl;
  r->len += n;
  while ((nl = memchr(start, '\n', r->len - (size_t)(start - r->buf)))) {
    *nl = '\0';
    if (!r->cut)
      r->o->on_line(start, r->o->line_arg);
    r->cut = 0;
    start = nl + 1;
  }
  r->len -= (size_t)(start - r->buf);
  memmove(r->buf, start, r->len);
  if (r->len == sizeof r->buf - 1) { /* a line too long: its first part */
    r->buf[r->len] = '\0';
    if (!r->cut)
      r->o->on_line(r->buf, r->o->line_arg);
    r->cut = 1;
    r->len = 0;
  }
}

/* One read of FD into R: 1 if bytes came, -1 if none are there now
 * (EAGAIN), 0 at EOF or on an error. */
static int read_some(line_reader *r, int fd) {
  ssize_t n;
  do
    n = read(fd, r->buf + r->len, sizeof r->buf - 1 - r->len);
  while (n < 0 && errno == EINTR);
  if (n > 0) {
    take_bytes(r, (size_t)n);
    return 1;
  }
  return n < 0 && errno == EAGAIN ? -1 : 0;
}

/* Reads the line channel FD until EOF, or until child PID has exited and
 * what it wrote is read (a grandchild may still hold the write end). */
static void read_lines(const ut_spawn_opts *o, int fd, pid_t pid) {
  line_reader r = {.o = o};
  struct pollfd p = {.fd = fd, .events = POLLIN};
  siginfo_t si;
  for (;;) {
    const int ready = poll(&p, 1, 200);
    if (ready > 0 && read_some(&r, fd) == 0)
      break; /* EOF, or an error: nothing more to read */
    memset(&si, 0, sizeof si);
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT | WNOHANG) == 0 &&
        si.si_pid == 0)
      continue; /* still running */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    while (read_some(&r, fd) == 1)
      ;
    break;
  }
  if (r.len > 0 && !r.cut) { /* a last line without its newline */
    r.buf[r.len] = '\0';
    o->on_line(r.buf, o->line_arg);
  }
}

/* Opens the line channel: 0 with its read end in P[0] and the write end in
 * P[1] (both close-on-exec, the write end not LINE_FD), or an errno. */
static int open_channel(const ut_spawn_opts *o, int p[2]) {
  int moved;
  if (o->line_fd <= 2)
    return EINVAL;
  if (pipe2(p, O_CLOEXEC) != 0)
    return errno;
  if (p[1] == o->line_fd) { /* dup2 onto itself would keep close-on-exec */
    moved = fcntl(p[1], F_DUPFD_CLOEXEC, o->line_fd + 1);
    close(p[1]);
    if ((p[1] = moved) < 0) {
      const int e = errno;
      close(p[0]);
      return e;
    }
  }
  return 0;
}

int ut_spawn(const ut_spawn_opts *o) {
  siginfo_t si;
  pid_t pid;
  int status, rc, chan[2] = {-1, -1};
  if (o == NULL || o->argv == NULL || o->argv[0] == NULL) {
    errno = EINVAL;
    return -1;
  }
  if ((rc = ut_cleanup_hook(end_child)) != 0 ||
      (o->on_line != NULL && (rc = open_channel(o, chan)) != 0) ||
      (rc = start(&pid, o, chan[1])) != 0) {
    if (chan[0] >= 0) {
      close(chan[0]);
      close(chan[1]);
    }
    errno = rc;
    return -1;
  }
  if (chan[0] >= 0) {
    close(chan[1]); /* the child has it now */
    read_lines(o, chan[0], pid);
    close(chan[0]);
  }
  /* Wait without reaping first: while the child is a zombie its pid, the
   * group's id, cannot be reused, so the hook never signals a stranger. */
  memset(&si, 0, sizeof si);
  while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) != 0)
    if (errno != EINTR)
      break;
  child_pid = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
