/* run_steps.c - the steps of `mmaplab run` (run.h): finding the CPython,
 * the fingerprint, the conformance hosts, the benchmarks and the report.
 * The helper programs and the data (goldens, the Python host, the CPython
 * benchmark script) are found from this executable (ut_layout.h): those of
 * the build tree, or of the installed prefix. The goldens graded against
 * are chosen from the data's conformance/golden/ (run_golden.h), the
 * interpreters from --python and --pypy. */
#define _GNU_SOURCE /* getline */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fingerprint.h"
#include "report.h"
#include "run.h"
#include "run_golden.h"
#include "ut_layout.h"
#include "ut_meter.h"
#include "ut_spawn.h"
#include "ut_str.h"
#include "ut_time.h"

#define NAME CLI_RUN_NAME
#define GOLDEN_DIR "conformance/golden"
#define PYTHON_HOST "conformance/hosts/python/host.py"

static int conform_core(cli_run *c);
static int conform_cpython(cli_run *c);
static int conform_pypy(cli_run *c);

const cli_run_host cli_run_hosts[] = {
    {"core", conform_core},
    {"cpython", conform_cpython},
    {"pypy", conform_pypy},
    {NULL, NULL},
};

const cli_run_family cli_run_families[] = {
    {"find", 1},    {"rfind", 1},       {"move", 1}, {"fault", 0},
    {"filemap", 0}, {"granularity", 0}, {"open", 0}, {NULL, 0},
};

int cli_in_list(const char *list, const char *word) {
  const size_t n = strlen(word);
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
    if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
      return 1;
  return 0;
}

void cli_run_step(const cli_run *c, const char *what) {
  if (c->o.quiet)
    return;
  fprintf(stderr, "mmaplab run: %s\n", what);
  fflush(stderr);
}

/* Adds a copy of PATH to the files of the report. */
static void add_file(cli_run *c, const char *path) {
  c->files = ut_xrealloc(c->files, (c->nfiles + 1) * sizeof *c->files);
  c->files[c->nfiles++] = ut_xstrdup(path);
}

/* The descriptor a helper writes its progress lines to, and the option
 * that tells it so (util/ut_progress.h). */
#define PROGRESS_FD 3
#define PROGRESS_FLAG "--progress-fd=3"

/* Runs ARGV (argv[0] looked up in PATH unless it holds a '/') with its
 * output in logs/LOG.out and logs/LOG.err, and its progress lines, if P is
 * not NULL, handed to P; its exit status, or -1 with errno if it could not
 * start. */
static int spawn_progress(cli_run *c, char *const argv[], const char *log,
                          ut_meter *p) {
  char *out = ut_xasprintf("%s/%s.out", c->logs, log);
  char *err = ut_xasprintf("%s/%s.err", c->logs, log);
  const ut_spawn_opts o = {.argv = argv,
                           .out_path = out,
                           .err_path = err,
                           .line_fd = PROGRESS_FD,
                           .on_line = p != NULL ? ut_meter_line : NULL,
                           .line_arg = p};
  const int rc = ut_spawn(&o);
  const int saved = errno;
  free(out);
  free(err);
  errno = saved;
  return rc;
}

static int spawn_logged(cli_run *c, char *const argv[], const char *log) {
  return spawn_progress(c, argv, log, NULL);
}

/* spawn_logged, with one line on stderr if ARGV could not start. */
static int run_logged(cli_run *c, char *const argv[], const char *log) {
  const int rc = spawn_logged(c, argv, log);
  if (rc < 0)
    fprintf(stderr, NAME ": cannot run %s: %s\n", argv[0], strerror(errno));
  return rc;
}

/* run_logged for a helper that takes --progress-fd (ut_progress.h): unless
 * --quiet, ARGV gets PROGRESS_FLAG and its progress is shown on stderr as
 * "mmaplab run: WHAT: DONE/TOTAL UNIT ..." (ut_meter.h). */
static int run_counted(cli_run *c, char *const argv[], const char *log,
                       const char *what, const char *unit) {
  char *prefix, **v;
  size_t n = 0;
  ut_meter p;
  int rc;
  if (c->o.quiet)
    return run_logged(c, argv, log);
  prefix = ut_xasprintf(NAME ": %s", what);
  while (argv[n] != NULL)
    n++;
  v = ut_xmalloc((n + 2) * sizeof *v);
  memcpy(v, argv, n * sizeof *v);
  v[n] = PROGRESS_FLAG;
  v[n + 1] = NULL;
  ut_meter_begin(&p, stderr, isatty(STDERR_FILENO), ut_now, prefix, unit);
  rc = spawn_progress(c, v, log, &p);
  ut_meter_end(&p);
  if (rc < 0)
    fprintf(stderr, NAME ": cannot run %s: %s\n", argv[0], strerror(errno));
  free(v);
  free(prefix);
  return rc;
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

/* Asks the interpreter PROG whether it is the Python implementation IMPL
 * ("CPython", "PyPy"), with its answer in logs/LOG.out: 0 with its version
 * ("3.11.2") in *VERSION and the interpreter itself (sys.executable, not a
 * launcher such as a pyenv shim) in *EXE, both malloc'd; -1 with errno if
 * PROG could not be started (ENOENT: not found in PATH); 1 if it failed or
 * is another implementation; 2 if it did not say its version. */
static int ask_interpreter(cli_run *c, const char *prog, const char *impl,
                           const char *log, char **version, char **exe) {
  char *argv[] = {(char *)prog, "-c",
                  "import platform, sys\n"
                  "if platform.python_implementation() != sys.argv[1]:\n"
                  "    sys.exit(1)\n"
                  "print(platform.python_version(), sys.executable)\n",
                  (char *)impl, NULL};
  char *out, *line, *space;
  const int rc = spawn_logged(c, argv, log);
  if (rc != 0)
    return rc < 0 ? -1 : 1;
  out = ut_xasprintf("%s/%s.out", c->logs, log);
  line = first_line(out);
  free(out);
  /* "3.11.2 /usr/bin/python3" */
  space = line != NULL ? strchr(line, ' ') : NULL;
  if (space == NULL || space == line || space[1] == '\0') {
    free(line);
    return 2;
  }
  *exe = ut_xstrdup(space + 1);
  *space = '\0';
  *version = line;
  return 0;
}

int cli_run_find_python(cli_run *c) {
  const int rc = ask_interpreter(c, c->o.python, "CPython", "python-version",
                                 &c->python_version, &c->python);
  if (rc == 2)
    fprintf(stderr, NAME ": %s did not say its version\n", c->o.python);
  else if (rc != 0)
    fprintf(stderr, NAME ": %s is not a working CPython\n", c->o.python);
  return rc == 0 ? 0 : -1;
}

int cli_run_fingerprint(cli_run *c) {
  char *path = ut_xasprintf("%s/fingerprint.json", c->work);
  json_t *fp;
  int rc = 0;
  errno = 0;
  fp = fp_fingerprint(c->work);
  if (fp == NULL || json_dump_file(fp, path, JSON_INDENT(2)) != 0) {
    fprintf(stderr, NAME ": cannot write %s: %s\n", path,
            errno ? strerror(errno) : "out of memory");
    rc = -1;
  }
  json_decref(fp);
  free(path);
  return rc;
}

/* ---- conformance -------------------------------------------------------- */

/* The newest golden of the data's conformance/golden/ whose version begins with
 * VERSION (run_golden.h), or NULL: errno 0 if there is none, else after one
 * line on stderr. */
static char *golden_for(const char *version) {
  char *dir = ut_layout_data(GOLDEN_DIR);
  char *golden = cli_golden_newest(dir, version);
  if (golden == NULL && errno != 0) {
    int e = errno;
    fprintf(stderr, NAME ": cannot read %s: %s\n", dir, strerror(e));
    errno = e;
  }
  free(dir);
  return golden;
}

/* One conformance run: HOST_CMD against GOLDEN into conformance-LABEL;
 * its report.json is then moved to conformance-LABEL.json beside it, the
 * name it has in the report's data/ (every host's report is report.json). */
static int conform(cli_run *c, const char *label, const char *host_cmd,
                   const char *golden) {
  char *out = ut_xasprintf("%s/conformance-%s", c->work, label);
  char *report = ut_xasprintf("%s/report.json", out);
  char *named = ut_xasprintf("%s.json", out);
  char *msg = ut_xasprintf("conformance: %s against %s ...", label, golden);
  char *exe = ut_layout_helper("mmaplab-conform");
  char *what = ut_xasprintf("conformance: %s", label);
  char *argv[] = {
      exe,        "run",          "--quiet", "--host", (char *)host_cmd,
      "--golden", (char *)golden, "--out",   out,      NULL};
  int rc;
  cli_run_step(c, msg);
  rc = run_counted(c, argv, label, what, "cases");
  if (rc < 0 || rc >= 2) {
    fprintf(stderr,
            NAME ": the conformance run of %s failed (exit %d); see "
                 "%s/%s.err\n",
            label, rc, c->logs, label);
    rc = -1;
  } else {
    const char *path = rename(report, named) == 0 ? named : report;
    c->findings |= rc == 1;
    add_file(c, path);
    cli_summary_conformance(&c->sum, label, golden, path);
    rc = 0;
  }
  free(out);
  free(report);
  free(named);
  free(msg);
  free(exe);
  free(what);
  return rc;
}

/* The core, following the CPython of the newest golden. */
static int conform_core(cli_run *c) {
  char *golden = golden_for(""), *host, *exe;
  int rc;
  if (golden == NULL) {
    if (errno == 0) {
      char *dir = ut_layout_data(GOLDEN_DIR);
      fprintf(stderr,
              NAME ": no CPython golden in %s to grade the core against "
                   "(scripts/regen-goldens makes one)\n",
              dir);
      free(dir);
    }
    return -1;
  }
  /* "cpython-3.13.0": the core host follows CPython 3.13.0 */
  exe = ut_layout_helper("mmaplab-core-host");
  host = ut_xasprintf("%s --python %s", exe, golden + strlen("cpython-"));
  rc = conform(c, "core", host, golden);
  free(exe);
  free(host);
  free(golden);
  return rc;
}

/* The CPython of --python, against the golden of its exact version. */
static int conform_cpython(cli_run *c) {
  char *golden, *host, *script;
  int rc;
  if (c->python == NULL) {
    fprintf(stderr,
            NAME ": no CPython to grade (--python %s; --hosts "
                 "without cpython skips it)\n",
            c->o.python);
    return -1;
  }
  if ((golden = golden_for(c->python_version)) == NULL) {
    if (errno != 0)
      return -1;
    printf("mmaplab run: conformance: CPython %s skipped: no committed "
           "golden cpython-%s (scripts/regen-goldens makes one)\n",
           c->python_version, c->python_version);
    cli_summary_note(&c->sum, "CPython's conformance skipped: no golden");
    return 0;
  }
  script = ut_layout_data(PYTHON_HOST);
  host = ut_xasprintf("%s %s", c->python, script);
  rc = conform(c, "cpython", host, golden);
  free(script);
  free(host);
  free(golden);
  return rc;
}

/* The PyPy of --pypy, against the newest golden of the CPython X.Y it
 * implements; skipped when there is no such PyPy or golden. */
static int conform_pypy(cli_run *c) {
  char *version = NULL, *exe = NULL, *xy = NULL, *golden = NULL, *host;
  const char *dot;
  int rc =
      ask_interpreter(c, c->o.pypy, "PyPy", "pypy-version", &version, &exe);
  if (rc < 0 && (errno == ENOENT || errno == EACCES || errno == ENOTDIR)) {
    printf("mmaplab run: conformance: PyPy skipped: %s is not installed\n",
           c->o.pypy);
    return 0;
  }
  if (rc != 0) {
    fprintf(stderr, NAME ": %s is not a working PyPy%s%s\n", c->o.pypy,
            rc < 0 ? ": " : "", rc < 0 ? strerror(errno) : "");
    return -1;
  }
  /* "3.9.16" implements CPython 3.9 */
  dot = strchr(version, '.');
  dot = dot != NULL ? strchr(dot + 1, '.') : NULL;
  xy = dot != NULL ? ut_xasprintf("%.*s", (int)(dot - version), version)
                   : ut_xstrdup(version);
  if ((golden = golden_for(xy)) == NULL) {
    rc = errno != 0 ? -1 : 0;
    if (rc == 0)
      printf("mmaplab run: conformance: PyPy %s skipped: no committed "
             "CPython %s golden\n",
             xy, xy);
  } else {
    char *script = ut_layout_data(PYTHON_HOST);
    host = ut_xasprintf("%s %s --host-name pypy", exe, script);
    rc = conform(c, "pypy", host, golden);
    free(script);
    free(host);
  }
  free(version);
  free(exe);
  free(xy);
  free(golden);
  return rc;
}

int cli_run_conformance(cli_run *c) {
  for (const cli_run_host *h = cli_run_hosts; h->name != NULL; h++)
    if (cli_in_list(c->o.hosts, h->name) && h->conform(c) != 0)
      return -1;
  return 0;
}

/* ---- benchmarks --------------------------------------------------------- */

/* The families of --families, those of the Python side only if PYTHON, as
 * a Google Benchmark / mmap_bench.py filter "^(a|b)/" (a new string); NULL
 * if there are none. */
static char *family_filter(const char *families, int python) {
  ut_str s = {0};
  size_t n = 0;
  ut_str_add(&s, "^(");
  for (const cli_run_family *f = cli_run_families; f->name != NULL; f++) {
    if (!cli_in_list(families, f->name) || (python && !f->in_python))
      continue;
    ut_str_addf(&s, "%s%s", n++ ? "|" : "", f->name);
  }
  ut_str_add(&s, ")/");
  if (n == 0) {
    free(s.data);
    return NULL;
  }
  return s.data;
}

/* The C families of FILTER with mmaplab-bench into WORK/bench-c.json. */
static int bench_c(cli_run *c, const char *filter) {
  char *out = ut_xasprintf("%s/bench-c.json", c->work);
  char *flag = ut_xasprintf("--benchmark_out=%s", out);
  char *filt_flag = ut_xasprintf("--benchmark_filter=%s", filter);
  char *exe = ut_layout_helper("mmaplab-bench");
  /* --quiet: mmaplab-bench's own progress meter would go to its log */
  char *argv[] = {exe,
                  "--quick",
                  "--quiet",
                  flag,
                  "--benchmark_out_format=json",
                  filt_flag,
                  c->o.pages ? "--pages" : NULL,
                  NULL};
  int rc;
  cli_run_step(c, c->o.pages ? "benchmarks: the page matrix, quick slice ..."
                             : "benchmarks: C families, quick grid ...");
  rc = run_counted(c, argv, "bench-c", "benchmarks: C", "runs");
  if (rc < 0 || rc >= 2) {
    fprintf(stderr,
            NAME ": mmaplab-bench failed (exit %d); see %s/bench-c.err\n", rc,
            c->logs);
    rc = -1;
  } else {
    c->findings |= rc == 1;
    add_file(c, out);
    cli_summary_bench(&c->sum, out);
    rc = 0;
  }
  free(out);
  free(flag);
  free(filt_flag);
  free(exe);
  return rc;
}

/* CPython's side with bench/python/mmap_bench.py, on the families FILTER
 * that it has, into WORK/bench-cpython.json. */
static int bench_cpython(cli_run *c, char *filter) {
  char *out = ut_xasprintf("%s/bench-cpython.json", c->work);
  char *script = ut_layout_data("bench/python/mmap_bench.py");
  char *fingerprint = ut_layout_helper("mmaplab-fingerprint");
  char *argv[] = {c->python,           script,      "--quick",  "--out", out,
                  "--fingerprint-cmd", fingerprint, "--filter", filter,  NULL};
  int rc;
  cli_run_step(c, "benchmarks: CPython's mmap on the same grid ...");
  rc = run_counted(c, argv, "bench-cpython", "benchmarks: CPython",
                   "benchmarks");
  if (rc != 0) {
    fprintf(stderr,
            NAME ": mmap_bench.py failed (exit %d); see "
                 "%s/bench-cpython.err\n",
            rc, c->logs);
    rc = -1;
  } else {
    add_file(c, out);
    cli_summary_bench(&c->sum, out);
  }
  free(out);
  free(script);
  free(fingerprint);
  return rc;
}

int cli_run_bench(cli_run *c) {
  char *filter;
  int rc;
  if ((filter = family_filter(c->o.families, 0)) == NULL)
    return 0; /* --families none */
  rc = bench_c(c, filter);
  free(filter);
  if (rc != 0)
    return -1;
  /* the page matrix's find and rfind rows are file maps per filesystem,
   * which the Python side does not have */
  if (c->o.pages || (filter = family_filter(c->o.families, 1)) == NULL)
    return 0; /* no family the Python side has */
  if (c->python == NULL) {
    cli_summary_note(&c->sum, "CPython's benchmarks skipped: no CPython");
    rc = 0;
  } else {
    rc = bench_cpython(c, filter);
  }
  free(filter);
  return rc;
}

/* ---- the report --------------------------------------------------------- */

int cli_run_report(cli_run *c) {
  char **argv = ut_xmalloc((c->nfiles + 6) * sizeof *argv);
  int n = 0, rc;
  argv[n++] = "report";
  argv[n++] = "--out";
  argv[n++] = (char *)c->o.out;
  argv[n++] = "--title";
  argv[n++] = "mmaplab run";
  for (size_t i = 0; i < c->nfiles; i++)
    argv[n++] = c->files[i];
  argv[n] = NULL;
  cli_run_step(c, "report ...");
  rc = rp_cmd_report(n, argv) == 0 ? 0 : -1;
  free(argv);
  return rc;
}
