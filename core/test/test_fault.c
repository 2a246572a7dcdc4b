/* test_fault.c - the fault-safe mode on every access path. A file map whose
 * file another process cut short gives -EFAULT with the mode on, and the
 * map stays consistent (position unmoved, the rest readable); with the
 * mode off the same access dies of SIGBUS, as it does in CPython. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"
#include "test.h"

/* A shared file map of three pages of the 'a'..'z' pattern whose file
 * another process then cut to 100 bytes: page 0 stays (read as zeros past
 * byte 100), pages 1 and 2 lie wholly beyond the file's end. */
typedef struct cut_map {
  mml_map *m;
  int64_t page;
  char path[64];
} cut_map;

static void cut_map_open(cut_map *c) {
  c->page = mml_pagesize();
  c->m = th_file_map(NULL, (size_t)(3 * c->page), MML_ACCESS_DEFAULT, c->path);
  th_truncate_elsewhere(c->path, 100);
}

/* The first page still reads as before. */
static void expect_first_page_intact(const cut_map *c) {
  uint8_t b = 0xff;
  ASSERT_OK(mml_getitem(c->m, 0, &b));
  ASSERT_EQ(b, 'a');
  ASSERT_OK(mml_getitem(c->m, 99, &b));
  ASSERT_EQ(b, 'a' + 99 % 26);
  ASSERT_OK(mml_getitem(c->m, 100, &b));
  ASSERT_EQ(b, 0);
}

/* One access under test; returns what the core returned. */
typedef int (*access_fn)(cut_map *c);

typedef struct child_arg {
  cut_map *c;
  access_fn access;
  int cycle; /* 1: turn the mode on and off again first */
} child_arg;

static void access_in_child(void *p) {
  const child_arg *a = p;
  if (a->cycle) {
    ASSERT_EQ(mml_set_fault_safe(1), 0);
    ASSERT_EQ(mml_set_fault_safe(0), 1);
  }
  a->access(a->c);
}

/* ACCESS with the position at POS: with the mode off it dies of signal
 * SIG, both when the mode was never on and when it was turned on and off
 * again (our handlers installed, passing the fault to SIG_DFL); with the
 * mode on it returns -EFAULT, twice in a row, the position stays POS and
 * the first page still reads. */
static void expect_fault(cut_map *c, int64_t pos, access_fn access, int sig) {
  for (int cycle = 0; cycle < 2; cycle++) {
    child_arg a = {c, access, cycle};
    ASSERT_OK(mml_seek(c->m, pos, 0, NULL));
    th_expect_killed_by(th_child_status(access_in_child, &a), sig);
  }
  ASSERT_EQ(mml_fault_safe(), 0);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  for (int i = 0; i < 2; i++) {
    ASSERT_OK(mml_seek(c->m, pos, 0, NULL));
    ASSERT_ERR(access(c), -EFAULT);
    ASSERT_EQ(th_tell(c->m), pos);
    expect_first_page_intact(c);
  }
  ASSERT_EQ(mml_set_fault_safe(0), 1);
}

/* A test: a fresh cut map, ACCESS at POS (an expression of c.page). */
#define FAULT_TEST(name, pos, access)                                          \
  TEST_IMPL(name) {                                                            \
    cut_map c;                                                                 \
    cut_map_open(&c);                                                          \
    expect_fault(&c, (pos), (access), SIGBUS);                                 \
    mml_destroy(c.m);                                                          \
  }

/* ---- the accesses -------------------------------------------------------- */

static int read_some(cut_map *c, int64_t n) {
  uint8_t *out = NULL;
  int64_t len = -1;
  int rc = mml_read(c->m, n, &out, &len);
  if (rc == 0)
    mml_free(out);
  else { /* nothing handed out */
    ASSERT_NULL(out);
    ASSERT_EQ(len, -1);
  }
  return rc;
}
static int do_read(cut_map *c) { return read_some(c, 10); }
static int do_read_all(cut_map *c) { return read_some(c, -1); }

static int do_read_byte(cut_map *c) {
  uint8_t b = 0xee;
  int rc = mml_read_byte(c->m, &b);
  if (rc != 0)
    ASSERT_EQ(b, 0xee);
  return rc;
}

static int do_readline(cut_map *c) {
  uint8_t *out = NULL;
  int rc = mml_readline(c->m, &out, NULL);
  if (rc == 0)
    mml_free(out);
  else
    ASSERT_NULL(out);
  return rc;
}

static int do_write(cut_map *c) {
  int64_t written = -1;
  int rc = mml_write(c->m, "0123456789", 10, &written);
  if (rc != 0)
    ASSERT_EQ(written, -1);
  return rc;
}

/* write's data is the map's own third page (a buffer export). */
static int do_write_from_map(cut_map *c) {
  uint8_t *data = NULL;
  int rc;
  ASSERT_OK(mml_buffer_export(c->m, &data, NULL, NULL));
  rc = mml_write(c->m, data + 2 * c->page, 10, NULL);
  ASSERT_OK(mml_buffer_release(c->m));
  return rc;
}

static int do_write_byte(cut_map *c) { return mml_write_byte(c->m, 'Z'); }

static int search(cut_map *c, const char *needle, int reverse) {
  int64_t start = 0, index = -7;
  const int64_t nlen = (int64_t)strlen(needle);
  int rc = reverse ? mml_rfind(c->m, needle, nlen, &start, NULL, &index)
                   : mml_find(c->m, needle, nlen, &start, NULL, &index);
  if (rc != 0)
    ASSERT_EQ(index, -7);
  return rc;
}
/* "zz" never occurs in the pattern: the search runs into pages 1 and 2. */
static int do_find(cut_map *c) { return search(c, "zz", 0); }
static int do_find_byte(cut_map *c) { return search(c, "\n", 0); }
static int do_rfind(cut_map *c) { return search(c, "zz", 1); }
static int do_rfind_byte(cut_map *c) { return search(c, "\n", 1); }

static int do_move_from(cut_map *c) { return mml_move(c->m, 0, c->page, 10); }
static int do_move_to(cut_map *c) { return mml_move(c->m, c->page, 0, 10); }

static int get_item(cut_map *c, int64_t i) {
  uint8_t b = 0xee;
  int rc = mml_getitem(c->m, i, &b);
  if (rc != 0)
    ASSERT_EQ(b, 0xee);
  return rc;
}
static int do_getitem(cut_map *c) { return get_item(c, c->page); }
static int do_getitem_last(cut_map *c) { return get_item(c, -1); }
static int do_setitem(cut_map *c) { return mml_setitem(c->m, c->page, 7); }

static int get_slice(cut_map *c, mml_slice sl) {
  uint8_t *out = NULL;
  int64_t len = -1;
  int rc = mml_getslice(c->m, &sl, &out, &len);
  if (rc == 0)
    mml_free(out);
  else {
    ASSERT_NULL(out);
    ASSERT_EQ(len, -1);
  }
  return rc;
}
static int do_getslice(cut_map *c) {
  return get_slice(c, (mml_slice){0, 0, 0, 0, 0, 0}); /* m[:] */
}
static int do_getslice_step(cut_map *c) {
  return get_slice(c, (mml_slice){0, 0, 3, 0, 0, 1}); /* m[::3] */
}
static int do_getslice_reversed(cut_map *c) {
  return get_slice(c, (mml_slice){0, 0, -1, 0, 0, 1}); /* m[::-1] */
}

static int do_setslice(cut_map *c) {
  mml_slice sl = {c->page, c->page + 10, 1, 1, 1, 0};
  return mml_setslice(c->m, &sl, "0123456789", 10);
}
static int do_setslice_step(cut_map *c) {
  mml_slice sl = {c->page, 0, c->page, 1, 0, 1}; /* m[page::page]: 2 */
  return mml_setslice(c->m, &sl, "xy", 2);
}

#define P (c.page)
FAULT_TEST(fault_safe_read, P, do_read)
FAULT_TEST(fault_safe_read_to_end, 0, do_read_all)
FAULT_TEST(fault_safe_read_byte, P, do_read_byte)
FAULT_TEST(fault_safe_readline, 0, do_readline)
FAULT_TEST(fault_safe_write, P - 2, do_write)
FAULT_TEST(fault_safe_write_from_own_map, 0, do_write_from_map)
FAULT_TEST(fault_safe_write_byte, P, do_write_byte)
FAULT_TEST(fault_safe_find, 0, do_find)
FAULT_TEST(fault_safe_find_one_byte, 0, do_find_byte)
FAULT_TEST(fault_safe_rfind, 0, do_rfind)
FAULT_TEST(fault_safe_rfind_one_byte, 0, do_rfind_byte)
FAULT_TEST(fault_safe_move_from, 5, do_move_from)
FAULT_TEST(fault_safe_move_to, 5, do_move_to)
FAULT_TEST(fault_safe_getitem, 0, do_getitem)
FAULT_TEST(fault_safe_getitem_negative, 0, do_getitem_last)
FAULT_TEST(fault_safe_setitem, 0, do_setitem)
FAULT_TEST(fault_safe_getslice, 0, do_getslice)
FAULT_TEST(fault_safe_getslice_step, 0, do_getslice_step)
FAULT_TEST(fault_safe_getslice_reversed, 0, do_getslice_reversed)
FAULT_TEST(fault_safe_setslice, 0, do_setslice)
FAULT_TEST(fault_safe_setslice_step, 0, do_setslice_step)
#undef P

/* flush calls msync, which skips the missing pages without a word (and
 * CPython's flush succeeds): with the mode off it returns 0 and reads
 * nothing. With it on, a range that reaches past the file's last page
 * reports -EFAULT; ranges inside the file still succeed, and a read-only
 * map's flush, which writes back nothing, succeeds. */
TEST_IMPL(fault_safe_flush) {
  cut_map c;
  int64_t off, size;
  mml_map *ro;
  char path[64];
  cut_map_open(&c);
  ro = th_file_map(NULL, (size_t)(3 * c.page), MML_ACCESS_READ, path);
  th_truncate_elsewhere(path, 100);
  ASSERT_OK(mml_flush(c.m, NULL, NULL));
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_ERR(mml_flush(c.m, NULL, NULL), -EFAULT);
  off = 0, size = c.page;
  ASSERT_OK(mml_flush(c.m, &off, &size));
  off = 0, size = 100;
  ASSERT_OK(mml_flush(c.m, &off, &size));
  size = 0, off = c.page; /* empty: nothing to write back */
  ASSERT_OK(mml_flush(c.m, &off, &size));
  off = c.page, size = 1;
  ASSERT_ERR(mml_flush(c.m, &off, &size), -EFAULT);
  off = 0, size = c.page + 1;
  ASSERT_ERR(mml_flush(c.m, &off, &size), -EFAULT);
  ASSERT_OK(mml_flush(ro, NULL, NULL));
  expect_first_page_intact(&c);
  ASSERT_EQ(mml_set_fault_safe(0), 1);
  mml_destroy(ro);
  mml_destroy(c.m);
}

/* A PROT_NONE map (read-only to the core): SIGSEGV inside the map is
 * caught as well (-EFAULT); with the mode off the read dies of SIGSEGV. */
static int read_prot_none(cut_map *c) { return get_item(c, 0); }

TEST_IMPL(fault_safe_prot_none_segv) {
  cut_map c;
  c.page = mml_pagesize();
  c.m = th_open_fd(-1, c.page, -1, 0, MML_ACCESS_DEFAULT, 0, 1, 0);
  for (int cycle = 0; cycle < 2; cycle++) {
    child_arg a = {&c, read_prot_none, cycle};
    th_expect_killed_by(th_child_status(access_in_child, &a), SIGSEGV);
  }
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_ERR(read_prot_none(&c), -EFAULT);
  ASSERT_ERR(mml_read_byte(c.m, NULL), -EFAULT);
  ASSERT_EQ(th_tell(c.m), 0);
  mml_destroy(c.m);
}

/* The switch: off by default; each call returns the previous setting; any
 * nonzero value is "on". The error it produces is an ordinary OSError. */
TEST_IMPL(fault_safe_switch) {
  ASSERT_EQ(mml_fault_safe(), 0);
  ASSERT_EQ(mml_set_fault_safe(0), 0);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_EQ(mml_fault_safe(), 1);
  ASSERT_EQ(mml_set_fault_safe(1), 1);
  ASSERT_EQ(mml_set_fault_safe(0), 1);
  ASSERT_EQ(mml_fault_safe(), 0);
  ASSERT_EQ(mml_set_fault_safe(-5), 0);
  ASSERT_EQ(mml_fault_safe(), 1);
  ASSERT_EQ(mml_set_fault_safe(INT32_MIN), 1);
  ASSERT_EQ(mml_set_fault_safe(0), 1);
  ASSERT_EQ(mml_err_kind(-EFAULT), MML_EXC_OS);
  ASSERT_EQ(mml_err_errno(-EFAULT), EFAULT);
  ASSERT_STR_EQ(mml_strerror(-EFAULT), "Bad address");
  ASSERT_STR_EQ(mml_err_name(-EFAULT), "EFAULT");
  ASSERT_EQ(mml_err_errno(-EIO), EIO);
}

/* With the mode on, nothing changes for maps that do not fault: random
 * operations on two equal maps, one with the mode on and one with it off,
 * give the same results and leave the same bytes and positions. */
TEST_IMPL(fault_safe_same_results) {
  enum { LEN = 3 * 4096 + 17, OPS = 4000 };
  uint64_t seed = 42;
  mml_map *on = th_anon(NULL, LEN), *off = th_anon(NULL, LEN);
  for (int op = 0; op < OPS; op++) {
    const uint64_t r = th_splitmix64(&seed);
    const int64_t a = (int64_t)(r % LEN), b = (int64_t)((r >> 20) % LEN);
    const int64_t n = (int64_t)((r >> 40) % 64);
    uint8_t *out[2] = {NULL, NULL}, byte[2] = {0, 0};
    int64_t len[2] = {-1, -1}, idx[2] = {-2, -2};
    int rc[2];
    for (int k = 0; k < 2; k++) {
      mml_map *m = k ? on : off;
      uint8_t needle[4];
      mml_slice sl = {a, b, (int64_t)(r >> 60) - 8, 1, 1, 1};
      if (sl.step == 0)
        sl.step = 1;
      needle[0] = (uint8_t)r, needle[1] = (uint8_t)(r >> 8), needle[2] = 'q';
      needle[3] = (uint8_t)(r >> 16);
      mml_set_fault_safe(k);
      ASSERT_EQ(mml_fault_safe(), k);
      ASSERT_OK(mml_seek(m, a, 0, NULL));
      switch (r % 11) {
      case 0:
        rc[k] = mml_read(m, n, &out[k], &len[k]);
        break;
      case 1:
        rc[k] = mml_readline(m, &out[k], &len[k]);
        break;
      case 2:
        rc[k] = mml_read_byte(m, &byte[k]);
        break;
      case 3:
        rc[k] = mml_write(m, needle, 3, &len[k]);
        break;
      case 4:
        rc[k] = mml_write_byte(m, (int64_t)(r >> 32) & 0xff);
        break;
      case 5:
        rc[k] = mml_find(m, needle, 1 + (int64_t)(r >> 62), NULL, &b, &idx[k]);
        break;
      case 6:
        rc[k] = mml_rfind(m, needle, 1 + (int64_t)(r >> 62), NULL, &b, &idx[k]);
        break;
      case 7:
        rc[k] = mml_move(m, b, a, n);
        break;
      case 8:
        rc[k] = mml_getslice(m, &sl, &out[k], &len[k]);
        break;
      case 9:
        rc[k] = mml_getitem(m, b, &byte[k]);
        break;
      default:
        rc[k] = mml_setitem(m, b, (int64_t)(r >> 24) & 0xff);
        break;
      }
    }
    ASSERT_EQ(rc[0], rc[1]);
    ASSERT_EQ(len[0], len[1]);
    ASSERT_EQ(idx[0], idx[1]);
    ASSERT_EQ(byte[0], byte[1]);
    ASSERT_EQ(th_tell(on), th_tell(off));
    if (out[0] != NULL || out[1] != NULL) {
      ASSERT_NOT_NULL(out[0]);
      ASSERT_NOT_NULL(out[1]);
      ASSERT_MEM_EQ(out[0], out[1], len[0]);
    }
    mml_free(out[0]);
    mml_free(out[1]);
  }
  {
    int64_t n0, n1;
    uint8_t *c0 = th_content(off, &n0), *c1 = th_content(on, &n1);
    ASSERT_EQ(n0, n1);
    ASSERT_MEM_EQ(c0, c1, n0);
    mml_free(c0);
    mml_free(c1);
  }
  ASSERT_EQ(mml_set_fault_safe(0), 1);
  mml_destroy(on);
  mml_destroy(off);
}
