/* search_engine.c - substring search over one range of a mapping.
 *
 * Every load stays inside [hay, hay + hlen): a match window that ends at
 * the last byte of the last page never touches the next page (gh-105235).
 * Both directions are linear in the worst case: forward through libc's
 * memmem (Two-Way in glibc), reverse through a candidate filter that hands
 * over to a reverse Knuth-Morris-Pratt scan once verification stops paying.
 */
#define _GNU_SOURCE /* memmem and memrchr are GNU/BSD extensions of libc */
#include <stdlib.h>
#include <string.h>

#include "map.h"

int64_t mml__search_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  const uint8_t *p;
  if (nlen == 1)
    p = memchr(hay, needle[0], (size_t)hlen);
  else
    p = memmem(hay, (size_t)hlen, needle, (size_t)nlen);
  return p != NULL ? (int64_t)(p - hay) : -1;
}

/* Reverse KMP over hay[0, limit + nlen - 1): the highest match starting
 * below LIMIT, or -1; -2 if the table cannot be allocated. */
static int64_t reverse_kmp(const uint8_t *hay, int64_t limit,
                           const uint8_t *needle, int64_t nlen) {
  /* r[i] = needle[nlen - 1 - i]; fail[i] = the longest proper border of
   * r[0..i]. */
  int64_t *fail = malloc((size_t)nlen * sizeof *fail);
  int64_t k = 0, found = -1;
  if (fail == NULL)
    return -2;
#define R(i) needle[nlen - 1 - (i)]
  fail[0] = 0;
  for (int64_t i = 1; i < nlen; i++) {
    while (k > 0 && R(i) != R(k))
      k = fail[k - 1];
    if (R(i) == R(k))
      k++;
    fail[i] = k;
  }
  k = 0;
  for (int64_t j = limit + nlen - 2; j >= 0; j--) {
    while (k > 0 && hay[j] != R(k))
      k = fail[k - 1];
    if (hay[j] == R(k) && ++k == nlen) {
      found = j; /* needle[0] matched at hay[j] */
      break;
    }
  }
#undef R
  free(fail);
  return found;
}

int64_t mml__search_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  /* Candidates are the positions of the needle's first byte, scanned from
   * the last position where the whole needle still fits. */
  int64_t limit = hlen - nlen + 1; /* candidates lie in [0, limit) */
  int64_t budget = 4096;           /* verify work allowed beyond the scan */
  if (nlen == 1) {
    const uint8_t *c = memrchr(hay, needle[0], (size_t)hlen);
    return c != NULL ? (int64_t)(c - hay) : -1;
  }
  while (limit > 0) {
    const uint8_t *c = memrchr(hay, needle[0], (size_t)limit);
    int64_t at, r;
    if (c == NULL)
      return -1;
    at = (int64_t)(c - hay);
    if (memcmp(c + 1, needle + 1, (size_t)(nlen - 1)) == 0)
      return at;
    /* Each candidate costs a verify and a memrchr call, charged as 32
     * bytes on top of the needle: dense candidates (periodic data) exhaust
     * the budget and hand over to the linear scan. */
    budget += 4 * (limit - at) - nlen - 32;
    limit = at;
    if (budget < 0 && (r = reverse_kmp(hay, limit, needle, nlen)) != -2)
      return r; /* the filter stopped paying: finish in linear time */
  }
  return -1;
}
