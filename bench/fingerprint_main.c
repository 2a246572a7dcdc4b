/* fingerprint_main.c - mmaplab-fingerprint: print this machine's fingerprint.
 *
 *   mmaplab-fingerprint [--dir DIR] [--compact]
 *
 * Prints the fingerprint JSON (fingerprint.h) on stdout; DIR is the
 * directory of the test files whose filesystem is recorded (default: the
 * current directory). Exit status: 0 printed, 2 misuse or error (one line
 * on stderr, nothing on stdout).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fingerprint.h"

static const char usage[] =
    "usage: mmaplab-fingerprint [--dir DIR] [--compact]\n"
    "Prints this machine's benchmark fingerprint as JSON.\n"
    "  --dir DIR   directory of the test files (default: .)\n"
    "  --compact   one line instead of indented JSON\n";

static int misuse(const char *what, const char *arg) {
  fprintf(stderr, "mmaplab-fingerprint: %s%s%s (see --help)\n", what,
          arg ? ": " : "", arg ? arg : "");
  return 2;
}

int main(int argc, char **argv) {
  const char *dir = ".";
  size_t flags = JSON_INDENT(2);
  struct stat st;
  json_t *fp;
  char *text;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage, stdout);
      return 0;
    } else if (strcmp(argv[i], "--dir") == 0) {
      if (++i == argc)
        return misuse("--dir needs a directory", NULL);
      dir = argv[i];
    } else if (strcmp(argv[i], "--compact") == 0) {
      flags = JSON_COMPACT;
    } else {
      return misuse("unknown argument", argv[i]);
    }
  }
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return misuse("not a directory", dir);
  fp = mml_bench_fingerprint(dir);
  /* The whole text first, so an error never leaves half a JSON object. */
  text = fp ? json_dumps(fp, flags) : NULL;
  json_decref(fp);
  if (text == NULL) {
    fprintf(stderr, "mmaplab-fingerprint: out of memory\n");
    return 2;
  }
  if (puts(text) == EOF || fflush(stdout) != 0) {
    free(text);
    fprintf(stderr, "mmaplab-fingerprint: cannot write to stdout\n");
    return 2;
  }
  free(text);
  return 0;
}
