/* test_windows.c - the Windows constructor and the Windows-only surface:
 * CreateFileMapping/MapViewOfFile semantics as CPython's MS_WINDOWS code
 * follows them (see list_windows.h). */
#include <fcntl.h>
#include <io.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "helpers.h"
#include "test.h"

/* -(MML_WINERR_BASE + winerror): an OSError with that winerror. */
#define WINERR(code) (-(MML_WINERR_BASE + (code)))

/* mml_open with these arguments; returns its code, the map in *out. */
static int open_map(mml_map **out, int64_t fileno, int64_t length,
                    const char *tagname, int64_t access, int64_t offset,
                    uint32_t pyver) {
  mml_open_args a;
  mml_open_args_init(&a);
  a.fileno = fileno;
  a.length = length;
  a.tagname = tagname;
  a.access = access;
  a.offset = offset;
  if (pyver != 0)
    a.python_version = pyver;
  return mml_open(out, &a);
}

/* A tag no other test process uses at the same time. */
static void unique_tag(char *buf, size_t cap, const char *what) {
  snprintf(buf, cap, "mmaplab-%s-%lu-%lu", what,
           (unsigned long)GetCurrentProcessId(), (unsigned long)GetTickCount());
}

TEST_IMPL(windows_open_file_whole) {
  char path[64];
  int fd = th_temp_file("hello world", 11, path);
  mml_map *m = NULL;
  int64_t size = -1;
  ASSERT_OK(open_map(&m, fd, 0, NULL, MML_ACCESS_DEFAULT, 0, 0));
  _close(fd); /* the map keeps its own duplicate of the handle */
  th_expect_map(m, "hello world", 11);
  ASSERT_OK(mml_size(m, &size));
  ASSERT_EQ(size, 11);
  ASSERT_OK(mml_setitem(m, 0, 'H'));
  ASSERT_OK(mml_flush(m, NULL, NULL));
  mml_destroy(m);
  th_expect_file(path, "Hello world", 11);
}

TEST_IMPL(windows_open_anonymous) {
  /* fileno -1 and 0 both map the paging file. */
  for (int64_t fileno = -1; fileno <= 0; fileno++) {
    mml_map *m = NULL;
    uint8_t zero[100] = {0};
    int64_t size = -1;
    ASSERT_OK(open_map(&m, fileno, 100, NULL, MML_ACCESS_DEFAULT, 0, 0));
    th_expect_map(m, zero, 100);
    ASSERT_OK(mml_write(m, "abc", 3, NULL));
    ASSERT_OK(mml_seek(m, 0, 0, NULL));
    {
      uint8_t *out = NULL;
      int64_t n = 0;
      ASSERT_OK(mml_read(m, 3, &out, &n));
      ASSERT_EQ(n, 3);
      ASSERT_MEM_EQ(out, "abc", 3);
      mml_free(out);
    }
    /* size() of an anonymous map is its length on Windows, every version */
    ASSERT_OK(mml_size(m, &size));
    ASSERT_EQ(size, 100);
    mml_destroy(m);
  }
}

TEST_IMPL(windows_open_anonymous_length_zero) {
  mml_map *m = NULL;
  /* CreateFileMapping of the paging file with maximum size 0 */
  ASSERT_ERR(open_map(&m, -1, 0, NULL, MML_ACCESS_DEFAULT, 0, 0),
             WINERR(ERROR_INVALID_PARAMETER));
  ASSERT_NULL(m);
}

TEST_IMPL(windows_open_extends_file) {
  char path[64];
  int fd = th_temp_file("0123456789", 10, path);
  mml_map *m = NULL;
  uint8_t want[100] = "0123456789";
  ASSERT_OK(open_map(&m, fd, 100, NULL, MML_ACCESS_DEFAULT, 0, 0));
  ASSERT_EQ(th_file_size(path), 100);
  th_expect_map(m, want, 100);
  mml_destroy(m);
  /* ACCESS_READ cannot extend: CreateFileMapping refuses (the file is not
   * changed) */
  ASSERT_ERR(open_map(&m, fd, 200, NULL, MML_ACCESS_READ, 0, 0),
             WINERR(ERROR_NOT_ENOUGH_MEMORY));
  ASSERT_EQ(th_file_size(path), 100);
  _close(fd);
}

TEST_IMPL(windows_open_granularity) {
  enum { G = 65536 };
  char path[64];
  uint8_t *data = malloc(G + 10);
  int fd;
  mml_map *m = NULL;
  ASSERT_NOT_NULL(data);
  memset(data, 'x', G);
  memcpy(data + G, "0123456789", 10);
  fd = th_temp_file(data, G + 10, path);
  ASSERT_EQ(mml_allocation_granularity(), G);
  /* a page-aligned offset is not enough: MapViewOfFile wants 64 KiB */
  ASSERT_ERR(open_map(&m, fd, 10, NULL, MML_ACCESS_DEFAULT, 4096, 0),
             WINERR(ERROR_MAPPED_ALIGNMENT));
  ASSERT_NULL(m);
  ASSERT_OK(open_map(&m, fd, 0, NULL, MML_ACCESS_DEFAULT, G, 0));
  th_expect_map(m, "0123456789", 10);
  ASSERT_EQ(mml_offset(m), G);
  mml_destroy(m);
  _close(fd);
  free(data);
}

TEST_IMPL(windows_open_validation_order) {
  char path[64];
  int fd = th_temp_file(NULL, 0, path);
  mml_map *m = NULL;
  /* access is checked before the signs of length and offset */
  ASSERT_ERR(open_map(&m, -1, -1, NULL, 4, -1, 0), MML_EACCESS_INVALID);
  ASSERT_ERR(open_map(&m, -1, -1, NULL, MML_ACCESS_DEFAULT, -1, 0),
             MML_ELENGTH_NEGATIVE);
  ASSERT_ERR(open_map(&m, -1, 1, NULL, MML_ACCESS_DEFAULT, -1, 0),
             MML_EOFFSET_NEGATIVE);
  /* C int conversions first of all, fileno before access */
  ASSERT_ERR(open_map(&m, INT64_MAX, 1, NULL, INT64_MIN, 0, 0),
             MML_EINT_TOO_BIG);
  ASSERT_ERR(open_map(&m, -1, 1, NULL, INT64_MIN, 0, 0), MML_EINT_TOO_SMALL);
  /* the file-size rules of length 0 */
  ASSERT_ERR(open_map(&m, fd, 0, NULL, MML_ACCESS_DEFAULT, 0, 0),
             MML_EEMPTY_FILE);
  _close(fd);
  fd = th_temp_file("abc", 3, path);
  ASSERT_ERR(open_map(&m, fd, 0, NULL, MML_ACCESS_DEFAULT, 65536, 0),
             MML_EOFFSET_BEYOND_FILE);
  ASSERT_NULL(m);
  _close(fd);
}

TEST_IMPL(windows_open_bad_fileno) {
  mml_map *m = NULL;
  /* _get_osfhandle fails: the C runtime's errno, EBADF */
  ASSERT_ERR(open_map(&m, 12345, 10, NULL, MML_ACCESS_DEFAULT, 0, 0), -EBADF);
  ASSERT_EQ(mml_err_kind(-EBADF), MML_EXC_OS);
  ASSERT_NULL(m);
}

TEST_IMPL(windows_open_unknown_keywords) {
  mml_open_args a;
  mml_map *m = NULL;
  mml_open_args_init(&a);
  ASSERT_EQ(a.flags, MML_ARG_ABSENT);
  ASSERT_EQ(a.prot, MML_ARG_ABSENT);
  a.length = 10;
  a.flags = 1;
  a.python_version = MML_PY(3, 12, 1);
  ASSERT_ERR(mml_open(&m, &a), MML_EKWARG_FLAGS);
  a.python_version = MML_PY(3, 13, 0);
  ASSERT_ERR(mml_open(&m, &a), MML_EKWARG_FLAGS_313);
  a.flags = MML_ARG_ABSENT;
  a.prot = 0;
  ASSERT_ERR(mml_open(&m, &a), MML_EKWARG_PROT_313);
  a.python_version = MML_PY(3, 8, 0);
  ASSERT_ERR(mml_open(&m, &a), MML_EKWARG_PROT);
  ASSERT_NULL(m);
  ASSERT_STR_EQ(mml_strerror(MML_EKWARG_PROT),
                "'prot' is an invalid keyword argument for this function");
}

TEST_IMPL(windows_tagname_two_objects) {
  char tag[96];
  mml_map *a = NULL, *b = NULL;
  uint8_t byte = 0;
  unique_tag(tag, sizeof tag, "two");
  ASSERT_OK(open_map(&a, -1, 4096, tag, MML_ACCESS_DEFAULT, 0, 0));
  ASSERT_OK(open_map(&b, -1, 4096, tag, MML_ACCESS_DEFAULT, 0, 0));
  ASSERT_OK(mml_setitem(a, 100, 'A'));
  ASSERT_OK(mml_getitem(b, 100, &byte));
  ASSERT_EQ(byte, 'A');
  ASSERT_OK(mml_setitem(b, 4095, 'B'));
  ASSERT_OK(mml_getitem(a, 4095, &byte));
  ASSERT_EQ(byte, 'B');
  mml_destroy(a);
  /* the memory lives as long as one object holds it */
  ASSERT_OK(mml_getitem(b, 100, &byte));
  ASSERT_EQ(byte, 'A');
  mml_destroy(b);
}

TEST_IMPL(windows_constants) {
  size_t n = 0;
  const mml_constant *c = mml_constants(&n);
  int64_t v = 0;
  ASSERT_EQ(n, 6);
  ASSERT_STR_EQ(c[4].name, "PAGESIZE");
  ASSERT_EQ(c[4].value, 4096);
  ASSERT_STR_EQ(c[5].name, "ALLOCATIONGRANULARITY");
  ASSERT_EQ(c[5].value, 65536);
  ASSERT(mml_constant_value("ACCESS_COPY", &v));
  ASSERT_EQ(v, MML_ACCESS_COPY);
  ASSERT(!mml_constant_value("MAP_SHARED", &v));
  ASSERT(!mml_constant_value("PROT_READ", &v));
  ASSERT(!mml_constant_value("MADV_DONTNEED", &v));
  ASSERT_EQ(mml_pagesize(), 4096);
}

TEST_IMPL(windows_madvise_absent) {
  mml_map *m = th_anon("abc", 3);
  int64_t len = 1;
  ASSERT_ERR(mml_madvise(m, 0, 0, &len), MML_ENO_MADVISE);
  ASSERT_EQ(mml_err_kind(MML_ENO_MADVISE), MML_EXC_ATTRIBUTE);
  ASSERT_STR_EQ(mml_exc_name(MML_EXC_ATTRIBUTE), "AttributeError");
  /* the attribute lookup fails before the closed check */
  ASSERT_OK(mml_close(m));
  ASSERT_ERR(mml_madvise(m, 0, 0, NULL), MML_ENO_MADVISE);
  mml_destroy(m);
}

TEST_IMPL(windows_error_codes) {
  const int align = WINERR(ERROR_MAPPED_ALIGNMENT);
  const char *text = mml_strerror(align);
  size_t n = strlen(text);
  ASSERT_EQ(mml_err_kind(align), MML_EXC_OS);
  ASSERT_EQ(mml_err_winerror(align), ERROR_MAPPED_ALIGNMENT);
  ASSERT_EQ(mml_err_errno(align), EINVAL);
  ASSERT_STR_EQ(mml_err_name(align), "ERROR_MAPPED_ALIGNMENT");
  /* FormatMessage's text without its trailing dot and line break */
  ASSERT_GT(n, 0);
  ASSERT(text[n - 1] != '.' && text[n - 1] != '\n' && text[n - 1] != ' ');
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_ACCESS_DENIED)), EACCES);
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_DISK_FULL)), ENOSPC);
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_INVALID_HANDLE)), EBADF);
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_NOT_ENOUGH_MEMORY)), ENOMEM);
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_ALREADY_EXISTS)), EEXIST);
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_DIR_NOT_EMPTY)), ENOTEMPTY);
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_USER_MAPPED_FILE)), EINVAL);
  ASSERT_EQ(mml_err_winerror(-EBADF), 0);
  ASSERT_EQ(mml_err_winerror(MML_ECLOSED), 0);
  ASSERT_EQ(mml_err_kind(WINERR(0xFFFF)), MML_EXC_OS);
  ASSERT_EQ(mml_err_kind(WINERR(0x10000)), MML_EXC_SYSTEM);
  ASSERT_STR_HAS(mml_strerror(WINERR(ERROR_ACCESS_DENIED)), "denied");
}

/* Whether this process runs under Wine (its ntdll exports
 * wine_get_version; Windows' does not). */
static int under_wine(void) {
  HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  return ntdll != NULL && GetProcAddress(ntdll, "wine_get_version") != NULL;
}

/* CPython's message is FormatMessage's text without its trailing dot and
 * line break. Windows' texts (what a Windows CPython prints) differ from
 * Wine's own wording: under Wine the test checks Wine's, so that neither
 * the stripping nor the lookup can go wrong unseen; the Windows texts are
 * checked where it runs on Windows. The difference is Wine's. */
TEST_IMPL(windows_error_text) {
  static const struct {
    int code;
    const char *windows, *wine;
  } texts[] = {
      {ERROR_ACCESS_DENIED, "Access is denied", "Access denied"},
      {ERROR_INVALID_PARAMETER, "The parameter is incorrect",
       "Invalid parameter"},
      {ERROR_NOACCESS, "Invalid access to memory location",
       "No access to memory location"},
      {ERROR_MAPPED_ALIGNMENT,
       "The base address or the file offset specified does not have the "
       "proper alignment",
       "Incorrect alignment"},
      {ERROR_USER_MAPPED_FILE,
       "The requested operation cannot be performed on a file with a "
       "user-mapped section open",
       "File has a user-mapped section"},
  };
  const int wine = under_wine();
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
    ASSERT_STR_EQ(mml_strerror(WINERR(texts[i].code)),
                  wine ? texts[i].wine : texts[i].windows);
  /* no text at all: CPython's fallback */
  ASSERT_STR_EQ(mml_strerror(WINERR(0xFFFF)), "Windows Error 0xffff");
}
