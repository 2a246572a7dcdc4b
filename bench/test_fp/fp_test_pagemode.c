/* fp_test_pagemode.c - page modes: names, detect, map and verify. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "faults.h"
#include "fp_tests.h"
#include "pagemode.h"

int fp_test_pagemode_names(const char *arg) {
  static const char *const names[] = {"4k", "thp", "huge2m", "huge1g"};
  pm_mode m;
  (void)arg;
  for (int i = 0; i < PM_MODE_COUNT; i++) {
    FP_CHECK(strcmp(pm_mode_name((pm_mode)i), names[i]) == 0, "mode %d is %s",
             i, pm_mode_name((pm_mode)i));
    FP_CHECK(pm_mode_parse(names[i], &m) == 0 && (int)m == i, "%s", names[i]);
  }
  FP_CHECK(pm_mode_parse("2m", &m) == -EINVAL, "2m parsed");
  FP_CHECK(strcmp(pm_mode_name(PM_MODE_COUNT), "?") == 0, "?");
  FP_CHECK(pm_mode_size(PM_4K) == (size_t)sysconf(_SC_PAGESIZE), "%zu",
           pm_mode_size(PM_4K));
  FP_CHECK(pm_mode_size(PM_HUGE2M) == 2u << 20, "2m");
  FP_CHECK(pm_mode_size(PM_HUGE1G) == 1u << 30, "1g");
  return FP_PASS;
}

/* Writes TEXT to a fresh file in TMPDIR (or /tmp); returns its path. */
static const char *temp_file(char *path, size_t len, const char *text) {
  const char *dir = getenv("TMPDIR");
  FILE *f;
  int fd;
  snprintf(path, len, "%s/mmaplab-fp-XXXXXX", dir ? dir : "/tmp");
  fd = mkstemp(path);
  f = fd < 0 ? NULL : fdopen(fd, "w");
  if (f == NULL)
    return NULL;
  fputs(text, f);
  fclose(f);
  return path;
}

int fp_test_pagemode_sys_read(const char *arg) {
  char p1[256], p2[256], p3[256], buf[64];
  long v = 0;
  (void)arg;
  FP_CHECK(temp_file(p1, sizeof p1, "always [madvise] never\n") &&
               temp_file(p2, sizeof p2, "42\n") &&
               temp_file(p3, sizeof p3, "no choice here\n"),
           "cannot write temp files: %s", strerror(errno));
  FP_CHECK(pm_sys_read_choice(p1, buf, sizeof buf) == 0 &&
               strcmp(buf, "madvise") == 0,
           "choice: %s", buf);
  FP_CHECK(pm_sys_read(p1, buf, sizeof buf) == 0 &&
               strcmp(buf, "always [madvise] never") == 0,
           "newline not stripped: '%s'", buf);
  FP_CHECK(pm_sys_read_long(p2, &v) == 0 && v == 42, "%ld", v);
  FP_CHECK(pm_sys_read_choice(p3, buf, sizeof buf) == -EINVAL, "choice");
  FP_CHECK(pm_sys_read_long(p3, &v) == -EINVAL, "not a number");
  FP_CHECK(pm_sys_read_long("/nonexistent/x", &v) == -ENOENT, "ENOENT");
  FP_CHECK(pm_sys_read(p1, buf, 7) == 0 && strcmp(buf, "always") == 0,
           "truncation: '%s'", buf);
  unlink(p1), unlink(p2), unlink(p3);
  return FP_PASS;
}

int fp_test_pagemode_detect(const char *arg) {
  pm_status st;
  (void)arg;
  for (int i = 0; i < PM_MODE_COUNT; i++) {
    int avail = pm_detect((pm_mode)i, 0, &st);
    printf("%-7s %s: %s\n", pm_mode_name((pm_mode)i),
           avail ? "available  " : "unavailable", st.reason);
    /* Every answer carries its reason, available or not. */
    FP_CHECK(avail == st.available && st.reason[0], "mode %d", i);
  }
  FP_CHECK(pm_detect(PM_MODE_COUNT, 0, &st) == 0, "bad mode");
  /* No machine has 2^40 free 1 GiB pages. */
  FP_CHECK(pm_detect(PM_HUGE1G, (size_t)1 << 62, &st) == 0, "%s", st.reason);
  return FP_PASS;
}

/* Maps SIZE bytes in MODE (from a hugetlbfs file if FILE), write-touches
 * every base page, then verifies; stores the faults per base page in *FPP. */
static int map_touch_verify(pm_mode mode, size_t size, int file, pm_verdict *v,
                            double *fpp) {
  const size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  pm_mapping m;
  flt_sample before, after;
  flt_delta d;
  int rc = file ? pm_map_hugetlbfs(mode, size, &m) : pm_map(mode, size, &m);
  if (rc < 0)
    return rc;
  flt_sample_read(&before);
  flt_touch_write(m.addr, size, ps, 1);
  flt_sample_read(&after);
  d = flt_diff(&before, &after);
  *fpp = flt_per_page(&d, size / ps);
  rc = pm_verify(mode, m.addr, size, v);
  printf("%s%s: %zu bytes, %ld faults, %.6f faults per 4 KiB page (1/%.1f); "
         "verify: %s, %.3f backed, kernel page %zu, exact %d\n",
         pm_mode_name(mode), file ? " (hugetlbfs file)" : "", size,
         d.minor + d.major, *fpp, *fpp > 0 ? 1 / *fpp : 0.0, v->label,
         v->fraction, v->kernel_page_size, v->exact);
  pm_unmap(&m);
  return rc;
}

int fp_test_pagemode_4k_verify(const char *arg) {
  pm_verdict v;
  double fpp;
  int rc;
  (void)arg;
  rc = map_touch_verify(PM_4K, 8u << 20, 0, &v, &fpp);
  FP_CHECK(rc == 0, "%s", strerror(-rc));
  FP_CHECK(strcmp(v.label, "4k") == 0 && v.fraction == 1.0,
           "label %s fraction %.3f", v.label, v.fraction);
  FP_CHECK(v.thp_bytes == 0 && v.hugetlb_bytes == 0, "thp %zu hugetlb %zu",
           v.thp_bytes, v.hugetlb_bytes);
  /* The guard pages keep the kernel from merging the VMA with others. */
  FP_CHECK(v.exact == 1 && v.vma_bytes == 8u << 20, "exact %d vma %zu", v.exact,
           v.vma_bytes);
  return FP_PASS;
}

int fp_test_pagemode_thp(const char *arg) {
  const size_t size = 128u << 20; /* 64 huge pages: +-10% is +-6 faults */
  pm_status st;
  pm_verdict v;
  double fpp, want;
  int rc;
  (void)arg;
  if (!pm_detect(PM_THP, size, &st))
    FP_SKIP_BECAUSE("thp unavailable: %s", st.reason);
  rc = map_touch_verify(PM_THP, size, 0, &v, &fpp);
  FP_CHECK(rc == 0, "%s", strerror(-rc));
  /* THP is best effort: without free 2 MiB blocks the kernel falls back to
   * base pages, which is a fact about the machine, not a bug. */
  if (v.fraction < 1.0)
    FP_SKIP_BECAUSE("thp not verified: %s, %.3f of the range on huge pages",
                    v.label, v.fraction);
  want = (double)sysconf(_SC_PAGESIZE) / (double)pm_mode_size(PM_THP);
  FP_CHECK(fabs(fpp - want) <= 0.1 * want,
           "%.6f faults per page, want %.6f +- 10%%", fpp, want);
  return FP_PASS;
}

/* Checks one hugetlb run: all of it on MODE's pages, one fault per huge
 * page (allowing one stray fault of the test itself). */
static int check_hugetlb(pm_mode mode, long pages, int file) {
  const size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  const size_t size = pm_mode_size(mode) * (size_t)pages;
  const double want = (double)pages / (double)(size / ps);
  pm_verdict v;
  double fpp;
  int rc = map_touch_verify(mode, size, file, &v, &fpp);
  FP_CHECK(rc == 0, "%s", strerror(-rc));
  FP_CHECK(strcmp(v.label, pm_mode_name(mode)) == 0 && v.fraction == 1.0,
           "label %s fraction %.3f", v.label, v.fraction);
  FP_CHECK(fabs(fpp - want) * (double)(size / ps) <= 1.0,
           "%.6f faults per page, want %.6f", fpp, want);
  return FP_PASS;
}

/* Map, touch and verify hugetlb MODE over PAGES huge pages, anonymous and
 * (where a hugetlbfs of that size is mounted) file-backed; on a machine
 * without free pages, root reserves them for the test and restores the
 * pool afterwards. */
static int hugetlb_test(pm_mode mode, long pages, int may_reserve) {
  const size_t page = pm_mode_size(mode), size = page * (size_t)pages;
  pm_hugetlb_reservation r = {0};
  pm_status st;
  char mnt[4096];
  int rc;
  if (!pm_detect(mode, size, &st)) {
    if (!may_reserve || geteuid() != 0)
      FP_SKIP_BECAUSE("%s unavailable: %s", pm_mode_name(mode), st.reason);
    rc = pm_hugetlb_reserve(page / 1024, pages, &r);
    printf("reservation: %s\n", r.note);
    if (rc < 0) {
      pm_hugetlb_restore(&r);
      FP_SKIP_BECAUSE("%s unavailable (%s), and reserving failed: %s",
                      pm_mode_name(mode), st.reason, r.note);
    }
  }
  rc = check_hugetlb(mode, pages, 0);
  if (rc == FP_PASS && pm_hugetlbfs_mount(page, mnt, sizeof mnt) == 0)
    rc = check_hugetlb(mode, pages, 1);
  else if (rc == FP_PASS)
    printf("no hugetlbfs mounted for %zu kB pages: file mapping not tested\n",
           page / 1024);
  FP_CHECK(pm_hugetlb_restore(&r) == 0, "pool not restored to %ld",
           r.previous_nr);
  return rc;
}

int fp_test_pagemode_huge2m(const char *arg) {
  (void)arg;
  return hugetlb_test(PM_HUGE2M, 8, 1);
}

int fp_test_pagemode_huge1g(const char *arg) {
  (void)arg;
  /* 1 GiB pages are never reserved for a test: too much memory. */
  return hugetlb_test(PM_HUGE1G, 1, 0);
}
