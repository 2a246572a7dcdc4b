/* ut_layout.c - the installed or build-tree layout, from the executable. */
#define _POSIX_C_SOURCE 200809L /* getline, readlink */
#include "ut_layout.h"

#include "ut_path.h"
#include "ut_str.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MMAPLAB_INSTALL_BINDIR
#error "MMAPLAB_INSTALL_BINDIR (relative to the prefix) must be defined"
#endif

#define LAYOUT_FILE "mmaplab-layout"

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* 1 if DIR ends with the path components of TAIL ("libexec/mmaplab");
 * *PREFIX_LEN is then the length of DIR without "/TAIL". */
static int ends_with_dir(const char *dir, const char *tail,
                         size_t *prefix_len) {
  size_t d = strlen(dir), t = strlen(tail);
  if (t == 0 || d <= t || strcmp(dir + d - t, tail) != 0 ||
      dir[d - t - 1] != '/')
    return 0;
  *prefix_len = d - t - 1;
  return 1;
}

/* Installed: EXE's directory is PREFIX/BINDIR or PREFIX/LIBEXECDIR/mmaplab,
 * and PREFIX/DATADIR/mmaplab exists. */
static int find_installed(const char *dir, const char *bindir,
                          const char *libexecdir, const char *datadir,
                          ut_layout *l) {
  char *helpers_tail = ut_xasprintf("%s/mmaplab", libexecdir);
  size_t n = 0;
  int found =
      ends_with_dir(dir, bindir, &n) || ends_with_dir(dir, helpers_tail, &n);
  free(helpers_tail);
  if (!found)
    return -1;
  /* n may be 0: a prefix of "/" ("/bin/mmaplab"). */
  char *data = ut_xasprintf("%.*s/%s/mmaplab", (int)n, dir, datadir);
  if (!is_dir(data)) {
    free(data);
    return -1;
  }
  l->kind = UT_LAYOUT_INSTALLED;
  l->data = data;
  l->helpers = ut_xasprintf("%.*s/%s/mmaplab", (int)n, dir, libexecdir);
  return 0;
}

/* The value of KEY in layout file PATH (a new string), or NULL. */
static char *layout_value(const char *path, const char *key) {
  FILE *f = fopen(path, "r");
  char *line = NULL, *value = NULL;
  size_t cap = 0, k = strlen(key);
  ssize_t len;
  if (f == NULL)
    return NULL;
  while (value == NULL && (len = getline(&line, &cap, f)) > 0) {
    if (line[len - 1] == '\n')
      line[--len] = '\0';
    if ((size_t)len > k && strncmp(line, key, k) == 0 && line[k] == ' ')
      value = ut_xstrdup(line + k + 1);
  }
  free(line);
  fclose(f);
  return value;
}

/* Build tree: the first mmaplab-layout file in DIR or an ancestor. */
static int find_build_tree(const char *dir, ut_layout *l) {
  char *d = ut_xstrdup(dir);
  for (;;) {
    char *file = ut_xasprintf("%s/" LAYOUT_FILE, *d ? d : "");
    char *source = layout_value(file, "source");
    if (source != NULL) {
      l->kind = UT_LAYOUT_BUILD;
      l->data = source;
      l->file = file;
      free(d);
      return 0;
    }
    free(file);
    char *slash = strrchr(d, '/');
    if (slash == NULL || *d == '\0') {
      free(d);
      return -1;
    }
    *slash = '\0';
  }
}

int ut_layout_find(const char *exe, const char *bindir, const char *libexecdir,
                   const char *datadir, ut_layout *l) {
  memset(l, 0, sizeof *l);
  const char *slash = strrchr(exe, '/');
  if (slash == NULL)
    return -1;
  char *dir = ut_xasprintf("%.*s", (int)(slash - exe), exe);
  int rc = find_installed(dir, bindir, libexecdir, datadir, l);
  if (rc != 0)
    rc = find_build_tree(dir, l);
  free(dir);
  return rc;
}

void ut_layout_free(ut_layout *l) {
  free(l->data);
  free(l->helpers);
  free(l->file);
  memset(l, 0, sizeof *l);
}

static ut_layout self_layout;
static int self_found;

const ut_layout *ut_layout_self(void) {
  if (self_found)
    return &self_layout;
  char *exe = ut_self_exe();
  if (exe == NULL) {
    fprintf(stderr, "mmaplab: cannot find its own executable: %s\n",
            strerror(errno));
    exit(2);
  }
  if (ut_layout_find(exe, MMAPLAB_INSTALL_BINDIR, MMAPLAB_INSTALL_LIBEXECDIR,
                     MMAPLAB_INSTALL_DATADIR, &self_layout) != 0) {
    fprintf(stderr,
            "mmaplab: %s is neither in an installed prefix (with %s/mmaplab) "
            "nor in a build tree (with " LAYOUT_FILE "): a broken install\n",
            exe, MMAPLAB_INSTALL_DATADIR);
    free(exe);
    exit(2);
  }
  free(exe);
  self_found = 1;
  return &self_layout;
}

char *ut_layout_data(const char *rel) {
  return ut_xasprintf("%s/%s", ut_layout_self()->data, rel);
}

char *ut_layout_helper(const char *name) {
  const ut_layout *l = ut_layout_self();
  if (l->kind == UT_LAYOUT_INSTALLED)
    return ut_xasprintf("%s/%s", l->helpers, name);
  char *path = layout_value(l->file, name);
  if (path == NULL) {
    fprintf(stderr, "mmaplab: this build has no %s (see %s)\n", name, l->file);
    exit(2);
  }
  return path;
}

char *ut_layout_output(const char *rel_in_tree, const char *name) {
  if (ut_layout_installed())
    return ut_xstrdup(name);
  return ut_layout_data(rel_in_tree);
}

int ut_layout_installed(void) {
  return ut_layout_self()->kind == UT_LAYOUT_INSTALLED;
}
