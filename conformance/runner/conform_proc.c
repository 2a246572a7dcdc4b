/* conform_proc.c - starting, talking to and ending a host process. */
#define _GNU_SOURCE
#include "conform_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
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

/* In the child: wire the pipes to 0/1/2 and exec. Never returns. */
static void exec_host(char *const *argv, int in, int out, int err) {
  setpgid(0, 0);
  /* The runner ignores SIGPIPE; a host should get the default. */
  signal(SIGPIPE, SIG_DFL);
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
    _exit(127);
  execvp(argv[0], argv);
  dprintf(2, "mmaplab-conform: cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(127);
}

int cf_proc_start(cf_proc *p, char *const *argv) {
  int in[2], out[2];
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
  fflush(NULL);
  if ((pid = fork()) < 0) {
    cf_error("cannot start the host: fork: %s", strerror(errno));
    close(in[0]), close(in[1]), close(out[0]), close(out[1]);
    return -1;
  }
  if (pid == 0)
    exec_host(argv, in[0], out[1], p->err_fd);
  setpgid(pid, pid); /* also here: whichever runs first makes the group */
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
