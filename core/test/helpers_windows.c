/* helpers_windows.c - the fixtures whose Unix form needs fork, signals or
 * /proc (helpers.h), on Windows. */
#include "helpers.h"

#include <malloc.h>
#include <stdlib.h>
#include <windows.h>

#include "test.h"

int th_count_fds(void) {
  SKIP("Windows has no count of open descriptors (/proc/self/fd)");
}

void th_truncate_elsewhere(const char *path, int64_t size) {
  HANDLE h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                         NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  LARGE_INTEGER li;
  BOOL ok;
  ASSERT(h != INVALID_HANDLE_VALUE);
  li.QuadPart = size;
  ok = SetFilePointerEx(h, li, NULL, FILE_BEGIN) && SetEndOfFile(h);
  if (!ok)
    TEST_FAIL_("SetEndOfFile(%s, %lld): Windows error %lu", path,
               (long long)size, (unsigned long)GetLastError());
  CloseHandle(h);
  ASSERT_EQ(th_file_size(path), size);
}

int th_child_status(void (*fn)(void *), void *arg) {
  (void)fn, (void)arg;
  SKIP("needs fork: Windows cannot run a function in a child process");
}

void th_expect_exited(int status, int code) { ASSERT_EQ(status, code); }

void th_expect_killed_by(int status, int sig) {
  TEST_FAIL_("Windows has no signals: status %d, want signal %d", status, sig);
}

int th_setenv(const char *name, const char *value) {
  return _putenv_s(name, value) == 0 ? 0 : -1;
}

void *th_aligned_alloc(size_t align, size_t size) {
  void *p = _aligned_malloc(size, align);
  ASSERT_NOT_NULL(p);
  return p;
}

void th_aligned_free(void *p) { _aligned_free(p); }
