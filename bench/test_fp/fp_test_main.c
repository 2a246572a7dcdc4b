/* fp_test_main.c - runs one test of fp_tests.h by name.
 *
 *   mmaplab_bench_fp_tests NAME [ARG]   run NAME; exit 0 pass, 77 skip, abort
 * fail mmaplab_bench_fp_tests --list       print the names
 *
 * ctest gives each test its own process and timeout; misuse exits 2.
 */
#include <stdio.h>
#include <string.h>

#include "fp_tests.h"

static const struct {
  const char *name;
  int (*fn)(const char *arg);
} tests[] = {
#define XX(name) {#name, fp_test_##name},
    FP_TEST_LIST(XX)
#undef XX
};

int main(int argc, char **argv) {
  const size_t n = sizeof tests / sizeof tests[0];
  if (argc == 2 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < n; i++)
      puts(tests[i].name);
    return 0;
  }
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: mmaplab_bench_fp_tests NAME [ARG] | --list\n");
    return 2;
  }
  for (size_t i = 0; i < n; i++) {
    if (strcmp(argv[1], tests[i].name) == 0) {
      int rc = tests[i].fn(argc == 3 ? argv[2] : NULL);
      fflush(NULL);
      return rc;
    }
  }
  fprintf(stderr, "mmaplab_bench_fp_tests: no test named %s\n", argv[1]);
  return 2;
}
