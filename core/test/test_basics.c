/* test_basics.c - the error table, constants, repr, close and exports. */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

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

TEST_IMPL(os_error_code) {
  ASSERT_EQ(mml_err_kind(-EBADF), MML_EXC_OS);
  ASSERT_EQ(mml_err_errno(-EBADF), EBADF);
  /* OSError's strerror as CPython prints it: "[Errno 9] Bad file
   * descriptor". */
  ASSERT_STR_EQ(mml_strerror(-EBADF), "Bad file descriptor");
  ASSERT_STR_EQ(mml_strerror(-EACCES), "Permission denied");
  ASSERT_STR_EQ(mml_err_name(-EINVAL), "EINVAL");
  /* strerror's text for an errno the C library does not know. */
  ASSERT_STR_EQ(mml_strerror(-4000), "Unknown error 4000");
  ASSERT_STR_EQ(mml_err_name(-4000), "UNKNOWN");
  ASSERT_STR_EQ(mml_exc_name(mml_err_kind(-ENOMEM)), "OSError");
}

/* The names and values `python3.13 -c "import mmap; print(dir(mmap))"`
 * shows on Linux x86-64 (glibc). */
TEST_IMPL(constants_linux) {
  static const struct {
    const char *name;
    int64_t value;
  } want[] = {
      {"ACCESS_DEFAULT", 0},
      {"ACCESS_READ", 1},
      {"ACCESS_WRITE", 2},
      {"ACCESS_COPY", 3},
      {"PROT_READ", PROT_READ},
      {"PROT_WRITE", PROT_WRITE},
      {"PROT_EXEC", PROT_EXEC},
      {"MAP_SHARED", MAP_SHARED},
      {"MAP_PRIVATE", MAP_PRIVATE},
      {"MAP_ANON", MAP_ANONYMOUS},
      {"MAP_ANONYMOUS", MAP_ANONYMOUS},
      {"MAP_DENYWRITE", 2048},
      {"MAP_EXECUTABLE", 4096},
      {"MAP_POPULATE", 32768},
      {"MAP_STACK", 131072},
      {"MAP_NORESERVE", 16384},
      {"MADV_NORMAL", 0},
      {"MADV_RANDOM", 1},
      {"MADV_SEQUENTIAL", 2},
      {"MADV_WILLNEED", 3},
      {"MADV_DONTNEED", 4},
      {"MADV_FREE", 8},
      {"MADV_REMOVE", 9},
      {"MADV_DONTFORK", 10},
      {"MADV_DOFORK", 11},
      {"MADV_MERGEABLE", 12},
      {"MADV_UNMERGEABLE", 13},
      {"MADV_HUGEPAGE", 14},
      {"MADV_NOHUGEPAGE", 15},
      {"MADV_DONTDUMP", 16},
      {"MADV_DODUMP", 17},
      {"MADV_HWPOISON", 100},
  };
  size_t n = 0;
  const mml_constant *all = mml_constants(&n);
  int64_t v = -1;
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
    if (!mml_constant_value(want[i].name, &v))
      TEST_FAIL_("constant %s missing", want[i].name);
    ASSERT_EQ(v, want[i].value);
  }
  ASSERT(mml_constant_value("PAGESIZE", &v));
  ASSERT_EQ(v, sysconf(_SC_PAGESIZE));
  ASSERT_EQ(mml_pagesize(), sysconf(_SC_PAGESIZE));
  ASSERT(mml_constant_value("ALLOCATIONGRANULARITY", &v));
  ASSERT_EQ(v, mml_pagesize());
  ASSERT_EQ(mml_allocation_granularity(), mml_pagesize());
#if defined(__x86_64__)
  ASSERT(mml_constant_value("MAP_32BIT", &v));
  ASSERT_EQ(v, 64);
  /* 35 names in CPython 3.13 on Linux x86-64 glibc: the 34 above,
   * PAGESIZE and ALLOCATIONGRANULARITY included, plus MAP_32BIT. */
  ASSERT_EQ(n, 35);
#endif
  /* Not exported by CPython on Linux: the kernel header has it, glibc's
   * <sys/mman.h> does not. */
  ASSERT(!mml_constant_value("MADV_SOFT_OFFLINE", &v));
  ASSERT(!mml_constant_value("PROT_NONE", &v));
  ASSERT(!mml_constant_value("MS_SYNC", &v));
  ASSERT(!mml_constant_value(NULL, &v));
  for (size_t i = 0; i < n; i++)
    ASSERT_NOT_NULL(all[i].name);
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
  ASSERT_ERR(mml_madvise(m, 0, 0, NULL), MML_ECLOSED);
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
  int64_t len = 0;
  int ro = -1;
  mml_open_args_init(&a);
  a.length = 4096;
  a.flags = MAP_PRIVATE; /* a private anonymous map may grow */
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

#if defined(__SANITIZE_ADDRESS__)
#define MML_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MML_TEST_ASAN 1
#endif
#endif

/* Copies out of the map that cannot be allocated are MemoryError, and the
 * position does not move. The address-space limit makes malloc fail. */
TEST_IMPL(memory_error_paths) {
#ifdef MML_TEST_ASAN
  SKIP("AddressSanitizer reserves terabytes of shadow memory, so an "
       "address-space limit cannot make malloc fail selectively");
#else
  const int64_t len = 256 << 20; /* untouched: costs no memory */
  mml_map *m = NULL;
  mml_open_args a;
  mml_slice every_other = {0, 0, 2, 0, 0, 1};
  struct rlimit rl;
  uint8_t *out = (uint8_t *)"unchanged";
  int64_t n = -1, pos = -1;
  mml_open_args_init(&a);
  a.length = len;
  a.flags = MAP_PRIVATE;
  ASSERT_OK(mml_open(&m, &a));
  /* Allow what is mapped now plus 64 MiB: a 256 MiB copy cannot fit. */
  ASSERT_EQ(getrlimit(RLIMIT_AS, &rl), 0);
  {
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    ASSERT_NOT_NULL(f);
    ASSERT_EQ(fscanf(f, "%lu", &pages), 1);
    fclose(f);
    rl.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + (64 << 20);
  }
  ASSERT_EQ(setrlimit(RLIMIT_AS, &rl), 0);
  ASSERT_ERR(mml_read(m, -1, &out, &n), MML_ENOMEM);
  ASSERT_ERR(mml_readline(m, &out, &n), MML_ENOMEM);
  ASSERT_ERR(mml_getslice(m, &every_other, &out, &n), MML_ENOMEM);
  ASSERT_STR_EQ((const char *)out, "unchanged");
  ASSERT_OK(mml_tell(m, &pos));
  ASSERT_EQ(pos, 0);
  ASSERT_EQ(mml_err_kind(MML_ENOMEM), MML_EXC_MEMORY);
  mml_destroy(m);
#endif
}
