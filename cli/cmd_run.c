/* cmd_run.c - `mmaplab run`, the main job: the conformance suite on the
 * core and on the present CPython, the quick benchmarks (C families and
 * CPython's side), and a report of it all, with built-in defaults. Its
 * options and its course are here, its steps in run_steps.c.
 *
 * OUT is checked before any work. Raw results and logs are written to the
 * work directory .OUT.work-XXXXXX beside it first; the report builder then
 * writes OUT (index.html, summary.md, charts/, data/ with the raw JSON)
 * atomically, and the work directory is removed. If SIGINT, SIGTERM or
 * SIGHUP ends the run, the running child (its own process group) gets the
 * signal too and the work directory is removed (ut_cleanup, ut_spawn).
 */
#define _GNU_SOURCE /* mkdtemp, lstat, gmtime_r under -std=c11 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "commands.h"
#include "report.h"
#include "run.h"
#include "ut_cleanup.h"
#include "ut_opt.h"
#include "ut_path.h"
#include "ut_layout.h"
#include "ut_str.h"
#include "ut_time.h"
#include "ut_version.h"

#define NAME CLI_RUN_NAME

static const char usage_text[] =
    "usage: mmaplab run [--out DIR] [--hosts LIST] [--families LIST]\n"
    "                   [--python PYTHON] [--pypy PYPY] [--pages] [--quiet]\n"
    "\n"
    "The main job: the conformance suite on the core and on this machine's\n"
    "CPython, the quick benchmarks (core, glibc and CPython side by side)\n"
    "and a report (index.html, summary.md, charts, raw JSON).\n"
    "\n"
    "  --out DIR        report directory (default: ./mmaplab-run-DATE-TIME\n"
    "                   when installed, reports/out/run-DATE-TIME in a\n"
    "                   checkout); must not exist yet; checked before\n"
    "                   anything runs, its parents are created\n"
    "  --hosts LIST     conformance hosts, of core,cpython,pypy, or none\n"
    "                   (default: core,cpython)\n"
    "  --families LIST  benchmark families, of find,rfind,move,fault,\n"
    "                   filemap,granularity,open, or none (default: all)\n"
    "  --python PYTHON  the CPython graded and measured (default: python3)\n"
    "  --pypy PYPY      the PyPy --hosts pypy grades (default: pypy3; that\n"
    "                   step is skipped when there is none)\n"
    "  --pages          the page matrix alone, quick slice (mmaplab-bench\n"
    "                   --pages --quick: fault, filemap, granularity, find\n"
    "                   and rfind on file maps), no conformance unless\n"
    "                   --hosts is given; the report's Page behaviour\n"
    "                   section states what it found\n"
    "  --quiet          no progress on stderr (errors still go there)\n"
    "  --help           this text\n"
    "  --version        print \"mmaplab run VERSION\" and exit\n"
    "\n"
    "PYTHON and PYPY are looked up in PATH unless they hold a '/'. The core\n"
    "is graded against the newest golden in conformance/golden/, CPython\n"
    "against the golden of its own version, PyPy against the newest golden\n"
    "of the CPython X.Y it implements.\n"
    "\n"
    "Each step's progress goes to stderr, with counts (conformance cases,\n"
    "benchmark runs) and an estimate of the time left; stdout carries only\n"
    "the results and the summary.\n"
    "Raw results and logs go to .DIR.work-XXXXXX beside DIR first (kept\n"
    "there if a step fails). SIGINT, SIGTERM or SIGHUP ends the running\n"
    "step's processes too and removes the work directory.\n"
    "\n"
    "Exit status: 0 ok, 1 a conformance failure or a wrong benchmark "
    "result,\n2 misuse or error.\n";

/* ---- options ------------------------------------------------------------ */

enum {
  OPT_OUT = 256,
  OPT_HOSTS,
  OPT_FAMILIES,
  OPT_PYTHON,
  OPT_PYPY,
  OPT_QUIET,
  OPT_PAGES
};

static const struct option long_opts[] = {
    {"out", required_argument, NULL, OPT_OUT},
    {"hosts", required_argument, NULL, OPT_HOSTS},
    {"families", required_argument, NULL, OPT_FAMILIES},
    {"python", required_argument, NULL, OPT_PYTHON},
    {"pypy", required_argument, NULL, OPT_PYPY},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"pages", no_argument, NULL, OPT_PAGES},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'}, /* long only: no -V */
    {NULL, 0, NULL, 0},
};

static int misuse(const char *what, const char *arg) {
  fprintf(stderr, NAME ": %s%s%s (see --help)\n", what, arg ? " " : "",
          arg ? arg : "");
  return 2;
}

static const char *host_at(size_t i) { return cli_run_hosts[i].name; }
static const char *family_at(size_t i) { return cli_run_families[i].name; }

/* The names of a table (NAME_AT(i) until NULL) joined by SEP; a new
 * string. */
static char *join(const char *(*name_at)(size_t), const char *sep) {
  ut_str s = {0};
  for (size_t i = 0; name_at(i) != NULL; i++)
    ut_str_addf(&s, "%s%s", i ? sep : "", name_at(i));
  return s.data;
}

/* 1 if LIST is "none" or a comma list of names of a table. */
static int list_ok(const char *list, const char *(*name_at)(size_t)) {
  if (!strcmp(list, "none"))
    return 1;
  for (const char *p = list;; p++) {
    const size_t n = strcspn(p, ",");
    size_t i = 0;
    while (name_at(i) != NULL &&
           (strlen(name_at(i)) != n || strncmp(p, name_at(i), n) != 0))
      i++;
    if (n == 0 || name_at(i) == NULL)
      return 0; /* an empty or unknown word */
    if (p[n] == '\0')
      return 1;
    p += n;
  }
}

/* Checks --hosts or --families (OPT) against its table: 0, or 2 after
 * one line listing the names. */
static int check_list(const char *opt, const char *list,
                      const char *(*name_at)(size_t)) {
  char *names, *what;
  if (list_ok(list, name_at))
    return 0;
  names = join(name_at, ", ");
  what = ut_xasprintf("%s is a list of %s, or none, not", opt, names);
  misuse(what, list);
  free(names);
  free(what);
  return 2;
}

static const struct option *option_of(int val) {
  const struct option *lo = long_opts;
  while (lo->name != NULL && lo->val != val)
    lo++;
  return lo->name != NULL ? lo : NULL;
}

/* Reads the options into O: 0, 1 after printing the help, or 2 after one
 * line (1 also after --version). Options are read in order up to the first
 * operand, which is refused (no permutation), as is "--"; getopt_long's own
 * messages are off, the old ones are printed instead. */
static int parse(cli_run_opts *o, int argc, char **argv) {
  int hosts_given = 0;
  ut_opt_start();
  for (;;) {
    int at; /* the argument being read */
    const int ch = ut_opt_next(argc, argv, "+:h", long_opts, &at);
    const struct option *lo = option_of(ch == ':' ? optopt : ch);
    char *name;
    if (ch == -1 && at < argc) /* an operand, or "--" */
      return misuse("unknown argument", argv[at]);
    if (ch == -1)
      break;
    if (ch == '?' || lo == NULL)
      return misuse("unknown argument", argv[at]);
    if (ch == 'h') {
      fputs(usage_text, stdout);
      return 1;
    }
    if (ch == 'V')
      return ut_print_version(NAME) == 0 ? 1 : 2;
    if (ch == OPT_QUIET || ch == OPT_PAGES) {
      *(ch == OPT_QUIET ? &o->quiet : &o->pages) = 1;
      if (ch == OPT_PAGES && !hosts_given)
        o->hosts = "none";
      continue;
    }
    if (ch == ':' || optarg[0] == '\0') {
      name = ut_xasprintf("--%s", lo->name);
      misuse("needs a value:", name);
      free(name);
      return 2;
    }
    hosts_given |= ch == OPT_HOSTS;
    *(ch == OPT_OUT        ? &o->out
      : ch == OPT_HOSTS    ? &o->hosts
      : ch == OPT_FAMILIES ? &o->families
      : ch == OPT_PYTHON   ? &o->python
                           : &o->pypy) = optarg;
  }
  /* glibc keeps the "+" ordering until optind is 0 again: the report's own
   * getopt_long, later in this process, starts afresh. */
  optind = 0;
  if (check_list("--hosts", o->hosts, host_at) != 0 ||
      check_list("--families", o->families, family_at) != 0)
    return 2;
  return 0;
}

/* ---- the work directory ------------------------------------------------- */

/* From a build tree SOURCE/reports/out/run-DATE-TIME (UTC); installed
 * ./mmaplab-run-DATE-TIME, in the current directory (ut_layout_output). A
 * new string. */
static char *default_out(void) {
  const time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  char *stamp =
      ut_xasprintf("%04d%02d%02d-%02d%02d%02d", tm.tm_year + 1900,
                   tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  char *in_tree = ut_xasprintf("reports/out/run-%s", stamp);
  char *installed = ut_xasprintf("mmaplab-run-%s", stamp);
  char *out = ut_layout_output(in_tree, installed);
  free(stamp);
  free(in_tree);
  free(installed);
  return out;
}

/* The longest path run writes below its work directory:
 * "/conformance-cpython/" and a temporary sibling of
 * "expectations-suggested.json". */
#define RUN_INNER_MAX 128

/* Checks OUT before any work: the report can be written there, and the
 * work directory beside it and its files fit. 0, or 2 after one line. */
static int check_out(cli_run *c) {
  /* The message names OUT or one of its parents, and a reason. */
  const size_t errlen = strlen(c->o.out) + 512;
  char *err = ut_xmalloc(errlen);
  struct stat sb;
  int rc = 0;
  if (lstat(c->o.out, &sb) == 0) {
    rc = misuse("the report directory exists already:", c->o.out);
  } else if (rp_report_check_out(c->o.out, err, errlen) != 0) {
    fprintf(stderr, NAME ": %s\n", err);
    rc = 2;
  } else if ((c->work = ut_tmp_sibling(c->o.out, "work")) == NULL) {
    fprintf(stderr, NAME ": out of memory\n");
    rc = 2;
  } else if (strlen(c->work) + RUN_INNER_MAX >= PATH_MAX) {
    fprintf(stderr,
            NAME ": cannot create %s: too long: the files of the run below "
                 "it would exceed PATH_MAX (%d bytes)\n",
            c->o.out, PATH_MAX);
    rc = 2;
  }
  free(err);
  return rc;
}

/* Creates OUT's parents and the work directory OUT's sibling
 * .OUT.work-XXXXXX with logs/, removed if a fatal signal ends mmaplab. 0,
 * or 2 after one line. */
static int make_work(cli_run *c) {
  char *parent = ut_dirname(c->o.out);
  int rc = parent != NULL ? ut_mkdirs(parent) : ENOMEM;
  if (rc != 0)
    fprintf(stderr, NAME ": cannot create %s: %s\n", parent ? parent : c->o.out,
            strerror(rc));
  free(parent);
  if (rc != 0)
    return 2;
  if (mkdtemp(c->work) == NULL) {
    fprintf(stderr, NAME ": cannot create %s: %s\n", c->work, strerror(errno));
    return 2;
  }
  c->logs = ut_xasprintf("%s/logs", c->work);
  if ((rc = ut_cleanup_add(c->work)) != 0 ||
      (mkdir(c->logs, 0777) != 0 && (rc = errno) != 0)) {
    fprintf(stderr, NAME ": cannot create %s: %s\n", c->logs, strerror(rc));
    ut_remove_tree(c->work);
    ut_cleanup_forget(c->work);
    return 2;
  }
  return 0;
}

static void run_free(cli_run *c) {
  for (size_t i = 0; i < c->nfiles; i++)
    free(c->files[i]);
  free(c->files);
  free(c->work);
  free(c->logs);
  free(c->python);
  free(c->python_version);
  cli_summary_free(&c->sum);
}

/* ---- the command -------------------------------------------------------- */

int cli_cmd_run(int argc, char **argv) {
  cli_run c;
  char *const all_families = join(family_at, ",");
  char *out = NULL, *logs_to;
  double start;
  int rc;
  memset(&c, 0, sizeof c);
  c.o = (cli_run_opts){
      NULL, "core,cpython", all_families, "python3", "pypy3", 0, 0};
  if ((rc = parse(&c.o, argc, argv)) != 0) {
    free(all_families);
    return rc == 1 ? 0 : rc;
  }
  if (c.o.out == NULL)
    c.o.out = out = default_out();
  if ((rc = check_out(&c)) == 0 && (rc = make_work(&c)) == 0) {
    start = ut_now();
    cli_run_step(&c, "fingerprint ...");
    cli_run_find_python(&c); /* without a CPython, only its steps fail */
    rc = cli_run_fingerprint(&c) != 0 || cli_run_conformance(&c) != 0 ||
         cli_run_bench(&c) != 0 || cli_run_report(&c) != 0;
    ut_cleanup_forget(c.work); /* from here on, kept or removed here */
    if (rc) {
      fprintf(stderr, NAME ": stopped; the raw results and logs are in %s\n",
              c.work);
      rc = 2;
    } else {
      /* The logs join the report; the rest of the work dir is in data/. */
      logs_to = ut_xasprintf("%s/logs", c.o.out);
      if (rename(c.logs, logs_to) != 0 || ut_remove_tree(c.work) != 0)
        fprintf(stderr, NAME ": note: could not tidy %s\n", c.work);
      free(logs_to);
      cli_summary_print(&c.sum, c.o.out, ut_now() - start, stdout);
      rc = c.findings ? 1 : 0;
    }
  }
  run_free(&c);
  free(out);
  free(all_families);
  return rc;
}
