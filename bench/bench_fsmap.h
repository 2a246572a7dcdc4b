/* bench_fsmap.h - what the per-filesystem rows of find, rfind and
 * granularity run on: the test file of bench_testfile.h (body(random) of
 * bench/python/DATA.md) in the directory of a filesystem of bench_fs.h's
 * list, one per filesystem, and for find and rfind that file mapped by the
 * core, warm.
 */
#ifndef MMAPLAB_BENCH_FSMAP_H
#define MMAPLAB_BENCH_FSMAP_H

#include <stdint.h>

#include "bench_data.h"
#include "bench_fs.h"

/* The size of the per-filesystem test file, in every grid: the largest
 * haystack of the per-filesystem find rows and the file of their
 * granularity rows. */
#define BENCH_FSMAP_FILE ((int64_t)64 << 20)

/* The test file of FS (bench_testfile_cached_in(FS->dir,
 * BENCH_FSMAP_FILE)) mapped MAP_SHARED read-write by the core (mml_open
 * with the file's descriptor, ACCESS_WRITE), every page read once through
 * the map: resident in the page cache and mapped, which mincore checks
 * (M->mode_ok 1 when every page is resident, with the fraction in
 * M->verdict.fraction and M->verdict.label "warm" or "not resident"). The
 * bytes are body(random, BENCH_FSMAP_FILE); a caller that changes one puts
 * it back. Cached per filesystem; valid until bench_fsmap_clear. NULL with
 * *WHY set (static storage) if the file or the map could not be made, or
 * FS is NULL. */
bd_mapping *bench_fsmap_cached(const bench_fs *fs, const char **why);

/* Reports inside a row on FS that its test file or map could not be made
 * (WHY): on hugetlbfs, whose pages come from the hugetlb pool, as
 * unavailable (bd_report_unavailable: the pool is short, not the result
 * wrong), elsewhere as an error. */
void bench_fsmap_report(gb_state *st, const bench_fs *fs, const char *why);

/* Unmaps every cached map (the test files stay: bench_testfile.h). */
void bench_fsmap_clear(void);

#endif /* MMAPLAB_BENCH_FSMAP_H */
