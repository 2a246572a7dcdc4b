/* ut_output.c - output files that never destroy what they replace
 * (ut_output.h). */
#define _GNU_SOURCE /* mkostemp */
#include "ut_output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ut_cleanup.h"
#include "ut_path.h"

struct ut_output {
  char *path;   /* as given */
  char *target; /* the file renamed over at commit; NULL in place */
  char *tmp;    /* the temporary sibling; NULL in place */
  int fd;
};

enum kind { NEW_FILE, REGULAR_FILE, IN_PLACE };

static int fail(int e, char *err, size_t errlen, const char *path,
                const char *why) {
  snprintf(err, errlen, "cannot write %s: %s", path,
           why != NULL ? why : strerror(e));
  return e;
}

/* Paths under /dev/ and /proc/ are the process's own descriptors
 * (/dev/stdout, /dev/fd/N, /proc/self/fd/N) or devices: replacing the file
 * such a magic link leads to would cut it off from the descriptor. */
static int is_system_path(const char *path) {
  return strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
}

static int dir_writable(const char *dir, const char *path, char *err,
                        size_t errlen) {
  struct stat st;
  if (stat(dir, &st) != 0)
    return fail(errno, err, errlen, path, NULL);
  if (!S_ISDIR(st.st_mode))
    return fail(ENOTDIR, err, errlen, path, NULL);
  if (access(dir, W_OK | X_OK) != 0)
    return fail(errno, err, errlen, path, NULL);
  return 0;
}

/* Decides how PATH is written; *TARGET (malloc'd) is the file to replace
 * for NEW_FILE and REGULAR_FILE, *ST what stat said of it. */
static int classify(const char *path, enum kind *kind, char **target,
                    struct stat *st, char *err, size_t errlen) {
  char *dir;
  int rc;
  *target = NULL;
  if ((rc = ut_path_fits(path)) != 0)
    return fail(rc, err, errlen, path[0] ? path : "\"\"", NULL);
  if (stat(path, st) == 0) {
    if (S_ISDIR(st->st_mode))
      return fail(EISDIR, err, errlen, path, NULL);
    if (!S_ISREG(st->st_mode) || is_system_path(path)) {
      *kind = IN_PLACE;
      return access(path, W_OK) != 0 ? fail(errno, err, errlen, path, NULL) : 0;
    }
    if ((*target = realpath(path, NULL)) == NULL)
      return fail(errno, err, errlen, path, NULL);
    *kind = REGULAR_FILE;
  } else {
    struct stat lst;
    if (errno != ENOENT)
      return fail(errno, err, errlen, path, NULL);
    if (lstat(path, &lst) == 0)
      return fail(ENOENT, err, errlen, path,
                  "a symbolic link to a file that does not exist");
    if (is_system_path(path))
      return fail(ENOENT, err, errlen, path, NULL);
    if ((*target = strdup(path)) == NULL)
      return fail(ENOMEM, err, errlen, path, NULL);
    *kind = NEW_FILE;
  }
  if ((dir = ut_dirname(*target)) == NULL)
    rc = fail(ENOMEM, err, errlen, path, NULL);
  else
    rc = dir_writable(dir, path, err, errlen);
  free(dir);
  if (rc != 0) {
    free(*target);
    *target = NULL;
  }
  return rc;
}

int ut_output_writes_in_place(const char *path) {
  struct stat st;
  if (is_system_path(path))
    return 1;
  return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int ut_output_check(const char *path, char *err, size_t errlen) {
  enum kind kind;
  char *target;
  struct stat st;
  const int rc = classify(path, &kind, &target, &st, err, errlen);
  free(target);
  return rc;
}

static int open_in_place(ut_output *o, const struct stat *st, char *err,
                         size_t errlen) {
  int flags = O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC;
  /* Opening a FIFO for writing blocks until someone reads it; with
   * O_NONBLOCK it fails with ENXIO instead. */
  if (S_ISFIFO(st->st_mode))
    flags |= O_NONBLOCK;
  if ((o->fd = open(o->path, flags)) < 0)
    return fail(errno, err, errlen, o->path,
                errno == ENXIO ? "no process is reading it" : NULL);
  if ((flags & O_NONBLOCK) && fcntl(o->fd, F_SETFL, O_WRONLY | O_APPEND) != 0)
    return fail(errno, err, errlen, o->path, NULL);
  return 0;
}

/* The permission bits a new file gets from open(2) with mode 0666. */
static mode_t new_file_mode(void) {
  const mode_t mask = umask(022); /* umask can only be read by setting it */
  umask(mask);
  return 0666 & ~mask;
}

static int open_tmp(ut_output *o, enum kind kind, const struct stat *st,
                    char *err, size_t errlen) {
  int rc;
  if ((o->tmp = ut_tmp_sibling(o->target, "tmp")) == NULL)
    return fail(ENOMEM, err, errlen, o->path, NULL);
  if ((o->fd = mkostemp(o->tmp, O_CLOEXEC)) < 0) {
    free(o->tmp);
    o->tmp = NULL;
    return fail(errno, err, errlen, o->path, NULL);
  }
  if ((rc = ut_cleanup_add(o->tmp)) != 0)
    return fail(rc, err, errlen, o->path, NULL);
  if (kind == REGULAR_FILE) {
    if (geteuid() == 0 && fchown(o->fd, st->st_uid, st->st_gid) != 0)
      return fail(errno, err, errlen, o->path, NULL);
    if (fchmod(o->fd, st->st_mode & 07777) != 0)
      return fail(errno, err, errlen, o->path, NULL);
  } else if (fchmod(o->fd, new_file_mode()) != 0) {
    return fail(errno, err, errlen, o->path, NULL);
  }
  return 0;
}

int ut_output_open(ut_output **out, const char *path, char *err,
                   size_t errlen) {
  ut_output *o = calloc(1, sizeof *o);
  struct stat st;
  enum kind kind;
  int rc;
  *out = NULL;
  if (o == NULL || (o->path = strdup(path)) == NULL) {
    free(o);
    return fail(ENOMEM, err, errlen, path, NULL);
  }
  o->fd = -1;
  rc = classify(path, &kind, &o->target, &st, err, errlen);
  if (rc == 0)
    rc = kind == IN_PLACE ? open_in_place(o, &st, err, errlen)
                          : open_tmp(o, kind, &st, err, errlen);
  if (rc != 0) {
    ut_output_abort(o);
    return rc;
  }
  *out = o;
  return 0;
}

int ut_output_fd(const ut_output *o) { return o->fd; }

const char *ut_output_path(const ut_output *o) {
  return o->tmp != NULL ? o->tmp : o->path;
}

int ut_output_in_place(const ut_output *o) { return o->tmp == NULL; }

static void release(ut_output *o) {
  free(o->path);
  free(o->target);
  free(o->tmp);
  free(o);
}

int ut_output_commit(ut_output *o, char *err, size_t errlen) {
  int e = 0;
  /* fsync before rename: after a crash the name holds old or new data */
  if (o->tmp != NULL && fsync(o->fd) != 0)
    e = errno;
  if (close(o->fd) != 0 && e == 0 && errno != EINTR)
    e = errno;
  o->fd = -1;
  if (e == 0 && o->tmp != NULL && rename(o->tmp, o->target) != 0)
    e = errno;
  if (e != 0) {
    fail(e, err, errlen, o->path, NULL);
    ut_output_abort(o);
    return e;
  }
  if (o->tmp != NULL)
    ut_cleanup_forget(o->tmp);
  release(o);
  return 0;
}

void ut_output_abort(ut_output *o) {
  if (o == NULL)
    return;
  if (o->fd >= 0)
    close(o->fd);
  if (o->tmp != NULL) {
    unlink(o->tmp);
    ut_cleanup_forget(o->tmp);
  }
  release(o);
}

int ut_output_write(ut_output *o, const void *data, size_t len, char *err,
                    size_t errlen) {
  const char *p = data;
  while (len > 0) {
    const ssize_t n = write(o->fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return fail(errno, err, errlen, o->path, NULL);
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

int ut_write_file(const char *path, const void *data, size_t len, char *err,
                  size_t errlen) {
  ut_output *o;
  int rc = ut_output_open(&o, path, err, errlen);
  if (rc != 0)
    return rc;
  if ((rc = ut_output_write(o, data, len, err, errlen)) != 0) {
    ut_output_abort(o);
    return rc;
  }
  return ut_output_commit(o, err, errlen);
}
