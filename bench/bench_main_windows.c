/* bench_main_windows.c - mmaplab-bench for Windows: the portable families
 * (find, rfind, move, granularity; bench_families.h) through Google
 * Benchmark, in page mode 4k, with the Windows fingerprint.
 *
 *   mmaplab-bench [--quick | --full] [--benchmark_* flags ...]
 *
 * --quick and --full as on Linux (bench_main.c): the grids and
 * --benchmark_min_time=0.02 / 0.1, --benchmark_repetitions=3 and random
 * interleaving; Google Benchmark's flags override them. The test file of
 * granularity goes to MMAPLAB_BENCH_DIR, else TMPDIR, else the temporary
 * directory. --benchmark_out=FILE is written beside FILE and renamed onto
 * it when the run ends, so a failed run leaves FILE as it was.
 * The run's context carries mmaplab_fingerprint (fingerprint_windows.h)
 * and mmaplab_runtime ("wine 8.0" under Wine, else "windows"): figures
 * from Wine are Wine's, never a Windows measurement.
 * Exit status: 0 ok, 1 a benchmark reported a wrong result, 2 misuse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "bench_families.h"
#include "bench_flags.h"
#include "bench_getopt.h"
#include "bench_testfile.h"
#include "fingerprint_windows.h"
#include "gbench.h"
#include "ut_opt.h"
#include "ut_version.h"

#define PROG "mmaplab-bench"
#define OUT_FLAG "--benchmark_out="

typedef struct options {
  int quick, full;
  int argc; /* Google Benchmark's vector: defaults, then the user's */
  char **argv;
  char **owned; /* replacements of bench_flags_check, freed at the end */
  int nowned;
  const char *out; /* the user's --benchmark_out FILE, or NULL */
  char *out_tmp;   /* where Google Benchmark writes it until the end */
  char *out_arg;   /* --benchmark_out=OUT_TMP */
} options;

static void usage(FILE *f) {
  fputs(
      "usage: " PROG " [--quick | --full] [--benchmark_FLAG=V...]\n"
      "Runs the portable families (find, rfind, move, granularity) of the\n"
      "mmaplab core on Windows, in page mode 4k, through Google Benchmark.\n"
      "Under Wine the figures are Wine's: the context's mmaplab_runtime and\n"
      "the fingerprint say so.\n"
      "\n"
      "  --quick                the CI subset: small grids, min time 0.02 s,\n"
      "                         3 repetitions, random interleaving\n"
      "  --full                 the documented grids, min time 0.1 s, 3\n"
      "                         repetitions, random interleaving\n"
      "  --help                 this text\n"
      "  --version              print \"" PROG " VERSION\" and exit\n"
      "\n"
      "Google Benchmark flags pass through (checked first) and override the\n"
      "defaults of --quick and --full: --benchmark_filter=RE,\n"
      "--benchmark_min_time=S, --benchmark_repetitions=N,\n"
      "--benchmark_format=FMT, --benchmark_out=FILE (replaced when the run\n"
      "ends), --benchmark_out_format=FMT, ...\n"
      "Environment: MMAPLAB_BENCH_DIR, the directory of the test file.\n"
      "\n"
      "Exit status: 0 ok, 1 a benchmark reported a wrong result, 2 misuse.\n",
      f);
}

static int misuse(const char *what, const char *arg) {
  fprintf(stderr, PROG ": %s '%s' (see --help)\n", what, arg);
  return 2;
}

/* Checks one Google Benchmark flag A and appends it (or its replacement). */
static int take_gbench_flag(options *o, char *a) {
  char err[512], *replacement;
  if (strncmp(a, "--benchmark_", 12) != 0 && strncmp(a, "--v=", 4) != 0)
    return misuse("unknown option", a);
  if (bench_flags_check(a, &replacement, err, sizeof err) != 0) {
    fprintf(stderr, PROG ": %s\n", err);
    return 2;
  }
  if (replacement != NULL)
    o->owned[o->nowned++] = a = replacement;
  if (!strncmp(a, OUT_FLAG, strlen(OUT_FLAG))) {
    o->out = a + strlen(OUT_FLAG);
    if (*o->out == '\0')
      return misuse("empty file name in", a);
  }
  o->argv[o->argc++] = a;
  return 0;
}

/* Builds O->argv; returns 0, 1 after --help or --version, 2 on misuse. */
static int parse(options *o, int argc, char **argv) {
  static char quick_time[] = "--benchmark_min_time=0.02";
  static char full_time[] = "--benchmark_min_time=0.1";
  static char reps[] = "--benchmark_repetitions=3";
  static char interleave[] = "--benchmark_enable_random_interleaving=true";
  static const struct option table[] = {{"help", no_argument, NULL, 'h'},
                                        {"quick", no_argument, NULL, 'q'},
                                        {"full", no_argument, NULL, 'f'},
                                        {"version", no_argument, NULL, 'V'},
                                        {NULL, 0, NULL, 0}};
  char **user = calloc((size_t)argc + 1, sizeof *user), err[512];
  const char *arg;
  int c, nuser = 0, rc = 0;
  o->argv = calloc((size_t)argc + 4, sizeof *o->argv);
  o->owned = calloc((size_t)argc + 1, sizeof *o->owned);
  if (user == NULL || o->argv == NULL || o->owned == NULL) {
    free(user);
    return misuse("out of memory", "");
  }
  o->argv[o->argc++] = argv[0];
  ut_opt_start();
  /* Google Benchmark's flags are options getopt_long does not know ('?'):
   * collected first, appended after the defaults. */
  while (rc == 0 && (c = bench_getopt(argc, argv, table, 1, &arg)) != -1) {
    if (c == 'h') {
      usage(stdout);
      rc = 1;
    } else if (c == 'V')
      rc = ut_print_version(PROG) == 0 ? 1 : 2;
    else if (c == 'q' || c == 'f') {
      if (o->quick || o->full)
        rc = misuse("give --quick or --full once, not", arg);
      *(c == 'q' ? &o->quick : &o->full) = 1;
    } else
      user[nuser++] = (char *)arg;
  }
  if (rc == 0 && arg != NULL)
    rc = misuse("unknown option", arg);
  if (rc == 0 && bench_flags_check_env(err, sizeof err) != 0) {
    fprintf(stderr, PROG ": %s\n", err);
    rc = 2;
  }
  if (rc == 0 && (o->quick || o->full)) {
    o->argv[o->argc++] = o->quick ? quick_time : full_time;
    o->argv[o->argc++] = reps;
    o->argv[o->argc++] = interleave;
  }
  for (int i = 0; rc == 0 && i < nuser; i++)
    rc = take_gbench_flag(o, user[i]);
  free(user);
  return rc;
}

/* Points the last --benchmark_out (the one Google Benchmark obeys) at
 * "FILE.tmp-PID" beside FILE. 0, or 2 after one line on stderr. */
static int redirect_out(options *o) {
  size_t n;
  if (o->out == NULL)
    return 0;
  n = strlen(o->out) + 32;
  o->out_tmp = malloc(n);
  o->out_arg = malloc(n + strlen(OUT_FLAG));
  if (o->out_tmp == NULL || o->out_arg == NULL)
    return misuse("out of memory", "");
  snprintf(o->out_tmp, n, "%s.tmp-%lu", o->out, GetCurrentProcessId());
  snprintf(o->out_arg, n + strlen(OUT_FLAG), OUT_FLAG "%s", o->out_tmp);
  for (int i = o->argc - 1; i > 0; i--)
    if (!strncmp(o->argv[i], OUT_FLAG, strlen(OUT_FLAG))) {
      o->argv[i] = o->out_arg;
      break;
    }
  return 0;
}

/* Renames the finished output onto FILE (KEEP), or removes it. 0, or 2
 * after one line on stderr. */
static int finish_out(const options *o, int keep) {
  if (o->out_tmp == NULL)
    return 0;
  if (!keep) {
    (void)DeleteFileA(o->out_tmp);
    return 0;
  }
  if (!MoveFileExA(o->out_tmp, o->out, MOVEFILE_REPLACE_EXISTING)) {
    fprintf(stderr,
            PROG ": cannot replace %s (error %lu); the results are "
                 "in %s\n",
            o->out, GetLastError(), o->out_tmp);
    return 2;
  }
  return 0;
}

static void add_context(const options *o) {
  const char *wine = fpw_wine_version();
  char runtime[64];
  char *fp = fpw_fingerprint(bench_testfile_dir());
  snprintf(runtime, sizeof runtime, "%s%s", wine ? "wine " : "windows",
           wine ? wine : "");
  gb_add_custom_context("mmaplab_version", mml_version_string());
  gb_add_custom_context("mmaplab_bench_mode", o->quick  ? "quick"
                                              : o->full ? "full"
                                                        : "default");
  gb_add_custom_context("mmaplab_page_modes", "4k");
  gb_add_custom_context("mmaplab_pages_only", "false");
  gb_add_custom_context("mmaplab_search_only", "false");
  gb_add_custom_context("mmaplab_prefault",
                        "find, rfind, move: every page written before timing");
  gb_add_custom_context("mmaplab_runtime", runtime);
  gb_add_custom_context("mmaplab_bench_dir", bench_testfile_dir());
  gb_add_custom_context("mmaplab_fingerprint", fp != NULL ? fp : "null");
  free(fp);
}

static int run(options *o) {
  static const bd_page_mode modes[] = {PM_4K};
  bench_config cfg;
  size_t ran;
  int rc;
  if ((rc = redirect_out(o)) != 0)
    return rc;
  gb_initialize(&o->argc, o->argv);
  if (gb_report_unrecognized(o->argc, o->argv))
    return 2; /* Google Benchmark printed the one line */
  memset(&cfg, 0, sizeof cfg);
  cfg.grid = o->quick ? BENCH_GRID_QUICK : BENCH_GRID_FULL;
  cfg.modes = cfg.fault_modes = modes;
  cfg.nmodes = cfg.nfault_modes = 1;
  bench_register_find(&cfg);
  bench_register_rfind(&cfg);
  bench_register_move(&cfg);
  bench_register_granularity(&cfg);
  add_context(o);
  ran = gb_run();
  bd_cache_clear();
  bench_testfile_cache_clear();
  gb_shutdown();
  if (ran == 0) /* Google Benchmark said that the filter matched nothing */
    return 2;
  if ((rc = finish_out(o, 1)) != 0)
    return rc;
  return gb_error_count() > bd_fallback_count() + bd_unavailable_count() ? 1
                                                                         : 0;
}

int main(int argc, char **argv) {
  options o;
  int rc;
  memset(&o, 0, sizeof o);
  rc = parse(&o, argc, argv);
  if (rc == 0)
    rc = run(&o);
  else if (rc == 1)
    rc = 0; /* --help, --version */
  if (rc != 0)
    (void)finish_out(&o, 0); /* a failed run leaves FILE as it was */
  for (int i = 0; i < o.nowned; i++)
    free(o.owned[i]);
  free(o.owned);
  free(o.argv);
  free(o.out_tmp);
  free(o.out_arg);
  return rc;
}
