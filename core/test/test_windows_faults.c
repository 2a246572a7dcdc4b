/* test_windows_faults.c - CPython 3.13's SEH guard (gh-118209) on Windows,
 * the tagname between two processes, and OS failures injected through
 * mml__os (list_windows.h, peers_windows.h). */
#include <errno.h>
#include <io.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "helpers.h"
#include "platform.h"
#include "test.h"

#define WINERR(code) (-(MML_WINERR_BASE + (code)))

static mml_map *anon(int64_t length, const char *tag, uint32_t pyver) {
  mml_open_args a;
  mml_map *m = NULL;
  mml_open_args_init(&a);
  a.length = length;
  a.tagname = tag;
  if (pyver != 0)
    a.python_version = pyver;
  ASSERT_OK(mml_open(&m, &a));
  return m;
}

/* Makes M's first page inaccessible (as CPython's debug-only _protect
 * does in its test); the view's address comes from an export. */
static void protect_first_page(mml_map *m) {
  uint8_t *data;
  int64_t len;
  int readonly;
  DWORD old;
  ASSERT_OK(mml_buffer_export(m, &data, &len, &readonly));
  ASSERT(VirtualProtect(data, 4096, PAGE_NOACCESS, &old));
  ASSERT_OK(mml_buffer_release(m));
}

/* 3.13: an access violation inside the view is OSError winerror 998
 * (ERROR_NOACCESS) from every method that touches the bytes; nothing
 * moves. */
TEST_IMPL(windows_fault_access_violation) {
  mml_map *m = anon(65536, NULL, MML_PY(3, 13, 0));
  uint8_t *out = NULL, byte = 0;
  int64_t n = -1, idx = 0;
  ASSERT_OK(mml_seek(m, 10, 0, NULL));
  protect_first_page(m);
  ASSERT_ERR(mml_read(m, 5, &out, &n), WINERR(ERROR_NOACCESS));
  ASSERT_NULL(out);
  ASSERT_ERR(mml_read_byte(m, &byte), WINERR(ERROR_NOACCESS));
  ASSERT_ERR(mml_readline(m, &out, &n), WINERR(ERROR_NOACCESS));
  ASSERT_ERR(mml_write(m, "x", 1, NULL), WINERR(ERROR_NOACCESS));
  ASSERT_ERR(mml_write_byte(m, 'x'), WINERR(ERROR_NOACCESS));
  ASSERT_ERR(mml_getitem(m, 0, &byte), WINERR(ERROR_NOACCESS));
  ASSERT_ERR(mml_setitem(m, 0, 1), WINERR(ERROR_NOACCESS));
  ASSERT_ERR(mml_find(m, "ab", 2, NULL, NULL, &idx), WINERR(ERROR_NOACCESS));
  ASSERT_ERR(mml_move(m, 0, 5000, 10), WINERR(ERROR_NOACCESS));
  ASSERT_EQ(th_tell(m), 10);
  /* the rest of the view is fine */
  ASSERT_OK(mml_setitem(m, 5000, 'y'));
  ASSERT_OK(mml_getitem(m, 5000, &byte));
  ASSERT_EQ(byte, 'y');
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_NOACCESS)), EINVAL);
  mml_destroy(m);
}

/* Before 3.13 the same access kills the process (an unhandled access
 * violation, 0xC0000005), unless the fault-safe mode is on. */
void peer_fault_unguarded(void);
void peer_fault_unguarded(void) {
  mml_map *m = anon(65536, NULL, MML_PY(3, 12, 0));
  uint8_t byte = 0;
  protect_first_page(m);
  mml_getitem(m, 0, &byte);
  exit(0); /* not reached */
}

TEST_IMPL(windows_fault_before_313) {
  mml_map *m;
  uint8_t byte = 0;
  ASSERT_EQ(th_run_peer("fault_unguarded", "MML_UNUSED", "1"),
            (unsigned long)EXCEPTION_ACCESS_VIOLATION);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  m = anon(65536, NULL, MML_PY(3, 12, 0));
  protect_first_page(m);
  ASSERT_ERR(mml_getitem(m, 0, &byte), WINERR(ERROR_NOACCESS));
  mml_destroy(m);
}

/* A fault outside the view is not the guard's: it reaches the process's
 * own handling (here: the test's vectored handler, called after ours). */
static volatile LONG outside_faults;
static LONG CALLBACK count_outside(EXCEPTION_POINTERS *ep) {
  if (ep->ExceptionRecord->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
    return EXCEPTION_CONTINUE_SEARCH;
  outside_faults++;
  DWORD old;
  VirtualProtect((void *)ep->ExceptionRecord->ExceptionInformation[1], 1,
                 PAGE_READWRITE, &old);
  return EXCEPTION_CONTINUE_EXECUTION;
}

TEST_IMPL(windows_fault_outside_view) {
  mml_map *m = anon(4096, NULL, MML_PY(3, 13, 0));
  uint8_t *page =
      VirtualAlloc(NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_NOACCESS);
  ASSERT_NOT_NULL(page);
  ASSERT_NOT_NULL(AddVectoredExceptionHandler(0, count_outside));
  /* write()'s data lies outside the map: its fault is not caught */
  ASSERT_OK(mml_write(m, page, 16, NULL));
  ASSERT_EQ(outside_faults, 1);
  mml_destroy(m);
}

/* ---- the tagname between two processes -------------------------------- */

/* The second process: opens the tag named by MML_PEER_TAG, checks the
 * first process's bytes and answers in the next ones. */
void peer_tagname_reader(void);
void peer_tagname_reader(void) {
  const char *tag = getenv("MML_PEER_TAG");
  mml_map *m;
  uint8_t *out = NULL;
  int64_t n = 0;
  ASSERT_NOT_NULL(tag);
  m = anon(4096, tag, 0);
  ASSERT_OK(mml_read(m, 5, &out, &n));
  ASSERT_EQ(n, 5);
  ASSERT_MEM_EQ(out, "ping!", 5);
  mml_free(out);
  ASSERT_OK(mml_write(m, "pong!", 5, NULL));
  mml_destroy(m);
}

TEST_IMPL(windows_tagname_two_processes) {
  char tag[96];
  mml_map *m;
  snprintf(tag, sizeof tag, "mmaplab-peer-%lu",
           (unsigned long)GetCurrentProcessId());
  m = anon(4096, tag, 0);
  ASSERT_OK(mml_write(m, "ping!", 5, NULL));
  ASSERT_EQ(th_run_peer("tagname_reader", "MML_PEER_TAG", tag), 0);
  th_expect_slice(m, &(mml_slice){0, 10, 1, 1, 1, 0}, "ping!pong!", 10);
  mml_destroy(m);
}

/* Before gh-81489 the tag's UTF-8 bytes go to CreateFileMappingA, from it
 * the name as UTF-16 to CreateFileMappingW: an ASCII name is one mapping
 * across both; a non-ASCII one is not (mojibake on the ANSI side). */
TEST_IMPL(windows_tagname_versions) {
  char tag[96];
  mml_map *old, *wide;
  uint8_t byte = 0;
  snprintf(tag, sizeof tag, "mmaplab-ver-%lu",
           (unsigned long)GetCurrentProcessId());
  old = anon(4096, tag, MML_PY(3, 11, 7));
  wide = anon(4096, tag, MML_PY(3, 11, 8));
  ASSERT_OK(mml_setitem(old, 0, 'A'));
  ASSERT_OK(mml_getitem(wide, 0, &byte));
  ASSERT_EQ(byte, 'A');
  mml_destroy(old);
  mml_destroy(wide);
  snprintf(tag, sizeof tag, "mmaplab-\xc3\xa9t\xc3\xa9-%lu",
           (unsigned long)GetCurrentProcessId());
  old = anon(4096, tag, MML_PY(3, 12, 1));
  wide = anon(4096, tag, MML_PY(3, 12, 2));
  ASSERT_OK(mml_setitem(old, 0, 'A'));
  ASSERT_OK(mml_getitem(wide, 0, &byte));
  ASSERT_EQ(byte, 0);
  mml_destroy(old);
  mml_destroy(wide);
}

/* ---- OS failures injected through mml__os ------------------------------ */

static mml__os_table real;
static int closes, fail_on;

static int counting_close(void *h) {
  closes++;
  return real.close_handle(h);
}
static int failing_create(void *file, int access, int64_t max_size,
                          const char *tn, const wchar_t *tw, void **out,
                          int *existed) {
  (void)file, (void)access, (void)max_size, (void)tn, (void)tw, (void)out,
      (void)existed;
  return ERROR_DISK_FULL;
}
static int failing_view(void *mapping, int access, int64_t offset, size_t len,
                        void **out) {
  (void)mapping, (void)access, (void)offset, (void)len, (void)out;
  return ERROR_NOT_ENOUGH_MEMORY;
}
static int failing_dup(void *h, void **out) {
  (void)h, (void)out;
  return ERROR_TOO_MANY_OPEN_FILES;
}
static int failing_flush(void *addr, size_t len) {
  (void)addr, (void)len;
  return ERROR_LOCK_VIOLATION;
}
static int failing_set_size(void *file, int64_t size) {
  (void)file, (void)size;
  return fail_on;
}

TEST_IMPL(windows_injected_failures) {
  char path[64];
  int fd = th_temp_file("0123456789", 10, path);
  mml_open_args a;
  mml_map *m = NULL;
  int64_t one = 1;
  real = mml__os;
  mml_open_args_init(&a);
  a.fileno = fd;
  mml__os.close_handle = counting_close;
  /* CreateFileMapping fails: the duplicated file handle is closed */
  mml__os.create_mapping = failing_create;
  ASSERT_ERR(mml_open(&m, &a), WINERR(ERROR_DISK_FULL));
  ASSERT_NULL(m);
  ASSERT_EQ(closes, 1);
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_DISK_FULL)), ENOSPC);
  /* MapViewOfFile fails: the mapping and the file handle are closed */
  mml__os.create_mapping = real.create_mapping;
  mml__os.map_view = failing_view;
  closes = 0;
  ASSERT_ERR(mml_open(&m, &a), WINERR(ERROR_NOT_ENOUGH_MEMORY));
  ASSERT_EQ(closes, 2);
  mml__os.map_view = real.map_view;
  mml__os.dup_handle = failing_dup;
  closes = 0;
  ASSERT_ERR(mml_open(&m, &a), WINERR(ERROR_TOO_MANY_OPEN_FILES));
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_TOO_MANY_OPEN_FILES)), EMFILE);
  ASSERT_EQ(closes, 0);
  mml__os.dup_handle = real.dup_handle;
  /* FlushViewOfFile fails: OSError with its code */
  ASSERT_OK(mml_open(&m, &a));
  mml__os.flush_view = failing_flush;
  ASSERT_ERR(mml_flush(m, &one, &one), WINERR(ERROR_LOCK_VIOLATION));
  ASSERT_EQ(mml_err_errno(WINERR(ERROR_LOCK_VIOLATION)), EACCES);
  /* the file cannot be resized: mapped again at the old size, then the
   * error (3.11+) */
  fail_on = ERROR_DISK_FULL;
  mml__os.set_file_size = failing_set_size;
  ASSERT_ERR(mml_resize(m, 100), WINERR(ERROR_DISK_FULL));
  ASSERT(!mml_closed(m));
  th_expect_map(m, "0123456789", 10);
  th_reset_os();
  mml_destroy(m);
  _close(fd);
}
