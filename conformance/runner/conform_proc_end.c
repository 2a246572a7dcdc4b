/* conform_proc_end.c - how a host process ends: reaping, killing, the
 * crash description, and its captured stderr. */
#define _GNU_SOURCE
#include "conform_proc.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *signal_name(int sig) {
  static const struct {
    int sig;
    const char *name;
  } names[] = {
      {SIGSEGV, "SIGSEGV"}, {SIGBUS, "SIGBUS"},   {SIGABRT, "SIGABRT"},
      {SIGILL, "SIGILL"},   {SIGFPE, "SIGFPE"},   {SIGKILL, "SIGKILL"},
      {SIGTERM, "SIGTERM"}, {SIGPIPE, "SIGPIPE"}, {SIGINT, "SIGINT"},
      {SIGTRAP, "SIGTRAP"}, {SIGSYS, "SIGSYS"},   {SIGXFSZ, "SIGXFSZ"}};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].sig == sig)
      return names[i].name;
  return NULL;
}

static json_t *describe(int status) {
  if (WIFSIGNALED(status)) {
    const char *name = signal_name(WTERMSIG(status));
    if (name != NULL)
      return json_pack("{ss}", "signal", name);
    return json_pack("{si}", "signal", WTERMSIG(status));
  }
  return json_pack("{si}", "exit_status", WEXITSTATUS(status));
}

static void close_pipes(cf_proc *p) {
  if (p->to_host >= 0)
    close(p->to_host);
  if (p->from_host >= 0)
    close(p->from_host);
  p->to_host = p->from_host = -1;
  p->buf.len = 0;
  p->pid = 0;
  cf_proc_current_group = 0;
}

/* Waits up to SECONDS for the host to end by itself: 1 and its status, or
 * 0 if it is still running. */
static int wait_exit(pid_t pid, double seconds, int *status) {
  double until = ut_now() + seconds;
  for (;;) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR))
      return 1;
    if (ut_now() >= until)
      return 0;
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
  }
}

json_t *cf_proc_kill(cf_proc *p, const char *detail) {
  int status = 0;
  json_t *info;
  if (p->pid <= 0)
    return json_pack("{ss}", "detail", detail);
  if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
    info = describe(status);
    kill(-p->pid, SIGKILL); /* anything it left behind in its group */
  } else {
    kill(-p->pid, SIGKILL);
    kill(p->pid, SIGKILL); /* in case it left its group */
    while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
      ;
    info = json_pack("{ss}", "detail", detail);
  }
  close_pipes(p);
  return info;
}

json_t *cf_proc_reap(cf_proc *p) {
  int status;
  json_t *info;
  if (p->pid > 0 && wait_exit(p->pid, 2.0, &status)) {
    info = describe(status);
    kill(-p->pid, SIGKILL);
    close_pipes(p);
    return info;
  }
  return cf_proc_kill(p, "stdout closed");
}

void cf_proc_stop(cf_proc *p) {
  int status;
  if (p->pid <= 0)
    return;
  close(p->to_host); /* EOF on stdin: a host exits by itself */
  p->to_host = -1;
  if (wait_exit(p->pid, 2.0, &status)) {
    kill(-p->pid, SIGKILL);
    close_pipes(p);
  } else {
    json_decref(cf_proc_kill(p, "did not exit"));
  }
}

char *cf_proc_take_stderr(cf_proc *p, size_t max) {
  struct stat st;
  off_t from = p->err_mark;
  char *text;
  ssize_t n;
  if (p->err_fd < 0 || fstat(p->err_fd, &st) != 0 || st.st_size <= from)
    return NULL;
  p->err_mark = st.st_size;
  if ((size_t)(st.st_size - from) > max)
    from = st.st_size - (off_t)max; /* the end says most about a crash */
  text = ut_xmalloc((size_t)(st.st_size - from) + 1);
  n = pread(p->err_fd, text, (size_t)(st.st_size - from), from);
  text[n > 0 ? n : 0] = '\0';
  /* The report is JSON, which wants UTF-8; keep it simple and safe. */
  for (char *c = text; *c; c++)
    if ((*c < ' ' && *c != '\n' && *c != '\t') || (unsigned char)*c >= 0x7f)
      *c = '?';
  return text;
}

void cf_proc_init(cf_proc *p) {
  memset(p, 0, sizeof *p);
  p->to_host = p->from_host = p->err_fd = -1;
}

void cf_proc_release(cf_proc *p) {
  if (p->pid > 0)
    cf_proc_stop(p);
  if (p->err_fd >= 0)
    close(p->err_fd);
  free(p->buf.data);
  cf_proc_init(p);
}
