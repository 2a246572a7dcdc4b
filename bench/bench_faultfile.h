/* bench_faultfile.h - the test files of the fault and filemap families:
 * SIZE bytes of a fixed pattern (bench_faultfile_byte), created with
 * mkstemp in a given directory and unlinked at once (the descriptor keeps
 * the data, so no exit path, not even a crash, leaves the file behind),
 * written and fsynced, so that its pages are clean: they stay in the page
 * cache, and can be evicted from it (posix_fadvise DONTNEED).
 *
 * A read touch (one byte every 4096 from offset 0) of the file's first N
 * bytes sums to bench_faultfile_page_sum(N), so a touch is checked without
 * reading the file again.
 */
#ifndef MMAPLAB_BENCH_FAULTFILE_H
#define MMAPLAB_BENCH_FAULTFILE_H

#include <stddef.h>
#include <stdint.h>

/* The byte at offset I of a test file: 1..250, so never 0 (what anonymous
 * memory holds) nor 0xff (what the write touches store), and different
 * within and across pages. */
uint8_t bench_faultfile_byte(int64_t i);

/* What a read touch of the first SIZE bytes sums to: the bytes at 0, 4096,
 * 8192, ... below SIZE. */
uint64_t bench_faultfile_page_sum(int64_t size);

/* Creates the SIZE-byte test file (SIZE > 0) in DIR and returns its
 * descriptor (O_RDWR, its name already unlinked); -1 with *WHY set to a
 * message (static storage, valid until the next call) and nothing left
 * behind. HUGETLB_PAGE is the page size of a hugetlbfs DIR (SIZE must be a
 * multiple of it), else 0: hugetlbfs has no write(2), so its file gets
 * its pages from fallocate (an empty pool is an error here, not a SIGBUS
 * later) and the pattern through a shared map. */
int bench_faultfile_create(const char *dir, int64_t size, size_t hugetlb_page,
                           const char **why);

/* The byte the write touches of both families store. */
#define BENCH_FAULTFILE_WRITTEN 0xff

/* What a map's first SIZE bytes (a multiple of 4096, at least 4096)
 * were, and how the touch went, for bench_faultfile_check_touch. */
typedef struct bench_touch_check {
  const uint8_t *data; /* the map */
  int64_t size;
  int write;    /* 0: a read touch, which summed SUM; 1: a write touch */
  uint64_t sum; /* of a read touch */
  int fd;       /* the map's test file, or -1 for anonymous memory (0s) */
  int shared;   /* a file map: 1 MAP_SHARED, 0 MAP_PRIVATE */
} bench_touch_check;

/* Checks a touch of one byte every 4096: a read summed what the content
 * does (bench_faultfile_page_sum, 0 for anonymous memory); a write left
 * BENCH_FAULTFILE_WRITTEN in the first, middle and last page and their
 * neighbours untouched, and for a file map reached the file (shared) or
 * did not (private). 0, or -1 with MSG (CAP bytes) saying what is wrong. */
int bench_faultfile_check_touch(const bench_touch_check *t, char *msg,
                                size_t cap);

#endif /* MMAPLAB_BENCH_FAULTFILE_H */
