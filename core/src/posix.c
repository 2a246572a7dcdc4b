/* posix.c - the OS layer on Linux and other POSIX systems (see platform.h). */
/* mremap, MAP_ANONYMOUS and the Linux MAP_/MADV_ values */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"

static int posix_map(void **out, size_t len, int prot, int flags, int fd,
                     int64_t offset) {
  void *p = mmap(NULL, len, prot, flags, fd, (off_t)offset);
  if (p == MAP_FAILED)
    return errno;
  *out = p;
  return 0;
}

static int posix_unmap(void *addr, size_t len) {
  return munmap(addr, len) == 0 ? 0 : errno;
}

#if defined(__SANITIZE_THREAD__)
#define MML__TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MML__TSAN 1
#endif
#endif

#if defined(MREMAP_MAYMOVE) && defined(MML__TSAN)
/* ThreadSanitizer does not intercept mremap: a mapping that grows (in
 * place or moved) takes over addresses whose shadow may still hold the
 * accesses of an earlier map there that another mremap vacated unseen, and
 * TSan reports those as races. So in a TSan build a growing remap moves
 * into a region reserved with mmap, whose interceptor resets the shadow.
 * Shrinking stays in place and takes no new addresses. */
static void *remap_may_move(void *addr, size_t old_len, size_t new_len) {
  void *fresh = MAP_FAILED;
  if (new_len > old_len)
    fresh = mmap(NULL, new_len, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  /* no reservation (a shrink, or none to be had): mremap's own result and
   * errno (EINVAL for a size no mmap could take, not mmap's ENOMEM) */
  if (fresh == MAP_FAILED)
    return mremap(addr, old_len, new_len, MREMAP_MAYMOVE);
  /* No munmap of FRESH on failure: Linux unmaps the target before most
   * of its checks, and another thread may have mapped there since. */
  return mremap(addr, old_len, new_len, MREMAP_MAYMOVE | MREMAP_FIXED, fresh);
}
#elif defined(MREMAP_MAYMOVE)
static void *remap_may_move(void *addr, size_t old_len, size_t new_len) {
  return mremap(addr, old_len, new_len, MREMAP_MAYMOVE);
}
#endif

static int posix_remap(void *addr, size_t old_len, size_t new_len, void **out) {
#ifdef MREMAP_MAYMOVE
  void *p = remap_may_move(addr, old_len, new_len);
  if (p == MAP_FAILED)
    return errno;
  *out = p;
  return 0;
#else
  /* No mremap (macOS, the BSDs): CPython raises SystemError there. */
  (void)addr, (void)old_len, (void)new_len, (void)out;
  return ENOSYS;
#endif
}

static int posix_sync(void *addr, size_t len) {
  return msync(addr, len, MS_SYNC) == 0 ? 0 : errno;
}

static int posix_advise(void *addr, size_t len, int advice) {
  return madvise(addr, len, advice) == 0 ? 0 : errno;
}

static int posix_stat(int fd, mml__file_info *info) {
  struct stat st;
  if (fstat(fd, &st) != 0)
    return errno;
  info->is_regular = S_ISREG(st.st_mode);
  info->size = (int64_t)st.st_size;
  return 0;
}

static int posix_truncate(int fd, int64_t size) {
  return ftruncate(fd, (off_t)size) == 0 ? 0 : errno;
}

static int posix_dup(int fd, int *out) {
  /* CPython's dup is non-inheritable: F_DUPFD_CLOEXEC does it atomically. */
  int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (nfd < 0)
    return errno;
  *out = nfd;
  return 0;
}

static int posix_close(int fd) {
  /* Linux frees the descriptor even when close reports EINTR: no retry. */
  return close(fd) == 0 ? 0 : errno;
}

/* The real calls: the initializer of both tables. */
#define POSIX_CALLS                                                            \
  {                                                                            \
    .map = posix_map, .unmap = posix_unmap, .remap = posix_remap,              \
    .sync = posix_sync, .advise = posix_advise, .stat = posix_stat,            \
    .truncate = posix_truncate, .dup = posix_dup, .close = posix_close,        \
  }

static const mml__os_table posix_table = POSIX_CALLS;

mml__os_table mml__os = POSIX_CALLS;

void mml__os_reset(void) { mml__os = posix_table; }

#ifndef MAP_ANONYMOUS
#define MAP_ANONYMOUS MAP_ANON /* older BSDs spell it MAP_ANON only */
#endif

const mml__os_bits mml__os_bits_values = {
    MAP_SHARED, MAP_PRIVATE, MAP_ANONYMOUS, PROT_READ, PROT_WRITE,
};

int64_t mml__os_pagesize(void) {
  long ps = sysconf(_SC_PAGESIZE);
  return ps > 0 ? (int64_t)ps : 4096;
}

/* On POSIX the offset only has to be page-aligned. */
int64_t mml__os_allocation_granularity(void) { return mml__os_pagesize(); }

/* Exactly the names CPython's mmap module exports when the platform's
 * <sys/mman.h> defines them, one row each, every value known at compile
 * time except the two RUN_TIME rows (see run_time_constant). */
#define C(name) {#name, name},
#define RUN_TIME 0
/* clang-format off */
static const mml_constant constants[] = {
    {"ACCESS_DEFAULT", MML_ACCESS_DEFAULT},
    {"ACCESS_READ", MML_ACCESS_READ},
    {"ACCESS_WRITE", MML_ACCESS_WRITE},
    {"ACCESS_COPY", MML_ACCESS_COPY},
    {"PAGESIZE", RUN_TIME},
    {"ALLOCATIONGRANULARITY", RUN_TIME},
    C(PROT_EXEC)
    C(PROT_READ)
    C(PROT_WRITE)
    C(MAP_SHARED)
    C(MAP_PRIVATE)
#ifdef MAP_DENYWRITE
    C(MAP_DENYWRITE)
#endif
#ifdef MAP_EXECUTABLE
    C(MAP_EXECUTABLE)
#endif
    {"MAP_ANON", MAP_ANONYMOUS},
    {"MAP_ANONYMOUS", MAP_ANONYMOUS},
#ifdef MAP_POPULATE
    C(MAP_POPULATE)
#endif
#ifdef MAP_STACK
    C(MAP_STACK)
#endif
#ifdef MAP_NORESERVE
    C(MAP_NORESERVE)
#endif
#ifdef MAP_32BIT
    C(MAP_32BIT)
#endif
#ifdef MAP_ALIGNED_SUPER
    C(MAP_ALIGNED_SUPER)
#endif
#ifdef MAP_CONCEAL
    C(MAP_CONCEAL)
#endif
#ifdef MADV_NORMAL
    C(MADV_NORMAL)
    C(MADV_RANDOM)
    C(MADV_SEQUENTIAL)
    C(MADV_WILLNEED)
    C(MADV_DONTNEED)
#endif
#ifdef MADV_REMOVE
    C(MADV_REMOVE)
#endif
#ifdef MADV_DONTFORK
    C(MADV_DONTFORK)
#endif
#ifdef MADV_DOFORK
    C(MADV_DOFORK)
#endif
#ifdef MADV_HWPOISON
    C(MADV_HWPOISON)
#endif
#ifdef MADV_MERGEABLE
    C(MADV_MERGEABLE)
#endif
#ifdef MADV_UNMERGEABLE
    C(MADV_UNMERGEABLE)
#endif
#ifdef MADV_SOFT_OFFLINE
    C(MADV_SOFT_OFFLINE)
#endif
#ifdef MADV_HUGEPAGE
    C(MADV_HUGEPAGE)
#endif
#ifdef MADV_NOHUGEPAGE
    C(MADV_NOHUGEPAGE)
#endif
#ifdef MADV_DONTDUMP
    C(MADV_DONTDUMP)
#endif
#ifdef MADV_DODUMP
    C(MADV_DODUMP)
#endif
#ifdef MADV_FREE
    C(MADV_FREE)
#endif
#ifdef MADV_NOSYNC
    C(MADV_NOSYNC)
#endif
#ifdef MADV_AUTOSYNC
    C(MADV_AUTOSYNC)
#endif
#ifdef MADV_NOCORE
    C(MADV_NOCORE)
#endif
#ifdef MADV_CORE
    C(MADV_CORE)
#endif
#ifdef MADV_PROTECT
    C(MADV_PROTECT)
#endif
#ifdef MADV_FREE_REUSABLE
    C(MADV_FREE_REUSABLE)
#endif
#ifdef MADV_FREE_REUSE
    C(MADV_FREE_REUSE)
#endif
};
/* clang-format on */
#undef RUN_TIME
#undef C

#define N_CONSTANTS (sizeof constants / sizeof constants[0])

/* The value of a RUN_TIME row, computed where asked: returns 1 and sets
 * *value for PAGESIZE and ALLOCATIONGRANULARITY, 0 for every other name. */
static int run_time_constant(const char *name, int64_t *value) {
  if (strcmp(name, "PAGESIZE") == 0)
    *value = mml__os_pagesize();
  else if (strcmp(name, "ALLOCATIONGRANULARITY") == 0)
    *value = mml__os_allocation_granularity();
  else
    return 0;
  return 1;
}

int mml__os_constant_value(const char *name, int64_t *value) {
  for (size_t i = 0; i < N_CONSTANTS; i++) {
    if (strcmp(constants[i].name, name) == 0) {
      if (!run_time_constant(name, value))
        *value = constants[i].value;
      return 1;
    }
  }
  return 0;
}

/* The whole table as one array for every thread, as mml_constants
 * promises: the RUN_TIME rows need a copy with their values in it, made
 * once. That one write of shared storage is what the promise costs;
 * pthread_once orders it before every reader. */
static mml_constant filled[N_CONSTANTS];
static pthread_once_t filled_once = PTHREAD_ONCE_INIT;

static void fill_constants(void) {
  for (size_t i = 0; i < N_CONSTANTS; i++) {
    filled[i] = constants[i];
    run_time_constant(filled[i].name, &filled[i].value);
  }
}

const mml_constant *mml__os_constants(size_t *count) {
  pthread_once(&filled_once, fill_constants);
  *count = N_CONSTANTS;
  return filled;
}

const char *mml__os_strerror(int err) {
  /* strerrordesc_np (glibc 2.32+) is thread-safe and needs no buffer. */
#if defined(__GLIBC__) &&                                                      \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  static _Thread_local char unknown[32];
  const char *s = strerrordesc_np(err);
  if (s != NULL)
    return s;
  /* What strerror (and so CPython's OSError) says for an unknown errno. */
  snprintf(unknown, sizeof unknown, "Unknown error %d", err);
  return unknown;
#else
  return strerror(err);
#endif
}

const char *mml__os_errno_name(int err) {
#if defined(__GLIBC__) &&                                                      \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  return strerrorname_np(err);
#else
  (void)err;
  return NULL;
#endif
}

/* Only Windows can look up its messages (FormatMessage). */
const char *mml__os_winerror_text(int winerr) {
  (void)winerr;
  return "Windows error (its text is known on Windows only)";
}
