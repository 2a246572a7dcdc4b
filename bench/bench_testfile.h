/* bench_testfile.h - the large regular file the granularity and open
 * families map: body(random) of bench/python/DATA.md, created in the
 * benchmark directory (MMAPLAB_BENCH_DIR, else TMPDIR, else /tmp) with
 * mkstemp and unlinked at once, so no exit path (not even a crash) leaves
 * it behind; the open descriptor keeps it alive. (On Windows: TMP/TEMP
 * for the last two, and a file deleted when its last handle closes.) After
 * writing, the file is written back (fdatasync, so no writeback runs during the
 * timings) and read once in full, which warms the page cache and checks what
 * was written.
 *
 * Checksums: bench_testfile_sum adds the file's native-endian 64-bit words
 * (wrapping), the check of a whole scan; a page sample (flt_touch_read with
 * a 4096-byte stride: the byte at every 4 KiB boundary) checks one window.
 */
#ifndef MMAPLAB_BENCH_TESTFILE_H
#define MMAPLAB_BENCH_TESTFILE_H

#include <stdint.h>

/* The test file's size in the quick and the full grids (both families use
 * the same, so one file serves a whole run). */
#define BENCH_TESTFILE_QUICK_SIZE ((int64_t)64 << 20)
#define BENCH_TESTFILE_FULL_SIZE ((int64_t)1 << 30)

/* The stride of a page sample and of one "page" in the counters. */
#define BENCH_TESTFILE_PAGE 4096

/* One test file. */
typedef struct bench_testfile {
  int fd;              /* O_RDWR; its name is already unlinked */
  int64_t size;        /* bytes, a multiple of BENCH_TESTFILE_PAGE */
  uint64_t sum;        /* bench_testfile_sum of the whole file */
  uint64_t *page_sums; /* [i]: sum of the bytes at 0, 4096, ..., 4096(i-1) */
  char *dir;           /* the directory it was created in (malloc'd) */
} bench_testfile;

/* The directory test files are created in: $MMAPLAB_BENCH_DIR if set and
 * not empty, else $TMPDIR likewise, else "/tmp" (Windows: else
 * GetTempPath's directory). Valid until the environment changes. Per OS. */
const char *bench_testfile_dir(void);

/* Creates a SIZE-byte test file (SIZE > 0, a multiple of
 * BENCH_TESTFILE_PAGE) as described above. Returns 0, or -1 with *WHY set
 * to a static message and nothing left behind. Free with
 * bench_testfile_close. */
int bench_testfile_create(bench_testfile *tf, int64_t size, const char **why);

/* The same in the directory DIR (a filesystem of bench_fs.h's list). */
int bench_testfile_create_in(bench_testfile *tf, const char *dir, int64_t size,
                             const char **why);

/* Closes the file (its blocks are freed then) and zeroes *TF. Safe on a
 * zeroed or already closed file. */
void bench_testfile_close(bench_testfile *tf);

/* The cached test file of SIZE bytes in the benchmark directory, created
 * on first use; asking for another size replaces it (at most one file per
 * directory exists at a time). Valid until the next call for the same
 * directory with another size or bench_testfile_cache_clear; NULL with
 * *WHY set if creation failed. */
const bench_testfile *bench_testfile_cached(int64_t size, const char **why);

/* The same for the directory DIR: one cached file per directory (at most
 * BENCH_TESTFILE_DIRS directories; the least recently used one's file is
 * closed to make room). */
#define BENCH_TESTFILE_DIRS 16
const bench_testfile *bench_testfile_cached_in(const char *dir, int64_t size,
                                               const char **why);

/* Closes the cached files, if any. */
void bench_testfile_cache_clear(void);

/* ---- Per OS (bench_testfile_unix.c, bench_testfile_windows.c) ----------- */

/* The name of the positioned read of bench_testfile_read, for benchmark
 * names: "pread" (POSIX), "readfile" (Windows' ReadFile at an offset). */
extern const char bench_testfile_read_name[];

/* Reads exactly N bytes of FD at OFF into P, as many calls as it takes;
 * 0, or -1 (an error, or the end of the file first). */
int bench_testfile_read(int fd, uint8_t *p, int64_t n, int64_t off);

/* Creates an empty file in TF->dir that no exit path leaves behind and
 * sets TF->fd (a C runtime descriptor, as the core's fileno). NULL, or a
 * static message saying what failed (TF->fd is then not open). */
const char *bench_testfile_os_open(bench_testfile *tf);

/* Allocates TF->size bytes for TF->fd (a full disk is an error here, not
 * a fault on a store into the map), fills them with body(random) through
 * a shared map and sets *SUM to bench_testfile_sum of them. NULL or a
 * static message. */
const char *bench_testfile_os_fill(const bench_testfile *tf, uint64_t *sum);

/* Writes the file's data back to the disk (no writeback during the
 * timings). NULL or a static message. */
const char *bench_testfile_os_sync(const bench_testfile *tf);

/* Closes descriptor FD of a test file. */
void bench_testfile_os_close(int fd);

/* The wrapping sum of the N / 8 native-endian 64-bit words at P (N a
 * multiple of 8; P needs no alignment). */
uint64_t bench_testfile_sum(const uint8_t *p, int64_t n);

/* What a page sample of the file's bytes [OFF, OFF + N) must give, from
 * TF->page_sums: the sum of the bytes at OFF, OFF + 4096, ... below
 * OFF + N. OFF must be a multiple of BENCH_TESTFILE_PAGE, and
 * 0 <= OFF <= OFF + N <= TF->size. */
uint64_t bench_testfile_page_expect(const bench_testfile *tf, int64_t off,
                                    int64_t n);

#endif /* MMAPLAB_BENCH_TESTFILE_H */
