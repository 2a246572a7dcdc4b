/* ut_path.c - path names for the tools (ut_path.h). */
#define _GNU_SOURCE /* asprintf */
#include "ut_path.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ut_str.h"

int ut_path_fits(const char *path) {
  const char *p = path;
  if (path == NULL || *path == '\0')
    return EINVAL;
  if (strlen(path) >= PATH_MAX)
    return ENAMETOOLONG;
  while (*p != '\0') {
    const size_t n = strcspn(p, "/");
    if (n > NAME_MAX)
      return ENAMETOOLONG;
    p += n;
    p += strspn(p, "/");
  }
  return 0;
}

char *ut_dirname(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t n;
  char *dir;
  if (slash == NULL)
    return strdup(".");
  while (slash > path && slash[-1] == '/')
    slash--;
  n = slash == path ? 1 : (size_t)(slash - path);
  if ((dir = malloc(n + 1)) == NULL)
    return NULL;
  memcpy(dir, path, n);
  dir[n] = '\0';
  return dir;
}

char *ut_tmp_sibling(const char *path, const char *tag) {
  const char *slash = strrchr(path, '/');
  const char *base = slash != NULL ? slash + 1 : path;
  const size_t dirlen = (size_t)(base - path);
  /* "." + BASE + "." + TAG + "-XXXXXX" must fit NAME_MAX */
  const size_t fixed = 1 + 1 + strlen(tag) + 7;
  size_t keep = strlen(base), n;
  char *tmp;
  if (fixed >= NAME_MAX)
    return NULL;
  if (keep > NAME_MAX - fixed)
    keep = NAME_MAX - fixed;
  n = dirlen + fixed + keep + 1;
  if ((tmp = malloc(n)) == NULL)
    return NULL;
  snprintf(tmp, n, "%.*s.%.*s.%s-XXXXXX", (int)dirlen, path, (int)keep, base,
           tag);
  return tmp;
}

int ut_same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
    return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int ut_mkdirs(const char *path) {
  char *buf;
  int rc = ut_path_fits(path);
  if (rc != 0)
    return rc;
  if ((buf = strdup(path)) == NULL)
    return ENOMEM;
  for (char *p = buf + 1; *p != '\0' && rc == 0; p++) {
    if (*p != '/' || p[-1] == '/')
      continue;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
      rc = errno;
    *p = '/';
  }
  if (rc == 0 && mkdir(buf, 0777) != 0 && errno != EEXIST)
    rc = errno;
  if (rc == 0) {
    struct stat st;
    if (stat(buf, &st) != 0)
      rc = errno;
    else if (!S_ISDIR(st.st_mode))
      rc = ENOTDIR;
  }
  free(buf);
  return rc;
}

static int mkdirs_fail(int e, char *err, size_t errlen, const char *path,
                       const char *why) {
  snprintf(err, errlen, "cannot create %s: %s", path[0] ? path : "\"\"",
           why != NULL ? why : strerror(e));
  return e;
}

int ut_mkdirs_check(const char *path, char *err, size_t errlen) {
  struct stat st;
  char *up;
  int rc = ut_path_fits(path);
  if (rc != 0)
    return mkdirs_fail(rc, err, errlen, path, NULL);
  if (lstat(path, &st) == 0)
    return mkdirs_fail(EEXIST, err, errlen, path, NULL);
  if (errno != ENOENT)
    return mkdirs_fail(errno, err, errlen, path, NULL);
  /* Up to the nearest ancestor that exists ("." and "/" always do, unless
   * the working directory was removed). */
  for (up = ut_dirname(path); up != NULL && stat(up, &st) != 0;) {
    char *next;
    if (errno != ENOENT || strcmp(up, ".") == 0 || strcmp(up, "/") == 0) {
      rc = errno;
      free(up);
      return mkdirs_fail(rc, err, errlen, path, NULL);
    }
    next = ut_dirname(up);
    free(up);
    up = next;
  }
  if (up == NULL)
    return mkdirs_fail(ENOMEM, err, errlen, path, NULL);
  if (!S_ISDIR(st.st_mode))
    rc = ENOTDIR;
  else if (access(up, W_OK | X_OK) != 0)
    rc = errno;
  if (rc != 0) {
    char *why = NULL;
    if (asprintf(&why, "%s: %s", up, strerror(rc)) < 0)
      why = NULL;
    mkdirs_fail(rc, err, errlen, path, why);
    free(why);
  }
  free(up);
  return rc;
}

char *ut_self_exe(void) {
  size_t cap = 256;
  for (;;) {
    char *buf = ut_xmalloc(cap);
    const ssize_t n = readlink("/proc/self/exe", buf, cap);
    if (n < 0) {
      free(buf);
      return NULL;
    }
    if ((size_t)n < cap) {
      buf[n] = '\0';
      return buf;
    }
    free(buf);
    cap *= 2;
  }
}
