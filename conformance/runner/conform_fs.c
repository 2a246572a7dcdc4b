/* conform_fs.c - files and directories: output files (util/ut_output.h),
 * JSON loading, listing, temporary directories. */
#define _GNU_SOURCE
#include "conform_util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ut_cleanup.h"
#include "ut_output.h"
#include "ut_path.h"

int cf_is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int cf_is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cf_write_file(const char *path, const char *data, size_t len) {
  char err[PATH_MAX + 128];
  char *dir = ut_dirname(path);
  int rc;
  if (dir == NULL) {
    cf_error("cannot write %s: %s", path, strerror(ENOMEM));
    return -1;
  }
  rc = ut_mkdirs(dir);
  if (rc != 0)
    cf_error("cannot create directory %s: %s", dir, strerror(rc));
  free(dir);
  if (rc != 0)
    return -1;
  if (ut_write_file(path, data, len, err, sizeof err) != 0) {
    cf_error("%s", err);
    return -1;
  }
  return 0;
}

int cf_write_json(const char *path, const json_t *json, size_t flags) {
  char *text = json_dumps(json, flags);
  int rc;
  if (text == NULL) {
    cf_error("cannot serialise %s", path);
    return -1;
  }
  ut_str s = {0};
  ut_str_add(&s, text);
  ut_str_add(&s, "\n");
  free(text);
  rc = cf_write_file(path, s.data, s.len);
  free(s.data);
  return rc;
}

json_t *cf_load_json(const char *path) {
  json_error_t e;
  json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
  if (j == NULL) {
    if (e.line < 1)
      cf_error("%s: %s", path, e.text);
    else
      cf_error("%s:%d:%d: %s", path, e.line, e.column, e.text);
  }
  return j;
}

int cf_remove_temp_dir(const char *path) {
  const int rc = ut_remove_tree(path);
  ut_cleanup_forget(path);
  return rc == 0 ? 0 : -1;
}

char *cf_make_temp_dir(const char *prefix) {
  const char *base = getenv("TMPDIR");
  char *path;
  int rc;
  if (base == NULL || *base == '\0')
    base = "/tmp";
  path = ut_xasprintf("%s/%s-XXXXXX", base, prefix);
  if (mkdtemp(path) == NULL) {
    cf_error("cannot create a temporary directory in %s: %s", base,
             strerror(errno));
    free(path);
    return NULL;
  }
  /* A fatal signal removes it (and what is in it) too. */
  if ((rc = ut_cleanup_add(path)) != 0) {
    cf_error("cannot create a temporary directory in %s: %s", base,
             strerror(rc));
    ut_remove_tree(path);
    free(path);
    return NULL;
  }
  return path;
}

typedef struct file_list {
  char **v;
  size_t n, cap;
} file_list;

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int list_into(const char *dir, const char *suffix, int recurse,
                     file_list *l) {
  DIR *d = opendir(dir);
  struct dirent *e;
  if (d == NULL) {
    cf_error("cannot read directory %s: %s", dir, strerror(errno));
    return -1;
  }
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') /* ., .., and hidden files (editor backups) */
      continue;
    char *path = ut_xasprintf("%s/%s", dir, e->d_name);
    if (recurse && cf_is_dir(path)) {
      int rc = list_into(path, suffix, recurse, l);
      free(path);
      if (rc != 0) {
        closedir(d);
        return -1;
      }
    } else if (ends_with(e->d_name, suffix) && cf_is_file(path)) {
      if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = ut_xrealloc(l->v, l->cap * sizeof *l->v);
      }
      l->v[l->n++] = path;
    } else {
      free(path);
    }
  }
  closedir(d);
  return 0;
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

long cf_list_files(const char *dir, const char *suffix, int recurse,
                   char ***out) {
  file_list l = {0};
  if (list_into(dir, suffix, recurse, &l) != 0) {
    cf_free_strings(l.v, l.n);
    return -1;
  }
  /* Sorted, so that the corpus order and every output is reproducible. */
  if (l.n > 0)
    qsort(l.v, l.n, sizeof *l.v, compare_strings);
  *out = l.v;
  return (long)l.n;
}

int cf_check_out_dir(const char *opt, const char *dir, const char *const *names,
                     size_t n) {
  char err[PATH_MAX + 128];
  struct stat st;
  int rc = ut_path_fits(dir);
  if (rc == 0 && stat(dir, &st) == 0)
    rc = !S_ISDIR(st.st_mode)            ? ENOTDIR
         : access(dir, W_OK | X_OK) != 0 ? errno
                                         : 0;
  else if (rc == 0 && errno != ENOENT)
    rc = errno;
  else if (rc == 0) /* missing: ut_mkdirs must be able to create it */
    rc = ut_mkdirs_check(dir, err, sizeof err);
  if (rc != 0) {
    cf_error("%s %s: %s", opt, dir, strerror(rc));
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    char *path = ut_xasprintf("%s/%s", dir, names[i]);
    if ((rc = ut_path_fits(path)) != 0)
      cf_error("%s %s: %s: %s", opt, dir, names[i], strerror(rc));
    else if (lstat(path, &st) == 0 &&
             (rc = ut_output_check(path, err, sizeof err)) != 0)
      cf_error("%s %s: %s", opt, dir, err);
    free(path);
    if (rc != 0)
      return -1;
  }
  return 0;
}
