/* conform_unit_tests.c - runs the runner's unit tests.
 *
 *   mmaplab_conform_unit_tests NAME DATADIR   run one test
 *   mmaplab_conform_unit_tests all DATADIR    run every test
 *
 * Exit status: 0 passed, 2 misuse; a failed assertion aborts (test.h).
 */
#include "conform_test.h"

#include "conform_hello.h"

#include <stdlib.h>

static const struct {
  const char *name;
  void (*fn)(const char *);
} tests[] = {
#define XX(name) {#name, cf_test_##name},
    CF_TEST_LIST(XX)
#undef XX
};

void cf_test_hello(cf_hello *h) {
  static const char text[] =
      "{\"type\": \"hello\", \"protocol\": 1, \"host\": \"test\", "
      "\"implementation\": \"cpython\", \"version\": \"3.13.0\", "
      "\"platform\": \"linux\", \"machine\": \"x86_64\", \"pagesize\": 4096, "
      "\"allocationgranularity\": 4096, \"maxsize\": "
      "\"9223372036854775807\", \"constants\": {\"PROT_READ\": 1, "
      "\"PROT_WRITE\": 2, \"MAP_SHARED\": 1, \"BIG\": {\"int\": "
      "\"18446744073709551616\"}}, \"features\": [\"sequence\", \"repr\"]}";
  char why[200];
  json_t *msg = json_loads(text, 0, NULL);
  if (msg == NULL || cf_hello_parse(msg, h, why, sizeof why) != 0) {
    fprintf(stderr, "test hello does not parse: %s\n", why);
    abort();
  }
  json_decref(msg);
}

int main(int argc, char **argv) {
  int ran = 0;
  if (argc != 3) {
    fprintf(stderr, "usage: %s NAME|all DATADIR\n", argv[0]);
    return 2;
  }
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
    if (strcmp(argv[1], "all") != 0 && strcmp(argv[1], tests[i].name) != 0)
      continue;
    tests[i].fn(argv[2]);
    printf("%s: ok\n", tests[i].name);
    ran++;
  }
  if (ran == 0) {
    fprintf(stderr, "no test named %s\n", argv[1]);
    return 2;
  }
  return 0;
}
