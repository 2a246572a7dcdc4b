/* helpers.c - fixtures shared by the unit tests, on every OS (the OS's
 * own ones are in helpers_unix.c / helpers_windows.c). */
#define _GNU_SOURCE
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"
#include "search_kernels.h"
#include "test.h"

/* Binary mode where the C library has a text mode (Windows). */
#ifndef O_BINARY
#define O_BINARY 0
#endif

#define MAX_TEMP 64
static char temp_paths[MAX_TEMP][64];
static int temp_count;

static void remove_temps(void) {
  for (int i = 0; i < temp_count; i++)
    unlink(temp_paths[i]);
}

static void fill_pattern(uint8_t *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    p[i] = (uint8_t)('a' + i % 26);
}

int th_temp_file(const void *data, size_t len, char *path) {
  const char *dir = getenv("TMPDIR");
  char buf[64];
  uint8_t *tmp = NULL;
  int fd;
  ASSERT_LT(temp_count, MAX_TEMP);
  snprintf(buf, sizeof buf, "%s/mmltestXXXXXX", dir && *dir ? dir : "/tmp");
  fd = mkstemp(buf);
  ASSERT_GE(fd, 0);
  if (temp_count == 0)
    atexit(remove_temps);
  memcpy(temp_paths[temp_count++], buf, sizeof buf);
  if (data == NULL && len > 0) {
    tmp = malloc(len);
    ASSERT_NOT_NULL(tmp);
    fill_pattern(tmp, len);
    data = tmp;
  }
  for (size_t done = 0; done < len;) {
    ssize_t n = write(fd, (const char *)data + done, len - done);
    ASSERT_GT(n, 0);
    done += (size_t)n;
  }
  free(tmp);
  if (path != NULL)
    memcpy(path, buf, sizeof buf);
  return fd;
}

int th_open(const char *path, int flags) {
  int fd = open(path, flags | O_BINARY);
  ASSERT_GE(fd, 0);
  return fd;
}

uint8_t *th_read_file(const char *path, size_t *len) {
  struct stat st;
  int fd = th_open(path, O_RDONLY);
  uint8_t *buf;
  size_t done = 0;
  ASSERT_EQ(fstat(fd, &st), 0);
  buf = malloc((size_t)st.st_size + 1);
  ASSERT_NOT_NULL(buf);
  while (done < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);
    ASSERT_GT(n, 0);
    done += (size_t)n;
  }
  close(fd);
  *len = done;
  return buf;
}

int64_t th_file_size(const char *path) {
  struct stat st;
  ASSERT_EQ(stat(path, &st), 0);
  return (int64_t)st.st_size;
}

mml_map *th_open_fd(int fd, int64_t length, int64_t flags, int64_t prot,
                    int access, int64_t offset, int trackfd, uint32_t pyver) {
  mml_open_args a;
  mml_map *m = NULL;
  mml_open_args_init(&a);
  a.fileno = fd;
  a.length = length;
  if (flags >= 0)
    a.flags = flags;
  if (prot >= 0)
    a.prot = prot;
  a.access = access;
  a.offset = offset;
  a.trackfd = trackfd;
  if (pyver != 0)
    a.python_version = pyver;
  ASSERT_OK(mml_open(&m, &a));
  return m;
}

mml_map *th_anon(const void *data, int64_t len) {
  return th_anon_map(data, len, -1, 0);
}

mml_map *th_anon_map(const void *data, int64_t len, int64_t flags,
                     uint32_t pyver) {
  mml_map *m = th_open_fd(-1, len, flags, -1, MML_ACCESS_DEFAULT, 0, 1, pyver);
  uint8_t *buf = NULL;
  int64_t written = 0;
  if (pyver != 0)
    ASSERT_EQ(mml_python_version(m), pyver);
  if (data == NULL) {
    buf = malloc((size_t)len);
    ASSERT_NOT_NULL(buf);
    fill_pattern(buf, (size_t)len);
    data = buf;
  }
  ASSERT_OK(mml_write(m, data, len, &written));
  ASSERT_EQ(written, len);
  ASSERT_OK(mml_seek(m, 0, 0, NULL));
  free(buf);
  return m;
}

mml_map *th_file_map(const void *data, size_t len, int access, char *path) {
  int fd = th_temp_file(data, len, path);
  mml_map *m = th_open_fd(fd, 0, -1, -1, access, 0, 1, 0);
  close(fd);
  return m;
}

mml_map *th_closed_map(void) {
  mml_map *m = th_anon("hello", 5);
  ASSERT_OK(mml_close(m));
  return m;
}

int64_t th_tell(const mml_map *m) {
  int64_t pos = -1;
  ASSERT_OK(mml_tell(m, &pos));
  return pos;
}

int64_t th_len(const mml_map *m) {
  int64_t len = -1;
  ASSERT_OK(mml_len(m, &len));
  return len;
}

uint8_t *th_content(const mml_map *m, int64_t *len) {
  mml_slice all = {0, 0, 0, 0, 0, 0};
  uint8_t *out = NULL;
  ASSERT_OK(mml_getslice(m, &all, &out, len));
  return out;
}

void th_expect_map(const mml_map *m, const void *want, int64_t n) {
  int64_t len = -1;
  uint8_t *got = th_content(m, &len);
  ASSERT_EQ(len, n);
  ASSERT_MEM_EQ(got, want, n);
  mml_free(got);
}

void th_expect_file(const char *path, const void *want, size_t len) {
  size_t n = 0;
  uint8_t *f = th_read_file(path, &n);
  ASSERT_EQ(n, len);
  ASSERT_MEM_EQ(f, want, len);
  free(f);
}

void th_expect_slice(const mml_map *m, const mml_slice *sl, const void *want,
                     int64_t n) {
  uint8_t *out = NULL;
  int64_t len = -1;
  ASSERT_OK(mml_getslice(m, sl, &out, &len));
  ASSERT_EQ(len, n);
  ASSERT_NOT_NULL(out);
  ASSERT_MEM_EQ(out, want, n);
  mml_free(out);
}

void th_expect_map_and_file(const mml_map *m, const char *path,
                            const void *want, int64_t n) {
  th_expect_map(m, want, n);
  th_expect_file(path, want, (size_t)n);
}

void th_expect_file_at(const char *path, int64_t offset, const void *want,
                       int64_t n) {
  size_t flen = 0;
  uint8_t *f = th_read_file(path, &flen);
  ASSERT_GE((int64_t)flen, offset + n);
  ASSERT_MEM_EQ(f + offset, want, n);
  free(f);
}

void th_reset_os(void) { mml__os_reset(); }

/* ---- search kernel sets ------------------------------------------------- */

extern const mml__search_kernels mml__kernels_avx512_emulated;

int th_use_search_set(size_t i) {
  const char *name;
  for (size_t k = 0; (name = mml_search_isa_name(k)) != NULL; k++)
    if (mml_search_isa_available(name) && i-- == 0)
      return mml_search_set_isa(name) == 0;
  if (i == 0) {
    mml__search_kernels_set(&mml__kernels_avx512_emulated);
    return 1;
  }
  return 0;
}

void th_require_search_set(const char *name) {
  int in_build = 0;
  if (strcmp(name, "avx512-emulated") == 0) {
    mml__search_kernels_set(&mml__kernels_avx512_emulated);
    return;
  }
  for (size_t k = 0; mml_search_isa_name(k) != NULL; k++)
    in_build |= strcmp(mml_search_isa_name(k), name) == 0;
  if (!in_build)
    SKIP("this build has no such instruction set (not x86-64)");
  if (!mml_search_isa_available(name))
    SKIP("this CPU (or OS) cannot run the instruction set");
  ASSERT_OK(mml_search_set_isa(name));
}

void th_reset_search_set(void) { ASSERT_OK(mml_search_set_isa("auto")); }

uint64_t th_splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

#if defined(__SANITIZE_THREAD__)
#define TH_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TH_TSAN 1
#endif
#endif

#ifdef TH_TSAN
/* ThreadSanitizer's memcmp interceptor costs more per call than the
 * compare, and the reference search below makes one call per position:
 * minutes per search test. A plain loop, not instrumented (this
 * single-threaded reference has nothing to race), is several times faster. */
__attribute__((no_sanitize("thread"))) static int
same_bytes(const uint8_t *a, const uint8_t *b, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) { /* 8 bytes a step (inlined loads) */
    uint64_t x, y;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    if (x != y)
      return 0;
  }
  for (; i < n; i++)
    if (a[i] != b[i])
      return 0;
  return 1;
}
#else
static int same_bytes(const uint8_t *a, const uint8_t *b, size_t n) {
  return memcmp(a, b, n) == 0;
}
#endif

int64_t th_naive_search(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                        int64_t nlen, int rev) {
  if (nlen > hlen)
    return -1;
  for (int64_t k = 0; k <= hlen - nlen; k++) {
    const int64_t i = rev ? hlen - nlen - k : k;
    if (same_bytes(hay + i, nd, (size_t)nlen))
      return i;
  }
  return -1;
}
