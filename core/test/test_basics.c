/* test_basics.c - the error table, constants, repr, close and exports. */
#define _GNU_SOURCE
#include <errno.h>

#include "helpers.h"
#include "test.h"

/* The exact CPython messages (Modules/mmapmodule.c, CPython 3.13). */
TEST_IMPL(error_table_messages) {
  static const struct {
    int code;
    mml_exc_kind kind;
    const char *msg;
  } want[] = {
      {MML_ECLOSED, MML_EXC_VALUE, "mmap closed or invalid"},
      {MML_EREAD_BYTE_RANGE, MML_EXC_VALUE, "read byte out of range"},
      {MML_EWRITE_BYTE_RANGE, MML_EXC_VALUE, "write byte out of range"},
      {MML_EDATA_RANGE, MML_EXC_VALUE, "data out of range"},
      {MML_ESEEK_RANGE, MML_EXC_VALUE, "seek out of range"},
      {MML_ESEEK_TYPE, MML_EXC_VALUE, "unknown seek type"},
      {MML_EMOVE_RANGE, MML_EXC_VALUE,
       "source, destination, or count out of range"},
      {MML_EFLUSH_RANGE, MML_EXC_VALUE, "flush values out of range"},
      {MML_EMADV_START, MML_EXC_VALUE, "madvise start out of bounds"},
      {MML_EMADV_LENGTH, MML_EXC_VALUE, "madvise length invalid"},
      {MML_EMADV_TOO_LARGE, MML_EXC_OVERFLOW, "madvise length too large"},
      {MML_ERESIZE_RANGE, MML_EXC_VALUE, "new size out of range"},
      {MML_ERESIZE_TRACKFD, MML_EXC_VALUE,
       "mmap can't resize with trackfd=False."},
      {MML_ERESIZE_SHARED_ANON, MML_EXC_VALUE,
       "mmap: can't expand a shared anonymous mapping on Linux"},
      {MML_ESIZE_TRACKFD, MML_EXC_VALUE, "can't get size with trackfd=False"},
      {MML_EACCESS_AND_FLAGS, MML_EXC_VALUE,
       "mmap can't specify both access and flags, prot."},
      {MML_EACCESS_INVALID, MML_EXC_VALUE, "mmap invalid access parameter."},
      {MML_EEMPTY_FILE, MML_EXC_VALUE, "cannot mmap an empty file"},
      {MML_EOFFSET_BEYOND_FILE, MML_EXC_VALUE,
       "mmap offset is greater than file size"},
      {MML_ELENGTH_BEYOND_FILE, MML_EXC_VALUE,
       "mmap length is greater than file size"},
      {MML_ELENGTH_TOO_LARGE, MML_EXC_VALUE, "mmap length is too large"},
      {MML_EITEM_VALUE_RANGE, MML_EXC_VALUE,
       "mmap item value must be in range(0, 256)"},
      {MML_ESLICE_STEP_ZERO, MML_EXC_VALUE, "slice step cannot be zero"},
      {MML_ELENGTH_NEGATIVE, MML_EXC_OVERFLOW,
       "memory mapped length must be positive"},
      {MML_EOFFSET_NEGATIVE, MML_EXC_OVERFLOW,
       "memory mapped offset must be positive"},
      {MML_EINT_TOO_BIG, MML_EXC_OVERFLOW,
       "signed integer is greater than maximum"},
      {MML_EINT_TOO_SMALL, MML_EXC_OVERFLOW,
       "signed integer is less than minimum"},
      {MML_EBYTE_TOO_BIG, MML_EXC_OVERFLOW,
       "unsigned byte integer is greater than maximum"},
      {MML_EBYTE_TOO_SMALL, MML_EXC_OVERFLOW,
       "unsigned byte integer is less than minimum"},
      {MML_EREADONLY, MML_EXC_TYPE, "mmap can't modify a readonly memory map."},
      {MML_ERESIZE_READONLY, MML_EXC_TYPE,
       "mmap can't resize a readonly or copy-on-write memory map."},
      {MML_EITEM_DELETE, MML_EXC_TYPE, "mmap doesn't support item deletion"},
      {MML_ESLICE_DELETE, MML_EXC_TYPE,
       "mmap object doesn't support slice deletion"},
      {MML_EINDEX_RANGE, MML_EXC_INDEX, "mmap index out of range"},
      {MML_ESLICE_SIZE, MML_EXC_INDEX, "mmap slice assignment is wrong size"},
      {MML_ECLOSE_EXPORTED, MML_EXC_BUFFER,
       "cannot close exported pointers exist"},
      {MML_ERESIZE_EXPORTED, MML_EXC_BUFFER,
       "mmap can't resize with extant buffers exported."},
      {MML_ENOMEM, MML_EXC_MEMORY, ""},
  };
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    ASSERT_EQ(mml_err_kind(want[i].code), want[i].kind);
    ASSERT_STR_EQ(mml_strerror(want[i].code), want[i].msg);
    ASSERT_EQ(mml_err_errno(want[i].code), 0);
  }
  ASSERT_STR_EQ(mml_err_name(MML_ECLOSED), "MML_ECLOSED");
  ASSERT_STR_EQ(mml_exc_name(MML_EXC_OVERFLOW), "OverflowError");
  ASSERT_EQ(mml_err_kind(0), MML_EXC_NONE);
  ASSERT_STR_EQ(mml_strerror(0), "");
}

TEST_IMPL(error_codes_distinct_from_errno) {
  for (int i = 0; i < MML_ERR_COUNT; i++) {
    int code = -(MML_ERR_BASE + i);
    ASSERT_LT(code, -4095);
    ASSERT_NE(mml_err_kind(code), MML_EXC_OS);
    ASSERT_NE(mml_err_kind(code), MML_EXC_NONE);
  }
  /* Past the table: neither an errno nor a table code. */
  ASSERT_EQ(mml_err_kind(-(MML_ERR_BASE + MML_ERR_COUNT)), MML_EXC_SYSTEM);
  ASSERT_STR_EQ(mml_err_name(-(MML_ERR_BASE + MML_ERR_COUNT)), "UNKNOWN");
}

/* The version the library reports and the header's macros are the
 * project's (project() in CMakeLists.txt, passed to the tests on its own). */
TEST_IMPL(version_string) {
  char parts[32];
  ASSERT_STR_EQ(mml_version_string(), MML_TEST_PROJECT_VERSION);
  ASSERT_STR_EQ(MML_VERSION_STRING, MML_TEST_PROJECT_VERSION);
  snprintf(parts, sizeof parts, "%d.%d.%d", MML_VERSION_MAJOR,
           MML_VERSION_MINOR, MML_VERSION_PATCH);
  ASSERT_STR_EQ(parts, MML_TEST_PROJECT_VERSION);
}

/* repr as CPython 3.9+ prints it. */
TEST_IMPL(repr_open_and_closed) {
  char buf[128];
  mml_map *m = th_anon("hello", 5);
  ASSERT_OK(mml_seek(m, 2, 0, NULL));
  ASSERT_EQ(mml_repr(m, NULL, buf, sizeof buf), 74);
  ASSERT_STR_EQ(buf, "<mmap.mmap closed=False, access=ACCESS_DEFAULT, "
                     "length=5, pos=2, offset=0>");
  /* A Python subclass shows its own tp_name. */
  mml_repr(m, "Sub", buf, sizeof buf);
  ASSERT_STR_EQ(buf,
                "<Sub closed=False, access=ACCESS_DEFAULT, length=5, pos=2, "
                "offset=0>");
  /* Truncated like snprintf; the return value is the full length. */
  ASSERT_EQ(mml_repr(m, NULL, NULL, 0), 74); /* a size query */
  ASSERT_EQ(mml_repr(m, NULL, buf, 10), 74);
  ASSERT_STR_EQ(buf, "<mmap.mma");
  ASSERT_OK(mml_close(m));
  mml_repr(m, NULL, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "<mmap.mmap closed=True>");
  mml_destroy(m);

  m = th_file_map("hello world", 11, MML_ACCESS_READ, NULL);
  mml_repr(m, NULL, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "<mmap.mmap closed=False, access=ACCESS_READ, "
                     "length=11, pos=0, offset=0>");
  mml_destroy(m);
  m = th_file_map("hello world", 11, MML_ACCESS_COPY, NULL);
  mml_repr(m, NULL, buf, sizeof buf);
  ASSERT_STR_EQ(buf, "<mmap.mmap closed=False, access=ACCESS_COPY, "
                     "length=11, pos=0, offset=0>");
  mml_destroy(m);
}

TEST_IMPL(close_idempotent) {
  int fds = th_count_fds();
  mml_map *m = th_file_map("hello", 5, MML_ACCESS_WRITE, NULL);
  ASSERT_EQ(th_count_fds(), fds + 1); /* the map's dup */
  ASSERT_EQ(mml_closed(m), 0);
  ASSERT_OK(mml_close(m));
  ASSERT_EQ(mml_closed(m), 1);
  ASSERT_EQ(th_count_fds(), fds);
  ASSERT_OK(mml_close(m));
  ASSERT_EQ(mml_closed(m), 1);
  ASSERT_EQ(mml_seekable(m), 1); /* no open check in 3.13 */
  mml_destroy(m);
  ASSERT_EQ(th_count_fds(), fds);
}

/* CPython 3.13 on a closed map: every method but close/closed/seekable
 * raises ValueError("mmap closed or invalid"), whatever its arguments. */
TEST_IMPL(closed_map_every_method) {
  mml_map *m = th_closed_map();
  mml_slice sl = {0, 1, 1, 1, 1, 1};
  int64_t i64 = 0, zero = 0;
  uint8_t byte = 0, *out = NULL, *data = NULL;
  int ro = 0;
  ASSERT_ERR(mml_len(m, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_tell(m, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_seek(m, 0, 0, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_seek(m, INT64_MIN, INT64_MAX, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_size(m, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_read(m, -1, &out, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_read_byte(m, &byte), MML_ECLOSED);
  ASSERT_ERR(mml_readline(m, &out, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_write(m, "a", 1, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_write_byte(m, 300), MML_ECLOSED);
  ASSERT_ERR(mml_find(m, "a", 1, NULL, NULL, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_rfind(m, "", 0, &zero, &zero, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_flush(m, NULL, NULL), MML_ECLOSED);
  /* where the module has no madvise (Windows), the lookup fails first */
  ASSERT_ERR(mml_madvise(m, 0, 0, NULL), mml_constant_value("MADV_NORMAL", NULL)
                                             ? MML_ECLOSED
                                             : MML_ENO_MADVISE);
  ASSERT_ERR(mml_move(m, 0, 0, 0), MML_ECLOSED);
  ASSERT_ERR(mml_resize(m, 10), MML_ECLOSED);
  ASSERT_ERR(mml_getitem(m, 0, &byte), MML_ECLOSED);
  ASSERT_ERR(mml_setitem(m, 0, 1), MML_ECLOSED);
  ASSERT_ERR(mml_delitem(m, 0), MML_ECLOSED);
  ASSERT_ERR(mml_getslice(m, &sl, &out, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_setslice(m, &sl, "a", 1), MML_ECLOSED);
  ASSERT_ERR(mml_delslice(m, &sl), MML_ECLOSED);
  ASSERT_ERR(mml_slice_indices(m, &sl, &i64, &i64, &i64), MML_ECLOSED);
  ASSERT_ERR(mml_buffer_export(m, &data, &i64, &ro), MML_ECLOSED);
  ASSERT_OK(mml_close(m));
  ASSERT_EQ(mml_closed(m), 1);
  ASSERT_EQ(mml_seekable(m), 1);
  mml_destroy(m);
}

TEST_IMPL(buffer_export_blocks_close_and_resize) {
  mml_map *m = NULL;
  mml_open_args a;
  uint8_t *data = NULL;
  int64_t len = 0, priv = 0;
  int ro = -1;
  mml_open_args_init(&a);
  a.length = 4096;
  /* a private anonymous map may grow (Windows: every anonymous map) */
  if (mml_constant_value("MAP_PRIVATE", &priv))
    a.flags = priv;
  ASSERT_OK(mml_open(&m, &a));
  ASSERT_OK(mml_buffer_export(m, &data, &len, &ro));
  ASSERT_OK(mml_buffer_export(m, NULL, NULL, NULL));
  ASSERT_EQ(mml_exports(m), 2);
  ASSERT_EQ(len, 4096);
  ASSERT_EQ(ro, 0);
  ASSERT_ERR(mml_close(m), MML_ECLOSE_EXPORTED);
  ASSERT_EQ(mml_closed(m), 0);
  /* The export check precedes every other resize check. */
  ASSERT_ERR(mml_resize(m, -1), MML_ERESIZE_EXPORTED);
  ASSERT_ERR(mml_resize(m, 8192), MML_ERESIZE_EXPORTED);
  data[0] = 'x'; /* still mapped */
  ASSERT_OK(mml_buffer_release(m));
  ASSERT_ERR(mml_close(m), MML_ECLOSE_EXPORTED);
  ASSERT_OK(mml_buffer_release(m));
  ASSERT_EQ(mml_exports(m), 0);
  ASSERT_OK(mml_resize(m, 8192));
  ASSERT_OK(mml_close(m));
  mml_destroy(m);
}

TEST_IMPL(buffer_export_readonly_flag) {
  static const int access[] = {MML_ACCESS_DEFAULT, MML_ACCESS_READ,
                               MML_ACCESS_WRITE, MML_ACCESS_COPY};
  for (int i = 0; i < 4; i++) {
    mml_map *m = th_file_map("abc", 3, access[i], NULL);
    int ro = -1;
    ASSERT_OK(mml_buffer_export(m, NULL, NULL, &ro));
    ASSERT_EQ(ro, access[i] == MML_ACCESS_READ);
    ASSERT_OK(mml_buffer_release(m));
    mml_destroy(m);
  }
}

TEST_IMPL(buffer_release_without_export) {
  mml_map *m = th_anon("abc", 3);
  ASSERT_ERR(mml_buffer_release(m), MML_EMISUSE);
  ASSERT_EQ(mml_exports(m), 0);
  mml_destroy(m);
}

TEST_IMPL(null_map_is_misuse) {
  int64_t v;
  ASSERT_ERR(mml_len(NULL, &v), MML_EMISUSE);
  ASSERT_ERR(mml_close(NULL), MML_EMISUSE);
  ASSERT_ERR(mml_open(NULL, NULL), MML_EMISUSE);
  ASSERT_EQ(mml_err_kind(MML_EMISUSE), MML_EXC_SYSTEM);
  ASSERT_EQ(mml_closed(NULL), 1);
  mml_destroy(NULL);
}

TEST_IMPL(exception_names) {
  static const char *const want[] = {"",
                                     "ValueError",
                                     "TypeError",
                                     "IndexError",
                                     "OverflowError",
                                     "BufferError",
                                     "MemoryError",
                                     "SystemError",
                                     "OSError"};
  for (int k = MML_EXC_NONE; k <= MML_EXC_OS; k++)
    ASSERT_STR_EQ(mml_exc_name((mml_exc_kind)k), want[k]);
  ASSERT_STR_EQ(mml_exc_name((mml_exc_kind)99), "SystemError");
  ASSERT_STR_EQ(mml_strerror(-(MML_ERR_BASE + MML_ERR_COUNT)),
                "unknown mmaplab error code");
  ASSERT_STR_EQ(mml_err_name(0), "OK");
}
