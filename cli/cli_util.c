/* cli_util.c - processes and time for the subcommands. */
#define _GNU_SOURCE /* waitid's WNOWAIT with the other wait flags */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "ut_cleanup.h"

extern char **environ;

/* The child mml_spawn waits for, which leads its own process group; 0 when
 * there is none. pid_t is an int on Linux, as sig_atomic_t is. */
static volatile sig_atomic_t child_pid;

/* ut_cleanup hook, run when a fatal signal ends mmaplab: the child's group
 * gets the same signal (SIGTERM for SIGPIPE, SIGXFSZ, SIGALRM, which were
 * about mmaplab itself), and the child gets up to 10 s to exit and put back
 * what it changed before mmaplab removes its work directory and dies. Only
 * async-signal-safe calls. */
static void end_children(int sig) {
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

/* The signals ut_cleanup handles, blocked while a child is started so that
 * none comes between its start and child_pid naming it. */
static void fatal_set(sigset_t *set) {
  static const int sigs[] = {SIGINT,  SIGTERM, SIGHUP,
                             SIGPIPE, SIGXFSZ, SIGALRM};
  sigemptyset(set);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    sigaddset(set, sigs[i]);
}

/* Starts ARGV in a process group of its own with stdin from /dev/null;
 * posix_spawn's error number, or 0 with *PID set. */
static int start(pid_t *pid, char *const argv[], const char *out_path,
                 const char *err_path) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  sigset_t block, old;
  int rc;
  posix_spawn_file_actions_init(&fa);
  posix_spawnattr_init(&at);
  /* Its own group, so that a signal for it reaches what it started too;
   * a group not in the terminal's foreground must not read the terminal. */
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (out_path != NULL)
    posix_spawn_file_actions_addopen(&fa, 1, out_path,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (err_path != NULL)
    posix_spawn_file_actions_addopen(&fa, 2, err_path,
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  fatal_set(&block);
  sigprocmask(SIG_BLOCK, &block, &old);
  posix_spawnattr_setsigmask(&at, &old);
  posix_spawnattr_setpgroup(&at, 0);
  posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  rc = posix_spawn(pid, argv[0], &fa, &at, argv, environ);
  if (rc == 0)
    child_pid = *pid;
  sigprocmask(SIG_SETMASK, &old, NULL);
  posix_spawnattr_destroy(&at);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

int mml_spawn(char *const argv[], const char *out_path, const char *err_path) {
  siginfo_t si;
  pid_t pid;
  int status, rc;
  if ((rc = ut_cleanup_hook(end_children)) != 0 ||
      (rc = start(&pid, argv, out_path, err_path)) != 0) {
    errno = rc;
    return -1;
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

double mml_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void mml_elapsed(double start, char *buf, size_t len) {
  snprintf(buf, len, "%.1f s", mml_now() - start);
}
