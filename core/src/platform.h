/* platform.h - the OS layer of the core: every OS call goes through here.
 *
 * posix.c implements it for Linux and other POSIX systems; a port adds its
 * own file with the same functions (win32.c) and CMake picks one. The
 * calls are reached through the mml__os table so that tests can replace
 * any of them to inject failures, SQLite-style, without root.
 *
 * Each OS's os_calls.h says what its calls return (an errno value on
 * Unix, a Windows error code on Windows).
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

/* The call table itself (mml__os_table), the error encoding of its
 * results (mml__oserr) and any OS-specific values come from os_calls.h in
 * the OS's own directory (unix/, windows/), which CMake puts on the
 * include path. */
#include "os_calls.h"

/* The table the core calls; tests may overwrite entries. */
extern mml__os_table mml__os;

/* Puts the real OS calls back into mml__os. */
void mml__os_reset(void);

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

/* The text CPython gives a Windows error code WINERR (FormatMessage's,
 * trailing whitespace and dots stripped) where the OS can say it; a fixed
 * generic text elsewhere. Static or thread-local storage. */
const char *mml__os_winerror_text(int winerr);

/* ---- The fault guard (fault_posix.c, fault_win32.c) --------------------- */

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
