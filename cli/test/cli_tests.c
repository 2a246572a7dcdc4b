/* cli_tests.c - runs one C unit test of cli/ by name (ctest runs each in
 * its own process with a timeout); `mmaplab_cli_tests --list` prints the
 * names. */
#include <stdio.h>
#include <string.h>

#include "cli_tests.h"
#include "test.h"

static const test_entry tests[] = {
#define XX(name) TEST_ENTRY(name)
    CLI_TEST_LIST(XX)
#undef XX
};

int main(int argc, char **argv) {
  return test_main_named(tests, sizeof tests / sizeof tests[0], argc, argv,
                         NULL);
}
