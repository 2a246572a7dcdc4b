/* bench_test_filemap.c - the filemap family's counts, through its own
 * benchmark code: a few cases registered on one filesystem and run by
 * Google Benchmark, the counters read back from the JSON. Counts only,
 * never times. Each test makes its own directory on a filesystem whose
 * pages can be evicted ($TMPDIR, /tmp, /var/tmp or the working directory;
 * skipped, exit 77, when none is) and leaves it empty and removed.
 *
 *   counts        4 MiB files, read one byte per page:
 *                 - cold, MADV_RANDOM: 1 major fault per page, +- 0.01.
 *                   Exact in principle: MADV_RANDOM turns readahead off,
 *                   and fault-around maps only pages already cached, of
 *                   which a cold file has none ahead of the touch, so
 *                   each page is read by its own fault. The slack (10 of
 *                   1024 pages) is for stray faults of this process
 *                   itself, which getrusage counts along;
 *                 - cold, MADV_SEQUENTIAL: at most 0.25 major faults per
 *                   page (with readahead on, the kernel's smallest window
 *                   is 4 pages; the default is 32) and more than one page
 *                   brought in per fault; skipped where the device's
 *                   read_ahead_kb is 0;
 *                 - warm: no major fault, no page gained;
 *                 - resident_before exactly 0 cold and 1 warm,
 *                   resident_after 1; pages_per_fault and
 *                   resident_per_fault left out only without faults;
 *                 - writes: a shared write twice in a row (its undo must
 *                   leave the pages clean, or the second eviction fails)
 *                   and a private one, then a read that checks the file
 *                   still holds its pattern.
 *   not-obtained  the state check: with posix_fadvise replaced by nothing,
 *                 a cold run is an error entry "cold cache not obtained:
 *                 100.00% resident" (not root) or cold by drop_caches,
 *                 said in its label (root: drops the page cache once);
 *                 with the file's pages held mapped by someone else
 *                 (which neither fadvise nor drop_caches can evict), an
 *                 error entry for everyone. Either error counts as a
 *                 fallback, not as a wrong result.
 *   tmpfs         on /dev/shm (skipped unless it is tmpfs): cold rows are
 *                 unavailable with the reason, warm rows run; the quick
 *                 grid registers 6 rows per filesystem, the full one 44.
 */
#define _GNU_SOURCE /* asprintf, mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "bench_families.h"
#include "bench_fs.h"
#include "bench_test_util.h"
#include "gbench.h"

#define MIB ((int64_t)1 << 20)
#define SIZE (4 * MIB)

/* ---- a directory on an evictable filesystem ----------------------------- */

static char *test_dir;

/* Makes TEST_DIR on the first candidate whose pages can be evicted, as the
 * run's only filesystem "test"; skips the test when there is none. */
static void make_dir(void) {
  const char *cands[] = {getenv("TMPDIR"), "/tmp", "/var/tmp", "."};
  for (size_t i = 0; i < sizeof cands / sizeof cands[0]; i++) {
    const bench_fs *fs;
    char *dir;
    if (cands[i] == NULL || *cands[i] == '\0')
      continue;
    ASSERT(asprintf(&dir, "%s/mmaplab-filemap-test-XXXXXX", cands[i]) > 0);
    if (mkdtemp(dir) == NULL) {
      free(dir);
      continue;
    }
    fs = bench_fs_add_dir("test", dir, 0);
    if (fs != NULL && fs->evictable) {
      test_dir = dir;
      return;
    }
    bench_fs_clear();
    rmdir(dir);
    free(dir);
  }
  SKIP("no directory on a filesystem whose pages can be evicted (TMPDIR, "
       "/tmp, /var/tmp and . are all tmpfs or not writable)");
}

/* The directory is empty (the test files were unlinked at once). */
static void remove_dir(void) {
  ASSERT_EQ(rmdir(test_dir), 0);
  free(test_dir);
  bench_fs_clear();
}

/* ---- reading the results ------------------------------------------------ */

/* The JSON entry of filemap/NAME/fs:test/size:BYTES (Google Benchmark
 * adds "/iterations:N/manual_time"), or NULL. */
static json_t *find_run(const json_t *root, const char *name, int64_t bytes) {
  char *want;
  size_t i, n;
  json_t *b, *found = NULL;
  ASSERT(asprintf(&want, "filemap/%s/fs:test/size:%lld", name,
                  (long long)bytes) > 0);
  n = strlen(want);
  json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
    const char *got = bt_str(b, "name");
    if (strncmp(got, want, n) == 0 && (got[n] == '/' || got[n] == '\0'))
      found = b;
  }
  free(want);
  return found;
}

/* NAME's entry, which must have run without an error; its counters are
 * printed. */
static json_t *ran(const json_t *root, const char *name) {
  json_t *b = find_run(root, name, SIZE);
  if (b == NULL)
    fprintf(stderr, "%s: not in the results\n", name);
  ASSERT_NOT_NULL(b);
  fprintf(stderr,
          "%s: faults/page %g major/page %g pages/fault %g resident/fault "
          "%g before %g after %g%s%s\n",
          name, bt_num(b, "faults_per_page"),
          bt_num(b, "major_faults_per_page"), bt_num(b, "pages_per_fault"),
          bt_num(b, "resident_per_fault"), bt_num(b, "resident_before"),
          bt_num(b, "resident_after"), bt_failed(b) ? "; error: " : "",
          bt_str(b, "error_message"));
  ASSERT(!bt_failed(b));
  ASSERT_DBL(bt_num(b, "ns_per_page"), >, 0);
  ASSERT_NEAR(bt_num(b, "minor_faults_per_page") +
                  bt_num(b, "major_faults_per_page"),
              bt_num(b, "faults_per_page"), 1e-9);
  /* the per-fault counters exactly where there were faults */
  ASSERT_EQ(bt_num(b, "faults_per_page") > 0, bt_num(b, "pages_per_fault") > 0);
  ASSERT_EQ(bt_num(b, "faults_per_page") > 0,
            bt_num(b, "resident_per_fault") >= 0);
  return b;
}

/* A cold run: nothing resident before, everything after. */
static json_t *ran_cold(const json_t *root, const char *name) {
  json_t *b = ran(root, name);
  ASSERT_DBL(bt_num(b, "resident_before"), ==, 0);
  ASSERT_DBL(bt_num(b, "resident_after"), ==, 1);
  return b;
}

/* A warm run: everything resident, no major fault, no page gained. */
static json_t *ran_warm(const json_t *root, const char *name) {
  json_t *b = ran(root, name);
  ASSERT_DBL(bt_num(b, "resident_before"), ==, 1);
  ASSERT_DBL(bt_num(b, "resident_after"), ==, 1);
  ASSERT_DBL(bt_num(b, "major_faults_per_page"), ==, 0);
  ASSERT_DBL(bt_num(b, "resident_per_fault"), ==, 0);
  return b;
}

/* ---- registering -------------------------------------------------------- */

static void add(bench_fault_kind kind, int write, bench_filemap_cache cache,
                bench_filemap_advice advice, int64_t iterations) {
  const bench_filemap_case c = {kind, write, cache, advice, 0};
  bench_filemap_register(&c, SIZE, iterations);
}

/* The readahead of DIR's device in KiB, from /sys/class/bdi; -1 unknown. */
static long read_ahead_kb(const char *dir) {
  struct stat sb;
  char *path;
  long kb = -1;
  FILE *f;
  if (stat(dir, &sb) != 0)
    return -1;
  ASSERT(asprintf(&path, "/sys/class/bdi/%u:%u/read_ahead_kb", major(sb.st_dev),
                  minor(sb.st_dev)) > 0);
  f = fopen(path, "r");
  free(path);
  if (f == NULL)
    return -1;
  if (fscanf(f, "%ld", &kb) != 1)
    kb = -1;
  fclose(f);
  return kb;
}

static int test_counts(const char *arg) {
  const bench_fault_kind shared = BENCH_FAULT_FILE_SHARED;
  const bench_fault_kind private = BENCH_FAULT_FILE_PRIVATE;
  json_t *root, *b;
  long ra;
  (void)arg;
  make_dir();
  ra = read_ahead_kb(test_dir);
  fprintf(stderr, "%s: read_ahead_kb %ld (-1: unknown)\n", test_dir, ra);
  add(shared, 0, BENCH_FILEMAP_COLD, BENCH_FILEMAP_RANDOM, 1);
  add(private, 0, BENCH_FILEMAP_COLD, BENCH_FILEMAP_RANDOM, 1);
  add(shared, 0, BENCH_FILEMAP_COLD, BENCH_FILEMAP_SEQUENTIAL, 1);
  add(shared, 0, BENCH_FILEMAP_WARM, BENCH_FILEMAP_NORMAL, 1);
  add(private, 0, BENCH_FILEMAP_WARM, BENCH_FILEMAP_RANDOM, 1);
  add(shared, 1, BENCH_FILEMAP_COLD, BENCH_FILEMAP_NORMAL, 2);
  add(private, 1, BENCH_FILEMAP_WARM, BENCH_FILEMAP_SEQUENTIAL, 1);
  add(shared, 0, BENCH_FILEMAP_COLD, BENCH_FILEMAP_NORMAL, 1);
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  b = ran_cold(root, "file-shared/read/cold/random");
  ASSERT_NEAR(bt_num(b, "major_faults_per_page"), 1.0, 0.01);
  ASSERT_NEAR(bt_num(b, "resident_per_fault"), 1.0, 0.01);
  b = ran_cold(root, "file-private/read/cold/random");
  ASSERT_NEAR(bt_num(b, "major_faults_per_page"), 1.0, 0.01);
  b = ran_cold(root, "file-shared/read/cold/sequential");
  if (ra != 0) {
    ASSERT_DBL(bt_num(b, "major_faults_per_page"), <=, 0.25);
    ASSERT_DBL(bt_num(b, "major_faults_per_page"), >, 0);
    ASSERT_DBL(bt_num(b, "resident_per_fault"), >, 1);
  } else {
    fprintf(stderr,
            "readahead is off for %s: the sequential counts are "
            "not checked\n",
            test_dir);
  }
  ran_warm(root, "file-shared/read/warm/normal");
  ran_warm(root, "file-private/read/warm/random");
  ran_cold(root, "file-shared/write/cold/normal");
  b = ran_warm(root, "file-private/write/warm/sequential");
  ASSERT_NEAR(bt_num(b, "faults_per_page"), 1.0, 0.01); /* a copy per page */
  ran_cold(root, "file-shared/read/cold/normal");
  ASSERT_EQ(gb_error_count(), 0);
  json_decref(root);
  gb_shutdown();
  remove_dir();
  return 0;
}

/* ---- the state check ---------------------------------------------------- */

#define PINNED_SIZE (8 * MIB)

/* Another user of the file: its pages mapped and read, kept until the
 * test ends. */
static void *held;

/* Evicts nothing from the SIZE file; holds the pages of the PINNED_SIZE
 * one. */
static void evict_hook(int fd, int64_t size) {
  if (size == PINNED_SIZE && held == NULL) {
    volatile const uint8_t *p =
        mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
    ASSERT(p != MAP_FAILED);
    for (int64_t off = 0; off < size; off += 4096)
      (void)p[off];
    held = (void *)p;
  }
}

static int test_not_obtained(const char *arg) {
  const char *nothing = "file-shared/read/cold/normal";
  const int root_user = geteuid() == 0;
  const bench_filemap_case pinned = {
      BENCH_FAULT_FILE_PRIVATE, 0, BENCH_FILEMAP_COLD, BENCH_FILEMAP_RANDOM, 0};
  json_t *root, *b;
  (void)arg;
  make_dir();
  bench_filemap_set_evict(evict_hook);
  add(BENCH_FAULT_FILE_SHARED, 0, BENCH_FILEMAP_COLD, BENCH_FILEMAP_NORMAL, 1);
  bench_filemap_register(&pinned, PINNED_SIZE, 1);
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  if (root_user) {
    b = ran_cold(root, nothing);
    ASSERT_STR_HAS(bt_str(b, "label"), "cold via drop_caches in 1 of 1");
  } else {
    fprintf(stderr, "not root: drop_caches is not tried\n");
    b = find_run(root, nothing, SIZE);
    ASSERT_NOT_NULL(b);
    bt_check_error(root, bt_str(b, "name"),
                   "cold cache not obtained: 100.00% resident (1024 of 1024 "
                   "pages); posix_fadvise did not suffice and drop_caches "
                   "needs root");
  }
  /* pages mapped by someone else stay, whoever asks */
  b = find_run(root, "file-private/read/cold/random", PINNED_SIZE);
  ASSERT_NOT_NULL(b);
  bt_check_error(root, bt_str(b, "name"),
                 "cold cache not obtained: 100.00% resident (2048 of 2048 "
                 "pages)");
  ASSERT_EQ(gb_error_count(), root_user ? 1 : 2);
  ASSERT_EQ(bd_fallback_count(), root_user ? 1 : 2);
  json_decref(root);
  gb_shutdown();
  bench_filemap_set_evict(NULL);
  ASSERT_EQ(munmap(held, (size_t)PINNED_SIZE), 0);
  remove_dir();
  return 0;
}

/* ---- a filesystem whose pages cannot be evicted; the grids --------------- */

static int test_tmpfs(const char *arg) {
  char dir[] = "/dev/shm/mmaplab-filemap-test-XXXXXX";
  const bench_fs *fs;
  json_t *root, *b;
  (void)arg;
  if (mkdtemp(dir) == NULL)
    SKIP("cannot make a directory in /dev/shm");
  fs = bench_fs_add_dir("test", dir, 0);
  ASSERT_NOT_NULL(fs);
  if (fs->type == NULL || strcmp(fs->type, "tmpfs") != 0) {
    rmdir(dir);
    SKIP("/dev/shm is not tmpfs here");
  }
  ASSERT_EQ(fs->evictable, 0);
  ASSERT_NOT_NULL(bench_fs_add_dir("second", dir, 0));
  bench_register_filemap(&(bench_config){.grid = BENCH_GRID_QUICK});
  ASSERT_EQ(gb_selected_count(), 2 * 6);
  gb_clear();
  bench_register_filemap(&(bench_config){.grid = BENCH_GRID_FULL});
  ASSERT_EQ(gb_selected_count(), 2 * 44);
  gb_clear();
  add(BENCH_FAULT_FILE_SHARED, 0, BENCH_FILEMAP_COLD, BENCH_FILEMAP_NORMAL, 1);
  add(BENCH_FAULT_FILE_SHARED, 1, BENCH_FILEMAP_WARM, BENCH_FILEMAP_RANDOM, 1);
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  b = find_run(root, "file-shared/read/cold/normal", SIZE);
  ASSERT_NOT_NULL(b);
  bt_check_error(root, bt_str(b, "name"),
                 "unavailable: cold cache on tmpfs: its pages cannot be "
                 "evicted (the page cache is the file's only copy)");
  ran_warm(root, "file-shared/write/warm/random");
  ASSERT_EQ(bd_unavailable_count(), 1);
  ASSERT_EQ(gb_error_count(), 1);
  json_decref(root);
  gb_shutdown();
  ASSERT_EQ(rmdir(dir), 0);
  bench_fs_clear();
  return 0;
}

int main(int argc, char **argv) {
  static const bt_test tests[] = {{"counts", test_counts},
                                  {"not-obtained", test_not_obtained},
                                  {"tmpfs", test_tmpfs}};
  return bt_main(argc, argv, tests, 3, 0);
}
