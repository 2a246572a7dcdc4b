/* run_golden.c - the goldens on disk and their versions (run_golden.h). */
#include "run_golden.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ut_str.h"

#define PREFIX "cpython-"

/* Parses up to 3 dot-separated decimal numbers of S (each 1 to 9 digits)
 * into V; the count, or -1 when S is anything else. */
static int parse_version(const char *s, unsigned long v[3]) {
  int n = 0;
  if (*s == '\0')
    return 0;
  for (;;) {
    size_t digits = 0;
    if (n == 3)
      return -1;
    v[n] = 0;
    for (; s[digits] >= '0' && s[digits] <= '9'; digits++)
      if (digits < 9)
        v[n] = v[n] * 10 + (unsigned long)(s[digits] - '0');
    if (digits == 0 || digits > 9)
      return -1;
    n++;
    s += digits;
    if (*s == '\0')
      return n;
    if (*s++ != '.')
      return -1;
  }
}

/* -1, 0 or 1 as the first N numbers of version A are older than, equal to
 * or newer than those of B. */
static int compare(const unsigned long a[3], const unsigned long b[3], int n) {
  for (int i = 0; i < n; i++)
    if (a[i] != b[i])
      return a[i] < b[i] ? -1 : 1;
  return 0;
}

/* 1 if DIR/NAME is a directory (following symbolic links). */
static int is_dir(const char *dir, const char *name) {
  char *path = ut_xasprintf("%s/%s", dir, name);
  struct stat sb;
  const int yes = stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
  free(path);
  return yes;
}

char *cli_golden_newest(const char *dir, const char *version) {
  unsigned long want[3], best[3] = {0, 0, 0};
  char *found = NULL;
  const struct dirent *e;
  const int nwant = parse_version(version, want);
  DIR *d;
  if (nwant < 0) {
    errno = 0;
    return NULL;
  }
  if ((d = opendir(dir)) == NULL)
    return NULL;
  while ((errno = 0, e = readdir(d)) != NULL) {
    unsigned long v[3];
    if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0 ||
        parse_version(e->d_name + strlen(PREFIX), v) != 3 ||
        (nwant > 0 && compare(v, want, nwant) != 0) ||
        (found != NULL && compare(v, best, 3) <= 0) || !is_dir(dir, e->d_name))
      continue;
    free(found);
    found = ut_xstrdup(e->d_name);
    memcpy(best, v, sizeof best);
  }
  if (errno != 0) {
    const int err = errno;
    free(found);
    closedir(d);
    errno = err;
    return NULL;
  }
  closedir(d);
  errno = 0;
  return found;
}
