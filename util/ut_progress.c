/* ut_progress.c - progress lines on a descriptor of their own
 * (ut_progress.h). */
#include "ut_progress.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ut_num.h"
#include "ut_str.h"

int ut_progress_fd(const char *text, int *fd) {
  int64_t n;
  int flags;
  if (ut_parse_i64(text, 0, INT_MAX, &n) != 0)
    return EINVAL;
  flags = fcntl((int)n, F_GETFL);
  if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY)
    return EBADF;
  *fd = (int)n;
  return 0;
}

void ut_progress_private(int fd) {
  if (fd >= 0)
    fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

void ut_progress_write(int fd, size_t done, size_t total, const char *name) {
  static int failed;
  char *line;
  size_t len, at = 0;
  if (fd < 0 || failed)
    return;
  line = ut_xasprintf("%zu %zu %.*s\n", done, total, (int)strcspn(name, "\r\n"),
                      name);
  len = strlen(line);
  while (at < len) {
    const ssize_t n = write(fd, line + at, len - at);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      failed = 1;
      break;
    }
    at += (size_t)n;
  }
  free(line);
}

/* Reads the decimal number at *P (digits only) into *OUT and moves *P past
 * it: 1, or 0 if there is none or it overflows. */
static int number(const char **p, size_t *out) {
  size_t v = 0;
  const char *s = *p;
  if (*s < '0' || *s > '9')
    return 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    if (v > (SIZE_MAX - (size_t)(*s - '0')) / 10)
      return 0;
    v = v * 10 + (size_t)(*s - '0');
  }
  *out = v;
  *p = s;
  return 1;
}

int ut_progress_parse(const char *line, size_t *done, size_t *total,
                      const char **name) {
  const char *p = line;
  if (!number(&p, done) || *p++ != ' ' || !number(&p, total) ||
      (*p != ' ' && *p != '\0'))
    return 0;
  *name = *p == ' ' ? p + 1 : p;
  return 1;
}
