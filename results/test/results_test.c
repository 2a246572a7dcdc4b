/* results_test.c - results.c against small frozen files in DATA_DIR. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "results.h"
#include "test.h"
#include "ut_str.h"

/* DIR/FILE, valid until the next call (which frees it). */
static const char *path(const char *dir, const char *file) {
  static char *last;
  free(last);
  last = ut_xasprintf("%s/%s", dir, file);
  return last;
}

static void test_gbench(const char *dir) {
  const char *p;
  char err[512], machine[256];
  rs_result r;
  const rs_bench *b;
  const rs_counter *c;
  p = path(dir, "gbench-small.json");
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), 0);
  ASSERT_EQ(r.kind, RS_RESULT_GBENCH);
  ASSERT_EQ(r.nbenches, 2);
  b = rs_result_bench(&r, "find/core/random/miss/page:4k/hay:4096/needle:16");
  ASSERT_NOT_NULL(b);
  ASSERT_EQ(b->nsamples, 2);
  ASSERT_EQ(b->nerrors, 0);
  ASSERT_STR_EQ(b->family, "find");
  ASSERT_STR_EQ(b->impl, "core");
  ASSERT_DBL(b->real_ns[0], ==, 1500);
  ASSERT_DBL(b->cpu_ns[1], ==, 1600);
  ASSERT_DBL(rs_median(b->real_ns, b->nsamples), ==, 1600);
  ASSERT_EQ(b->iterations[1], 1000);
  ASSERT(isnan(b->items_per_second[0]));
  c = rs_bench_counter(b, "page_backed");
  ASSERT_NOT_NULL(c);
  ASSERT_DBL(c->values[0], ==, 1.0);
  ASSERT_DBL(c->values[1], ==, 0.95);
  ASSERT_EQ(b->ncounters, 1); /* the GB fields are not counters */
  b = rs_result_bench(&r, "fault/anon-private/write/plain/page:4k/"
                          "size:16777216");
  ASSERT_NOT_NULL(b);
  ASSERT_EQ(b->nsamples, 1);
  ASSERT_EQ(b->nerrors, 1);
  ASSERT_STR_EQ(b->error_message, "page mode 4k not obtained");
  ASSERT_DBL(b->real_ns[0], ==, 12e6);
  c = rs_bench_counter(b, "faults_per_page");
  ASSERT_NOT_NULL(c);
  ASSERT_DBL(c->values[0], ==, 1.0);
  ASSERT_STR_EQ(json_string_value(rs_result_fp_get(&r, "kernel.release")),
                "6.18.44");
  ASSERT_NULL(rs_result_fp_get(&r, "kernel.nothing"));
  rs_result_machine(&r, machine, sizeof machine);
  ASSERT_STR_EQ(machine, "vm: Linux 6.18.44, AMD EPYC x2, THP madvise");
  rs_result_free(&r);
}

static void test_names(void) {
  char buf[64];
  int64_t v = 0;
  const char *n = "find/core/random/miss/page:4k/hay:4096/needle:16";
  ASSERT_EQ(rs_name_param_int(n, "hay", &v), 1);
  ASSERT_EQ(v, 4096);
  ASSERT_EQ(rs_name_param_int(n, "page", &v), 0);
  ASSERT_EQ(rs_name_param(n, "page", buf, sizeof buf), 1);
  ASSERT_STR_EQ(buf, "4k");
  ASSERT_EQ(rs_name_param(n, "size", buf, sizeof buf), 0);
  ASSERT_EQ(rs_name_part(n, 2, buf, sizeof buf), 1);
  ASSERT_STR_EQ(buf, "random");
  ASSERT_EQ(rs_name_part(n, 7, buf, sizeof buf), 0);
  ASSERT_EQ(rs_name_param_int("x/size:9223372036854775807", "size", &v), 1);
  ASSERT_EQ(v, INT64_MAX);
  ASSERT(isnan(rs_median((double[]){NAN, NAN}, 2)));
  ASSERT_DBL(rs_median((double[]){3, NAN, 1, 2}, 4), ==, 2);
  /* The middle two add up past DBL_MAX (found by fuzz/ results_load). */
  ASSERT_DBL(rs_median((double[]){1e308, 1.5e308}, 2), ==, 1.25e308);
  ASSERT_DBL(rs_median((double[]){1, INFINITY}, 2), ==, INFINITY);
}

static void test_other_kinds(const char *dir) {
  const char *p;
  char err[512];
  rs_result r;
  p = path(dir, "hyperfine-small.json");
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), 0);
  ASSERT_EQ(r.kind, RS_RESULT_HYPERFINE);
  ASSERT_NOT_NULL(r.fingerprint);
  rs_result_free(&r);
  p = path(dir, "gbench-truncated.json");
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), -1);
  ASSERT_STR_HAS(err, "gbench-truncated.json: line 1:");
  ASSERT_NULL(r.root);
  ASSERT_NULL(r.path);
  p = path(dir, "unknown.json");
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), -1);
  ASSERT_STR_HAS(err, "not a Google Benchmark, hyperfine or conformance");
  p = path(dir, "no-such-file.json");
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), -1);
  ASSERT_STR_HAS(err, "no-such-file.json: No such file");
  ASSERT_NULL(r.root);
  ASSERT_NULL(r.path);
  /* jansson quotes the text near an error, a newline too: still one line
   * (found by fuzz/ results_load). */
  ASSERT_EQ(rs_result_load_text("x.json", "\"\\\n", 3, &r, err, sizeof err),
            -1);
  ASSERT_STR_LACKS(err, "\n");
  ASSERT_STR_HAS(err, "x.json: line 2:");
  ASSERT_EQ(rs_result_load_text("x.json",
                                "{\"context\": {}, \"benchmarks\": "
                                "[{\"name\": \"a\\nb\"}]}",
                                49, &r, err, sizeof err),
            -1);
  ASSERT_STR_LACKS(err, "\n");
  ASSERT_STR_HAS(err, "a?b");
}

/* Google Benchmark's NaN and Infinity: read as absent values. */
static void test_nonfinite(const char *dir) {
  const char *p;
  char err[512];
  rs_result r;
  const rs_bench *b;
  const rs_counter *c;
  p = path(dir, "gbench-nonfinite.json");
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), 0);
  b = rs_result_bench(&r, "fault/anon-private/read/plain/page:4k/size:65536");
  ASSERT_NOT_NULL(b);
  ASSERT_EQ(b->nsamples, 2);
  ASSERT_DBL(b->real_ns[1], ==, 12000);
  c = rs_bench_counter(b, "faults_per_page");
  ASSERT_NOT_NULL(c);
  ASSERT_DBL(c->values[0], ==, 0);
  ASSERT_DBL(c->values[1], ==, 0);
  c = rs_bench_counter(b, "ns_per_fault");
  if (c != NULL) { /* absent, or present with no value */
    ASSERT(isnan(c->values[0]));
    ASSERT(isnan(c->values[1]));
  }
  ASSERT_STR_EQ(b->label, "NaN, Infinity and \"-Infinity\" stay text here");
  rs_result_free(&r);
}

/* Two loads of one file merged: every benchmark has twice the samples. */
static void test_merge(const char *dir) {
  const char *p;
  char err[512];
  rs_result a, b;
  const rs_bench *x;
  const rs_counter *c;
  p = path(dir, "gbench-small.json");
  ASSERT_EQ(rs_result_load(p, &a, err, sizeof err), 0);
  ASSERT_EQ(rs_result_load(p, &b, err, sizeof err), 0);
  ASSERT_EQ(rs_result_merge(&a, &b), 0);
  ASSERT_EQ(b.nbenches, 0);
  ASSERT_EQ(a.nbenches, 2);
  x = rs_result_bench(&a, "find/core/random/miss/page:4k/hay:4096/needle:16");
  ASSERT_NOT_NULL(x);
  ASSERT_EQ(x->nsamples, 4);
  ASSERT_DBL(x->real_ns[2], ==, 1500);
  ASSERT_DBL(x->real_ns[3], ==, 1700);
  c = rs_bench_counter(x, "page_backed");
  ASSERT_NOT_NULL(c);
  ASSERT_DBL(c->values[3], ==, 0.95);
  x = rs_result_bench(&a, "fault/anon-private/write/plain/page:4k/"
                          "size:16777216");
  ASSERT_NOT_NULL(x);
  ASSERT_EQ(x->nsamples, 2);
  ASSERT_EQ(x->nerrors, 2);
  rs_result_free(&a);
  rs_result_free(&b);
}

/* Inputs that are not regular files: a FIFO without a writer is an empty
 * input at once (no wait), /dev/zero is refused (no endless read), a pipe
 * is read once and its bytes are kept. alarm() turns a hang into a
 * failure. */
static void test_special_inputs(const char *dir) {
  const char *p;
  char *fifo, err[512], tmp[] = "/tmp/mmaplab-results-XXXXXX";
  rs_result r;
  int fds[2];
  FILE *f;
  char buf[65536];
  size_t n = 0;
  alarm(20);
  ASSERT_NOT_NULL(mkdtemp(tmp));
  fifo = ut_xasprintf("%s/fifo.json", tmp);
  ASSERT_EQ(mkfifo(fifo, 0600), 0);
  ASSERT_EQ(rs_result_load(fifo, &r, err, sizeof err), -1);
  ASSERT_STR_HAS(err, "fifo.json");
  unlink(fifo);
  free(fifo);
  rmdir(tmp);
  ASSERT_EQ(rs_result_load("/dev/zero", &r, err, sizeof err), -1);
  ASSERT_STR_HAS(err, "/dev/zero: a device");
  p = path(dir, "gbench-small.json");
  f = fopen(p, "rb");
  ASSERT_NOT_NULL(f);
  n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  ASSERT_U64(n, >, 0);
  ASSERT_U64(n, <, 65536);
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], buf, n), (ssize_t)n);
  close(fds[1]);
  char fdpath[32]; /* "/dev/fd/" and an int */
  snprintf(fdpath, sizeof fdpath, "/dev/fd/%d", fds[0]);
  p = fdpath;
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), 0);
  ASSERT_EQ(r.kind, RS_RESULT_GBENCH);
  ASSERT_EQ(r.nbenches, 2);
  ASSERT_U64(r.size, ==, n);
  ASSERT_MEM_EQ(r.data, buf, n); /* the bytes read */
  rs_result_free(&r);
  close(fds[0]);
  alarm(0);
}

/* jansson's allocations fail after a budget: every load either works or
 * says "out of memory", never a parse error on a valid file. */
static long alloc_budget = -1;

static void *failing_malloc(size_t n) {
  if (alloc_budget == 0) {
    errno = ENOMEM;
    return NULL;
  }
  if (alloc_budget > 0)
    alloc_budget--;
  return malloc(n);
}

static void test_out_of_memory(const char *dir) {
  const char *p;
  char err[512];
  const char *const files[] = {"gbench-small.json", "gbench-nonfinite.json",
                               "hyperfine-small.json"};
  for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
    p = path(dir, files[f]);
    for (long budget = 0;; budget++) {
      rs_result r;
      int rc;
      alloc_budget = budget;
      json_set_alloc_funcs(failing_malloc, free);
      rc = rs_result_load(p, &r, err, sizeof err);
      json_set_alloc_funcs(malloc, free);
      if (rc == 0) {
        rs_result_free(&r);
        break;
      }
      if (strstr(err, "out of memory") == NULL)
        fprintf(stderr, "%s, %ld allocations:\n", files[f], budget);
      ASSERT_STR_HAS(err, "out of memory");
    }
  }
}

/* A file whose counter table would be huge (one benchmark: 6,000 counters
 * in its first repetition, then 6,000 repetitions; 36 million values from
 * 0.7 MB) is refused at once instead of taking minutes and gigabytes. */
static void test_counter_table_bound(void) {
  char p[] = "/tmp/mmaplab-results-XXXXXX", err[512];
  const char *entry = "{\"name\": \"x/core\", \"run_type\": \"iteration\", "
                      "\"real_time\": 1, \"time_unit\": \"ns\"";
  const int fd = mkstemp(p);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  rs_result r;
  ASSERT_NOT_NULL(f);
  fprintf(f, "{\"context\": {}, \"benchmarks\": [%s", entry);
  for (int i = 0; i < 6000; i++)
    fprintf(f, ", \"c%d\": %d", i, i);
  fputs("}", f);
  for (int i = 0; i < 6000; i++)
    fprintf(f, ",\n%s}", entry);
  fputs("]}\n", f);
  ASSERT_EQ(fclose(f), 0);
  alarm(20);
  ASSERT_EQ(rs_result_load(p, &r, err, sizeof err), -1);
  ASSERT_STR_HAS(err, "too many counter values");
  alarm(0);
  unlink(p);
}

/* The machine label of the Windows bench's fingerprints: under Wine it
 * says Wine and the host, never a Windows (or Linux) machine alone. */
static void test_machine_windows(void) {
  rs_result r;
  char machine[160];
  memset(&r, 0, sizeof r);
  r.path = (char *)"w.json";
  r.fingerprint = json_pack(
      "{s:s, s:{s:s, s:s}, s:{s:s, s:i}, s:s, s:{s:s, s:s, s:s}}", "hostname",
      "vm", "kernel", "sysname", "Windows", "release", "6.1.7601", "cpu",
      "model", "AMD EPYC", "online", 2, "runtime", "wine", "wine", "version",
      "8.0", "host_sysname", "Linux", "host_release", "6.18.44");
  rs_result_machine(&r, machine, sizeof machine);
  ASSERT_STR_EQ(machine, "vm: Wine 8.0 on Linux 6.18.44 (not Windows), "
                         "AMD EPYC x2");
  json_object_set_new(r.fingerprint, "runtime", json_string("windows"));
  json_object_set_new(r.fingerprint, "wine", json_null());
  rs_result_machine(&r, machine, sizeof machine);
  ASSERT_STR_EQ(machine, "vm: Windows 6.1.7601, AMD EPYC x2");
  json_decref(r.fingerprint);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DATA_DIR\n", argv[0]);
    return 2;
  }
  test_gbench(argv[1]);
  test_names();
  test_other_kinds(argv[1]);
  test_merge(argv[1]);
  test_nonfinite(argv[1]);
  test_special_inputs(argv[1]);
  test_out_of_memory(argv[1]);
  test_counter_table_bound();
  test_machine_windows();
  printf("results.load: ok\n");
  return 0;
}
