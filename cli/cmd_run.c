/* cmd_run.c - `mmaplab run`, the main job: the conformance suite on the
 * core and on the present CPython, the quick benchmarks (C families and
 * CPython's side), and a report of it all, with built-in defaults.
 *
 * OUT is checked before any work. Raw results and logs are written to the
 * work directory .OUT.work-XXXXXX beside it first; the report builder then
 * writes OUT (index.html, summary.md, charts/, data/ with the raw JSON)
 * atomically, and the work directory is removed. If SIGINT, SIGTERM or
 * SIGHUP ends the run, the running child (its own process group) gets the
 * signal too and the work directory is removed (ut_cleanup). Paths of the
 * tools of this build are compiled in (cli/CMakeLists.txt).
 */
#define _GNU_SOURCE /* vasprintf */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "fingerprint.h"
#include "report.h"
#include "results.h"
#include "run_summary.h"
#include "ut_cleanup.h"
#include "ut_path.h"
#include "ut_spawn.h"
#include "ut_time.h"

#define NAME "mmaplab run"

static const char usage_text[] =
    "usage: mmaplab run [--out DIR] [--hosts LIST] [--families LIST]\n"
    "                   [--python PYTHON]\n"
    "The main job: the conformance suite on the core and on this machine's\n"
    "CPython, the quick benchmarks (core, glibc and CPython side by side)\n"
    "and a report (index.html, summary.md, charts, raw JSON).\n"
    "  --out DIR        report directory (default: reports/out/run-DATE-TIME\n"
    "                   in the source tree); must not exist yet; checked\n"
    "                   before anything runs, its parents are created\n"
    "  --hosts LIST     conformance hosts, of core,cpython,pypy, or none\n"
    "                   (default: core,cpython)\n"
    "  --families LIST  benchmark families, of find,rfind,move,fault,\n"
    "                   granularity,open, or none (default: all)\n"
    "  --python PYTHON  the CPython graded and measured (default: python3)\n"
    "Raw results and logs go to .DIR.work-XXXXXX beside DIR first (kept\n"
    "there if a step fails). SIGINT, SIGTERM or SIGHUP ends the running\n"
    "step's processes too and removes the work directory.\n"
    "Exit status: 0 ok, 1 a conformance failure or a wrong benchmark "
    "result,\n2 misuse or error.\n";

static const char *const all_hosts[] = {"core", "cpython", "pypy", NULL};
static const char *const all_families[] = {
    "find", "rfind", "move", "fault", "granularity", "open", NULL};

typedef struct run_opts {
  const char *out, *hosts, *families, *python;
} run_opts;

static int misuse(const char *what, const char *arg) {
  fprintf(stderr, NAME ": %s%s%s (see --help)\n", what, arg ? " " : "",
          arg ? arg : "");
  return 2;
}

/* 1 if LIST is "none" or a comma list of words of ALLOWED. */
static int list_ok(const char *list, const char *const *allowed) {
  char buf[256], *save = NULL;
  if (!strcmp(list, "none"))
    return 1;
  if (*list == '\0' || strlen(list) >= sizeof buf || strstr(list, ",,") ||
      list[strlen(list) - 1] == ',')
    return 0;
  strcpy(buf, list);
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    int found = 0;
    for (size_t i = 0; allowed[i] != NULL; i++)
      found |= !strcmp(t, allowed[i]);
    if (!found)
      return 0;
  }
  return 1;
}

/* 1 if WORD is in the comma list LIST. */
static int in_list(const char *list, const char *word) {
  const size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
    if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
      return 1;
  return 0;
}

static int parse(run_opts *o, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = !strcmp(a, "--out")        ? &o->out
                        : !strcmp(a, "--hosts")    ? &o->hosts
                        : !strcmp(a, "--families") ? &o->families
                        : !strcmp(a, "--python")   ? &o->python
                                                   : NULL;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(usage_text, stdout);
      return 1;
    }
    if (slot == NULL)
      return misuse("unknown argument", a);
    if (i + 1 == argc || argv[i + 1][0] == '\0')
      return misuse("needs a value:", a);
    *slot = argv[++i];
  }
  if (!list_ok(o->hosts, all_hosts))
    return misuse("--hosts is a list of core, cpython, pypy, or none, not",
                  o->hosts);
  if (!list_ok(o->families, all_families))
    return misuse("--families is a list of find, rfind, move, fault, "
                  "granularity, open, or none, not",
                  o->families);
  return 0;
}

/* ---- the steps ---------------------------------------------------------- */

typedef struct run_ctx {
  run_opts o;
  char *work;   /* .OUT.work-XXXXXX beside OUT */
  char *logs;   /* WORK/logs */
  char *python; /* the CPython's own path (sys.executable); NULL if none */
  char **files; /* result files for the report */
  size_t nfiles;
  cli_summary sum;
  double start;
  int findings; /* a step found a failure: exit 1 */
} run_ctx;

/* A printf-style string in a new buffer the caller frees; NULL after one
 * line on stderr when out of memory. Paths are built with it: no fixed
 * buffer to truncate them. */
__attribute__((format(printf, 1, 2))) static char *fmt(const char *f, ...) {
  va_list ap;
  char *s;
  int n;
  va_start(ap, f);
  n = vasprintf(&s, f, ap);
  va_end(ap);
  if (n < 0) {
    fprintf(stderr, NAME ": out of memory\n");
    return NULL;
  }
  return s;
}

static void step(const char *what) {
  printf("mmaplab run: %s\n", what);
  fflush(stdout);
}

static int add_file(run_ctx *c, const char *path) {
  char **v = realloc(c->files, (c->nfiles + 1) * sizeof *v);
  if (v == NULL || (v[c->nfiles] = strdup(path)) == NULL) {
    if (v != NULL)
      c->files = v;
    fprintf(stderr, NAME ": out of memory\n");
    return -1;
  }
  c->files = v;
  c->nfiles++;
  return 0;
}

/* Runs ARGV with its output in logs/LOG.out and logs/LOG.err; returns its
 * exit status, or -1 after one line on stderr if it could not start. */
static int run_logged(run_ctx *c, char *const argv[], const char *log) {
  char *out = fmt("%s/%s.out", c->logs, log);
  char *err = fmt("%s/%s.err", c->logs, log);
  int rc = -1;
  if (out != NULL && err != NULL) {
    const ut_spawn_opts so = {.argv = argv, .out_path = out, .err_path = err};
    rc = ut_spawn(&so);
    if (rc < 0)
      fprintf(stderr, NAME ": cannot run %s: %s\n", argv[0], strerror(errno));
  }
  free(out);
  free(err);
  return rc;
}

/* PROG as a path for posix_spawn: itself if it holds a '/', else the first
 * executable of that name in a directory of PATH; NULL if there is none.
 * A new string. */
static char *find_program(const char *prog) {
  const char *env = getenv("PATH");
  char *dirs, *save = NULL, *found = NULL;
  if (strchr(prog, '/') != NULL)
    return strdup(prog);
  if ((dirs = strdup(env != NULL ? env : "/usr/bin:/bin")) == NULL)
    return NULL;
  for (char *d = strtok_r(dirs, ":", &save); d != NULL && found == NULL;
       d = strtok_r(NULL, ":", &save)) {
    char *p = fmt("%s/%s", d, prog);
    if (p != NULL && access(p, X_OK) == 0)
      found = p;
    else
      free(p);
  }
  free(dirs);
  return found;
}

/* The first line of the file PATH without its newline (a new string), or
 * NULL. */
static char *first_line(const char *path) {
  FILE *f = fopen(path, "r");
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  if (f == NULL)
    return NULL;
  n = getline(&line, &cap, f);
  fclose(f);
  if (n <= 0) {
    free(line);
    return NULL;
  }
  line[strcspn(line, "\n")] = '\0';
  return line;
}

/* Sets C->python (the interpreter itself) and the version "3.11.2" of
 * --python into C->sum; 0 or -1 (one line said why). */
static int python_version(run_ctx *c) {
  char *argv[] = {NULL, "-c",
                  "import platform, sys\n"
                  "if platform.python_implementation() != 'CPython':\n"
                  "    sys.exit(1)\n"
                  "print(platform.python_version(), sys.executable)\n",
                  NULL};
  char *out, *line = NULL, *space;
  int rc = -1;
  argv[0] = find_program(c->o.python);
  if (argv[0] == NULL || run_logged(c, argv, "python-version") != 0) {
    fprintf(stderr, NAME ": %s is not a working CPython\n", c->o.python);
    free(argv[0]);
    return -1;
  }
  free(argv[0]);
  if ((out = fmt("%s/python-version.out", c->logs)) != NULL)
    line = first_line(out);
  free(out);
  /* "3.11.2 /usr/bin/python3": the interpreter itself, not a launcher such
   * as a pyenv shim, runs the host and the benchmarks. */
  space = line != NULL ? strchr(line, ' ') : NULL;
  if (space == NULL || space == line || space[1] == '\0' ||
      (size_t)(space - line) >= sizeof c->sum.python_version) {
    fprintf(stderr, NAME ": %s did not say its version\n", c->o.python);
  } else if ((c->python = strdup(space + 1)) != NULL) {
    *space = '\0';
    snprintf(c->sum.python_version, sizeof c->sum.python_version, "%s", line);
    rc = 0;
  }
  free(line);
  return rc;
}

static int write_fingerprint(run_ctx *c) {
  char *path = fmt("%s/fingerprint.json", c->work);
  json_t *fp;
  int rc = 0;
  errno = 0;
  fp = mml_bench_fingerprint(c->work);
  if (path == NULL || fp == NULL ||
      json_dump_file(fp, path, JSON_INDENT(2)) != 0) {
    fprintf(stderr, NAME ": cannot write %s/fingerprint.json: %s\n", c->work,
            errno ? strerror(errno) : "out of memory");
    rc = -1;
  }
  json_decref(fp);
  free(path);
  return rc;
}

/* One conformance run: HOST_CMD against GOLDEN into conformance/LABEL. */
static int conform(run_ctx *c, const char *label, const char *host_cmd,
                   const char *golden) {
  char msg[256];
  char *out = fmt("%s/conformance-%s", c->work, label);
  char *report = out ? fmt("%s/report.json", out) : NULL;
  char *argv[] = {
      MML_CONFORM_EXE, "run",          "--quiet", "--host", (char *)host_cmd,
      "--golden",      (char *)golden, "--out",   out,      NULL};
  int rc = -1;
  if (report == NULL)
    goto out;
  snprintf(msg, sizeof msg, "conformance: %s against %s ...", label, golden);
  step(msg);
  rc = run_logged(c, argv, label);
  if (rc < 0 || rc >= 2) {
    fprintf(stderr,
            NAME ": the conformance run of %s failed (exit %d); see "
                 "%s/%s.err\n",
            label, rc, c->logs, label);
    rc = -1;
    goto out;
  }
  c->findings |= rc == 1;
  rc = add_file(c, report);
  cli_summary_conformance(&c->sum, label, golden, report);
out:
  free(out);
  free(report);
  return rc;
}

static int step_cpython_conformance(run_ctx *c) {
  char golden[128];
  char *dir, *host = NULL;
  struct stat sb;
  int rc = -1;
  if (c->python == NULL) {
    fprintf(stderr,
            NAME ": no CPython to grade (--python %s; --hosts "
                 "without cpython skips it)\n",
            c->o.python);
    return -1;
  }
  snprintf(golden, sizeof golden, "cpython-%s", c->sum.python_version);
  if ((dir = fmt("%s/conformance/golden/%s", MML_SOURCE_DIR, golden)) == NULL)
    return -1;
  if (stat(dir, &sb) != 0) {
    printf("mmaplab run: conformance: CPython %s skipped: no committed "
           "golden %s (scripts/regen-goldens makes one)\n",
           c->sum.python_version, golden);
    cli_summary_note(&c->sum, "CPython's conformance skipped: no golden");
    rc = 0;
  } else if ((host = fmt("%s %s/conformance/hosts/python/host.py", c->python,
                         MML_SOURCE_DIR)) != NULL) {
    rc = conform(c, "cpython", host, golden);
  }
  free(dir);
  free(host);
  return rc;
}

static int step_conformance(run_ctx *c) {
  char *host;
  int rc = 0;
  if (in_list(c->o.hosts, "core") &&
      conform(c, "core", MML_CORE_HOST_EXE " --python 3.13.0",
              "cpython-3.13.0") != 0)
    return -1;
  if (in_list(c->o.hosts, "cpython") && step_cpython_conformance(c) != 0)
    return -1;
  if (!in_list(c->o.hosts, "pypy"))
    return 0;
  if (access("/usr/bin/pypy3", X_OK) != 0) {
    printf("mmaplab run: conformance: PyPy skipped: /usr/bin/pypy3 is not "
           "installed\n");
    return 0;
  }
  host = fmt("/usr/bin/pypy3 %s/conformance/hosts/python/host.py "
             "--host-name pypy",
             MML_SOURCE_DIR);
  rc = host != NULL ? conform(c, "pypy", host, "cpython-3.9.18") : -1;
  free(host);
  return rc;
}

/* The families as Google Benchmark / mmap_bench.py filters: "^(a|b)/". */
static void family_filter(const char *families, char *buf, size_t len,
                          int python) {
  size_t n = 0;
  n += (size_t)snprintf(buf + n, len - n, "^(");
  for (size_t i = 0; all_families[i] != NULL && n < len; i++) {
    const int py_has = i < 3; /* find, rfind, move */
    if (!in_list(families, all_families[i]) || (python && !py_has))
      continue;
    n += (size_t)snprintf(buf + n, len - n, "%s%s",
                          buf[n - 1] == '(' ? "" : "|", all_families[i]);
  }
  if (n < len)
    snprintf(buf + n, len - n, ")/");
}

/* The C families with mmaplab-bench into WORK/bench-c.json. */
static int bench_c(run_ctx *c) {
  char filter[256];
  char *out = fmt("%s/bench-c.json", c->work);
  char *flag = out ? fmt("--benchmark_out=%s", out) : NULL;
  char *filt_flag = NULL;
  int rc = -1;
  family_filter(c->o.families, filter, sizeof filter, 0);
  if (flag == NULL ||
      (filt_flag = fmt("--benchmark_filter=%s", filter)) == NULL)
    goto out;
  {
    char *argv[] = {MML_BENCH_EXE, "--quick",
                    flag,          "--benchmark_out_format=json",
                    filt_flag,     NULL};
    step("benchmarks: C families, quick grid (about 2 minutes) ...");
    rc = run_logged(c, argv, "bench-c");
  }
  if (rc < 0 || rc >= 2) {
    fprintf(stderr,
            NAME ": mmaplab-bench failed (exit %d); see %s/bench-c.err\n", rc,
            c->logs);
    rc = -1;
    goto out;
  }
  c->findings |= rc == 1;
  rc = add_file(c, out);
  cli_summary_bench(&c->sum, out);
out:
  free(out);
  free(flag);
  free(filt_flag);
  return rc;
}

/* CPython's side with bench/python/mmap_bench.py, on the families FILTER
 * that it has, into WORK/bench-cpython.json. */
static int bench_cpython(run_ctx *c, char *filter) {
  char *out = fmt("%s/bench-cpython.json", c->work);
  char *script = fmt("%s/bench/python/mmap_bench.py", MML_SOURCE_DIR);
  int rc = -1;
  if (out != NULL && script != NULL) {
    char *argv[] = {c->python,
                    script,
                    "--quick",
                    "--out",
                    out,
                    "--fingerprint-cmd",
                    MML_FINGERPRINT_EXE,
                    "--filter",
                    filter,
                    NULL};
    step("benchmarks: CPython's mmap on the same grid ...");
    rc = run_logged(c, argv, "bench-cpython");
    if (rc != 0) {
      fprintf(stderr,
              NAME ": mmap_bench.py failed (exit %d); see "
                   "%s/bench-cpython.err\n",
              rc, c->logs);
      rc = -1;
    } else if ((rc = add_file(c, out)) == 0) {
      cli_summary_bench(&c->sum, out);
    }
  }
  free(out);
  free(script);
  return rc;
}

static int step_bench(run_ctx *c) {
  char filter[256];
  if (!strcmp(c->o.families, "none"))
    return 0;
  if (bench_c(c) != 0)
    return -1;
  family_filter(c->o.families, filter, sizeof filter, 1);
  if (!strcmp(filter, "^()/"))
    return 0; /* no family the Python side has */
  if (c->python == NULL) {
    cli_summary_note(&c->sum, "CPython's benchmarks skipped: no CPython");
    return 0;
  }
  return bench_cpython(c, filter);
}

static int step_report(run_ctx *c) {
  char **argv = calloc(c->nfiles + 6, sizeof *argv);
  int n = 0, rc;
  if (argv == NULL) {
    fprintf(stderr, NAME ": out of memory\n");
    return -1;
  }
  argv[n++] = "report";
  argv[n++] = "--out";
  argv[n++] = (char *)c->o.out;
  argv[n++] = "--title";
  argv[n++] = "mmaplab run";
  for (size_t i = 0; i < c->nfiles; i++)
    argv[n++] = c->files[i];
  argv[n] = NULL;
  step("report ...");
  rc = mml_cmd_report(n, argv) == 0 ? 0 : -1;
  free(argv);
  return rc;
}

/* ---- the command -------------------------------------------------------- */

/* MML_SOURCE_DIR/reports/out/run-DATE-TIME (a new string) or NULL. */
static char *default_out(void) {
  char stamp[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  return fmt("%s/reports/out/run-%s", MML_SOURCE_DIR, stamp);
}

static void run_free(run_ctx *c, char *out) {
  for (size_t i = 0; i < c->nfiles; i++)
    free(c->files[i]);
  free(c->files);
  free(c->work);
  free(c->logs);
  free(c->python);
  free(out);
}

/* The longest path run writes below its work directory:
 * "/conformance-cpython/" and a temporary sibling of
 * "expectations-suggested.json". */
#define RUN_INNER_MAX 128

/* Checks OUT before any work: the report can be written there, and the
 * work directory beside it and its files fit. 0, or 2 after one line. */
static int check_out(run_ctx *c) {
  char err[PATH_MAX + 256];
  struct stat sb;
  int rc = 0;
  if (lstat(c->o.out, &sb) == 0)
    return misuse("the report directory exists already:", c->o.out);
  if (mml_report_check_out(c->o.out, err, sizeof err) != 0) {
    fprintf(stderr, NAME ": %s\n", err);
    return 2;
  }
  if ((c->work = ut_tmp_sibling(c->o.out, "work")) == NULL)
    return 2;
  if (strlen(c->work) + RUN_INNER_MAX >= PATH_MAX) {
    fprintf(stderr,
            NAME ": cannot create %s: too long: the files of the run below "
                 "it would exceed PATH_MAX (%d bytes)\n",
            c->o.out, PATH_MAX);
    rc = 2;
  }
  return rc;
}

/* Creates OUT's parents and the work directory OUT's sibling
 * .OUT.work-XXXXXX with logs/, removed if a fatal signal ends mmaplab. 0,
 * or 2 after one line. */
static int make_work(run_ctx *c) {
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
  if ((rc = ut_cleanup_add(c->work)) != 0 ||
      (c->logs = fmt("%s/logs", c->work)) == NULL ||
      (mkdir(c->logs, 0777) != 0 && (rc = errno) != 0)) {
    fprintf(stderr, NAME ": cannot create %s/logs: %s\n", c->work,
            strerror(rc ? rc : ENOMEM));
    ut_remove_tree(c->work);
    ut_cleanup_forget(c->work);
    return 2;
  }
  return 0;
}

int cli_cmd_run(int argc, char **argv) {
  static run_ctx c; /* large: not on the stack */
  char took[32], *out = NULL, *logs_to = NULL;
  int rc;
  memset(&c, 0, sizeof c);
  c.o = (run_opts){NULL, "core,cpython",
                   "find,rfind,move,fault,granularity,open", "python3"};
  if ((rc = parse(&c.o, argc, argv)) != 0)
    return rc == 1 ? 0 : rc;
  if (c.o.out == NULL && (c.o.out = out = default_out()) == NULL)
    return 2;
  if ((rc = check_out(&c)) != 0 || (rc = make_work(&c)) != 0) {
    run_free(&c, out);
    return rc;
  }
  c.start = ut_now();
  step("fingerprint ...");
  python_version(&c); /* without a CPython, only its steps fail */
  rc = write_fingerprint(&c) != 0 || step_conformance(&c) != 0 ||
       step_bench(&c) != 0 || step_report(&c) != 0;
  ut_cleanup_forget(c.work); /* from here on, kept or removed here */
  if (rc) {
    fprintf(stderr, NAME ": stopped; the raw results and logs are in %s\n",
            c.work);
    run_free(&c, out);
    return 2;
  }
  /* The logs join the report; the rest of the work dir is in data/. */
  if ((logs_to = fmt("%s/logs", c.o.out)) == NULL ||
      rename(c.logs, logs_to) != 0 || ut_remove_tree(c.work) != 0)
    fprintf(stderr, NAME ": note: could not tidy %s\n", c.work);
  free(logs_to);
  snprintf(took, sizeof took, "%.1f s", ut_now() - c.start);
  cli_summary_print(&c.sum, c.o.out, took, stdout);
  rc = c.findings ? 1 : 0;
  run_free(&c, out);
  return rc;
}
