/* bench_test_granularity.c - the granularity and open families' own checks.
 *
 *   testfile  the test file: created in $MMAPLAB_BENCH_DIR and unlinked at
 *             once (the directory stays empty), of the size asked for,
 *             holding body(random); its checksums, page sums and cache
 *   run       scans and windows of a small file: results correct, counts
 *             exact (maps and mapped bytes per scan, one fault per page for
 *             4 KiB windows); a wrong or failing read, and a failing open,
 *             are reported as errors; names of the real grids
 * Both run with MMAPLAB_BENCH_DIR set to a fresh directory, which must be
 * empty at the end. No timing is checked.
 */
#define _DEFAULT_SOURCE /* mkdtemp, setenv */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_families.h"
#include "bench_test_util.h"
#include "bench_testfile.h"
#include "gbench.h"

#define KIB ((int64_t)1 << 10)
#define MIB ((int64_t)1 << 20)
#define FILE_SIZE (4 * MIB)

/* 1 if DIR holds no entry but . and .. */
static int dir_empty(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (d == NULL)
    return 0;
  while ((e = readdir(d)) != NULL)
    n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
  closedir(d);
  return n == 0;
}

static void check_contents(const bench_testfile *tf, uint8_t *buf) {
  struct stat sb;
  uint64_t page = 0;
  ASSERT_EQ(fstat(tf->fd, &sb), 0);
  ASSERT_EQ(sb.st_size, FILE_SIZE);
  ASSERT_EQ(pread(tf->fd, buf, FILE_SIZE, 0), FILE_SIZE);
  ASSERT_EQ(bd_body_mismatch(buf, 0, FILE_SIZE, BD_DATA_RANDOM), -1);
  ASSERT_U64(bench_testfile_sum(buf, FILE_SIZE), ==, tf->sum);
  ASSERT_U64(bench_testfile_sum(buf, 8) + bench_testfile_sum(buf + 8, 32), ==,
             bench_testfile_sum(buf, 40));
  for (int64_t i = 12 * KIB; i < 20 * KIB; i += BENCH_TESTFILE_PAGE)
    page += buf[i];
  ASSERT_U64(bench_testfile_page_expect(tf, 12 * KIB, 8 * KIB), ==, page);
  ASSERT_U64(bench_testfile_page_expect(tf, 12 * KIB, 5 * KIB), ==, page);
  ASSERT_U64(bench_testfile_page_expect(tf, 0, FILE_SIZE), ==,
             tf->page_sums[FILE_SIZE / BENCH_TESTFILE_PAGE]);
}

/* The fresh, empty directory both tests run in, as MMAPLAB_BENCH_DIR. */
static char dir[] = "/tmp/mmaplab-bench-gran-XXXXXX";

static void make_bench_dir(void) {
  ASSERT_NOT_NULL(mkdtemp(dir));
  setenv("MMAPLAB_BENCH_DIR", dir, 1);
}

/* Removes the directory: the test fails if a test file was left in it. */
static void remove_bench_dir(void) { ASSERT_EQ(rmdir(dir), 0); }

static int test_testfile(const char *arg) {
  bench_testfile tf;
  const bench_testfile *c;
  const char *why = NULL;
  uint8_t *buf = malloc(FILE_SIZE);
  (void)arg;
  make_bench_dir();
  ASSERT_NOT_NULL(buf);
  ASSERT_STR_EQ(bench_testfile_dir(), dir);
  ASSERT_EQ(bench_testfile_create(&tf, FILE_SIZE, &why), 0);
  ASSERT_NULL(why);
  ASSERT_STR_EQ(tf.dir, dir);
  ASSERT(dir_empty(dir)); /* unlinked at once */
  ASSERT_EQ(tf.size, FILE_SIZE);
  check_contents(&tf, buf);
  bench_testfile_close(&tf);
  bench_testfile_close(&tf); /* twice is harmless */
  ASSERT_EQ(bench_testfile_create(&tf, 1000, &why), -1);
  ASSERT_NOT_NULL(why);
  c = bench_testfile_cached(FILE_SIZE, &why);
  ASSERT_NOT_NULL(c);
  ASSERT_EQ(c->size, FILE_SIZE);
  ASSERT(bench_testfile_cached(FILE_SIZE, &why) == c);
  bench_testfile_cache_clear();
  setenv("MMAPLAB_BENCH_DIR", "", 1); /* empty: falls through to TMPDIR */
  setenv("TMPDIR", "/nonexistent-mmaplab", 1);
  ASSERT_STR_EQ(bench_testfile_dir(), "/nonexistent-mmaplab");
  why = NULL;
  ASSERT_EQ(bench_testfile_create(&tf, FILE_SIZE, &why), -1);
  ASSERT_NOT_NULL(why);
  unsetenv("TMPDIR");
  ASSERT_STR_EQ(bench_testfile_dir(), "/tmp");
  free(buf);
  remove_bench_dir();
  return 0;
}

/* Reads the window one page further on (or back, at the end). */
static const char *shifted(const bench_window *w, uint64_t *sum,
                           int64_t *mapped) {
  bench_window s = *w;
  s.offset += s.offset + s.len + 4096 <= FILE_SIZE ? 4096 : -4096;
  return bench_gran_read(&s, sum, mapped);
}

static const char *failing(const bench_window *w, uint64_t *sum,
                           int64_t *mapped) {
  (void)w, (void)sum, (void)mapped;
  return "simulated failure";
}

static const char *failing_open(bench_open_kind kind, int fd, int64_t size) {
  (void)kind, (void)fd, (void)size;
  return "simulated failure";
}

static void register_cases(void) {
  static const int64_t aligns[] = {4 * KIB, 64 * KIB, 2 * MIB};
  const bench_gran_case core = {"core", bench_gran_core, 1, 1, 0, NULL};
  const bench_gran_case pread_scan = {"pread", bench_gran_read, 1, 0, 1, NULL};
  const bench_gran_case broken = {"shifted", shifted, 1, 0, 1, NULL};
  const bench_gran_case fails = {"failing", failing, 0, 0, 0, NULL};
  const bench_open_case open_fails = {"failing", failing_open,
                                      BENCH_OPEN_ANON_PRIVATE, 0};
  for (size_t a = 0; a < 3; a++) {
    bench_gran_register(&core, aligns[a], 4 * KIB, FILE_SIZE);
    bench_gran_register(&core, aligns[a], 1 * MIB, FILE_SIZE);
  }
  bench_gran_register(&pread_scan, 0, 64 * KIB, FILE_SIZE);
  bench_gran_register(&broken, 0, 64 * KIB, FILE_SIZE);
  bench_gran_register(&fails, 0, 4 * KIB, FILE_SIZE);
  for (int core_win = 1; core_win >= 0; core_win--) {
    bench_gran_case c = {core_win ? "core" : "pread",
                         core_win ? bench_gran_core : bench_gran_read,
                         0,
                         0,
                         !core_win,
                         NULL};
    bench_gran_register(&c, 0, 4 * KIB, FILE_SIZE);
    bench_gran_register(&c, 0, 1 * MIB, FILE_SIZE);
  }
  bench_open_register(&open_fails, 4096);
  bench_register_granularity(
      &(bench_config){BENCH_GRID_QUICK, NULL, 0, NULL, 0, 0, 0});
  bench_register_open(
      &(bench_config){BENCH_GRID_QUICK, NULL, 0, NULL, 0, 0, 0});
}

/* Bytes the core maps in one scan of FILE_SIZE: each window of W from its
 * offset rounded down to A. */
static double mapped_per_scan(int64_t a, int64_t w) {
  double n = 0;
  for (int64_t off = 0; off < FILE_SIZE; off += w)
    n += (double)(off % a + w);
  return n;
}

static void check_scans(const json_t *root) {
  static const char *const names[] = {
      "granularity/core/scan/align:4096/window:4096/file:4194304",
      "granularity/core/scan/align:65536/window:4096/file:4194304",
      "granularity/core/scan/align:2097152/window:4096/file:4194304",
      "granularity/core/scan/align:4096/window:1048576/file:4194304",
      "granularity/core/scan/align:65536/window:1048576/file:4194304",
      "granularity/core/scan/align:2097152/window:1048576/file:4194304"};
  static const int64_t a[] = {4 * KIB, 64 * KIB, 2 * MIB};
  for (int i = 0; i < 6; i++) {
    const int64_t w = i < 3 ? 4 * KIB : MIB;
    json_t *b = bt_ran(root, names[i]);
    ASSERT_DBL(bt_num(b, "bytes_per_second"), >, 0);
    ASSERT_DBL(bt_num(b, "maps"), ==, (double)(FILE_SIZE / w));
    ASSERT_DBL(bt_num(b, "mapped_bytes"), ==, mapped_per_scan(a[i % 3], w));
    ASSERT_DBL(bt_num(b, "ns_per_gib"), >, 0);
  }
  ASSERT_DBL(mapped_per_scan(64 * KIB, 4 * KIB), ==, 64 * 136 * 4096.0);
  {
    json_t *b = bt_ran(root, "granularity/pread/scan/window:65536/"
                             "file:4194304");
    ASSERT_DBL(bt_num(b, "maps"), ==, 0);
    ASSERT_DBL(bt_num(b, "mapped_bytes"), ==, 0);
  }
}

/* The window case NAME (WINDOW bytes a window) reported faults_per_page in
 * [LOW, HIGH] (ratios of the pages it read), give or take STRAY_FAULTS: the
 * counts are the whole process's over the timed loop, so a fault of other code
 * (a page migrated under the harness) counts too. Prints what it got when it
 * fails. */
#define STRAY_FAULTS 16.0
static void check_window_faults(const json_t *root, const char *name,
                                int64_t window, double low, double high) {
  json_t *b = bt_bench(root, name);
  const double pages = bt_num(b, "iterations") * (double)(window / 4096),
               fpp = bt_num(b, "faults_per_page"), faults = fpp * pages;
  fprintf(stderr,
          "%s: faults_per_page %g over %g pages, expected %g to %g "
          "(+- %g faults)\n",
          name, fpp, pages, low, high, STRAY_FAULTS);
  ASSERT_NOT_NULL(b);
  ASSERT_DBL(pages, >, 0);
  ASSERT_DBL(faults, >=, low * pages - STRAY_FAULTS);
  ASSERT_DBL(faults, <=, high * pages + STRAY_FAULTS);
}

static void check_windows(const json_t *root) {
  static const char core[] = "granularity/core/window/size:4096/"
                             "file:4194304",
                    pr[] = "granularity/pread/window/size:4096/file:4194304",
                    big[] = "granularity/core/window/size:1048576/"
                            "file:4194304";
  /* A fresh 4 KiB map: its one page faults once per touch. The 10% is for
   * ASan, whose quarantine hands out fresh heap (and shadow) pages. */
  check_window_faults(root, core, 4 * KIB, 0.9, 1.1);
  check_window_faults(root, pr, 4 * KIB, 0.0, 0.1); /* pre-faulted buffer */
  /* Fault-around (or large folios) map several pages per fault. */
  check_window_faults(root, big, MIB, 0.0, 0.5);
  ASSERT_DBL(bt_num(bt_bench(root, core), "ns_per_page"), >, 0);
  ASSERT_DBL(bt_num(bt_bench(root, big), "ns_per_page"), >, 0);
  ASSERT_DBL(bt_num(bt_bench(root, big), "bytes_per_second"), >, 0);
}

static int test_run(const char *arg) {
  json_t *root;
  (void)arg;
  make_bench_dir();
  register_cases();
  {
    /* 10 ms a case: enough windows that a stray fault is noise. */
    static const char *const flags[] = {
        "--benchmark_filter=^(.*/file:4194304|open/.*/size:4096|"
        "granularity/core/window/size:4096/file:67108864)$",
        "--benchmark_min_time=0.01"};
    root = bt_run_gbench_flags(flags, 2);
  }
  ASSERT_NOT_NULL(root);
  check_scans(root);
  check_windows(root);
  bt_check_error(root, "granularity/shifted/scan/window:65536/file:4194304",
                 "shifted/scan: wrong checksum of the whole file");
  bt_check_error(root, "granularity/failing/window/size:4096/file:4194304",
                 "failing/window: simulated failure (window at 0)");
  bt_check_error(root, "open/failing/anon-private/size:4096",
                 "failing/open: simulated failure");
  ASSERT_EQ(gb_error_count(), 3);
  for (int k = 0; k < 2; k++)
    for (int core = 0; core < 2; core++) {
      char name[80];
      snprintf(name, sizeof name, "open/%s/%s/size:4096", core ? "core" : "raw",
               k ? "file-shared" : "anon-private");
      ASSERT_DBL(bt_num(bt_ran(root, name), "items_per_second"), >, 0);
    }
  ASSERT_NOT_NULL(
      bt_bench(root, "granularity/core/window/size:4096/file:67108864"));
  json_decref(root);
  bench_testfile_cache_clear();
  gb_shutdown();
  remove_bench_dir();
  return 0;
}

int main(int argc, char **argv) {
  static const bt_test tests[] = {{"testfile", test_testfile},
                                  {"run", test_run}};
  return bt_main(argc, argv, tests, 2, 0);
}
