/* bench_granularity_unix.c - the Linux part of family granularity
 * (bench_granularity.c's header comment): alignments 4 KiB (the page and
 * ALLOCATIONGRANULARITY), 64 KiB (Windows' ALLOCATIONGRANULARITY) and
 * 2 MiB, pread, and the per-filesystem rows. */
#include <stdio.h>

#include "bench_families.h"
#include "bench_fs.h"
#include "bench_fsmap.h"
#include "bench_testfile.h"
#include "gbench.h"

#define KIB ((int64_t)1 << 10)
#define MIB ((int64_t)1 << 20)

/* 0 if core case C (ALIGN, WINDOW) maps what a hugetlbfs FS cannot: a map of a
 * hugetlbfs file starts at a multiple of its page, and munmap of a part of
 * a huge page fails. Windows of whole pages start on pages, and so do the
 * maps when the alignment divides the page or is a multiple of it; other
 * cells cannot run there (pread can). 1 otherwise. */
static int fits_hugetlbfs(const bench_fs *fs, const bench_gran_case *c,
                          int64_t align, int64_t window) {
  const int64_t page = (int64_t)fs->hugetlb_page;
  if (page == 0 || c->buffered)
    return 1;
  return window % page == 0 &&
         (!c->scan || align % page == 0 || page % align == 0);
}

const bench_testfile *bench_gran_testfile(gb_state *st,
                                          const bench_gran_case *c,
                                          int64_t align, int64_t window,
                                          int64_t file) {
  const char *why = NULL;
  const bench_fs *fs = c->fs ? bench_fs_find(c->fs) : NULL;
  const bench_testfile *tf;
  if (c->fs != NULL && fs == NULL) {
    gb_skip_with_error(st, "no such filesystem in the run's list");
    return NULL;
  }
  if (fs != NULL && !fits_hugetlbfs(fs, c, align, window)) {
    bd_report_unavailable(st, "hugetlbfs maps begin and end on its huge "
                              "pages: the alignment and the window must be "
                              "multiples of its page size");
    return NULL;
  }
  tf = fs ? bench_testfile_cached_in(fs->dir, file, &why)
          : bench_testfile_cached(file, &why);
  if (tf == NULL && fs != NULL)
    bench_fsmap_report(st, fs, why);
  else if (tf == NULL)
    gb_skip_with_error(st, why);
  return tf;
}

/* The per-filesystem rows, on each filesystem's test file of
 * BENCH_FSMAP_FILE bytes: scans only, the core's (align, window) cells
 * (quick: (4 KiB, 2 MiB), (2 MiB, 2 MiB); full also (64 KiB, 2 MiB), a map
 * per page (4 KiB, 4 KiB) and one map of the whole file), and pread with
 * each window. A 4 KiB window with a larger alignment maps up to 2 MiB per
 * page read, the bench directory's rows have it; here it would triple the
 * time. */
static void register_fs_rows(const bench_config *cfg) {
  static const int64_t cells[][2] = {{4 * KIB, 2 * MIB},
                                     {2 * MIB, 2 * MIB},
                                     {64 * KIB, 2 * MIB},
                                     {4 * KIB, 4 * KIB},
                                     {4 * KIB, BENCH_FSMAP_FILE}};
  static const int64_t windows[] = {2 * MIB, 4 * KIB, BENCH_FSMAP_FILE};
  const int quick = cfg->grid == BENCH_GRID_QUICK;
  const size_t ncells = quick ? 2 : 5, nwin = quick ? 1 : 3;
  for (size_t f = 0; f < bench_fs_count(); f++) {
    const char *fs = bench_fs_at(f)->name;
    const bench_gran_case core = {"core", bench_gran_core, 1, 1, 0, fs};
    const bench_gran_case pread_scan = {"pread", bench_gran_read, 1, 0, 1, fs};
    for (size_t c = 0; c < ncells; c++)
      bench_gran_register(&core, cells[c][0], cells[c][1], BENCH_FSMAP_FILE);
    for (size_t w = 0; w < nwin; w++)
      bench_gran_register(&pread_scan, 0, windows[w], BENCH_FSMAP_FILE);
  }
}

void bench_register_granularity(const bench_config *cfg) {
  static const int64_t aligns[] = {4 * KIB, 64 * KIB, 2 * MIB};
  bench_gran_register_grid(cfg, aligns, sizeof aligns / sizeof aligns[0]);
  register_fs_rows(cfg);
}
