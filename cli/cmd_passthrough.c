/* cmd_passthrough.c - `mmaplab fingerprint`, and `mmaplab conform` and
 * `mmaplab bench`, which hand over to mmaplab-conform and mmaplab-bench of
 * the same build or installed prefix (ut_layout.h finds them). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "fingerprint.h"
#include "ut_layout.h"

int cli_cmd_fingerprint(int argc, char **argv) {
  return fp_cli("mmaplab fingerprint", argc, argv);
}

/* Replaces this process with helper PROGRAM, ARGV[1...] as its
 * arguments. */
static int hand_over(const char *name, const char *program, char **argv) {
  char *path = ut_layout_helper(program);
  argv[0] = path;
  execv(path, argv);
  fprintf(stderr, "mmaplab %s: cannot run %s: %s\n", name, path,
          strerror(errno));
  free(path);
  return 2;
}

int cli_cmd_conform(int argc, char **argv) {
  (void)argc;
  return hand_over("conform", "mmaplab-conform", argv);
}

int cli_cmd_bench(int argc, char **argv) {
  (void)argc;
  return hand_over("bench", "mmaplab-bench", argv);
}
