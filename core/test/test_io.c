/* test_io.c - read, read_byte, readline, write, write_byte, seek, tell, len,
 * size. Every expectation was checked against CPython 3.13.0 on Linux
 * x86-64 (probe scripts outside the repository). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "helpers.h"
#include "platform.h"
#include "test.h"

/* Kind K of map over DATA: 0 anonymous, 1..4 a file map with access
 * DEFAULT, READ, WRITE, COPY. */
enum { NKINDS = 5 };
static mml_map *map_of_kind(int k, const char *data, size_t len) {
  static const int access[] = {MML_ACCESS_DEFAULT, MML_ACCESS_READ,
                               MML_ACCESS_WRITE, MML_ACCESS_COPY};
  if (k == 0)
    return th_anon(data, (int64_t)len);
  return th_file_map(data, len, access[k - 1], NULL);
}

/* mml_read(N) returns WANT (NUL-terminated) and leaves the position at
 * WANT_POS. */
static void expect_read(mml_map *m, int64_t n, const char *want,
                        int64_t want_pos) {
  uint8_t *out = NULL;
  int64_t outlen = -1;
  ASSERT_OK(mml_read(m, n, &out, &outlen));
  ASSERT_NOT_NULL(out); /* also for 0 bytes */
  ASSERT_EQ(outlen, (int64_t)strlen(want));
  ASSERT_MEM_EQ(out, want, strlen(want));
  mml_free(out);
  ASSERT_EQ(th_tell(m), want_pos);
}

static void expect_readline(mml_map *m, const char *want, int64_t want_pos) {
  uint8_t *out = NULL;
  int64_t outlen = -1;
  ASSERT_OK(mml_readline(m, &out, &outlen));
  ASSERT_NOT_NULL(out);
  ASSERT_EQ(outlen, (int64_t)strlen(want));
  ASSERT_MEM_EQ(out, want, strlen(want));
  mml_free(out);
  ASSERT_EQ(th_tell(m), want_pos);
}

/* ---- read ---------------------------------------------------------------- */

/* m.seek(2); m.read(n) on b"hello world", identical for anonymous maps and
 * file maps in all four access modes. Any negative n reads to the end. */
TEST_IMPL(io_read_counts_all_access) {
  for (int k = 0; k < NKINDS; k++) {
    mml_map *m = map_of_kind(k, "hello world", 11);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, -1, "llo world", 11);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, INT64_MIN, "llo world", 11);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, 0, "", 2);
    expect_read(m, 3, "llo", 5);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, 100, "llo world", 11);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, INT64_MAX, "llo world", 11);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, INT64_MAX - 1, "llo world", 11);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, INT64_MIN + 1, "llo world", 11);
    ASSERT_EQ(th_len(m), 11);
    mml_destroy(m);
  }
}

/* read(5), read(4) (exactly the rest), then at the end every read gives
 * b"" and the position stays at len. */
TEST_IMPL(io_read_to_end) {
  for (int k = 0; k < NKINDS; k++) {
    mml_map *m = map_of_kind(k, "hello world", 11);
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    expect_read(m, 5, "llo w", 7);
    expect_read(m, 4, "orld", 11);
    expect_read(m, 1, "", 11);
    expect_read(m, 0, "", 11);
    expect_read(m, -1, "", 11);
    expect_read(m, INT64_MIN, "", 11);
    expect_read(m, INT64_MAX, "", 11);
    /* From the start: the whole map. */
    ASSERT_OK(mml_seek(m, 0, 0, NULL));
    expect_read(m, 11, "hello world", 11);
    mml_destroy(m);
  }
}

/* ---- read_byte ----------------------------------------------------------- */

/* read_byte returns each byte (0 and 255 included) and advances; at the end
 * "read byte out of range" with the position unchanged. */
TEST_IMPL(io_read_byte_positions) {
  static const char data[] = {'a', 0, (char)0xff, '\n'};
  static const uint8_t want[] = {97, 0, 255, 10};
  for (int k = 0; k < NKINDS; k++) {
    mml_map *m = map_of_kind(k, data, sizeof data);
    uint8_t b = 1;
    for (int i = 0; i < 4; i++) {
      ASSERT_EQ(th_tell(m), i);
      ASSERT_OK(mml_read_byte(m, &b));
      ASSERT_EQ(b, want[i]);
    }
    ASSERT_EQ(th_tell(m), 4);
    ASSERT_ERR(mml_read_byte(m, &b), MML_EREAD_BYTE_RANGE);
    ASSERT_ERR(mml_read_byte(m, &b), MML_EREAD_BYTE_RANGE);
    ASSERT_EQ(th_tell(m), 4);
    /* Back to the last byte: it can be read once more. */
    ASSERT_OK(mml_seek(m, -1, 2, NULL));
    ASSERT_OK(mml_read_byte(m, &b));
    ASSERT_EQ(b, 10);
    mml_destroy(m);
  }
}

/* ---- readline ------------------------------------------------------------ */

/* b"ab\ncd\n\nef": lines through each '\n', an empty line, the last line
 * without a newline, then b"" at the end (repeatedly). */
TEST_IMPL(io_readline_lines) {
  for (int k = 0; k < NKINDS; k++) {
    mml_map *m = map_of_kind(k, "ab\ncd\n\nef", 9);
    expect_readline(m, "ab\n", 3);
    expect_readline(m, "cd\n", 6);
    expect_readline(m, "\n", 7);
    expect_readline(m, "ef", 9);
    expect_readline(m, "", 9);
    expect_readline(m, "", 9);
    /* From the middle of a line. */
    ASSERT_OK(mml_seek(m, 4, 0, NULL));
    expect_readline(m, "d\n", 6);
    mml_destroy(m);
  }
}

/* A line that is exactly the rest of the map, with and without its
 * newline. */
TEST_IMPL(io_readline_exact_rest) {
  mml_map *m = th_anon("abcd\n", 5);
  expect_readline(m, "abcd\n", 5);
  expect_readline(m, "", 5);
  ASSERT_OK(mml_seek(m, 4, 0, NULL));
  expect_readline(m, "\n", 5);
  mml_destroy(m);

  m = th_anon("abcde", 5); /* no newline at all */
  expect_readline(m, "abcde", 5);
  expect_readline(m, "", 5);
  ASSERT_OK(mml_seek(m, 4, 0, NULL));
  expect_readline(m, "e", 5);
  mml_destroy(m);

  m = th_anon("ab\ncd\n", 6);
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  expect_readline(m, "cd\n", 6);
  expect_readline(m, "", 6);
  mml_destroy(m);
}

/* ---- write --------------------------------------------------------------- */

/* write returns len(data) and advances; exact fit at the end; one byte too
 * many is refused as a whole with the position unchanged; write(b"") at
 * pos == len returns 0. */
TEST_IMPL(io_write_return_and_range) {
  static const int kinds[] = {0, 1, 3, 4}; /* every writable kind */
  for (int i = 0; i < 4; i++) {
    mml_map *m = map_of_kind(kinds[i], "0123456789", 10);
    int64_t written = -1;
    ASSERT_OK(mml_write(m, "ab", 2, &written));
    ASSERT_EQ(written, 2);
    ASSERT_EQ(th_tell(m), 2);
    ASSERT_OK(mml_seek(m, 7, 0, NULL));
    written = -1;
    ASSERT_ERR(mml_write(m, "xyzw", 4, &written), MML_EDATA_RANGE);
    ASSERT_EQ(th_tell(m), 7);
    th_expect_map(m, "ab23456789", 10); /* nothing of it was written */
    ASSERT_OK(mml_write(m, "xyz", 3, &written));
    ASSERT_EQ(written, 3);
    ASSERT_EQ(th_tell(m), 10);
    th_expect_map(m, "ab23456xyz", 10);
    written = -1;
    ASSERT_OK(mml_write(m, "", 0, &written));
    ASSERT_EQ(written, 0);
    ASSERT_OK(mml_write(m, NULL, 0, NULL));
    ASSERT_EQ(th_tell(m), 10);
    ASSERT_ERR(mml_write(m, "a", 1, &written), MML_EDATA_RANGE);
    ASSERT_EQ(th_tell(m), 10);
    /* The whole map in one write. */
    ASSERT_OK(mml_seek(m, 0, 0, NULL));
    ASSERT_OK(mml_write(m, "ABCDEFGHIJ", 10, &written));
    ASSERT_EQ(written, 10);
    ASSERT_EQ(th_tell(m), 10);
    ASSERT_OK(mml_seek(m, 0, 0, NULL));
    ASSERT_ERR(mml_write(m, "ABCDEFGHIJK", 11, NULL), MML_EDATA_RANGE);
    ASSERT_EQ(th_tell(m), 0);
    th_expect_map(m, "ABCDEFGHIJ", 10);
    mml_destroy(m);
  }
}

/* ACCESS_READ: "mmap can't modify a readonly memory map." (TypeError) for
 * every write, also write(b"") and a write that would not fit: the
 * readonly check comes before the range check. */
TEST_IMPL(io_write_readonly) {
  char path[64];
  mml_map *m = th_file_map("hello", 5, MML_ACCESS_READ, path);
  int64_t written = -1;
  ASSERT_ERR(mml_write(m, "x", 1, &written), MML_EREADONLY);
  ASSERT_ERR(mml_write(m, "", 0, &written), MML_EREADONLY);
  ASSERT_EQ(written, -1);
  ASSERT_EQ(th_tell(m), 0);
  ASSERT_OK(mml_seek(m, 5, 0, NULL));
  ASSERT_ERR(mml_write(m, "xx", 2, NULL), MML_EREADONLY);
  ASSERT_ERR(mml_write(m, "", 0, NULL), MML_EREADONLY);
  ASSERT_EQ(th_tell(m), 5);
  th_expect_map_and_file(m, path, "hello", 5);
  mml_destroy(m);
}

/* ACCESS_COPY (and flags=MAP_PRIVATE with ACCESS_DEFAULT): writes change
 * the map only; the file keeps its bytes, also after flush. */
TEST_IMPL(io_write_copy_leaves_file) {
  char path[64];
  mml_map *m = th_file_map("hello", 5, MML_ACCESS_COPY, path);
  int64_t written = -1;
  int fd;
  ASSERT_OK(mml_write(m, "HE", 2, &written));
  ASSERT_EQ(written, 2);
  th_expect_map(m, "HEllo", 5);
  th_expect_file(path, "hello", 5);
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  ASSERT_OK(mml_write(m, "LO", 2, &written)); /* exact fit at the end */
  ASSERT_EQ(th_tell(m), 5);
  ASSERT_ERR(mml_write(m, "x", 1, NULL), MML_EDATA_RANGE);
  ASSERT_OK(mml_flush(m, NULL, NULL));
  th_expect_map(m, "HElLO", 5);
  th_expect_file(path, "hello", 5);
  mml_destroy(m);
  th_expect_file(path, "hello", 5);

  fd = th_open(path, O_RDWR);
  m = th_open_fd(fd, 0, th_flag("MAP_PRIVATE"), -1, MML_ACCESS_DEFAULT, 0, 1,
                 0);
  close(fd);
  ASSERT_OK(mml_write(m, "HE", 2, &written));
  ASSERT_EQ(written, 2);
  ASSERT_OK(mml_flush(m, NULL, NULL));
  th_expect_map(m, "HEllo", 5);
  th_expect_file(path, "hello", 5);
  mml_destroy(m);
}

/* ACCESS_WRITE and ACCESS_DEFAULT file maps are shared: the bytes are in
 * the file at once (same page cache), before and after flush. */
TEST_IMPL(io_write_shared_reaches_file) {
  static const int access[] = {MML_ACCESS_DEFAULT, MML_ACCESS_WRITE};
  for (int i = 0; i < 2; i++) {
    char path[64];
    mml_map *m = th_file_map("hello", 5, access[i], path);
    int64_t written = -1;
    ASSERT_OK(mml_write(m, "HE", 2, &written));
    ASSERT_EQ(written, 2);
    th_expect_file(path, "HEllo", 5);
    ASSERT_OK(mml_flush(m, NULL, NULL));
    th_expect_file(path, "HEllo", 5);
    ASSERT_OK(mml_write(m, "LLO", 3, &written)); /* exact fit at the end */
    ASSERT_EQ(written, 3);
    ASSERT_EQ(th_tell(m), 5);
    ASSERT_ERR(mml_write(m, "!", 1, NULL), MML_EDATA_RANGE);
    th_expect_file(path, "HELLO", 5);
    ASSERT_OK(mml_flush(m, NULL, NULL));
    th_expect_file(path, "HELLO", 5);
    mml_destroy(m);
    th_expect_file(path, "HELLO", 5);
  }
}

/* m.write(m) and writes from a memoryview of the map: the source aliases
 * the destination. CPython 3.13 gives memmove results for overlapping
 * ranges: at pos 2 from view[0:5] of b"ab23456xyz" -> b"abab234xyz";
 * at pos 0 from view[3:8] of that -> b"b234x34xyz". */
TEST_IMPL(io_write_from_self) {
  mml_map *m = th_anon("ab23456xyz", 10);
  uint8_t *data = NULL;
  int64_t len = 0, written = -1;
  ASSERT_OK(mml_buffer_export(m, &data, &len, NULL));
  ASSERT_EQ(len, 10);
  ASSERT_OK(mml_write(m, data, len, &written)); /* m.write(m) at 0 */
  ASSERT_EQ(written, 10);
  ASSERT_EQ(th_tell(m), 10);
  th_expect_map(m, "ab23456xyz", 10);
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  ASSERT_ERR(mml_write(m, data, len, NULL), MML_EDATA_RANGE);
  ASSERT_EQ(th_tell(m), 3);
  ASSERT_OK(mml_seek(m, 2, 0, NULL));
  ASSERT_OK(mml_write(m, data, 5, &written));
  ASSERT_EQ(written, 5);
  ASSERT_EQ(th_tell(m), 7);
  th_expect_map(m, "abab234xyz", 10);
  ASSERT_OK(mml_seek(m, 0, 0, NULL));
  ASSERT_OK(mml_write(m, data + 3, 5, &written));
  ASSERT_EQ(written, 5);
  ASSERT_EQ(th_tell(m), 5);
  th_expect_map(m, "b234x34xyz", 10);
  ASSERT_OK(mml_buffer_release(m));
  mml_destroy(m);
}

/* C-API only (no Python counterpart): a negative length, or NULL data with
 * a positive length, is misuse; read/readline need an output pointer.
 * Nothing moves. */
TEST_IMPL(io_c_api_misuse) {
  mml_map *m = th_anon("hello", 5);
  int64_t n = -1;
  ASSERT_ERR(mml_write(m, "x", -1, NULL), MML_EMISUSE);
  ASSERT_ERR(mml_write(m, "x", INT64_MIN, NULL), MML_EMISUSE);
  ASSERT_ERR(mml_write(m, NULL, 1, NULL), MML_EMISUSE);
  ASSERT_ERR(mml_read(m, 2, NULL, &n), MML_EMISUSE);
  ASSERT_ERR(mml_readline(m, NULL, &n), MML_EMISUSE);
  ASSERT_EQ(th_tell(m), 0);
  th_expect_map(m, "hello", 5);
  /* The optional outputs may be NULL. */
  ASSERT_OK(mml_read_byte(m, NULL));
  ASSERT_OK(mml_seek(m, 1, 1, NULL));
  ASSERT_OK(mml_write(m, "L", 1, NULL));
  ASSERT_OK(mml_len(m, NULL));
  ASSERT_OK(mml_tell(m, NULL));
  ASSERT_EQ(th_tell(m), 3);
  th_expect_map(m, "heLlo", 5);
  mml_destroy(m);
}

/* ---- write_byte ---------------------------------------------------------- */

/* 0 and 255 are written; 256, 300, INT64_MAX are "unsigned byte integer is
 * greater than maximum", -1 and INT64_MIN "... less than minimum"
 * (OverflowError), position unchanged; at the end "write byte out of
 * range", but a bad value still reports its OverflowError there. */
TEST_IMPL(io_write_byte_values) {
  mml_map *m = th_anon("abc", 3);
  ASSERT_OK(mml_write_byte(m, 0));
  ASSERT_EQ(th_tell(m), 1);
  ASSERT_OK(mml_write_byte(m, 255));
  ASSERT_EQ(th_tell(m), 2);
  ASSERT_ERR(mml_write_byte(m, 256), MML_EBYTE_TOO_BIG);
  ASSERT_ERR(mml_write_byte(m, 300), MML_EBYTE_TOO_BIG);
  ASSERT_ERR(mml_write_byte(m, INT64_MAX), MML_EBYTE_TOO_BIG);
  ASSERT_ERR(mml_write_byte(m, -1), MML_EBYTE_TOO_SMALL);
  ASSERT_ERR(mml_write_byte(m, INT64_MIN), MML_EBYTE_TOO_SMALL);
  ASSERT_EQ(th_tell(m), 2);
  th_expect_map(m,
                "\0\xff"
                "c",
                3);
  ASSERT_OK(mml_write_byte(m, 1));
  ASSERT_EQ(th_tell(m), 3);
  ASSERT_ERR(mml_write_byte(m, 0), MML_EWRITE_BYTE_RANGE);
  ASSERT_ERR(mml_write_byte(m, 255), MML_EWRITE_BYTE_RANGE);
  ASSERT_ERR(mml_write_byte(m, 256), MML_EBYTE_TOO_BIG);
  ASSERT_ERR(mml_write_byte(m, -1), MML_EBYTE_TOO_SMALL);
  ASSERT_EQ(th_tell(m), 3);
  th_expect_map(m, "\0\xff\x01", 3);
  mml_destroy(m);
}

/* ACCESS_READ: value conversion errors come first (write_byte(300) ->
 * OverflowError), then the readonly TypeError, even at the end. */
TEST_IMPL(io_write_byte_readonly) {
  char path[64];
  mml_map *m = th_file_map("abc", 3, MML_ACCESS_READ, path);
  ASSERT_ERR(mml_write_byte(m, 300), MML_EBYTE_TOO_BIG);
  ASSERT_ERR(mml_write_byte(m, INT64_MAX), MML_EBYTE_TOO_BIG);
  ASSERT_ERR(mml_write_byte(m, -1), MML_EBYTE_TOO_SMALL);
  ASSERT_ERR(mml_write_byte(m, INT64_MIN), MML_EBYTE_TOO_SMALL);
  ASSERT_ERR(mml_write_byte(m, 0), MML_EREADONLY);
  ASSERT_ERR(mml_write_byte(m, 255), MML_EREADONLY);
  ASSERT_EQ(th_tell(m), 0);
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  ASSERT_ERR(mml_write_byte(m, 0), MML_EREADONLY);
  ASSERT_ERR(mml_write_byte(m, 256), MML_EBYTE_TOO_BIG);
  ASSERT_EQ(th_tell(m), 3);
  th_expect_file(path, "abc", 3);
  mml_destroy(m);
}

/* write_byte on file maps: shared maps write through, ACCESS_COPY does
 * not. */
TEST_IMPL(io_write_byte_file_access) {
  static const int access[] = {MML_ACCESS_DEFAULT, MML_ACCESS_WRITE,
                               MML_ACCESS_COPY};
  for (int i = 0; i < 3; i++) {
    char path[64];
    mml_map *m = th_file_map("abc", 3, access[i], path);
    ASSERT_OK(mml_write_byte(m, 'A'));
    ASSERT_OK(mml_seek(m, 2, 0, NULL));
    ASSERT_OK(mml_write_byte(m, 'C'));
    ASSERT_ERR(mml_write_byte(m, 'D'), MML_EWRITE_BYTE_RANGE);
    ASSERT_EQ(th_tell(m), 3);
    th_expect_map(m, "AbC", 3);
    th_expect_file(path, access[i] == MML_ACCESS_COPY ? "abc" : "AbC", 3);
    mml_destroy(m);
  }
}

/* ---- seek ---------------------------------------------------------------- */

/* seek(dist, whence) on a 10-byte map: 3.13 returns the new position; the
 * boundaries 0 and len are allowed; -1 and len+1 are "seek out of range"
 * with the position unchanged. */
TEST_IMPL(io_seek_whence) {
  static const struct {
    int64_t start, dist, whence;
    int64_t want; /* new position, or -1 for MML_ESEEK_RANGE */
  } cases[] = {{5, 0, 0, 0},    {5, 10, 0, 10},  {5, -1, 0, -1}, {5, 11, 0, -1},
               {5, 4, 0, 4},    {3, 3, 1, 6},    {3, 0, 1, 3},   {3, 7, 1, 10},
               {3, 8, 1, -1},   {3, -3, 1, 0},   {3, -4, 1, -1}, {0, 0, 1, 0},
               {10, 0, 1, 10},  {10, 1, 1, -1},  {3, 0, 2, 10},  {3, -10, 2, 0},
               {3, -11, 2, -1}, {3, 1, 2, -1},   {3, -1, 2, 9},  {0, 0, 0, 0},
               {10, -10, 1, 0}, {10, -11, 1, -1}};
  for (int k = 0; k < NKINDS; k++) {
    mml_map *m = map_of_kind(k, "0123456789", 10);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
      int64_t newpos = -7;
      ASSERT_OK(mml_seek(m, cases[i].start, 0, &newpos));
      ASSERT_EQ(newpos, cases[i].start);
      newpos = -7;
      if (cases[i].want < 0) {
        ASSERT_ERR(mml_seek(m, cases[i].dist, cases[i].whence, &newpos),
                   MML_ESEEK_RANGE);
        ASSERT_EQ(th_tell(m), cases[i].start);
      } else {
        ASSERT_OK(mml_seek(m, cases[i].dist, cases[i].whence, &newpos));
        ASSERT_EQ(newpos, cases[i].want);
        ASSERT_EQ(th_tell(m), cases[i].want);
      }
    }
    /* After a seek to len, reading gives nothing. */
    ASSERT_OK(mml_seek(m, 0, 2, NULL));
    expect_read(m, -1, "", 10);
    mml_destroy(m);
  }
}

/* whence is a C int: other values inside int range are "unknown seek type"
 * (ValueError, checked before the range); outside it, the OverflowError of
 * the int conversion. */
TEST_IMPL(io_seek_whence_invalid) {
  mml_map *m = th_anon("0123456789", 10);
  ASSERT_OK(mml_seek(m, 4, 0, NULL));
  ASSERT_ERR(mml_seek(m, 5, 3, NULL), MML_ESEEK_TYPE);
  ASSERT_ERR(mml_seek(m, 5, -1, NULL), MML_ESEEK_TYPE);
  ASSERT_ERR(mml_seek(m, 0, INT32_MAX, NULL), MML_ESEEK_TYPE);
  ASSERT_ERR(mml_seek(m, 0, INT32_MIN, NULL), MML_ESEEK_TYPE);
  ASSERT_ERR(mml_seek(m, INT64_MAX, 3, NULL), MML_ESEEK_TYPE);
  ASSERT_ERR(mml_seek(m, INT64_MIN, -1, NULL), MML_ESEEK_TYPE);
  /* seek(0, 2**31) -> "signed integer is greater than maximum". */
  ASSERT_ERR(mml_seek(m, 0, (int64_t)INT32_MAX + 1, NULL), MML_EINT_TOO_BIG);
  ASSERT_ERR(mml_seek(m, 0, INT64_MAX, NULL), MML_EINT_TOO_BIG);
  ASSERT_ERR(mml_seek(m, INT64_MAX, INT64_MAX, NULL), MML_EINT_TOO_BIG);
  ASSERT_ERR(mml_seek(m, -1, (int64_t)INT32_MAX + 1, NULL), MML_EINT_TOO_BIG);
  ASSERT_ERR(mml_seek(m, 0, (int64_t)INT32_MIN - 1, NULL), MML_EINT_TOO_SMALL);
  ASSERT_ERR(mml_seek(m, 0, INT64_MIN, NULL), MML_EINT_TOO_SMALL);
  ASSERT_ERR(mml_seek(m, INT64_MIN, INT64_MIN, NULL), MML_EINT_TOO_SMALL);
  ASSERT_EQ(th_tell(m), 4);
  mml_destroy(m);
}

/* From 3.14.1 (Argument Clinic, gh-116738) whence is converted before the
 * closed check, and both overflows read "Python int too large to convert
 * to C int"; 3.14.0 and earlier check closed first. madvise's option
 * likewise (Unix). */
TEST_IMPL(io_seek_whence_clinic_314) {
  static const uint32_t versions[] = {MML_PY(3, 14, 0), MML_PY(3, 14, 1),
                                      MML_PY(3, 15, 0)};
  for (int v = 0; v < 3; v++) {
    const int clinic = versions[v] >= MML_PY(3, 14, 1);
    mml_map *m =
        th_open_fd(-1, 10, -1, -1, MML_ACCESS_DEFAULT, 0, 1, versions[v]);
    ASSERT_ERR(mml_seek(m, 0, (int64_t)INT32_MAX + 1, NULL),
               clinic ? MML_EINT_OVERFLOW_314 : MML_EINT_TOO_BIG);
    ASSERT_ERR(mml_seek(m, 0, INT64_MIN, NULL),
               clinic ? MML_EINT_OVERFLOW_314 : MML_EINT_TOO_SMALL);
    ASSERT_ERR(mml_seek(m, 0, 7, NULL), MML_ESEEK_TYPE);
#ifndef _WIN32
    ASSERT_ERR(mml_madvise(m, (int64_t)INT32_MAX + 1, 0, NULL),
               clinic ? MML_EINT_OVERFLOW_314 : MML_EINT_TOO_BIG);
#endif
    ASSERT_OK(mml_close(m));
    ASSERT_ERR(mml_seek(m, 0, INT64_MAX, NULL),
               clinic ? MML_EINT_OVERFLOW_314 : MML_ECLOSED);
    ASSERT_ERR(mml_seek(m, 0, 0, NULL), MML_ECLOSED);
#ifndef _WIN32
    ASSERT_ERR(mml_madvise(m, INT64_MIN, 0, NULL),
               clinic ? MML_EINT_OVERFLOW_314 : MML_ECLOSED);
#endif
    ASSERT_STR_EQ(mml_strerror(MML_EINT_OVERFLOW_314),
                  "Python int too large to convert to C int");
    mml_destroy(m);
  }
}

/* int64 extremes for dist with every whence and a position > 0: always
 * "seek out of range", never a wrapped sum. */
TEST_IMPL(io_seek_extremes) {
  mml_map *m = th_anon("0123456789", 10);
  static const int64_t starts[] = {0, 5, 10};
  for (size_t i = 0; i < 3; i++) {
    for (int64_t whence = 0; whence <= 2; whence++) {
      ASSERT_OK(mml_seek(m, starts[i], 0, NULL));
      ASSERT_ERR(mml_seek(m, INT64_MAX, whence, NULL), MML_ESEEK_RANGE);
      ASSERT_ERR(mml_seek(m, INT64_MAX - 1, whence, NULL), MML_ESEEK_RANGE);
      ASSERT_ERR(mml_seek(m, INT64_MIN, whence, NULL), MML_ESEEK_RANGE);
      ASSERT_ERR(mml_seek(m, INT64_MIN + 1, whence, NULL), MML_ESEEK_RANGE);
      ASSERT_EQ(th_tell(m), starts[i]);
    }
  }
  mml_destroy(m);
}

/* ---- position past the end after a shrinking resize ---------------------- */

/* A MAP_PRIVATE anonymous map, pos 8, resized to 5: tell() still 8; reads
 * give b"" without moving; read_byte and write_byte fail; even write(b"")
 * is "data out of range"; seek(0, 1) is out of range, seek(-k, 1) works
 * once the target is <= len. */
TEST_IMPL(io_pos_beyond_len_anon) {
  mml_map *m = th_anon_map("0123456789", 10, th_flag("MAP_PRIVATE"), 0);
  uint8_t b = 0;
  int64_t newpos = -1;
  ASSERT_OK(mml_seek(m, 8, 0, NULL));
  ASSERT_OK(mml_resize(m, 5));
  ASSERT_EQ(th_len(m), 5);
  ASSERT_EQ(th_tell(m), 8);
  expect_read(m, -1, "", 8);
  expect_read(m, 0, "", 8);
  expect_read(m, 2, "", 8);
  expect_read(m, INT64_MAX, "", 8);
  expect_read(m, INT64_MIN, "", 8);
  ASSERT_ERR(mml_read_byte(m, &b), MML_EREAD_BYTE_RANGE);
  expect_readline(m, "", 8);
  ASSERT_ERR(mml_write(m, "", 0, NULL), MML_EDATA_RANGE);
  ASSERT_ERR(mml_write(m, "a", 1, NULL), MML_EDATA_RANGE);
  ASSERT_ERR(mml_write_byte(m, 1), MML_EWRITE_BYTE_RANGE);
  ASSERT_ERR(mml_write_byte(m, 256), MML_EBYTE_TOO_BIG);
  ASSERT_ERR(mml_write_byte(m, -1), MML_EBYTE_TOO_SMALL);
  ASSERT_EQ(th_tell(m), 8);
  ASSERT_ERR(mml_seek(m, 0, 1, NULL), MML_ESEEK_RANGE);
  ASSERT_ERR(mml_seek(m, -2, 1, NULL), MML_ESEEK_RANGE); /* 6 > 5 */
  ASSERT_ERR(mml_seek(m, INT64_MAX, 1, NULL), MML_ESEEK_RANGE);
  ASSERT_ERR(mml_seek(m, INT64_MIN, 1, NULL), MML_ESEEK_RANGE);
  ASSERT_EQ(th_tell(m), 8);
  ASSERT_OK(mml_seek(m, -3, 1, &newpos)); /* exactly len */
  ASSERT_EQ(newpos, 5);
  ASSERT_OK(mml_write(m, "", 0, NULL)); /* pos == len again */
  ASSERT_EQ(th_tell(m), 5);
  ASSERT_OK(mml_seek(m, -1, 1, NULL));
  expect_read(m, -1, "4", 5);
  mml_destroy(m);

  /* seek(0, 2) from beyond the end lands on len. */
  m = th_anon_map("0123456789", 10, th_flag("MAP_PRIVATE"), 0);
  ASSERT_OK(mml_seek(m, 10, 0, NULL));
  ASSERT_OK(mml_resize(m, 5));
  ASSERT_ERR(mml_seek(m, -4, 1, NULL), MML_ESEEK_RANGE);
  ASSERT_OK(mml_seek(m, 0, 2, &newpos));
  ASSERT_EQ(newpos, 5);
  mml_destroy(m);
}

/* The same with a shared file map, pos 9, resized to 4 (the file shrinks
 * to 4 bytes too). */
TEST_IMPL(io_pos_beyond_len_file) {
  char path[64];
  mml_map *m = th_file_map("0123456789", 10, MML_ACCESS_DEFAULT, path);
  uint8_t b = 0;
  int64_t newpos = -1;
  ASSERT_OK(mml_seek(m, 9, 0, NULL));
  ASSERT_OK(mml_resize(m, 4));
  ASSERT_EQ(th_len(m), 4);
  ASSERT_EQ(th_tell(m), 9);
  ASSERT_EQ(th_file_size(path), 4);
  expect_read(m, -1, "", 9);
  expect_read(m, 0, "", 9);
  ASSERT_ERR(mml_read_byte(m, &b), MML_EREAD_BYTE_RANGE);
  expect_readline(m, "", 9);
  ASSERT_ERR(mml_write(m, "", 0, NULL), MML_EDATA_RANGE);
  ASSERT_ERR(mml_write_byte(m, 0), MML_EWRITE_BYTE_RANGE);
  ASSERT_ERR(mml_seek(m, 0, 1, NULL), MML_ESEEK_RANGE);
  ASSERT_EQ(th_tell(m), 9);
  ASSERT_OK(mml_seek(m, -5, 1, &newpos));
  ASSERT_EQ(newpos, 4);
  ASSERT_ERR(mml_seek(m, -5, 1, NULL), MML_ESEEK_RANGE);
  ASSERT_EQ(th_tell(m), 4);
  th_expect_file(path, "0123", 4);
  mml_destroy(m);
}

/* ---- len and size -------------------------------------------------------- */

/* len(m) is the mapping's length: the whole file, a part of it, an offset
 * map, an anonymous map, and it follows resize, not reads or writes. */
TEST_IMPL(io_len_values) {
  int64_t ps = mml_allocation_granularity();
  char path[64];
  int fd = th_temp_file(NULL, (size_t)(2 * ps + 10), path);
  mml_map *m =
      th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, 0, 1, MML_PY_DEFAULT);
  ASSERT_EQ(th_len(m), 2 * ps + 10);
  mml_destroy(m);
  m = th_open_fd(fd, 7, -1, -1, MML_ACCESS_READ, 0, 1, MML_PY_DEFAULT);
  ASSERT_EQ(th_len(m), 7);
  mml_destroy(m);
  m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, ps, 1, MML_PY_DEFAULT);
  ASSERT_EQ(th_len(m), ps + 10);
  mml_destroy(m);
  close(fd);

  m = th_anon("hello", 5);
  ASSERT_EQ(th_len(m), 5);
  expect_read(m, -1, "hello", 5);
  ASSERT_EQ(th_len(m), 5);
  mml_destroy(m);
  m = th_anon_map("hello", 5, th_flag("MAP_PRIVATE"), 0);
  ASSERT_OK(mml_resize(m, 3));
  ASSERT_EQ(th_len(m), 3);
  ASSERT_OK(mml_resize(m, 8192));
  ASSERT_EQ(th_len(m), 8192);
  mml_destroy(m);
}

/* size() is fstat's st_size of the file, not the mapping's length: a map
 * at offset PAGESIZE of length PAGESIZE on a 2*PAGESIZE+10 file gives
 * size() == 2*PAGESIZE+10 (8202 with 4 KiB pages), len() == PAGESIZE.
 * Same in every access mode. */
TEST_IMPL(io_size_is_file_size) {
  static const int access[] = {MML_ACCESS_DEFAULT, MML_ACCESS_READ,
                               MML_ACCESS_WRITE, MML_ACCESS_COPY};
  int64_t ps = mml_allocation_granularity(), size = -1;
  int fd = th_temp_file(NULL, (size_t)(2 * ps + 10), NULL);
  mml_map *m =
      th_open_fd(fd, ps, -1, -1, MML_ACCESS_DEFAULT, ps, 1, MML_PY_DEFAULT);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 2 * ps + 10);
  ASSERT_EQ(th_len(m), ps);
  mml_destroy(m);
  m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, ps, 1, MML_PY_DEFAULT);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 2 * ps + 10);
  ASSERT_EQ(th_len(m), ps + 10);
  mml_destroy(m);
  for (int i = 0; i < 4; i++) {
    m = th_open_fd(fd, 10, -1, -1, access[i], 0, 1, MML_PY_DEFAULT);
    size = -1;
    ASSERT_OK(mml_size(m, &size));
    ASSERT_EQ(size, 2 * ps + 10);
    ASSERT_EQ(th_len(m), 10);
    mml_destroy(m);
  }
  close(fd);
}

/* size() asks the file each time: it follows growth by ftruncate and by
 * write through another descriptor, and shrinking, while len() stays; it
 * keeps working after the caller closes its descriptor (the map's dup). */
TEST_IMPL(io_size_follows_file) {
  int64_t ps = mml_allocation_granularity(), size = -1;
  char path[64];
  int fd = th_temp_file(NULL, (size_t)(2 * ps + 10), path);
  int fd2;
  mml_map *m =
      th_open_fd(fd, ps, -1, -1, MML_ACCESS_DEFAULT, ps, 1, MML_PY_DEFAULT);
  fd2 = th_open(path, O_RDWR);
  ASSERT_EQ(ftruncate(fd2, 5 * ps), 0);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 5 * ps);
  ASSERT_EQ(th_len(m), ps);
  ASSERT_EQ(lseek(fd2, 0, SEEK_END), 5 * ps);
  ASSERT_EQ(write(fd2, "abc", 3), 3);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 5 * ps + 3);
  close(fd);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 5 * ps + 3);
  /* Shrinking (the map's pages stay inside the file: not touched past
   * its end). */
  th_unix_only("Windows refuses to shrink a file under a live view "
               "(ERROR_USER_MAPPED_FILE; windows_resize_file_held_elsewhere)");
  ASSERT_EQ(ftruncate(fd2, 3 * ps), 0);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 3 * ps);
  ASSERT_EQ(th_len(m), ps);
  /* Through the map's own resize: the file is offset + newsize. */
  ASSERT_OK(mml_resize(m, 2 * ps));
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 3 * ps);
  ASSERT_OK(mml_resize(m, ps + 1));
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 2 * ps + 1);
  mml_destroy(m);
  close(fd2);
}

/* 3.13 (and 3.8-3.14): an anonymous map and a trackfd=False map fstat
 * fd -1: OSError [Errno 9] Bad file descriptor. */
TEST_IMPL(io_size_ebadf_before_315) {
  static const uint32_t versions[] = {MML_PY_DEFAULT, MML_PY(3, 14, 0)};
  th_unix_only("Windows: size() of an anonymous map is its length in every "
               "version (windows_open_anonymous)");
  for (int v = 0; v < 2; v++) {
    int64_t size = -1;
    int fd = th_temp_file("hello", 5, NULL);
    mml_map *m =
        th_open_fd(-1, 10, -1, -1, MML_ACCESS_DEFAULT, 0, 1, versions[v]);
    ASSERT_ERR(mml_size(m, &size), -EBADF);
    ASSERT_EQ(size, -1);
    mml_destroy(m);
    m = th_open_fd(-1, 10, -1, -1, MML_ACCESS_DEFAULT, 0, 0, versions[v]);
    ASSERT_ERR(mml_size(m, &size), -EBADF);
    mml_destroy(m);
    m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, 0, 0, versions[v]);
    ASSERT_ERR(mml_size(m, &size), -EBADF);
    ASSERT_EQ(th_len(m), 5);
    mml_destroy(m);
    close(fd);
  }
}

/* Python 3.15 (gh-87595): anonymous maps report their length, trackfd=False
 * file maps raise ValueError("can't get size with trackfd=False"), tracked
 * file maps still fstat. Not runnable here: this is from the spec and the
 * 3.15-dev Modules/mmapmodule.c, not from a CPython run. */
TEST_IMPL(io_size_py315) {
  uint32_t v = MML_PY(3, 15, 0);
  int64_t ps = mml_allocation_granularity(), size = -1;
  int fd = th_temp_file(NULL, (size_t)(2 * ps + 10), NULL);
  mml_map *m = th_open_fd(-1, 10, -1, -1, MML_ACCESS_DEFAULT, 0, 1, v);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 10);
  mml_destroy(m);
  m = th_open_fd(fd, 0, -1, -1, MML_ACCESS_DEFAULT, 0, 0, v);
  ASSERT_ERR(mml_size(m, &size), MML_ESIZE_TRACKFD);
  mml_destroy(m);
  m = th_open_fd(fd, ps, -1, -1, MML_ACCESS_READ, ps, 1, v);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 2 * ps + 10);
  mml_destroy(m);
  close(fd);
}

/* 3.15-dev source: size() fstats when fd != -1, else returns the length if
 * trackfd, else the trackfd ValueError. An anonymous map always has fd -1,
 * so mmap(-1, n, trackfd=False).size() raises ValueError("can't get size
 * with trackfd=False") there (from the source, not a CPython run). */
TEST_IMPL(io_size_py315_anon_no_trackfd) {
  int64_t size = -1;
  th_unix_only("3.15's trackfd on Windows is outside the 3.8-3.13 Windows "
               "profiles");
  mml_map *m =
      th_open_fd(-1, 10, -1, -1, MML_ACCESS_DEFAULT, 0, 0, MML_PY(3, 15, 0));
  ASSERT_ERR(mml_size(m, &size), MML_ESIZE_TRACKFD);
  mml_destroy(m);
}

/* An fstat (Windows: GetFileSize) failure is an OSError with its code. */
TEST_IMPL(io_size_fstat_failure) {
  int64_t size = -1;
  mml_map *m = th_file_map("hello", 5, MML_ACCESS_DEFAULT, NULL);
  const int want = th_inject_size_failure();
  ASSERT_ERR(mml_size(m, &size), want);
  ASSERT_EQ(size, -1);
  th_reset_os();
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 5);
  mml_destroy(m);
}
