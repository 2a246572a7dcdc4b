/* test_open.c - mml_open, mml_open_args_init and mml_destroy: validation
 * order, size checks, access derivation, descriptor kinds, the descriptor
 * duplication and injected OS failures. Every expectation was checked
 * against CPython 3.13.0 on Linux x86-64 (4 KiB pages). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "platform.h"
#include "test.h"

/* A non-NULL value for *out, to see that a failing mml_open resets it. */
static int open_sentinel;

/* mml_open fails with CODE, sets *out to NULL and leaks no descriptor. */
#define ASSERT_OPEN_ERR(args, code)                                            \
  do {                                                                         \
    mml_map *om_ = (mml_map *)(void *)&open_sentinel;                          \
    int ofds_ = th_count_fds();                                                \
    ASSERT_ERR(mml_open(&om_, (args)), (code));                                \
    ASSERT_NULL(om_);                                                          \
    ASSERT_EQ(th_count_fds(), ofds_);                                          \
  } while (0)

/* CPython's defaults with the given fileno and length. */
static mml_open_args args_for(int64_t fileno, int64_t length) {
  mml_open_args a;
  mml_open_args_init(&a);
  a.fileno = fileno;
  a.length = length;
  return a;
}

/* Opens a map that must succeed. */
static mml_map *open_ok(const mml_open_args *a) {
  mml_map *m = NULL;
  ASSERT_OK(mml_open(&m, a));
  ASSERT_NOT_NULL(m);
  return m;
}

static void assert_repr(const mml_map *m, const char *want) {
  char buf[160];
  mml_repr(m, NULL, buf, sizeof buf);
  ASSERT_STR_EQ(buf, want);
}

/* The first LEN bytes of the map equal WANT. */
static void assert_content(mml_map *m, const void *want, int64_t len) {
  uint8_t *out = NULL;
  int64_t n = -1;
  ASSERT_OK(mml_seek(m, 0, 0, NULL));
  ASSERT_OK(mml_read(m, len, &out, &n));
  ASSERT_EQ(n, len);
  ASSERT_MEM_EQ(out, want, (size_t)len);
  mml_free(out);
  ASSERT_OK(mml_seek(m, 0, 0, NULL));
}

/* The lowest descriptor open now that was not open in BEFORE (a bitmap of
 * the first 1024 descriptors), or -1. */
enum { FD_SCAN = 1024 };
static void fd_snapshot(unsigned char *open_fds) {
  for (int fd = 0; fd < FD_SCAN; fd++)
    open_fds[fd] = fcntl(fd, F_GETFD) >= 0;
}
static int new_fd_since(const unsigned char *before) {
  for (int fd = 0; fd < FD_SCAN; fd++)
    if (!before[fd] && fcntl(fd, F_GETFD) >= 0)
      return fd;
  return -1;
}

/* ---- mml_open_args_init ------------------------------------------------- */

/* mmap.mmap(fileno, length, flags=MAP_SHARED, prot=PROT_WRITE|PROT_READ,
 * access=ACCESS_DEFAULT, offset=0, *, trackfd=True). */
TEST_IMPL(open_args_init_defaults) {
  mml_open_args a;
  memset(&a, 0x5a, sizeof a);
  mml_open_args_init(&a);
  ASSERT_EQ(a.fileno, -1);
  ASSERT_EQ(a.length, 0);
  ASSERT_EQ(a.flags, MAP_SHARED);
  ASSERT_EQ(a.prot, PROT_READ | PROT_WRITE);
  ASSERT_EQ(a.access, MML_ACCESS_DEFAULT);
  ASSERT_EQ(a.offset, 0);
  ASSERT_NE(a.trackfd, 0);
  ASSERT_EQ(a.python_version, MML_PY_DEFAULT);
  ASSERT_EQ(MML_PY_DEFAULT, MML_PY(3, 13, 8));
}

TEST_IMPL(open_null_arguments_misuse) {
  mml_open_args a = args_for(-1, 10);
  mml_map *m = (mml_map *)(void *)&open_sentinel;
  ASSERT_ERR(mml_open(&m, NULL), MML_EMISUSE);
  ASSERT_NULL(m);
  ASSERT_ERR(mml_open(NULL, &a), MML_EMISUSE);
  mml_destroy(NULL); /* ignored */
}

/* ---- validation order --------------------------------------------------- */

/* The sign checks come before anything about the descriptor: for each
 * negative value SET puts into the arguments, mmap(-1, 10) fails with
 * CODE, and so does mmap(fd, 0) over a file, an empty file (before
 * "cannot mmap an empty file") and a bad descriptor (before dup reports
 * it). */
static void expect_sign_error(void (*set)(mml_open_args *, int64_t), int code) {
  static const int64_t bad[] = {-1, -4096, INT64_MIN + 1, INT64_MIN};
  const int fd = th_temp_file("hello world", 11, NULL);
  const int empty = th_temp_file(NULL, 0, NULL);
  const int fds[] = {fd, empty, 999};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    mml_open_args a = args_for(-1, 10);
    set(&a, bad[i]);
    ASSERT_OPEN_ERR(&a, code);
    for (size_t k = 0; k < sizeof fds / sizeof fds[0]; k++) {
      a = args_for(fds[k], 0);
      set(&a, bad[i]);
      ASSERT_OPEN_ERR(&a, code);
    }
  }
  close(fd);
  close(empty);
}

static void set_length(mml_open_args *a, int64_t v) { a->length = v; }
static void set_offset(mml_open_args *a, int64_t v) { a->offset = v; }

TEST_IMPL(open_negative_length) {
  expect_sign_error(set_length, MML_ELENGTH_NEGATIVE);
}

TEST_IMPL(open_negative_offset) {
  expect_sign_error(set_offset, MML_EOFFSET_NEGATIVE);
}

/* Both negative: the length is checked first. */
TEST_IMPL(open_negative_length_and_offset) {
  int fd = th_temp_file("hello world", 11, NULL);
  mml_open_args a = args_for(-1, -1);
  a.offset = -1;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_NEGATIVE);
  a.length = INT64_MIN;
  a.offset = INT64_MIN;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_NEGATIVE);
  a.fileno = fd;
  a.length = -5;
  a.offset = -5;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_NEGATIVE);
  close(fd);
}

/* access together with a non-default flags or prot value. */
TEST_IMPL(open_access_with_flags_or_prot) {
  static const int access[] = {MML_ACCESS_READ, MML_ACCESS_WRITE,
                               MML_ACCESS_COPY};
  int fd = th_temp_file("hello world", 11, NULL);
  for (int i = 0; i < 3; i++) {
    mml_open_args a = args_for(-1, 10);
    a.access = access[i];
    a.flags = MAP_PRIVATE;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    a.flags = INT32_MAX;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    a.flags = MAP_SHARED;
    a.prot = PROT_READ;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    a.prot = PROT_READ | PROT_WRITE | PROT_EXEC;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    a.prot = INT32_MIN;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    a.flags = MAP_PRIVATE;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    a.fileno = fd;
    a.length = 0;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    a.fileno = 999;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
    /* The sign checks come first. */
    a.offset = -1;
    ASSERT_OPEN_ERR(&a, MML_EOFFSET_NEGATIVE);
    a.length = -1;
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_NEGATIVE);
  }
  close(fd);
}

/* The check compares values: MAP_SHARED and PROT_READ|PROT_WRITE given
 * explicitly with an access are accepted. */
TEST_IMPL(open_access_with_explicit_defaults) {
  static const struct {
    int access;
    const char *repr;
  } cases[] = {
      {MML_ACCESS_READ, "<mmap.mmap closed=False, access=ACCESS_READ, "
                        "length=10, pos=0, offset=0>"},
      {MML_ACCESS_WRITE, "<mmap.mmap closed=False, access=ACCESS_WRITE, "
                         "length=10, pos=0, offset=0>"},
      {MML_ACCESS_COPY, "<mmap.mmap closed=False, access=ACCESS_COPY, "
                        "length=10, pos=0, offset=0>"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mml_open_args a = args_for(-1, 10);
    mml_map *m;
    a.flags = MAP_SHARED;
    a.prot = PROT_READ | PROT_WRITE;
    a.access = cases[i].access;
    m = open_ok(&a);
    ASSERT_EQ(mml_access(m), cases[i].access);
    assert_repr(m, cases[i].repr);
    mml_destroy(m);
  }
}

TEST_IMPL(open_access_invalid) {
  static const int64_t bad[] = {4, 5, -1, INT32_MAX, INT32_MIN};
  int fd = th_temp_file("hello world", 11, NULL);
  int empty = th_temp_file(NULL, 0, NULL);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    mml_open_args a = args_for(-1, 10);
    a.access = bad[i];
    ASSERT_OPEN_ERR(&a, MML_EACCESS_INVALID);
    a.fileno = fd;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_INVALID);
    a.fileno = empty; /* before the size checks */
    a.length = 0;
    ASSERT_OPEN_ERR(&a, MML_EACCESS_INVALID);
    a.fileno = 999; /* before dup */
    ASSERT_OPEN_ERR(&a, MML_EACCESS_INVALID);
    a.offset = -1;
    ASSERT_OPEN_ERR(&a, MML_EOFFSET_NEGATIVE);
    a.length = -1;
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_NEGATIVE);
  }
  close(fd);
  close(empty);
}

/* An invalid access together with flags/prot: "can't specify both" is
 * checked before the access range. */
TEST_IMPL(open_access_invalid_with_flags) {
  mml_open_args a = args_for(-1, 10);
  a.access = 4;
  a.flags = MAP_PRIVATE;
  ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
  a = args_for(-1, 10);
  a.access = -1;
  a.prot = PROT_READ;
  ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
  a.access = INT32_MIN;
  ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
  a.access = INT32_MAX;
  a.fileno = 999;
  ASSERT_OPEN_ERR(&a, MML_EACCESS_AND_FLAGS);
}

/* fileno, flags, prot and access are C ints in CPython: OverflowError
 * "signed integer is greater than maximum" / "... less than minimum". */
TEST_IMPL(open_int_overflow_each_param) {
  static const struct {
    int64_t v;
    int code;
  } cases[] = {
      {(int64_t)INT32_MAX + 1, MML_EINT_TOO_BIG},
      {INT64_MAX - 1, MML_EINT_TOO_BIG},
      {INT64_MAX, MML_EINT_TOO_BIG},
      {(int64_t)INT32_MIN - 1, MML_EINT_TOO_SMALL},
      {INT64_MIN + 1, MML_EINT_TOO_SMALL},
      {INT64_MIN, MML_EINT_TOO_SMALL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    for (int param = 0; param < 4; param++) {
      mml_open_args a = args_for(-1, 10);
      int64_t *field = param == 0   ? &a.fileno
                       : param == 1 ? &a.flags
                       : param == 2 ? &a.prot
                                    : &a.access;
      *field = cases[i].v;
      ASSERT_OPEN_ERR(&a, cases[i].code);
    }
  }
}

/* Conversion errors come in parameter order, and before every other
 * check. */
TEST_IMPL(open_int_overflow_parameter_order) {
  mml_open_args a = args_for(INT64_MAX, 10);
  a.flags = INT64_MIN;
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_BIG); /* fileno first */
  a = args_for(INT64_MIN, 10);
  a.access = INT64_MAX;
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_SMALL);
  a = args_for(-1, 10);
  a.flags = INT64_MAX;
  a.prot = INT64_MIN;
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_BIG); /* flags before prot */
  a = args_for(-1, 10);
  a.prot = INT64_MIN;
  a.access = INT64_MAX;
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_SMALL); /* prot before access */
  /* Before the sign checks... */
  a = args_for(-1, -1);
  a.offset = -1;
  a.access = INT64_MAX;
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_BIG);
  a = args_for(INT64_MAX, -1);
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_BIG);
  /* ...and the access checks. */
  a = args_for(-1, 10);
  a.flags = MAP_PRIVATE;
  a.access = (int64_t)INT32_MAX + 1;
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_BIG);
  a.access = 1;
  a.prot = (int64_t)INT32_MIN - 1;
  ASSERT_OPEN_ERR(&a, MML_EINT_TOO_SMALL);
}

/* The C-int extremes themselves pass conversion and reach the kernel. */
TEST_IMPL(open_int_extremes_in_range) {
  static const int64_t flags[] = {INT32_MAX, INT32_MIN, -1, 0};
  mml_open_args a;
  mml_map *m;
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    a = args_for(-1, 10);
    a.flags = flags[i];
    ASSERT_OPEN_ERR(&a, -EINVAL);
  }
  /* Linux ignores unknown prot bits here; the access is derived from the
   * READ and WRITE bits alone. */
  a = args_for(-1, 10);
  a.prot = INT32_MAX;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  mml_destroy(m);
  a.prot = -1;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  mml_destroy(m);
  a.prot = INT32_MIN;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_READ);
  mml_destroy(m);
  /* fileno at the extremes: dup says EBADF, also with length 0. */
  a = args_for(INT32_MAX, 10);
  ASSERT_OPEN_ERR(&a, -EBADF);
  a.length = 0;
  ASSERT_OPEN_ERR(&a, -EBADF);
  a.fileno = INT32_MIN;
  ASSERT_OPEN_ERR(&a, -EBADF);
  a.length = 10;
  ASSERT_OPEN_ERR(&a, -EBADF);
}

/* ---- file sizes and offsets --------------------------------------------- */

/* CPython never checks alignment: the kernel's EINVAL, unless a size check
 * fails first. */
TEST_IMPL(open_file_offset_unaligned) {
  int64_t ps = mml_allocation_granularity();
  int fd = th_temp_file("hello world", 11, NULL);
  int big = th_temp_file(NULL, (size_t)(2 * ps + 10), NULL);
  mml_open_args a = args_for(fd, 5);
  a.offset = 1;
  ASSERT_OPEN_ERR(&a, -EINVAL); /* the dup is closed again */
  a.length = 10;                /* ends exactly at EOF */
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.length = 0; /* 10 bytes to the end */
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.access = MML_ACCESS_READ;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.access = MML_ACCESS_DEFAULT;
  a.length = 11;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a.length = 100;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a.length = INT64_MAX;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a = args_for(big, 1);
  a.offset = ps + 1;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.offset = ps - 1;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  close(fd);
  close(big);
}

TEST_IMPL(open_file_offset_beyond_file) {
  static const int64_t offsets[] = {12, 4096, (int64_t)1 << 62, INT64_MAX - 1,
                                    INT64_MAX};
  int fd = th_temp_file("hello world", 11, NULL);
  for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
    mml_open_args a = args_for(fd, 0);
    a.offset = offsets[i];
    ASSERT_OPEN_ERR(&a, MML_EOFFSET_BEYOND_FILE);
    a.length = 1;
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
    a.length = INT64_MAX;
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  }
  close(fd);
}

/* mml_open_precheck: the argument checks CPython makes before its audit
 * event fail as mml_open does; what it leaves to mml_open (the
 * descriptor, the sizes, mmap() itself) passes, with the access the event
 * reports (derived from prot). */
TEST_IMPL(open_precheck) {
  const mml__os_bits *b = &mml__os_bits_values;
  int fd = th_temp_file("hello world", 11, NULL), access = -1;
  mml_open_args a = args_for(fd, -1);
  ASSERT_ERR(mml_open_precheck(&a, &access), MML_ELENGTH_NEGATIVE);
  a = args_for(fd, 0);
  a.offset = -1;
  ASSERT_ERR(mml_open_precheck(&a, &access), MML_EOFFSET_NEGATIVE);
  a = args_for(fd, 0);
  a.access = 7;
  ASSERT_ERR(mml_open_precheck(&a, &access), MML_EACCESS_INVALID);
  a = args_for(fd, 0);
  a.access = MML_ACCESS_READ;
  a.flags = b->map_private;
  ASSERT_ERR(mml_open_precheck(&a, &access), MML_EACCESS_AND_FLAGS);
  ASSERT_ERR(mml_open_precheck(NULL, &access), MML_EMISUSE);
  ASSERT_ERR(mml_open_precheck(&a, NULL), MML_EMISUSE);
  ASSERT_EQ(access, -1);
  /* Refused by mml_open later, after CPython's event. */
  a = args_for(fd, 4096);
  ASSERT_OK(mml_open_precheck(&a, &access));
  ASSERT_EQ(access, MML_ACCESS_DEFAULT);
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a = args_for(1000000, 1);
  a.prot = b->prot_read;
  ASSERT_OK(mml_open_precheck(&a, &access));
  ASSERT_EQ(access, MML_ACCESS_READ);
  a = args_for(-1, 1);
  a.prot = b->prot_write;
  ASSERT_OK(mml_open_precheck(&a, &access));
  ASSERT_EQ(access, MML_ACCESS_WRITE);
  a.prot = b->prot_read | b->prot_write;
  a.access = MML_ACCESS_COPY;
  ASSERT_OK(mml_open_precheck(&a, &access));
  ASSERT_EQ(access, MML_ACCESS_COPY);
  close(fd);
}

/* offset == file size: "offset is greater" despite the wording (length 0),
 * "length is greater" with length 1. */
TEST_IMPL(open_file_offset_at_file_size) {
  int64_t ps = mml_allocation_granularity();
  int fd = th_temp_file(NULL, (size_t)ps, NULL);
  int small = th_temp_file("hello world", 11, NULL);
  mml_open_args a = args_for(fd, 0);
  a.offset = ps;
  ASSERT_OPEN_ERR(&a, MML_EOFFSET_BEYOND_FILE);
  a.length = 1;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a = args_for(small, 0);
  a.offset = 11;
  ASSERT_OPEN_ERR(&a, MML_EOFFSET_BEYOND_FILE);
  a.length = 1;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  close(fd);
  close(small);
}

/* An empty file: "cannot mmap an empty file" for length 0 whatever the
 * offset (checked before it); length 1 is "greater than file size". */
TEST_IMPL(open_empty_file) {
  static const int64_t offsets[] = {0, 1, 4096, INT64_MAX};
  int fd = th_temp_file(NULL, 0, NULL);
  for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
    mml_open_args a = args_for(fd, 0);
    a.offset = offsets[i];
    ASSERT_OPEN_ERR(&a, MML_EEMPTY_FILE);
    a.access = MML_ACCESS_READ;
    ASSERT_OPEN_ERR(&a, MML_EEMPTY_FILE);
    a.trackfd = 0;
    ASSERT_OPEN_ERR(&a, MML_EEMPTY_FILE);
    a.length = 1;
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
    a.trackfd = 1;
    a.access = MML_ACCESS_DEFAULT;
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  }
  close(fd);
}

TEST_IMPL(open_length_beyond_file) {
  static const int64_t lengths[] = {12, 4096, INT64_MAX - 1, INT64_MAX};
  int fd = th_temp_file("hello world", 11, NULL);
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
    mml_open_args a = args_for(fd, lengths[i]);
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
    a.access = MML_ACCESS_COPY;
    ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  }
  close(fd);
}

TEST_IMPL(open_length_equals_file_size) {
  int64_t len = -1, size = -1;
  int fd = th_temp_file("hello world", 11, NULL);
  mml_open_args a = args_for(fd, 11);
  mml_map *m = open_ok(&a);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, 11);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 11);
  assert_content(m, "hello world", 11);
  assert_repr(m, "<mmap.mmap closed=False, access=ACCESS_DEFAULT, "
                 "length=11, pos=0, offset=0>");
  mml_destroy(m);
  a.length = 1;
  m = open_ok(&a);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, 1);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 11); /* the file's size, not the map's */
  assert_content(m, "h", 1);
  mml_destroy(m);
  close(fd);
}

TEST_IMPL(open_length_zero_whole_file) {
  int64_t len = -1;
  int fd = th_temp_file("hello world", 11, NULL);
  mml_open_args a = args_for(fd, 0);
  mml_map *m = open_ok(&a);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, 11);
  assert_content(m, "hello world", 11);
  mml_destroy(m);
  close(fd);
}

/* Length 0 at an offset maps the rest of the file: size - offset. */
TEST_IMPL(open_length_zero_at_offset) {
  int64_t ps = mml_allocation_granularity(), len = -1, size = -1;
  size_t n = (size_t)(2 * ps + 10);
  char want[128], path[64];
  int fd = th_temp_file(NULL, n, path);
  mml_open_args a = args_for(fd, 0);
  mml_map *m;
  a.offset = ps;
  m = open_ok(&a);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, ps + 10);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 2 * ps + 10);
  ASSERT_EQ(mml_offset(m), ps);
  for (int i = 0; i < 26; i++) /* the file's pattern from byte PS on */
    want[i] = (char)('a' + (ps + i) % 26);
  assert_content(m, want, 26);
  snprintf(want, sizeof want, "length=%" PRId64 ", pos=0, offset=%" PRId64 ">",
           ps + 10, ps);
  {
    char buf[160];
    mml_repr(m, NULL, buf, sizeof buf);
    ASSERT_STR_HAS(buf, want);
  }
  mml_destroy(m);
  a.offset = 2 * ps;
  m = open_ok(&a);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, 10);
  mml_destroy(m);
  /* An explicit length ending at EOF is fine, one more byte is not. */
  a.offset = ps;
  a.length = ps + 10;
  m = open_ok(&a);
  mml_destroy(m);
  a.length = ps + 11;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a.length = 0;
  a.offset = 3 * ps;
  ASSERT_OPEN_ERR(&a, MML_EOFFSET_BEYOND_FILE);
  a.length = 1;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  close(fd);
}

/* ---- anonymous maps ----------------------------------------------------- */

TEST_IMPL(open_anon_length_zero) {
  mml_open_args a = args_for(-1, 0);
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.offset = mml_pagesize();
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.access = MML_ACCESS_COPY;
  ASSERT_OPEN_ERR(&a, -EINVAL);
}

TEST_IMPL(open_anon_offset_unaligned) {
  mml_open_args a = args_for(-1, 10);
  a.offset = 1;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.offset = mml_pagesize() + 1;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.offset = INT64_MAX;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.length = INT64_MAX;
  ASSERT_OPEN_ERR(&a, -EINVAL);
}

/* The kernel ignores an aligned offset of an anonymous map; CPython
 * stores it and shows it in repr. */
TEST_IMPL(open_anon_offset_aligned) {
  int64_t ps = mml_pagesize();
  mml_open_args a = args_for(-1, 10);
  mml_map *m;
  static const uint8_t zeros[10];
  char want[160];
  a.offset = ps;
  m = open_ok(&a);
  ASSERT_EQ(mml_offset(m), ps);
  snprintf(want, sizeof want,
           "<mmap.mmap closed=False, access=ACCESS_DEFAULT, length=10, "
           "pos=0, offset=%" PRId64 ">",
           ps);
  assert_repr(m, want);
  assert_content(m, zeros, 10);
  mml_destroy(m);
  /* Huge aligned offsets too: PS * 2**40 and the largest multiple of PS. */
  a.offset = ps << 40;
  m = open_ok(&a);
  ASSERT_EQ(mml_offset(m), ps << 40);
  mml_destroy(m);
  a.offset = INT64_MAX / ps * ps;
  m = open_ok(&a);
  ASSERT_EQ(mml_offset(m), INT64_MAX / ps * ps);
  snprintf(want, sizeof want,
           "<mmap.mmap closed=False, access=ACCESS_DEFAULT, length=10, "
           "pos=0, offset=%" PRId64 ">",
           INT64_MAX / ps * ps);
  assert_repr(m, want);
  assert_content(m, zeros, 10);
  mml_destroy(m);
}

/* sys.maxsize and its neighbours: CPython passes them to mmap(2), which
 * says ENOMEM. */
TEST_IMPL(open_anon_huge_length) {
  int64_t ps = mml_pagesize();
  const int64_t lengths[] = {INT64_MAX, INT64_MAX - 1, INT64_MAX - ps,
                             (int64_t)1 << 62};
  for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
    mml_open_args a = args_for(-1, lengths[i]);
    ASSERT_OPEN_ERR(&a, -ENOMEM);
    a.flags = MAP_PRIVATE;
    ASSERT_OPEN_ERR(&a, -ENOMEM);
  }
  {
    mml_open_args a = args_for(-1, INT64_MAX);
    a.offset = INT64_MAX / ps * ps;
    ASSERT_OPEN_ERR(&a, -ENOMEM);
  }
}

/* ---- access derivation -------------------------------------------------- */

/* With ACCESS_DEFAULT, prot alone decides the recorded access. */
TEST_IMPL(open_access_from_prot) {
  static const struct {
    int64_t prot;
    int access;
    const char *name;
  } cases[] = {
      {PROT_READ | PROT_WRITE, MML_ACCESS_DEFAULT, "ACCESS_DEFAULT"},
      {PROT_READ, MML_ACCESS_READ, "ACCESS_READ"},
      {PROT_WRITE, MML_ACCESS_WRITE, "ACCESS_WRITE"},
      {PROT_READ | PROT_EXEC, MML_ACCESS_READ, "ACCESS_READ"},
      {PROT_WRITE | PROT_EXEC, MML_ACCESS_WRITE, "ACCESS_WRITE"},
      {PROT_READ | PROT_WRITE | PROT_EXEC, MML_ACCESS_DEFAULT,
       "ACCESS_DEFAULT"},
      {PROT_EXEC, MML_ACCESS_READ, "ACCESS_READ"},
      {0, MML_ACCESS_READ, "ACCESS_READ"},    /* PROT_NONE: reading segfaults */
      {0x80, MML_ACCESS_READ, "ACCESS_READ"}, /* junk bits: kernel ignores */
      {0x80 | PROT_WRITE, MML_ACCESS_WRITE, "ACCESS_WRITE"},
      {0x80 | PROT_READ | PROT_WRITE, MML_ACCESS_DEFAULT, "ACCESS_DEFAULT"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    mml_open_args a = args_for(-1, 10);
    mml_map *m;
    char want[160];
    a.prot = cases[i].prot;
    m = open_ok(&a);
    ASSERT_EQ(mml_access(m), cases[i].access);
    snprintf(want, sizeof want,
             "<mmap.mmap closed=False, access=%s, length=10, pos=0, "
             "offset=0>",
             cases[i].name);
    assert_repr(m, want);
    /* The derived access governs writes (no memory is touched here). */
    if (cases[i].access == MML_ACCESS_READ)
      ASSERT_ERR(mml_write(m, "x", 1, NULL), MML_EREADONLY);
    mml_destroy(m);
  }
}

TEST_IMPL(open_prot_write_only_is_writable) {
  mml_open_args a = args_for(-1, 10);
  mml_map *m;
  a.prot = PROT_WRITE; /* x86 pages are readable too */
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_WRITE);
  ASSERT_OK(mml_write(m, "ab", 2, NULL));
  assert_content(m, "ab\0", 3);
  mml_destroy(m);
}

/* flags=MAP_PRIVATE with the default prot stays ACCESS_DEFAULT and is
 * writable; on a file the writes do not reach the file. */
TEST_IMPL(open_flags_private_default_prot) {
  char path[64];
  size_t n = 0;
  uint8_t *file;
  int fd;
  mml_open_args a = args_for(-1, 10);
  mml_map *m;
  a.flags = MAP_PRIVATE;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  assert_repr(m, "<mmap.mmap closed=False, access=ACCESS_DEFAULT, "
                 "length=10, pos=0, offset=0>");
  ASSERT_OK(mml_write(m, "ab", 2, NULL));
  assert_content(m, "ab\0", 3);
  mml_destroy(m);

  fd = th_temp_file("hello world", 11, path);
  a = args_for(fd, 0);
  a.flags = MAP_PRIVATE;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  ASSERT_OK(mml_setitem(m, 0, 'X'));
  assert_content(m, "Xello", 5);
  mml_destroy(m);
  file = th_read_file(path, &n);
  ASSERT_EQ(n, 11);
  ASSERT_MEM_EQ(file, "hello world", 11);
  free(file);
  close(fd);
}

/* The four access modes on a file map: DEFAULT and WRITE write through,
 * READ refuses, COPY writes only the map. */
TEST_IMPL(open_file_access_modes) {
  static const struct {
    int access;
    const char *repr;
    int writable;
    const char *file_after;
  } cases[] = {
      {MML_ACCESS_DEFAULT,
       "<mmap.mmap closed=False, access=ACCESS_DEFAULT, length=11, pos=0, "
       "offset=0>",
       1, "Aello world"},
      {MML_ACCESS_READ,
       "<mmap.mmap closed=False, access=ACCESS_READ, length=11, pos=0, "
       "offset=0>",
       0, "hello world"},
      {MML_ACCESS_WRITE,
       "<mmap.mmap closed=False, access=ACCESS_WRITE, length=11, pos=0, "
       "offset=0>",
       1, "Aello world"},
      {MML_ACCESS_COPY,
       "<mmap.mmap closed=False, access=ACCESS_COPY, length=11, pos=0, "
       "offset=0>",
       1, "hello world"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[64];
    size_t n = 0;
    uint8_t *file, byte = 0;
    int fd = th_temp_file("hello world", 11, path);
    mml_open_args a = args_for(fd, 0);
    mml_map *m;
    a.access = cases[i].access;
    m = open_ok(&a);
    ASSERT_EQ(mml_access(m), cases[i].access);
    assert_repr(m, cases[i].repr);
    if (cases[i].writable) {
      ASSERT_OK(mml_setitem(m, 0, 'A'));
      ASSERT_OK(mml_getitem(m, 0, &byte));
      ASSERT_EQ(byte, 'A');
    } else {
      ASSERT_ERR(mml_setitem(m, 0, 'A'), MML_EREADONLY);
    }
    file = th_read_file(path, &n);
    ASSERT_EQ(n, 11);
    ASSERT_MEM_EQ(file, cases[i].file_after, 11);
    free(file);
    mml_destroy(m);
    close(fd);
  }
}

/* ---- descriptor kinds --------------------------------------------------- */

TEST_IMPL(open_rdonly_fd) {
  char path[64];
  int rw = th_temp_file("hello world", 11, path);
  int fd = th_open(path, O_RDONLY);
  mml_open_args a = args_for(fd, 0);
  mml_map *m;
  /* Shared + PROT_WRITE needs a writable descriptor: PermissionError. */
  ASSERT_OPEN_ERR(&a, -EACCES);
  a.access = MML_ACCESS_WRITE;
  ASSERT_OPEN_ERR(&a, -EACCES);
  a.access = MML_ACCESS_DEFAULT;
  a.flags = MAP_SHARED; /* given explicitly */
  a.prot = PROT_READ | PROT_WRITE;
  ASSERT_OPEN_ERR(&a, -EACCES);
  a.trackfd = 0;
  ASSERT_OPEN_ERR(&a, -EACCES);
  /* The size checks come before the kernel sees the descriptor. */
  a = args_for(fd, 12);
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a = args_for(fd, 0);
  a.offset = 4096;
  ASSERT_OPEN_ERR(&a, MML_EOFFSET_BEYOND_FILE);

  a = args_for(fd, 0);
  a.access = MML_ACCESS_READ;
  m = open_ok(&a);
  assert_content(m, "hello world", 11);
  mml_destroy(m);
  a.access = MML_ACCESS_COPY;
  m = open_ok(&a);
  ASSERT_OK(mml_setitem(m, 0, 'Z'));
  assert_content(m, "Zello", 5);
  mml_destroy(m);
  a.access = MML_ACCESS_DEFAULT;
  a.prot = PROT_READ;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_READ);
  mml_destroy(m);
  a.prot = PROT_READ | PROT_WRITE;
  a.flags = MAP_PRIVATE;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  ASSERT_OK(mml_setitem(m, 0, 'Z'));
  assert_content(m, "Zel", 3);
  mml_destroy(m);
  close(fd);
  close(rw);
}

TEST_IMPL(open_wronly_fd) {
  char path[64], epath[64];
  int rw = th_temp_file("hello world", 11, path);
  int empty = th_temp_file(NULL, 0, epath);
  int fd = th_open(path, O_WRONLY), efd = th_open(epath, O_WRONLY);
  mml_open_args a = args_for(fd, 0);
  for (int acc = 0; acc < 4; acc++) {
    a.access = acc;
    ASSERT_OPEN_ERR(&a, -EACCES);
  }
  a.access = MML_ACCESS_DEFAULT;
  a.prot = PROT_WRITE;
  ASSERT_OPEN_ERR(&a, -EACCES);
  /* fstat works on a write-only descriptor: the size checks apply. */
  a = args_for(fd, 12);
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  a = args_for(efd, 0);
  ASSERT_OPEN_ERR(&a, MML_EEMPTY_FILE);
  close(fd);
  close(efd);
  close(rw);
  close(empty);
}

TEST_IMPL(open_append_rdwr_fd) {
  char path[64];
  size_t n = 0;
  uint8_t *file;
  int rw = th_temp_file("hello world", 11, path);
  int fd = th_open(path, O_RDWR | O_APPEND);
  mml_open_args a = args_for(fd, 0);
  mml_map *m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_DEFAULT);
  ASSERT_OK(mml_setitem(m, 0, 'J'));
  mml_destroy(m);
  file = th_read_file(path, &n);
  ASSERT_MEM_EQ(file, "Jello world", 11);
  free(file);
  close(fd);
  close(rw);
}

/* Not a regular file: no size checks, the kernel decides. */
TEST_IMPL(open_directory_fd) {
  int fd = th_open("/", O_RDONLY | O_DIRECTORY);
  mml_open_args a = args_for(fd, 10);
  /* O_RDONLY + shared writable: EACCES comes before ENODEV. */
  ASSERT_OPEN_ERR(&a, -EACCES);
  a.access = MML_ACCESS_READ;
  ASSERT_OPEN_ERR(&a, -ENODEV);
  a.length = 0; /* passed to mmap(2) as is */
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a.access = MML_ACCESS_DEFAULT;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  close(fd);
}

TEST_IMPL(open_pipe_fd) {
  int p[2];
  mml_open_args a;
  ASSERT_EQ(pipe(p), 0);
  a = args_for(p[0], 10);
  ASSERT_OPEN_ERR(&a, -EACCES); /* the read end is O_RDONLY */
  a.access = MML_ACCESS_READ;
  ASSERT_OPEN_ERR(&a, -ENODEV);
  a.length = 0;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  a = args_for(p[1], 10);
  ASSERT_OPEN_ERR(&a, -EACCES); /* the write end is O_WRONLY */
  close(p[0]);
  close(p[1]);
}

TEST_IMPL(open_socket_fd) {
  int s = socket(AF_INET, SOCK_STREAM, 0), u;
  mml_open_args a;
  mml_map *m;
  int64_t size = -1;
  if (s < 0)
    SKIP("no AF_INET socket");
  a = args_for(s, 10);
  ASSERT_OPEN_ERR(&a, -EPERM); /* tcp_mmap refuses writable maps */
  a.length = 0;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  /* Linux's TCP zero-copy receive accepts a read-only map (CPython 3.13
   * succeeds, size() is 0). */
  a.length = 10;
  a.access = MML_ACCESS_READ;
  m = open_ok(&a);
  ASSERT_EQ(mml_access(m), MML_ACCESS_READ);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 0);
  mml_destroy(m);
  close(s);
  u = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(u, 0);
  a = args_for(u, 10);
  ASSERT_OPEN_ERR(&a, -ENODEV);
  a.access = MML_ACCESS_READ;
  ASSERT_OPEN_ERR(&a, -ENODEV);
  close(u);
}

TEST_IMPL(open_dev_zero) {
  static const uint8_t zeros[10];
  int fd = open("/dev/zero", O_RDWR);
  mml_open_args a;
  mml_map *m;
  int64_t size = -1, len = -1;
  if (fd < 0)
    SKIP("no /dev/zero");
  a = args_for(fd, 10);
  m = open_ok(&a);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, 10);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 0); /* a character device's st_size */
  assert_content(m, zeros, 10);
  ASSERT_OK(mml_write(m, "abc", 3, NULL));
  mml_destroy(m);
  a.length = 0;
  ASSERT_OPEN_ERR(&a, -EINVAL);
  close(fd);
}

/* A bad descriptor is reported by dup (trackfd) or mmap (trackfd=0). */
TEST_IMPL(open_bad_fd) {
  static const int64_t fds[] = {999, -2};
  for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
    mml_open_args a = args_for(fds[i], 10);
    ASSERT_OPEN_ERR(&a, -EBADF);
    a.length = 0;
    ASSERT_OPEN_ERR(&a, -EBADF);
    a.access = MML_ACCESS_READ;
    ASSERT_OPEN_ERR(&a, -EBADF);
    a.trackfd = 0;
    ASSERT_OPEN_ERR(&a, -EBADF);
    a.length = 10;
    ASSERT_OPEN_ERR(&a, -EBADF);
  }
}

TEST_IMPL(open_closed_fd) {
  int fd = th_temp_file("hello world", 11, NULL);
  mml_open_args a = args_for(fd, 10);
  ASSERT_EQ(close(fd), 0);
  ASSERT_OPEN_ERR(&a, -EBADF);
  a.length = 0;
  ASSERT_OPEN_ERR(&a, -EBADF);
}

/* ---- the descriptor duplication ----------------------------------------- */

TEST_IMPL(open_dup_one_fd_per_map) {
  int fd = th_temp_file("hello world", 11, NULL);
  int base = th_count_fds();
  mml_open_args a = args_for(fd, 0);
  mml_map *m1 = open_ok(&a), *m2;
  ASSERT_EQ(th_count_fds(), base + 1);
  a.access = MML_ACCESS_READ;
  m2 = open_ok(&a);
  ASSERT_EQ(th_count_fds(), base + 2);
  ASSERT_OK(mml_close(m1));
  ASSERT_EQ(th_count_fds(), base + 1);
  mml_destroy(m1); /* after close: nothing more to release */
  ASSERT_EQ(th_count_fds(), base + 1);
  mml_destroy(m2); /* an open map: destroy closes its descriptor */
  ASSERT_EQ(th_count_fds(), base);
  close(fd);
}

/* The dup is non-inheritable (FD_CLOEXEC), also when the caller's
 * descriptor is inheritable, and refers to the same file. */
TEST_IMPL(open_dup_is_cloexec) {
  static unsigned char before[FD_SCAN];
  int fd = th_temp_file("hello world", 11, NULL), dup_fd, flags;
  struct stat st1, st2;
  mml_open_args a = args_for(fd, 0);
  mml_map *m;
  flags = fcntl(fd, F_GETFD);
  ASSERT_GE(flags, 0);
  ASSERT_EQ(fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC), 0);
  fd_snapshot(before);
  m = open_ok(&a);
  dup_fd = new_fd_since(before);
  ASSERT_GE(dup_fd, 0);
  ASSERT_NE(dup_fd, fd);
  ASSERT(fcntl(dup_fd, F_GETFD) & FD_CLOEXEC);
  ASSERT_EQ(fstat(fd, &st1), 0);
  ASSERT_EQ(fstat(dup_fd, &st2), 0);
  ASSERT_EQ(st1.st_ino, st2.st_ino);
  ASSERT_EQ(st1.st_dev, st2.st_dev);
  ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0); /* the caller's untouched */
  ASSERT_OK(mml_close(m));
  ASSERT_LT(fcntl(dup_fd, F_GETFD), 0); /* closed with the map */
  mml_destroy(m);
  close(fd);
}

TEST_IMPL(open_caller_fd_position_unchanged) {
  int fd = th_temp_file("hello world", 11, NULL);
  mml_open_args a = args_for(fd, 0);
  mml_map *m;
  ASSERT_EQ(lseek(fd, 3, SEEK_SET), 3);
  m = open_ok(&a);
  ASSERT_EQ(lseek(fd, 0, SEEK_CUR), 3);
  ASSERT_OK(mml_seek(m, 7, 0, NULL));
  mml_destroy(m);
  ASSERT_EQ(lseek(fd, 0, SEEK_CUR), 3);
  a.trackfd = 0;
  m = open_ok(&a);
  ASSERT_EQ(lseek(fd, 0, SEEK_CUR), 3);
  mml_destroy(m);
  close(fd);
}

/* The map keeps its own descriptor: the caller may close its one at
 * once. */
TEST_IMPL(open_caller_closes_fd) {
  char path[64];
  int64_t size = -1;
  size_t n = 0;
  uint8_t *file;
  int fd = th_temp_file("hello world", 11, path);
  int base = th_count_fds();
  mml_open_args a = args_for(fd, 0);
  mml_map *m = open_ok(&a);
  ASSERT_EQ(close(fd), 0);
  ASSERT_EQ(th_count_fds(), base);
  assert_content(m, "hello world", 11);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 11);
  ASSERT_OK(mml_setitem(m, 0, 'C'));
  mml_destroy(m);
  ASSERT_EQ(th_count_fds(), base - 1);
  file = th_read_file(path, &n);
  ASSERT_MEM_EQ(file, "Cello world", 11);
  free(file);
}

/* Anonymous maps hold no descriptor; size() fstats -1 before 3.15. */
TEST_IMPL(open_anon_no_fd) {
  int base = th_count_fds();
  int64_t size = 7;
  mml_open_args a = args_for(-1, 10);
  mml_map *m = open_ok(&a);
  ASSERT_EQ(th_count_fds(), base);
  ASSERT_ERR(mml_size(m, &size), -EBADF);
  mml_destroy(m);
  a.trackfd = 0;
  m = open_ok(&a);
  ASSERT_EQ(th_count_fds(), base);
  ASSERT_ERR(mml_size(m, &size), -EBADF);
  mml_destroy(m);
}

/* trackfd=False: no dup; the map works after the caller closes its fd;
 * size() fstats -1 and fails with EBADF (3.13). */
TEST_IMPL(open_trackfd_false) {
  char path[64];
  int64_t size = 7, len = -1;
  size_t n = 0;
  uint8_t *file;
  int fd = th_temp_file("hello world", 11, path);
  int base = th_count_fds();
  mml_open_args a = args_for(fd, 0);
  mml_map *m;
  a.trackfd = 0;
  m = open_ok(&a);
  ASSERT_EQ(th_count_fds(), base);
  ASSERT_EQ(close(fd), 0);
  ASSERT_OK(mml_len(m, &len));
  ASSERT_EQ(len, 11);
  assert_content(m, "hello world", 11);
  ASSERT_OK(mml_setitem(m, 0, 'Q'));
  ASSERT_ERR(mml_size(m, &size), -EBADF);
  assert_repr(m, "<mmap.mmap closed=False, access=ACCESS_DEFAULT, "
                 "length=11, pos=0, offset=0>");
  mml_destroy(m);
  ASSERT_EQ(th_count_fds(), base - 1);
  file = th_read_file(path, &n);
  ASSERT_MEM_EQ(file, "Qello world", 11);
  free(file);
}

/* ---- injected OS failures ----------------------------------------------- */

static int dup_calls, close_calls;

static int fail_dup_emfile(int fd, int *out) {
  (void)fd;
  (void)out;
  dup_calls++;
  return EMFILE;
}

static int fail_map_enomem(void **out, size_t len, int prot, int flags, int fd,
                           int64_t offset) {
  (void)out, (void)len, (void)prot, (void)flags, (void)fd, (void)offset;
  return ENOMEM;
}

static int (*real_close)(int fd);
static int counting_close(int fd) {
  close_calls++;
  return real_close(fd);
}

TEST_IMPL(open_dup_failure_injected) {
  int fd = th_temp_file("hello world", 11, NULL);
  mml_open_args a = args_for(fd, 0);
  mml_map *m;
  mml__os.dup = fail_dup_emfile;
  ASSERT_OPEN_ERR(&a, -EMFILE);
  ASSERT_EQ(dup_calls, 1);
  ASSERT_EQ(mml_err_kind(-EMFILE), MML_EXC_OS);
  /* Validation failures come before dup. */
  a.length = 12;
  ASSERT_OPEN_ERR(&a, MML_ELENGTH_BEYOND_FILE);
  ASSERT_EQ(dup_calls, 1);
  /* Maps that need no dup are unaffected. */
  a.length = 0;
  a.trackfd = 0;
  m = open_ok(&a);
  mml_destroy(m);
  a = args_for(-1, 10);
  m = open_ok(&a);
  mml_destroy(m);
  ASSERT_EQ(dup_calls, 1);
  th_reset_os();
  a = args_for(fd, 0);
  m = open_ok(&a);
  mml_destroy(m);
  close(fd);
}

TEST_IMPL(open_map_failure_injected) {
  int fd = th_temp_file("hello world", 11, NULL);
  int base = th_count_fds();
  mml_open_args a = args_for(fd, 0);
  real_close = mml__os.close;
  mml__os.close = counting_close;
  mml__os.map = fail_map_enomem;
  ASSERT_OPEN_ERR(&a, -ENOMEM); /* the dup is closed again */
  ASSERT_EQ(close_calls, 1);
  ASSERT_EQ(th_count_fds(), base);
  a.trackfd = 0;
  ASSERT_OPEN_ERR(&a, -ENOMEM);
  ASSERT_EQ(close_calls, 1); /* nothing of the caller's is closed */
  ASSERT_GE(fcntl(fd, F_GETFD), 0);
  a = args_for(-1, 10);
  ASSERT_OPEN_ERR(&a, -ENOMEM);
  ASSERT_EQ(close_calls, 1);
  th_reset_os();
  close(fd);
}

/* ---- python_version profile --------------------------------------------- */

TEST_IMPL(open_python_version_profile) {
  static const uint32_t versions[] = {MML_PY(3, 8, 0), MML_PY(3, 11, 4),
                                      MML_PY(3, 13, 0), MML_PY(3, 15, 0)};
  mml_open_args a = args_for(-1, 10);
  mml_map *m = open_ok(&a);
  ASSERT_EQ(mml_python_version(m), MML_PY_DEFAULT);
  mml_destroy(m);
  a.python_version = 0; /* unset: the default */
  m = open_ok(&a);
  ASSERT_EQ(mml_python_version(m), MML_PY_DEFAULT);
  mml_destroy(m);
  for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
    a.python_version = versions[i];
    m = open_ok(&a);
    ASSERT_EQ(mml_python_version(m), versions[i]);
    ASSERT_OK(mml_close(m));
    ASSERT_EQ(mml_python_version(m), versions[i]); /* also when closed */
    mml_destroy(m);
  }
}
