/* bench_testfile.c - the test file of the granularity and open families:
 * fill, warm, check, checksums, and its one-file cache. Creating, mapping
 * for the fill, writing back and reading are per OS
 * (bench_testfile_unix.c, bench_testfile_windows.c). */
#include "bench_testfile.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK ((int64_t)1 << 20) /* bytes read per call */

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

/* Reads the whole file back (warming the page cache) into TF->sum and
 * TF->page_sums. */
static int warm(bench_testfile *tf, uint8_t *buf) {
  int64_t page = 0;
  tf->sum = 0;
  tf->page_sums[0] = 0;
  for (int64_t off = 0; off < tf->size; off += CHUNK) {
    const int64_t n = tf->size - off < CHUNK ? tf->size - off : CHUNK;
    if (bench_testfile_read(tf->fd, buf, n, off) != 0)
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
  memset(tf, 0, sizeof *tf);
  tf->fd = -1;
  if (size <= 0 || size % BENCH_TESTFILE_PAGE != 0) {
    *why = "test file: size must be a positive multiple of 4096";
    return -1;
  }
  if ((tf->dir = malloc(strlen(dir) + 1)) == NULL) {
    *why = "test file: out of memory";
    bench_testfile_close(tf);
    return -1;
  }
  memcpy(tf->dir, dir, strlen(dir) + 1);
  if ((*why = bench_testfile_os_open(tf)) != NULL) {
    bench_testfile_close(tf);
    return -1;
  }
  tf->size = size;
  tf->page_sums = malloc(((size_t)(size / BENCH_TESTFILE_PAGE) + 1) *
                         sizeof *tf->page_sums);
  buf = malloc((size_t)CHUNK);
  *why = tf->page_sums == NULL || buf == NULL
             ? "test file: out of memory"
             : bench_testfile_os_fill(tf, &written);
  /* Written back now, so that no writeback runs during the timings. */
  if (*why == NULL)
    *why = bench_testfile_os_sync(tf);
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
    bench_testfile_os_close(tf->fd);
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
