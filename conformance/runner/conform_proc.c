/* conform_proc.c - starting, talking to and ending a host process. */
#define _GNU_SOURCE
#include "conform_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

volatile pid_t cf_proc_current_group;

/* A file for the host's stderr, or -1 after cf_error. */
static int stderr_file(void) {
  const char *base = getenv("TMPDIR");
  char *path;
  int fd;
  base = base && *base ? base : "/tmp";
  path = ut_xasprintf("%s/mmaplab-conform-stderr-XXXXXX", base);
  fd = mkostemp(path, O_CLOEXEC);
  if (fd >= 0)
    unlink(path); /* anonymous: gone when the runner closes it */
  else
    cf_error("cannot start the host: cannot create a file for its stderr in "
             "%s: %s",
             base, strerror(errno));
  free(path);
  return fd;
}

/* Starts ARGV with IN, OUT and ERR as its descriptors 0, 1 and 2, leading
 * a process group of its own, with SIGPIPE at its default action (the
 * runner ignores it). The pipes are close-on-exec; the copies on 0-2 are
 * not. 0 or an errno value (ENOENT: no such program; then nothing ran). */
static int spawn_host(pid_t *pid, char *const *argv, char *const *envp, int in,
                      int out, int err) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  sigset_t dfl;
  int rc;
  if ((rc = posix_spawn_file_actions_init(&fa)) != 0)
    return rc;
  if ((rc = posix_spawnattr_init(&attr)) != 0) {
    posix_spawn_file_actions_destroy(&fa);
    return rc;
  }
  sigemptyset(&dfl);
  sigaddset(&dfl, SIGPIPE);
  if ((rc = posix_spawn_file_actions_adddup2(&fa, in, 0)) == 0 &&
      (rc = posix_spawn_file_actions_adddup2(&fa, out, 1)) == 0 &&
      (rc = posix_spawn_file_actions_adddup2(&fa, err, 2)) == 0 &&
      (rc = posix_spawnattr_setpgroup(&attr, 0)) == 0 &&
      (rc = posix_spawnattr_setsigdefault(&attr, &dfl)) == 0 &&
      (rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                                POSIX_SPAWN_SETSIGDEF)) == 0)
    rc = posix_spawnp(pid, argv[0], &fa, &attr, argv, envp);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

int cf_proc_start(cf_proc *p, char *const *argv) {
  return cf_proc_start_env(p, argv, NULL);
}

int cf_proc_start_env(cf_proc *p, char *const *argv, char *const *envp) {
  int in[2], out[2], rc;
  pid_t pid;
  cf_proc_release(p);
  if ((p->err_fd = stderr_file()) < 0)
    return -1;
  if (pipe2(in, O_CLOEXEC) != 0) {
    cf_error("cannot start the host: %s", strerror(errno));
    return -1;
  }
  if (pipe2(out, O_CLOEXEC) != 0) {
    cf_error("cannot start the host: %s", strerror(errno));
    close(in[0]), close(in[1]);
    return -1;
  }
  /* posix_spawnp reports a failed exec itself (glibc waits for it) */
  if ((rc = spawn_host(&pid, argv, envp != NULL ? envp : environ, in[0], out[1],
                       p->err_fd)) != 0) {
    cf_error("cannot run %s: %s", argv[0], strerror(rc));
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return -1;
  }
  close(in[0]);
  close(out[1]);
  p->pid = pid;
  cf_proc_current_group = pid;
  p->to_host = in[1];
  p->from_host = out[0];
  p->err_mark = 0;
  p->buf.len = 0;
  fcntl(p->to_host, F_SETFL, O_NONBLOCK);
  fcntl(p->from_host, F_SETFL, O_NONBLOCK);
  return 0;
}

static int wait_fd(int fd, short events, double deadline) {
  for (;;) {
    struct pollfd pfd = {fd, events, 0};
    double left = deadline - ut_now();
    int rc;
    if (left <= 0)
      return CF_IO_TIMEOUT;
    rc = poll(&pfd, 1, (int)(left * 1000) + 1);
    if (rc < 0 && errno == EINTR)
      continue;
    if (rc < 0)
      return CF_IO_DEAD;
    if (rc > 0)
      return CF_IO_OK; /* readable, writable, hung up or in error */
  }
}

int cf_proc_send(cf_proc *p, const json_t *msg, double deadline) {
  char *text = json_dumps(msg, JSON_COMPACT);
  ut_str line = {0};
  size_t done = 0;
  int rc = CF_IO_OK;
  ut_str_add(&line, text);
  ut_str_add(&line, "\n");
  free(text);
  while (done < line.len && rc == CF_IO_OK) {
    ssize_t n = write(p->to_host, line.data + done, line.len - done);
    if (n >= 0)
      done += (size_t)n;
    else if (errno == EAGAIN)
      rc = wait_fd(p->to_host, POLLOUT, deadline);
    else if (errno != EINTR)
      rc = CF_IO_DEAD; /* EPIPE: the host closed its stdin or died */
  }
  free(line.data);
  return rc;
}

/* Parses and consumes the first complete line of the buffer. */
static int take_line(cf_proc *p, char *nl, json_t **msg, char *why,
                     size_t whylen) {
  size_t n = (size_t)(nl - p->buf.data);
  json_error_t e;
  json_t *j = json_loadb(p->buf.data, n, JSON_REJECT_DUPLICATES, &e);
  int rc = CF_IO_OK;
  if (j == NULL || !json_is_object(j)) {
    snprintf(why, whylen,
             "the host wrote a line that is not a JSON object: "
             "%.80s",
             p->buf.data);
    char *cut = strchr(why, '\n');
    if (cut != NULL)
      *cut = '\0';
    json_decref(j);
    rc = CF_IO_BAD;
  } else {
    *msg = j;
  }
  memmove(p->buf.data, nl + 1, p->buf.len - n - 1);
  p->buf.len -= n + 1;
  return rc;
}

int cf_proc_recv(cf_proc *p, json_t **msg, double deadline, char *why,
                 size_t whylen) {
  for (;;) {
    char chunk[65536];
    char *nl = p->buf.len ? memchr(p->buf.data, '\n', p->buf.len) : NULL;
    ssize_t n;
    if (nl != NULL)
      return take_line(p, nl, msg, why, whylen);
    n = read(p->from_host, chunk, sizeof chunk);
    if (n > 0) {
      ut_str_addn(&p->buf, chunk, (size_t)n);
    } else if (n == 0) {
      return CF_IO_DEAD;
    } else if (errno == EAGAIN) {
      int rc = wait_fd(p->from_host, POLLIN, deadline);
      if (rc != CF_IO_OK)
        return rc;
    } else if (errno != EINTR) {
      return CF_IO_DEAD;
    }
  }
}
