/* bench_main.c - mmaplab-bench: registers every benchmark family and runs
 * them through Google Benchmark.
 *
 *   mmaplab-bench [--quick | --full] [--benchmark_* flags ...]
 *
 * --quick   the CI subset: small grids, --benchmark_min_time=0.02,
 *           --benchmark_repetitions=3 and random interleaving
 * --full    the documented grids, --benchmark_min_time=0.1,
 *           --benchmark_repetitions=3 and random interleaving
 * neither   the full grids with Google Benchmark's own defaults
 * and the environment options of bench_env.h (--page-modes=,
 * --reserve-hugetlb=, --bench-dir=, --keep-aslr).
 * --quiet  no progress meter on stderr ("mmaplab-bench: DONE/TOTAL runs,
 *           ELAPSED, about LEFT left", util/ut_meter.h; a run is one
 *           repetition of one benchmark)
 * --pages   the page matrix alone; --search  the search grid alone
 *           (find and rfind, bench_config's search)
 * --instructions  the instructions per iteration of find, rfind and move,
 *           counted under valgrind's callgrind (bench_instr.h), instead
 *           of timing them; the other families are left out
 * --progress-fd=N  one line "DONE TOTAL NAME" per finished run to
 *           descriptor N (ut_progress.h), for a program running this one;
 * stdout and the results are the same with or without either
 * Google Benchmark flags given on the command line override these defaults.
 * --benchmark_out=FILE follows util/ut_output.h (see bench_out.h): a
 * regular FILE is replaced when the run ends, so an interrupted run leaves
 * no partial FILE; a symbolic link is followed and kept; a device, FIFO or
 * /dev/stdout is written in place, appended to.
 * Exit status: 0 ok, 1 a benchmark reported a wrong result, 2 misuse.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_env.h"
#include "bench_families.h"
#include "bench_flags.h"
#include "bench_getopt.h"
#include "bench_instr.h"
#include "ut_opt.h"
#include "bench_out.h"
#include "bench_fsmount.h"
#include "bench_pool.h"
#include "bench_sysfs.h"
#include "gbench.h"
#include "ut_meter.h"
#include "ut_output.h"
#include "ut_version.h"
#include "ut_progress.h"
#include "ut_time.h"

#define PROG "mmaplab-bench"
#define OUT_FLAG "--benchmark_out="

typedef struct options {
  int quick, full;
  int restore;     /* --restore: put back what killed runs left, nothing else */
  int quiet;       /* --quiet: no progress meter */
  int progress_fd; /* --progress-fd, or -1 */
  ut_meter meter;  /* the progress meter on stderr */
  int argc;        /* of argv, for gb_initialize */
  char **argv;     /* argv[0], the mode's defaults, then the user's flags */
  char **user;     /* the user's Google Benchmark flags, as passed on */
  int nuser;
  char **owned; /* the replacements among them (bench_flags_check) */
  int nowned;
  const char *out; /* the user's --benchmark_out, or NULL */
  bench_env_opts env;
  bench_out *out_file; /* the open --benchmark_out, until committed */
  char *out_arg;       /* "--benchmark_out=" the file Google Benchmark writes */
  int instructions;    /* --instructions (bench_instr.h) */
  int pages;           /* --pages: the page matrix alone */
  int search;          /* --search: the search grid alone */
} options;

static void usage(FILE *f) {
  fputs(
      "usage: " PROG " [--quick | --full] [OPTION...] [--benchmark_FLAG=V...]\n"
      "   or: " PROG " --restore\n"
      "\n"
      "Runs mmaplab's microbenchmarks through Google Benchmark, family by\n"
      "family: find and rfind (the core against glibc's memmem and a naive\n"
      "search), move (the core against glibc's memmove), fault (the first\n"
      "touch of fresh maps per kind and preparation), filemap (a file map's\n"
      "first touch with the page cache warm or cold, after madvise advice,\n"
      "on each filesystem), granularity (reading a file through windows\n"
      "mapped one at a time, against pread) and open (a map's construct and\n"
      "close against the raw system calls), in every page mode this machine\n"
      "can give (4k, thp, huge2m, huge1g; fault also at each mTHP size,\n"
      "mthp16k..mthp1024k, and default). Without --quick or --full: the\n"
      "full grids with Google Benchmark's defaults.\n"
      "\n"
      "  --quick                the CI subset: small grids, min_time 0.02 s,\n"
      "                         3 repetitions, random interleaving\n"
      "  --full                 the documented grids, min_time 0.1 s,\n"
      "                         3 repetitions, random interleaving\n"
      "  --restore              put back the hugetlb pools and sysfs settings\n"
      "                         (--thp, mthp runs) of runs that were killed\n"
      "                         (SIGKILL) while they held them, and remove\n"
      "                         the filesystems they mounted, print what it\n"
      "                         did, run nothing\n"
      "  --pages                the page matrix alone: fault, filemap and\n"
      "                         granularity, find and rfind on file maps\n"
      "                         (with --quick its small slice, with --full\n"
      "                         all of it: as root on every filesystem,\n"
      "                         --filesystems=all, unless --filesystems or\n"
      "                         --fs-dir say otherwise)\n"
      "  --search               the search grid alone: find and rfind of\n"
      "                         every engine (core, glibc and the peers; not\n"
      "                         naive or core-faultsafe), needle absent, page\n"
      "                         mode 4k, data random, text, dna, binary,\n"
      "                         periodic and periodic-ab, hay 64, 1024,\n"
      "                         1 MiB and 64 MiB, needle 2 to 4096 (2, 4, 8,\n"
      "                         16, 32, 64, 256, 1024, 4096; not over hay);\n"
      "                         --quick and --full set only the timing\n"
      "  --quiet                no progress on stderr (runs done of all, the\n"
      "                         time left)\n"
      "  --progress-fd=N        write one line 'DONE TOTAL NAME' per finished\n"
      "                         run (one repetition of one benchmark) to\n"
      "                         descriptor N, e.g. --progress-fd=2 for\n"
      "                         stderr; TOTAL is the benchmarks times the\n"
      "                         repetitions\n",
      f);
  fputs(bench_instr_usage, f);
  fputs(bench_env_usage, f);
  fputs(
      "  --help                 this text\n"
      "  --version              print \"" PROG " VERSION\" and exit\n"
      "\n"
      "Google Benchmark flags pass through; their values are checked before\n"
      "the run, and they override the defaults of --quick and --full:\n"
      "  --benchmark_filter=RE  run the benchmarks whose names match RE\n"
      "                         (-RE: those that do not)\n"
      "  --benchmark_list_tests=BOOL  list the benchmarks, run none\n"
      "  --benchmark_min_time=S  seconds per benchmark (0.5 or 0.5s), or Nx\n"
      "                         iterations\n"
      "  --benchmark_min_warmup_time=S  seconds of warm-up first\n"
      "  --benchmark_repetitions=N  repetitions, 1 to 100000\n"
      "  --benchmark_enable_random_interleaving=BOOL  interleave the\n"
      "                         repetitions of all benchmarks at random\n"
      "  --benchmark_report_aggregates_only=BOOL  only mean, median, stddev\n"
      "                         and cv in the output file\n"
      "  --benchmark_display_aggregates_only=BOOL  likewise on the console\n"
      "  --benchmark_format=FMT  console, json or csv on stdout\n"
      "  --benchmark_out=FILE   the results to FILE as well: a regular FILE\n"
      "                         is replaced when the run ends; a device, FIFO\n"
      "                         or /dev/stdout is appended to, a link "
      "followed\n"
      "  --benchmark_out_format=FMT  console, json or csv in FILE (json)\n"
      "  --benchmark_color=WHEN  auto, true or false\n"
      "  --benchmark_counters_tabular=BOOL  counters as table columns\n"
      "  --benchmark_context=K=V[,K=V...]  extra context in the output\n"
      "  --benchmark_time_unit=UNIT  ns, us, ms or s\n"
      "  --v=N                  Google Benchmark's log level\n"
      "BOOL is true or false (also yes/no, on/off, 1/0).\n"
      "\n"
      "Exit status: 0 ok, 1 a benchmark reported a wrong result, 2 misuse.\n",
      f);
}

static int misuse(const char *what, const char *arg) {
  fprintf(stderr, PROG ": %s '%s' (see --help)\n", what, arg);
  return 2;
}

/* Checks one Google Benchmark flag A (bench_flags.h) and adds it, or its
 * replacement, to the user's flags. Returns 0 or 2 on misuse. */
static int check_gbench_flag(options *o, char *a) {
  char err[512], *replacement;
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
  o->user[o->nuser++] = a;
  return 0;
}

/* mmaplab-bench's own options beyond bench_env's. */
enum {
  OPT_QUICK = 'q',
  OPT_FULL = 'f',
  OPT_RESTORE = 'r',
  OPT_VERSION = 'V',
  OPT_PROGRESS_FD = 'p',
  OPT_QUIET = 's', /* silent */
  OPT_INSTRUCTIONS = 'i',
  OPT_PAGES = 'P',
  OPT_SEARCH = 'S'
};
#define OWN_OPTIONS 10

/* getopt_long's table: ours, then bench_env's. */
static void long_options(struct option *t) {
  static const struct option own[OWN_OPTIONS] = {
      {"help", no_argument, NULL, 'h'},
      {"quick", no_argument, NULL, OPT_QUICK},
      {"full", no_argument, NULL, OPT_FULL},
      {"restore", no_argument, NULL, OPT_RESTORE},
      {"version", no_argument, NULL, OPT_VERSION},
      {"progress-fd", required_argument, NULL, OPT_PROGRESS_FD},
      {"quiet", no_argument, NULL, OPT_QUIET},
      {"instructions", no_argument, NULL, OPT_INSTRUCTIONS},
      {"pages", no_argument, NULL, OPT_PAGES},
      {"search", no_argument, NULL, OPT_SEARCH}};
  memcpy(t, own, sizeof own);
  memcpy(t + OWN_OPTIONS, bench_env_options, sizeof bench_env_options);
  memset(t + OWN_OPTIONS + BENCH_ENV_NOPTIONS, 0, sizeof *t);
}

/* Takes option C (bench_getopt) of the element A; returns 0 or 2 on
 * misuse. Google Benchmark's flags are options getopt_long does not know. */
static int take_option(options *o, int c, char *a) {
  if (c == OPT_QUICK || c == OPT_FULL) {
    if (o->quick || o->full)
      return misuse("give --quick or --full once, not", a);
    *(c == OPT_QUICK ? &o->quick : &o->full) = 1;
    return 0;
  }
  if (c == OPT_QUIET) {
    o->quiet = 1;
    return 0;
  }
  if (c == OPT_INSTRUCTIONS) {
    o->instructions = 1;
    return 0;
  }
  if (c == OPT_PAGES || c == OPT_SEARCH) {
    if (o->pages || o->search)
      return misuse("give --pages or --search once, not", a);
    *(c == OPT_PAGES ? &o->pages : &o->search) = 1;
    return 0;
  }
  if (c == OPT_PROGRESS_FD)
    return ut_progress_fd(optarg, &o->progress_fd) == 0
               ? 0
               : misuse("not a descriptor open for writing", a);
  if (c >= BENCH_ENV_OPT_PAGE_MODES && c < BENCH_ENV_OPT_END)
    return bench_env_set(&o->env, c, optarg, a) == 0 ? 0 : 2;
  if (strncmp(a, "--benchmark_", 12) != 0 && strncmp(a, "--v=", 4) != 0)
    return misuse("unknown option", a);
  return check_gbench_flag(o, a);
}

/* 1 if the --page-modes LIST (NULL: every mode) names 4k. */
static int lists_4k(const char *list) {
  if (list == NULL)
    return 1;
  for (const char *p = list; *p != '\0';) {
    const size_t n = strcspn(p, ",");
    if (n == 2 && strncmp(p, "4k", 2) == 0)
      return 1;
    p += n + (p[n] == ',');
  }
  return 0;
}

/* Builds O->argv; returns 0, 1 after --help or --version, 2 on misuse.
 * Everything is checked here, before any work starts. */
static int parse(options *o, int argc, char **argv) {
  static char quick_time[] = "--benchmark_min_time=0.02";
  static char full_time[] = "--benchmark_min_time=0.1";
  static char reps[] = "--benchmark_repetitions=3";
  static char interleave[] = "--benchmark_enable_random_interleaving=true";
  struct option table[OWN_OPTIONS + BENCH_ENV_NOPTIONS + 1];
  char err[512];
  const char *arg;
  int c, rc;
  o->argv = calloc((size_t)argc + 4 + BENCH_INSTR_NDEFAULTS, sizeof *o->argv);
  o->user = calloc((size_t)argc, sizeof *o->user);
  o->owned = calloc((size_t)argc, sizeof *o->owned);
  if (o->argv == NULL || o->user == NULL || o->owned == NULL)
    return misuse("out of memory", "");
  o->argv[o->argc++] = argv[0];
  long_options(table);
  ut_opt_start();
  /* Options are written "--name" or "--name=VALUE", in full, in any
   * order; a stray argument ends them (and is refused below). */
  while ((c = bench_getopt(argc, argv, table, 1, &arg)) != -1) {
    if (c == 'h') {
      usage(stdout);
      return 1;
    }
    if (c == OPT_VERSION) /* before Google Benchmark sees any flag */
      return ut_print_version(PROG) == 0 ? 1 : 2;
    if (c == OPT_RESTORE) {
      if (argc != 2)
        return misuse("--restore takes no other option, not",
                      argv[arg == argv[1] ? 2 : 1]);
      o->restore = 1;
      return 0;
    }
    if ((rc = take_option(o, c, (char *)arg)) != 0)
      return rc;
  }
  if (arg != NULL)
    return misuse("unknown option", arg);
  if (bench_flags_check_env(err, sizeof err) != 0) {
    fprintf(stderr, PROG ": %s\n", err);
    return 2;
  }
  if (o->out != NULL && ut_output_check(o->out, err, sizeof err) != 0) {
    fprintf(stderr, PROG ": %s\n", err); /* nothing is created yet */
    return 2;
  }
  if (o->search && !lists_4k(o->env.page_modes))
    return misuse("--search runs in page mode 4k, which is not in",
                  o->env.page_modes);
  /* --pages --full is the whole matrix: as root, on every filesystem */
  if (o->pages && o->full && o->env.filesystems == NULL &&
      o->env.nfs_dirs == 0 && geteuid() == 0)
    o->env.filesystems = "all";
  if (o->quick || o->full) {
    o->argv[o->argc++] = o->quick ? quick_time : full_time;
    o->argv[o->argc++] = reps;
    o->argv[o->argc++] = interleave;
  }
  if (o->instructions)
    for (int i = 0; i < BENCH_INSTR_NDEFAULTS; i++)
      o->argv[o->argc++] = bench_instr_defaults[i];
  for (int i = 0; i < o->nuser; i++) /* later flags override the defaults */
    o->argv[o->argc++] = o->user[i];
  return 0;
}

/* Opens the user's --benchmark_out and points the last such flag (the one
 * Google Benchmark obeys) at the file Google Benchmark may write. Returns 0
 * or 2 after one line on stderr. */
static int open_out(options *o) {
  char err[512];
  const char *path;
  size_t n;
  if (o->out == NULL)
    return 0;
  if (bench_out_open(&o->out_file, o->out, err, sizeof err) != 0) {
    fprintf(stderr, PROG ": %s\n", err);
    return 2;
  }
  path = bench_out_gbench_path(o->out_file);
  n = strlen(OUT_FLAG) + strlen(path) + 1;
  if ((o->out_arg = malloc(n)) == NULL)
    return misuse("out of memory", "");
  snprintf(o->out_arg, n, OUT_FLAG "%s", path);
  for (int i = o->argc - 1; i > 0; i--)
    if (!strncmp(o->argv[i], OUT_FLAG, strlen(OUT_FLAG))) {
      o->argv[i] = o->out_arg;
      break;
    }
  return 0;
}

/* Puts the output file in place; 0 or 2 after one line on stderr. */
static int commit_out(options *o) {
  char err[512];
  bench_out *f = o->out_file;
  o->out_file = NULL;
  if (f != NULL && bench_out_commit(f, err, sizeof err) != 0) {
    fprintf(stderr, PROG ": %s\n", err);
    return 2;
  }
  return 0;
}

/* The page modes of CFG as "4k,thp,..." (static storage): the fault
 * family's, which are all of them. */
static const char *modes_list(const bench_config *cfg) {
  static char buf[256];
  buf[0] = '\0';
  for (size_t i = 0; i < cfg->nfault_modes; i++) {
    if (i > 0)
      strncat(buf, ",", sizeof buf - strlen(buf) - 1);
    strncat(buf, pm_mode_name(cfg->fault_modes[i]),
            sizeof buf - strlen(buf) - 1);
  }
  return buf;
}

/* Registers the families of CFG whose bench_instr_counts_family is
 * COUNTED (all of them when ALL). */
static void register_families(const bench_config *cfg, int all, int counted) {
#define BENCH_XX_CALL_(name)                                                   \
  if ((all || bench_instr_counts_family(#name) == counted) &&                  \
      (!cfg->pages || bench_family_in_pages(#name)) &&                         \
      (!cfg->search || bench_family_in_search(#name)))                         \
    bench_register_##name(cfg);
  BENCH_FAMILIES(BENCH_XX_CALL_)
#undef BENCH_XX_CALL_
}

/* --instructions leaves out the families it does not count; the benchmarks
 * of those the filter selects are said on stderr, so that none is dropped
 * silently (bench_instr.h). */
static void leave_out_uncounted(const bench_config *cfg) {
  size_t n;
  register_families(cfg, 0, 0);
  n = gb_selected_count();
  gb_clear();
  if (n > 0)
    fprintf(stderr,
            PROG ": --instructions counts find, rfind and move only: %zu "
                 "benchmark%s of other families that the filter selects "
                 "left out\n",
            n, n == 1 ? "" : "s");
}

static void register_all(const options *o, const bd_page_mode *modes,
                         size_t nmodes) {
  bd_page_mode classic[PM_MODE_COUNT];
  size_t nclassic = 0;
  /* the mthp sizes and default are the fault family's alone */
  for (size_t i = 0; i < nmodes; i++)
    if (modes[i] < PM_CLASSIC_COUNT)
      classic[nclassic++] = modes[i];
  const bench_config cfg = {o->quick ? BENCH_GRID_QUICK : BENCH_GRID_FULL,
                            classic,
                            nclassic,
                            modes,
                            nmodes,
                            o->pages,
                            o->search};
  if (o->instructions)
    leave_out_uncounted(&cfg);
  register_families(&cfg, !o->instructions, 1);
  gb_add_custom_context("mmaplab_version", mml_version_string());
  gb_add_custom_context("mmaplab_bench_mode", o->quick  ? "quick"
                                              : o->full ? "full"
                                                        : "default");
  gb_add_custom_context("mmaplab_page_modes", modes_list(&cfg));
  gb_add_custom_context("mmaplab_pages_only", o->pages ? "true" : "false");
  gb_add_custom_context("mmaplab_search_only", o->search ? "true" : "false");
  gb_add_custom_context("mmaplab_prefault",
                        "find, rfind, move: every page written before timing; "
                        "fault: nothing, the touch phase is what is timed");
  bench_env_add_context();
}

/* gb_progress_fn: one finished run, to the meter and --progress-fd. */
static void progress(size_t done, size_t total, const char *name, void *arg) {
  options *o = arg;
  if (!o->quiet)
    ut_meter_update(&o->meter, done, total);
  ut_progress_write(o->progress_fd, done, total, name);
}

static int run(options *o) {
  bd_page_mode modes[PM_MODE_COUNT];
  size_t ran, nmodes = 0;
  int rc = open_out(o);
  if (rc != 0)
    return rc;
  gb_initialize(&o->argc, o->argv);
  if (gb_report_unrecognized(o->argc, o->argv))
    return 2; /* Google Benchmark printed the one line */
  if ((rc = bench_env_setup(&o->env, modes, &nmodes)) != 0)
    return rc;
  if (o->instructions && (rc = bench_instr_begin()) != 0)
    return rc;
  register_all(o, modes, nmodes);
  /* after bench_env_aslr's re-execution, which needs it open */
  ut_progress_private(o->progress_fd);
  if (!o->quiet || o->progress_fd >= 0)
    gb_on_progress(progress, o);
  if (!o->quiet)
    ut_meter_begin(&o->meter, stderr, isatty(STDERR_FILENO), ut_now, PROG,
                   "runs");
  ran = gb_run();
  if (!o->quiet)
    ut_meter_end(&o->meter);
  bd_cache_clear();
  bench_env_restore();
  gb_shutdown();
  if (ran == 0) /* Google Benchmark said that the filter matched nothing */
    return 2;
  if ((rc = commit_out(o)) != 0)
    return rc;
  /* Runs that did not get their page mode, or a kernel feature, are in
   * the results as such; only wrong results make the exit status 1. */
  return gb_error_count() > bd_fallback_count() + bd_unavailable_count() ? 1
                                                                         : 0;
}

int main(int argc, char **argv) {
  options o = {.progress_fd = -1};
  int rc = parse(&o, argc, argv);
  if (rc == 0 && o.restore) { /* only that: prints what it did */
    const int pools = bench_pool_restore_leftovers(stdout, 1);
    rc = bench_sysfs_restore_leftovers(stdout, 1) == 0 && pools == 0 ? 0 : 2;
    if (bench_fsmount_remove_leftovers(stdout, 1) != 0)
      rc = 2;
  } else if (rc == 0)
    rc = bench_env_check_limits(&o.env);
  if (rc == 0 && !o.restore) {
    bench_env_aslr(&o.env, argv);
    /* --instructions: the same command again under callgrind, whose
     * status is this one's (bench_instr.h) */
    rc = o.instructions && !bench_instr_under_valgrind()
             ? bench_instr_reexec(argv)
             : run(&o);
  } else if (rc == 1)
    rc = 0;                    /* --help, --version */
  bench_out_abort(o.out_file); /* a run that failed leaves the target */
  for (int i = 0; i < o.nowned; i++)
    free(o.owned[i]);
  free(o.owned);
  free(o.user);
  free(o.argv);
  free(o.out_arg);
  return rc;
}
