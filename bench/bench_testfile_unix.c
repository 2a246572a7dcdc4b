/* bench_testfile_unix.c - the POSIX part of bench_testfile.h: a file
 * made with mkstemp and unlinked at once, filled through a shared map,
 * written back with fdatasync, read with pread. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, pread, fdatasync, fallocate */
#include "bench_testfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench_data.h"
#include "ut_str.h"

const char *bench_testfile_dir(void) {
  const char *d = getenv("MMAPLAB_BENCH_DIR");
  if (d == NULL || *d == '\0')
    d = getenv("TMPDIR");
  return d != NULL && *d != '\0' ? d : "/tmp";
}

const char bench_testfile_read_name[] = "pread";

/* pread may return fewer bytes (at most 0x7ffff000 per call on Linux). */
int bench_testfile_read(int fd, uint8_t *p, int64_t n, int64_t off) {
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

const char *bench_testfile_os_open(bench_testfile *tf) {
  char *path = ut_xasprintf("%s/mmaplab-bench-XXXXXX", tf->dir);
  if ((tf->fd = mkstemp(path)) < 0) {
    free(path);
    return "test file: mkstemp failed in the benchmark directory "
           "(MMAPLAB_BENCH_DIR, TMPDIR or /tmp, or the filesystem's)";
  }
  (void)unlink(path); /* the descriptor keeps the file until it is closed */
  free(path);
  return NULL;
}

/* Fills the file with body(random) and sets *SUM to its checksum. The body
 * is written through a shared map in one pass: bd_body_range seeks from
 * the stream's start (O(offset)), so chunked writes would take quadratic
 * time. The blocks are allocated first, so a full disk is an error here
 * and not a SIGBUS on a store into the map. */
const char *bench_testfile_os_fill(const bench_testfile *tf, uint64_t *sum) {
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

const char *bench_testfile_os_sync(const bench_testfile *tf) {
  return fdatasync(tf->fd) == 0 ? NULL : "test file: fdatasync failed";
}

void bench_testfile_os_close(int fd) { (void)close(fd); }
