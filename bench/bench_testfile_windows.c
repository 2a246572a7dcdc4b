/* bench_testfile_windows.c - the Windows part of bench_testfile.h: a file
 * opened with FILE_FLAG_DELETE_ON_CLOSE (gone when its last handle, the
 * core's duplicates included, closes: no exit path leaves it behind),
 * handed out as a C runtime descriptor (the core's fileno, as CPython's
 * mmap takes one), filled through a view of a section, written back with
 * FlushFileBuffers, read with ReadFile at an offset. */
#include "bench_testfile.h"

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "bench_data.h"

/* ReadFile takes a DWORD count: at most this many bytes per call. */
#define READ_MAX ((int64_t)1 << 30)

const char *bench_testfile_dir(void) {
  static char tmp[MAX_PATH + 1];
  const char *d = getenv("MMAPLAB_BENCH_DIR");
  DWORD n;
  if (d == NULL || *d == '\0')
    d = getenv("TMPDIR");
  if (d != NULL && *d != '\0')
    return d;
  /* GetTempPath: TMP, TEMP, USERPROFILE or the Windows directory. */
  n = GetTempPathA(sizeof tmp, tmp);
  if (n == 0 || n > MAX_PATH)
    return ".";
  if (n > 1 && (tmp[n - 1] == '\\' || tmp[n - 1] == '/'))
    tmp[n - 1] = '\0';
  return tmp;
}

const char bench_testfile_read_name[] = "readfile";

int bench_testfile_read(int fd, uint8_t *p, int64_t n, int64_t off) {
  const HANDLE h = (HANDLE)_get_osfhandle(fd);
  if (h == INVALID_HANDLE_VALUE)
    return -1;
  while (n > 0) {
    /* On a synchronous handle OVERLAPPED gives the offset of this read. */
    OVERLAPPED ov = {0};
    DWORD got = 0;
    ov.Offset = (DWORD)((uint64_t)off & 0xffffffffu);
    ov.OffsetHigh = (DWORD)((uint64_t)off >> 32);
    if (!ReadFile(h, p, (DWORD)(n < READ_MAX ? n : READ_MAX), &got, &ov) ||
        got == 0)
      return -1;
    p += got, n -= got, off += got;
  }
  return 0;
}

const char *bench_testfile_os_open(bench_testfile *tf) {
  char path[MAX_PATH + 1];
  HANDLE h;
  int fd;
  if (GetTempFileNameA(tf->dir, "mml", 0, path) == 0)
    return "test file: GetTempFileName failed in the benchmark directory "
           "(MMAPLAB_BENCH_DIR, TMPDIR or the temporary directory)";
  /* GetTempFileName created the file: open it again to be deleted on the
   * last close, sharing delete so the core's duplicates may coexist. */
  h = CreateFileA(path, GENERIC_READ | GENERIC_WRITE,
                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                  CREATE_ALWAYS,
                  FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
  if (h == INVALID_HANDLE_VALUE) {
    (void)DeleteFileA(path);
    return "test file: CreateFile failed";
  }
  if ((fd = _open_osfhandle((intptr_t)h, _O_RDWR | _O_BINARY)) < 0) {
    CloseHandle(h);
    return "test file: _open_osfhandle failed";
  }
  tf->fd = fd;
  return NULL;
}

const char *bench_testfile_os_fill(const bench_testfile *tf, uint64_t *sum) {
  const HANDLE h = (HANDLE)_get_osfhandle(tf->fd);
  LARGE_INTEGER size;
  HANDLE section;
  void *p;
  const char *err = NULL;
  size.QuadPart = tf->size;
  /* Setting the end allocates the blocks: a full disk fails here. */
  if (!SetFilePointerEx(h, size, NULL, FILE_BEGIN) || !SetEndOfFile(h))
    return "test file: extending it failed (disk full?)";
  section = CreateFileMappingA(h, NULL, PAGE_READWRITE, 0, 0, NULL);
  if (section == NULL)
    return "test file: CreateFileMapping for filling failed";
  p = MapViewOfFile(section, FILE_MAP_WRITE, 0, 0, (SIZE_T)tf->size);
  if (p == NULL) {
    CloseHandle(section);
    return "test file: MapViewOfFile for filling failed";
  }
  bd_fill(p, tf->size, BD_DATA_RANDOM);
  *sum = bench_testfile_sum(p, tf->size);
  if (!FlushViewOfFile(p, 0))
    err = "test file: FlushViewOfFile failed";
  if (!UnmapViewOfFile(p) && err == NULL)
    err = "test file: UnmapViewOfFile failed";
  CloseHandle(section);
  return err;
}

const char *bench_testfile_os_sync(const bench_testfile *tf) {
  return FlushFileBuffers((HANDLE)_get_osfhandle(tf->fd))
             ? NULL
             : "test file: FlushFileBuffers failed";
}

void bench_testfile_os_close(int fd) { (void)_close(fd); }
