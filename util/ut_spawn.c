/* ut_spawn.c - one child process at a time, in a group of its own,
 * signalled when a fatal signal ends the tool. */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np; waitid's WNOWAIT  \
                     */
#include "ut_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

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

static int start(pid_t *pid, const ut_spawn_opts *o) {
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

int ut_spawn(const ut_spawn_opts *o) {
  siginfo_t si;
  pid_t pid;
  int status, rc;
  if (o == NULL || o->argv == NULL || o->argv[0] == NULL) {
    errno = EINVAL;
    return -1;
  }
  if ((rc = ut_cleanup_hook(end_child)) != 0 || (rc = start(&pid, o)) != 0) {
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
