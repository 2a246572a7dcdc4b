/* pages_cmd.c - mmaplab pages: this machine's page behaviour in plain
 * words (rp_pages.h), from result files or from a run of the page
 * benchmarks (report.h). */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "rp_build.h"
#include "rp_pages.h"
#include "rp_pool.h"
#include "ut_cleanup.h"
#include "ut_layout.h"
#include "ut_meter.h"
#include "ut_opt.h"
#include "ut_spawn.h"
#include "ut_str.h"
#include "ut_time.h"
#include "ut_version.h"

#define NAME "mmaplab pages"

static const char usage[] =
    "usage: mmaplab pages [--json] RESULT...\n"
    "   or: mmaplab pages [--json] [--full] [--bench-arg=ARG...]\n"
    "\n"
    "States this machine's page behaviour in short sentences, each\n"
    "computed by a rule from benchmark rows and naming the rows (and their\n"
    "values) it comes from: per filesystem, how many 4 KiB pages one read\n"
    "fault of a warm file maps (1: no fault-around, 16: fault-around of\n"
    "64 KiB, more: large folios mapped whole); the cost per 4 KiB page of\n"
    "a first write in each page size measured, and the page size a program\n"
    "that asks for none gets; what MAP_POPULATE and MADV_POPULATE_WRITE\n"
    "save; a cold read against a warm one per filesystem, and readahead\n"
    "with MADV_SEQUENTIAL, NORMAL and RANDOM; then the anomalies: a touch\n"
    "after MAP_POPULATE costing more than 10x the cheapest touch without\n"
    "faults (a hypervisor backing guest memory lazily), page sizes,\n"
    "filesystems or cache states asked for and not obtained, and\n"
    "page:default getting another page size than the THP settings in the\n"
    "fingerprint promise (by more than 2x). A rule without its rows says\n"
    "nothing; the last line names those rules. mmaplab report has the same\n"
    "sentences as its \"Page behaviour\" section.\n"
    "\n"
    "RESULT is a result file of mmaplab-bench (Google Benchmark JSON) or a\n"
    "directory of them (its *.json files); benchmarks of several files are\n"
    "pooled by name (the first file wins). Without RESULT, the page\n"
    "benchmarks run first: mmaplab-bench --pages --quick (a progress line\n"
    "on stderr) into a temporary directory that is removed afterwards, also\n"
    "when SIGINT, SIGTERM or SIGHUP ends the command.\n"
    "\n"
    "  --json           the sentences as JSON: {\"machine\", \"inputs\",\n"
    "                   \"sentences\": [{\"rule\", \"anomaly\", \"text\",\n"
    "                   \"rows\": [{\"name\", \"values\", \"error\"}]}],\n"
    "                   \"not_measured\"}\n"
    "  --full           without RESULT: run mmaplab-bench --pages --full\n"
    "                   (the whole page matrix) instead of --quick\n"
    "  --bench-arg=ARG  without RESULT: pass ARG to mmaplab-bench (again\n"
    "                   for more: --bench-arg=--filesystems=ext4,xfs)\n"
    "  --help           this text\n"
    "  --version        print \"mmaplab pages VERSION\" and exit\n"
    "\n"
    "Exit status: 0 printed; 1 printed, but a benchmark of the run reported\n"
    "a wrong result; 2 bad arguments, unreadable or malformed input, no\n"
    "benchmark results among the inputs, mmaplab-bench failing (one line on\n"
    "stderr).\n";

enum { OPT_JSON = 256, OPT_FULL, OPT_BENCH_ARG, OPT_VERSION };

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"json", no_argument, NULL, OPT_JSON},
    {"full", no_argument, NULL, OPT_FULL},
    {"bench-arg", required_argument, NULL, OPT_BENCH_ARG},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}};

typedef struct pages_opts {
  int json, full, help, version;
  char **bench_args; /* borrowed from argv */
  size_t nbench_args;
  rp_opts in; /* the RESULT operands */
} pages_opts;

/* Parses ARGV into O: 0, or -1 with one line in ERR. */
static int parse(int argc, char **argv, pages_opts *o, char *err, size_t len) {
  int c, at;
  memset(o, 0, sizeof *o);
  o->in.inputs = ut_xmalloc(((size_t)argc + 1) * sizeof *o->in.inputs);
  o->bench_args = ut_xmalloc(((size_t)argc + 1) * sizeof *o->bench_args);
  ut_opt_start();
  /* '-': operands come back in their place (1), among the options */
  while ((c = ut_opt_next(argc, argv, "-:h", long_options, &at)) != -1) {
    if (c == 1)
      o->in.inputs[o->in.ninputs++] = argv[at];
    else if (c == 'h')
      o->help = 1;
    else if (c == OPT_JSON)
      o->json = 1;
    else if (c == OPT_FULL)
      o->full = 1;
    else if (c == OPT_VERSION)
      o->version = 1;
    else if (c == ':') {
      snprintf(err, len, "%s needs a value", argv[at]);
      return -1;
    } else if (c == '?') {
      snprintf(err, len, "unknown option '%s' (see --help)", argv[at]);
      return -1;
    } else if (optarg[0] == '\0') {
      snprintf(err, len, "--bench-arg needs a non-empty value");
      return -1;
    } else
      o->bench_args[o->nbench_args++] = optarg;
  }
  while (optind < argc) /* after "--": files only */
    o->in.inputs[o->in.ninputs++] = argv[optind++];
  if (o->in.ninputs > 0 && (o->full || o->nbench_args > 0)) {
    snprintf(err, len, "%s runs the benchmarks: not with RESULT files",
             o->full ? "--full" : "--bench-arg");
    return -1;
  }
  return 0;
}

/* The descriptor mmaplab-bench writes its progress lines to
 * (ut_progress.h), and the option that tells it so. */
#define PROGRESS_FLAG "--progress-fd=3"

/* The last non-empty line of the file PATH (at most its last 4 KiB) into
 * BUF, "" if none. */
static void last_line(const char *path, char *buf, size_t len) {
  FILE *f = fopen(path, "r");
  char tail[4097];
  size_t n = 0;
  char *end, *start;
  buf[0] = '\0';
  if (f == NULL)
    return;
  if (fseek(f, -4096, SEEK_END) != 0)
    rewind(f);
  n = fread(tail, 1, sizeof tail - 1, f);
  fclose(f);
  tail[n] = '\0';
  while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r'))
    tail[--n] = '\0';
  end = tail + n;
  start = end;
  while (start > tail && start[-1] != '\n')
    start--;
  snprintf(buf, len, "%s", start);
}

/* Runs mmaplab-bench --pages into a new temporary directory (*DIR, kept
 * in the cleanup list until removed), the result file's path into *OUT;
 * its stdout and stderr go to files there, its progress to a line on
 * stderr (ut_meter.h). Returns mmaplab-bench's status (0 or 1), or -1
 * with one line in ERR. */
static int run_bench(const pages_opts *o, char **dir, char **out, char *err,
                     size_t len) {
  const char *tmp = getenv("TMPDIR");
  char *exe, *flag, *log, *log_out, **argv;
  size_t n = 0;
  int rc;
  ut_meter meter;
  ut_spawn_opts so;
  *dir = ut_xasprintf("%s/mmaplab-pages-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (mkdtemp(*dir) == NULL) {
    snprintf(err, len, "cannot create %s: %s", *dir, strerror(errno));
    free(*dir);
    *dir = NULL;
    return -1;
  }
  if ((rc = ut_cleanup_add(*dir)) != 0) {
    snprintf(err, len, "%s: %s", *dir, strerror(rc));
    return -1;
  }
  *out = ut_xasprintf("%s/pages.json", *dir);
  log = ut_xasprintf("%s/bench.err", *dir);
  log_out = ut_xasprintf("%s/bench.out", *dir);
  exe = ut_layout_helper("mmaplab-bench");
  flag = ut_xasprintf("--benchmark_out=%s", *out);
  argv = ut_xmalloc((o->nbench_args + 8) * sizeof *argv);
  argv[n++] = exe;
  argv[n++] = "--pages";
  argv[n++] = o->full ? "--full" : "--quick";
  argv[n++] = "--quiet"; /* its own meter: the one below shows progress */
  argv[n++] = PROGRESS_FLAG;
  argv[n++] = flag;
  argv[n++] = "--benchmark_out_format=json";
  for (size_t i = 0; i < o->nbench_args; i++)
    argv[n++] = o->bench_args[i];
  argv[n] = NULL;
  memset(&so, 0, sizeof so);
  so.argv = argv;
  so.out_path = log_out; /* its table of rows: stdout is the profile's */
  so.err_path = log;
  so.line_fd = 3;
  so.on_line = ut_meter_line;
  so.line_arg = &meter;
  ut_meter_begin(&meter, stderr, isatty(STDERR_FILENO), ut_now,
                 NAME ": mmaplab-bench --pages", "runs");
  rc = ut_spawn(&so);
  if (rc < 0)
    snprintf(err, len, "cannot run %s: %s", exe, strerror(errno));
  ut_meter_end(&meter);
  if (rc >= 2) {
    char why[4097];
    last_line(log, why, sizeof why);
    snprintf(err, len, "mmaplab-bench --pages failed (%s %d)%s%.300s",
             rc > 128 ? "signal" : "exit", rc > 128 ? rc - 128 : rc,
             why[0] ? ": " : "", why);
  }
  free(exe);
  free(flag);
  free(log);
  free(log_out);
  free(argv);
  return rc < 0 || rc >= 2 ? -1 : rc;
}

/* Prints the profile of B's inputs, P their pooled benchmarks (RAN: of
 * the run just made, whose file is gone). */
static int print(const pages_opts *o, const rp_build *b, const rp_pool *p,
                 int ran) {
  rp_pages pg;
  char machine[256];
  int rc = 0;
  rp_pool_machine(p, NULL, machine, sizeof machine);
  rp_pages_compute(p, b->res, b->nres, &pg);
  if (o->json) {
    /* machine and inputs first, then the sentences */
    json_t *j = json_object(), *in = json_array(), *body = rp_pages_json(&pg);
    for (size_t i = 0; in != NULL && i < b->nres; i++)
      json_array_append_new(in,
                            ran ? json_sprintf("mmaplab-bench --pages %s",
                                               o->full ? "--full" : "--quick")
                                : json_string(b->res[i].path));
    if (j == NULL || in == NULL || body == NULL ||
        json_object_set_new(j, "machine", json_string(machine)) != 0 ||
        json_object_set(j, "inputs", in) != 0 ||
        json_object_update(j, body) != 0 ||
        json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
      rc = -1;
    else
      putchar('\n');
    json_decref(in);
    json_decref(body);
    json_decref(j);
  } else {
    printf("# Page behaviour: %s\n\n", machine);
    rc = rp_pages_print(&pg, stdout);
  }
  rp_pages_free(&pg);
  return rc;
}

int rp_cmd_pages(int argc, char **argv) {
  pages_opts o;
  rp_build b;
  rp_pool p = {0};
  char *dir = NULL, *out = NULL;
  int rc, bench = 0, gbench = 0;
  memset(&b, 0, sizeof b);
  b.cmd = "pages";
  rc = parse(argc, argv, &o, b.err, sizeof b.err);
  if (rc == 0 && o.help)
    fputs(usage, stdout);
  else if (rc == 0 && o.version)
    bench = ut_print_version(NAME);
  if (rc == 0 && (o.help || o.version)) {
    rc = fflush(stdout) != 0 || ferror(stdout) ? 2 : bench;
    free(o.in.inputs);
    free(o.bench_args);
    return rc;
  }
  if (rc == 0 && o.in.ninputs == 0 &&
      (bench = run_bench(&o, &dir, &out, b.err, sizeof b.err)) < 0)
    rc = -1;
  if (rc == 0 && out != NULL)
    o.in.inputs[o.in.ninputs++] = out;
  if (rc == 0)
    rc = rp_build_load(&b, &o.in);
  for (size_t i = 0; rc == 0 && i < b.nres; i++)
    if (b.res[i].kind == RS_RESULT_GBENCH) {
      gbench = 1;
      if (rp_pool_add(&p, &b.res[i]) != 0)
        rc = -1;
    }
  if (rc == 0 && !gbench) {
    snprintf(b.err, sizeof b.err,
             "no benchmark results among the inputs (mmaplab-bench output)");
    rc = -1;
  }
  if (rc == 0 && (print(&o, &b, &p, out != NULL) != 0 || fflush(stdout) != 0)) {
    snprintf(b.err, sizeof b.err, "cannot write to stdout");
    rc = -1;
  }
  if (dir != NULL) {
    ut_remove_tree(dir);
    ut_cleanup_forget(dir);
  }
  rc = rc != 0 ? rp_build_status(&b, rc) : bench;
  free(dir);
  free(out);
  free(o.in.inputs);
  free(o.bench_args);
  rp_pool_free(&p);
  rp_build_free(&b);
  return rc;
}
