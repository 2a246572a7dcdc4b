/* test_basics_unix.c - the basics that are Unix's own: errno texts of the
 * C library, the Linux constants, memory limits (setrlimit). Listed in
 * list_basics.h; skipped on Windows (skip_unix_only.c). */
#define _GNU_SOURCE /* MAP_ANONYMOUS and the Linux MAP_/MADV_ values */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "helpers.h"
#include "test.h"

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
