/* fingerprint_cli.c - the fingerprint as a command line program, shared by
 * mmaplab-fingerprint and `mmaplab fingerprint` (fingerprint.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fingerprint.h"

static int misuse(const char *prog, const char *what, const char *arg) {
  fprintf(stderr, "%s: %s%s%s (see --help)\n", prog, what, arg ? ": " : "",
          arg ? arg : "");
  return 2;
}

int fp_cli(const char *prog, int argc, char **argv) {
  const char *dir = ".";
  size_t flags = JSON_INDENT(2);
  struct stat st;
  json_t *fp;
  char *text;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      printf("usage: %s [--dir DIR] [--compact]\n"
             "Prints this machine's benchmark fingerprint as JSON.\n"
             "  --dir DIR   directory of the test files (default: .)\n"
             "  --compact   one line instead of indented JSON\n",
             prog);
      return 0;
    } else if (strcmp(argv[i], "--dir") == 0) {
      if (++i == argc)
        return misuse(prog, "--dir needs a directory", NULL);
      dir = argv[i];
    } else if (strcmp(argv[i], "--compact") == 0) {
      flags = JSON_COMPACT;
    } else {
      return misuse(prog, "unknown argument", argv[i]);
    }
  }
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return misuse(prog, "not a directory", dir);
  fp = fp_fingerprint(dir);
  /* The whole text first, so an error never leaves half a JSON object. */
  text = fp ? json_dumps(fp, flags) : NULL;
  json_decref(fp);
  if (text == NULL) {
    fprintf(stderr, "%s: out of memory\n", prog);
    return 2;
  }
  if (puts(text) == EOF || fflush(stdout) != 0) {
    free(text);
    fprintf(stderr, "%s: cannot write to stdout\n", prog);
    return 2;
  }
  free(text);
  return 0;
}
