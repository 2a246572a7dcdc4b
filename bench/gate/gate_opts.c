/* gate_opts.c - parsing the command line of `mmaplab gate` (gate_opts.h). */
#define _GNU_SOURCE /* CPU_SETSIZE */
#include "gate_opts.h"

#include <sched.h>
#include <stdint.h>
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
    "           [--markdown FILE] [--json FILE] [--junit FILE]\n"
    "       mmaplab gate --save-baseline --current C --baseline B\n"
    "       mmaplab gate --ab OLD NEW [--budget S | --rounds N] [--min-rounds "
    "N]\n"
    "           [--cpu N|none] [--seed N] [--keep DIR] [--instructions]\n"
    "           [judging and output options] [-- MMAPLAB_BENCH_ARGS...]\n"
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
    "  --junit FILE         the verdict as JUnit XML to FILE as well (CI\n"
    "                       test reports): a test case per compared row, a\n"
    "                       failure with the numbers for each regression\n"
    "  --save-baseline      check that C loads as a Google Benchmark result "
    "and\n"
    "                       copy it to B, replacing B\n"
    "\n"
    "Interleaved mode (--ab): runs the two builds' benchmarks alternately on\n"
    "this machine, one process at a time, and judges NEW against OLD on the\n"
    "paired rounds; better than a stored baseline, measured in docs/gate.md.\n"
    "  --ab OLD NEW         two builds: mmaplab-bench programs, build trees\n"
    "                       (bench/mmaplab-bench) or install prefixes\n"
    "                       (libexec/mmaplab/mmaplab-bench)\n"
    "  --budget S           seconds of runs at most (default 240): a warm-up\n"
    "                       pair, then rounds of four processes, ABBA or BAAB\n"
    "                       at random, looked at up to 4 times; each time row\n"
    "                       by Wilcoxon's signed-rank test on the rounds'\n"
    "                       log(new/old), Bonferroni over rows and looks, and\n"
    "                       the Hodges-Lehmann interval of the change: a\n"
    "                       regression when it is above 0 and reaches E;\n"
    "                       unchanged when inside (-E, E); else inconclusive,\n"
    "                       and more rounds are run while the budget lasts\n"
    "  --rounds N           exactly N rounds (1..1000), one look\n"
    "  --min-rounds N       at least N rounds before the first look\n"
    "  --cpu N|none         the CPU every process is pinned to (default: the\n"
    "                       last one allowed), or none\n"
    "  --seed N             the seed of the rounds' order (default: random)\n"
    "  --keep DIR           keep every process's JSON and output in DIR (new\n"
    "                       or empty; default: a temporary directory)\n"
    "  --instructions       run each build once as mmaplab-bench\n"
    "                       --instructions (valgrind) and judge the\n"
    "                       instruction counts\n"
    "  -- ARGS              mmaplab-bench's arguments instead of the default\n"
    "                       set (find and rfind of 1 MiB, needles 16 and 256,\n"
    "                       one repetition of 10 ms per process)\n"
    "  The reference is none unless --reference names one.\n"
    "\n"
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
  o->budget = 240;
  o->cpu = -1;
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
  OPT_JUNIT,
  OPT_FILTER,
  OPT_REFERENCE,
  OPT_ALPHA,
  OPT_MIN_EFFECT,
  OPT_COUNT_TOLERANCE,
  OPT_COUNT_FLOOR,
  OPT_METRIC,
  OPT_VERSION,
  OPT_AB,
  OPT_BUDGET,
  OPT_ROUNDS,
  OPT_MIN_ROUNDS,
  OPT_CPU,
  OPT_KEEP,
  OPT_INSTRUCTIONS,
  OPT_SEED,
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
    {"junit", required_argument, NULL, OPT_JUNIT},
    {"filter", required_argument, NULL, OPT_FILTER},
    {"reference", required_argument, NULL, OPT_REFERENCE},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"min-effect", required_argument, NULL, OPT_MIN_EFFECT},
    {"count-tolerance", required_argument, NULL, OPT_COUNT_TOLERANCE},
    {"count-floor", required_argument, NULL, OPT_COUNT_FLOOR},
    {"metric", required_argument, NULL, OPT_METRIC},
    {"version", no_argument, NULL, OPT_VERSION},
    {"ab", required_argument, NULL, OPT_AB},
    {"budget", required_argument, NULL, OPT_BUDGET},
    {"rounds", required_argument, NULL, OPT_ROUNDS},
    {"min-rounds", required_argument, NULL, OPT_MIN_ROUNDS},
    {"cpu", required_argument, NULL, OPT_CPU},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"instructions", no_argument, NULL, OPT_INSTRUCTIONS},
    {"seed", required_argument, NULL, OPT_SEED},
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
  case OPT_JUNIT:
    o->junit = v;
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
  case OPT_BUDGET:
    return parse_real("--budget", v, 0, 1, 86400, 0, &o->budget, err, len);
  case OPT_ROUNDS:
  case OPT_MIN_ROUNDS: {
    int64_t n;
    if (ut_parse_i64(v, 1, 1000, &n) != 0) {
      snprintf(err, len, "%s must be a whole number from 1 to 1000, not '%s'",
               c == OPT_ROUNDS ? "--rounds" : "--min-rounds", v);
      return -1;
    }
    *(c == OPT_ROUNDS ? &o->rounds : &o->min_rounds) = (size_t)n;
    return 0;
  }
  case OPT_CPU: {
    int64_t n;
    if (strcmp(v, "none") == 0) {
      o->cpu = -2;
      return 0;
    }
    if (ut_parse_i64(v, 0, CPU_SETSIZE - 1, &n) != 0) {
      snprintf(err, len,
               "--cpu must be a CPU number from 0 to %d, or none, "
               "not '%s'",
               CPU_SETSIZE - 1, v);
      return -1;
    }
    o->cpu = (long)n;
    return 0;
  }
  case OPT_KEEP:
    o->keep = v;
    return 0;
  case OPT_INSTRUCTIONS:
    o->instructions = 1;
    return 0;
  case OPT_SEED: {
    uint64_t n;
    if (ut_parse_u64(v, 0, UINT64_MAX, &n) != 0) {
      snprintf(err, len,
               "--seed must be a whole number from 0 to %llu, not "
               "'%s'",
               (unsigned long long)UINT64_MAX, v);
      return -1;
    }
    o->seed = n;
    o->have_seed = 1;
    return 0;
  }
  default: /* OPT_METRIC */
    if (strcmp(v, "real") != 0 && strcmp(v, "cpu") != 0) {
      snprintf(err, len, "--metric must be real or cpu, not '%s'", v);
      return -1;
    }
    p->metric_cpu = strcmp(v, "cpu") == 0;
    return 0;
  }
}

/* The combinations --ab allows: 0, or -1 with ERR set. */
static int check_ab(const gate_opts *o, char *err, size_t len) {
  if (o->baseline != NULL || o->current != NULL || o->save_baseline) {
    snprintf(err, len,
             "--ab runs both builds itself: no --baseline, "
             "--current or --save-baseline with it");
    return -1;
  }
  if (o->ab_old[0] == '\0') {
    snprintf(err, len, "--ab needs two builds: --ab OLD NEW");
    return -1;
  }
  if (o->instructions && (o->rounds || o->min_rounds)) {
    snprintf(err, len,
             "--instructions counts each build once: no --rounds "
             "or --min-rounds with it");
    return -1;
  }
  if (o->rounds && o->min_rounds) {
    snprintf(err, len,
             "--rounds fixes the rounds; --min-rounds is for the "
             "adaptive mode");
    return -1;
  }
  if ((o->markdown && o->markdown[0] == '\0') ||
      (o->json && o->json[0] == '\0') || (o->junit && o->junit[0] == '\0') ||
      (o->keep && o->keep[0] == '\0')) {
    snprintf(err, len,
             "--markdown, --json, --junit and --keep need a file name");
    return -1;
  }
  return 0;
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
    if (c == OPT_AB) { /* two values: OLD here, NEW the next element */
      if (optind >= argc || argv[optind][0] == '\0' ||
          (argv[optind][0] == '-' && argv[optind][1] == '-')) {
        snprintf(err, len, "--ab needs two builds: --ab OLD NEW");
        return -1;
      }
      o->ab_old = optarg;
      o->ab_new = argv[optind++];
      continue;
    }
    if (parse_one(c, optarg, o, err, len) != 0)
      return -1;
  }
  if (at < argc && o->ab_old != NULL && strcmp(argv[at], "--") == 0) {
    o->bench_args = argv + at + 1; /* mmaplab-bench's own arguments */
    o->nbench_args = argc - at - 1;
    at = argc;
  }
  if (at < argc) { /* an operand, "-" or "--" */
    snprintf(err, len, "%s '%s' (see --help)",
             argv[at][0] == '-' ? "unknown option" : "unexpected argument",
             argv[at]);
    return -1;
  }
  if (o->help || o->version)
    return 0;
  if (o->ab_old != NULL)
    return check_ab(o, err, len);
  if (o->budget != 240 || o->rounds || o->min_rounds || o->cpu != -1 ||
      o->keep || o->instructions || o->have_seed) {
    snprintf(err, len,
             "--budget, --rounds, --min-rounds, --cpu, --keep, "
             "--instructions and --seed go with --ab only");
    return -1;
  }
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
  if (o->save_baseline && (o->markdown || o->json || o->junit)) {
    snprintf(err, len,
             "--save-baseline writes only the baseline; "
             "--markdown, --json and --junit do not go with it");
    return -1;
  }
  if ((o->markdown && o->markdown[0] == '\0') ||
      (o->json && o->json[0] == '\0') || (o->junit && o->junit[0] == '\0')) {
    snprintf(err, len, "--markdown, --json and --junit need a file name");
    return -1;
  }
  return 0;
}
