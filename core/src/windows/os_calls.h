/* os_calls.h (Windows) - the mml__os call table of win32.c (platform.h).
 *
 * Every call returns 0 on success or a positive Windows error code
 * (GetLastError's), except get_handle, whose failure is the C runtime's
 * errno (EBADF), as CPython reports it. Handles are void * (HANDLE). */
#ifndef MML_OS_CALLS_H
#define MML_OS_CALLS_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "mmaplab.h"

/* The kind of access a mapping object or a view is created for: the
 * constructor's ACCESS_* decides (PAGE_READONLY / FILE_MAP_READ,
 * PAGE_READWRITE / FILE_MAP_WRITE, PAGE_WRITECOPY / FILE_MAP_COPY). */
enum { MML__WIN_READ = 1, MML__WIN_WRITE = 2, MML__WIN_COPY = 3 };

typedef struct mml__os_table {
  /* _get_osfhandle(fd) into *out; fails with an errno (EBADF). */
  int (*get_handle)(int fd, void **out);
  /* lseek(fd, 0, SEEK_SET), as CPython does to the caller's descriptor. */
  int (*rewind)(int fd);
  /* DuplicateHandle (same access, not inheritable) into *out. */
  int (*dup_handle)(void *handle, void **out);
  /* GetFileSizeEx. */
  int (*file_size)(void *file, int64_t *size);
  /* SetFilePointerEx(size) + SetEndOfFile. */
  int (*set_file_size)(void *file, int64_t size);
  /* CreateFileMappingA (narrow tag) or CreateFileMappingW (wide tag, or
   * none) of FILE (INVALID_HANDLE_VALUE: the paging file) with a maximum
   * size of MAX_SIZE (0: the file's size), into *out; *existed (may be
   * NULL) is set when the name was already taken (ERROR_ALREADY_EXISTS:
   * the existing object was opened). */
  int (*create_mapping)(void *file, int access, int64_t max_size,
                        const char *tag_narrow, const wchar_t *tag_wide,
                        void **out, int *existed);
  /* OpenFileMapping(FILE_MAP_WRITE) of a tag into *out (resize's check
   * that no one else holds the name). */
  int (*open_mapping)(const char *tag_narrow, const wchar_t *tag_wide,
                      void **out);
  /* MapViewOfFile(mapping, access, offset, len) into *out. */
  int (*map_view)(void *mapping, int access, int64_t offset, size_t len,
                  void **out);
  int (*unmap_view)(void *addr);
  /* FlushViewOfFile(addr, len). */
  int (*flush_view)(void *addr, size_t len);
  int (*close_handle)(void *handle);
} mml__os_table;

/* INVALID_HANDLE_VALUE without <windows.h>. */
#define MML__NO_HANDLE ((void *)(intptr_t)-1)

/* The error code for the Windows error code ERR (> 0). */
static inline int mml__oserr(int err) { return -(MML_WINERR_BASE + err); }

/* The error code for a C runtime errno ERR (> 0). */
static inline int mml__errnoerr(int err) { return -err; }

#endif /* MML_OS_CALLS_H */
