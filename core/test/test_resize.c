/* test_resize.c - resize, flush, madvise, data durability and injected OS
 * failures. Every expectation was checked against CPython 3.13.0 on Linux
 * x86-64 (ext4 /tmp); the few deliberate deviations of the core are marked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "helpers.h"
#include "platform.h"
#include "test.h"

/* ---- fixtures ----------------------------------------------------------- */

static int64_t ps(void) { return mml_pagesize(); }

/* An anonymous map of LEN bytes with FLAGS (MAP_SHARED / MAP_PRIVATE). */
static mml_map *anon(int64_t len, int64_t flags, int trackfd) {
  return th_open_fd(-1, len, flags, -1, MML_ACCESS_DEFAULT, 0, trackfd, 0);
}

/* A malloc'd buffer of LEN bytes of the 'a'..'z' pattern from START. */
static uint8_t *pattern(size_t len, size_t start) {
  uint8_t *p = malloc(len ? len : 1);
  ASSERT_NOT_NULL(p);
  for (size_t i = 0; i < len; i++)
    p[i] = (uint8_t)('a' + (start + i) % 26);
  return p;
}

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] != 0)
      return 0;
  return 1;
}

/* The map's current bytes (valid until the next resize/close). */
static uint8_t *map_data(mml_map *m, int64_t *len) {
  uint8_t *data = NULL;
  ASSERT_OK(mml_buffer_export(m, &data, len, NULL));
  ASSERT_OK(mml_buffer_release(m));
  return data;
}

/* The map's first N bytes equal WANT. */
static void expect_map_prefix(mml_map *m, const void *want, int64_t n) {
  int64_t len = -1;
  uint8_t *d = map_data(m, &len);
  ASSERT_GE(len, n);
  ASSERT_MEM_EQ(d, want, n);
}

/* pread of N bytes at OFF through a descriptor of our own. */
static void expect_pread(const char *path, int64_t off, const void *want,
                         size_t n) {
  uint8_t buf[64];
  int fd = th_open(path, O_RDONLY);
  ASSERT_U64(n, <=, sizeof buf);
  ASSERT_EQ(pread(fd, buf, n, (off_t)off), (int64_t)n);
  ASSERT_MEM_EQ(buf, want, n);
  close(fd);
}

static int64_t madv(const char *name) {
  int64_t v = -1;
  ASSERT(mml_constant_value(name, &v));
  return v;
}

/* ---- injected OS calls -------------------------------------------------- */

static int n_truncate, n_remap, n_sync, n_advise;
static int64_t truncate_sizes[8];
static void *sync_addr;
static size_t sync_len, advise_len;
static void *advise_addr;
static int advise_advice;

static int truncate_eio(int fd, int64_t size) {
  (void)fd;
  truncate_sizes[n_truncate++ & 7] = size;
  return EIO;
}

/* The real ftruncate, recording each size. */
static int truncate_record(int fd, int64_t size) {
  truncate_sizes[n_truncate++ & 7] = size;
  return ftruncate(fd, (off_t)size) == 0 ? 0 : errno;
}

static int remap_enomem(void *addr, size_t old_len, size_t new_len,
                        void **out) {
  (void)addr, (void)old_len, (void)new_len, (void)out;
  n_remap++;
  return ENOMEM;
}

static int sync_eio(void *addr, size_t len) {
  n_sync++;
  sync_addr = addr;
  sync_len = len;
  return EIO;
}

static int advise_eio(void *addr, size_t len, int advice) {
  n_advise++;
  advise_addr = addr;
  advise_len = len;
  advise_advice = advice;
  return EIO;
}

/* ---- resize: file maps -------------------------------------------------- */

TEST_IMPL(resize_file_grow_and_shrink) {
  char path[64];
  uint8_t want[100] = "hello world";
  mml_map *m = th_file_map("hello world", 11, MML_ACCESS_DEFAULT, path);
  int64_t n = 0;
  uint8_t *d;
  /* CPython: len 100, file 100 bytes, new bytes read as 0 (map and file). */
  ASSERT_OK(mml_resize(m, 100));
  ASSERT_EQ(th_len(m), 100);
  ASSERT_EQ(th_file_size(path), 100);
  th_expect_map_and_file(m, path, want, 100);
  /* Writes into the new region reach the file. */
  ASSERT_OK(mml_setitem(m, 99, 'Z'));
  want[99] = 'Z';
  th_expect_file(path, want, 100);
  /* Shrink: the file is truncated to the new length. */
  ASSERT_OK(mml_resize(m, 5));
  ASSERT_EQ(th_len(m), 5);
  ASSERT_EQ(th_file_size(path), 5);
  th_expect_map_and_file(m, path, "hello", 5);
  /* Grow again: what the shrink dropped comes back as zeros. */
  ASSERT_OK(mml_resize(m, 11));
  d = map_data(m, &n);
  ASSERT_EQ(n, 11);
  ASSERT_MEM_EQ(d, "hello", 5);
  ASSERT(all_zero(d + 5, 6));
  ASSERT_EQ(th_file_size(path), 11);
  /* The same size again is fine. */
  ASSERT_OK(mml_resize(m, 11));
  ASSERT_EQ(th_file_size(path), 11);
  mml_destroy(m);
}

/* Multi-page grow and shrink: every kept byte survives, in map and file. */
TEST_IMPL(resize_file_multipage_bytes_kept) {
  char path[64];
  const int64_t P = ps();
  uint8_t *pat = pattern((size_t)(3 * P), 0);
  mml_map *m = th_file_map(pat, (size_t)(2 * P + 7), MML_ACCESS_WRITE, path);
  uint8_t *d;
  int64_t n = 0;
  ASSERT_OK(mml_resize(m, 5 * P));
  d = map_data(m, &n);
  ASSERT_EQ(n, 5 * P);
  ASSERT_MEM_EQ(d, pat, 2 * P + 7);
  ASSERT(all_zero(d + 2 * P + 7, (size_t)(3 * P - 7)));
  ASSERT_EQ(th_file_size(path), 5 * P);
  th_expect_file_at(path, 0, pat, 2 * P + 7);
  ASSERT_OK(mml_resize(m, P + 3));
  th_expect_map_and_file(m, path, pat, P + 3);
  free(pat);
  mml_destroy(m);
}

/* A map at offset PAGESIZE: the file size follows offset + newsize. */
TEST_IMPL(resize_file_offset_map) {
  char path[64];
  const int64_t P = ps();
  uint8_t *buf = malloc((size_t)P + 6);
  int fd;
  mml_map *m;
  ASSERT_NOT_NULL(buf);
  memset(buf, 'x', (size_t)P);
  memcpy(buf + P, "abcdef", 6);
  fd = th_temp_file(buf, (size_t)P + 6, path);
  m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, P, 1, 0);
  close(fd);
  ASSERT_EQ(th_len(m), 6);
  ASSERT_EQ(mml_offset(m), P);
  ASSERT_OK(mml_resize(m, 100)); /* CPython: file PAGESIZE + 100 */
  ASSERT_EQ(th_file_size(path), P + 100);
  ASSERT_EQ(th_len(m), 100);
  ASSERT_OK(mml_resize(m, 3)); /* CPython: file PAGESIZE + 3, m[:] b'abc' */
  ASSERT_EQ(th_file_size(path), P + 3);
  th_expect_map(m, "abc", 3);
  th_expect_file_at(path, 0, buf, P); /* the page before is intact */
  th_expect_file_at(path, P, "abc", 3);
  free(buf);
  mml_destroy(m);
}

/* A 50-byte map of a 100-byte file resized to 80 leaves an 80-byte file:
 * the file follows offset + newsize even when that shrinks it. */
TEST_IMPL(resize_file_partial_map) {
  char path[64];
  uint8_t bytes[100];
  int fd;
  mml_map *m;
  for (int i = 0; i < 100; i++)
    bytes[i] = (uint8_t)i;
  fd = th_temp_file(bytes, 100, path);
  m = th_open_fd(fd, 50, -1, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  close(fd);
  ASSERT_OK(mml_resize(m, 80));
  ASSERT_EQ(th_file_size(path), 80);
  /* bytes 50..79 are the file's, not zeros */
  th_expect_map_and_file(m, path, bytes, 80);
  mml_destroy(m);
}

/* The position is kept, even past the new end. */
TEST_IMPL(resize_keeps_position_past_end) {
  mml_map *m = th_file_map("abc", 3, MML_ACCESS_DEFAULT, NULL);
  int64_t pos = -1;
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  ASSERT_OK(mml_resize(m, 1));
  ASSERT_OK(mml_tell(m, &pos));
  ASSERT_EQ(pos, 3);
  ASSERT_EQ(th_len(m), 1);
  mml_destroy(m);

  m = anon(3 * ps(), MAP_PRIVATE, 1);
  ASSERT_OK(mml_seek(m, 3 * ps(), 0, NULL));
  ASSERT_OK(mml_resize(m, 5));
  ASSERT_OK(mml_tell(m, &pos));
  ASSERT_EQ(pos, 3 * ps());
  ASSERT_EQ(th_len(m), 5);
  mml_destroy(m);
}

/* ---- resize: anonymous maps --------------------------------------------- */

TEST_IMPL(resize_anon_private_grow_and_shrink) {
  const int64_t P = ps();
  mml_map *m = anon(P, MAP_PRIVATE, 1);
  uint8_t *d;
  int64_t n = 0;
  ASSERT_OK(mml_write(m, "hello", 5, NULL));
  ASSERT_OK(mml_resize(m, 3 * P)); /* new pages are zero */
  d = map_data(m, &n);
  ASSERT_EQ(n, 3 * P);
  ASSERT_MEM_EQ(d, "hello", 5);
  ASSERT(all_zero(d + 5, (size_t)(3 * P - 5)));
  ASSERT_OK(mml_resize(m, 10));
  th_expect_map(m, "hello\0\0\0\0\0", 10);
  ASSERT_OK(mml_resize(m, 2 * P));
  d = map_data(m, &n);
  ASSERT_EQ(n, 2 * P);
  ASSERT_MEM_EQ(d, "hello", 5);
  ASSERT(all_zero(d + P, (size_t)P)); /* a page that is new again */
  mml_destroy(m);
}

TEST_IMPL(resize_anon_shared_shrink) {
  const int64_t P = ps();
  mml_map *m = anon(2 * P, MAP_SHARED, 1);
  ASSERT_OK(mml_write(m, "hello", 5, NULL));
  ASSERT_OK(mml_resize(m, P));
  ASSERT_EQ(th_len(m), P);
  ASSERT_OK(mml_resize(m, 3));
  th_expect_map(m, "hel", 3);
  ASSERT_OK(mml_resize(m, 3)); /* the same size is not growth */
  mml_destroy(m);
}

/* The default profile (3.13.8+, 3.14, 3.15, gh-138204) refuses to grow a
 * shared anonymous map; CPython 3.13.0 let it grow (see the next test). */
TEST_IMPL(resize_anon_shared_grow_refused) {
  const int64_t P = ps();
  mml_map *m = anon(P, MAP_SHARED, 1);
  ASSERT_OK(mml_write(m, "hello", 5, NULL));
  ASSERT_ERR(mml_resize(m, P + 1), MML_ERESIZE_SHARED_ANON);
  ASSERT_ERR(mml_resize(m, 2 * P), MML_ERESIZE_SHARED_ANON);
  ASSERT_ERR(mml_resize(m, INT64_MAX), MML_ERESIZE_SHARED_ANON);
  /* The range check comes first. */
  ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_RANGE);
  ASSERT_EQ(th_len(m), P);
  ASSERT_OK(mml_resize(m, 10));
  ASSERT_ERR(mml_resize(m, 11), MML_ERESIZE_SHARED_ANON);
  th_expect_map(m, "hello\0\0\0\0\0", 10);
  mml_destroy(m);
}

/* CPython 3.8-3.13.7 let a shared anonymous map grow (python3.13.0:
 * m = mmap.mmap(-1, PAGESIZE); m.resize(PAGESIZE + 1) -> None;
 * m.resize(sys.maxsize) -> [Errno 22]); only touching the new pages
 * crashes, which this test does not do. */
TEST_IMPL(resize_anon_shared_grow_before_3_13_8) {
  static const uint32_t versions[] = {MML_PY(3, 8, 18), MML_PY(3, 13, 0),
                                      MML_PY(3, 13, 7)};
  const int64_t P = ps();
  for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
    mml_map *m = th_open_fd(-1, P, MAP_SHARED, -1, MML_ACCESS_DEFAULT, 0, 1,
                            versions[i]);
    ASSERT_OK(mml_write(m, "hello", 5, NULL));
    ASSERT_OK(mml_resize(m, P + 1));
    ASSERT_EQ(th_len(m), P + 1);
    ASSERT_ERR(mml_resize(m, INT64_MAX), -EINVAL);
    ASSERT_OK(mml_resize(m, 10)); /* back inside the first page */
    th_expect_map(m, "hello\0\0\0\0\0", 10);
    mml_destroy(m);
  }
  /* From 3.13.8 on it is refused (the default profile). */
  mml_map *m = th_open_fd(-1, P, MAP_SHARED, -1, MML_ACCESS_DEFAULT, 0, 1,
                          MML_PY(3, 13, 8));
  ASSERT_ERR(mml_resize(m, P + 1), MML_ERESIZE_SHARED_ANON);
  mml_destroy(m);
}

/* CPython: resize(sys.maxsize) -> [Errno 22], resize(2**62) -> [Errno 22],
 * resize(2**46) -> [Errno 12] (mremap), the map untouched. */
TEST_IMPL(resize_anon_private_huge) {
  mml_map *m = anon(ps(), MAP_PRIVATE, 1);
  ASSERT_OK(mml_write(m, "hello", 5, NULL));
  ASSERT_ERR(mml_resize(m, INT64_MAX), -EINVAL);
  ASSERT_ERR(mml_resize(m, INT64_C(1) << 62), -EINVAL);
  {
    /* 64 TiB is refused by the overcommit heuristic (mode 0, as where
     * CPython was run); mode 1 ("always") could map it. */
    FILE *f = fopen("/proc/sys/vm/overcommit_memory", "r");
    int mode = -1;
    if (f != NULL) {
      if (fscanf(f, "%d", &mode) != 1)
        mode = -1;
      fclose(f);
    }
    if (mode != 1)
      ASSERT_ERR(mml_resize(m, INT64_C(1) << 46), -ENOMEM);
  }
  ASSERT_EQ(th_len(m), ps());
  expect_map_prefix(m, "hello", 5);
  mml_destroy(m);
}

/* ---- resize: validation ------------------------------------------------- */

/* CPython: TypeError for READ and COPY, whatever the size. */
TEST_IMPL(resize_readonly_and_copy) {
  static const int64_t sizes[] = {10, 3, -1, 0, INT64_MAX, INT64_MIN};
  char path[64];
  int fd = th_temp_file("abc", 3, path);
  for (int acc = MML_ACCESS_READ; acc <= MML_ACCESS_COPY; acc += 2) {
    mml_map *m = th_open_fd(fd, 0, -1, -1, acc, 0, 1, 0);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
      ASSERT_ERR(mml_resize(m, sizes[i]), MML_ERESIZE_READONLY);
    ASSERT_EQ(th_len(m), 3);
    mml_destroy(m);
  }
  /* prot=PROT_READ derives ACCESS_READ. */
  {
    mml_map *m = th_open_fd(fd, 0, -1, PROT_READ, MML_ACCESS_DEFAULT, 0, 1, 0);
    ASSERT_EQ(mml_access(m), MML_ACCESS_READ);
    ASSERT_ERR(mml_resize(m, 10), MML_ERESIZE_READONLY);
    mml_destroy(m);
  }
  ASSERT_EQ(th_file_size(path), 3);
  close(fd);
}

/* prot=PROT_WRITE derives ACCESS_WRITE, which may resize. */
TEST_IMPL(resize_prot_write_allowed) {
  char path[64];
  int fd = th_temp_file("abc", 3, path);
  mml_map *m = th_open_fd(fd, 0, -1, PROT_WRITE, MML_ACCESS_DEFAULT, 0, 1, 0);
  close(fd);
  ASSERT_EQ(mml_access(m), MML_ACCESS_WRITE);
  ASSERT_OK(mml_resize(m, 10));
  ASSERT_EQ(th_file_size(path), 10);
  th_expect_file(path, "abc\0\0\0\0\0\0\0", 10);
  mml_destroy(m);
}

/* flags=MAP_PRIVATE keeps ACCESS_DEFAULT: resizable, and the file changes
 * size while the private bytes stay private. */
TEST_IMPL(resize_map_private_file) {
  char path[64];
  int fd = th_temp_file("abc", 3, path);
  mml_map *m = th_open_fd(fd, 0, MAP_PRIVATE, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  uint8_t want[20] = "XYZ";
  close(fd);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  ASSERT_OK(mml_write(m, "XYZ", 3, NULL));
  ASSERT_OK(mml_resize(m, 20));
  ASSERT_EQ(th_file_size(path), 20);
  th_expect_file(path, "abc\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 20);
  th_expect_map(m, want, 20);
  ASSERT_OK(mml_resize(m, 2));
  th_expect_file(path, "ab", 2);
  th_expect_map(m, "XY", 2);
  mml_destroy(m);
}

/* CPython: an O_RDONLY descriptor with flags=MAP_PRIVATE maps fine, but
 * resize's ftruncate fails with [Errno 22]; map and file stay as they were,
 * private changes included. */
TEST_IMPL(resize_rdonly_fd_private_einval) {
  char path[64];
  int wfd = th_temp_file("abcdef", 6, path);
  int fd = th_open(path, O_RDONLY);
  int fds;
  mml_map *m = th_open_fd(fd, 0, MAP_PRIVATE, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  close(fd);
  close(wfd);
  fds = th_count_fds();
  ASSERT_OK(mml_setitem(m, 0, 'X'));
  ASSERT_ERR(mml_resize(m, 20), -EINVAL);
  th_expect_map(m, "Xbcdef", 6);
  th_expect_file(path, "abcdef", 6);
  ASSERT_ERR(mml_resize(m, 2), -EINVAL);
  th_expect_map(m, "Xbcdef", 6);
  th_expect_file(path, "abcdef", 6);
  ASSERT_EQ(th_count_fds(), fds);
  mml_destroy(m);
}

/* Check order: exports, then trackfd, then READ/COPY, then the range. */
TEST_IMPL(resize_check_order) {
  char path[64];
  int fd = th_temp_file("abc", 3, path);
  for (int acc = MML_ACCESS_DEFAULT; acc <= MML_ACCESS_COPY; acc++) {
    mml_map *m = th_open_fd(fd, 0, -1, -1, acc, 0, 0, 0);
    /* trackfd=False wins over READ/COPY and over a bad size. */
    ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_TRACKFD);
    ASSERT_ERR(mml_resize(m, 10), MML_ERESIZE_TRACKFD);
    ASSERT_ERR(mml_resize(m, INT64_MAX), MML_ERESIZE_TRACKFD);
    /* An export wins over everything. */
    ASSERT_OK(mml_buffer_export(m, NULL, NULL, NULL));
    ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_EXPORTED);
    ASSERT_ERR(mml_resize(m, 10), MML_ERESIZE_EXPORTED);
    ASSERT_OK(mml_buffer_release(m));
    mml_destroy(m);

    m = th_open_fd(fd, 0, -1, -1, acc, 0, 1, 0);
    ASSERT_OK(mml_buffer_export(m, NULL, NULL, NULL));
    ASSERT_ERR(mml_resize(m, INT64_MIN), MML_ERESIZE_EXPORTED);
    ASSERT_OK(mml_buffer_release(m));
    ASSERT_ERR(mml_resize(m, -1),
               acc == MML_ACCESS_READ || acc == MML_ACCESS_COPY
                   ? MML_ERESIZE_READONLY
                   : MML_ERESIZE_RANGE);
    mml_destroy(m);
  }
  ASSERT_EQ(th_file_size(path), 3);
  close(fd);
}

/* trackfd=False refuses anonymous maps too (shared and private). */
TEST_IMPL(resize_trackfd_anonymous) {
  mml_map *m = anon(10, MAP_SHARED, 0);
  ASSERT_ERR(mml_resize(m, 20), MML_ERESIZE_TRACKFD);
  ASSERT_ERR(mml_resize(m, 5), MML_ERESIZE_TRACKFD);
  ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_TRACKFD);
  mml_destroy(m);
  m = anon(10, MAP_PRIVATE, 0);
  ASSERT_ERR(mml_resize(m, 20), MML_ERESIZE_TRACKFD);
  ASSERT_ERR(mml_resize(m, INT64_MIN), MML_ERESIZE_TRACKFD);
  ASSERT_EQ(th_len(m), 10);
  mml_destroy(m);
}

/* CPython: ValueError("new size out of range") for any negative size. */
TEST_IMPL(resize_negative_range) {
  char path[64];
  mml_map *maps[3];
  maps[0] = th_file_map("abc", 3, MML_ACCESS_DEFAULT, path);
  maps[1] = anon(10, MAP_PRIVATE, 1);
  maps[2] = anon(10, MAP_SHARED, 1);
  for (int i = 0; i < 3; i++) {
    int64_t len = th_len(maps[i]);
    ASSERT_ERR(mml_resize(maps[i], -1), MML_ERESIZE_RANGE);
    ASSERT_ERR(mml_resize(maps[i], -2), MML_ERESIZE_RANGE);
    ASSERT_ERR(mml_resize(maps[i], INT64_MIN), MML_ERESIZE_RANGE);
    ASSERT_ERR(mml_resize(maps[i], INT64_MIN + 1), MML_ERESIZE_RANGE);
    ASSERT_EQ(th_len(maps[i]), len);
    mml_destroy(maps[i]);
  }
  th_expect_file(path, "abc", 3);
}

/* A map at offset PAGESIZE: offset + newsize must fit in int64 ("new size
 * out of range"); one below the limit reaches ftruncate ([Errno 27]). */
TEST_IMPL(resize_offset_overflow_range) {
  char path[64];
  const int64_t P = ps();
  uint8_t *pat = pattern((size_t)(2 * P), 0);
  int fd = th_temp_file(pat, (size_t)(2 * P), path);
  mml_map *m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, P, 1, 0);
  close(fd);
  ASSERT_ERR(mml_resize(m, INT64_MAX - P + 1), MML_ERESIZE_RANGE);
  ASSERT_ERR(mml_resize(m, INT64_MAX - 1), MML_ERESIZE_RANGE);
  ASSERT_ERR(mml_resize(m, INT64_MAX), MML_ERESIZE_RANGE);
  ASSERT_ERR(mml_resize(m, INT64_MIN), MML_ERESIZE_RANGE);
  ASSERT_ERR(mml_resize(m, INT64_MAX - P), -EFBIG); /* ext4: 16 TiB limit */
  ASSERT_EQ(th_len(m), P);
  ASSERT_EQ(mml_offset(m), P);
  th_expect_map(m, pat + P, P);
  th_expect_file(path, pat, (size_t)(2 * P));
  free(pat);
  mml_destroy(m);
}

/* Huge but valid sizes reach ftruncate: CPython raises [Errno 27] File too
 * large for sys.maxsize, 2**62 and 2**46 on ext4 (16 TiB file limit). */
TEST_IMPL(resize_file_huge_efbig) {
  char path[64];
  mml_map *m = th_file_map("abc", 3, MML_ACCESS_DEFAULT, path);
  int fd = th_open(path, O_RDONLY);
  struct statfs sfs;
  ASSERT_EQ(fstatfs(fd, &sfs), 0);
  close(fd);
  if (sfs.f_type == 0x01021994) /* TMPFS_MAGIC: files may be 8 EiB */
    SKIP("temporary files on tmpfs: no EFBIG below INT64_MAX");
  ASSERT_ERR(mml_resize(m, INT64_MAX), -EFBIG);
  ASSERT_ERR(mml_resize(m, INT64_C(1) << 62), -EFBIG);
  ASSERT_ERR(mml_resize(m, INT64_C(1) << 46), -EFBIG);
  ASSERT_EQ(th_len(m), 3);
  th_expect_map_and_file(m, path, "abc", 3);
  mml_destroy(m);
}

/* Deliberate deviation: CPython truncates the file to `offset` and then
 * fails with [Errno 22] from mremap, leaving a map that SIGBUSes. The core
 * gives the same EINVAL without touching the file; the map stays usable. */
TEST_IMPL(resize_zero_file) {
  char path[64];
  const int64_t P = ps();
  uint8_t *pat = pattern((size_t)(2 * P), 0);
  mml_map *m = th_file_map("hello", 5, MML_ACCESS_DEFAULT, path);
  int fd;
  ASSERT_ERR(mml_resize(m, 0), -EINVAL);
  ASSERT_EQ(th_len(m), 5);
  th_expect_file(path, "hello", 5);
  ASSERT_OK(mml_setitem(m, 0, 'J'));
  th_expect_map_and_file(m, path, "Jello", 5);
  ASSERT_OK(mml_resize(m, 2));
  th_expect_file(path, "Je", 2);
  mml_destroy(m);

  /* At offset PAGESIZE (CPython would leave a PAGESIZE-byte file). */
  fd = th_temp_file(pat, (size_t)(2 * P), path);
  m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_WRITE, P, 1, 0);
  close(fd);
  ASSERT_ERR(mml_resize(m, 0), -EINVAL);
  ASSERT_EQ(th_len(m), P);
  th_expect_map(m, pat + P, P);
  th_expect_file(path, pat, (size_t)(2 * P));
  mml_destroy(m);

  /* A MAP_PRIVATE file map: neither the file nor the private bytes. */
  fd = th_temp_file(pat, (size_t)(2 * P), path);
  m = th_open_fd(fd, 0, MAP_PRIVATE, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  close(fd);
  ASSERT_OK(mml_setitem(m, 0, '!'));
  ASSERT_ERR(mml_resize(m, 0), -EINVAL);
  ASSERT_EQ(th_len(m), 2 * P);
  th_expect_file(path, pat, (size_t)(2 * P));
  expect_map_prefix(m, "!", 1);
  {
    int64_t n = 0;
    uint8_t *d = map_data(m, &n);
    ASSERT_MEM_EQ(d + 1, pat + 1, 2 * P - 1);
  }
  free(pat);
  mml_destroy(m);
}

/* CPython: resize(0) of an anonymous map is [Errno 22] from mremap. */
TEST_IMPL(resize_zero_anon) {
  mml_map *m = anon(10, MAP_PRIVATE, 1);
  ASSERT_ERR(mml_resize(m, 0), -EINVAL);
  ASSERT_EQ(th_len(m), 10);
  mml_destroy(m);
  m = anon(10, MAP_SHARED, 1);
  ASSERT_ERR(mml_resize(m, 0), -EINVAL);
  ASSERT_EQ(th_len(m), 10);
  mml_destroy(m);
}

/* CPython: a /dev/zero map cannot resize: ftruncate says [Errno 22]. */
TEST_IMPL(resize_dev_zero_einval) {
  const int64_t P = ps();
  int fd = open("/dev/zero", O_RDWR);
  mml_map *m;
  if (fd < 0)
    SKIP("no /dev/zero");
  m = th_open_fd(fd, P, -1, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  close(fd);
  ASSERT_ERR(mml_resize(m, 2 * P), -EINVAL);
  ASSERT_ERR(mml_resize(m, 10), -EINVAL);
  ASSERT_EQ(th_len(m), P);
  mml_destroy(m);
}

/* ---- resize: injected failures ------------------------------------------ */

/* A shared file map of 3 pages plus 100 bytes holding a pattern, and the
 * count of descriptors open once it is mapped. */
typedef struct big_map {
  char path[64];
  uint8_t *pat; /* what the file holds: the map's bytes as they should be */
  int64_t len;
  int fds;
  mml_map *m;
} big_map;

static void big_map_open(big_map *b) {
  b->len = 3 * ps() + 100;
  b->pat = pattern((size_t)b->len, 0);
  b->m = th_file_map(b->pat, (size_t)b->len, MML_ACCESS_DEFAULT, b->path);
  b->fds = th_count_fds();
}

/* The map is N bytes long, map and file hold the pattern's first N, and
 * no descriptor was opened or leaked. */
static void big_map_expect(const big_map *b, int64_t n) {
  ASSERT_EQ(th_len(b->m), n);
  th_expect_map_and_file(b->m, b->path, b->pat, n);
  ASSERT_EQ(th_count_fds(), b->fds);
}

static void big_map_close(big_map *b) {
  free(b->pat);
  mml_destroy(b->m);
}

/* ftruncate failing on growth: nothing has changed. */
TEST_IMPL(resize_truncate_fails_on_grow) {
  big_map b;
  big_map_open(&b);
  mml__os.truncate = truncate_eio;
  ASSERT_ERR(mml_resize(b.m, 2 * b.len), -EIO);
  ASSERT_ERR(mml_resize(b.m, b.len + 1), -EIO);
  th_reset_os();
  ASSERT_EQ(n_truncate, 2);
  big_map_expect(&b, b.len);
  /* Still usable. */
  ASSERT_OK(mml_resize(b.m, 2 * b.len));
  ASSERT_EQ(th_file_size(b.path), 2 * b.len);
  big_map_close(&b);
}

/* ftruncate failing on a shrink: the core shrank the mapping first and
 * grows it back; the bytes are still in the file, so none is lost. */
TEST_IMPL(resize_truncate_fails_on_shrink) {
  big_map b;
  big_map_open(&b);
  /* A write into the last page, which the shrink unmaps for a while. */
  ASSERT_OK(mml_setitem(b.m, b.len - 1, '!'));
  b.pat[b.len - 1] = '!';
  mml__os.truncate = truncate_eio;
  ASSERT_ERR(mml_resize(b.m, ps() + 10), -EIO);
  ASSERT_ERR(mml_resize(b.m, 1), -EIO);
  th_reset_os();
  ASSERT_EQ(n_truncate, 2);
  big_map_expect(&b, b.len);
  ASSERT_OK(mml_setitem(b.m, b.len - 1, '?')); /* the whole map is writable */
  ASSERT_OK(mml_resize(b.m, 10));
  th_expect_file(b.path, b.pat, 10);
  big_map_close(&b);
}

/* ftruncate failing when the map grows over a shrinking file (a 50-byte map
 * of a 100-byte file resized to 80): the mapping is shrunk back. */
TEST_IMPL(resize_truncate_fails_partial_map) {
  char path[64];
  uint8_t *pat = pattern(100, 0);
  int fd = th_temp_file(pat, 100, path);
  mml_map *m = th_open_fd(fd, 50, -1, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  close(fd);
  mml__os.truncate = truncate_eio;
  ASSERT_ERR(mml_resize(m, 80), -EIO);
  th_reset_os();
  ASSERT_EQ(th_len(m), 50);
  th_expect_map(m, pat, 50);
  th_expect_file(path, pat, 100);
  free(pat);
  mml_destroy(m);
}

/* mremap failing on growth: the file was extended first and is truncated
 * back over its new zeros. */
TEST_IMPL(resize_remap_fails_on_grow) {
  big_map b;
  big_map_open(&b);
  mml__os.remap = remap_enomem;
  mml__os.truncate = truncate_record;
  ASSERT_ERR(mml_resize(b.m, 2 * b.len), -ENOMEM);
  th_reset_os();
  ASSERT_EQ(n_remap, 1);
  ASSERT_EQ(n_truncate, 2); /* grown, then back */
  ASSERT_EQ(truncate_sizes[0], 2 * b.len);
  ASSERT_EQ(truncate_sizes[1], b.len);
  big_map_expect(&b, b.len);
  big_map_close(&b);
}

/* mremap failing on a shrink: the mapping goes first, so the file is never
 * touched. */
TEST_IMPL(resize_remap_fails_on_shrink) {
  big_map b;
  big_map_open(&b);
  mml__os.remap = remap_enomem;
  mml__os.truncate = truncate_record;
  ASSERT_ERR(mml_resize(b.m, 10), -ENOMEM);
  ASSERT_ERR(mml_resize(b.m, ps()), -ENOMEM);
  th_reset_os();
  ASSERT_EQ(n_remap, 2);
  ASSERT_EQ(n_truncate, 0);
  big_map_expect(&b, b.len);
  big_map_close(&b);
}

/* A MAP_PRIVATE file map: mremap failing on growth leaves the private bytes
 * and the file as they were. On a shrink the core truncates first (so that
 * a failing ftruncate cannot cost private data); when mremap then fails,
 * the file is grown back to its size, but only the bytes within the new
 * size are promised (mmaplab.h): the file's tail comes back as zeros. */
TEST_IMPL(resize_remap_fails_private_file) {
  char path[64];
  const int64_t P = ps();
  const int64_t len = 3 * P;
  uint8_t *pat = pattern((size_t)len, 0);
  int fd = th_temp_file(pat, (size_t)len, path);
  mml_map *m = th_open_fd(fd, 0, MAP_PRIVATE, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  uint8_t *d;
  int64_t n = 0;
  close(fd);
  ASSERT_OK(mml_setitem(m, 0, 'X')); /* a private page */
  mml__os.remap = remap_enomem;
  ASSERT_ERR(mml_resize(m, 2 * len), -ENOMEM);
  ASSERT_EQ(th_len(m), len);
  ASSERT_EQ(th_file_size(path), len);
  th_expect_file(path, pat, (size_t)len);
  d = map_data(m, &n);
  ASSERT_EQ(d[0], 'X');
  ASSERT_MEM_EQ(d + 1, pat + 1, len - 1);

  ASSERT_ERR(mml_resize(m, P), -ENOMEM);
  th_reset_os();
  ASSERT_EQ(th_len(m), len);
  ASSERT_EQ(th_file_size(path), len);
  th_expect_file_at(path, 0, pat, P);
  d = map_data(m, &n);
  ASSERT_EQ(d[0], 'X');
  ASSERT_MEM_EQ(d + 1, pat + 1, P - 1);
  free(pat);
  mml_destroy(m);
}

/* mremap failing for anonymous private maps: nothing changes. */
TEST_IMPL(resize_remap_fails_anon) {
  mml_map *m = anon(2 * ps(), MAP_PRIVATE, 1);
  ASSERT_OK(mml_write(m, "hello", 5, NULL));
  mml__os.remap = remap_enomem;
  ASSERT_ERR(mml_resize(m, 4 * ps()), -ENOMEM);
  ASSERT_ERR(mml_resize(m, 5), -ENOMEM);
  th_reset_os();
  ASSERT_EQ(n_remap, 2);
  ASSERT_EQ(th_len(m), 2 * ps());
  expect_map_prefix(m, "hello", 5);
  mml_destroy(m);
}

/* fstat failing during resize does not fail it (CPython never stats). */
TEST_IMPL(resize_stat_fails) {
  big_map b;
  uint8_t *d;
  int64_t n = 0;
  big_map_open(&b);
  mml__os.stat = th_stat_eio;
  ASSERT_OK(mml_resize(b.m, 2 * b.len));
  ASSERT_EQ(th_file_size(b.path), 2 * b.len);
  d = map_data(b.m, &n);
  ASSERT_EQ(n, 2 * b.len);
  ASSERT_MEM_EQ(d, b.pat, b.len);
  ASSERT(all_zero(d + b.len, (size_t)b.len));
  ASSERT_OK(mml_resize(b.m, 10));
  ASSERT_EQ(th_file_size(b.path), 10);
  th_expect_map(b.m, b.pat, 10);
  /* And with ftruncate failing as well: nothing changes. */
  mml__os.truncate = truncate_eio;
  ASSERT_ERR(mml_resize(b.m, 100), -EIO);
  ASSERT_ERR(mml_resize(b.m, 5), -EIO);
  th_reset_os();
  ASSERT_GE(th_stat_eio_calls, 2);
  big_map_expect(&b, 10);
  big_map_close(&b);
}

/* No descriptor is opened or leaked by resizes, good or failing. */
TEST_IMPL(resize_no_fd_leak) {
  char path[64];
  mml_map *m = th_file_map("abc", 3, MML_ACCESS_DEFAULT, path);
  int fds = th_count_fds();
  for (int i = 0; i < 20; i++) {
    ASSERT_OK(mml_resize(m, 4096 + i));
    ASSERT_OK(mml_resize(m, 3 + i));
    ASSERT_ERR(mml_resize(m, 0), -EINVAL);
    ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_RANGE);
  }
  ASSERT_EQ(th_count_fds(), fds);
  ASSERT_OK(mml_close(m));
  ASSERT_EQ(th_count_fds(), fds - 1);
  mml_destroy(m);
}

/* ---- flush -------------------------------------------------------------- */

/* A 2-page shared file map (as CPython's probe). */
TEST_IMPL(flush_file_two_pages) {
  const int64_t P = ps();
  uint8_t *pat = pattern((size_t)(2 * P), 0);
  mml_map *m = th_file_map(pat, (size_t)(2 * P), MML_ACCESS_DEFAULT, NULL);
  int64_t zero = 0, one = 1, len = 2 * P, page = P;
  ASSERT_OK(mml_flush(m, NULL, NULL));
  ASSERT_OK(mml_flush(m, &zero, &len));
  ASSERT_OK(mml_flush(m, &page, &page));
  ASSERT_OK(mml_flush(m, &zero, NULL)); /* flush(0) */
  ASSERT_OK(mml_flush(m, NULL, &len));  /* size alone */
  ASSERT_OK(mml_flush(m, &zero, &zero));
  ASSERT_OK(mml_flush(m, &len, &zero)); /* len is page-aligned here */
  ASSERT_OK(mml_flush(m, &page, &zero));
  /* flush(PAGESIZE): size defaults to len, so offset + size > len
   * (gh-138092; every version up to 3.14). */
  ASSERT_ERR(mml_flush(m, &page, NULL), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &one, NULL), MML_EFLUSH_RANGE);
  /* msync wants a page-aligned address: [Errno 22]. */
  ASSERT_ERR(mml_flush(m, &one, &one), -EINVAL);
  free(pat);
  mml_destroy(m);
}

/* A 100-byte map: flush(len, 0) reaches msync at an unaligned address. */
TEST_IMPL(flush_unaligned_len) {
  mml_map *m = th_file_map(NULL, 100, MML_ACCESS_DEFAULT, NULL);
  int64_t zero = 0, len = 100, page = ps();
  ASSERT_OK(mml_flush(m, NULL, NULL));
  ASSERT_OK(mml_flush(m, &zero, &len));
  ASSERT_ERR(mml_flush(m, &len, &zero), -EINVAL);
  ASSERT_ERR(mml_flush(m, &page, &page), MML_EFLUSH_RANGE);
  mml_destroy(m);
}

/* Every one of these is "flush values out of range" in CPython, on every
 * kind of map (no overflow in the offset + size check). */
static void expect_flush_ranges(mml_map *m) {
  const int64_t L = th_len(m);
  const int64_t pairs[][2] = {
      {L, 1},
      {L + 1, 0},
      {0, L + 1},
      {-1, 0},
      {0, -1},
      {1, INT64_MAX},
      {INT64_MAX, 1},
      {INT64_MAX, 0},
      {0, INT64_MAX},
      {INT64_MIN, 0},
      {0, INT64_MIN},
      {INT64_MIN, INT64_MAX},
      {INT64_MAX, INT64_MIN},
      {INT64_MAX, INT64_MAX},
      {INT64_MIN, INT64_MIN},
      {-1, L + 1},
      {0, 1000000},
  };
  const int64_t offsets[] = {-1, INT64_MAX, INT64_MIN, L + 1};
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
    ASSERT_ERR(mml_flush(m, &pairs[i][0], &pairs[i][1]), MML_EFLUSH_RANGE);
  /* flush(offset) alone, size defaulting to len. */
  for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++)
    ASSERT_ERR(mml_flush(m, &offsets[i], NULL), MML_EFLUSH_RANGE);
  /* A size alone (offset 0; not expressible positionally in Python, where
   * it is flush(0, size)). */
  {
    const int64_t sizes[] = {L + 1, -1, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
      ASSERT_ERR(mml_flush(m, NULL, &sizes[i]), MML_EFLUSH_RANGE);
  }
}

TEST_IMPL(flush_range_extremes) {
  static const int access[] = {MML_ACCESS_DEFAULT, MML_ACCESS_READ,
                               MML_ACCESS_WRITE, MML_ACCESS_COPY};
  for (int i = 0; i < 4; i++) {
    mml_map *m = th_file_map(NULL, (size_t)(2 * ps()), access[i], NULL);
    expect_flush_ranges(m);
    mml_destroy(m);
  }
  {
    mml_map *m = anon(2 * ps(), MAP_SHARED, 1);
    expect_flush_ranges(m);
    mml_destroy(m);
    m = anon(2 * ps(), MAP_PRIVATE, 1);
    expect_flush_ranges(m);
    mml_destroy(m);
  }
}

/* READ and COPY maps: the range check applies, but there is no msync at all
 * (CPython: ro.flush(1, 1) is None, no alignment error). */
TEST_IMPL(flush_readonly_copy_no_msync) {
  char path[64];
  int fd = th_temp_file(NULL, (size_t)(2 * ps()), path);
  int64_t one = 1, page = ps(), big = 1000000, zero = 0;
  mml__os.sync = sync_eio;
  for (int k = 0; k < 3; k++) {
    mml_map *m = k == 0   ? th_open_fd(fd, 0, -1, -1, MML_ACCESS_READ, 0, 1, 0)
                 : k == 1 ? th_open_fd(fd, 0, -1, -1, MML_ACCESS_COPY, 0, 1, 0)
                          /* prot=PROT_READ derives ACCESS_READ */
                          : th_open_fd(fd, 0, -1, PROT_READ, MML_ACCESS_DEFAULT,
                                       0, 1, 0);
    ASSERT_OK(mml_flush(m, NULL, NULL));
    ASSERT_OK(mml_flush(m, &one, &one));
    ASSERT_OK(mml_flush(m, &zero, &zero));
    ASSERT_OK(mml_flush(m, &page, &page));
    ASSERT_ERR(mml_flush(m, &zero, &big), MML_EFLUSH_RANGE);
    ASSERT_ERR(mml_flush(m, &page, NULL), MML_EFLUSH_RANGE);
    mml_destroy(m);
  }
  th_reset_os();
  ASSERT_EQ(n_sync, 0);
  close(fd);
}

/* DEFAULT and WRITE maps (also prot=PROT_WRITE, anonymous and trackfd=False
 * maps) call msync on [data + offset, +size), and its errno is the error. */
TEST_IMPL(flush_calls_sync) {
  char path[64];
  const int64_t P = ps();
  int fd = th_temp_file(NULL, (size_t)(2 * P), path);
  int64_t page = P, one = 1, zero = 0;
  for (int k = 0; k < 6; k++) {
    mml_map *m =
        k == 0   ? th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, 0, 1, 0)
        : k == 1 ? th_open_fd(fd, 0, -1, -1, MML_ACCESS_WRITE, 0, 1, 0)
        : k == 2
            ? th_open_fd(fd, 0, -1, PROT_WRITE, MML_ACCESS_DEFAULT, 0, 1, 0)
        : k == 3 ? th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, 0, 0, 0)
        : k == 4 ? anon(2 * P, MAP_SHARED, 1)
                 : anon(2 * P, MAP_PRIVATE, 1);
    int64_t n = 0;
    uint8_t *base = map_data(m, &n);
    n_sync = 0;
    mml__os.sync = sync_eio;
    ASSERT_ERR(mml_flush(m, NULL, NULL), -EIO);
    ASSERT_EQ(n_sync, 1);
    ASSERT_PTR_EQ(sync_addr, base);
    ASSERT_EQ(sync_len, 2 * P);
    ASSERT_ERR(mml_flush(m, &page, &one), -EIO);
    ASSERT_PTR_EQ(sync_addr, base + P);
    ASSERT_EQ(sync_len, 1);
    ASSERT_ERR(mml_flush(m, &zero, &zero), -EIO); /* msync(addr, 0) too */
    ASSERT_EQ(sync_len, 0);
    /* The range check comes before msync. */
    ASSERT_ERR(mml_flush(m, &page, NULL), MML_EFLUSH_RANGE);
    ASSERT_EQ(n_sync, 3);
    th_reset_os();
    ASSERT_OK(mml_flush(m, NULL, NULL));
    mml_destroy(m);
  }
  close(fd);
}

/* Anonymous and trackfd=False maps flush like file maps (CPython: None,
 * and [Errno 22] for flush(1, 1)). */
TEST_IMPL(flush_anon_and_trackfd_false) {
  const int64_t P = ps();
  int64_t one = 1, len = 2 * P, zero = 0;
  int fd = th_temp_file(NULL, (size_t)(2 * P), NULL);
  mml_map *maps[3];
  maps[0] = anon(2 * P, MAP_SHARED, 1);
  maps[1] = anon(2 * P, MAP_PRIVATE, 1);
  maps[2] = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, 0, 0, 0);
  for (int i = 0; i < 3; i++) {
    ASSERT_OK(mml_flush(maps[i], NULL, NULL));
    ASSERT_OK(mml_flush(maps[i], &zero, &len));
    ASSERT_OK(mml_flush(maps[i], &len, &zero));
    ASSERT_ERR(mml_flush(maps[i], &one, &one), -EINVAL);
    ASSERT_ERR(mml_flush(maps[i], &one, NULL), MML_EFLUSH_RANGE);
    mml_destroy(maps[i]);
  }
  close(fd);
}

/* The 3.15 profile (gh-138092): size defaults to -1, "to the end".
 * From the 3.15-dev source (mmap_mmap_flush_impl: `if (size == -1) size =
 * self->size - offset;` before the same range check); no 3.15 interpreter
 * is available here to run it. */
TEST_IMPL(flush_py315_profile) {
  const int64_t P = ps();
  char path[64];
  int fd = th_temp_file(NULL, (size_t)(2 * P), path);
  mml_open_args a;
  mml_map *m = NULL;
  int64_t page = P, len = 2 * P, minus1 = -1, minus2 = -2, zero = 0;
  int64_t one = 1, past = 2 * P + 1, big = INT64_MAX, small = INT64_MIN;
  mml_open_args_init(&a);
  a.fileno = fd;
  a.python_version = MML_PY(3, 15, 0);
  ASSERT_OK(mml_open(&m, &a));
  ASSERT_EQ(mml_python_version(m), MML_PY(3, 15, 0));
  ASSERT_OK(mml_flush(m, NULL, NULL));
  ASSERT_OK(mml_flush(m, &page, NULL)); /* flush(PAGESIZE): to the end */
  ASSERT_OK(mml_flush(m, &len, NULL));  /* size 0 */
  ASSERT_OK(mml_flush(m, &zero, &minus1));
  ASSERT_OK(mml_flush(m, &page, &minus1));
  ASSERT_ERR(mml_flush(m, &one, NULL), -EINVAL); /* unaligned msync */
  ASSERT_ERR(mml_flush(m, &past, NULL), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &minus1, NULL), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &big, NULL), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &small, NULL), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &small, &minus1), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &zero, &minus2), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &one, &big), MML_EFLUSH_RANGE);
  mml_destroy(m);

  /* 3.14 and 3.13 (and the default): both of these are errors. */
  a.python_version = MML_PY(3, 14, 0);
  ASSERT_OK(mml_open(&m, &a));
  ASSERT_ERR(mml_flush(m, &page, NULL), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &zero, &minus1), MML_EFLUSH_RANGE);
  ASSERT_OK(mml_flush(m, &zero, NULL));
  mml_destroy(m);
  close(fd);
}

/* ---- durability --------------------------------------------------------- */

/* Writes to a shared map are in the file at once (same page cache), and
 * after flush and close (CPython: os.pread sees them each time). */
TEST_IMPL(durability_write_reaches_file) {
  static const int access[] = {MML_ACCESS_WRITE, MML_ACCESS_DEFAULT};
  for (int i = 0; i < 2; i++) {
    char path[64];
    mml_map *m = th_file_map(NULL, (size_t)ps(), access[i], path);
    ASSERT_OK(mml_write(m, "HELLO", 5, NULL));
    expect_pread(path, 0, "HELLO", 5);
    ASSERT_OK(mml_flush(m, NULL, NULL));
    expect_pread(path, 0, "HELLO", 5);
    ASSERT_OK(mml_seek(m, 0, 0, NULL));
    ASSERT_OK(mml_write(m, "xyz", 3, NULL));
    ASSERT_OK(mml_setitem(m, ps() - 1, '#'));
    ASSERT_OK(mml_close(m));
    expect_pread(path, 0, "xyzLOfgh", 8);
    expect_pread(path, ps() - 1, "#", 1);
    mml_destroy(m);
  }
}

/* Without close: destroying the map (CPython's deallocation, no msync)
 * loses nothing either: the bytes are in the page cache. */
TEST_IMPL(durability_destroy_without_flush) {
  char path[64];
  mml_map *m = th_file_map("abcdef", 6, MML_ACCESS_WRITE, path);
  ASSERT_OK(mml_setitem(m, 2, 'C'));
  mml_destroy(m);
  th_expect_file(path, "abCdef", 6);
}

/* ACCESS_COPY never writes the file: not before, nor after flush or close. */
TEST_IMPL(durability_copy_never_writes) {
  char path[64];
  const int64_t P = ps();
  uint8_t *pat = pattern((size_t)P, 0);
  mml_map *m = th_file_map(pat, (size_t)P, MML_ACCESS_COPY, path);
  ASSERT_OK(mml_write(m, "HELLO", 5, NULL));
  expect_map_prefix(m, "HELLO", 5);
  th_expect_file(path, pat, (size_t)P);
  ASSERT_OK(mml_flush(m, NULL, NULL));
  th_expect_file(path, pat, (size_t)P);
  ASSERT_OK(mml_close(m));
  th_expect_file(path, pat, (size_t)P);
  free(pat);
  mml_destroy(m);
}

/* ---- madvise ------------------------------------------------------------ */

TEST_IMPL(madvise_options) {
  static const char *const names[] = {"MADV_NORMAL", "MADV_RANDOM",
                                      "MADV_SEQUENTIAL", "MADV_WILLNEED",
                                      "MADV_DONTNEED"};
  const int64_t P = ps();
  char path[64];
  uint8_t *pat = pattern((size_t)(2 * P), 0);
  mml_map *m = th_file_map(pat, (size_t)(2 * P), MML_ACCESS_DEFAULT, path);
  int64_t len = 2 * P, page = P;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    int64_t opt = madv(names[i]);
    ASSERT_OK(mml_madvise(m, opt, 0, NULL));
    ASSERT_OK(mml_madvise(m, opt, 0, &len));
    ASSERT_OK(mml_madvise(m, opt, P, &page));
    ASSERT_OK(mml_madvise(m, opt, P, NULL));
  }
  th_expect_map_and_file(m, path, pat, 2 * P);
  free(pat);
  mml_destroy(m);
}

/* CPython: start < 0 or start >= len -> "madvise start out of bounds"
 * (before the length checks); an unaligned start is the kernel's EINVAL. */
TEST_IMPL(madvise_start_bounds) {
  const int64_t P = ps(), L = 2 * P;
  const int64_t N = madv("MADV_NORMAL");
  mml_map *m = th_file_map(NULL, (size_t)L, MML_ACCESS_DEFAULT, NULL);
  int64_t zero = 0, one = 1, minus1 = -1, big = INT64_MAX;
  ASSERT_ERR(mml_madvise(m, N, L, NULL), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, L, &zero), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, L, &big), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, L, &minus1), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, L + 1, NULL), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, -1, NULL), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, -1, &minus1), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, INT64_MIN, NULL), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, INT64_MAX, NULL), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, INT64_MAX, &big), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, N, L - 1, NULL), -EINVAL);
  ASSERT_ERR(mml_madvise(m, N, L - 1, &one), -EINVAL);
  ASSERT_ERR(mml_madvise(m, N, 1, NULL), -EINVAL);
  ASSERT_ERR(mml_madvise(m, N, 1, &zero), -EINVAL); /* even for length 0 */
  ASSERT_OK(mml_madvise(m, N, P, NULL));
  ASSERT_OK(mml_madvise(m, N, 0, NULL));
  mml_destroy(m);
}

/* Negative lengths, start + length overflow, clipping of long lengths. */
TEST_IMPL(madvise_length_checks) {
  const int64_t P = ps(), L = 2 * P;
  const int64_t N = madv("MADV_NORMAL");
  mml_map *m = th_file_map(NULL, (size_t)L, MML_ACCESS_DEFAULT, NULL);
  int64_t minus1 = -1, small = INT64_MIN, big = INT64_MAX, zero = 0;
  int64_t billion = 1000000000, bigm1 = INT64_MAX - 1, bigmp = INT64_MAX - P;
  ASSERT_ERR(mml_madvise(m, N, 0, &minus1), MML_EMADV_LENGTH);
  ASSERT_ERR(mml_madvise(m, N, 0, &small), MML_EMADV_LENGTH);
  ASSERT_ERR(mml_madvise(m, N, P, &minus1), MML_EMADV_LENGTH);
  /* start + length > sys.maxsize: OverflowError. */
  ASSERT_ERR(mml_madvise(m, N, 1, &big), MML_EMADV_TOO_LARGE);
  ASSERT_ERR(mml_madvise(m, N, P, &big), MML_EMADV_TOO_LARGE);
  ASSERT_ERR(mml_madvise(m, N, 2, &bigm1), MML_EMADV_TOO_LARGE);
  ASSERT_ERR(mml_madvise(m, N, P + 1, &bigmp), MML_EMADV_TOO_LARGE);
  /* ... but exactly sys.maxsize is fine, and clipped to the map. */
  ASSERT_OK(mml_madvise(m, N, 0, &big));
  ASSERT_OK(mml_madvise(m, N, 0, &bigm1));
  ASSERT_OK(mml_madvise(m, N, P, &bigmp));
  ASSERT_OK(mml_madvise(m, N, 0, &billion));
  ASSERT_OK(mml_madvise(m, N, 0, &zero));
  ASSERT_OK(mml_madvise(m, N, P, &zero));
  mml_destroy(m);
}

/* The option is a C int (converted before any other check); unknown values
 * are the kernel's EINVAL. */
TEST_IMPL(madvise_option_checks) {
  mml_map *m = th_file_map(NULL, (size_t)(2 * ps()), MML_ACCESS_DEFAULT, NULL);
  int64_t zero = 0, minus1 = -1;
  ASSERT_ERR(mml_madvise(m, 12345, 0, NULL), -EINVAL);
  ASSERT_ERR(mml_madvise(m, -1, 0, NULL), -EINVAL);
  ASSERT_ERR(mml_madvise(m, INT_MAX, 0, NULL), -EINVAL);
  ASSERT_ERR(mml_madvise(m, INT_MIN, 0, NULL), -EINVAL);
  ASSERT_ERR(mml_madvise(m, 12345, 0, &zero), -EINVAL); /* also length 0 */
  ASSERT_ERR(mml_madvise(m, (int64_t)INT_MAX + 1, 0, NULL), MML_EINT_TOO_BIG);
  ASSERT_ERR(mml_madvise(m, INT64_MAX, 0, NULL), MML_EINT_TOO_BIG);
  ASSERT_ERR(mml_madvise(m, (int64_t)INT_MIN - 1, 0, NULL), MML_EINT_TOO_SMALL);
  ASSERT_ERR(mml_madvise(m, INT64_MIN, 0, NULL), MML_EINT_TOO_SMALL);
  /* Conversion first, then the range checks, then the kernel. */
  ASSERT_ERR(mml_madvise(m, INT64_MAX, -1, &minus1), MML_EINT_TOO_BIG);
  ASSERT_ERR(mml_madvise(m, INT64_MIN, INT64_MAX, NULL), MML_EINT_TOO_SMALL);
  ASSERT_ERR(mml_madvise(m, 12345, -1, NULL), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, 12345, 2 * ps(), NULL), MML_EMADV_START);
  ASSERT_ERR(mml_madvise(m, 12345, 0, &minus1), MML_EMADV_LENGTH);
  mml_destroy(m);
}

/* The range given to the OS: NULL length is the whole map; long lengths are
 * clipped to the end; the kernel's errno comes back. */
TEST_IMPL(madvise_range_passed_to_os) {
  const int64_t P = ps();
  mml_map *m = anon(2 * P, MAP_PRIVATE, 1);
  int64_t n = 0, big = INT64_MAX, one = 1, zero = 0, bigmp = INT64_MAX - P;
  uint8_t *base = map_data(m, &n);
  mml__os.advise = advise_eio;
  ASSERT_ERR(mml_madvise(m, 3, 0, NULL), -EIO);
  ASSERT_PTR_EQ(advise_addr, base);
  ASSERT_EQ(advise_len, 2 * P);
  ASSERT_EQ(advise_advice, 3);
  ASSERT_ERR(mml_madvise(m, 4, P, NULL), -EIO);
  ASSERT_PTR_EQ(advise_addr, base + P);
  ASSERT_EQ(advise_len, P);
  ASSERT_ERR(mml_madvise(m, 0, 0, &big), -EIO);
  ASSERT_EQ(advise_len, 2 * P);
  ASSERT_ERR(mml_madvise(m, 0, P, &bigmp), -EIO);
  ASSERT_PTR_EQ(advise_addr, base + P);
  ASSERT_EQ(advise_len, P);
  ASSERT_ERR(mml_madvise(m, 0, 0, &one), -EIO);
  ASSERT_EQ(advise_len, 1);
  ASSERT_ERR(mml_madvise(m, 0, 0, &zero), -EIO);
  ASSERT_EQ(advise_len, 0);
  ASSERT_EQ(n_advise, 6);
  th_reset_os();
  mml_destroy(m);
}

/* A 100-byte map: the clipped length covers a partial page, which the
 * kernel accepts; an unaligned start does not. */
TEST_IMPL(madvise_small_and_readonly_maps) {
  char path[64];
  int fd = th_temp_file(NULL, 100, path);
  const int64_t N = madv("MADV_NORMAL"), W = madv("MADV_WILLNEED");
  const int64_t D = madv("MADV_DONTNEED");
  int64_t len = 100, one = 1;
  mml_map *m = anon(100, MAP_SHARED, 1);
  ASSERT_ERR(mml_madvise(m, N, 99, NULL), -EINVAL);
  ASSERT_OK(mml_madvise(m, N, 0, &len));
  ASSERT_OK(mml_madvise(m, N, 0, &one));
  mml_destroy(m);
  /* READ, COPY and trackfd=False maps take advice too. */
  for (int acc = MML_ACCESS_READ; acc <= MML_ACCESS_COPY; acc += 2) {
    m = th_open_fd(fd, 0, -1, -1, acc, 0, 1, 0);
    ASSERT_OK(mml_madvise(m, D, 0, NULL));
    ASSERT_OK(mml_madvise(m, W, 0, NULL));
    mml_destroy(m);
  }
  m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, 0, 0, 0);
  ASSERT_OK(mml_madvise(m, W, 0, NULL));
  mml_destroy(m);
  close(fd);
}

/* CPython: MADV_DONTNEED zero-fills a private anonymous map (only the pages
 * advised), and keeps the data of shared maps. */
TEST_IMPL(madvise_dontneed_private_anon_zero_fills) {
  const int64_t P = ps();
  const int64_t D = madv("MADV_DONTNEED");
  mml_map *m = anon(2 * P, MAP_PRIVATE, 1);
  mml_slice hello = {0, 5, 1, 1, 1, 1}, world = {P, P + 5, 1, 1, 1, 1};
  ASSERT_OK(mml_setslice(m, &hello, "hello", 5));
  ASSERT_OK(mml_setslice(m, &world, "world", 5));
  ASSERT_OK(mml_madvise(m, D, P, NULL)); /* the second page only */
  th_expect_slice(m, &hello, "hello", 5);
  th_expect_slice(m, &world, "\0\0\0\0\0", 5);
  ASSERT_OK(mml_setslice(m, &world, "world", 5));
  ASSERT_OK(mml_madvise(m, D, 0, NULL));
  th_expect_slice(m, &hello, "\0\0\0\0\0", 5);
  th_expect_slice(m, &world, "\0\0\0\0\0", 5);
  mml_destroy(m);
}

TEST_IMPL(madvise_dontneed_shared_keeps_data) {
  const int64_t P = ps();
  const int64_t D = madv("MADV_DONTNEED");
  char path[64];
  mml_map *m = th_file_map(NULL, (size_t)(2 * P), MML_ACCESS_DEFAULT, path);
  ASSERT_OK(mml_write(m, "hello", 5, NULL));
  ASSERT_OK(mml_madvise(m, D, 0, NULL));
  expect_map_prefix(m, "hello", 5);
  expect_pread(path, 0, "hello", 5);
  mml_destroy(m);
  m = anon(2 * P, MAP_SHARED, 1);
  ASSERT_OK(mml_write(m, "hello", 5, NULL));
  ASSERT_OK(mml_madvise(m, D, 0, NULL));
  expect_map_prefix(m, "hello", 5);
  mml_destroy(m);
}
