/* ut_input.c - input files read once, whole, within a size limit
 * (ut_input.h). */
#define _POSIX_C_SOURCE 200809L
#include "ut_input.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int ut_input_kind_ok(const struct stat *st) {
  return S_ISREG(st->st_mode) || S_ISFIFO(st->st_mode);
}

static int fail(int e, char *err, size_t errlen, const char *path,
                const char *why) {
  snprintf(err, errlen, "%s: %s", path, why != NULL ? why : strerror(e));
  return e;
}

static int kind_error(const struct stat *st, char *err, size_t errlen,
                      const char *path) {
  if (S_ISDIR(st->st_mode))
    return fail(EISDIR, err, errlen, path, NULL);
  return fail(EINVAL, err, errlen, path,
              S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)
                  ? "a device, not a regular file or a pipe"
                  : "not a regular file or a pipe");
}

/* Reads FD to its end. A pipe is opened non-blocking (so that a FIFO with
 * no writer reads as empty at once); EAGAIN then means a writer exists but
 * has not written yet: wait for it with poll. */
static int read_all(int fd, size_t max, char **data, size_t *len) {
  size_t cap = 0, n = 0;
  char *buf = NULL;
  for (;;) {
    ssize_t got;
    if (cap - n < 65536) {
      const size_t want = cap < 65536 ? 65536 * 2 : cap * 2;
      char *p = realloc(buf, want > max + 2 ? max + 2 : want);
      if (p == NULL) {
        free(buf);
        return ENOMEM;
      }
      buf = p;
      cap = want > max + 2 ? max + 2 : want;
    }
    got = read(fd, buf + n, cap - n - 1);
    if (got > 0) {
      n += (size_t)got;
      if (n > max) {
        free(buf);
        return EFBIG;
      }
    } else if (got == 0) {
      break;
    } else if (errno == EAGAIN) {
      struct pollfd p = {.fd = fd, .events = POLLIN};
      if (poll(&p, 1, -1) < 0 && errno != EINTR) {
        free(buf);
        return errno;
      }
    } else if (errno != EINTR) {
      const int e = errno;
      free(buf);
      return e;
    }
  }
  buf[n] = '\0';
  *data = buf;
  *len = n;
  return 0;
}

int ut_read_input(const char *path, size_t max, char **data, size_t *len,
                  char *err, size_t errlen) {
  struct stat st;
  int fd, rc;
  char why[64];
  *data = NULL;
  *len = 0;
  /* stat first: opening a FIFO or a device has effects of its own */
  if (stat(path, &st) != 0)
    return fail(errno, err, errlen, path, NULL);
  if (!ut_input_kind_ok(&st))
    return kind_error(&st, err, errlen, path);
  if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max)
    goto too_big;
  fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
                      (S_ISFIFO(st.st_mode) ? O_NONBLOCK : 0));
  if (fd < 0)
    return fail(errno, err, errlen, path, NULL);
  if (fstat(fd, &st) != 0 || !ut_input_kind_ok(&st)) { /* swapped meanwhile */
    rc = errno;
    close(fd);
    return rc != 0 ? fail(rc, err, errlen, path, NULL)
                   : kind_error(&st, err, errlen, path);
  }
  rc = read_all(fd, max, data, len);
  close(fd);
  if (rc == EFBIG)
    goto too_big;
  return rc != 0 ? fail(rc, err, errlen, path, NULL) : 0;
too_big:
  snprintf(why, sizeof why, "larger than the input limit of %zu bytes", max);
  return fail(EFBIG, err, errlen, path, why);
}
