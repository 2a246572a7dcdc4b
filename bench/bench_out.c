/* bench_out.c - mmaplab-bench's --benchmark_out file (bench_out.h). */
#define _GNU_SOURCE /* mkostemp */
#include "bench_out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ut_cleanup.h"
#include "ut_output.h"
#include "ut_path.h"

struct bench_out {
  ut_output *target;
  char *path;     /* as given, for messages */
  char *stand_in; /* for a target written in place; else NULL */
  int stand_in_fd;
};

/* The output open now: Google Benchmark ends the process with exit() on some
 * errors (a kernel file it cannot read), and the wrapper does on an
 * exception (gbench.h); the temporary files go then too. */
static bench_out *open_now;

static void abort_at_exit(void) { bench_out_abort(open_now); }

static int fail(int e, char *err, size_t errlen, const char *path,
                const char *what) {
  snprintf(err, errlen, "cannot write %s: %s%s%s", path, what ? what : "",
           what ? ": " : "", strerror(e));
  return e;
}

/* Creates O->stand_in in $TMPDIR (or /tmp), registered for removal on a
 * fatal signal. 0 or errno. */
static int make_stand_in(bench_out *o, char *err, size_t errlen) {
  const char *dir = getenv("TMPDIR");
  size_t n;
  int rc;
  if (dir == NULL || *dir == '\0')
    dir = "/tmp";
  n = strlen(dir) + sizeof "/mmaplab-bench-out-XXXXXX";
  if ((o->stand_in = malloc(n)) == NULL)
    return fail(ENOMEM, err, errlen, o->path, NULL);
  snprintf(o->stand_in, n, "%s/mmaplab-bench-out-XXXXXX", dir);
  if ((rc = ut_path_fits(o->stand_in)) != 0)
    return fail(rc, err, errlen, o->path, "a stand-in file in $TMPDIR");
  if ((o->stand_in_fd = mkostemp(o->stand_in, O_CLOEXEC)) < 0) {
    rc = errno;
    free(o->stand_in);
    o->stand_in = NULL;
    return fail(rc, err, errlen, o->path, "a stand-in file in $TMPDIR");
  }
  if ((rc = ut_cleanup_add(o->stand_in)) != 0)
    return fail(rc, err, errlen, o->path, "a stand-in file in $TMPDIR");
  return 0;
}

int bench_out_open(bench_out **out, const char *path, char *err,
                   size_t errlen) {
  bench_out *o = calloc(1, sizeof *o);
  int rc;
  *out = NULL;
  if (o == NULL || (o->path = strdup(path)) == NULL) {
    free(o);
    return fail(ENOMEM, err, errlen, path, NULL);
  }
  o->stand_in_fd = -1;
  rc = ut_output_open(&o->target, path, err, errlen);
  if (rc == 0 && ut_output_in_place(o->target))
    rc = make_stand_in(o, err, errlen);
  if (rc != 0) {
    bench_out_abort(o);
    return rc;
  }
  if (open_now == NULL) {
    static int registered;
    if (!registered && atexit(abort_at_exit) == 0)
      registered = 1;
    open_now = o;
  }
  *out = o;
  return 0;
}

const char *bench_out_gbench_path(const bench_out *o) {
  return o->stand_in != NULL ? o->stand_in : ut_output_path(o->target);
}

/* Appends the whole stand-in file to the target's descriptor. 0 or errno. */
static int copy_stand_in(const bench_out *o) {
  char buf[65536];
  const int to = ut_output_fd(o->target);
  off_t at = 0;
  for (;;) {
    ssize_t n = pread(o->stand_in_fd, buf, sizeof buf, at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return n < 0 ? errno : 0;
    at += n;
    for (char *p = buf; n > 0;) {
      const ssize_t w = write(to, p, (size_t)n);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        return errno;
      p += w;
      n -= w;
    }
  }
}

static void release(bench_out *o) {
  if (open_now == o)
    open_now = NULL;
  if (o->stand_in != NULL) {
    unlink(o->stand_in);
    ut_cleanup_forget(o->stand_in);
    free(o->stand_in);
  }
  if (o->stand_in_fd >= 0)
    close(o->stand_in_fd);
  free(o->path);
  free(o);
}

int bench_out_commit(bench_out *o, char *err, size_t errlen) {
  struct stat st;
  int rc = 0;
  /* Google Benchmark creates the file even when it reports nothing
   * (--benchmark_list_tests): an empty file replaces nothing. */
  if (stat(bench_out_gbench_path(o), &st) == 0 && st.st_size == 0) {
    bench_out_abort(o);
    return 0;
  }
  if (o->stand_in != NULL && (rc = copy_stand_in(o)) != 0) {
    fail(rc, err, errlen, o->path, NULL);
    ut_output_abort(o->target);
  } else {
    rc = ut_output_commit(o->target, err, errlen);
  }
  o->target = NULL;
  release(o);
  return rc;
}

void bench_out_abort(bench_out *o) {
  if (o == NULL)
    return;
  ut_output_abort(o->target);
  release(o);
}
