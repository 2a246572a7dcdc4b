/* test_run_golden.c - choosing goldens from the directory on disk
 * (run_golden.h): versions compare as numbers, prefixes match whole
 * numbers, and whatever else the directory holds is passed over. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_tests.h"
#include "run_golden.h"
#include "test.h"
#include "ut_cleanup.h"

static char dir[] = "/tmp/mmaplab-cli-test-XXXXXX";

static void remove_dir(void) { ut_remove_tree(dir); }

/* A fresh directory holding a subdirectory for each name of NAMES. */
static const char *goldens(const char *const *names) {
  ASSERT_NOT_NULL(mkdtemp(dir));
  atexit(remove_dir);
  for (; *names != NULL; names++) {
    char *p;
    ASSERT_GT(asprintf(&p, "%s/%s", dir, *names), 0);
    ASSERT_EQ(mkdir(p, 0777), 0);
    free(p);
  }
  return dir;
}

/* cli_golden_newest(D, VERSION) is WANT (NULL: none, with errno 0). */
static void expect(const char *d, const char *version, const char *want) {
  char *got;
  errno = EINVAL;
  got = cli_golden_newest(d, version);
  ASSERT_STR_EQ(got, want);
  if (got == NULL)
    ASSERT_EQ(errno, 0);
  free(got);
}

TEST_IMPL(golden_numeric_order) {
  static const char *const names[] = {"cpython-3.9.18", "cpython-3.10.13",
                                      "cpython-3.8.18", NULL};
  const char *d = goldens(names);
  /* As strings, 3.9.18 would sort last. */
  expect(d, "", "cpython-3.10.13");
  expect(d, "3", "cpython-3.10.13");
}

TEST_IMPL(golden_version_prefix) {
  static const char *const names[] = {"cpython-3.11.2",  "cpython-3.11.7",
                                      "cpython-3.1.5",   "cpython-3.110.0",
                                      "cpython-3.11.10", NULL};
  const char *d = goldens(names);
  expect(d, "3.11", "cpython-3.11.10");
  expect(d, "3.1", "cpython-3.1.5"); /* not 3.11.x nor 3.110.0 */
  expect(d, "3.11.2", "cpython-3.11.2");
  expect(d, "3.11.7", "cpython-3.11.7");
  expect(d, "3.11.3", NULL);
  expect(d, "3.12", NULL);
  expect(d, "2", NULL);
  expect(d, "", "cpython-3.110.0");
}

TEST_IMPL(golden_ignores_non_goldens) {
  static const char *const names[] = {"cpython-3.13.0",
                                      "cpython-3.14.0rc1",
                                      "cpython-3.14",
                                      "cpython-3.14.0.1",
                                      "cpython-x.y.z",
                                      "cpython-3.14.",
                                      "cpython-.3.14.0",
                                      "cpython-3..14",
                                      "cpython-+3.14.0",
                                      "pypy-3.14.0",
                                      "README",
                                      "cpython-",
                                      NULL};
  const char *d = goldens(names);
  char *p;
  /* A file, and a link to nothing, are not goldens; a link to a golden
   * directory is one. */
  ASSERT_GT(asprintf(&p, "%s/cpython-3.99.0", d), 0);
  fclose(fopen(p, "w"));
  free(p);
  ASSERT_GT(asprintf(&p, "%s/cpython-3.98.0", d), 0);
  ASSERT_EQ(symlink("nowhere", p), 0);
  free(p);
  expect(d, "", "cpython-3.13.0");
  expect(d, "3.14", NULL);
  ASSERT_GT(asprintf(&p, "%s/cpython-3.15.1", d), 0);
  ASSERT_EQ(symlink("cpython-3.13.0", p), 0);
  free(p);
  expect(d, "", "cpython-3.15.1");
}

TEST_IMPL(golden_bad_version) {
  static const char *const names[] = {"cpython-3.13.0", NULL};
  const char *d = goldens(names);
  static const char *const bad[] = {
      "3.13.0rc1", "3.x", "3..13", ".3", "3.", "3.13.0.0",   "-3",
      "+3",        " 3",  "3 ",    "a",  ".",  "1234567890", NULL};
  for (const char *const *v = bad; *v != NULL; v++)
    expect(d, *v, NULL);
}

TEST_IMPL(golden_none_or_unreadable) {
  static const char *const names[] = {NULL};
  const char *d = goldens(names);
  char *missing;
  expect(d, "", NULL); /* an empty directory */
  ASSERT_GT(asprintf(&missing, "%s/no-such-dir", d), 0);
  errno = 0;
  ASSERT_NULL(cli_golden_newest(missing, ""));
  ASSERT_EQ(errno, ENOENT);
  free(missing);
}

TEST_IMPL(golden_extreme_versions) {
  static const char *const names[] = {
      "cpython-999999999.999999999.999999999",
      "cpython-1000000000.0.0", /* ten digits: not a golden */
      "cpython-0.0.0", NULL};
  const char *d = goldens(names);
  expect(d, "", "cpython-999999999.999999999.999999999");
  expect(d, "999999999", "cpython-999999999.999999999.999999999");
  expect(d, "0", "cpython-0.0.0");
  expect(d, "1000000000", NULL);
}
