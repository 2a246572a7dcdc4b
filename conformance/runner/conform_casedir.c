/* conform_casedir.c - creating and reading back a case's files. */
#define _GNU_SOURCE
#include "conform_casedir.h"

#include "conform_sha256.h"
#include "conform_util.h"

#include "typed.h"
#include "ut_path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(int fd, const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Writes the pattern a..z repeated, SIZE bytes, in blocks. */
static int write_pattern(int fd, long long size) {
  uint8_t block[26 * 2520]; /* a multiple of 26: every block starts at 'a' */
  for (size_t i = 0; i < sizeof block; i++)
    block[i] = (uint8_t)('a' + i % 26);
  while (size > 0) {
    size_t n = size < (long long)sizeof block ? (size_t)size : sizeof block;
    if (write_all(fd, block, n) != 0)
      return -1;
    size -= (long long)n;
  }
  return 0;
}

static int make_file(const char *path, const json_t *spec) {
  const json_t *pattern = json_object_get(spec, "pattern");
  const json_t *zeros = json_object_get(spec, "zeros");
  int fd, rc = 0;
  if (json_object_get(spec, "dir") != NULL) {
    /* PATH is one new name in a fresh directory: mkdir -p makes just it */
    const int e = ut_mkdirs(path);
    errno = e;
    return e == 0 ? 0 : -1;
  }
  if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666)) < 0)
    return -1;
  if (pattern != NULL) {
    rc = write_pattern(fd, json_integer_value(pattern));
  } else if (zeros != NULL) {
    rc = ftruncate(fd, (off_t)json_integer_value(zeros)); /* sparse */
  } else {
    size_t n;
    uint8_t *data = tv_get_bytes(spec, &n);
    rc = data != NULL ? write_all(fd, data, n) : -1;
    free(data);
  }
  if (close(fd) != 0)
    rc = -1;
  return rc;
}

int cf_casedir_create(const json_t *files, char **dir, json_t **paths,
                      char **why) {
  const char *name;
  json_t *spec;
  char *d = cf_make_temp_dir("mmaplab-case");
  *why = NULL;
  if (d == NULL) /* no case can run: not a skip of this one */
    return -1;
  *paths = json_object();
  json_object_foreach((json_t *)files, name, spec) {
    char *path = ut_xasprintf("%s/%s", d, name);
    if (make_file(path, spec) != 0) {
      *why = ut_xasprintf("cannot create file %s: %s", name, strerror(errno));
      free(path);
      json_decref(*paths);
      cf_casedir_remove(d);
      free(d);
      return -1;
    }
    json_object_set_new(*paths, name, json_string(path));
    free(path);
  }
  *dir = d;
  return 0;
}

/* {"size": N, "sha256": hex} of a large file, streamed. */
static json_t *digest_file(int fd, long long size) {
  cf_sha256 s;
  uint8_t buf[65536], d[32];
  ssize_t n;
  char *hex;
  json_t *r;
  cf_sha256_init(&s);
  while ((n = read(fd, buf, sizeof buf)) != 0) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return json_pack("{ss}", "error", strerror(errno));
    cf_sha256_update(&s, buf, (size_t)n);
  }
  cf_sha256_final(&s, d);
  hex = tv_hex_encode(d, sizeof d);
  r = json_pack("{sIss}", "size", (json_int_t)size, "sha256", hex);
  free(hex);
  return r;
}

static json_t *read_back(const char *path) {
  struct stat st;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  json_t *r;
  if (fd < 0)
    return NULL;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return NULL;
  }
  if (st.st_size <= CF_FILE_INLINE_MAX) {
    uint8_t buf[CF_FILE_INLINE_MAX];
    ssize_t n = pread(fd, buf, sizeof buf, 0);
    r = tv_bytes(buf, n > 0 ? (size_t)n : 0);
  } else {
    r = digest_file(fd, (long long)st.st_size);
  }
  close(fd);
  return r;
}

json_t *cf_casedir_read(const json_t *paths) {
  json_t *out = json_object(), *path;
  const char *name;
  json_object_foreach((json_t *)paths, name, path) {
    json_t *r = read_back(json_string_value(path));
    if (r != NULL)
      json_object_set_new(out, name, r);
  }
  return out;
}

void cf_casedir_remove(const char *dir) {
  /* A failed removal only leaves a directory in $TMPDIR behind. */
  cf_remove_temp_dir(dir);
}

json_t *cf_casedir_host_paths(const json_t *paths, const char *platform) {
  json_t *out, *v;
  const char *name;
  if (strcmp(platform, "win32") != 0)
    return json_deep_copy(paths);
  /* Wine maps drive Z: to the Unix root in every prefix it creates
   * (dosdevices/z: -> /), so the file /tmp/d/f is Z:\tmp\d\f to a
   * Windows program. Passing the drive explicitly keeps the host from
   * depending on its current drive, and gives it the path a Windows
   * program expects (what CPython on Windows would be handed). */
  out = json_object();
  json_object_foreach((json_t *)paths, name, v) {
    char *w = ut_xasprintf("Z:%s", json_string_value(v));
    for (char *p = w; *p; p++)
      if (*p == '/')
        *p = '\\';
    json_object_set_new(out, name, json_string(w));
    free(w);
  }
  return out;
}
