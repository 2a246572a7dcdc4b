/* gate_write.c - atomic output files (gate_write.h). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fsync, fchmod */
#include "gate_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *mml_gate_stage(const char *path, const char *data, size_t len, char *err,
                     size_t errlen) {
  const size_t n = strlen(path) + sizeof ".tmp.XXXXXX";
  char *tmp = malloc(n);
  size_t done = 0;
  int fd, e = 0;
  if (tmp == NULL) {
    snprintf(err, errlen, "%s: out of memory", path);
    return NULL;
  }
  snprintf(tmp, n, "%s.tmp.XXXXXX", path);
  if ((fd = mkstemp(tmp)) < 0) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    free(tmp);
    return NULL;
  }
  while (done < len && e == 0) {
    const ssize_t w = write(fd, data + done, len - done);
    if (w > 0)
      done += (size_t)w;
    else if (w < 0 && errno != EINTR)
      e = errno;
  }
  if (e == 0 && (fchmod(fd, 0644) != 0 || fsync(fd) != 0))
    e = errno;
  if (close(fd) != 0 && e == 0)
    e = errno;
  if (e != 0) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
    mml_gate_discard(tmp);
    return NULL;
  }
  return tmp;
}

int mml_gate_commit(char *tmp, const char *path, char *err, size_t errlen) {
  if (rename(tmp, path) != 0) {
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    mml_gate_discard(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

void mml_gate_discard(char *tmp) {
  if (tmp != NULL)
    unlink(tmp);
  free(tmp);
}

int mml_gate_write_atomic(const char *path, const char *data, size_t len,
                          char *err, size_t errlen) {
  char *tmp = mml_gate_stage(path, data, len, err, errlen);
  return tmp != NULL ? mml_gate_commit(tmp, path, err, errlen) : -1;
}

char *mml_gate_read_all(const char *path, size_t *len, char *err,
                        size_t errlen) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  if (f == NULL) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return NULL;
  }
  for (;;) {
    size_t got;
    if (cap - n < 4096) {
      char *p = realloc(buf, cap = cap * 2 + 65536);
      if (p == NULL) {
        snprintf(err, errlen, "%s: out of memory", path);
        goto fail;
      }
      buf = p;
    }
    got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  if (ferror(f)) {
    snprintf(err, errlen, "%s: read error", path);
    goto fail;
  }
  fclose(f);
  buf[n] = '\0';
  *len = n;
  return buf;
fail:
  free(buf);
  fclose(f);
  return NULL;
}
