/* cli_tests.c - runs one C unit test of cli/ by name (ctest runs each in
 * its own process with a timeout); `mmaplab_cli_tests --list` prints the
 * names. */
#include <stdio.h>
#include <string.h>

#include "cli_tests.h"

static const struct {
  const char *name;
  void (*fn)(void);
} tests[] = {
#define XX(name) {#name, test_##name},
    CLI_TEST_LIST(XX)
#undef XX
};

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
      puts(tests[i].name);
    return 0;
  }
  for (size_t i = 0; argc == 2 && i < sizeof tests / sizeof tests[0]; i++)
    if (strcmp(tests[i].name, argv[1]) == 0) {
      tests[i].fn();
      return 0;
    }
  fprintf(stderr, "usage: mmaplab_cli_tests NAME | --list (no test %s)\n",
          argc == 2 ? argv[1] : "named");
  return 2;
}
