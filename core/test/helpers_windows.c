/* helpers_windows.c - the fixtures whose Unix form needs fork, signals or
 * /proc (helpers.h), on Windows. */
#include "helpers.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "platform.h"
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

unsigned long th_run_peer(const char *peer, const char *name,
                          const char *value) {
  char *self = NULL, *cmd;
  size_t cap;
  DWORD n = 0, code = 0;
  STARTUPINFOA si;
  PROCESS_INFORMATION pi;
  for (DWORD c = 260;; c *= 2) { /* the path may be longer than MAX_PATH */
    ASSERT_LE(c, 65536);
    free(self);
    self = malloc(c);
    ASSERT_NOT_NULL(self);
    n = GetModuleFileNameA(NULL, self, c);
    ASSERT_GT(n, 0);
    if (n < c)
      break;
  }
  cap = strlen(self) + strlen(peer) + 16;
  cmd = malloc(cap);
  ASSERT_NOT_NULL(cmd);
  snprintf(cmd, cap, "\"%s\" --peer %s", self, peer);
  ASSERT(SetEnvironmentVariableA(name, value));
  memset(&si, 0, sizeof si);
  si.cb = sizeof si;
  fflush(NULL);
  ASSERT(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
  if (WaitForSingleObject(pi.hProcess, 30000) != WAIT_OBJECT_0) {
    TerminateProcess(pi.hProcess, 1);
    TEST_FAIL_("peer %s did not end within 30 s", peer);
  }
  ASSERT(GetExitCodeProcess(pi.hProcess, &code));
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  SetEnvironmentVariableA(name, NULL);
  free(cmd);
  free(self);
  return code;
}

void th_unix_only(const char *why) {
  fprintf(stderr, "SKIP: Unix only: %s\n", why);
  exit(TEST_SKIP_CODE);
}

uint8_t *th_guarded_pages(int64_t pages) {
  const int64_t ps = mml_pagesize();
  uint8_t *p = VirtualAlloc(NULL, (size_t)((pages + 2) * ps),
                            MEM_RESERVE | MEM_COMMIT, PAGE_NOACCESS);
  DWORD old;
  ASSERT_NOT_NULL(p);
  ASSERT(VirtualProtect(p + ps, (size_t)(pages * ps), PAGE_READWRITE, &old));
  return p + ps;
}

void th_guarded_free(uint8_t *p, int64_t pages) {
  (void)pages;
  ASSERT(VirtualFree(p - mml_pagesize(), 0, MEM_RELEASE));
}

/* The guard before the view (th_guarded_anon_map), a reservation of the
 * 64 KiB block that ends where the view starts; the view's own block has
 * nothing after its bytes (the rest of a view's 64 KiB block cannot be
 * allocated), which is the guard after. */
static uint8_t *guard_block, *view_slot;

/* mml__os.map_view that maps at view_slot (MapViewOfFileEx). */
static int map_view_at_slot(void *mapping, int access, int64_t offset,
                            size_t len, void **out) {
  void *p = MapViewOfFileEx(mapping, FILE_MAP_COPY, (DWORD)(offset >> 32),
                            (DWORD)(offset & 0xFFFFFFFF), len, view_slot);
  (void)access;
  if (p == NULL)
    return (int)GetLastError();
  *out = p;
  return 0;
}

mml_map *th_guarded_anon_map(int64_t len) {
  const int64_t g = mml_allocation_granularity();
  mml_open_args args;
  mml_map *m = NULL;
  uint8_t *base, *data = NULL;
  ASSERT_LE(len, g);
  /* Two free blocks in a row: reserve them, release, reuse the address. */
  base = VirtualAlloc(NULL, (size_t)(2 * g), MEM_RESERVE, PAGE_NOACCESS);
  ASSERT_NOT_NULL(base);
  ASSERT(VirtualFree(base, 0, MEM_RELEASE));
  guard_block = VirtualAlloc(base, (size_t)g, MEM_RESERVE, PAGE_NOACCESS);
  ASSERT_PTR_EQ(guard_block, base);
  view_slot = base + g;
  mml_open_args_init(&args);
  args.length = len;
  args.access = MML_ACCESS_COPY;
  mml__os.map_view = map_view_at_slot;
  ASSERT_OK(mml_open(&m, &args));
  mml__os_reset();
  ASSERT_OK(mml_buffer_export(m, &data, NULL, NULL));
  ASSERT_PTR_EQ(data, view_slot);
  ASSERT_OK(mml_buffer_release(m));
  return m;
}

void th_guarded_anon_map_free(int64_t len) {
  (void)len;
  VirtualFree(guard_block, 0, MEM_RELEASE);
}

int th_readable(const void *p) {
  MEMORY_BASIC_INFORMATION mbi;
  ASSERT(VirtualQuery(p, &mbi, sizeof mbi) == sizeof mbi);
  return mbi.State == MEM_COMMIT &&
         (mbi.Protect & (PAGE_NOACCESS | PAGE_GUARD)) == 0;
}

static int file_size_fails(void *file, int64_t *size) {
  (void)file, (void)size;
  return ERROR_IO_DEVICE;
}

int th_inject_size_failure(void) {
  mml__os.file_size = file_size_fails;
  return -(MML_WINERR_BASE + ERROR_IO_DEVICE);
}
