/* platform.h - the OS layer of the core: every OS call goes through here.
 *
 * posix.c implements it for Linux and other POSIX systems; a port adds its
 * own file with the same functions (win32.c) and CMake picks one. The
 * calls are reached through the mml__os table so that tests can replace
 * any of them to inject failures, SQLite-style, without root.
 *
 * Every call returns 0 on success or a positive errno value.
 */
#ifndef MML_PLATFORM_H
#define MML_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

#include "mmaplab.h"

/* What the core needs to know of a descriptor. */
typedef struct mml__file_info {
  int is_regular; /* a regular file: the constructor checks sizes */
  int64_t size;   /* st_size */
} mml__file_info;

typedef struct mml__os_table {
  /* mmap(NULL, len, prot, flags, fd, offset) into *out. */
  int (*map)(void **out, size_t len, int prot, int flags, int fd,
             int64_t offset);
  int (*unmap)(void *addr, size_t len);
  /* Moves or resizes a mapping (mremap with MREMAP_MAYMOVE) into *out. */
  int (*remap)(void *addr, size_t old_len, size_t new_len, void **out);
  /* msync(addr, len, MS_SYNC). */
  int (*sync)(void *addr, size_t len);
  int (*advise)(void *addr, size_t len, int advice);
  int (*stat)(int fd, mml__file_info *info);
  int (*truncate)(int fd, int64_t size);
  /* A close-on-exec duplicate of fd into *out. */
  int (*dup)(int fd, int *out);
  int (*close)(int fd);
} mml__os_table;

/* The table the core calls; tests may overwrite entries. */
extern mml__os_table mml__os;

/* Puts the real OS calls back into mml__os. */
void mml__os_reset(void);

/* The flag and protection values the constructor's logic needs. */
typedef struct mml__os_bits {
  int map_shared, map_private, map_anonymous;
  int prot_read, prot_write;
} mml__os_bits;
extern const mml__os_bits mml__os_bits_values;

int64_t mml__os_pagesize(void);
int64_t mml__os_allocation_granularity(void);

/* The module constants this platform defines (see mml_constants): one
 * array for every thread, static storage; sets *count. */
const mml_constant *mml__os_constants(size_t *count);

/* One of those constants by NAME, computed where asked: returns 1 and sets
 * *value if this platform defines it, 0 if not. */
int mml__os_constant_value(const char *name, int64_t *value);

/* strerror for an errno value, thread-safe, static storage. */
const char *mml__os_strerror(int err);

/* The errno's symbolic name ("EINVAL"), or NULL if unknown. */
const char *mml__os_errno_name(int err);

/* ---- The fault guard (fault_posix.c; a Windows port would use SEH) ------ */

/* Makes memory faults inside guarded ranges catchable, once per process,
 * thread-safely (POSIX: installs SIGBUS and SIGSEGV handlers that pass
 * every other fault on to the handlers installed before them). Returns 0
 * or an errno value; later calls return the first call's result. */
int mml__os_fault_install(void);

/* Runs FN(CTX) on this thread with [BASE, BASE + LEN) guarded: returns 0
 * when FN returns, or EFAULT (the address is not backed: beyond the end of
 * a truncated file, or protection) or EIO (a hardware memory error) when
 * FN faults inside the range, abandoning FN at the faulting access. Faults
 * elsewhere are not caught. Needs a successful mml__os_fault_install. */
int mml__os_fault_guard(const void *base, size_t len, void (*fn)(void *),
                        void *ctx);

#endif /* MML_PLATFORM_H */
