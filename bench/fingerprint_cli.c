/* fingerprint_cli.c - the fingerprint as a command line program, shared by
 * mmaplab-fingerprint and `mmaplab fingerprint` (fingerprint.h). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "bench_getopt.h"
#include "ut_opt.h"
#include "ut_version.h"
#include "fingerprint.h"

static int misuse(const char *prog, const char *what, const char *arg) {
  fprintf(stderr, "%s: %s%s%s (see --help)\n", prog, what, arg ? ": " : "",
          arg ? arg : "");
  return 2;
}

static void usage(const char *prog) {
  printf("usage: %s [--dir DIR] [--compact]\n"
         "\n"
         "Prints this machine's benchmark fingerprint as JSON on stdout: the\n"
         "kernel, page size, memory, transparent huge page and hugetlb\n"
         "settings, the filesystem of DIR, the CPU, the virtualisation, ASLR,\n"
         "the compiler and build of mmaplab. Every result file carries it;\n"
         "the gate and compare read its key fields.\n"
         "\n"
         "  --dir DIR   directory of the test files, whose filesystem is\n"
         "              recorded (default: .)\n"
         "  --compact   one line instead of indented JSON\n"
         "  --help      this text\n"
         "  --version   print \"%s VERSION\" and exit\n"
         "\n"
         "Exit status: 0 printed; 2 misuse or error (one line on stderr,\n"
         "nothing on stdout).\n",
         prog, prog);
}

int fp_cli(const char *prog, int argc, char **argv) {
  static const struct option options[] = {{"help", no_argument, NULL, 'h'},
                                          {"dir", required_argument, NULL, 'd'},
                                          {"compact", no_argument, NULL, 'c'},
                                          {"version", no_argument, NULL, 'V'},
                                          {NULL, 0, NULL, 0}};
  const char *dir = ".", *arg;
  size_t flags = JSON_INDENT(2);
  struct stat st;
  json_t *fp;
  char *text;
  int c;
  ut_opt_start();
  while ((c = bench_getopt(argc, argv, options, 0, &arg)) != -1) {
    switch (c) {
    case 'h':
      usage(prog);
      return 0;
    case 'V':
      return ut_print_version(prog);
    case 'd':
      dir = optarg;
      break;
    case 'c':
      flags = JSON_COMPACT;
      break;
    case ':':
      return misuse(prog, "--dir needs a directory", NULL);
    default:
      return misuse(prog, "unknown argument", arg);
    }
  }
  if (arg != NULL)
    return misuse(prog, "unknown argument", arg);
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
