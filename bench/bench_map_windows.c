/* bench_map_windows.c - core anonymous maps on Windows (bench_data.h): a
 * view of a pagefile-backed section (mml_open with fileno -1), which
 * Windows backs with 4 KiB pages; large pages need SEC_LARGE_PAGES and a
 * privilege, which neither the core nor CPython asks for. So 4k is the one
 * mode, and it is verified by construction rather than read back (Windows
 * has no /proc/self/smaps; QueryWorkingSetEx could say, Wine answers it
 * only in part). */
#include "bench_data.h"

#include <stdio.h>
#include <string.h>

int64_t bd_mode_length(bd_page_mode mode, int64_t len) {
  (void)mode;
  return len;
}

void bd_advise_mode(mml_map *m, bd_page_mode mode) {
  (void)m, (void)mode; /* no madvise on Windows (nor in CPython there) */
}

int bd_open_anon(mml_map **out, bd_page_mode mode, int64_t len, int shared,
                 int64_t extra_flags, const char **why) {
  static char msg[160]; /* the benchmarks run on one thread */
  mml_open_args a;
  int rc;
  /* An anonymous Windows map is a section private to the process unless
   * it is given a tagname: SHARED changes nothing. No flags exist there. */
  (void)shared;
  if (mode != PM_4K) {
    snprintf(msg, sizeof msg,
             "page mode %s does not exist on Windows (4k only)",
             pm_mode_name(mode));
    *why = msg;
    return -1;
  }
  if (extra_flags != 0) {
    *why = "mmap flags do not exist on Windows";
    return -1;
  }
  mml_open_args_init(&a);
  a.fileno = -1;
  a.length = len;
  if ((rc = mml_open(out, &a)) != 0) {
    snprintf(msg, sizeof msg, "mml_open of an anonymous map failed: %s",
             mml_strerror(rc));
    *why = msg;
    return -1;
  }
  return 0;
}

int bd_verify(bd_page_mode mode, const void *p, int64_t len, pm_verdict *v) {
  (void)p;
  memset(v, 0, sizeof *v);
  v->range_bytes = v->vma_bytes = v->rss_bytes = (size_t)len;
  v->kernel_page_size = 4096;
  v->exact = 1;
  if (mode != PM_4K) {
    v->label = "fallback";
    return 0;
  }
  v->backed_bytes = (size_t)len; /* by construction: see above */
  v->fraction = 1.0;
  v->label = "4k";
  return 1;
}
