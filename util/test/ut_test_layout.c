/* ut_test_layout.c - finding the installed or build-tree layout from an
 * executable's path (ut_layout.h), on directory trees made here. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "ut_cleanup.h"
#include "ut_layout.h"
#include "ut_str.h"
#include "ut_tests.h"

static char *make_root(void) {
  char *root = ut_xstrdup("/tmp/mmaplab-ut-layout-XXXXXX");
  ASSERT_NOT_NULL(mkdtemp(root));
  return root;
}

static void mkdirs(const char *root, const char *rel) {
  char *cmd = ut_xasprintf("mkdir -p '%s/%s'", root, rel);
  ASSERT_EQ(system(cmd), 0);
  free(cmd);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  ASSERT_NOT_NULL(f);
  fputs(text, f);
  ASSERT_EQ(fclose(f), 0);
}

/* Installed: from bin/ and from libexec/mmaplab/, only with the data dir. */
TEST_IMPL(layout_installed) {
  char *root = make_root();
  char *exe = ut_xasprintf("%s/opt/bin/mmaplab", root);
  char *helper = ut_xasprintf("%s/opt/libexec/mmaplab/mmaplab-conform", root);
  char *data = ut_xasprintf("%s/opt/share/mmaplab", root);
  char *helpers = ut_xasprintf("%s/opt/libexec/mmaplab", root);
  ut_layout l;
  mkdirs(root, "opt/bin");
  mkdirs(root, "opt/libexec/mmaplab");
  /* No share/mmaplab yet: not an installed prefix, and no build tree. */
  ASSERT_EQ(ut_layout_find(exe, "bin", "libexec", "share", &l), -1);
  ASSERT_EQ(l.kind, UT_LAYOUT_NONE);
  mkdirs(root, "opt/share/mmaplab");
  ASSERT_EQ(ut_layout_find(exe, "bin", "libexec", "share", &l), 0);
  ASSERT_EQ(l.kind, UT_LAYOUT_INSTALLED);
  ASSERT_STR_EQ(l.data, data);
  ASSERT_STR_EQ(l.helpers, helpers);
  ASSERT_NULL(l.file);
  ut_layout_free(&l);
  ASSERT_EQ(ut_layout_find(helper, "bin", "libexec", "share", &l), 0);
  ASSERT_EQ(l.kind, UT_LAYOUT_INSTALLED);
  ASSERT_STR_EQ(l.data, data);
  ut_layout_free(&l);
  /* Other install directories, as configured. */
  char *exe2 = ut_xasprintf("%s/opt/sbin/mmaplab", root);
  ASSERT_EQ(ut_layout_find(exe2, "bin", "libexec", "share", &l), -1);
  ASSERT_EQ(ut_layout_find(exe2, "sbin", "libexec", "share", &l), 0);
  ut_layout_free(&l);
  /* "xbin" does not end with the component "bin". */
  char *exe3 = ut_xasprintf("%s/opt/xbin/mmaplab", root);
  ASSERT_EQ(ut_layout_find(exe3, "bin", "libexec", "share", &l), -1);
  ASSERT_EQ(ut_remove_tree(root), 0);
  free(root);
  free(exe);
  free(exe2);
  free(exe3);
  free(helper);
  free(data);
  free(helpers);
}

/* Build tree: the nearest mmaplab-layout up from the executable. */
TEST_IMPL(layout_build_tree) {
  char *root = make_root();
  char *exe = ut_xasprintf("%s/b/conformance/runner/mmaplab-conform", root);
  char *file = ut_xasprintf("%s/b/mmaplab-layout", root);
  ut_layout l;
  mkdirs(root, "b/conformance/runner");
  ASSERT_EQ(ut_layout_find(exe, "bin", "libexec", "share", &l), -1);
  /* A layout file without a source line is not one. */
  write_file(file, "# nothing\nmmaplab-bench /x/mmaplab-bench\n");
  ASSERT_EQ(ut_layout_find(exe, "bin", "libexec", "share", &l), -1);
  write_file(file, "# comment\nsource /src/with space\n"
                   "mmaplab-bench /b/bench/mmaplab-bench\n");
  ASSERT_EQ(ut_layout_find(exe, "bin", "libexec", "share", &l), 0);
  ASSERT_EQ(l.kind, UT_LAYOUT_BUILD);
  ASSERT_STR_EQ(l.data, "/src/with space");
  ASSERT_STR_EQ(l.file, file);
  ASSERT_NULL(l.helpers);
  ut_layout_free(&l);
  /* A relative or bare name is no executable path. */
  ASSERT_EQ(ut_layout_find("mmaplab", "bin", "libexec", "share", &l), -1);
  ASSERT_EQ(ut_remove_tree(root), 0);
  free(root);
  free(exe);
  free(file);
}

/* This test binary runs from the build tree: its data root holds the
 * corpus, and the helpers are named there. */
TEST_IMPL(layout_self) {
  const ut_layout *l = ut_layout_self();
  ASSERT_EQ(l->kind, UT_LAYOUT_BUILD);
  ASSERT_EQ(ut_layout_installed(), 0);
  char *util = ut_layout_data("util/ut_layout.h");
  struct stat st;
  ASSERT_EQ(stat(util, &st), 0);
  char *out = ut_layout_output("build/x", "mmaplab-x");
  ASSERT_STR_EQ(out + strlen(out) - strlen("/build/x"), "/build/x");
  ASSERT_EQ(out[0], '/');
  free(util);
  free(out);
}
