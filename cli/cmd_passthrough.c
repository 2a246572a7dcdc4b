/* cmd_passthrough.c - `mmaplab fingerprint`, and `mmaplab conform` and
 * `mmaplab bench`, which hand over to mmaplab-conform and mmaplab-bench of
 * the same build (their paths are compiled in by cli/CMakeLists.txt). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "fingerprint.h"

int cli_cmd_fingerprint(int argc, char **argv) {
  return fp_cli("mmaplab fingerprint", argc, argv);
}

/* Replaces this process with PATH, ARGV[1...] as its arguments. */
static int hand_over(const char *name, const char *path, char **argv) {
  argv[0] = (char *)path;
  execv(path, argv);
  fprintf(stderr, "mmaplab %s: cannot run %s: %s\n", name, path,
          strerror(errno));
  return 2;
}

int cli_cmd_conform(int argc, char **argv) {
  (void)argc;
  return hand_over("conform", MML_CONFORM_EXE, argv);
}

int cli_cmd_bench(int argc, char **argv) {
  (void)argc;
  return hand_over("bench", MML_BENCH_EXE, argv);
}
