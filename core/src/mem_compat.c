/* mem_compat.c - memrchr for C libraries without it (mem_compat.h). */
#include <stdint.h>
#include <string.h>

#include "mem_compat.h"

#ifndef MML_HAVE_MEMRCHR
void *mml__memrchr(const void *s, int c, size_t n) {
  const unsigned char *p = (const unsigned char *)s + n;
  while (n-- > 0)
    if (*--p == (unsigned char)c)
      return (void *)(uintptr_t)p;
  return NULL;
}
#endif
