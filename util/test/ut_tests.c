/* ut_tests.c - runs one unit test of mmaplab_util by name, in a fresh
 * directory that is removed afterwards; ctest runs each in its own
 * process with a timeout. `mmaplab_util_tests --list` prints the names. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test.h"
#include "ut_cleanup.h"
#include "ut_tests.h"

static char dir[] = "/tmp/mmaplab-util-test-XXXXXX";

const char *ut_test_dir(void) { return dir; }

char *ut_test_path(const char *name) {
  char *p;
  ASSERT_GT(asprintf(&p, "%s/%s", dir, name), 0);
  return p;
}

void ut_test_put(const char *path, const char *data) {
  FILE *f = fopen(path, "w");
  ASSERT_NOT_NULL(f);
  ASSERT_GE(fputs(data, f), 0);
  ASSERT_EQ(fclose(f), 0);
}

const char *ut_test_get(const char *path) {
  static char buf[4096];
  const int fd = open(path, O_RDONLY);
  ssize_t n;
  ASSERT_GE(fd, 0);
  n = read(fd, buf, sizeof buf - 1);
  ASSERT_GE(n, 0);
  buf[n] = '\0';
  close(fd);
  return buf;
}

int ut_test_entries(void) {
  DIR *d = opendir(dir);
  const struct dirent *e;
  int n = 0;
  ASSERT_NOT_NULL(d);
  while ((e = readdir(d)) != NULL)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  closedir(d);
  return n;
}

static const test_entry tests[] = {
#define XX(name) TEST_ENTRY(name)
    UT_TEST_LIST(XX)
#undef XX
};

static void remove_dir(void) { ut_remove_tree(dir); }

/* Each test gets a fresh directory, removed when it ends. */
static void make_dir(void) {
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    exit(1);
  }
  atexit(remove_dir);
}

int main(int argc, char **argv) {
  return test_main_named(tests, sizeof tests / sizeof tests[0], argc, argv,
                         make_dir);
}
