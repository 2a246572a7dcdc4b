/* search_engine.c - substring search over one range of a mapping.
 *
 * Every load stays inside [hay, hay + hlen): a match window that ends at
 * the last byte of the last page never touches the next page (gh-105235).
 */
#define _GNU_SOURCE /* memmem and memrchr are GNU/BSD extensions of libc */
#include <string.h>

#include "map.h"

int64_t mml__search_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  const uint8_t *p;
  if (nlen == 1)
    p = memchr(hay, needle[0], (size_t)hlen);
  else /* glibc's memmem is Two-Way: linear in the worst case */
    p = memmem(hay, (size_t)hlen, needle, (size_t)nlen);
  return p != NULL ? (int64_t)(p - hay) : -1;
}

int64_t mml__search_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  /* Candidates are the positions of the needle's first byte, scanned from
   * the last position where the whole needle still fits. */
  int64_t limit = hlen - nlen + 1; /* candidates lie in [0, limit) */
  while (limit > 0) {
    const uint8_t *c = memrchr(hay, needle[0], (size_t)limit);
    if (c == NULL)
      return -1;
    if (memcmp(c + 1, needle + 1, (size_t)(nlen - 1)) == 0)
      return (int64_t)(c - hay);
    limit = (int64_t)(c - hay);
  }
  return -1;
}
