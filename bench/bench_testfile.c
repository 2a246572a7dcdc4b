/* bench_testfile.c - the test file of the granularity and open families:
 * create, fill, write back, warm, check; and its one-file cache. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, pread, fdatasync, fallocate */
#include "bench_testfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench_data.h"
#include "ut_str.h"

#define CHUNK ((int64_t)1 << 20) /* bytes read per call */

const char *bench_testfile_dir(void) {
  const char *d = getenv("MMAPLAB_BENCH_DIR");
  if (d == NULL || *d == '\0')
    d = getenv("TMPDIR");
  return d != NULL && *d != '\0' ? d : "/tmp";
}

uint64_t bench_testfile_sum(const uint8_t *p, int64_t n) {
  /* Four lanes, so the adds need not wait for one another. */
  uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, w[4];
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    memcpy(w, p + i, sizeof w);
    s0 += w[0], s1 += w[1], s2 += w[2], s3 += w[3];
  }
  for (; i + 8 <= n; i += 8) {
    memcpy(w, p + i, 8);
    s0 += w[0];
  }
  return s0 + s1 + s2 + s3;
}

uint64_t bench_testfile_page_expect(const bench_testfile *tf, int64_t off,
                                    int64_t n) {
  const int64_t first = off / BENCH_TESTFILE_PAGE;
  const int64_t end = (off + n + BENCH_TESTFILE_PAGE - 1) / BENCH_TESTFILE_PAGE;
  return tf->page_sums[end] - tf->page_sums[first];
}

/* Reads exactly N bytes at OFF into P; 0, or -1 (error or end of file). */
static int read_all(int fd, uint8_t *p, int64_t n, int64_t off) {
  while (n > 0) {
    ssize_t k = pread(fd, p, (size_t)n, (off_t)off);
    if (k < 0 && errno == EINTR)
      continue;
    if (k <= 0)
      return -1;
    p += k, n -= k, off += k;
  }
  return 0;
}

/* Fills the file with body(random) and sets *SUM to its checksum. The body
 * is written through a shared map in one pass: bd_body_range seeks from
 * the stream's start (O(offset)), so chunked writes would take quadratic
 * time. The blocks are allocated first, so a full disk is an error here
 * and not a SIGBUS on a store into the map. */
static const char *fill(const bench_testfile *tf, uint64_t *sum) {
  void *p;
  if (posix_fallocate(tf->fd, 0, (off_t)tf->size) != 0)
    return "test file: allocating its blocks failed (disk full?)";
  p = mmap(NULL, (size_t)tf->size, PROT_READ | PROT_WRITE, MAP_SHARED, tf->fd,
           0);
  if (p == MAP_FAILED)
    return "test file: mmap for filling failed";
  bd_fill(p, tf->size, BD_DATA_RANDOM);
  *sum = bench_testfile_sum(p, tf->size);
  return munmap(p, (size_t)tf->size) == 0 ? NULL : "test file: munmap failed";
}

/* Reads the whole file back (warming the page cache) into TF->sum and
 * TF->page_sums. */
static int warm(bench_testfile *tf, uint8_t *buf) {
  int64_t page = 0;
  tf->sum = 0;
  tf->page_sums[0] = 0;
  for (int64_t off = 0; off < tf->size; off += CHUNK) {
    const int64_t n = tf->size - off < CHUNK ? tf->size - off : CHUNK;
    if (read_all(tf->fd, buf, n, off) != 0)
      return -1;
    tf->sum += bench_testfile_sum(buf, n);
    for (int64_t i = 0; i < n; i += BENCH_TESTFILE_PAGE, page++)
      tf->page_sums[page + 1] = tf->page_sums[page] + buf[i];
  }
  return 0;
}

int bench_testfile_create(bench_testfile *tf, int64_t size, const char **why) {
  return bench_testfile_create_in(tf, bench_testfile_dir(), size, why);
}

int bench_testfile_create_in(bench_testfile *tf, const char *dir, int64_t size,
                             const char **why) {
  uint8_t *buf = NULL;
  uint64_t written = 0;
  char *path;
  memset(tf, 0, sizeof *tf);
  tf->fd = -1;
  if (size <= 0 || size % BENCH_TESTFILE_PAGE != 0) {
    *why = "test file: size must be a positive multiple of 4096";
    return -1;
  }
  tf->dir = ut_xstrdup(dir);
  path = ut_xasprintf("%s/mmaplab-bench-XXXXXX", tf->dir);
  if ((tf->fd = mkstemp(path)) < 0) {
    free(path);
    bench_testfile_close(tf);
    *why = "test file: mkstemp failed in the benchmark directory "
           "(MMAPLAB_BENCH_DIR, TMPDIR or /tmp, or the filesystem's)";
    return -1;
  }
  (void)unlink(path); /* the descriptor keeps the file until it is closed */
  free(path);
  tf->size = size;
  tf->page_sums = malloc(((size_t)(size / BENCH_TESTFILE_PAGE) + 1) *
                         sizeof *tf->page_sums);
  buf = malloc((size_t)CHUNK);
  *why = tf->page_sums == NULL || buf == NULL ? "test file: out of memory"
                                              : fill(tf, &written);
  /* Written back now, so that no writeback runs during the timings. */
  if (*why == NULL && fdatasync(tf->fd) != 0)
    *why = "test file: fdatasync failed";
  if (*why == NULL && (warm(tf, buf) != 0 || tf->sum != written))
    *why = "test file: reading it back gave other bytes";
  free(buf);
  if (*why == NULL)
    return 0;
  bench_testfile_close(tf);
  return -1;
}

void bench_testfile_close(bench_testfile *tf) {
  if (tf->size > 0) /* set once the file exists: a zeroed fd 0 is not ours */
    close(tf->fd);
  free(tf->page_sums);
  free(tf->dir);
  memset(tf, 0, sizeof *tf);
  tf->fd = -1;
}

/* One cached file per directory; USED orders them, the least recently
 * used first out when all slots are taken. */
static bench_testfile cached[BENCH_TESTFILE_DIRS];
static uint64_t used[BENCH_TESTFILE_DIRS], clock_;

const bench_testfile *bench_testfile_cached_in(const char *dir, int64_t size,
                                               const char **why) {
  size_t slot = 0;
  for (size_t i = 0; i < BENCH_TESTFILE_DIRS; i++) {
    if (cached[i].page_sums != NULL && strcmp(cached[i].dir, dir) == 0) {
      slot = i;
      break;
    }
    if (used[i] < used[slot])
      slot = i;
  }
  used[slot] = ++clock_;
  if (cached[slot].page_sums != NULL && cached[slot].size == size &&
      strcmp(cached[slot].dir, dir) == 0)
    return &cached[slot];
  bench_testfile_close(&cached[slot]);
  if (bench_testfile_create_in(&cached[slot], dir, size, why) != 0) {
    used[slot] = 0;
    return NULL;
  }
  return &cached[slot];
}

const bench_testfile *bench_testfile_cached(int64_t size, const char **why) {
  return bench_testfile_cached_in(bench_testfile_dir(), size, why);
}

void bench_testfile_cache_clear(void) {
  for (size_t i = 0; i < BENCH_TESTFILE_DIRS; i++) {
    bench_testfile_close(&cached[i]);
    used[i] = 0;
  }
}
