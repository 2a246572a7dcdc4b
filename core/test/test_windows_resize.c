/* test_windows_resize.c - resize, size and flush of Windows maps (CPython's
 * MS_WINDOWS branches; list_windows.h). */
#include <errno.h>
#include <io.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "helpers.h"
#include "test.h"

#define WINERR(code) (-(MML_WINERR_BASE + (code)))

static mml_map *open_or_die(int64_t fileno, int64_t length, const char *tag,
                            int64_t access, int64_t offset, uint32_t pyver) {
  mml_open_args a;
  mml_map *m = NULL;
  mml_open_args_init(&a);
  a.fileno = fileno;
  a.length = length;
  a.tagname = tag;
  a.access = access;
  a.offset = offset;
  if (pyver != 0)
    a.python_version = pyver;
  ASSERT_OK(mml_open(&m, &a));
  return m;
}

static int64_t size_of(const mml_map *m) {
  int64_t s = -1;
  ASSERT_OK(mml_size(m, &s));
  return s;
}

/* A file map grows and shrinks with its file, in every version. */
TEST_IMPL(windows_resize_file) {
  const uint32_t versions[] = {MML_PY(3, 8, 0), MML_PY(3, 10, 0),
                               MML_PY(3, 11, 0), MML_PY(3, 13, 0)};
  for (size_t v = 0; v < sizeof versions / sizeof versions[0]; v++) {
    char path[64];
    int fd = th_temp_file("0123456789", 10, path);
    mml_map *m = open_or_die(fd, 0, NULL, MML_ACCESS_DEFAULT, 0, versions[v]);
    uint8_t want[8192] = "0123456789";
    _close(fd);
    ASSERT_OK(mml_seek(m, 7, 0, NULL));
    ASSERT_OK(mml_resize(m, 8192));
    ASSERT_EQ(th_len(m), 8192);
    ASSERT_EQ(size_of(m), 8192);
    ASSERT_EQ(th_tell(m), 7); /* the position is kept */
    th_expect_map(m, want, 8192);
    ASSERT_OK(mml_resize(m, 4));
    ASSERT_EQ(th_len(m), 4);
    th_expect_map(m, "0123", 4);
    mml_destroy(m);
    th_expect_file(path, "0123", 4);
  }
}

/* An offset map resizes the file to offset + newsize. */
TEST_IMPL(windows_resize_file_offset) {
  enum { G = 65536 };
  char path[64];
  uint8_t *data = malloc(G + 100);
  int fd;
  mml_map *m;
  ASSERT_NOT_NULL(data);
  memset(data, 'o', G + 100);
  fd = th_temp_file(data, G + 100, path);
  m = open_or_die(fd, 50, NULL, MML_ACCESS_DEFAULT, G, 0);
  _close(fd);
  ASSERT_OK(mml_resize(m, 80));
  ASSERT_EQ(th_file_size(path), G + 80);
  ASSERT_EQ(size_of(m), G + 80);
  mml_destroy(m);
  free(data);
}

/* 3.11 on: an anonymous map moves into a new paging-file mapping with its
 * bytes. */
TEST_IMPL(windows_resize_anonymous) {
  mml_map *m = open_or_die(-1, 4096, NULL, MML_ACCESS_DEFAULT, 0, 0);
  uint8_t want[8192] = {0};
  memcpy(want, "anonymous", 9);
  ASSERT_OK(mml_write(m, "anonymous", 9, NULL));
  ASSERT_OK(mml_resize(m, 8192));
  th_expect_map(m, want, 8192);
  ASSERT_EQ(size_of(m), 8192);
  ASSERT_OK(mml_resize(m, 4));
  th_expect_map(m, "anon", 4);
  mml_destroy(m);
}

/* 3.8-3.10: the paging file cannot be "resized": CreateFileMapping with
 * maximum size 0 fails after the view is gone, and the map is closed. */
TEST_IMPL(windows_resize_anonymous_before_311) {
  mml_map *m =
      open_or_die(-1, 4096, NULL, MML_ACCESS_DEFAULT, 0, MML_PY(3, 10, 0));
  ASSERT_ERR(mml_resize(m, 8192), WINERR(ERROR_INVALID_PARAMETER));
  ASSERT(mml_closed(m));
  ASSERT_ERR(mml_len(m, NULL), MML_ECLOSED);
  mml_destroy(m);
}

/* resize(0) of an anonymous map (3.11+): a paging-file mapping of size 0
 * is refused and the map is left closed, as in CPython. */
TEST_IMPL(windows_resize_zero) {
  mml_map *m = open_or_die(-1, 4096, NULL, MML_ACCESS_DEFAULT, 0, 0);
  ASSERT_ERR(mml_resize(m, 0), WINERR(ERROR_INVALID_PARAMETER));
  ASSERT(mml_closed(m));
  mml_destroy(m);
}

/* The checks before any OS call, in CPython's order. */
TEST_IMPL(windows_resize_checks) {
  char path[64];
  int fd = th_temp_file("abcdef", 6, path);
  mml_map *ro = open_or_die(fd, 0, NULL, MML_ACCESS_READ, 0, 0);
  mml_map *cow = open_or_die(fd, 0, NULL, MML_ACCESS_COPY, 0, 0);
  mml_map *m = open_or_die(fd, 0, NULL, MML_ACCESS_WRITE, 0, 0);
  uint8_t *data;
  int64_t len;
  int readonly;
  _close(fd);
  ASSERT_ERR(mml_resize(ro, 10), MML_ERESIZE_READONLY);
  ASSERT_ERR(mml_resize(cow, 10), MML_ERESIZE_READONLY);
  ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_RANGE);
  ASSERT_OK(mml_buffer_export(m, &data, &len, &readonly));
  ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_EXPORTED);
  ASSERT_OK(mml_buffer_release(m));
  mml_destroy(ro);
  mml_destroy(cow);
  mml_destroy(m);
  ASSERT_EQ(th_file_size(path), 6);
}

/* Two maps of one file: neither can change the file's size while the other
 * has its view (SetEndOfFile: ERROR_USER_MAPPED_FILE); the one that tried
 * is mapped again at its old size and stays usable. Once the other is
 * closed the resize works (CPython's test_resize_fails_if_mapping_held_
 * elsewhere). */
TEST_IMPL(windows_resize_file_held_elsewhere) {
  char path[64];
  int fd = th_temp_file(NULL, 8192, path);
  mml_map *m1 = open_or_die(fd, 0, NULL, MML_ACCESS_DEFAULT, 0, 0);
  mml_map *m2 = open_or_die(fd, 0, NULL, MML_ACCESS_DEFAULT, 0, 0);
  uint8_t byte = 0;
  _close(fd);
  ASSERT_ERR(mml_resize(m1, 4096), WINERR(ERROR_USER_MAPPED_FILE));
  ASSERT_EQ(th_len(m1), 8192);
  ASSERT_OK(mml_getitem(m1, 8191, &byte));
  ASSERT_EQ(byte, 'a' + 8191 % 26);
  ASSERT_ERR(mml_resize(m2, 4096), WINERR(ERROR_USER_MAPPED_FILE));
  mml_destroy(m2);
  ASSERT_OK(mml_resize(m1, 4096));
  ASSERT_EQ(size_of(m1), 4096);
  ASSERT_EQ(th_file_size(path), 4096);
  mml_destroy(m1);
}

/* Two objects of one tag: a resize finds the name still open elsewhere and
 * refuses (ERROR_USER_MAPPED_FILE) with both maps intact (3.11+). A tag
 * held by one object only resizes: the name goes with the last handle. */
TEST_IMPL(windows_resize_tagname_held_elsewhere) {
  char tag[96];
  mml_map *m1, *m2;
  snprintf(tag, sizeof tag, "mmaplab-resize-%lu",
           (unsigned long)GetCurrentProcessId());
  m1 = open_or_die(-1, 8192, tag, MML_ACCESS_DEFAULT, 0, 0);
  m2 = open_or_die(-1, 8192, tag, MML_ACCESS_DEFAULT, 0, 0);
  ASSERT_OK(mml_write(m1, "shared", 6, NULL));
  ASSERT_ERR(mml_resize(m1, 4096), WINERR(ERROR_USER_MAPPED_FILE));
  ASSERT_EQ(th_len(m1), 8192);
  ASSERT_EQ(size_of(m1), 8192);
  th_expect_slice(m1, &(mml_slice){0, 6, 1, 1, 1, 0}, "shared", 6);
  th_expect_slice(m2, &(mml_slice){0, 6, 1, 1, 1, 0}, "shared", 6);
  mml_destroy(m2);
  ASSERT_OK(mml_resize(m1, 4096));
  th_expect_slice(m1, &(mml_slice){0, 6, 1, 1, 1, 0}, "shared", 6);
  ASSERT_EQ(th_len(m1), 4096);
  mml_destroy(m1);
}

/* size() is the file's size now, whoever changed it. */
TEST_IMPL(windows_size_follows_file) {
  char path[64];
  int fd = th_temp_file("abc", 3, path);
  mml_map *m = open_or_die(fd, 0, NULL, MML_ACCESS_READ, 0, 0);
  ASSERT_EQ(size_of(m), 3);
  th_truncate_elsewhere(path, 100000); /* growing is allowed under a view */
  ASSERT_EQ(size_of(m), 100000);
  ASSERT_EQ(th_len(m), 3);
  _close(fd);
  mml_destroy(m);
}

/* FlushViewOfFile: no alignment rule (Linux's msync wants a page-aligned
 * address), the range check and READ/COPY as on every OS. */
TEST_IMPL(windows_flush) {
  char path[64];
  int fd = th_temp_file("0123456789", 10, path);
  mml_map *m = open_or_die(fd, 0, NULL, MML_ACCESS_DEFAULT, 0, 0);
  mml_map *ro = open_or_die(fd, 0, NULL, MML_ACCESS_READ, 0, 0);
  int64_t one = 1, zero = 0, big = 11;
  _close(fd);
  ASSERT_OK(mml_setitem(m, 1, 'X'));
  ASSERT_OK(mml_flush(m, &one, &one));
  ASSERT_OK(mml_flush(m, &zero, &zero));
  ASSERT_OK(mml_flush(m, NULL, NULL));
  ASSERT_ERR(mml_flush(m, &zero, &big), MML_EFLUSH_RANGE);
  ASSERT_ERR(mml_flush(m, &one, NULL), MML_EFLUSH_RANGE); /* <= 3.14 */
  ASSERT_OK(mml_flush(ro, &one, &one));
  ASSERT_ERR(mml_flush(ro, &zero, &big), MML_EFLUSH_RANGE);
  th_expect_file(path, "0X23456789", 10);
  mml_destroy(ro);
  mml_destroy(m);
}

/* Closing: idempotent, refused while exported, and the handles go. */
TEST_IMPL(windows_close) {
  char path[64];
  int fd = th_temp_file("abc", 3, path);
  mml_map *m = open_or_die(fd, 0, NULL, MML_ACCESS_DEFAULT, 0, 0);
  uint8_t *data;
  int64_t len;
  int readonly;
  _close(fd);
  ASSERT_OK(mml_buffer_export(m, &data, &len, &readonly));
  ASSERT_ERR(mml_close(m), MML_ECLOSE_EXPORTED);
  ASSERT(!mml_closed(m));
  ASSERT_OK(mml_buffer_release(m));
  ASSERT_OK(mml_close(m));
  ASSERT_OK(mml_close(m));
  ASSERT(mml_closed(m));
  ASSERT_ERR(mml_size(m, NULL), MML_ECLOSED);
  ASSERT_ERR(mml_resize(m, 10), MML_ECLOSED);
  /* the file is free again: nothing holds a view or a handle */
  ASSERT(DeleteFileA(path));
  mml_destroy(m);
}
