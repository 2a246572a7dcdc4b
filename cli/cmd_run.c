/* cmd_run.c - `mmaplab run`, the main job: the conformance suite on the
 * core and on the present CPython, the quick benchmarks (C families and
 * CPython's side), and a report of it all, with built-in defaults.
 *
 * Raw results and logs are written to OUT.work-PID/ first; the report
 * builder then writes OUT (index.html, summary.md, charts/, data/ with the
 * raw JSON) atomically, and the temporary directory is removed. Paths of
 * the tools of this build are compiled in (cli/CMakeLists.txt).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
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

#define NAME "mmaplab run"

static const char usage_text[] =
    "usage: mmaplab run [--out DIR] [--hosts LIST] [--families LIST]\n"
    "                   [--python PYTHON]\n"
    "The main job: the conformance suite on the core and on this machine's\n"
    "CPython, the quick benchmarks (core, glibc and CPython side by side)\n"
    "and a report (index.html, summary.md, charts, raw JSON).\n"
    "  --out DIR        report directory (default: reports/out/run-DATE-TIME\n"
    "                   in the source tree); must not exist yet\n"
    "  --hosts LIST     conformance hosts, of core,cpython,pypy, or none\n"
    "                   (default: core,cpython)\n"
    "  --families LIST  benchmark families, of find,rfind,move,fault,\n"
    "                   granularity,open, or none (default: all)\n"
    "  --python PYTHON  the CPython graded and measured (default: python3)\n"
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
  char work[4096]; /* OUT.work-PID */
  char logs[4200];
  char files[16][4300]; /* result files for the report */
  size_t nfiles;
  run_summary sum;
  double start;
  int findings; /* a step found a failure: exit 1 */
} run_ctx;

static void step(const char *what) {
  printf("mmaplab run: %s\n", what);
  fflush(stdout);
}

static void add_file(run_ctx *c, const char *path) {
  const size_t n = strlen(path);
  if (c->nfiles < sizeof c->files / sizeof c->files[0] &&
      n < sizeof c->files[0])
    memcpy(c->files[c->nfiles++], path, n + 1);
}

/* Runs ARGV with its output in logs/LOG.out and logs/LOG.err; returns its
 * exit status, or -1 after one line on stderr if it could not start. */
static int run_logged(run_ctx *c, char *const argv[], const char *log) {
  char out[4400], err[4400];
  int rc;
  snprintf(out, sizeof out, "%s/%s.out", c->logs, log);
  snprintf(err, sizeof err, "%s/%s.err", c->logs, log);
  rc = mml_spawn(argv, out, err);
  if (rc < 0)
    fprintf(stderr, NAME ": cannot run %s: %s\n", argv[0], strerror(errno));
  return rc;
}

/* The version "3.11.2" of PYTHON into BUF; 0 or -1 (one line said why). */
static int python_version(run_ctx *c, char *buf, size_t len) {
  char path[4400], line[4400];
  char *argv[] = {(char *)c->o.python, "-c",
                  "import platform, sys\n"
                  "if platform.python_implementation() != 'CPython':\n"
                  "    sys.exit(1)\n"
                  "print(platform.python_version(), sys.executable)\n",
                  NULL};
  char which[4400];
  FILE *f;
  snprintf(which, sizeof which, "%s", c->o.python);
  if (strchr(which, '/') == NULL) { /* look it up in PATH for posix_spawn */
    const char *pathenv = getenv("PATH");
    char dirs[8192], *save = NULL;
    snprintf(dirs, sizeof dirs, "%s", pathenv ? pathenv : "/usr/bin:/bin");
    which[0] = '\0';
    for (char *d = strtok_r(dirs, ":", &save); d;
         d = strtok_r(NULL, ":", &save)) {
      snprintf(path, sizeof path, "%s/%s", d, c->o.python);
      if (access(path, X_OK) == 0) {
        snprintf(which, sizeof which, "%s", path);
        break;
      }
    }
  }
  argv[0] = which;
  if (which[0] == '\0' || run_logged(c, argv, "python-version") != 0) {
    fprintf(stderr, NAME ": %s is not a working CPython\n", c->o.python);
    return -1;
  }
  snprintf(path, sizeof path, "%s/python-version.out", c->logs);
  if ((f = fopen(path, "r")) == NULL || fgets(line, sizeof line, f) == NULL) {
    if (f)
      fclose(f);
    fprintf(stderr, NAME ": %s did not say its version\n", c->o.python);
    return -1;
  }
  fclose(f);
  line[strcspn(line, "\n")] = '\0';
  snprintf(buf, len, "%.63s", line);
  /* "3.11.2 /usr/bin/python3": the interpreter itself, not a launcher such
   * as a pyenv shim, runs the host and the benchmarks. */
  if (strchr(line, ' ') == NULL || strchr(buf, ' ') == NULL) {
    fprintf(stderr, NAME ": %s did not say its version\n", c->o.python);
    return -1;
  }
  snprintf(c->sum.python, sizeof c->sum.python, "%s", strchr(line, ' ') + 1);
  *strchr(buf, ' ') = '\0';
  return 0;
}

static int write_fingerprint(run_ctx *c) {
  char path[4400];
  json_t *fp = mml_bench_fingerprint(c->work);
  snprintf(path, sizeof path, "%s/fingerprint.json", c->work);
  if (fp == NULL || json_dump_file(fp, path, JSON_INDENT(2)) != 0) {
    json_decref(fp);
    fprintf(stderr, NAME ": cannot write %s\n", path);
    return -1;
  }
  json_decref(fp);
  return 0;
}

/* One conformance run: HOST_CMD against GOLDEN into conformance/LABEL. */
static int conform(run_ctx *c, const char *label, const char *host_cmd,
                   const char *golden) {
  char out[4400], report[4500], msg[256];
  char *argv[] = {
      MML_CONFORM_EXE, "run",          "--quiet", "--host", (char *)host_cmd,
      "--golden",      (char *)golden, "--out",   out,      NULL};
  int rc;
  snprintf(out, sizeof out, "%s/conformance-%s", c->work, label);
  snprintf(msg, sizeof msg, "conformance: %s against %s ...", label, golden);
  step(msg);
  rc = run_logged(c, argv, label);
  if (rc < 0 || rc >= 2) {
    fprintf(stderr,
            NAME ": the conformance run of %s failed (exit %d); see "
                 "%s/%s.err\n",
            label, rc, c->logs, label);
    return -1;
  }
  c->findings |= rc == 1;
  snprintf(report, sizeof report, "%s/report.json", out);
  add_file(c, report);
  run_summary_conformance(&c->sum, label, golden, report);
  return 0;
}

static int step_conformance(run_ctx *c) {
  char host[8400], version[64], golden[128], dir[4400];
  struct stat sb;
  if (in_list(c->o.hosts, "core") &&
      conform(c, "core", MML_CORE_HOST_EXE " --python 3.13.0",
              "cpython-3.13.0") != 0)
    return -1;
  if (in_list(c->o.hosts, "cpython")) {
    if (c->sum.python[0] == '\0') {
      fprintf(stderr,
              NAME ": no CPython to grade (--python %s; --hosts "
                   "without cpython skips it)\n",
              c->o.python);
      return -1;
    }
    snprintf(version, sizeof version, "%s", c->sum.python_version);
    snprintf(golden, sizeof golden, "cpython-%s", version);
    snprintf(dir, sizeof dir, "%s/conformance/golden/%s", MML_SOURCE_DIR,
             golden);
    if (stat(dir, &sb) != 0) {
      printf("mmaplab run: conformance: CPython %s skipped: no committed "
             "golden %s (scripts/regen-goldens makes one)\n",
             version, golden);
      run_summary_note(&c->sum, "CPython's conformance skipped: no golden");
    } else {
      snprintf(host, sizeof host, "%s %s/conformance/hosts/python/host.py",
               c->sum.python, MML_SOURCE_DIR);
      if (conform(c, "cpython", host, golden) != 0)
        return -1;
    }
  }
  if (in_list(c->o.hosts, "pypy")) {
    snprintf(host, sizeof host,
             "/usr/bin/pypy3 %s/conformance/hosts/python/host.py "
             "--host-name pypy",
             MML_SOURCE_DIR);
    if (access("/usr/bin/pypy3", X_OK) != 0) {
      printf("mmaplab run: conformance: PyPy skipped: /usr/bin/pypy3 is not "
             "installed\n");
    } else if (conform(c, "pypy", host, "cpython-3.9.18") != 0) {
      return -1;
    }
  }
  return 0;
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

static int step_bench(run_ctx *c) {
  char out[4400], flag[4500], filter[256], filt_flag[300], fp[4400];
  char *argv[12];
  int rc, n = 0;
  if (!strcmp(c->o.families, "none"))
    return 0;
  step("benchmarks: C families, quick grid (about 2 minutes) ...");
  snprintf(out, sizeof out, "%s/bench-c.json", c->work);
  snprintf(flag, sizeof flag, "--benchmark_out=%s", out);
  family_filter(c->o.families, filter, sizeof filter, 0);
  snprintf(filt_flag, sizeof filt_flag, "--benchmark_filter=%s", filter);
  argv[n++] = MML_BENCH_EXE;
  argv[n++] = "--quick";
  argv[n++] = flag;
  argv[n++] = "--benchmark_out_format=json";
  argv[n++] = filt_flag;
  argv[n] = NULL;
  rc = run_logged(c, argv, "bench-c");
  if (rc < 0 || rc >= 2) {
    fprintf(stderr,
            NAME ": mmaplab-bench failed (exit %d); see %s/bench-c.err\n", rc,
            c->logs);
    return -1;
  }
  c->findings |= rc == 1;
  add_file(c, out);
  run_summary_bench(&c->sum, out);
  family_filter(c->o.families, filter, sizeof filter, 1);
  if (!strcmp(filter, "^()/"))
    return 0; /* no family the Python side has */
  if (c->sum.python[0] == '\0') {
    run_summary_note(&c->sum, "CPython's benchmarks skipped: no CPython");
    return 0;
  }
  step("benchmarks: CPython's mmap on the same grid ...");
  snprintf(out, sizeof out, "%s/bench-cpython.json", c->work);
  snprintf(fp, sizeof fp, "%s", MML_FINGERPRINT_EXE);
  {
    char script[4400];
    char *pargv[] = {c->sum.python,       script, "--quick",  "--out", out,
                     "--fingerprint-cmd", fp,     "--filter", filter,  NULL};
    snprintf(script, sizeof script, "%s/bench/python/mmap_bench.py",
             MML_SOURCE_DIR);
    rc = run_logged(c, pargv, "bench-cpython");
  }
  if (rc != 0) {
    fprintf(stderr,
            NAME ": mmap_bench.py failed (exit %d); see "
                 "%s/bench-cpython.err\n",
            rc, c->logs);
    return -1;
  }
  add_file(c, out);
  run_summary_bench(&c->sum, out);
  return 0;
}

static int step_report(run_ctx *c) {
  char *argv[24];
  int n = 0;
  argv[n++] = "report";
  argv[n++] = "--out";
  argv[n++] = (char *)c->o.out;
  argv[n++] = "--title";
  argv[n++] = "mmaplab run";
  for (size_t i = 0; i < c->nfiles && n < 22; i++)
    argv[n++] = c->files[i];
  argv[n] = NULL;
  step("report ...");
  return mml_cmd_report(n, argv) == 0 ? 0 : -1;
}

/* ---- the command -------------------------------------------------------- */

static void default_out(char *buf, size_t len) {
  char stamp[32];
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  snprintf(buf, len, "%s/reports/out/run-%s", MML_SOURCE_DIR, stamp);
}

int mml_cmd_run(int argc, char **argv) {
  static run_ctx c; /* large: not on the stack */
  char out[4096], fp[4400], took[32];
  struct stat sb;
  int rc;
  memset(&c, 0, sizeof c);
  c.o = (run_opts){NULL, "core,cpython",
                   "find,rfind,move,fault,granularity,open", "python3"};
  if ((rc = parse(&c.o, argc, argv)) != 0)
    return rc == 1 ? 0 : rc;
  if (c.o.out == NULL) {
    default_out(out, sizeof out);
    c.o.out = out;
  }
  if (stat(c.o.out, &sb) == 0)
    return misuse("the report directory exists already:", c.o.out);
  c.start = mml_now();
  snprintf(c.work, sizeof c.work, "%s.work-%ld", c.o.out, (long)getpid());
  snprintf(c.logs, sizeof c.logs, "%s/logs", c.work);
  if (mml_mkdirs(c.logs) != 0) {
    fprintf(stderr, NAME ": cannot create %s: %s\n", c.logs, strerror(errno));
    return 2;
  }
  step("fingerprint ...");
  if (python_version(&c, c.sum.python_version, sizeof c.sum.python_version) !=
      0)
    c.sum.python[0] = '\0';
  rc = write_fingerprint(&c) != 0 || step_conformance(&c) != 0 ||
       step_bench(&c) != 0 || step_report(&c) != 0;
  if (rc) {
    fprintf(stderr, NAME ": stopped; the raw results and logs are in %s\n",
            c.work);
    return 2;
  }
  snprintf(fp, sizeof fp, "%s/logs", c.o.out);
  /* The logs join the report; the rest of the work dir is in data/. */
  if (rename(c.logs, fp) != 0 || mml_rmtree(c.work) != 0)
    fprintf(stderr, NAME ": note: could not tidy %s\n", c.work);
  mml_elapsed(c.start, took, sizeof took);
  run_summary_print(&c.sum, c.o.out, took, stdout);
  return c.findings ? 1 : 0;
}
