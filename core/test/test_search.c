/* test_search.c - find and rfind: defaults, start/end normalisation, the
 * empty needle, the version profiles, guard pages (gh-105235) and a
 * differential run against a naive reference.
 *
 * Every expectation is what CPython 3.13.0 prints for the same call
 * (`m.find(sub, start, end)` on an mmap with the same bytes); the version
 * profiles were checked against /usr/bin/python3 (Debian's 3.11.2) and the
 * pyenv builds 3.8.18 and 3.11.7. */
#define _GNU_SOURCE
#include <errno.h>
#include <unistd.h>

#include "helpers.h"
#include "platform.h"
#include "test.h"

#define M INT64_MAX /* sys.maxsize */
#define N INT64_MIN /* -sys.maxsize - 1 */

/* find/rfind of the C string NEEDLE with optional bounds; returns the
 * index and asserts success. */
static int64_t find3(const mml_map *m, const char *needle, const int64_t *s,
                     const int64_t *e) {
  int64_t idx = -42;
  ASSERT_OK(mml_find(m, needle, (int64_t)strlen(needle), s, e, &idx));
  return idx;
}

static int64_t rfind3(const mml_map *m, const char *needle, const int64_t *s,
                      const int64_t *e) {
  int64_t idx = -42;
  ASSERT_OK(mml_rfind(m, needle, (int64_t)strlen(needle), s, e, &idx));
  return idx;
}

/* m.find(sub), m.find(sub, s), m.find(sub, s, e) and the rfind ones. */
static int64_t f1(const mml_map *m, const char *sub) {
  return find3(m, sub, NULL, NULL);
}
static int64_t f2(const mml_map *m, const char *sub, int64_t s) {
  return find3(m, sub, &s, NULL);
}
static int64_t f3(const mml_map *m, const char *sub, int64_t s, int64_t e) {
  return find3(m, sub, &s, &e);
}
static int64_t r1(const mml_map *m, const char *sub) {
  return rfind3(m, sub, NULL, NULL);
}
static int64_t r2(const mml_map *m, const char *sub, int64_t s) {
  return rfind3(m, sub, &s, NULL);
}
static int64_t r3(const mml_map *m, const char *sub, int64_t s, int64_t e) {
  return rfind3(m, sub, &s, &e);
}

/* ---- Defaults ------------------------------------------------------------ */

/* The default start is the current position, for find and rfind alike;
 * the default end is len. Neither call moves the position. */
TEST_IMPL(search_default_start_is_position) {
  mml_map *m = th_anon("abcabcabc", 9);
  ASSERT_EQ(f1(m, "abc"), 0);
  ASSERT_EQ(r1(m, "abc"), 6);
  ASSERT_OK(mml_seek(m, 1, 0, NULL));
  ASSERT_EQ(f1(m, "abc"), 3);
  ASSERT_EQ(r1(m, "abc"), 6);
  ASSERT_EQ(f1(m, ""), 1);
  ASSERT_EQ(r1(m, ""), 9);
  ASSERT_EQ(th_tell(m), 1);
  ASSERT_OK(mml_seek(m, 7, 0, NULL));
  ASSERT_EQ(f1(m, "abc"), -1);
  ASSERT_EQ(r1(m, "abc"), -1); /* rfind ignores the matches before pos */
  ASSERT_EQ(f1(m, "c"), 8);
  ASSERT_EQ(r1(m, "bc"), 7);
  ASSERT_EQ(f1(m, ""), 7);
  ASSERT_EQ(r1(m, ""), 9);
  ASSERT_OK(mml_seek(m, 9, 0, NULL)); /* pos == len */
  ASSERT_EQ(f1(m, "abc"), -1);
  ASSERT_EQ(f1(m, ""), 9);
  ASSERT_EQ(r1(m, ""), 9);
  ASSERT_EQ(r1(m, "c"), -1);
  /* An explicit start replaces the position. */
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  ASSERT_EQ(f2(m, "abc", 0), 0);
  ASSERT_EQ(r3(m, "abc", 0, 5), 0);
  ASSERT_EQ(f3(m, "abc", 0, 9), 0);
  ASSERT_EQ(th_tell(m), 3);
  mml_destroy(m);
}

/* After a shrinking resize the position may lie past the end; the default
 * start is then clamped to len. */
TEST_IMPL(search_default_pos_beyond_len) {
  static const char data[] = "xxxxxxxxxxhelloyyyyy"; /* 20 bytes */
  mml_map *m = th_anon_map(data, 20, th_flag("MAP_PRIVATE"), MML_PY_DEFAULT);
  int64_t len = 0;
  ASSERT_OK(mml_seek(m, 20, 0, NULL));
  ASSERT_OK(mml_resize(m, 8));
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, 8);
  ASSERT_EQ(th_tell(m), 20);
  ASSERT_EQ(f1(m, ""), 8);
  ASSERT_EQ(f1(m, "x"), -1);
  ASSERT_EQ(r1(m, ""), 8);
  ASSERT_EQ(r1(m, "x"), -1);
  ASSERT_EQ(f2(m, "x", 0), 0);
  ASSERT_EQ(r2(m, "x", 0), 7);
  ASSERT_EQ(f2(m, "", 3), 3);
  ASSERT_EQ(f3(m, "x", 0, 3), 0);
  ASSERT_EQ(r2(m, "", -3), 8);
  ASSERT_EQ(f2(m, "", N), 0);
  ASSERT_EQ(r2(m, "", M), 8);
  ASSERT_EQ(th_tell(m), 20);
  mml_destroy(m);
}

/* ---- start/end normalisation -------------------------------------------- */

/* Negative counts from the end, then clamped into [0, len]; INT64_MIN and
 * INT64_MAX included (no overflow). */
TEST_IMPL(search_start_normalisation) {
  static const struct {
    int64_t start;
    int64_t find_abc, rfind_abc, find_empty, rfind_empty, find_c, rfind_a;
  } t[] = {
      {N, 0, 6, 0, 9, 2, 6},      {N + 1, 0, 6, 0, 9, 2, 6},
      {-10, 0, 6, 0, 9, 2, 6},    {-9, 0, 6, 0, 9, 2, 6},
      {-8, 3, 6, 1, 9, 2, 6},     {-1, -1, -1, 8, 9, 8, -1},
      {0, 0, 6, 0, 9, 2, 6},      {1, 3, 6, 1, 9, 2, 6},
      {8, -1, -1, 8, 9, 8, -1},   {9, -1, -1, 9, 9, -1, -1},
      {10, -1, -1, 9, 9, -1, -1}, {M - 1, -1, -1, 9, 9, -1, -1},
      {M, -1, -1, 9, 9, -1, -1},
  };
  mml_map *m = th_anon("abcabcabc", 9);
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    ASSERT_EQ(f2(m, "abc", t[i].start), t[i].find_abc);
    ASSERT_EQ(r2(m, "abc", t[i].start), t[i].rfind_abc);
    ASSERT_EQ(f2(m, "", t[i].start), t[i].find_empty);
    ASSERT_EQ(r2(m, "", t[i].start), t[i].rfind_empty);
    ASSERT_EQ(f2(m, "c", t[i].start), t[i].find_c);
    ASSERT_EQ(r2(m, "a", t[i].start), t[i].rfind_a);
  }
  ASSERT_EQ(th_tell(m), 0);
  mml_destroy(m);
}

TEST_IMPL(search_end_normalisation) {
  static const struct {
    int64_t end;
    /* find/rfind(b"abc", 0, end), find/rfind(b"", 0, end), and
     * find/rfind(b"", 5, end) */
    int64_t fa, ra, fe0, re0, fe5, re5;
  } t[] = {
      {N, -1, -1, 0, 0, -1, -1},   {N + 1, -1, -1, 0, 0, -1, -1},
      {-10, -1, -1, 0, 0, -1, -1}, {-9, -1, -1, 0, 0, -1, -1},
      {-8, -1, -1, 0, 1, -1, -1},  {-1, 0, 3, 0, 8, 5, 8},
      {0, -1, -1, 0, 0, -1, -1},   {1, -1, -1, 0, 1, -1, -1},
      {2, -1, -1, 0, 2, -1, -1},   {3, 0, 0, 0, 3, -1, -1},
      {8, 0, 3, 0, 8, 5, 8},       {9, 0, 6, 0, 9, 5, 9},
      {10, 0, 6, 0, 9, 5, 9},      {M - 1, 0, 6, 0, 9, 5, 9},
      {M, 0, 6, 0, 9, 5, 9},
  };
  mml_map *m = th_anon("abcabcabc", 9);
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    ASSERT_EQ(f3(m, "abc", 0, t[i].end), t[i].fa);
    ASSERT_EQ(r3(m, "abc", 0, t[i].end), t[i].ra);
    ASSERT_EQ(f3(m, "", 0, t[i].end), t[i].fe0);
    ASSERT_EQ(r3(m, "", 0, t[i].end), t[i].re0);
    ASSERT_EQ(f3(m, "", 5, t[i].end), t[i].fe5);
    ASSERT_EQ(r3(m, "", 5, t[i].end), t[i].re5);
  }
  mml_destroy(m);
}

/* Both bounds at the int64 extremes at once. */
TEST_IMPL(search_extreme_bounds) {
  mml_map *m = th_anon("abcabcabc", 9);
  ASSERT_EQ(f3(m, "abc", N, M), 0);
  ASSERT_EQ(r3(m, "abc", N, M), 6);
  ASSERT_EQ(f3(m, "", N, M), 0);
  ASSERT_EQ(r3(m, "", N, M), 9);
  ASSERT_EQ(f3(m, "", M, N), -1);
  ASSERT_EQ(r3(m, "", M, N), -1);
  ASSERT_EQ(f3(m, "abc", M, N), -1);
  ASSERT_EQ(r3(m, "abc", M, N), -1);
  ASSERT_EQ(f3(m, "", M, M), 9);
  ASSERT_EQ(r3(m, "", N, N), 0);
  ASSERT_EQ(f3(m, "", N, N), 0);
  ASSERT_EQ(r3(m, "", M, M), 9);
  ASSERT_EQ(f3(m, "abc", N + 1, M - 1), 0);
  ASSERT_EQ(r3(m, "abc", -M, M - 1), 6);
  mml_destroy(m);
}

/* end < start (after normalisation) finds nothing, the empty needle
 * included (3.8-3.10 and 3.11.5+). */
TEST_IMPL(search_end_before_start) {
  mml_map *m = th_anon("abcabcabc", 9);
  ASSERT_EQ(f3(m, "abc", 5, 2), -1);
  ASSERT_EQ(r3(m, "abc", 5, 2), -1);
  ASSERT_EQ(f3(m, "", 5, 2), -1);
  ASSERT_EQ(r3(m, "", 5, 2), -1);
  ASSERT_EQ(f3(m, "", -1, -2), -1);
  ASSERT_EQ(r3(m, "", -1, -2), -1);
  ASSERT_EQ(f3(m, "", 9, 8), -1);
  ASSERT_EQ(r3(m, "", 12, 8), -1);
  ASSERT_EQ(f3(m, "", 100, 5), -1); /* start clamps to 9 > 5 */
  ASSERT_EQ(r3(m, "", 100, 5), -1);
  ASSERT_EQ(f3(m, "c", 3, 2), -1);
  ASSERT_EQ(r3(m, "c", 3, 2), -1);
  /* end == start: only the empty needle fits */
  ASSERT_EQ(f3(m, "", 4, 4), 4);
  ASSERT_EQ(r3(m, "", 4, 4), 4);
  ASSERT_EQ(f3(m, "b", 4, 4), -1);
  ASSERT_EQ(r3(m, "b", 4, 4), -1);
  mml_destroy(m);
}

/* The empty needle: find gives start, rfind gives end, after clamping; so
 * a start beyond len gives len in 3.13, where bytes.find gives -1
 * (gh-151021, changed only in 3.15). */
TEST_IMPL(search_empty_needle) {
  mml_map *m = th_anon("abcabcabc", 9);
  ASSERT_EQ(f1(m, ""), 0);
  ASSERT_EQ(r1(m, ""), 9);
  ASSERT_EQ(f3(m, "", 2, 6), 2);
  ASSERT_EQ(r3(m, "", 2, 6), 6);
  ASSERT_EQ(f3(m, "", -4, -1), 5);
  ASSERT_EQ(r3(m, "", -4, -1), 8);
  ASSERT_EQ(f2(m, "", 9), 9);
  ASSERT_EQ(r2(m, "", 9), 9);
  ASSERT_EQ(f2(m, "", 10), 9); /* bytes: -1 */
  ASSERT_EQ(r2(m, "", 10), 9);
  ASSERT_EQ(f3(m, "", 10, 20), 9);
  ASSERT_EQ(r3(m, "", 10, 20), 9);
  ASSERT_EQ(f2(m, "", M), 9);
  ASSERT_EQ(r2(m, "", M), 9);
  /* A NULL needle of length 0 is an empty needle. */
  {
    int64_t idx = -42, s = 3;
    ASSERT_OK(mml_find(m, NULL, 0, &s, NULL, &idx));
    ASSERT_EQ(idx, 3);
    ASSERT_OK(mml_rfind(m, NULL, 0, &s, NULL, &idx));
    ASSERT_EQ(idx, 9);
  }
  mml_destroy(m);
}

/* A needle longer than the range, a match that touches end, and one that
 * would cross end. */
TEST_IMPL(search_range_limits) {
  mml_map *m = th_anon("abcabcabc", 9);
  ASSERT_EQ(f1(m, "abcabcabca"), -1); /* longer than the map */
  ASSERT_EQ(r1(m, "abcabcabca"), -1);
  ASSERT_EQ(f1(m, "abcabcabc"), 0); /* the whole map */
  ASSERT_EQ(r1(m, "abcabcabc"), 0);
  ASSERT_EQ(f3(m, "abca", 3, 6), -1); /* longer than the range */
  ASSERT_EQ(r3(m, "abca", 3, 6), -1);
  ASSERT_EQ(f3(m, "abc", 3, 6), 3); /* exactly the range */
  ASSERT_EQ(r3(m, "abc", 3, 6), 3);
  ASSERT_EQ(f3(m, "abc", 3, 5), -1); /* one byte short */
  ASSERT_EQ(r3(m, "abc", 4, 9), 6);
  ASSERT_EQ(f3(m, "abc", 4, 8), -1);
  /* touching end vs crossing it by one byte */
  ASSERT_EQ(f3(m, "ca", 0, 7), 2);
  ASSERT_EQ(f3(m, "ca", 0, 6), 2);
  ASSERT_EQ(r3(m, "ca", 0, 7), 5);
  ASSERT_EQ(r3(m, "ca", 0, 6), 2);
  ASSERT_EQ(r3(m, "bc", 0, 9), 7);
  ASSERT_EQ(r3(m, "bc", 0, 8), 4);
  ASSERT_EQ(f3(m, "bc", 6, 8), -1);
  ASSERT_EQ(f3(m, "abc", 5, 9), 6);
  ASSERT_EQ(f3(m, "cab", 5, 8), 5);
  ASSERT_EQ(f3(m, "cab", 6, 9), -1);
  mml_destroy(m);
}

/* rfind returns the highest of overlapping matches. */
TEST_IMPL(search_rfind_overlapping) {
  mml_map *m = th_anon("aaaaa", 5);
  ASSERT_EQ(f1(m, "aa"), 0);
  ASSERT_EQ(r1(m, "aa"), 3);
  ASSERT_EQ(r1(m, "aaa"), 2);
  ASSERT_EQ(r3(m, "aa", 0, 4), 2);
  ASSERT_EQ(r3(m, "aa", 1, 3), 1);
  ASSERT_EQ(f2(m, "aa", 4), -1);
  ASSERT_EQ(r2(m, "aa", 3), 3);
  ASSERT_EQ(r1(m, "aaaaa"), 0);
  ASSERT_EQ(r1(m, "aaaaaa"), -1);
  mml_destroy(m);
  m = th_anon("abababa", 7);
  ASSERT_EQ(f1(m, "aba"), 0);
  ASSERT_EQ(r1(m, "aba"), 4);
  ASSERT_EQ(r3(m, "aba", 0, 6), 2);
  ASSERT_EQ(f2(m, "aba", 1), 2);
  ASSERT_EQ(r1(m, "abab"), 2);
  ASSERT_EQ(f2(m, "bab", 2), 3);
  mml_destroy(m);
}

/* Binary needles, a one-byte map, the map's own bytes as the needle
 * (m.find(m), m.rfind(memoryview(m)[0:2])). */
TEST_IMPL(search_binary_and_self) {
  static const uint8_t nul2[2] = {0, 0};
  uint8_t *data = NULL;
  int64_t len = 0, idx = -42;
  mml_map *m = th_anon("\0", 1);
  ASSERT_OK(mml_find(m, nul2, 1, NULL, NULL, &idx));
  ASSERT_EQ(idx, 0);
  ASSERT_OK(mml_rfind(m, nul2, 1, NULL, NULL, &idx));
  ASSERT_EQ(idx, 0);
  ASSERT_OK(mml_find(m, nul2, 2, NULL, NULL, &idx));
  ASSERT_EQ(idx, -1);
  ASSERT_EQ(f1(m, ""), 0);
  ASSERT_EQ(r1(m, ""), 1);
  mml_destroy(m);

  m = th_anon("a", 1);
  ASSERT_EQ(f1(m, "a"), 0);
  ASSERT_EQ(r1(m, "a"), 0);
  ASSERT_EQ(f1(m, "aa"), -1);
  ASSERT_EQ(f2(m, "a", 1), -1);
  ASSERT_EQ(r3(m, "a", 0, 0), -1);
  ASSERT_EQ(f2(m, "", 1), 1);
  ASSERT_EQ(f2(m, "", 2), 1);
  ASSERT_EQ(r2(m, "", -1), 1);
  ASSERT_EQ(r2(m, "", -2), 1);
  mml_destroy(m);

  m = th_anon("abcabc", 6);
  ASSERT_OK(mml_buffer_export(m, &data, &len, NULL));
  ASSERT_OK(mml_find(m, data, len, NULL, NULL, &idx));
  ASSERT_EQ(idx, 0);
  ASSERT_OK(mml_rfind(m, data, len, NULL, NULL, &idx));
  ASSERT_EQ(idx, 0);
  ASSERT_OK(mml_find(m, data + 3, 2, NULL, NULL, &idx));
  ASSERT_EQ(idx, 0);
  ASSERT_OK(mml_rfind(m, data, 2, NULL, NULL, &idx));
  ASSERT_EQ(idx, 3);
  ASSERT_OK(mml_buffer_release(m));
  mml_destroy(m);
}

/* Indices are relative to the mapping, not to the file; a read-only map
 * searches like any other. */
TEST_IMPL(search_file_map_with_offset) {
  int64_t ps = mml_allocation_granularity(), len = 0;
  size_t flen = (size_t)(2 * ps);
  uint8_t *buf = malloc(flen);
  mml_open_args a;
  mml_map *m = NULL;
  int fd;
  ASSERT_NOT_NULL(buf);
  memset(buf, 'x', (size_t)ps);
  memset(buf + ps, 'y', (size_t)ps);
  memcpy(buf + ps, "needle", 6);
  memcpy(buf + flen - 6, "needle", 6);
  fd = th_temp_file(buf, flen, NULL);
  mml_open_args_init(&a);
  a.fileno = fd;
  a.offset = ps;
  a.access = MML_ACCESS_READ;
  ASSERT_OK(mml_open(&m, &a));
  close(fd);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, ps);
  ASSERT_EQ(f1(m, "needle"), 0);
  ASSERT_EQ(r1(m, "needle"), ps - 6);
  ASSERT_EQ(f1(m, "x"), -1);
  ASSERT_EQ(r3(m, "needle", 0, ps - 1), 0);
  ASSERT_EQ(f2(m, "needle", 1), ps - 6);
  mml_destroy(m);
  free(buf);
}

/* A closed map: ValueError before anything else is looked at. Bad C
 * arguments (no Python equivalent) are MML_EMISUSE. */
TEST_IMPL(search_closed_and_misuse) {
  int64_t idx = -42, s = 0;
  mml_map *m = th_closed_map();
  ASSERT_ERR(mml_find(m, "a", 1, NULL, NULL, &idx), MML_ECLOSED);
  ASSERT_ERR(mml_rfind(m, "", 0, &s, &s, &idx), MML_ECLOSED);
  ASSERT_ERR(mml_find(m, NULL, -1, NULL, NULL, NULL), MML_ECLOSED);
  ASSERT_EQ(idx, -42);
  mml_destroy(m);

  m = th_anon("abc", 3);
  ASSERT_ERR(mml_find(NULL, "a", 1, NULL, NULL, &idx), MML_EMISUSE);
  ASSERT_ERR(mml_rfind(NULL, "a", 1, NULL, NULL, &idx), MML_EMISUSE);
  ASSERT_ERR(mml_find(m, "a", 1, NULL, NULL, NULL), MML_EMISUSE);
  ASSERT_ERR(mml_rfind(m, "a", 1, NULL, NULL, NULL), MML_EMISUSE);
  ASSERT_ERR(mml_find(m, "a", -1, NULL, NULL, &idx), MML_EMISUSE);
  ASSERT_ERR(mml_rfind(m, "a", N, NULL, NULL, &idx), MML_EMISUSE);
  ASSERT_ERR(mml_find(m, NULL, 1, NULL, NULL, &idx), MML_EMISUSE);
  ASSERT_ERR(mml_rfind(m, NULL, 1, NULL, NULL, &idx), MML_EMISUSE);
  ASSERT_EQ(idx, -42);
  mml_destroy(m);
}

/* ---- Version profiles --------------------------------------------------- */

/* 3.11.0-3.11.4 (checked on Debian's 3.11.2): an empty needle with
 * end < start answers start (find) / end (rfind) instead of -1. The rest is
 * as in 3.13. */
TEST_IMPL(search_profile_3_11_2) {
  mml_map *m =
      th_anon_map("abcabcabc", 9, th_flag("MAP_SHARED"), MML_PY(3, 11, 2));
  ASSERT_EQ(f3(m, "", 5, 2), 5);
  ASSERT_EQ(r3(m, "", 5, 2), 2);
  ASSERT_EQ(f3(m, "", -1, -2), 8);
  ASSERT_EQ(r3(m, "", -1, -2), 7);
  ASSERT_EQ(f3(m, "", 9, 8), 9);
  ASSERT_EQ(r3(m, "", 12, 8), 8);
  ASSERT_EQ(f3(m, "", 100, 5), 9);
  ASSERT_EQ(r3(m, "", 100, 5), 5);
  ASSERT_EQ(f3(m, "", M, N), 9);
  ASSERT_EQ(r3(m, "", M, N), 0);
  ASSERT_EQ(f3(m, "", 5, N), 5);
  ASSERT_EQ(r3(m, "", 5, N), 0);
  ASSERT_EQ(f3(m, "", 5, -8), 5);
  ASSERT_EQ(r3(m, "", 5, -8), 1);
  ASSERT_EQ(f3(m, "", 5, 0), 5);
  ASSERT_EQ(r3(m, "", 5, 0), 0);
  ASSERT_EQ(f3(m, "", 5, 3), 5);
  ASSERT_EQ(r3(m, "", 5, 3), 3);
  /* non-empty needles: -1 as everywhere */
  ASSERT_EQ(f3(m, "abc", 5, 2), -1);
  ASSERT_EQ(r3(m, "abc", 5, 2), -1);
  ASSERT_EQ(f3(m, "abc", M, N), -1);
  /* unchanged: start beyond len, extremes, ordinary ranges */
  ASSERT_EQ(f2(m, "", 10), 9);
  ASSERT_EQ(r2(m, "", 10), 9);
  ASSERT_EQ(f3(m, "", N, M), 0);
  ASSERT_EQ(r3(m, "", N, M), 9);
  ASSERT_EQ(f3(m, "", 5, 5), 5);
  ASSERT_EQ(f2(m, "abc", 1), 3);
  ASSERT_EQ(r3(m, "abc", 0, 8), 3);
  mml_destroy(m);
}

/* 3.11.7 and 3.8.18 give -1 for end < start, and len for an empty needle
 * past the end, exactly like 3.13. */
TEST_IMPL(search_profile_3_11_7_and_3_8_18) {
  static const uint32_t vers[] = {MML_PY(3, 11, 7), MML_PY(3, 8, 18)};
  for (size_t i = 0; i < 2; i++) {
    mml_map *m = th_anon_map("abcabcabc", 9, th_flag("MAP_PRIVATE"), vers[i]);
    ASSERT_EQ(f3(m, "", 5, 2), -1);
    ASSERT_EQ(r3(m, "", 5, 2), -1);
    ASSERT_EQ(f3(m, "", -1, -2), -1);
    ASSERT_EQ(r3(m, "", -1, -2), -1);
    ASSERT_EQ(f3(m, "", M, N), -1);
    ASSERT_EQ(r3(m, "", M, N), -1);
    ASSERT_EQ(f3(m, "", 100, 5), -1);
    ASSERT_EQ(f2(m, "", 10), 9);
    ASSERT_EQ(r2(m, "", 10), 9);
    ASSERT_EQ(f2(m, "", M), 9);
    ASSERT_EQ(f3(m, "", N, M), 0);
    ASSERT_EQ(r3(m, "", N, M), 9);
    ASSERT_EQ(f2(m, "abc", 1), 3);
    ASSERT_EQ(r3(m, "abc", 0, 8), 3);
    /* position past the end after a shrink: len, as in 3.13 */
    ASSERT_OK(mml_seek(m, 9, 0, NULL));
    ASSERT_OK(mml_resize(m, 4));
    ASSERT_EQ(f1(m, ""), 4);
    ASSERT_EQ(r1(m, ""), 4);
    ASSERT_EQ(f1(m, "a"), -1);
    mml_destroy(m);
  }
}

/* 3.15 (gh-151021, PR gh-151023: "preserve positive start values beyond
 * the mapping length", so end < start gives -1): an empty needle with
 * start > len finds nothing. Not runnable here (no 3.15 build): the
 * expectations follow the merged change's description. */
TEST_IMPL(search_profile_3_15_empty_past_end) {
  mml_map *m = th_anon_map("abc", 3, th_flag("MAP_PRIVATE"), MML_PY(3, 15, 0));
  ASSERT_EQ(f2(m, "", 4), -1);
  ASSERT_EQ(r2(m, "", 4), -1);
  ASSERT_EQ(f3(m, "", 4, 100), -1);
  ASSERT_EQ(f2(m, "", M), -1);
  ASSERT_EQ(r2(m, "", M), -1);
  /* start == len and clamped negatives are unchanged */
  ASSERT_EQ(f2(m, "", 3), 3);
  ASSERT_EQ(r2(m, "", 3), 3);
  ASSERT_EQ(f2(m, "", N), 0);
  ASSERT_EQ(r2(m, "", -1), 3);
  ASSERT_EQ(f3(m, "", 1, M), 1);
  ASSERT_EQ(f2(m, "c", 2), 2);
  /* the default start is the position: past the end after a shrink */
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  ASSERT_OK(mml_resize(m, 2));
  ASSERT_EQ(f1(m, ""), -1);
  ASSERT_EQ(r1(m, ""), -1);
  mml_destroy(m);
}

/* ---- Naive reference ---------------------------------------------------- */

/* CPython 3.13's normalisation of a start or end (mmap_gfind). */
static int64_t ref_norm(int64_t v, int64_t len) {
  if (v < 0)
    v += len;
  if (v < 0)
    v = 0;
  else if (v > len)
    v = len;
  return v;
}

/* ok[i] = 1 where the needle matches at offset i (memcmp at every
 * offset); ok must hold hlen + 1 entries. */
static void ref_matches(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                        int64_t nlen, uint8_t *ok) {
  for (int64_t i = 0; i <= hlen; i++)
    ok[i] = i + nlen <= hlen && memcmp(hay + i, nd, (size_t)nlen) == 0;
}

/* The lowest (highest if REVERSE) i with ok[i] and the needle inside
 * [start, end) after CPython 3.13's normalisation, or -1. */
static int64_t ref_search(const uint8_t *ok, int64_t hlen, int64_t nlen,
                          int64_t start, int64_t end, int reverse) {
  start = ref_norm(start, hlen);
  end = ref_norm(end, hlen);
  if (end < start || end - start < nlen)
    return -1;
  if (reverse) {
    for (int64_t i = end - nlen; i >= start; i--)
      if (ok[i])
        return i;
  } else {
    for (int64_t i = start; i <= end - nlen; i++)
      if (ok[i])
        return i;
  }
  return -1;
}

/* The same answers in O(1) from tables built once per needle:
 * next[i] = lowest j >= i with ok[j] (or hlen + 1), prev[i] = highest
 * j <= i with ok[j] (or -1). */
typedef struct ref_index {
  int64_t *next, *prev;
} ref_index;

static void ref_index_build(ref_index *x, const uint8_t *ok, int64_t hlen) {
  int64_t seen = hlen + 1;
  for (int64_t i = hlen; i >= 0; i--)
    x->next[i] = seen = ok[i] ? i : seen;
  seen = -1;
  for (int64_t i = 0; i <= hlen; i++)
    x->prev[i] = seen = ok[i] ? i : seen;
}

static int64_t ref_lookup(const ref_index *x, int64_t hlen, int64_t nlen,
                          int64_t start, int64_t end, int reverse) {
  int64_t i;
  start = ref_norm(start, hlen);
  end = ref_norm(end, hlen);
  if (end < start || end - start < nlen)
    return -1;
  i = reverse ? x->prev[end - nlen] : x->next[start];
  return i >= start && i <= end - nlen ? i : -1;
}

/* ---- Guard pages (gh-105235) --------------------------------------------- */

/* Checks find/rfind against the reference over [s, e) and the defaults. */
static void guard_check(mml_map *m, const uint8_t *hay, int64_t hlen,
                        const uint8_t *nd, int64_t nlen, uint8_t *ok) {
  const int64_t bounds[][2] = {
      {0, hlen}, {hlen - nlen, hlen}, {-nlen, M}, {hlen - nlen - 1, hlen},
      {0, nlen}, {0, nlen + 1},       {N, nlen},  {hlen - nlen - 70, hlen},
  };
  int64_t idx;
  ref_matches(hay, hlen, nd, nlen, ok);
  ASSERT_OK(mml_find(m, nd, nlen, NULL, NULL, &idx));
  ASSERT_EQ(idx, ref_search(ok, hlen, nlen, 0, hlen, 0));
  ASSERT_OK(mml_rfind(m, nd, nlen, NULL, NULL, &idx));
  ASSERT_EQ(idx, ref_search(ok, hlen, nlen, 0, hlen, 1));
  for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
    ASSERT_OK(mml_find(m, nd, nlen, &bounds[b][0], &bounds[b][1], &idx));
    ASSERT_EQ(idx, ref_search(ok, hlen, nlen, bounds[b][0], bounds[b][1], 0));
    ASSERT_OK(mml_rfind(m, nd, nlen, &bounds[b][0], &bounds[b][1], &idx));
    ASSERT_EQ(idx, ref_search(ok, hlen, nlen, bounds[b][0], bounds[b][1], 1));
  }
}

/* The haystack's first byte is the first byte of a page preceded by a
 * PROT_NONE page, its last byte the last of a page followed by one. Needles
 * that end exactly at the last byte, start exactly at the first, almost
 * match across either edge, or are absent: a search that reads one byte
 * too far (3.11.0-3.11.4's find) faults here. */
TEST_IMPL(search_guard_pages) {
  const int64_t ps = mml_pagesize(), hlen = 2 * ps;
  mml_map *m = NULL;
  uint8_t *data = NULL, *hay, *nd, *ok;
  uint32_t x = 12345;

  m = th_guarded_anon_map(hlen);
  ASSERT_OK(mml_buffer_export(m, &data, NULL, NULL));
  /* The guards are there: the OS cannot read them. */
  ASSERT(!th_readable(data + hlen));
  ASSERT(!th_readable(data - 1));
  ASSERT(th_readable(data + hlen - 1));
  ASSERT(th_readable(data));
  hay = malloc((size_t)hlen);
  nd = malloc(130);
  ok = malloc((size_t)hlen + 1);
  ASSERT_NOT_NULL(hay);
  ASSERT_NOT_NULL(nd);
  ASSERT_NOT_NULL(ok);
  /* Every round with every instruction set this machine can run (the
   * vector kernels load up to 64 bytes at once). */
  for (int round = 0; round < 3 * 8 && th_use_search_set((size_t)round / 3);
       round++) {
    /* pseudo-random 'a'..'p'; all 'a' (periodic, the case where a partial
     * match runs into the edge); pseudo-random 'a'..'d' (a small alphabet:
     * the needles cut from it get the wide filters of search_pair.c) */
    for (int64_t i = 0; i < hlen; i++) {
      x = x * 1103515245u + 12345u;
      hay[i] = round % 3 == 0   ? (uint8_t)('a' + (x >> 16) % 16)
               : round % 3 == 1 ? 'a'
                                : (uint8_t)('a' + (x >> 16) % 4);
    }
    memcpy(data, hay, (size_t)hlen); /* the map is writable */
    for (int64_t len = 1; len <= 64; len++) {
      int64_t idx, s, e;
      /* ends exactly at the last byte */
      memcpy(nd, hay + hlen - len, (size_t)len);
      guard_check(m, hay, hlen, nd, len, ok);
      s = hlen - len;
      ASSERT_OK(mml_find(m, nd, len, &s, NULL, &idx));
      ASSERT_EQ(idx, hlen - len);
      s = -len;
      ASSERT_OK(mml_rfind(m, nd, len, &s, NULL, &idx));
      ASSERT_EQ(idx, hlen - len);
      ASSERT_OK(mml_rfind(m, nd, len, NULL, NULL, &idx));
      ASSERT_EQ(idx, hlen - len);
      /* starts exactly at the first byte */
      memcpy(nd, hay, (size_t)len);
      guard_check(m, hay, hlen, nd, len, ok);
      ASSERT_OK(mml_find(m, nd, len, NULL, NULL, &idx));
      ASSERT_EQ(idx, 0);
      s = 0, e = len;
      ASSERT_OK(mml_rfind(m, nd, len, &s, &e, &idx));
      ASSERT_EQ(idx, 0);
      /* the last len - 1 bytes, then one that differs: would cross end */
      memcpy(nd, hay + hlen - len + 1, (size_t)len - 1);
      nd[len - 1] = 'z';
      guard_check(m, hay, hlen, nd, len, ok);
      ASSERT_OK(mml_find(m, nd, len, NULL, NULL, &idx));
      ASSERT_EQ(idx, -1);
      /* the same with len + 1 bytes: the whole tail, then 'z' */
      memcpy(nd, hay + hlen - len, (size_t)len);
      nd[len] = 'z';
      guard_check(m, hay, hlen, nd, len + 1, ok);
      /* 'z' then the first len - 1 bytes: would cross the start */
      nd[0] = 'z';
      memcpy(nd + 1, hay, (size_t)len - 1);
      guard_check(m, hay, hlen, nd, len, ok);
      ASSERT_OK(mml_rfind(m, nd, len, NULL, NULL, &idx));
      ASSERT_EQ(idx, -1);
      /* absent: only bytes the haystack never holds */
      memset(nd, 'z', (size_t)len);
      guard_check(m, hay, hlen, nd, len, ok);
      ASSERT_OK(mml_find(m, nd, len, NULL, NULL, &idx));
      ASSERT_EQ(idx, -1);
      /* a long tail-match of 2 * len bytes */
      memcpy(nd, hay + hlen - 2 * len, (size_t)(2 * len));
      guard_check(m, hay, hlen, nd, 2 * len, ok);
    }
  }
  th_reset_search_set();
  ASSERT_OK(mml_buffer_release(m));
  mml_destroy(m);
  th_guarded_anon_map_free(hlen);
  free(hay);
  free(nd);
  free(ok);
}

/* ---- Differential runs against the reference -----------------------------
 *
 * The haystacks, needles and bounds come from a fixed splitmix64 sequence;
 * every result goes into an FNV-1a hash. The same generator over CPython
 * 3.13.0's mmap.find/rfind gives the hashes asserted below, so the reference
 * itself is checked against CPython. The script (it prints the five hashes
 * in test order):
 *
 * import mmap, sys
 * K, M = (1 << 64) - 1, sys.maxsize
 * def rng(s):
 *     while True:
 *         s = (s + 0x9E3779B97F4A7C15) & K
 *         z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & K
 *         z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & K
 *         yield z ^ (z >> 31)
 * def hay(fam, H, r):
 *     if fam == 0: return bytes(97 + (next(r) & 1) for _ in range(H))
 *     if fam == 1: return bytes(next(r) & 255 for _ in range(H))
 *     if fam == 2: return b"a" * (H - 1) + b"b"
 *     b = bytearray(b"ab" * (H // 2)); b[H // 2 + 1] ^= 3; return bytes(b)
 * def needle(k, h, H, n, r):
 *     if k == 0: return h[:n]
 *     if k == 1: return h[H - n:]
 *     if k in (2, 3):
 *         p = next(r) % (H - n + 1); nd = bytearray(h[p:p + n])
 *         if k == 3 and n: nd[next(r) % n] ^= 3
 *         return bytes(nd)
 *     if n == 0: return b""
 *     return h[H - n + 1:] + h[:1] if k == 4 else h[H - 1:] + h[:n - 1]
 * def needles(m, h, H, n, r, x):
 *     L = H - n
 *     b = [(s, e) for s in range(8) for e in range(n - 1, n + 8)]
 *     b += [(s, e) for s in range(L - 8, L + 2) for e in range(H - 8, H + 2)]
 *     b += [(s, e) for s in (0, 1, 7, -n, -n - 1, -M - 1)
 *           for e in (H - 1, H, H + 1, -1, M)]
 *     for k in range(6):
 *         nd = needle(k, h, H, n, r)
 *         res = [m.find(nd), m.rfind(nd)]
 *         for s, e in b: res += [m.find(nd, s, e), m.rfind(nd, s, e)]
 *         for v in res: x = ((x ^ (v & K)) * 0x100000001B3) & K
 *     return x
 * def run(cases, seed):
 *     r, x = rng(seed), 0xCBF29CE484222325
 *     for fam, H, ns in cases:
 *         h = hay(fam, H, r); m = mmap.mmap(-1, H); m[:] = h
 *         for n in ns: x = needles(m, h, H, n, r, x)
 *     return "0x%016X" % x
 * for f in range(4): print(run([(f, 700, range(301))], f + 1))
 * big = [(f, n + 40, (n, n - 1)) for n in (4096, 65536)
 *        for f in (0, 2, 3)]
 * print(run(big, 5))
 */

static int64_t rng_below(uint64_t *s, int64_t n) {
  return (int64_t)(th_splitmix64(s) % (uint64_t)n);
}

static uint64_t hash_add(uint64_t h, int64_t v) {
  return (h ^ (uint64_t)v) * 0x100000001B3u;
}

enum { FAM_RANDOM_AB, FAM_RANDOM_BYTES, FAM_RUN_AB, FAM_PERIODIC_DEFECT };

/* Fills HAY (HLEN bytes) for family FAM. */
static void make_hay(int fam, uint8_t *hay, int64_t hlen, uint64_t *rng) {
  for (int64_t i = 0; i < hlen; i++) {
    switch (fam) {
    case FAM_RANDOM_AB:
      hay[i] = (uint8_t)('a' + (th_splitmix64(rng) & 1));
      break;
    case FAM_RANDOM_BYTES:
      hay[i] = (uint8_t)(th_splitmix64(rng) & 0xff);
      break;
    case FAM_RUN_AB: /* "aaaa...ab" */
      hay[i] = i == hlen - 1 ? 'b' : 'a';
      break;
    default: /* "(ab)*" with one defect */
      hay[i] = i % 2 ? 'b' : 'a';
      break;
    }
  }
  if (fam == FAM_PERIODIC_DEFECT)
    hay[hlen / 2 + 1] ^= 3; /* 'b' -> 'a' */
}

/* The needles of length NLEN for one haystack, as in the script above:
 * 0 prefix, 1 suffix, 2 random substring, 3 the same with one byte
 * flipped, 4 the last NLEN-1 bytes and hay[0] (crosses end), 5 hay[H-1]
 * and the first NLEN-1 bytes (crosses start). */
static void make_needle(int k, const uint8_t *hay, int64_t hlen, int64_t nlen,
                        uint8_t *nd, uint64_t *rng) {
  int64_t p;
  switch (k) {
  case 0:
    memcpy(nd, hay, (size_t)nlen);
    break;
  case 1:
    memcpy(nd, hay + hlen - nlen, (size_t)nlen);
    break;
  case 2:
  case 3:
    p = rng_below(rng, hlen - nlen + 1);
    memcpy(nd, hay + p, (size_t)nlen);
    if (k == 3 && nlen > 0)
      nd[rng_below(rng, nlen)] ^= 3;
    break;
  case 4:
    if (nlen > 0) {
      memcpy(nd, hay + hlen - nlen + 1, (size_t)nlen - 1);
      nd[nlen - 1] = hay[0];
    }
    break;
  default:
    if (nlen > 0) {
      nd[0] = hay[hlen - 1];
      memcpy(nd + 1, hay, (size_t)nlen - 1);
    }
    break;
  }
}

/* The buffers of one differential run over a haystack of hlen bytes. */
typedef struct diff_ctx {
  mml_map *m;
  uint8_t *hay, *nd, *ok;
  int64_t hlen;
  ref_index x;
  uint64_t rng, h;
} diff_ctx;

static void diff_open(diff_ctx *c, int fam, int64_t hlen) {
  c->hlen = hlen;
  c->hay = malloc((size_t)hlen);
  c->nd = malloc((size_t)hlen + 1);
  c->ok = malloc((size_t)hlen + 1);
  c->x.next = malloc(((size_t)hlen + 1) * sizeof(int64_t));
  c->x.prev = malloc(((size_t)hlen + 1) * sizeof(int64_t));
  ASSERT_NOT_NULL(c->hay);
  ASSERT_NOT_NULL(c->nd);
  ASSERT_NOT_NULL(c->ok);
  ASSERT_NOT_NULL(c->x.next);
  ASSERT_NOT_NULL(c->x.prev);
  make_hay(fam, c->hay, hlen, &c->rng);
  c->m = th_anon(c->hay, hlen);
}

static void diff_close(diff_ctx *c) {
  mml_destroy(c->m);
  free(c->hay);
  free(c->nd);
  free(c->ok);
  free(c->x.next);
  free(c->x.prev);
}

/* The (start, end) pairs tried for a needle of length NLEN in a haystack
 * of H bytes, L = H - NLEN being the last possible offset: every alignment
 * around the first possible match (start in [0, 8), end in
 * [NLEN-1, NLEN+8)), every one around the last (start in [L-8, L+2), end in
 * [H-8, H+2)), and whole-range pairs with negative and extreme bounds.
 * Returns the count (at most 202). */
static int diff_bounds(int64_t hlen, int64_t nlen, int64_t (*b)[2]) {
  const int64_t last = hlen - nlen;
  const int64_t s_more[] = {0, 1, 7, -nlen, -nlen - 1, N};
  const int64_t e_more[] = {hlen - 1, hlen, hlen + 1, -1, M};
  int n = 0;
  for (int64_t s = 0; s < 8; s++)
    for (int64_t e = nlen - 1; e < nlen + 8; e++)
      b[n][0] = s, b[n++][1] = e;
  for (int64_t s = last - 8; s < last + 2; s++)
    for (int64_t e = hlen - 8; e < hlen + 2; e++)
      b[n][0] = s, b[n++][1] = e;
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 5; j++)
      b[n][0] = s_more[i], b[n++][1] = e_more[j];
  return n;
}

/* Runs every needle of length NLEN: the defaults, then diff_bounds. */
static void diff_needles(diff_ctx *c, int64_t nlen) {
  int64_t b[202][2];
  const int64_t hlen = c->hlen;
  const int nb = diff_bounds(hlen, nlen, b);
  for (int k = 0; k < 6; k++) {
    int64_t idx = -42;
    make_needle(k, c->hay, hlen, nlen, c->nd, &c->rng);
    ref_matches(c->hay, hlen, c->nd, nlen, c->ok);
    ref_index_build(&c->x, c->ok, hlen);
    ASSERT_OK(mml_find(c->m, c->nd, nlen, NULL, NULL, &idx));
    ASSERT_EQ(idx, ref_search(c->ok, hlen, nlen, 0, hlen, 0));
    c->h = hash_add(c->h, idx);
    ASSERT_OK(mml_rfind(c->m, c->nd, nlen, NULL, NULL, &idx));
    ASSERT_EQ(idx, ref_search(c->ok, hlen, nlen, 0, hlen, 1));
    c->h = hash_add(c->h, idx);
    for (int bi = 0; bi < nb; bi++) {
      {
        for (int rev = 0; rev < 2; rev++) {
          const int64_t s = b[bi][0], e = b[bi][1];
          const int64_t want = ref_lookup(&c->x, hlen, nlen, s, e, rev);
          ASSERT_OK(rev ? mml_rfind(c->m, c->nd, nlen, &s, &e, &idx)
                        : mml_find(c->m, c->nd, nlen, &s, &e, &idx));
          if (idx != want)
            TEST_FAIL_("%s(needle %d of length %" PRId64 ", %" PRId64
                       ", %" PRId64 "): %" PRId64 ", want %" PRId64,
                       rev ? "rfind" : "find", k, nlen, s, e, idx, want);
          c->h = hash_add(c->h, idx);
        }
      }
    }
  }
}

/* One family: a haystack of HLEN bytes and needle lengths 0..NMAX; the
 * hash of all results. */
static uint64_t diff_family(int fam, int64_t hlen, int64_t nmax,
                            uint64_t seed) {
  diff_ctx c;
  c.rng = seed;
  c.h = 0xCBF29CE484222325u;
  diff_open(&c, fam, hlen);
  for (int64_t nlen = 0; nlen <= nmax; nlen++)
    diff_needles(&c, nlen);
  diff_close(&c);
  return c.h;
}

/* "avx512_emulated" (a C identifier) names the set "avx512-emulated". */
static const char *set_name(const char *id) {
  return strcmp(id, "avx512_emulated") == 0 ? "avx512-emulated" : id;
}

/* Each differential run is one test per instruction set, so that ctest
 * shows which sets ran here and which were skipped (and why). */
#define DIFF_TESTS_FOR(isa)                                                    \
  /* Random haystacks over {a, b}: many partial matches. */                    \
  TEST_IMPL(search_differential_random_ab_##isa) {                             \
    th_require_search_set(set_name(#isa));                                     \
    ASSERT_EQ(diff_family(FAM_RANDOM_AB, 700, 300, 1), 0xB5006ED890928C7Bu);   \
  }                                                                            \
  /* Random bytes: mostly first-byte misses. */                                \
  TEST_IMPL(search_differential_random_bytes_##isa) {                          \
    th_require_search_set(set_name(#isa));                                     \
    ASSERT_EQ(diff_family(FAM_RANDOM_BYTES, 700, 300, 2),                      \
              0x9FBA21B3FE05054Au);                                            \
  }                                                                            \
  /* "aaaa...ab" and "(ab)*" with a defect: periodic worst cases. */           \
  TEST_IMPL(search_differential_periodic_##isa) {                              \
    th_require_search_set(set_name(#isa));                                     \
    ASSERT_EQ(diff_family(FAM_RUN_AB, 700, 300, 3), 0xC5577844218DCCBFu);      \
    ASSERT_EQ(diff_family(FAM_PERIODIC_DEFECT, 700, 300, 4),                   \
              0x3EB8EBD7A7742EBCu);                                            \
  }                                                                            \
  TEST_IMPL(search_differential_large_needles_##isa) {                         \
    th_require_search_set(set_name(#isa));                                     \
    large_needles();                                                           \
  }

/* Large needles (4096, 65536 bytes and one less) in haystacks 40 bytes
 * longer. */
static void large_needles(void) {
  static const int64_t lens[] = {4096, 65536};
  static const int fams[] = {FAM_RANDOM_AB, FAM_RUN_AB, FAM_PERIODIC_DEFECT};
  diff_ctx c;
  uint64_t rng = 5, h = 0xCBF29CE484222325u;
  for (size_t li = 0; li < 2; li++) {
    for (size_t fi = 0; fi < 3; fi++) {
      c.rng = rng;
      c.h = h;
      diff_open(&c, fams[fi], lens[li] + 40);
      diff_needles(&c, lens[li]);
      diff_needles(&c, lens[li] - 1);
      diff_close(&c);
      rng = c.rng;
      h = c.h;
    }
  }
  ASSERT_EQ(h, 0x4A6ECEBBCF3E02EFu);
}

DIFF_TESTS_FOR(avx512)
DIFF_TESTS_FOR(avx2)
DIFF_TESTS_FOR(sse2)
DIFF_TESTS_FOR(portable)
DIFF_TESTS_FOR(avx512_emulated)
