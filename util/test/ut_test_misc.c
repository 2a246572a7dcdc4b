/* ut_test_misc.c - numeric options (ut_num.h) and paths (ut_path.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "ut_num.h"
#include "ut_path.h"
#include "ut_tests.h"

TEST_IMPL(num_i64) {
  int64_t v = 7;
  ASSERT_EQ(ut_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v), 0);
  ASSERT_EQ(v, INT64_MAX);
  ASSERT_EQ(ut_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v), 0);
  ASSERT_EQ(v, INT64_MIN);
  ASSERT_EQ(ut_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v),
            ERANGE);
  ASSERT_EQ(ut_parse_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &v),
            ERANGE);
  ASSERT_EQ(ut_parse_i64("-1", 0, 10, &v), ERANGE);
  ASSERT_EQ(ut_parse_i64("11", 0, 10, &v), ERANGE);
  ASSERT_EQ(v, INT64_MIN); /* untouched by the errors */
  ASSERT_EQ(ut_parse_i64("", 0, 10, &v), EINVAL);
  ASSERT_EQ(ut_parse_i64(" 5", 0, 10, &v), EINVAL);
  ASSERT_EQ(ut_parse_i64("5x", 0, 10, &v), EINVAL);
  ASSERT_EQ(ut_parse_i64("0x5", 0, 10, &v), EINVAL);
  ASSERT_EQ(ut_parse_i64("+5", 0, 10, &v), 0);
  ASSERT_EQ(v, 5);
}

TEST_IMPL(num_u64) {
  uint64_t v = 0;
  ASSERT_EQ(ut_parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
  ASSERT_U64(v, ==, UINT64_MAX);
  ASSERT_EQ(ut_parse_u64("18446744073709551616", 0, UINT64_MAX, &v), ERANGE);
  ASSERT_EQ(ut_parse_u64("99999999999999999999999", 0, UINT64_MAX, &v), ERANGE);
  ASSERT_EQ(ut_parse_u64("-1", 0, UINT64_MAX, &v), EINVAL);
  ASSERT_EQ(ut_parse_u64("+1", 0, UINT64_MAX, &v), EINVAL);
  ASSERT_EQ(ut_parse_u64("0", 1, 10, &v), ERANGE);
}

TEST_IMPL(num_double) {
  double v = 0;
  ASSERT_EQ(ut_parse_double("0.5", 0, 10, &v), 0);
  ASSERT_DBL(v, ==, 0.5);
  ASSERT_EQ(ut_parse_double(".5", 0, 10, &v), 0);
  ASSERT_EQ(ut_parse_double("1e3", 0, 1e9, &v), 0);
  ASSERT_DBL(v, ==, 1000);
  ASSERT_EQ(ut_parse_double("nan", 0, 10, &v), EINVAL);
  ASSERT_EQ(ut_parse_double("inf", 0, 10, &v), EINVAL);
  ASSERT_EQ(ut_parse_double("1e999", 0, 10, &v), ERANGE);
  ASSERT_EQ(ut_parse_double("0x10", 0, 100, &v), EINVAL);
  ASSERT_EQ(ut_parse_double("-0.5", 0, 10, &v), ERANGE);
  ASSERT_EQ(ut_parse_double("1s", 0, 10, &v), EINVAL);
}

TEST_IMPL(path_fits) {
  char name[NAME_MAX + 2];
  char *p;
  memset(name, 'a', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  ASSERT_EQ(ut_path_fits(name), ENAMETOOLONG);
  name[NAME_MAX] = '\0';
  ASSERT_EQ(ut_path_fits(name), 0);
  ASSERT_GT(asprintf(&p, "/x//%s/", name), 0);
  ASSERT_EQ(ut_path_fits(p), 0);
  free(p);
  ASSERT_EQ(ut_path_fits(""), EINVAL);
  p = malloc(PATH_MAX + 1);
  ASSERT_NOT_NULL(p);
  for (int i = 0; i < PATH_MAX; i++)
    p[i] = i % 100 == 0 ? '/' : 'b';
  p[PATH_MAX] = '\0';
  ASSERT_EQ(ut_path_fits(p), ENAMETOOLONG);
  free(p);
}

TEST_IMPL(path_tmp_sibling) {
  char name[NAME_MAX + 1], *t, *p;
  t = ut_tmp_sibling("dir/sub/out.json", "tmp");
  ASSERT_STR_EQ(t, "dir/sub/.out.json.tmp-XXXXXX");
  free(t);
  t = ut_tmp_sibling("out.json", "work");
  ASSERT_STR_EQ(t, ".out.json.work-XXXXXX");
  free(t);
  memset(name, 'n', NAME_MAX);
  name[NAME_MAX] = '\0';
  ASSERT_GT(asprintf(&p, "/d/%s", name), 0);
  t = ut_tmp_sibling(p, "tmp");
  ASSERT_EQ(strlen(strrchr(t, '/') + 1), NAME_MAX);
  ASSERT_EQ(strncmp(t, "/d/.nnn", 7), 0);
  free(t);
  free(p);
}

TEST_IMPL(path_same_file) {
  char *a = ut_test_path("a"), *b = ut_test_path("b"), *alias;
  const char *dir = ut_test_dir();
  ut_test_put(a, "a");
  ut_test_put(b, "b");
  ASSERT_GT(asprintf(&alias, "%s//./a", dir), 0);
  ASSERT_EQ(ut_same_file(a, alias), 1);
  ASSERT_EQ(ut_same_file(a, b), 0);
  ASSERT_EQ(ut_same_file(a, "/no/such/file"), 0);
  free(a);
  free(b);
  free(alias);
}

TEST_IMPL(path_mkdirs) {
  char name[NAME_MAX + 2], *p, *top;
  top = ut_test_path("x");
  ASSERT_GT(asprintf(&p, "%s/y//z/", top), 0);
  ASSERT_EQ(ut_mkdirs(p), 0);
  ASSERT_EQ(ut_mkdirs(p), 0);
  free(p);
  /* a name that is too long deep down leaves no parents behind */
  memset(name, 'n', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  ASSERT_GT(asprintf(&p, "%s/new/parents/%s", ut_test_dir(), name), 0);
  ASSERT_EQ(ut_mkdirs(p), ENAMETOOLONG);
  free(p);
  ASSERT_GT(asprintf(&p, "%s/new", ut_test_dir()), 0);
  ASSERT_EQ(access(p, F_OK), -1);
  free(p);
  ASSERT_GT(asprintf(&p, "%s/a-file", ut_test_dir()), 0);
  ut_test_put(p, "");
  ASSERT_EQ(ut_mkdirs(p), ENOTDIR);
  free(p);
  free(top);
}

TEST_IMPL(path_mkdirs_check) {
  char name[NAME_MAX + 2], err[PATH_MAX + 128], *p, *file;
  ASSERT_GT(asprintf(&p, "%s/new/parents/leaf", ut_test_dir()), 0);
  ASSERT_EQ(ut_mkdirs_check(p, err, sizeof err), 0);
  free(p);
  ASSERT_EQ(ut_mkdirs_check(ut_test_dir(), err, sizeof err), EEXIST);
  ASSERT_MEM_EQ(err, "cannot create ", strlen("cannot create "));
  /* a name too long deep down, a file as an ancestor */
  memset(name, 'n', sizeof name - 1);
  name[sizeof name - 1] = '\0';
  ASSERT_GT(asprintf(&p, "%s/new/%s/leaf", ut_test_dir(), name), 0);
  ASSERT_EQ(ut_mkdirs_check(p, err, sizeof err), ENAMETOOLONG);
  free(p);
  file = ut_test_path("a-file");
  ut_test_put(file, "");
  ASSERT_GT(asprintf(&p, "%s/below/leaf", file), 0);
  ASSERT_EQ(ut_mkdirs_check(p, err, sizeof err), ENOTDIR);
  free(p);
  free(file);
  /* nothing was created: the file above is all there is */
  ASSERT_EQ(ut_test_entries(), 1);
  if (geteuid() != 0) { /* root may write anywhere */
    ASSERT_EQ(ut_mkdirs_check("/proc/new-dir/leaf", err, sizeof err), EACCES);
  }
}
