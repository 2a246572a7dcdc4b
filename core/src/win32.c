/* win32.c - the OS layer on Windows (see platform.h, windows/os_calls.h). */
#include <errno.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "platform.h"

static int win_get_handle(int fd, void **out) {
  intptr_t h = _get_osfhandle(fd);
  if (h == (intptr_t)INVALID_HANDLE_VALUE)
    return errno != 0 ? errno : EBADF;
  *out = (void *)h;
  return 0;
}

static int win_rewind(int fd) {
  return _lseeki64(fd, 0, SEEK_SET) < 0 ? errno : 0;
}

static int win_dup_handle(void *handle, void **out) {
  HANDLE dup = NULL;
  if (!DuplicateHandle(GetCurrentProcess(), handle, GetCurrentProcess(), &dup,
                       0, FALSE, DUPLICATE_SAME_ACCESS))
    return (int)GetLastError();
  *out = dup;
  return 0;
}

static int win_file_size(void *file, int64_t *size) {
  LARGE_INTEGER li;
  if (!GetFileSizeEx(file, &li))
    return (int)GetLastError();
  *size = (int64_t)li.QuadPart;
  return 0;
}

static int win_set_file_size(void *file, int64_t size) {
  LARGE_INTEGER li;
  li.QuadPart = size;
  if (!SetFilePointerEx(file, li, NULL, FILE_BEGIN) || !SetEndOfFile(file))
    return (int)GetLastError();
  return 0;
}

static DWORD page_protection(int access) {
  switch (access) {
  case MML__WIN_READ:
    return PAGE_READONLY;
  case MML__WIN_COPY:
    return PAGE_WRITECOPY;
  default:
    return PAGE_READWRITE;
  }
}

static DWORD view_access(int access) {
  switch (access) {
  case MML__WIN_READ:
    return FILE_MAP_READ;
  case MML__WIN_COPY:
    return FILE_MAP_COPY;
  default:
    return FILE_MAP_WRITE;
  }
}

static int win_create_mapping(void *file, int access, int64_t max_size,
                              const char *tag_narrow, const wchar_t *tag_wide,
                              void **out, int *existed) {
  DWORD hi = (DWORD)((uint64_t)max_size >> 32);
  DWORD lo = (DWORD)((uint64_t)max_size & 0xFFFFFFFFu);
  HANDLE h;
  if (tag_narrow != NULL)
    h = CreateFileMappingA(file, NULL, page_protection(access), hi, lo,
                           tag_narrow);
  else
    h = CreateFileMappingW(file, NULL, page_protection(access), hi, lo,
                           tag_wide);
  if (h == NULL)
    return (int)GetLastError();
  /* A successful call sets the last error: ERROR_ALREADY_EXISTS when the
   * name was taken (the existing object was opened), else 0. */
  if (existed != NULL)
    *existed = GetLastError() == ERROR_ALREADY_EXISTS;
  *out = h;
  return 0;
}

static int win_open_mapping(const char *tag_narrow, const wchar_t *tag_wide,
                            void **out) {
  HANDLE h = tag_narrow != NULL
                 ? OpenFileMappingA(FILE_MAP_WRITE, FALSE, tag_narrow)
                 : OpenFileMappingW(FILE_MAP_WRITE, FALSE, tag_wide);
  if (h == NULL)
    return (int)GetLastError();
  *out = h;
  return 0;
}

static int win_map_view(void *mapping, int access, int64_t offset, size_t len,
                        void **out) {
  void *p = MapViewOfFile(mapping, view_access(access),
                          (DWORD)((uint64_t)offset >> 32),
                          (DWORD)((uint64_t)offset & 0xFFFFFFFFu), len);
  if (p == NULL)
    return (int)GetLastError();
  *out = p;
  return 0;
}

static int win_unmap_view(void *addr) {
  return UnmapViewOfFile(addr) ? 0 : (int)GetLastError();
}

static int win_flush_view(void *addr, size_t len) {
  return FlushViewOfFile(addr, len) ? 0 : (int)GetLastError();
}

static int win_close_handle(void *handle) {
  return CloseHandle(handle) ? 0 : (int)GetLastError();
}

/* The real calls: the initializer of both tables. */
#define WIN32_CALLS                                                            \
  {                                                                            \
    .get_handle = win_get_handle, .rewind = win_rewind,                        \
    .dup_handle = win_dup_handle, .file_size = win_file_size,                  \
    .set_file_size = win_set_file_size, .create_mapping = win_create_mapping,  \
    .open_mapping = win_open_mapping, .map_view = win_map_view,                \
    .unmap_view = win_unmap_view, .flush_view = win_flush_view,                \
    .close_handle = win_close_handle,                                          \
  }

static const mml__os_table win32_table = WIN32_CALLS;

mml__os_table mml__os = WIN32_CALLS;

void mml__os_reset(void) { mml__os = win32_table; }

int64_t mml__os_pagesize(void) {
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  return (int64_t)si.dwPageSize;
}

/* The alignment MapViewOfFile wants of an offset: 65536 on every Windows. */
int64_t mml__os_allocation_granularity(void) {
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  return (int64_t)si.dwAllocationGranularity;
}

/* CPython on Windows has only these: no MAP_*, PROT_*, MADV_*. */
static mml_constant constants[] = {
    {"ACCESS_DEFAULT", MML_ACCESS_DEFAULT},
    {"ACCESS_READ", MML_ACCESS_READ},
    {"ACCESS_WRITE", MML_ACCESS_WRITE},
    {"ACCESS_COPY", MML_ACCESS_COPY},
    {"PAGESIZE", 0},              /* filled in once, at run time */
    {"ALLOCATIONGRANULARITY", 0}, /* likewise */
};
#define N_CONSTANTS (sizeof constants / sizeof constants[0])

static INIT_ONCE constants_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK fill_constants(PINIT_ONCE once, PVOID param,
                                    PVOID *context) {
  (void)once, (void)param, (void)context;
  constants[4].value = mml__os_pagesize();
  constants[5].value = mml__os_allocation_granularity();
  return TRUE;
}

const mml_constant *mml__os_constants(size_t *count) {
  InitOnceExecuteOnce(&constants_once, fill_constants, NULL, NULL);
  *count = N_CONSTANTS;
  return constants;
}

int mml__os_constant_value(const char *name, int64_t *value) {
  size_t n;
  const mml_constant *c = mml__os_constants(&n);
  for (size_t i = 0; i < n; i++) {
    if (strcmp(c[i].name, name) == 0) {
      *value = c[i].value;
      return 1;
    }
  }
  return 0;
}

const char *mml__os_strerror(int err) {
  /* The C runtime's text, as CPython's OSError gives it on Windows;
   * strerror's buffer is per thread in the Windows C runtime. */
  return strerror(err);
}

/* The C runtime's errno names (Windows numbering). */
const char *mml__os_errno_name(int err) {
  static const struct {
    int err;
    const char *name;
  } names[] = {
      {EPERM, "EPERM"},   {ENOENT, "ENOENT"},       {EINTR, "EINTR"},
      {EIO, "EIO"},       {E2BIG, "E2BIG"},         {EBADF, "EBADF"},
      {EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"},       {EACCES, "EACCES"},
      {EFAULT, "EFAULT"}, {EEXIST, "EEXIST"},       {ENODEV, "ENODEV"},
      {EINVAL, "EINVAL"}, {EMFILE, "EMFILE"},       {EFBIG, "EFBIG"},
      {ENOSPC, "ENOSPC"}, {ESPIPE, "ESPIPE"},       {EPIPE, "EPIPE"},
      {ENOSYS, "ENOSYS"}, {ENOTEMPTY, "ENOTEMPTY"},
  };
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (names[i].err == err)
      return names[i].name;
  return NULL;
}

/* CPython's text for a Windows error: FormatMessageW's (system message,
 * neutral language), without trailing whitespace, control characters and
 * dots; "Windows Error 0x%x" when Windows has none. As UTF-8, per thread. */
const char *mml__os_winerror_text(int winerr) {
  static _Thread_local char text[1024];
  wchar_t wide[512];
  int len;
  DWORD n = FormatMessageW(
      FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
      (DWORD)winerr, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), wide,
      (DWORD)(sizeof wide / sizeof wide[0]), NULL);
  if (n == 0) {
    snprintf(text, sizeof text, "Windows Error 0x%x", (unsigned)winerr);
    return text;
  }
  while (n > 0 && (wide[n - 1] <= L' ' || wide[n - 1] == L'.'))
    n--;
  len = n > 0 ? WideCharToMultiByte(CP_UTF8, 0, wide, (int)n, text,
                                    (int)sizeof text - 1, NULL, NULL)
              : 0;
  text[len > 0 ? len : 0] = '\0';
  return text;
}
