/* gate_opts.c - parsing the command line of `mmaplab gate` (gate_opts.h). */
#include "gate_opts.h"

#include <stdio.h>
#include <string.h>

#include "ut_num.h"
#include "ut_opt.h"

const char gate_usage[] =
    "usage: mmaplab gate --baseline B --current C [--alpha A] [--min-effect "
    "E]\n"
    "           [--metric real|cpu] [--count-tolerance T] [--count-floor F]\n"
    "           [--instr-tolerance I]\n"
    "           [--filter REGEX] [--reference IMPL|none] [--force]\n"
    "           [--markdown FILE] [--json FILE]\n"
    "       mmaplab gate --save-baseline --current C --baseline B\n"
    "\n"
    "The CI performance gate: judges the Google Benchmark result C (from\n"
    "mmaplab-bench or bench/python/mmap_bench.py) against the baseline B,\n"
    "benchmark by benchmark, paired by run_name, one sample per repetition.\n"
    "\n"
    "  time      one-sided Mann-Whitney U test, exact (mid-ranks, every split\n"
    "            counted) up to 40 samples in all, else the normal "
    "approximation\n"
    "            with tie and continuity correction; Holm's step-down over "
    "all\n"
    "            time comparisons keeps the chance of any false alarm below "
    "A.\n"
    "            A regression when significant "
    "and\n"
    "            median(C) / median(B) - 1 >= E; an improvement likewise the\n"
    "            other way round (reported, not a failure).\n"
    "  counts    faults_per_page, major_faults_per_page, "
    "prep_faults_per_page,\n"
    "            maps, mapped_bytes, page_backed, and bytes processed per\n"
    "            iteration (bytes_per_second times the time it was rated by):\n"
    "            the medians must agree within max(T * |baseline|, F), else "
    "the\n"
    "            count changed, a regression either way.\n"
    "  instructions  counters instructions_<isa> (mmaplab-bench "
    "--instructions:\n"
    "            instructions per iteration under valgrind, <isa> the core's\n"
    "            search instruction set there, never avx512): counts with a\n"
    "            direction, not part of the time tests; more than I "
    "(relative)\n"
    "            more instructions is a regression, as many fewer an\n"
    "            improvement. A baseline counter that C lacks (C ran another\n"
    "            instruction set, so its counter has another name) fails.\n"
    "  presence  errors in C but not in B, and benchmarks of B missing from "
    "C,\n"
    "            are regressions (a gate must not pass because coverage "
    "shrank:\n"
    "            narrow it with --filter); benchmarks new in C are listed.\n"
    "  reference  current times are first divided by the drift of the\n"
    "             reference implementation measured in the same processes\n"
    "             (geometric mean of its median(C) / median(B)): whole runs\n"
    "             on one machine drift by 10-25%, which no test on one run's\n"
    "             repetitions sees. Default: glibc, where both files have\n"
    "             it. Better still, pool several runs per side (--baseline\n"
    "             and --current given several times, say 5 runs of 1 or 2\n"
    "             repetitions): the samples then carry that drift too.\n"
    "\n"
    "The gate refuses (exit 2, one line) when the fingerprints differ in a "
    "key\n"
    "field (kernel, page size, THP, page modes, filesystem, CPU, "
    "virtualisation,\n"
    "compiler, build; bench/gate/gate_fp.h lists them) or a file has none\n"
    "(or an empty one, or one without a key field),\n"
    "unless --force; and when the repetitions cannot reach p < A at all (3 and "
    "3\n"
    "give at best p = 0.05; 4 and 4 give 0.014).\n"
    "\n"
    "  --baseline B         the baseline result file; given again, the runs\n"
    "                       are pooled (up to 16 files a side)\n"
    "  --current C          the current result file; likewise\n"
    "  --alpha A            significance level, 0 < A < 1 (default 0.05)\n"
    "  --min-effect E       minimum relative change of the median time,\n"
    "                       0 <= E <= 10 (default 0.05, i.e. 5%)\n"
    "  --metric real|cpu    real_time or cpu_time per iteration (default "
    "real)\n"
    "  --count-tolerance T  relative tolerance of counts, 0 <= T <= 1\n"
    "                       (default 0.02)\n"
    "  --count-floor F      absolute tolerance of counts, 0 <= F <= 1e6\n"
    "                       (default 0.001: a stray fault per 1000 pages)\n"
    "  --instr-tolerance I  relative tolerance of instruction counts,\n"
    "                       0 <= I <= 1 (default 0.005, i.e. 0.5%)\n"
    "  --filter REGEX       judge only the benchmarks whose names match\n"
    "                       (POSIX extended regular expression)\n"
    "  --reference IMPL     the impl whose drift scales current times, or\n"
    "                       none (default glibc where both files have it)\n"
    "  --force              judge despite differing or missing fingerprints;\n"
    "                       the differences are listed in the output\n"
    "  --markdown FILE      the Markdown table to FILE (stdout then gets only\n"
    "                       the verdict line); default: stdout\n"
    "  --json FILE          the verdict as JSON to FILE as well\n"
    "  --save-baseline      check that C loads as a Google Benchmark result "
    "and\n"
    "                       copy it to B, replacing B\n"
    "  --help               this text\n"
    "  --version            print \"mmaplab gate VERSION\" and exit\n"
    "\n"
    "Output files are written whole or not at all (temporary file + rename);\n"
    "a symbolic link is followed and kept, a device or FIFO (/dev/stdout, a\n"
    "named pipe) is written in place. An output that is the same file as an\n"
    "input or the other output (by device and inode) is refused at once.\n"
    "Exit status: 0 pass, 1 regression, 2 misuse, an unreadable or malformed\n"
    "file, or a refusal.\n";

/* Parses TEXT as a finite decimal real in [LO, HI] (LO excluded if
 * LO_OPEN, HI if HI_OPEN) into *OUT: 0, or -1 with ERR set. */
static int parse_real(const char *opt, const char *text, double lo, int lo_open,
                      double hi, int hi_open, double *out, char *err,
                      size_t len) {
  double v;
  if (ut_parse_double(text, lo, hi, &v) != 0 || (lo_open && v == lo) ||
      (hi_open && v == hi)) {
    snprintf(err, len, "%s must be a number %s %g and %s %g, not '%s'", opt,
             lo_open ? ">" : ">=", lo, hi_open ? "<" : "<=", hi, text);
    return -1;
  }
  *out = v;
  return 0;
}

/* Records one --baseline/--current FILE: the first in *FIRST, later ones
 * in MORE (at most 15). 0, or -1 with ERR set. */
static int add_file(const char **first, const char **more, size_t *n,
                    const char *file, char *err, size_t len) {
  if (*first == NULL) {
    *first = file;
    return 0;
  }
  if (*n >= 15) {
    snprintf(err, len, "at most 16 files per side");
    return -1;
  }
  more[(*n)++] = file;
  return 0;
}

static void defaults(gate_opts *o) {
  memset(o, 0, sizeof *o);
  o->params.alpha = 0.05;
  o->params.min_effect = 0.05;
  o->params.count_tol = 0.02;
  o->params.count_floor = 0.001;
  o->params.instr_tol = 0.005;
}

/* The options; each long-only one is its own code, above any char. */
enum {
  OPT_FORCE = 256,
  OPT_SAVE_BASELINE,
  OPT_BASELINE,
  OPT_CURRENT,
  OPT_MARKDOWN,
  OPT_JSON,
  OPT_FILTER,
  OPT_REFERENCE,
  OPT_ALPHA,
  OPT_MIN_EFFECT,
  OPT_COUNT_TOLERANCE,
  OPT_COUNT_FLOOR,
  OPT_METRIC,
  OPT_VERSION,
  OPT_INSTR_TOLERANCE
};

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"force", no_argument, NULL, OPT_FORCE},
    {"save-baseline", no_argument, NULL, OPT_SAVE_BASELINE},
    {"baseline", required_argument, NULL, OPT_BASELINE},
    {"current", required_argument, NULL, OPT_CURRENT},
    {"markdown", required_argument, NULL, OPT_MARKDOWN},
    {"json", required_argument, NULL, OPT_JSON},
    {"filter", required_argument, NULL, OPT_FILTER},
    {"reference", required_argument, NULL, OPT_REFERENCE},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"min-effect", required_argument, NULL, OPT_MIN_EFFECT},
    {"count-tolerance", required_argument, NULL, OPT_COUNT_TOLERANCE},
    {"count-floor", required_argument, NULL, OPT_COUNT_FLOOR},
    {"metric", required_argument, NULL, OPT_METRIC},
    {"version", no_argument, NULL, OPT_VERSION},
    {"instr-tolerance", required_argument, NULL, OPT_INSTR_TOLERANCE},
    {NULL, 0, NULL, 0}};

/* Option C (from getopt_long) with its value V: 0, or -1 with ERR set. */
static int parse_one(int c, const char *v, gate_opts *o, char *err,
                     size_t len) {
  gate_params *p = &o->params;
  switch (c) {
  case 'h':
    o->help = 1;
    return 0;
  case OPT_VERSION:
    o->version = 1;
    return 0;
  case OPT_FORCE:
    o->force = 1;
    return 0;
  case OPT_SAVE_BASELINE:
    o->save_baseline = 1;
    return 0;
  case OPT_BASELINE:
    return add_file(&o->baseline, o->more_base, &o->nmore_base, v, err, len);
  case OPT_CURRENT:
    return add_file(&o->current, o->more_cur, &o->nmore_cur, v, err, len);
  case OPT_MARKDOWN:
    o->markdown = v;
    return 0;
  case OPT_JSON:
    o->json = v;
    return 0;
  case OPT_FILTER:
    o->filter = v;
    return 0;
  case OPT_REFERENCE:
    if (v[0] == '\0' || strchr(v, '/') != NULL) {
      snprintf(err, len,
               "--reference is an impl name such as glibc, or "
               "none, not '%s'",
               v);
      return -1;
    }
    o->reference = v;
    return 0;
  case OPT_ALPHA:
    return parse_real("--alpha", v, 0, 1, 1, 1, &p->alpha, err, len);
  case OPT_MIN_EFFECT:
    return parse_real("--min-effect", v, 0, 0, 10, 0, &p->min_effect, err, len);
  case OPT_COUNT_TOLERANCE:
    return parse_real("--count-tolerance", v, 0, 0, 1, 0, &p->count_tol, err,
                      len);
  case OPT_INSTR_TOLERANCE:
    return parse_real("--instr-tolerance", v, 0, 0, 1, 0, &p->instr_tol, err,
                      len);
  case OPT_COUNT_FLOOR:
    return parse_real("--count-floor", v, 0, 0, 1e6, 0, &p->count_floor, err,
                      len);
  default: /* OPT_METRIC */
    if (strcmp(v, "real") != 0 && strcmp(v, "cpu") != 0) {
      snprintf(err, len, "--metric must be real or cpu, not '%s'", v);
      return -1;
    }
    p->metric_cpu = strcmp(v, "cpu") == 0;
    return 0;
  }
}

int gate_parse(int argc, char **argv, gate_opts *o, char *err, size_t len) {
  int c, at;
  defaults(o);
  ut_opt_start();
  /* '+': the first operand ends the options, so that it is refused in
   * its place among them, as the first error wins */
  while ((c = ut_opt_next(argc, argv, "+:h", long_options, &at)) != -1) {
    if (c == ':') {
      snprintf(err, len, "%s needs a value", argv[at]);
      return -1;
    }
    if (c == '?') {
      snprintf(err, len, "unknown option '%s' (see --help)", argv[at]);
      return -1;
    }
    if (parse_one(c, optarg, o, err, len) != 0)
      return -1;
  }
  if (at < argc) { /* an operand, "-" or "--" */
    snprintf(err, len, "%s '%s' (see --help)",
             argv[at][0] == '-' ? "unknown option" : "unexpected argument",
             argv[at]);
    return -1;
  }
  if (o->help || o->version)
    return 0;
  if (o->baseline == NULL || o->current == NULL || o->baseline[0] == '\0' ||
      o->current[0] == '\0') {
    snprintf(err, len, "--baseline and --current are both needed");
    return -1;
  }
  if (o->save_baseline && (o->nmore_base || o->nmore_cur)) {
    snprintf(err, len,
             "--save-baseline takes one --current and one "
             "--baseline");
    return -1;
  }
  if (o->save_baseline && (o->markdown || o->json)) {
    snprintf(err, len,
             "--save-baseline writes only the baseline; "
             "--markdown and --json do not go with it");
    return -1;
  }
  if ((o->markdown && o->markdown[0] == '\0') ||
      (o->json && o->json[0] == '\0')) {
    snprintf(err, len, "--markdown and --json need a file name");
    return -1;
  }
  return 0;
}
