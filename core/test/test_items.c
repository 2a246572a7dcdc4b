/* test_items.c - m[i], m[i] = v, del m[i], slices, move, and their
 * interplay with buffer exports. Every expectation is what CPython 3.13.0
 * does for the same call (probed with ~/.pyenv/versions/3.13.0/bin/python);
 * the tables below were generated from CPython's own results. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "helpers.h"
#include "test.h"

#define ABC "abcdefg"
#define ABC_LEN 7

/* ---- fixtures ----------------------------------------------------------- */

/* Which table case is running: printed if an assertion aborts the test. */
static char context[96];

static void print_context(int sig) {
  (void)sig;
  if (context[0] != '\0') {
    ssize_t n = write(2, context, strlen(context));
    (void)n;
  }
}

static void set_context(const char *table, size_t a, size_t b) {
  if (table == NULL) {
    context[0] = '\0';
    return;
  }
  signal(SIGABRT, print_context);
  snprintf(context, sizeof context, "failing case: %s[%zu], %zu\n", table, a,
           b);
}

static mml_slice make_slice(int has_start, int64_t start, int has_stop,
                            int64_t stop, int has_step, int64_t step) {
  mml_slice sl;
  sl.start = start;
  sl.stop = stop;
  sl.step = step;
  sl.has_start = has_start;
  sl.has_stop = has_stop;
  sl.has_step = has_step;
  return sl;
}

/* start:stop:step with every member present. */
static mml_slice sl3(int64_t start, int64_t stop, int64_t step) {
  return make_slice(1, start, 1, stop, 1, step);
}

/* A file of G + 7 bytes ('.' then "abcdefg") mapped with ACCESS at offset
 * G, ALLOCATIONGRANULARITY (PAGESIZE on Linux, 64 KiB on Windows): the map
 * is "abcdefg", its indices relative to the map. */
static mml_map *offset_map(int access, char *path) {
  int64_t ps = mml_allocation_granularity();
  uint8_t *buf = malloc((size_t)ps + ABC_LEN);
  mml_map *m;
  int fd;
  ASSERT_NOT_NULL(buf);
  memset(buf, '.', (size_t)ps);
  memcpy(buf + ps, ABC, ABC_LEN);
  fd = th_temp_file(buf, (size_t)ps + ABC_LEN, path);
  free(buf);
  m = th_open_fd(fd, 0, -1, -1, access, ps, 1, 0);
  close(fd);
  ASSERT_EQ(mml_offset(m), ps);
  return m;
}

/* The first G bytes of an offset_map file are still '.'. */
static void expect_file_prefix_untouched(const char *path) {
  int64_t ps = mml_allocation_granularity();
  size_t flen = 0;
  uint8_t *f = th_read_file(path, &flen);
  ASSERT_GE((int64_t)flen, ps);
  for (int64_t i = 0; i < ps; i++)
    ASSERT_EQ(f[i], '.');
  free(f);
}

/* ---- m[i] --------------------------------------------------------------- */

static void check_getitem_abc(const mml_map *m) {
  static const struct {
    int64_t index;
    int rc;
    int value;
  } cases[] = {
      {0, 0, 'a'},
      {-1, 0, 'g'},
      {ABC_LEN - 1, 0, 'g'},
      {-ABC_LEN, 0, 'a'},
      {3, 0, 'd'},
      {-4, 0, 'd'},
      {-ABC_LEN - 1, MML_EINDEX_RANGE, 0},
      {ABC_LEN, MML_EINDEX_RANGE, 0},
      {ABC_LEN + 1, MML_EINDEX_RANGE, 0},
      {INT64_MAX, MML_EINDEX_RANGE, 0},
      {INT64_MAX - 1, MML_EINDEX_RANGE, 0},
      {INT64_MIN, MML_EINDEX_RANGE, 0}, /* + len stays negative */
      {INT64_MIN + 1, MML_EINDEX_RANGE, 0},
      {INT64_MIN + ABC_LEN, MML_EINDEX_RANGE, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint8_t v = 0xAA;
    ASSERT_ERR(mml_getitem(m, cases[i].index, &v), cases[i].rc);
    if (cases[i].rc == 0)
      ASSERT_EQ(v, cases[i].value);
    else
      ASSERT_EQ(v, 0xAA); /* untouched on error */
  }
  ASSERT_OK(mml_getitem(m, 0, NULL));
}

TEST_IMPL(items_getitem_bounds) {
  mml_map *m = th_anon(ABC, ABC_LEN);
  ASSERT_OK(mml_seek(m, 5, 0, NULL));
  check_getitem_abc(m);
  ASSERT_EQ(th_tell(m), 5);
  mml_destroy(m);
}

TEST_IMPL(items_getitem_readonly_and_file_offset) {
  char path[64];
  mml_map *m = th_file_map(ABC, ABC_LEN, MML_ACCESS_READ, NULL);
  check_getitem_abc(m); /* reading a readonly map works */
  mml_destroy(m);
  /* Indices are relative to the map, not to the file. */
  m = offset_map(MML_ACCESS_DEFAULT, path);
  check_getitem_abc(m);
  mml_destroy(m);
}

/* ---- m[i] = v ----------------------------------------------------------- */

TEST_IMPL(items_setitem_values) {
  static const struct {
    int64_t value;
    int rc;
  } cases[] = {
      {0, 0},
      {255, 0},
      {256, MML_EITEM_VALUE_RANGE},
      {-1, MML_EITEM_VALUE_RANGE},
      {INT64_MAX, MML_EITEM_VALUE_RANGE},
      {INT64_MIN, MML_EITEM_VALUE_RANGE},
      {97 + 256, MML_EITEM_VALUE_RANGE}, /* no truncation to a byte */
      {'Z', 0},
  };
  mml_map *m = th_anon(ABC, ABC_LEN);
  uint8_t want[ABC_LEN];
  memcpy(want, ABC, ABC_LEN);
  ASSERT_OK(mml_seek(m, 6, 0, NULL));
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ASSERT_ERR(mml_setitem(m, 3, cases[i].value), cases[i].rc);
    if (cases[i].rc == 0)
      want[3] = (uint8_t)cases[i].value;
    th_expect_map(m, want, ABC_LEN);
  }
  ASSERT_OK(mml_setitem(m, -1, 1));
  ASSERT_OK(mml_setitem(m, -ABC_LEN, 2));
  ASSERT_OK(mml_setitem(m, ABC_LEN - 1, 3));
  want[6] = 3;
  want[0] = 2;
  th_expect_map(m, want, ABC_LEN);
  ASSERT_EQ(th_tell(m), 6);
  mml_destroy(m);
}

/* CPython checks the index before the value: m[len] = 256 is an IndexError. */
TEST_IMPL(items_setitem_index_before_value) {
  static const int64_t bad_index[] = {ABC_LEN,   -ABC_LEN - 1,  INT64_MAX,
                                      INT64_MIN, INT64_MAX - 1, INT64_MIN + 1};
  static const int64_t values[] = {0, 255, 256, -1, INT64_MAX, INT64_MIN};
  mml_map *m = th_anon(ABC, ABC_LEN);
  for (size_t i = 0; i < sizeof bad_index / sizeof bad_index[0]; i++)
    for (size_t j = 0; j < sizeof values / sizeof values[0]; j++)
      ASSERT_ERR(mml_setitem(m, bad_index[i], values[j]), MML_EINDEX_RANGE);
  th_expect_map(m, ABC, ABC_LEN);
  mml_destroy(m);
}

/* ---- del m[i] ----------------------------------------------------------- */

TEST_IMPL(items_delitem) {
  static const struct {
    int64_t index;
    int rc;
  } cases[] = {
      {0, MML_EITEM_DELETE},
      {-1, MML_EITEM_DELETE},
      {ABC_LEN - 1, MML_EITEM_DELETE},
      {-ABC_LEN, MML_EITEM_DELETE},
      {ABC_LEN, MML_EINDEX_RANGE}, /* bounds are checked first */
      {-ABC_LEN - 1, MML_EINDEX_RANGE},
      {INT64_MAX, MML_EINDEX_RANGE},
      {INT64_MIN, MML_EINDEX_RANGE},
  };
  mml_map *m = th_anon(ABC, ABC_LEN);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    ASSERT_ERR(mml_delitem(m, cases[i].index), cases[i].rc);
  th_expect_map(m, ABC, ABC_LEN);
  ASSERT_EQ(mml_err_kind(MML_EITEM_DELETE), MML_EXC_TYPE);
  mml_destroy(m);
}

/* ---- readonly: the readonly TypeError precedes every other check --------- */

static void check_readonly_mutators(mml_map *m) {
  static const int64_t idx[] = {0,         -1,        ABC_LEN, -ABC_LEN - 1,
                                INT64_MAX, INT64_MIN, 3};
  static const int64_t val[] = {0, 'x', 255, 256, -1, INT64_MAX, INT64_MIN};
  static const int64_t mv[] = {0,         1,         ABC_LEN,   ABC_LEN + 1,
                               -1,        INT64_MAX, INT64_MIN, INT64_MAX - 1,
                               -INT64_MAX};
  mml_slice slices[6];
  slices[0] = sl3(0, 2, 1);
  slices[1] = sl3(0, 2, 0); /* step 0: readonly still wins */
  slices[2] = sl3(INT64_MIN, INT64_MAX, 0);
  slices[3] = sl3(3, 3, 1); /* empty */
  slices[4] = make_slice(0, 0, 0, 0, 1, -1);
  slices[5] = make_slice(0, 0, 0, 0, 1, INT64_MIN);
  for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) {
    for (size_t j = 0; j < sizeof val / sizeof val[0]; j++)
      ASSERT_ERR(mml_setitem(m, idx[i], val[j]), MML_EREADONLY);
    ASSERT_ERR(mml_delitem(m, idx[i]), MML_EREADONLY);
  }
  for (size_t i = 0; i < sizeof slices / sizeof slices[0]; i++) {
    ASSERT_ERR(mml_setslice(m, &slices[i], "", 0), MML_EREADONLY);
    ASSERT_ERR(mml_setslice(m, &slices[i], "ab", 2), MML_EREADONLY);
    ASSERT_ERR(mml_setslice(m, &slices[i], "abcdefgh", 8), MML_EREADONLY);
    ASSERT_ERR(mml_delslice(m, &slices[i]), MML_EREADONLY);
  }
  for (size_t i = 0; i < sizeof mv / sizeof mv[0]; i++)
    for (size_t j = 0; j < sizeof mv / sizeof mv[0]; j++)
      for (size_t k = 0; k < sizeof mv / sizeof mv[0]; k++)
        ASSERT_ERR(mml_move(m, mv[i], mv[j], mv[k]), MML_EREADONLY);
  ASSERT_ERR(mml_move(m, 1, 1, INT64_MAX), MML_EREADONLY);
  /* Reads still work; getslice with step 0 is a ValueError. */
  check_getitem_abc(m);
  ASSERT_ERR(mml_getslice(m, &slices[1], NULL, NULL), MML_ESLICE_STEP_ZERO);
  th_expect_map(m, ABC, ABC_LEN);
}

TEST_IMPL(items_readonly_checked_first) {
  char path[64];
  mml_map *m = th_file_map(ABC, ABC_LEN, MML_ACCESS_READ, path);
  ASSERT_OK(mml_seek(m, 4, 0, NULL));
  check_readonly_mutators(m);
  ASSERT_EQ(th_tell(m), 4);
  th_expect_file_at(path, 0, ABC, ABC_LEN);
  mml_destroy(m);
}

/* prot=PROT_READ derives ACCESS_READ: the same readonly errors. */
TEST_IMPL(items_readonly_from_prot) {
  char path[64];
  int fd = th_temp_file(ABC, ABC_LEN, path);
  mml_map *m =
      th_open_fd(fd, 0, -1, th_flag("PROT_READ"), MML_ACCESS_DEFAULT, 0, 1, 0);
  close(fd);
  ASSERT_EQ(mml_access(m), MML_ACCESS_READ);
  check_readonly_mutators(m);
  th_expect_file_at(path, 0, ABC, ABC_LEN);
  mml_destroy(m);
}

/* ---- where the writes go ------------------------------------------------ */

/* The sequence CPython ran on "abcdefg": m[0] = 0; m[6] = 255;
 * m[1:3] = b"XY"; m[::-2] = b"1234"; m.move(0, 3, 2) -> b"d23d2f1". */
static void scribble(mml_map *m) {
  mml_slice s1 = sl3(1, 3, 1), s2 = make_slice(0, 0, 0, 0, 1, -2);
  ASSERT_OK(mml_setitem(m, 0, 0));
  ASSERT_OK(mml_setitem(m, 6, 255));
  ASSERT_OK(mml_setslice(m, &s1, "XY", 2));
  ASSERT_OK(mml_setslice(m, &s2, "1234", 4));
  ASSERT_OK(mml_move(m, 0, 3, 2));
  th_expect_map(m, "d23d2f1", ABC_LEN);
}

TEST_IMPL(items_access_copy_leaves_file) {
  char path[64];
  mml_map *m = th_file_map(ABC, ABC_LEN, MML_ACCESS_COPY, path);
  scribble(m);
  /* Still refused after the writable check, as in CPython. */
  ASSERT_ERR(mml_setitem(m, ABC_LEN, 0), MML_EINDEX_RANGE);
  ASSERT_ERR(mml_delitem(m, 0), MML_EITEM_DELETE);
  th_expect_file_at(path, 0, ABC, ABC_LEN);
  ASSERT_OK(mml_flush(m, NULL, NULL)); /* a no-op for COPY maps */
  th_expect_file_at(path, 0, ABC, ABC_LEN);
  mml_destroy(m);
  th_expect_file_at(path, 0, ABC, ABC_LEN);
}

TEST_IMPL(items_access_write_reaches_file) {
  static const int access[] = {MML_ACCESS_WRITE, MML_ACCESS_DEFAULT};
  for (int i = 0; i < 2; i++) {
    char path[64];
    mml_map *m = th_file_map(ABC, ABC_LEN, access[i], path);
    scribble(m);
    /* A shared map: visible in the file without a flush. */
    th_expect_file_at(path, 0, "d23d2f1", ABC_LEN);
    mml_destroy(m);
    th_expect_file_at(path, 0, "d23d2f1", ABC_LEN);
  }
}

/* ACCESS_DEFAULT with MAP_PRIVATE: writable, the file keeps its bytes. */
TEST_IMPL(items_map_private_file_unchanged) {
  char path[64];
  int fd = th_temp_file(ABC, ABC_LEN, path);
  mml_map *m = th_open_fd(fd, 0, th_flag("MAP_PRIVATE"), -1, MML_ACCESS_DEFAULT,
                          0, 1, 0);
  close(fd);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  scribble(m);
  th_expect_file_at(path, 0, ABC, ABC_LEN);
  mml_destroy(m);
}

/* A map at file offset G: every index is relative to the map and the
 * writes land at G + index in the file. */
TEST_IMPL(items_file_offset_writes) {
  char path[64];
  int64_t ps = mml_allocation_granularity();
  mml_map *m = offset_map(MML_ACCESS_WRITE, path);
  mml_slice s1 = sl3(1, 3, 1), s2 = make_slice(0, 0, 0, 0, 1, -3);
  /* CPython: m[0] = 65; m[-1] = 71; m[1:3] = b"BC"; m[::-3] = b"xyz"
   * -> b"zBCyefx"; m.move(0, 4, 3) -> b"efxyefx". */
  ASSERT_OK(mml_setitem(m, 0, 'A'));
  ASSERT_OK(mml_setitem(m, -1, 'G'));
  ASSERT_OK(mml_setslice(m, &s1, "BC", 2));
  ASSERT_OK(mml_setslice(m, &s2, "xyz", 3));
  th_expect_map(m, "zBCyefx", ABC_LEN);
  th_expect_file_at(path, ps, "zBCyefx", ABC_LEN);
  ASSERT_OK(mml_move(m, 0, 4, 3));
  th_expect_map(m, "efxyefx", ABC_LEN);
  th_expect_file_at(path, ps, "efxyefx", ABC_LEN);
  ASSERT_ERR(mml_setitem(m, ABC_LEN, 0), MML_EINDEX_RANGE);
  ASSERT_ERR(mml_move(m, 0, 0, ABC_LEN + 1), MML_EMOVE_RANGE);
  ASSERT_ERR(mml_move(m, ABC_LEN, 0, 1), MML_EMOVE_RANGE);
  expect_file_prefix_untouched(path);
  ASSERT_EQ(th_file_size(path), ps + ABC_LEN);
  mml_destroy(m);
}

/* ---- slices: a table of CPython's answers -------------------------------- */

typedef struct bound_ {
  int has;
  int64_t v;
} bound_;
#define NIL                                                                    \
  { 0, 0 }
#define IX(x)                                                                  \
  { 1, (x) }

/* The steps of every table row, in this order. */
static const bound_ slice_steps[9] = {NIL,    IX(1),         IX(-1),
                                      IX(2),  IX(-2),        IX(3),
                                      IX(-3), IX(INT64_MAX), IX(INT64_MIN)};

/* For m = "abcdefg" and each (start, stop) and each step of slice_steps:
 * CPython's m[start:stop:step] and slice(start, stop, step).indices(7)[0].
 * Generated by running CPython 3.13.0 over every combination. */
static const struct {
  bound_ start, stop;
  struct {
    const char *bytes;
    int64_t start;
  } e[9];
} slice_table[] = {
    // clang-format off
    {NIL, NIL,
     {{"abcdefg", 0}, {"abcdefg", 0}, {"gfedcba", 6},
      {"aceg", 0}, {"geca", 6}, {"adg", 0},
      {"gda", 6}, {"a", 0}, {"g", 6}}},
    {NIL, IX(0),
     {{"", 0}, {"", 0}, {"gfedcb", 6},
      {"", 0}, {"gec", 6}, {"", 0},
      {"gd", 6}, {"", 0}, {"g", 6}}},
    {NIL, IX(2),
     {{"ab", 0}, {"ab", 0}, {"gfed", 6},
      {"a", 0}, {"ge", 6}, {"a", 0},
      {"gd", 6}, {"a", 0}, {"g", 6}}},
    {NIL, IX(6),
     {{"abcdef", 0}, {"abcdef", 0}, {"", 6},
      {"ace", 0}, {"", 6}, {"ad", 0},
      {"", 6}, {"a", 0}, {"", 6}}},
    {NIL, IX(-1),
     {{"abcdef", 0}, {"abcdef", 0}, {"", 6},
      {"ace", 0}, {"", 6}, {"ad", 0},
      {"", 6}, {"a", 0}, {"", 6}}},
    {NIL, IX(-3),
     {{"abcd", 0}, {"abcd", 0}, {"gf", 6},
      {"ac", 0}, {"g", 6}, {"ad", 0},
      {"g", 6}, {"a", 0}, {"g", 6}}},
    {NIL, IX(7),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", 6},
      {"aceg", 0}, {"", 6}, {"adg", 0},
      {"", 6}, {"a", 0}, {"", 6}}},
    {NIL, IX(-7),
     {{"", 0}, {"", 0}, {"gfedcb", 6},
      {"", 0}, {"gec", 6}, {"", 0},
      {"gd", 6}, {"", 0}, {"g", 6}}},
    {NIL, IX(-8),
     {{"", 0}, {"", 0}, {"gfedcba", 6},
      {"", 0}, {"geca", 6}, {"", 0},
      {"gda", 6}, {"", 0}, {"g", 6}}},
    {NIL, IX(INT64_MIN),
     {{"", 0}, {"", 0}, {"gfedcba", 6},
      {"", 0}, {"geca", 6}, {"", 0},
      {"gda", 6}, {"", 0}, {"g", 6}}},
    {NIL, IX(INT64_MAX),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", 6},
      {"aceg", 0}, {"", 6}, {"adg", 0},
      {"", 6}, {"a", 0}, {"", 6}}},
    {IX(0), NIL,
     {{"abcdefg", 0}, {"abcdefg", 0}, {"a", 0},
      {"aceg", 0}, {"a", 0}, {"adg", 0},
      {"a", 0}, {"a", 0}, {"a", 0}}},
    {IX(0), IX(0),
     {{"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0}}},
    {IX(0), IX(2),
     {{"ab", 0}, {"ab", 0}, {"", 0},
      {"a", 0}, {"", 0}, {"a", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(0), IX(6),
     {{"abcdef", 0}, {"abcdef", 0}, {"", 0},
      {"ace", 0}, {"", 0}, {"ad", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(0), IX(-1),
     {{"abcdef", 0}, {"abcdef", 0}, {"", 0},
      {"ace", 0}, {"", 0}, {"ad", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(0), IX(-3),
     {{"abcd", 0}, {"abcd", 0}, {"", 0},
      {"ac", 0}, {"", 0}, {"ad", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(0), IX(7),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", 0},
      {"aceg", 0}, {"", 0}, {"adg", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(0), IX(-7),
     {{"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0}}},
    {IX(0), IX(-8),
     {{"", 0}, {"", 0}, {"a", 0},
      {"", 0}, {"a", 0}, {"", 0},
      {"a", 0}, {"", 0}, {"a", 0}}},
    {IX(0), IX(INT64_MIN),
     {{"", 0}, {"", 0}, {"a", 0},
      {"", 0}, {"a", 0}, {"", 0},
      {"a", 0}, {"", 0}, {"a", 0}}},
    {IX(0), IX(INT64_MAX),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", 0},
      {"aceg", 0}, {"", 0}, {"adg", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(2), NIL,
     {{"cdefg", 2}, {"cdefg", 2}, {"cba", 2},
      {"ceg", 2}, {"ca", 2}, {"cf", 2},
      {"c", 2}, {"c", 2}, {"c", 2}}},
    {IX(2), IX(0),
     {{"", 2}, {"", 2}, {"cb", 2},
      {"", 2}, {"c", 2}, {"", 2},
      {"c", 2}, {"", 2}, {"c", 2}}},
    {IX(2), IX(2),
     {{"", 2}, {"", 2}, {"", 2},
      {"", 2}, {"", 2}, {"", 2},
      {"", 2}, {"", 2}, {"", 2}}},
    {IX(2), IX(6),
     {{"cdef", 2}, {"cdef", 2}, {"", 2},
      {"ce", 2}, {"", 2}, {"cf", 2},
      {"", 2}, {"c", 2}, {"", 2}}},
    {IX(2), IX(-1),
     {{"cdef", 2}, {"cdef", 2}, {"", 2},
      {"ce", 2}, {"", 2}, {"cf", 2},
      {"", 2}, {"c", 2}, {"", 2}}},
    {IX(2), IX(-3),
     {{"cd", 2}, {"cd", 2}, {"", 2},
      {"c", 2}, {"", 2}, {"c", 2},
      {"", 2}, {"c", 2}, {"", 2}}},
    {IX(2), IX(7),
     {{"cdefg", 2}, {"cdefg", 2}, {"", 2},
      {"ceg", 2}, {"", 2}, {"cf", 2},
      {"", 2}, {"c", 2}, {"", 2}}},
    {IX(2), IX(-7),
     {{"", 2}, {"", 2}, {"cb", 2},
      {"", 2}, {"c", 2}, {"", 2},
      {"c", 2}, {"", 2}, {"c", 2}}},
    {IX(2), IX(-8),
     {{"", 2}, {"", 2}, {"cba", 2},
      {"", 2}, {"ca", 2}, {"", 2},
      {"c", 2}, {"", 2}, {"c", 2}}},
    {IX(2), IX(INT64_MIN),
     {{"", 2}, {"", 2}, {"cba", 2},
      {"", 2}, {"ca", 2}, {"", 2},
      {"c", 2}, {"", 2}, {"c", 2}}},
    {IX(2), IX(INT64_MAX),
     {{"cdefg", 2}, {"cdefg", 2}, {"", 2},
      {"ceg", 2}, {"", 2}, {"cf", 2},
      {"", 2}, {"c", 2}, {"", 2}}},
    {IX(6), NIL,
     {{"g", 6}, {"g", 6}, {"gfedcba", 6},
      {"g", 6}, {"geca", 6}, {"g", 6},
      {"gda", 6}, {"g", 6}, {"g", 6}}},
    {IX(6), IX(0),
     {{"", 6}, {"", 6}, {"gfedcb", 6},
      {"", 6}, {"gec", 6}, {"", 6},
      {"gd", 6}, {"", 6}, {"g", 6}}},
    {IX(6), IX(2),
     {{"", 6}, {"", 6}, {"gfed", 6},
      {"", 6}, {"ge", 6}, {"", 6},
      {"gd", 6}, {"", 6}, {"g", 6}}},
    {IX(6), IX(6),
     {{"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6}}},
    {IX(6), IX(-1),
     {{"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6}}},
    {IX(6), IX(-3),
     {{"", 6}, {"", 6}, {"gf", 6},
      {"", 6}, {"g", 6}, {"", 6},
      {"g", 6}, {"", 6}, {"g", 6}}},
    {IX(6), IX(7),
     {{"g", 6}, {"g", 6}, {"", 6},
      {"g", 6}, {"", 6}, {"g", 6},
      {"", 6}, {"g", 6}, {"", 6}}},
    {IX(6), IX(-7),
     {{"", 6}, {"", 6}, {"gfedcb", 6},
      {"", 6}, {"gec", 6}, {"", 6},
      {"gd", 6}, {"", 6}, {"g", 6}}},
    {IX(6), IX(-8),
     {{"", 6}, {"", 6}, {"gfedcba", 6},
      {"", 6}, {"geca", 6}, {"", 6},
      {"gda", 6}, {"", 6}, {"g", 6}}},
    {IX(6), IX(INT64_MIN),
     {{"", 6}, {"", 6}, {"gfedcba", 6},
      {"", 6}, {"geca", 6}, {"", 6},
      {"gda", 6}, {"", 6}, {"g", 6}}},
    {IX(6), IX(INT64_MAX),
     {{"g", 6}, {"g", 6}, {"", 6},
      {"g", 6}, {"", 6}, {"g", 6},
      {"", 6}, {"g", 6}, {"", 6}}},
    {IX(-1), NIL,
     {{"g", 6}, {"g", 6}, {"gfedcba", 6},
      {"g", 6}, {"geca", 6}, {"g", 6},
      {"gda", 6}, {"g", 6}, {"g", 6}}},
    {IX(-1), IX(0),
     {{"", 6}, {"", 6}, {"gfedcb", 6},
      {"", 6}, {"gec", 6}, {"", 6},
      {"gd", 6}, {"", 6}, {"g", 6}}},
    {IX(-1), IX(2),
     {{"", 6}, {"", 6}, {"gfed", 6},
      {"", 6}, {"ge", 6}, {"", 6},
      {"gd", 6}, {"", 6}, {"g", 6}}},
    {IX(-1), IX(6),
     {{"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6}}},
    {IX(-1), IX(-1),
     {{"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6},
      {"", 6}, {"", 6}, {"", 6}}},
    {IX(-1), IX(-3),
     {{"", 6}, {"", 6}, {"gf", 6},
      {"", 6}, {"g", 6}, {"", 6},
      {"g", 6}, {"", 6}, {"g", 6}}},
    {IX(-1), IX(7),
     {{"g", 6}, {"g", 6}, {"", 6},
      {"g", 6}, {"", 6}, {"g", 6},
      {"", 6}, {"g", 6}, {"", 6}}},
    {IX(-1), IX(-7),
     {{"", 6}, {"", 6}, {"gfedcb", 6},
      {"", 6}, {"gec", 6}, {"", 6},
      {"gd", 6}, {"", 6}, {"g", 6}}},
    {IX(-1), IX(-8),
     {{"", 6}, {"", 6}, {"gfedcba", 6},
      {"", 6}, {"geca", 6}, {"", 6},
      {"gda", 6}, {"", 6}, {"g", 6}}},
    {IX(-1), IX(INT64_MIN),
     {{"", 6}, {"", 6}, {"gfedcba", 6},
      {"", 6}, {"geca", 6}, {"", 6},
      {"gda", 6}, {"", 6}, {"g", 6}}},
    {IX(-1), IX(INT64_MAX),
     {{"g", 6}, {"g", 6}, {"", 6},
      {"g", 6}, {"", 6}, {"g", 6},
      {"", 6}, {"g", 6}, {"", 6}}},
    {IX(-3), NIL,
     {{"efg", 4}, {"efg", 4}, {"edcba", 4},
      {"eg", 4}, {"eca", 4}, {"e", 4},
      {"eb", 4}, {"e", 4}, {"e", 4}}},
    {IX(-3), IX(0),
     {{"", 4}, {"", 4}, {"edcb", 4},
      {"", 4}, {"ec", 4}, {"", 4},
      {"eb", 4}, {"", 4}, {"e", 4}}},
    {IX(-3), IX(2),
     {{"", 4}, {"", 4}, {"ed", 4},
      {"", 4}, {"e", 4}, {"", 4},
      {"e", 4}, {"", 4}, {"e", 4}}},
    {IX(-3), IX(6),
     {{"ef", 4}, {"ef", 4}, {"", 4},
      {"e", 4}, {"", 4}, {"e", 4},
      {"", 4}, {"e", 4}, {"", 4}}},
    {IX(-3), IX(-1),
     {{"ef", 4}, {"ef", 4}, {"", 4},
      {"e", 4}, {"", 4}, {"e", 4},
      {"", 4}, {"e", 4}, {"", 4}}},
    {IX(-3), IX(-3),
     {{"", 4}, {"", 4}, {"", 4},
      {"", 4}, {"", 4}, {"", 4},
      {"", 4}, {"", 4}, {"", 4}}},
    {IX(-3), IX(7),
     {{"efg", 4}, {"efg", 4}, {"", 4},
      {"eg", 4}, {"", 4}, {"e", 4},
      {"", 4}, {"e", 4}, {"", 4}}},
    {IX(-3), IX(-7),
     {{"", 4}, {"", 4}, {"edcb", 4},
      {"", 4}, {"ec", 4}, {"", 4},
      {"eb", 4}, {"", 4}, {"e", 4}}},
    {IX(-3), IX(-8),
     {{"", 4}, {"", 4}, {"edcba", 4},
      {"", 4}, {"eca", 4}, {"", 4},
      {"eb", 4}, {"", 4}, {"e", 4}}},
    {IX(-3), IX(INT64_MIN),
     {{"", 4}, {"", 4}, {"edcba", 4},
      {"", 4}, {"eca", 4}, {"", 4},
      {"eb", 4}, {"", 4}, {"e", 4}}},
    {IX(-3), IX(INT64_MAX),
     {{"efg", 4}, {"efg", 4}, {"", 4},
      {"eg", 4}, {"", 4}, {"e", 4},
      {"", 4}, {"e", 4}, {"", 4}}},
    {IX(7), NIL,
     {{"", 7}, {"", 7}, {"gfedcba", 6},
      {"", 7}, {"geca", 6}, {"", 7},
      {"gda", 6}, {"", 7}, {"g", 6}}},
    {IX(7), IX(0),
     {{"", 7}, {"", 7}, {"gfedcb", 6},
      {"", 7}, {"gec", 6}, {"", 7},
      {"gd", 6}, {"", 7}, {"g", 6}}},
    {IX(7), IX(2),
     {{"", 7}, {"", 7}, {"gfed", 6},
      {"", 7}, {"ge", 6}, {"", 7},
      {"gd", 6}, {"", 7}, {"g", 6}}},
    {IX(7), IX(6),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    {IX(7), IX(-1),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    {IX(7), IX(-3),
     {{"", 7}, {"", 7}, {"gf", 6},
      {"", 7}, {"g", 6}, {"", 7},
      {"g", 6}, {"", 7}, {"g", 6}}},
    {IX(7), IX(7),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    {IX(7), IX(-7),
     {{"", 7}, {"", 7}, {"gfedcb", 6},
      {"", 7}, {"gec", 6}, {"", 7},
      {"gd", 6}, {"", 7}, {"g", 6}}},
    {IX(7), IX(-8),
     {{"", 7}, {"", 7}, {"gfedcba", 6},
      {"", 7}, {"geca", 6}, {"", 7},
      {"gda", 6}, {"", 7}, {"g", 6}}},
    {IX(7), IX(INT64_MIN),
     {{"", 7}, {"", 7}, {"gfedcba", 6},
      {"", 7}, {"geca", 6}, {"", 7},
      {"gda", 6}, {"", 7}, {"g", 6}}},
    {IX(7), IX(INT64_MAX),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    {IX(-7), NIL,
     {{"abcdefg", 0}, {"abcdefg", 0}, {"a", 0},
      {"aceg", 0}, {"a", 0}, {"adg", 0},
      {"a", 0}, {"a", 0}, {"a", 0}}},
    {IX(-7), IX(0),
     {{"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0}}},
    {IX(-7), IX(2),
     {{"ab", 0}, {"ab", 0}, {"", 0},
      {"a", 0}, {"", 0}, {"a", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(-7), IX(6),
     {{"abcdef", 0}, {"abcdef", 0}, {"", 0},
      {"ace", 0}, {"", 0}, {"ad", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(-7), IX(-1),
     {{"abcdef", 0}, {"abcdef", 0}, {"", 0},
      {"ace", 0}, {"", 0}, {"ad", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(-7), IX(-3),
     {{"abcd", 0}, {"abcd", 0}, {"", 0},
      {"ac", 0}, {"", 0}, {"ad", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(-7), IX(7),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", 0},
      {"aceg", 0}, {"", 0}, {"adg", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(-7), IX(-7),
     {{"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0},
      {"", 0}, {"", 0}, {"", 0}}},
    {IX(-7), IX(-8),
     {{"", 0}, {"", 0}, {"a", 0},
      {"", 0}, {"a", 0}, {"", 0},
      {"a", 0}, {"", 0}, {"a", 0}}},
    {IX(-7), IX(INT64_MIN),
     {{"", 0}, {"", 0}, {"a", 0},
      {"", 0}, {"a", 0}, {"", 0},
      {"a", 0}, {"", 0}, {"a", 0}}},
    {IX(-7), IX(INT64_MAX),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", 0},
      {"aceg", 0}, {"", 0}, {"adg", 0},
      {"", 0}, {"a", 0}, {"", 0}}},
    {IX(-8), NIL,
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", -1},
      {"aceg", 0}, {"", -1}, {"adg", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(-8), IX(0),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(-8), IX(2),
     {{"ab", 0}, {"ab", 0}, {"", -1},
      {"a", 0}, {"", -1}, {"a", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(-8), IX(6),
     {{"abcdef", 0}, {"abcdef", 0}, {"", -1},
      {"ace", 0}, {"", -1}, {"ad", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(-8), IX(-1),
     {{"abcdef", 0}, {"abcdef", 0}, {"", -1},
      {"ace", 0}, {"", -1}, {"ad", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(-8), IX(-3),
     {{"abcd", 0}, {"abcd", 0}, {"", -1},
      {"ac", 0}, {"", -1}, {"ad", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(-8), IX(7),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", -1},
      {"aceg", 0}, {"", -1}, {"adg", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(-8), IX(-7),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(-8), IX(-8),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(-8), IX(INT64_MIN),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(-8), IX(INT64_MAX),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", -1},
      {"aceg", 0}, {"", -1}, {"adg", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MIN), NIL,
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", -1},
      {"aceg", 0}, {"", -1}, {"adg", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(0),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(2),
     {{"ab", 0}, {"ab", 0}, {"", -1},
      {"a", 0}, {"", -1}, {"a", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(6),
     {{"abcdef", 0}, {"abcdef", 0}, {"", -1},
      {"ace", 0}, {"", -1}, {"ad", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(-1),
     {{"abcdef", 0}, {"abcdef", 0}, {"", -1},
      {"ace", 0}, {"", -1}, {"ad", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(-3),
     {{"abcd", 0}, {"abcd", 0}, {"", -1},
      {"ac", 0}, {"", -1}, {"ad", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(7),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", -1},
      {"aceg", 0}, {"", -1}, {"adg", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(-7),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(-8),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(INT64_MIN),
     {{"", 0}, {"", 0}, {"", -1},
      {"", 0}, {"", -1}, {"", 0},
      {"", -1}, {"", 0}, {"", -1}}},
    {IX(INT64_MIN), IX(INT64_MAX),
     {{"abcdefg", 0}, {"abcdefg", 0}, {"", -1},
      {"aceg", 0}, {"", -1}, {"adg", 0},
      {"", -1}, {"a", 0}, {"", -1}}},
    {IX(INT64_MAX), NIL,
     {{"", 7}, {"", 7}, {"gfedcba", 6},
      {"", 7}, {"geca", 6}, {"", 7},
      {"gda", 6}, {"", 7}, {"g", 6}}},
    {IX(INT64_MAX), IX(0),
     {{"", 7}, {"", 7}, {"gfedcb", 6},
      {"", 7}, {"gec", 6}, {"", 7},
      {"gd", 6}, {"", 7}, {"g", 6}}},
    {IX(INT64_MAX), IX(2),
     {{"", 7}, {"", 7}, {"gfed", 6},
      {"", 7}, {"ge", 6}, {"", 7},
      {"gd", 6}, {"", 7}, {"g", 6}}},
    {IX(INT64_MAX), IX(6),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    {IX(INT64_MAX), IX(-1),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    {IX(INT64_MAX), IX(-3),
     {{"", 7}, {"", 7}, {"gf", 6},
      {"", 7}, {"g", 6}, {"", 7},
      {"g", 6}, {"", 7}, {"g", 6}}},
    {IX(INT64_MAX), IX(7),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    {IX(INT64_MAX), IX(-7),
     {{"", 7}, {"", 7}, {"gfedcb", 6},
      {"", 7}, {"gec", 6}, {"", 7},
      {"gd", 6}, {"", 7}, {"g", 6}}},
    {IX(INT64_MAX), IX(-8),
     {{"", 7}, {"", 7}, {"gfedcba", 6},
      {"", 7}, {"geca", 6}, {"", 7},
      {"gda", 6}, {"", 7}, {"g", 6}}},
    {IX(INT64_MAX), IX(INT64_MIN),
     {{"", 7}, {"", 7}, {"gfedcba", 6},
      {"", 7}, {"geca", 6}, {"", 7},
      {"gda", 6}, {"", 7}, {"g", 6}}},
    {IX(INT64_MAX), IX(INT64_MAX),
     {{"", 7}, {"", 7}, {"", 6},
      {"", 7}, {"", 6}, {"", 7},
      {"", 6}, {"", 7}, {"", 6}}},
    // clang-format on
};

/* The slice of slice_table's row R with slice_steps' step K. */
static mml_slice table_slice(size_t r, size_t k) {
  return make_slice(slice_table[r].start.has, slice_table[r].start.v,
                    slice_table[r].stop.has, slice_table[r].stop.v,
                    slice_steps[k].has, slice_steps[k].v);
}

/* Runs every slice_table case against M (holding "abcdefg"): getslice,
 * slice_indices, setslice (the upper-cased slice must land exactly on the
 * sliced letters, which CPython confirmed for every case), a wrong-size
 * setslice and delslice. With PATH, the file must follow at FILE_OFF. */
static void run_slice_table(mml_map *m, const char *path, int64_t file_off) {
  for (size_t r = 0; r < sizeof slice_table / sizeof slice_table[0]; r++) {
    for (size_t k = 0; k < 9; k++) {
      mml_slice sl = table_slice(r, k);
      const char *want = slice_table[r].e[k].bytes;
      int64_t n = (int64_t)strlen(want), start = -1, step = 0, count = -1;
      uint8_t upper[ABC_LEN + 1], after[ABC_LEN];
      int ok;
      set_context("slice_table", r, k);
      th_expect_slice(m, &sl, want, n);

      ASSERT_OK(mml_slice_indices(m, &sl, &start, &step, &count));
      ASSERT_EQ(start, slice_table[r].e[k].start);
      ASSERT_EQ(count, n);
      /* INT64_MIN: see items_slice_indices_step_int64_min. */
      if (slice_steps[k].v != INT64_MIN)
        ASSERT_EQ(step, slice_steps[k].has ? slice_steps[k].v : 1);

      for (int64_t i = 0; i < n; i++)
        upper[i] = (uint8_t)(want[i] - 32);
      upper[n] = 'X';
      for (int64_t i = 0; i < ABC_LEN; i++)
        after[i] =
            (uint8_t)(memchr(want, ABC[i], (size_t)n) != NULL ? ABC[i] - 32
                                                              : ABC[i]);
      ok = mml_setslice(m, &sl, upper, n);
      ASSERT_OK(ok);
      th_expect_map(m, after, ABC_LEN);
      if (path != NULL)
        th_expect_file_at(path, file_off, after, ABC_LEN);
      {
        mml_slice all = make_slice(0, 0, 0, 0, 0, 0);
        ASSERT_OK(mml_setslice(m, &all, ABC, ABC_LEN));
      }
      /* One byte too many, and one too few. */
      ASSERT_ERR(mml_setslice(m, &sl, upper, n + 1), MML_ESLICE_SIZE);
      if (n > 0)
        ASSERT_ERR(mml_setslice(m, &sl, upper, n - 1), MML_ESLICE_SIZE);
      ASSERT_ERR(mml_delslice(m, &sl), MML_ESLICE_DELETE);
      th_expect_map(m, ABC, ABC_LEN);
    }
  }
  set_context(NULL, 0, 0);
}

TEST_IMPL(items_slice_table_anon) {
  mml_map *m = th_anon(ABC, ABC_LEN);
  ASSERT_OK(mml_seek(m, 2, 0, NULL));
  run_slice_table(m, NULL, 0);
  ASSERT_EQ(th_tell(m), 2);
  mml_destroy(m);
}

TEST_IMPL(items_slice_table_file_offset) {
  char path[64];
  mml_map *m = offset_map(MML_ACCESS_DEFAULT, path);
  run_slice_table(m, path, mml_allocation_granularity());
  expect_file_prefix_untouched(path);
  mml_destroy(m);
}

TEST_IMPL(items_slice_table_readonly_get) {
  mml_map *m = th_file_map(ABC, ABC_LEN, MML_ACCESS_READ, NULL);
  for (size_t r = 0; r < sizeof slice_table / sizeof slice_table[0]; r++) {
    for (size_t k = 0; k < 9; k++) {
      mml_slice sl = table_slice(r, k);
      const char *want = slice_table[r].e[k].bytes;
      const int64_t n = (int64_t)strlen(want);
      th_expect_slice(m, &sl, want, n);
      ASSERT_ERR(mml_setslice(m, &sl, want, n), MML_EREADONLY);
      ASSERT_ERR(mml_delslice(m, &sl), MML_EREADONLY);
    }
  }
  mml_destroy(m);
}

/* slice(None, None, -2**63).indices(7) == (6, -1, -9223372036854775808):
 * slice.indices() does not clamp the step (m[::-2**63] clamps it to
 * -sys.maxsize internally, which gives the same bytes, b"g"). */
TEST_IMPL(items_slice_indices_step_int64_min) {
  static const struct {
    bound_ start, stop;
    int64_t start_out, count;
    const char *bytes;
  } cases[] = {
      {NIL, NIL, 6, 1, "g"},
      {IX(2), NIL, 2, 1, "c"},
      {IX(INT64_MIN), NIL, -1, 0, ""},
      {IX(INT64_MAX), IX(INT64_MIN), 6, 1, "g"},
      {IX(0), IX(-1), 0, 0, ""},
  };
  mml_map *m = th_anon(ABC, ABC_LEN);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mml_slice sl = make_slice(cases[i].start.has, cases[i].start.v,
                              cases[i].stop.has, cases[i].stop.v, 1, INT64_MIN);
    int64_t start = 0, step = 0, count = -1;
    th_expect_slice(m, &sl, cases[i].bytes, cases[i].count);
    ASSERT_OK(mml_slice_indices(m, &sl, &start, &step, &count));
    ASSERT_EQ(start, cases[i].start_out);
    ASSERT_EQ(count, cases[i].count);
    ASSERT_EQ(step, INT64_MIN);
  }
  mml_destroy(m);
}

/* A few cases spelled out (the table covers them too). */
TEST_IMPL(items_getslice_named_cases) {
  static const struct {
    mml_slice sl;
    const char *bytes;
  } cases[] = {
      /* m[::-1]: the reversed full slice */
      {{0, 0, -1, 0, 0, 1}, "gfedcba"},
      /* m[::-sys.maxsize-1] */
      {{0, 0, INT64_MIN, 0, 0, 1}, "g"},
      /* m[-2**70:2**70] */
      {{INT64_MIN, INT64_MAX, 0, 1, 1, 0}, "abcdefg"},
      /* m[2**70:-2**70:-1] */
      {{INT64_MAX, INT64_MIN, -1, 1, 1, 1}, "gfedcba"},
      /* m[-sys.maxsize-1:sys.maxsize:sys.maxsize] */
      {{INT64_MIN, INT64_MAX, INT64_MAX, 1, 1, 1}, "a"},
      /* m[sys.maxsize::sys.maxsize], m[5:2], m[2:5:-1], m[7:], m[:-7] */
      {{INT64_MAX, 0, INT64_MAX, 1, 0, 1}, ""},
      {{5, 2, 0, 1, 1, 0}, ""},
      {{2, 5, -1, 1, 1, 1}, ""},
      {{7, 0, 0, 1, 0, 0}, ""},
      {{0, -7, 0, 0, 1, 0}, ""},
      /* m[-1:-8:-3], m[1::2], m[-2::-2], m[6:-8:-1] */
      {{-1, -8, -3, 1, 1, 1}, "gda"},
      {{1, 0, 2, 1, 0, 1}, "bdf"},
      {{-2, 0, -2, 1, 0, 1}, "fdb"},
      {{6, -8, -1, 1, 1, 1}, "gfedcba"},
  };
  mml_map *m = th_anon(ABC, ABC_LEN);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    /* the buffer is never NULL, even for b"" */
    th_expect_slice(m, &cases[i].sl, cases[i].bytes,
                    (int64_t)strlen(cases[i].bytes));
  }
  mml_destroy(m);
}

/* slice(a, b, 0): "slice step cannot be zero" whatever the bounds; for
 * setslice and delslice after the readonly check (covered above) and
 * before the size check and the deletion error. */
TEST_IMPL(items_slice_step_zero) {
  static const bound_ b[] = {NIL,    IX(0),         IX(3),
                             IX(-1), IX(INT64_MAX), IX(INT64_MIN)};
  mml_map *m = th_anon(ABC, ABC_LEN);
  for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
    for (size_t j = 0; j < sizeof b / sizeof b[0]; j++) {
      mml_slice sl = make_slice(b[i].has, b[i].v, b[j].has, b[j].v, 1, 0);
      int64_t start = -5, step = -5, count = -5;
      uint8_t *out = NULL;
      ASSERT_ERR(mml_getslice(m, &sl, &out, NULL), MML_ESLICE_STEP_ZERO);
      ASSERT_NULL(out);
      ASSERT_ERR(mml_slice_indices(m, &sl, &start, &step, &count),
                 MML_ESLICE_STEP_ZERO);
      ASSERT_EQ(start, -5);
      ASSERT_EQ(count, -5);
      ASSERT_ERR(mml_setslice(m, &sl, "", 0), MML_ESLICE_STEP_ZERO);
      ASSERT_ERR(mml_setslice(m, &sl, "ab", 2), MML_ESLICE_STEP_ZERO);
      ASSERT_ERR(mml_setslice(m, &sl, ABC, ABC_LEN), MML_ESLICE_STEP_ZERO);
      ASSERT_ERR(mml_delslice(m, &sl), MML_ESLICE_STEP_ZERO);
    }
  }
  ASSERT_EQ(mml_err_kind(MML_ESLICE_STEP_ZERO), MML_EXC_VALUE);
  th_expect_map(m, ABC, ABC_LEN);
  mml_destroy(m);
}

/* ---- slice assignment --------------------------------------------------- */

/* The sequence CPython ran on "abcdefg", each step checked. */
TEST_IMPL(items_setslice_exact_and_extended) {
  static const struct {
    mml_slice sl;
    const char *data;
    int rc;
    const char *after;
  } steps[] = {
      /* m[3:3] = b"" (no-op), m[3:3] = b"x" (wrong size) */
      {{3, 3, 0, 1, 1, 0}, "", 0, "abcdefg"},
      {{3, 3, 0, 1, 1, 0}, "x", MML_ESLICE_SIZE, "abcdefg"},
      /* m[2:5:-1] = b"", m[sys.maxsize:] = b"x" */
      {{2, 5, -1, 1, 1, 1}, "", 0, "abcdefg"},
      {{INT64_MAX, 0, 0, 1, 0, 0}, "x", MML_ESLICE_SIZE, "abcdefg"},
      /* m[0:3] = b"xy", m[::2] = b"xyz", m[::-3] = b"xy" */
      {{0, 3, 0, 1, 1, 0}, "xy", MML_ESLICE_SIZE, "abcdefg"},
      {{0, 0, 2, 0, 0, 1}, "xyz", MML_ESLICE_SIZE, "abcdefg"},
      {{0, 0, -3, 0, 0, 1}, "xy", MML_ESLICE_SIZE, "abcdefg"},
      /* m[::-3] = b"XYZ", m[1::2] = b"123" */
      {{0, 0, -3, 0, 0, 1}, "XYZ", 0, "ZbcYefX"},
      {{1, 0, 2, 1, 0, 1}, "123", 0, "Z1c2e3X"},
      /* m[::sys.maxsize] = b"!", m[::-sys.maxsize-1] = b"?" */
      {{0, 0, INT64_MAX, 0, 0, 1}, "!", 0, "!1c2e3X"},
      {{0, 0, INT64_MIN, 0, 0, 1}, "?", 0, "!1c2e3?"},
      /* m[-sys.maxsize-1:sys.maxsize] = b"ABCDEFG" */
      {{INT64_MIN, INT64_MAX, 0, 1, 1, 0}, "ABCDEFG", 0, "ABCDEFG"},
      /* m[1:4] = b"xyz", m[-1:-4:-1] = b"123", m[6:2:-2] = b"!?" */
      {{1, 4, 0, 1, 1, 0}, "xyz", 0, "AxyzEFG"},
      {{-1, -4, -1, 1, 1, 1}, "123", 0, "Axyz321"},
      {{6, 2, -2, 1, 1, 1}, "!?", 0, "Axyz?2!"},
      /* m[:] = b"abcdefgh" (one too many), m[:] = b"" */
      {{0, 0, 0, 0, 0, 0}, "abcdefgh", MML_ESLICE_SIZE, "Axyz?2!"},
      {{0, 0, 0, 0, 0, 0}, "", MML_ESLICE_SIZE, "Axyz?2!"},
  };
  mml_map *m = th_anon(ABC, ABC_LEN);
  ASSERT_OK(mml_seek(m, 3, 0, NULL));
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    ASSERT_ERR(mml_setslice(m, &steps[i].sl, steps[i].data,
                            (int64_t)strlen(steps[i].data)),
               steps[i].rc);
    th_expect_map(m, steps[i].after, ABC_LEN);
  }
  ASSERT_EQ(mml_err_kind(MML_ESLICE_SIZE), MML_EXC_INDEX); /* not Value */
  ASSERT_EQ(th_tell(m), 3);
  mml_destroy(m);
}

/* The source points into the map itself (CPython: a memoryview of m as
 * the value). Step 1 copies as memmove does; an extended slice copies
 * element by element, reading bytes it may already have written. */
TEST_IMPL(items_setslice_source_aliases_map) {
  static const struct {
    mml_slice sl;
    int64_t src, len;
    const char *after;
  } cases[] = {
      /* m[1:5] = mv[0:4] */
      {{1, 5, 0, 1, 1, 0}, 0, 4, "aabcdfg"},
      /* m[0:4] = mv[1:5] */
      {{0, 4, 0, 1, 1, 0}, 1, 4, "bcdeefg"},
      /* m[:] = mv */
      {{0, 0, 0, 0, 0, 0}, 0, 7, "abcdefg"},
      /* m[::-1] = mv */
      {{0, 0, -1, 0, 0, 1}, 0, 7, "abcdcba"},
      /* m[::2] = mv[3:7] */
      {{0, 0, 2, 0, 0, 1}, 3, 4, "dbedffg"},
  };
  enum { BIG = 10000 };
  uint8_t *data = NULL, *want = malloc(BIG), *orig = malloc(BIG);
  int64_t len = 0;
  mml_map *m;
  ASSERT_NOT_NULL(want);
  ASSERT_NOT_NULL(orig);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    m = th_anon(ABC, ABC_LEN);
    ASSERT_OK(mml_buffer_export(m, &data, &len, NULL));
    ASSERT_OK(mml_setslice(m, &cases[i].sl, data + cases[i].src, cases[i].len));
    ASSERT_OK(mml_buffer_release(m));
    th_expect_map(m, cases[i].after, ABC_LEN);
    mml_destroy(m);
  }
  /* Large overlapping copies, both directions: m[1:N] = mv[0:N-1] and
   * m[0:N-1] = mv[1:N] (CPython: d[:1] + d[:N-1] and d[1:] + d[-1:]). */
  for (int64_t i = 0; i < BIG; i++)
    orig[i] = (uint8_t)((i * 7 + i / 256) % 251);
  m = th_anon(orig, BIG);
  ASSERT_OK(mml_buffer_export(m, &data, &len, NULL));
  {
    mml_slice fwd = sl3(1, BIG, 1), back = sl3(0, BIG - 1, 1);
    ASSERT_OK(mml_setslice(m, &fwd, data, BIG - 1));
    want[0] = orig[0];
    memcpy(want + 1, orig, BIG - 1);
    ASSERT_MEM_EQ(data, want, BIG);
    memcpy(data, orig, BIG);
    ASSERT_OK(mml_setslice(m, &back, data + 1, BIG - 1));
    memcpy(want, orig + 1, BIG - 1);
    want[BIG - 1] = orig[BIG - 1];
    ASSERT_MEM_EQ(data, want, BIG);
  }
  ASSERT_OK(mml_buffer_release(m));
  mml_destroy(m);
  free(want);
  free(orig);
}

/* ---- del m[a:b:c] ------------------------------------------------------- */

TEST_IMPL(items_delslice) {
  mml_slice cases[6];
  mml_map *m = th_anon(ABC, ABC_LEN);
  cases[0] = sl3(0, 2, 1);
  cases[1] = make_slice(0, 0, 0, 0, 0, 0);
  cases[2] = sl3(5, 2, 1); /* empty */
  cases[3] = sl3(INT64_MIN, INT64_MAX, INT64_MIN);
  cases[4] = sl3(INT64_MAX, INT64_MAX, INT64_MAX); /* empty */
  cases[5] = make_slice(0, 0, 0, 0, 1, -2);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    ASSERT_ERR(mml_delslice(m, &cases[i]), MML_ESLICE_DELETE);
  ASSERT_EQ(mml_err_kind(MML_ESLICE_DELETE), MML_EXC_TYPE);
  th_expect_map(m, ABC, ABC_LEN);
  mml_destroy(m);
}

/* ---- move --------------------------------------------------------------- */

/* Every (dest, src, count) over these values on "abcdefg" (len 7); the
 * table holds the 55 combinations CPython accepts and the result of each;
 * all others are "source, destination, or count out of range". */
static const int64_t move_vals[] = {
    0, 1, 3, 6, 7, 8, -1, INT64_MAX, INT64_MIN, INT64_MAX - 1, -INT64_MAX};
static const struct {
  int64_t dest, src, count;
  const char *after;
} move_ok[] = {
    {0, 0, 0, "abcdefg"}, {0, 0, 1, "abcdefg"}, {0, 0, 3, "abcdefg"},
    {0, 0, 6, "abcdefg"}, {0, 0, 7, "abcdefg"}, {0, 1, 0, "abcdefg"},
    {0, 1, 1, "bbcdefg"}, {0, 1, 3, "bcddefg"}, {0, 1, 6, "bcdefgg"},
    {0, 3, 0, "abcdefg"}, {0, 3, 1, "dbcdefg"}, {0, 3, 3, "defdefg"},
    {0, 6, 0, "abcdefg"}, {0, 6, 1, "gbcdefg"}, {0, 7, 0, "abcdefg"},
    {1, 0, 0, "abcdefg"}, {1, 0, 1, "aacdefg"}, {1, 0, 3, "aabcefg"},
    {1, 0, 6, "aabcdef"}, {1, 1, 0, "abcdefg"}, {1, 1, 1, "abcdefg"},
    {1, 1, 3, "abcdefg"}, {1, 1, 6, "abcdefg"}, {1, 3, 0, "abcdefg"},
    {1, 3, 1, "adcdefg"}, {1, 3, 3, "adefefg"}, {1, 6, 0, "abcdefg"},
    {1, 6, 1, "agcdefg"}, {1, 7, 0, "abcdefg"}, {3, 0, 0, "abcdefg"},
    {3, 0, 1, "abcaefg"}, {3, 0, 3, "abcabcg"}, {3, 1, 0, "abcdefg"},
    {3, 1, 1, "abcbefg"}, {3, 1, 3, "abcbcdg"}, {3, 3, 0, "abcdefg"},
    {3, 3, 1, "abcdefg"}, {3, 3, 3, "abcdefg"}, {3, 6, 0, "abcdefg"},
    {3, 6, 1, "abcgefg"}, {3, 7, 0, "abcdefg"}, {6, 0, 0, "abcdefg"},
    {6, 0, 1, "abcdefa"}, {6, 1, 0, "abcdefg"}, {6, 1, 1, "abcdefb"},
    {6, 3, 0, "abcdefg"}, {6, 3, 1, "abcdefd"}, {6, 6, 0, "abcdefg"},
    {6, 6, 1, "abcdefg"}, {6, 7, 0, "abcdefg"}, {7, 0, 0, "abcdefg"},
    {7, 1, 0, "abcdefg"}, {7, 3, 0, "abcdefg"}, {7, 6, 0, "abcdefg"},
    {7, 7, 0, "abcdefg"},
};

static void run_move_table(mml_map *m, const char *path, int64_t file_off) {
  const size_t nv = sizeof move_vals / sizeof move_vals[0];
  size_t seen = 0;
  for (size_t i = 0; i < nv; i++) {
    for (size_t j = 0; j < nv; j++) {
      for (size_t k = 0; k < nv; k++) {
        int64_t d = move_vals[i], s = move_vals[j], c = move_vals[k];
        const char *after = NULL;
        set_context("move_vals dest*11+src", i * nv + j, k);
        for (size_t t = 0; t < sizeof move_ok / sizeof move_ok[0]; t++)
          if (move_ok[t].dest == d && move_ok[t].src == s &&
              move_ok[t].count == c)
            after = move_ok[t].after;
        if (after != NULL) {
          mml_slice all = make_slice(0, 0, 0, 0, 0, 0);
          seen++;
          ASSERT_OK(mml_move(m, d, s, c));
          th_expect_map(m, after, ABC_LEN);
          if (path != NULL)
            th_expect_file_at(path, file_off, after, ABC_LEN);
          ASSERT_OK(mml_setslice(m, &all, ABC, ABC_LEN));
        } else {
          ASSERT_ERR(mml_move(m, d, s, c), MML_EMOVE_RANGE);
          th_expect_map(m, ABC, ABC_LEN);
        }
        ASSERT_EQ(th_tell(m), 2); /* move never changes the position */
      }
    }
  }
  set_context(NULL, 0, 0);
  ASSERT_EQ(seen, sizeof move_ok / sizeof move_ok[0]);
}

TEST_IMPL(items_move_table_anon) {
  mml_map *m = th_anon(ABC, ABC_LEN);
  ASSERT_OK(mml_seek(m, 2, 0, NULL));
  run_move_table(m, NULL, 0);
  /* The spec's example: no overflow in len - src < count. */
  ASSERT_ERR(mml_move(m, 1, 1, INT64_MAX), MML_EMOVE_RANGE);
  ASSERT_EQ(mml_err_kind(MML_EMOVE_RANGE), MML_EXC_VALUE);
  mml_destroy(m);
}

TEST_IMPL(items_move_table_file_offset) {
  char path[64];
  mml_map *m = offset_map(MML_ACCESS_WRITE, path);
  ASSERT_OK(mml_seek(m, 2, 0, NULL));
  run_move_table(m, path, mml_allocation_granularity());
  expect_file_prefix_untouched(path);
  mml_destroy(m);
}

/* Overlapping moves of 9999 bytes both ways (memmove semantics), and the
 * position is kept, also past the end of an ACCESS_COPY map's data. */
TEST_IMPL(items_move_overlap_large) {
  enum { BIG = 10000 };
  uint8_t *orig = malloc(BIG), *want = malloc(BIG), *got;
  int64_t len = 0;
  mml_map *m;
  ASSERT_NOT_NULL(orig);
  ASSERT_NOT_NULL(want);
  for (int64_t i = 0; i < BIG; i++)
    orig[i] = (uint8_t)((i * 7 + i / 256) % 251);
  m = th_anon(orig, BIG);
  ASSERT_OK(mml_seek(m, BIG, 0, NULL));
  ASSERT_OK(mml_move(m, 1, 0, BIG - 1));
  want[0] = orig[0];
  memcpy(want + 1, orig, BIG - 1);
  got = th_content(m, &len);
  ASSERT_EQ(len, BIG);
  ASSERT_MEM_EQ(got, want, BIG);
  mml_free(got);
  mml_destroy(m);

  m = th_anon(orig, BIG);
  ASSERT_OK(mml_move(m, 0, 1, BIG - 1));
  memcpy(want, orig + 1, BIG - 1);
  want[BIG - 1] = orig[BIG - 1];
  got = th_content(m, &len);
  ASSERT_MEM_EQ(got, want, BIG);
  mml_free(got);
  ASSERT_OK(mml_move(m, 0, BIG, 0)); /* count 0 at the end: allowed */
  ASSERT_OK(mml_move(m, BIG, 0, 0));
  ASSERT_ERR(mml_move(m, BIG, 0, 1), MML_EMOVE_RANGE);
  ASSERT_ERR(mml_move(m, 0, BIG + 1, 0), MML_EMOVE_RANGE);
  ASSERT_EQ(th_tell(m), 0);
  mml_destroy(m);
  free(orig);
  free(want);
}

/* ---- after resize ------------------------------------------------------- */

/* CPython on a MAP_PRIVATE anonymous map of b"abcdefg":
 * resize(PAGESIZE + 3) -> m[6] == 103, m[7] == 0, m[-1] == 0,
 * m[PAGESIZE + 3] IndexError, m[5:9] == b"fg\0\0"; m[PAGESIZE + 2] = 200;
 * m[-PAGESIZE - 3] = 66; move(PAGESIZE, 0, 3) -> m[PAGESIZE:PAGESIZE+3] ==
 * b"Bbc"; resize(3) -> m[:] == b"Bbc", m[3] IndexError, m[-1] == 99,
 * m[0:sys.maxsize] == b"Bbc", m[::-1] == b"cbB", move(0, 1, 3) ValueError,
 * move(1, 0, 2) -> b"BBb". */
TEST_IMPL(items_after_grow_and_shrink_anon) {
  int64_t ps = mml_pagesize(), big = ps + 3;
  mml_open_args a;
  mml_map *m = NULL;
  uint8_t v = 0;
  mml_slice s59 = sl3(5, 9, 1), head = sl3(0, INT64_MAX, 1),
            rev = make_slice(0, 0, 0, 0, 1, -1),
            all = make_slice(0, 0, 0, 0, 0, 0);
  mml_open_args_init(&a);
  a.length = ABC_LEN;
  a.flags = th_flag("MAP_PRIVATE");
  ASSERT_OK(mml_open(&m, &a));
  ASSERT_OK(mml_setslice(m, &all, ABC, ABC_LEN));
  ASSERT_OK(mml_resize(m, big));
  ASSERT_OK(mml_getitem(m, 6, &v));
  ASSERT_EQ(v, 'g');
  ASSERT_OK(mml_getitem(m, 7, &v));
  ASSERT_EQ(v, 0);
  ASSERT_OK(mml_getitem(m, -1, &v));
  ASSERT_EQ(v, 0);
  ASSERT_ERR(mml_getitem(m, big, &v), MML_EINDEX_RANGE);
  ASSERT_ERR(mml_getitem(m, -big - 1, &v), MML_EINDEX_RANGE);
  th_expect_slice(m, &s59, "fg\0\0", 4);
  ASSERT_OK(mml_setitem(m, big - 1, 200));
  ASSERT_OK(mml_setitem(m, -big, 'B'));
  ASSERT_OK(mml_getitem(m, big - 1, &v));
  ASSERT_EQ(v, 200);
  ASSERT_OK(mml_move(m, ps, 0, 3));
  {
    mml_slice tail = sl3(ps, ps + 3, 1);
    th_expect_slice(m, &tail, "Bbc", 3);
  }
  ASSERT_OK(mml_move(m, 0, big - 1, 1));
  ASSERT_OK(mml_move(m, big, big, 0));
  ASSERT_ERR(mml_move(m, big, 0, 1), MML_EMOVE_RANGE);
  ASSERT_OK(mml_setitem(m, 0, 'B'));

  ASSERT_OK(mml_resize(m, 3));
  th_expect_map(m, "Bbc", 3);
  ASSERT_ERR(mml_getitem(m, 3, &v), MML_EINDEX_RANGE);
  ASSERT_ERR(mml_getitem(m, -4, &v), MML_EINDEX_RANGE);
  ASSERT_OK(mml_getitem(m, -1, &v));
  ASSERT_EQ(v, 'c');
  ASSERT_ERR(mml_setitem(m, 3, 1), MML_EINDEX_RANGE);
  th_expect_slice(m, &head, "Bbc", 3);
  th_expect_slice(m, &rev, "cbB", 3);
  ASSERT_OK(mml_setslice(m, &s59, "", 0)); /* m[5:9] is empty now */
  ASSERT_ERR(mml_setslice(m, &all, ABC, ABC_LEN), MML_ESLICE_SIZE);
  ASSERT_ERR(mml_move(m, 0, 1, 3), MML_EMOVE_RANGE);
  ASSERT_OK(mml_move(m, 1, 0, 2));
  th_expect_map(m, "BBb", 3);
  mml_destroy(m);
}

/* CPython on a shared file map of b"abcdefg": resize(10) -> m[:] ==
 * b"abcdefg\0\0\0", m[10] IndexError; m[9] = 90; m[7:9] = b"hi" -> the
 * file is b"abcdefghiZ"; resize(4) -> m[:] == b"abcd", m[4] and m[-5]
 * IndexError, m[-4] == 97, m[2:sys.maxsize] == b"cd", m[::-2] == b"db". */
TEST_IMPL(items_after_grow_and_shrink_file) {
  char path[64];
  mml_map *m = th_file_map(ABC, ABC_LEN, MML_ACCESS_DEFAULT, path);
  mml_slice s79 = sl3(7, 9, 1), s2 = sl3(2, INT64_MAX, 1),
            r2 = make_slice(0, 0, 0, 0, 1, -2);
  uint8_t v = 0;
  ASSERT_OK(mml_resize(m, 10));
  th_expect_map(m, "abcdefg\0\0\0", 10);
  ASSERT_ERR(mml_getitem(m, 10, &v), MML_EINDEX_RANGE);
  ASSERT_OK(mml_getitem(m, 9, &v));
  ASSERT_EQ(v, 0);
  ASSERT_OK(mml_setitem(m, 9, 90));
  ASSERT_OK(mml_setslice(m, &s79, "hi", 2));
  th_expect_file_at(path, 0, "abcdefghiZ", 10);
  ASSERT_OK(mml_resize(m, 4));
  th_expect_map(m, "abcd", 4);
  ASSERT_ERR(mml_getitem(m, 4, &v), MML_EINDEX_RANGE);
  ASSERT_ERR(mml_getitem(m, -5, &v), MML_EINDEX_RANGE);
  ASSERT_OK(mml_getitem(m, -4, &v));
  ASSERT_EQ(v, 'a');
  th_expect_slice(m, &s2, "cd", 2);
  th_expect_slice(m, &r2, "db", 2);
  ASSERT_ERR(mml_move(m, 0, 0, 5), MML_EMOVE_RANGE);
  ASSERT_ERR(mml_setitem(m, 4, 'x'), MML_EINDEX_RANGE);
  ASSERT_EQ(th_file_size(path), 4);
  mml_destroy(m);
}

/* ---- buffer exports ----------------------------------------------------- */

/* CPython with mv = memoryview(m) alive: m[0] = 65 shows in mv[0];
 * mv[1] = 66 shows in m[1]; m[2:4] = b"CD"; m.move(4, 0, 3) -> both read
 * b"ABCDABC"; del m[0] is still the deletion TypeError and resize the
 * BufferError. */
TEST_IMPL(items_buffer_export_interplay) {
  mml_open_args a;
  mml_map *m = NULL;
  uint8_t *data = NULL, v = 0;
  int64_t len = 0;
  int ro = -1;
  mml_slice s24 = sl3(2, 4, 1), all = make_slice(0, 0, 0, 0, 0, 0);
  mml_open_args_init(&a);
  a.length = ABC_LEN;
  a.flags = th_flag("MAP_PRIVATE");
  ASSERT_OK(mml_open(&m, &a));
  ASSERT_OK(mml_setslice(m, &all, ABC, ABC_LEN));
  ASSERT_OK(mml_buffer_export(m, &data, &len, &ro));
  ASSERT_EQ(len, ABC_LEN);
  ASSERT_EQ(ro, 0);
  ASSERT_OK(mml_setitem(m, 0, 'A'));
  ASSERT_EQ(data[0], 'A');
  data[1] = 'B';
  ASSERT_OK(mml_getitem(m, 1, &v));
  ASSERT_EQ(v, 'B');
  ASSERT_OK(mml_setslice(m, &s24, "CD", 2));
  ASSERT_OK(mml_move(m, 4, 0, 3));
  ASSERT_MEM_EQ(data, "ABCDABC", ABC_LEN);
  th_expect_map(m, "ABCDABC", ABC_LEN);
  ASSERT_ERR(mml_delitem(m, 0), MML_EITEM_DELETE);
  ASSERT_ERR(mml_delslice(m, &all), MML_ESLICE_DELETE);
  ASSERT_ERR(mml_resize(m, 3), MML_ERESIZE_EXPORTED);
  ASSERT_EQ(mml_exports(m), 1); /* item operations take no export */
  ASSERT_OK(mml_buffer_release(m));
  ASSERT_EQ(mml_exports(m), 0);
  mml_destroy(m);

  /* A readonly map exports a readonly buffer and still refuses writes. */
  m = th_file_map(ABC, ABC_LEN, MML_ACCESS_READ, NULL);
  ASSERT_OK(mml_buffer_export(m, &data, &len, &ro));
  ASSERT_EQ(ro, 1);
  ASSERT_ERR(mml_setitem(m, 0, 1), MML_EREADONLY);
  ASSERT_MEM_EQ(data, ABC, ABC_LEN);
  ASSERT_OK(mml_buffer_release(m));
  mml_destroy(m);
}

/* ---- closed maps: "mmap closed or invalid" before anything else --------- */

TEST_IMPL(items_closed_map_extreme_args) {
  mml_map *m = th_closed_map();
  mml_slice z = sl3(INT64_MIN, INT64_MAX, 0);
  uint8_t v = 0, *out = NULL;
  int64_t i64 = 0;
  ASSERT_ERR(mml_getitem(m, INT64_MAX, &v), MML_ECLOSED);
  ASSERT_ERR(mml_getitem(m, INT64_MIN, &v), MML_ECLOSED);
  ASSERT_ERR(mml_setitem(m, INT64_MAX, 300), MML_ECLOSED);
  ASSERT_ERR(mml_setitem(m, INT64_MIN, INT64_MIN), MML_ECLOSED);
  ASSERT_ERR(mml_delitem(m, INT64_MAX), MML_ECLOSED);
  ASSERT_ERR(mml_getslice(m, &z, &out, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_setslice(m, &z, "xx", 2), MML_ECLOSED);
  ASSERT_ERR(mml_delslice(m, &z), MML_ECLOSED);
  ASSERT_ERR(mml_slice_indices(m, &z, &i64, &i64, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_move(m, INT64_MAX, -1, INT64_MAX), MML_ECLOSED);
  ASSERT_ERR(mml_move(m, INT64_MIN, INT64_MIN, INT64_MIN), MML_ECLOSED);
  mml_destroy(m);
}
