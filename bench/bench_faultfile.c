/* bench_faultfile.c - the pattern test files of the fault and filemap
 * families (bench_faultfile.h). */
#define _GNU_SOURCE /* mkstemp, pwrite, fallocate */
#include "bench_faultfile.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ut_str.h"

#define PAGE 4096
#define MIB ((int64_t)1 << 20)

uint8_t bench_faultfile_byte(int64_t i) {
  return (uint8_t)(1 + (uint64_t)((i / PAGE) * 131 + (i % PAGE) * 7) % 250);
}

uint64_t bench_faultfile_page_sum(int64_t size) {
  uint64_t sum = 0;
  for (int64_t off = 0; off < size; off += PAGE)
    sum += bench_faultfile_byte(off);
  return sum;
}

/* Writes SIZE bytes of the pattern to FD with pwrite: 0, or -1 with errno
 * set (ENOSPC for a short write). */
static int write_pattern(int fd, int64_t size) {
  uint8_t *buf = malloc((size_t)MIB);
  int64_t off = 0;
  if (buf == NULL)
    return -1;
  while (off < size) {
    const int64_t n = size - off < MIB ? size - off : MIB;
    ssize_t w = 1;
    for (int64_t i = 0; i < n; i++)
      buf[i] = bench_faultfile_byte(off + i);
    for (int64_t done = 0; done < n; done += w)
      if ((w = pwrite(fd, buf + done, (size_t)(n - done), off + done)) <= 0)
        break;
    if (w <= 0) {
      if (w == 0)
        errno = ENOSPC;
      free(buf);
      return -1;
    }
    off += n;
  }
  free(buf);
  return 0;
}

/* hugetlbfs: the pages from fallocate, the pattern through a shared map.
 * 0, or -1 with errno set. */
static int map_pattern(int fd, int64_t size) {
  uint8_t *p;
  if (fallocate(fd, 0, 0, (off_t)size) != 0)
    return -1;
  p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    return -1;
  for (int64_t i = 0; i < size; i++)
    p[i] = bench_faultfile_byte(i);
  return munmap(p, (size_t)size);
}

int bench_faultfile_create(const char *dir, int64_t size, size_t hugetlb_page,
                           const char **why) {
  static char *msg;
  char *path = ut_xasprintf("%s/mmaplab-fault-XXXXXX", dir);
  int fd = mkstemp(path), e;
  free(msg);
  msg = NULL;
  if (fd < 0) {
    msg = ut_xasprintf("cannot create a test file in %s: %s", dir,
                       strerror(errno));
    free(path);
    *why = msg;
    return -1;
  }
  /* Unlinked at once: the descriptor keeps the data, and no exit path
   * (error, signal) leaves the file behind. */
  unlink(path);
  free(path);
  /* fsync: the pages are clean, so writeback never runs during a timing
   * and eviction can drop them (hugetlbfs: a no-op). */
  if ((hugetlb_page > 0 ? map_pattern(fd, size) : write_pattern(fd, size)) ==
          0 &&
      fsync(fd) == 0)
    return fd;
  e = errno;
  close(fd);
  msg = ut_xasprintf("cannot write the %lld-byte test file in %s: %s%s",
                     (long long)size, dir, strerror(e),
                     hugetlb_page > 0 && (e == ENOSPC || e == ENOMEM)
                         ? " (too few free huge pages in the pool?)"
                         : "");
  *why = msg;
  return -1;
}

int bench_faultfile_check_touch(const bench_touch_check *t, char *msg,
                                size_t cap) {
  const int64_t pages = t->size / 4096;
  const int64_t spots[] = {0, pages / 2 * 4096, (pages - 1) * 4096};
  const int file = t->fd >= 0;
  uint8_t b = 0;
  if (!t->write) {
    const uint64_t want = file ? bench_faultfile_page_sum(t->size) : 0;
    if (t->sum == want)
      return 0;
    snprintf(msg, cap, "read touch summed %" PRIu64 ", expected %" PRIu64,
             t->sum, want);
    return -1;
  }
  for (int i = 0; i < 3; i++) {
    const int64_t off = spots[i];
    const uint8_t next = file ? bench_faultfile_byte(off + 1) : 0;
    if (t->data[off] != BENCH_FAULTFILE_WRITTEN || t->data[off + 1] != next) {
      snprintf(msg, cap, "after the write touch: wrong byte at %" PRId64 "%s",
               off, t->data[off] != BENCH_FAULTFILE_WRITTEN ? "" : " + 1");
      return -1;
    }
  }
  if (!file)
    return 0;
  if (pread(t->fd, &b, 1, spots[1]) != 1) {
    snprintf(msg, cap, "cannot read the test file back");
    return -1;
  }
  if (t->shared && b != BENCH_FAULTFILE_WRITTEN) {
    snprintf(msg, cap, "a write to a shared file map did not reach the file");
    return -1;
  }
  if (!t->shared && b != bench_faultfile_byte(spots[1])) {
    snprintf(msg, cap, "a write to a private file map reached the file");
    return -1;
  }
  return 0;
}
