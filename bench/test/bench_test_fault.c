/* bench_test_fault.c - the fault family's counts, through its own benchmark
 * code: a few cases registered and run by Google Benchmark, the counters read
 * back from the JSON. Counts only, never times.
 *
 *   4k   first writes of 4 KiB anonymous memory take 1.000 +- 0.002 faults
 *        per page, none after MAP_POPULATE or MADV_POPULATE_WRITE; a private
 *        file write copies each page; reads check their sums; the whole
 *        quick grid runs without an error; no test file is left behind; a
 *        run the kernel cannot do is reported and counted as unavailable
 *   thp  with THP: 1/512 +- 10% faults per 4 KiB page written or read (the
 *        huge zero page); skipped (exit 77) when THP is not available or
 *        the kernel did not give huge pages
 */
#define _GNU_SOURCE /* mkdtemp, setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_families.h"
#include "bench_test_util.h"
#include "gbench.h"

#define MIB ((int64_t)1 << 20)

/* NAME ran without an error and its faults_per_page is WANT +- TOL. */
static void check_faults(const json_t *root, const char *name, double want,
                         double tol) {
  json_t *b = bt_bench_run(root, name);
  const double got = bt_num(b, "faults_per_page");
  fprintf(stderr, "%s: faults_per_page %g, expected %g +- %g%s%s\n", name, got,
          want, tol, bt_failed(b) ? "; error: " : "",
          bt_str(b, "error_message"));
  ASSERT_NOT_NULL(b);
  ASSERT(!bt_failed(b));
  ASSERT_NEAR(got, want, tol);
  ASSERT_DBL(bt_num(b, "major_faults_per_page"), ==, 0);
  ASSERT_DBL(bt_num(b, "ns_per_page"), >, 0);
  ASSERT_DBL(bt_num(b, "prep_ns_per_page"), >, 0);
  ASSERT_DBL(bt_num(b, "page_backed"), >=, 0.9);
  /* ns_per_fault only where there were faults */
  ASSERT_EQ(got > 0, bt_num(b, "ns_per_fault") > 0);
}

static void add(bench_fault_kind kind, int write, bench_fault_prep prep,
                bd_page_mode mode, int64_t size, int64_t iterations) {
  const bench_fault_case c = {kind, write, prep, mode};
  ASSERT(bench_fault_makes_sense(&c));
  bench_fault_register(&c, size, iterations);
}

/* A case the kernel cannot run, as the fault family reports one. */
static void bm_unavailable(gb_state *st, void *ctx) {
  (void)ctx;
  bd_report_unavailable(st, "MADV_TEST: this kernel lacks it");
}

#define UNAVAILABLE "fault-test/unavailable"

/* Every fault run of ROOT ran without an error and has the family's
 * counters; the unavailable one is reported as such. */
static void check_all_ran(const json_t *root) {
  json_t *b = bt_bench(root, UNAVAILABLE);
  size_t i, n = 0;
  bt_check_error(root, UNAVAILABLE, "");
  ASSERT_STR_EQ(bt_str(b, "error_message"),
                "unavailable: MADV_TEST: this kernel lacks it");
  json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
    if (strcmp(bt_str(b, "name"), UNAVAILABLE) == 0)
      continue;
    if (bt_failed(b))
      fprintf(stderr, "%s: %s\n", bt_str(b, "name"),
              bt_str(b, "error_message"));
    ASSERT(!bt_failed(b));
    ASSERT_DBL(bt_num(b, "faults_per_page"), >=, 0);
    ASSERT_DBL(bt_num(b, "ns_per_page"), >, 0);
    ASSERT_DBL(bt_num(b, "page_backed"), >=, 0.9);
    n++;
  }
  ASSERT_U64(n, >=, 36 + 6); /* the quick grid of 4k, and the cases above */
}

/* The cases of the make-no-sense rules of bench_fault.c. */
static void check_rules(void) {
  const bench_fault_case anon_willneed = {BENCH_FAULT_ANON_PRIVATE, 0,
                                          BENCH_FAULT_WILLNEED, PM_4K};
  const bench_fault_case thp_populate = {BENCH_FAULT_ANON_PRIVATE, 1,
                                         BENCH_FAULT_POPULATE, PM_THP};
  const bench_fault_case file_thp = {BENCH_FAULT_FILE_SHARED, 0,
                                     BENCH_FAULT_PLAIN, PM_THP};
  const bench_fault_case file_huge = {BENCH_FAULT_FILE_PRIVATE, 1,
                                      BENCH_FAULT_PLAIN, PM_HUGE2M};
  const bench_fault_case cow_populate = {BENCH_FAULT_FILE_PRIVATE, 1,
                                         BENCH_FAULT_POPULATE_WRITE, PM_4K};
  ASSERT(!bench_fault_makes_sense(&anon_willneed));
  ASSERT(!bench_fault_makes_sense(&thp_populate));
  ASSERT(!bench_fault_makes_sense(&file_thp));
  ASSERT(!bench_fault_makes_sense(&file_huge));
  ASSERT(bench_fault_makes_sense(&cow_populate));
}

static int test_4k(const char *arg) {
  static const bd_page_mode modes[] = {PM_4K};
  char dir[] = "/tmp/mmaplab-fault-test-XXXXXX";
  const int64_t size = 8 * MIB; /* 2048 pages, 2 iterations */
  json_t *root;
  (void)arg;
  check_rules();
  ASSERT_NOT_NULL(mkdtemp(dir));
  setenv("MMAPLAB_BENCH_DIR", dir, 1);
  add(BENCH_FAULT_ANON_PRIVATE, 1, BENCH_FAULT_PLAIN, PM_4K, size, 2);
  add(BENCH_FAULT_ANON_PRIVATE, 1, BENCH_FAULT_POPULATE, PM_4K, size, 2);
  add(BENCH_FAULT_ANON_PRIVATE, 0, BENCH_FAULT_PLAIN, PM_4K, size, 2);
  add(BENCH_FAULT_ANON_SHARED, 0, BENCH_FAULT_POPULATE_WRITE, PM_4K, size, 2);
  add(BENCH_FAULT_FILE_PRIVATE, 1, BENCH_FAULT_PLAIN, PM_4K, size, 2);
  add(BENCH_FAULT_FILE_SHARED, 1, BENCH_FAULT_POPULATE_WRITE, PM_4K, size, 2);
  bench_register_fault(
      &(bench_config){BENCH_GRID_QUICK, modes, 1, NULL, 0, 0, 0});
  gb_register(UNAVAILABLE, bm_unavailable, NULL);
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  check_faults(root, "fault/anon-private/write/plain/page:4k/size:8388608", 1.0,
               0.002);
  check_faults(root, "fault/anon-private/write/populate/page:4k/size:8388608",
               0, 0);
  check_faults(root, "fault/anon-private/read/plain/page:4k/size:8388608", 1.0,
               0.002);
  check_faults(
      root, "fault/anon-shared/read/populate-write/page:4k/size:8388608", 0, 0);
  check_faults(root, "fault/file-private/write/plain/page:4k/size:8388608", 1.0,
               0.002);
  check_faults(root,
               "fault/file-shared/write/populate-write/page:4k/size:8388608", 0,
               0);
  check_all_ran(root);
  ASSERT_EQ(gb_error_count(), 1);
  ASSERT_EQ(bd_fallback_count(), 0);
  ASSERT_EQ(bd_unavailable_count(), 1);
  ASSERT_EQ(rmdir(dir), 0); /* empty: no test file left behind */
  json_decref(root);
  gb_shutdown();
  return 0;
}

static int test_thp(const char *arg) {
  pm_status status;
  const int64_t size = 16 * MIB; /* 8 huge pages, 4 iterations */
  const double want = 4096.0 / (double)pm_mode_size(PM_THP);
  const char *first = "fault/anon-private/write/plain/page:thp/size:16777216";
  json_t *root, *b;
  (void)arg;
  if (!pm_detect(PM_THP, (size_t)size, &status))
    SKIP(status.reason);
  add(BENCH_FAULT_ANON_PRIVATE, 1, BENCH_FAULT_PLAIN, PM_THP, size, 4);
  add(BENCH_FAULT_ANON_PRIVATE, 0, BENCH_FAULT_PLAIN, PM_THP, size, 4);
  add(BENCH_FAULT_ANON_PRIVATE, 1, BENCH_FAULT_POPULATE_WRITE, PM_THP, size, 4);
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  b = bt_bench_run(root, first);
  if (b != NULL && strstr(bt_str(b, "error_message"), "not obtained")) {
    char why[512]; /* a fact about the machine, not a bug */
    snprintf(why, sizeof why, "THP allowed but not given: %s",
             bt_str(b, "error_message"));
    SKIP(why);
  }
  check_faults(root, first, want, want * 0.1);
  check_faults(root, "fault/anon-private/read/plain/page:thp/size:16777216",
               want, want * 0.1);
  check_faults(root,
               "fault/anon-private/write/populate-write/page:thp/size:16777216",
               0, 0);
  json_decref(root);
  gb_shutdown();
  return 0;
}

int main(int argc, char **argv) {
  static const bt_test tests[] = {{"4k", test_4k}, {"thp", test_thp}};
  return bt_main(argc, argv, tests, 2, 0);
}
