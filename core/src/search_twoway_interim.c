/* INTERIM until search_twoway.c lands: libc memmem forward, reverse KMP. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "search_twoway.h"

int64_t mml__twoway_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  const uint8_t *p;
  if (nlen > hlen)
    return -1;
  p = memmem(hay, (size_t)hlen, needle, (size_t)nlen);
  return p != NULL ? (int64_t)(p - hay) : -1;
}

int64_t mml__twoway_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  int64_t *fail, k = 0, found = -1, limit = hlen - nlen + 1;
  if (limit <= 0)
    return -1;
  fail = malloc((size_t)nlen * sizeof *fail);
  if (fail == NULL)
    abort();
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
      found = j;
      break;
    }
  }
#undef R
  free(fail);
  return found;
}
