/* conform_cmd_matrix.c - mmaplab-conform matrix: the port matrix and port
 * pages of run reports (the report library's rp_conform_matrix.h). */
#include "conform_cli.h"
#include "conform_util.h"

#include "results.h"
#include "rp_conform_matrix.h"
#include "ut_opt.h"
#include "ut_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: mmaplab-conform matrix [--out DIR] REPORT.json...\n"
    "\n"
    "Writes the port matrix of the run reports (report.json of\n"
    "mmaplab-conform run, one per host): DIR/matrix.md and DIR/matrix.html,\n"
    "one column per host (CPython hosts by version, then the others by\n"
    "name), one row per area, each cell pass / expected / unexpected with\n"
    "the notes (errno-name, pagesize) when there are any, a totals row and\n"
    "a row of the cases not graded (skip, needs-golden, reference-crash);\n"
    "and DIR/ports/HOST.md and DIR/ports/HOST.html, one page per host: its\n"
    "known differences by class (kind, reason, cases and levels), its\n"
    "unexpected failures and its notes. Each file is replaced whole.\n"
    "\n"
    "  --out DIR   output directory (default: build/conformance/matrix of\n"
    "              the source tree, or ./mmaplab-conform-matrix installed)\n"
    "  --help      this text\n"
    "  --version   print \"mmaplab-conform matrix VERSION\" and exit\n"
    "\n"
    "Exit status: 0 written, 2 misuse or an unreadable or malformed "
    "report.\n";

static const struct option long_opts[] = {{"out", required_argument, NULL, 'o'},
                                          {"help", no_argument, NULL, 'h'},
                                          {"version", no_argument, NULL, 'V'},
                                          {NULL, 0, NULL, 0}};

/* Parses ARGV into *OUT and the operands (malloc'd *IN, borrowed
 * strings). 0, 1 after --help or --version (exit 0), or 2 after one
 * misuse line. */
static int parse(int argc, char **argv, const char **out, char ***in,
                 size_t *nin) {
  int c, at;
  ut_opt_start();
  *in = ut_xmalloc((size_t)argc * sizeof **in);
  while ((c = ut_opt_next(argc, argv, "-:", long_opts, &at)) != -1) {
    if (c == 1) {
      (*in)[(*nin)++] = argv[at];
    } else if (c == 'o') {
      *out = optarg;
    } else if (c == 'h') {
      fputs(usage, stdout);
      return 1;
    } else if (c == 'V') {
      return ut_print_version("mmaplab-conform matrix") == 0 ? 1 : 2;
    } else {
      if (c == ':')
        cf_error("matrix: option %s needs a value", argv[at]);
      else
        cf_error("matrix: unknown option %s (see mmaplab-conform matrix "
                 "--help)",
                 argv[at]);
      return 2;
    }
  }
  for (; at < argc; at++) /* after "--" */
    (*in)[(*nin)++] = argv[at];
  if (*nin == 0) {
    cf_error("matrix: no REPORT.json given (see mmaplab-conform matrix "
             "--help)");
    return 2;
  }
  return 0;
}

/* Loads the N reports IN into RES; each must be a conformance report. 0,
 * or -1 after cf_error. */
static int load(char **in, size_t n, rs_result *res) {
  char err[5120];
  for (size_t i = 0; i < n; i++) {
    if (rs_result_load(in[i], &res[i], err, sizeof err) != 0) {
      cf_error("matrix: %s", err);
      return -1;
    }
    if (res[i].kind != RS_RESULT_CONFORMANCE) {
      cf_error("matrix: %s: not a conformance report (report.json of "
               "mmaplab-conform run)",
               in[i]);
      return -1;
    }
  }
  return 0;
}

int cf_cmd_matrix(int argc, char **argv) {
  static const char *const names[] = {"matrix.html", "matrix.md"};
  const char *given = NULL;
  char **in = NULL, *dir = NULL;
  size_t nin = 0;
  rs_result *res = NULL;
  char err[5120];
  int rc = parse(argc, argv, &given, &in, &nin);
  if (rc != 0) {
    free(in);
    return rc == 1 ? 0 : 2;
  }
  dir = given ? ut_xstrdup(given)
              : cf_output_path("build/conformance/matrix",
                               "mmaplab-conform-matrix");
  res = ut_xmalloc(nin * sizeof *res);
  memset(res, 0, nin * sizeof *res);
  if (cf_check_out_dir("--out", dir, names, 2) != 0 || load(in, nin, res) != 0)
    rc = 2;
  else if (rp_conform_matrix_write(res, nin, dir, err, sizeof err) != 0) {
    cf_error("matrix: %s", err);
    rc = 2;
  } else {
    printf("matrix: %s/matrix.html\n", dir);
  }
  for (size_t i = 0; i < nin; i++)
    rs_result_free(&res[i]);
  free(res);
  free(in);
  free(dir);
  return rc;
}
