/* gate_driver.c - runs gate_cmd as `mmaplab gate` would, for the CLI
 * tests (the mmaplab dispatcher lives in cli/): gate-driver gate ARGS... */
#include <stdio.h>
#include <string.h>

#include "gate.h"

int main(int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "gate") != 0) {
    fprintf(stderr, "usage: %s gate [OPTIONS]\n", argv[0]);
    return 2;
  }
  return gate_cmd(argc - 1, argv + 1);
}
