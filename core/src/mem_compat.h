/* mem_compat.h - memrchr where the C library lacks it (the Windows C
 * runtime): CMake defines MML_HAVE_MEMRCHR when <string.h> has it. Include
 * after <string.h>. */
#ifndef MML_MEM_COMPAT_H
#define MML_MEM_COMPAT_H

#include <stddef.h>

#ifndef MML_HAVE_MEMRCHR
/* The last byte C in [S, S + N), or NULL (mem_compat.c). */
void *mml__memrchr(const void *s, int c, size_t n);
#define memrchr mml__memrchr
#endif

#endif /* MML_MEM_COMPAT_H */
