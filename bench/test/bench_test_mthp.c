/* bench_test_mthp.c - the fault family's multi-size THP sizes, through its
 * own benchmark code, counted. Counts only, never times.
 *
 *   counts   every anonymous mTHP size a run can set up (root: each size
 *            the kernel lists below the PMD size; otherwise those the
 *            current settings give): a first write of 16 MiB of
 *            anon-private and anon-shared memory takes 1/(N/4) faults per
 *            4 KiB page, +-2%, and the size's counters (anon_fault_alloc,
 *            shmem_alloc) rose by at least the folios written; page:default
 *            records huge_fraction and mthp_fraction in 0..1; every THP
 *            setting reads as before afterwards. Skipped (77) when no size
 *            can run (not root, sizes off).
 *   rules    the cases bench_fault.c's header leaves out of the mthp sizes
 *            and default are left out, whoever runs it; default keeps the
 *            anonymous cases of 4k.
 *   refused  a run that does not get its size (THP disabled for the
 *            process with prctl PR_SET_THP_DISABLE, so nothing of the size
 *            is allocated, while the settings are as the run wants) is an
 *            error entry "page mode mthpNk not obtained: ...anon_fault_alloc
 *            +0..." without a rate, counted as a fallback.
 *
 * Why 2%: the map is a multiple of N and the kernel aligns anonymous maps
 * of at least the PMD size to it, so every folio is whole and the count is
 * exactly pages / (N / 4); the faults are the whole process's (getrusage),
 * and a stray fault elsewhere in it (the allocator, a stack page) must not
 * fail the test, while one base page per folio (the 4 KiB count) is 100%
 * off for 16 kB and far more for the larger sizes.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "bench_families.h"
#include "bench_mthp.h"
#include "bench_sysfs.h"
#include "bench_test_util.h"
#include "gbench.h"

#define MIB ((int64_t)1 << 20)
#define SIZE (16 * MIB)
#define ITERATIONS 2

/* Every THP setting (top-level and per size, enabled and shmem_enabled)
 * as one string, to compare before and after. */
static void settings(char *buf, size_t len) {
  static const char *const files[] = {"enabled", "shmem_enabled"};
  size_t kbs[32];
  const int n = pm_thp_sizes(kbs, 32);
  char v[64];
  buf[0] = '\0';
  for (int f = 0; f < 2; f++) {
    char path[192];
    snprintf(path, sizeof path, "/sys/kernel/mm/transparent_hugepage/%s",
             files[f]);
    if (bench_sysfs_read(path, v, sizeof v) == 0)
      snprintf(buf + strlen(buf), len - strlen(buf), "%s=%s ", files[f], v);
    for (int i = 0; i < n; i++) {
      snprintf(path, sizeof path, "%s/%s", pm_mthp_dir(kbs[i]), files[f]);
      if (bench_sysfs_read(path, v, sizeof v) == 0)
        snprintf(buf + strlen(buf), len - strlen(buf), "%zukB/%s=%s ", kbs[i],
                 files[f], v);
    }
  }
}

static void add(bench_fault_kind kind, bd_page_mode mode) {
  const bench_fault_case c = {kind, 1, BENCH_FAULT_PLAIN, mode};
  ASSERT(bench_fault_makes_sense(&c));
  bench_fault_register(&c, SIZE, ITERATIONS);
}

static const char *row_name(bench_fault_kind kind, bd_page_mode mode, char *buf,
                            size_t len) {
  snprintf(buf, len, "fault/%s/write/plain/page:%s/size:%lld",
           bench_fault_kind_name(kind), pm_mode_name(mode), (long long)SIZE);
  return buf;
}

static int test_counts(const char *arg) {
  char before[2048], after[2048], name[160], why[256];
  mthp_counts c0[2][PM_MODE_COUNT], c1[2][PM_MODE_COUNT];
  int runs[2][PM_MODE_COUNT] = {{0}}, nruns = 0;
  json_t *root;
  (void)arg;
  settings(before, sizeof before);
  for (int m = PM_MTHP16K; m <= PM_MTHP1024K; m++) {
    const size_t kb = pm_mode_size((pm_mode)m) / 1024;
    for (int shmem = 0; shmem < 2; shmem++) {
      if (kb * 1024 >= pm_mode_size(PM_THP) ||
          !mthp_runnable(kb, shmem, why, sizeof why)) {
        fprintf(stderr, "%s %s: not run: %s\n", pm_mode_name((pm_mode)m),
                shmem ? "shmem" : "anon", why);
        continue;
      }
      add(shmem ? BENCH_FAULT_ANON_SHARED : BENCH_FAULT_ANON_PRIVATE,
          (pm_mode)m);
      ASSERT_EQ(mthp_read_counts(kb, shmem, &c0[shmem][m]), 0);
      runs[shmem][m] = 1;
      nruns++;
    }
  }
  if (nruns == 0)
    SKIP("no mTHP size can run here (not root, and the settings give none)");
  add(BENCH_FAULT_ANON_PRIVATE, PM_DEFAULT);
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  for (int m = PM_MTHP16K; m <= PM_MTHP1024K; m++)
    for (int shmem = 0; shmem < 2; shmem++) {
      const size_t kb = pm_mode_size((pm_mode)m) / 1024;
      const double want = 4.0 / (double)kb;
      const long folios = ITERATIONS * (SIZE / 1024) / (long)kb;
      json_t *b;
      if (!runs[shmem][m])
        continue;
      ASSERT_EQ(mthp_read_counts(kb, shmem, &c1[shmem][m]), 0);
      b = bt_bench_run(root, row_name(shmem ? BENCH_FAULT_ANON_SHARED
                                            : BENCH_FAULT_ANON_PRIVATE,
                                      (pm_mode)m, name, sizeof name));
      ASSERT_NOT_NULL(b);
      fprintf(stderr,
              "%s: faults_per_page %g, expected %g +- 2%%; %s +%ld (at least "
              "%ld), fallback +%ld%s%s\n",
              name, bt_num(b, "faults_per_page"), want,
              shmem ? "shmem_alloc" : "anon_fault_alloc",
              c1[shmem][m].alloc - c0[shmem][m].alloc, folios,
              c1[shmem][m].fallback - c0[shmem][m].fallback,
              bt_failed(b) ? "; error: " : "", bt_str(b, "error_message"));
      ASSERT(!bt_failed(b));
      ASSERT_NEAR(bt_num(b, "faults_per_page"), want, want * 0.02);
      ASSERT_DBL(bt_num(b, "page_backed"), ==, 1);
      ASSERT(c1[shmem][m].alloc - c0[shmem][m].alloc >= folios);
    }
  {
    json_t *b = bt_bench_run(root, row_name(BENCH_FAULT_ANON_PRIVATE,
                                            PM_DEFAULT, name, sizeof name));
    ASSERT_NOT_NULL(b);
    ASSERT(!bt_failed(b));
    fprintf(stderr,
            "%s: faults_per_page %g, huge_fraction %g, mthp_fraction %g\n",
            name, bt_num(b, "faults_per_page"), bt_num(b, "huge_fraction"),
            bt_num(b, "mthp_fraction"));
    ASSERT_DBL(bt_num(b, "huge_fraction"), >=, 0);
    ASSERT_DBL(bt_num(b, "huge_fraction"), <=, 1);
    ASSERT_DBL(bt_num(b, "mthp_fraction"), >=, 0);
    ASSERT_DBL(bt_num(b, "mthp_fraction"), <=, 1);
  }
  ASSERT_EQ(gb_error_count(), 0);
  settings(after, sizeof after);
  ASSERT_STR_EQ(after, before);
  json_decref(root);
  gb_shutdown();
  return 0;
}

static int test_refused(const char *arg) {
  char before[2048], after[2048], name[160], why[256];
  pm_mode mode = PM_MODE_COUNT;
  json_t *root, *b;
  (void)arg;
  for (int m = PM_MTHP16K; m <= PM_MTHP1024K && mode == PM_MODE_COUNT; m++)
    if (pm_mode_size((pm_mode)m) < pm_mode_size(PM_THP) &&
        mthp_runnable(pm_mode_size((pm_mode)m) / 1024, 0, why, sizeof why))
      mode = (pm_mode)m;
  if (mode == PM_MODE_COUNT)
    SKIP("no mTHP size can run here (not root, and the settings give none)");
  settings(before, sizeof before);
  add(BENCH_FAULT_ANON_PRIVATE, mode);
  /* THP off for this process: the run's settings are made, but no folio
   * of the size can be allocated for it */
  ASSERT_EQ(prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0), 0);
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  row_name(BENCH_FAULT_ANON_PRIVATE, mode, name, sizeof name);
  b = bt_bench_run(root, name);
  ASSERT_NOT_NULL(b);
  fprintf(stderr, "%s: %s\n", name, bt_str(b, "error_message"));
  snprintf(why, sizeof why,
           "page mode %s not obtained: hugepages-%zukB/stats: "
           "anon_fault_alloc +0 of the",
           pm_mode_name(mode), pm_mode_size(mode) / 1024);
  ASSERT(bt_failed(b));
  ASSERT(strncmp(bt_str(b, "error_message"), why, strlen(why)) == 0);
  ASSERT_DBL(bt_num(b, "faults_per_page"), <, 0); /* no counters: missing */
  ASSERT_EQ(gb_error_count(), 1);
  ASSERT_EQ(bd_fallback_count(), 1);
  settings(after, sizeof after);
  ASSERT_STR_EQ(after, before);
  json_decref(root);
  gb_shutdown();
  return 0;
}

static int sense(bench_fault_kind kind, int write, bench_fault_prep prep,
                 bd_page_mode mode) {
  const bench_fault_case c = {kind, write, prep, mode};
  return bench_fault_makes_sense(&c);
}

static int test_rules(const char *arg) {
  (void)arg;
  for (int m = PM_MTHP16K; m <= PM_MTHP1024K; m++)
    for (int k = 0; k < BENCH_FAULT_KIND_COUNT; k++)
      for (int w = 0; w < 2; w++) {
        const bench_fault_kind kind = (bench_fault_kind)k;
        const bd_page_mode mode = (bd_page_mode)m;
        /* before MADV_HUGEPAGE; swap-in only; the filemap family's */
        ASSERT(!sense(kind, w, BENCH_FAULT_POPULATE, mode));
        ASSERT(!sense(kind, w, BENCH_FAULT_WILLNEED, mode));
        if (kind == BENCH_FAULT_FILE_SHARED || kind == BENCH_FAULT_FILE_PRIVATE)
          ASSERT(!sense(kind, w, BENCH_FAULT_PLAIN, mode));
      }
  /* the zero page: no folio of the size is ever allocated */
  ASSERT(!sense(BENCH_FAULT_ANON_PRIVATE, 0, BENCH_FAULT_PLAIN, PM_MTHP64K));
  ASSERT(!sense(BENCH_FAULT_ANON_PRIVATE, 0, BENCH_FAULT_POPULATE_READ,
                PM_MTHP64K));
  ASSERT(!sense(BENCH_FAULT_ANON_PRIVATE, 1, BENCH_FAULT_POPULATE_READ,
                PM_MTHP64K));
  /* default: what an ordinary program does, MAP_POPULATE included */
  ASSERT(sense(BENCH_FAULT_ANON_PRIVATE, 0, BENCH_FAULT_PLAIN, PM_DEFAULT));
  ASSERT(sense(BENCH_FAULT_ANON_PRIVATE, 1, BENCH_FAULT_POPULATE, PM_DEFAULT));
  ASSERT(
      sense(BENCH_FAULT_ANON_SHARED, 1, BENCH_FAULT_POPULATE_READ, PM_DEFAULT));
  ASSERT(!sense(BENCH_FAULT_FILE_SHARED, 0, BENCH_FAULT_PLAIN, PM_DEFAULT));
  ASSERT(!sense(BENCH_FAULT_ANON_SHARED, 0, BENCH_FAULT_WILLNEED, PM_DEFAULT));
  return 0;
}

int main(int argc, char **argv) {
  static const bt_test tests[] = {{"counts", test_counts},
                                  {"refused", test_refused},
                                  {"rules", test_rules}};
  return bt_main(argc, argv, tests, 3, 0);
}
