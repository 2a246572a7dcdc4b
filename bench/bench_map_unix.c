/* bench_map_unix.c - core anonymous maps by page mode on Linux: opened
 * with MAP_HUGETLB for hugetlb modes, advised for 4k/THP, verified from
 * /proc/self/smaps (bench_data.h). */
#define _GNU_SOURCE /* MAP_HUGETLB, MAP_HUGE_* */
#include "bench_data.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

/* MAP_HUGE_SHIFT (26) encodes log2 of the hugetlb page size in the flags;
 * older headers lack the named constants. */
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << 26)
#endif
#ifndef MAP_HUGE_1GB
#define MAP_HUGE_1GB (30 << 26)
#endif

int64_t bd_mode_length(bd_page_mode mode, int64_t len) {
  const int64_t page = mode == PM_4K ? 1 : (int64_t)pm_mode_size(mode);
  if (page <= 1 || len > INT64_MAX - page)
    return len;
  return (len + page - 1) / page * page;
}

/* The core's value of the constant NAME, or FALLBACK when the core (like
 * CPython) does not export it. */
static int64_t constant_or(const char *name, int64_t fallback) {
  int64_t v;
  return mml_constant_value(name, &v) ? v : fallback;
}

void bd_advise_mode(mml_map *m, bd_page_mode mode) {
  int64_t opt = -1;
  /* MADV_NOHUGEPAGE/MADV_HUGEPAGE exist only where the kernel was built
   * with THP; without them base pages are all there is, so absence or
   * EINVAL is not an error (bd_verify says what took effect). */
  if (mode == PM_4K)
    opt = constant_or("MADV_NOHUGEPAGE", -1);
  else if (mode == PM_THP || pm_mode_is_mthp(mode))
    opt = constant_or("MADV_HUGEPAGE", -1);
  if (opt >= 0)
    (void)mml_madvise(m, opt, 0, NULL);
}

int bd_open_anon(mml_map **out, bd_page_mode mode, int64_t len, int shared,
                 int64_t extra_flags, const char **why) {
  mml_open_args a;
  mml_open_args_init(&a);
  a.length = bd_mode_length(mode, len);
  a.flags = (shared ? constant_or("MAP_SHARED", MAP_SHARED)
                    : constant_or("MAP_PRIVATE", MAP_PRIVATE)) |
            extra_flags;
  /* hugetlb: the core hands flags to mmap(2) as CPython does, so
   * MAP_HUGETLB (not one of CPython's constants) is given by value. */
  if (mode == PM_HUGE2M)
    a.flags |= MAP_HUGETLB | MAP_HUGE_2MB;
  else if (mode == PM_HUGE1G)
    a.flags |= MAP_HUGETLB | MAP_HUGE_1GB;
  /* A hugetlb pool can be too small for this map and every cached one at
   * once: give back cached maps of the mode, least recently used first. */
  int rc;
  while ((rc = mml_open(out, &a)) != 0) {
    static char msg[160]; /* the benchmarks run on one thread */
    if ((mode == PM_HUGE2M || mode == PM_HUGE1G) &&
        bd_cache_evict_lru(mode) >= 0)
      continue;
    snprintf(
        msg, sizeof msg, "mml_open of %s map failed: %s%s",
        mode == PM_HUGE2M || mode == PM_HUGE1G ? "a hugetlb" : "an anonymous",
        mml_strerror(rc),
        (mode == PM_HUGE2M || mode == PM_HUGE1G) && mml_err_errno(rc) == ENOMEM
            ? " (too few free pages in the pool? see --reserve-hugetlb)"
            : "");
    *why = msg;
    return -1;
  }
  bd_advise_mode(*out, mode);
  return 0;
}

int bd_verify(bd_page_mode mode, const void *p, int64_t len, pm_verdict *v) {
  if (pm_verify(mode, p, (size_t)len, v) != 0)
    return -1;
  return v->fraction >= PM_VERIFY_MIN;
}
