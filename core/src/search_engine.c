/* search_engine.c - substring search over one range of a mapping.
 *
 * Every load stays inside [hay, hay + hlen): a match window that ends at
 * the last byte of the last page never touches the next page (gh-105235).
 * Both directions are linear in the worst case. Forward: a candidate
 * filter on the needle's first and last bytes, 16 positions at a time with
 * SSE2 (baseline on x86-64; elsewhere a portable memchr-based filter), that
 * hands over to libc's memmem (Two-Way in
 * glibc, linear) once verification stops paying, and for the tail where a
 * 16-byte load would leave the range. Reverse: a candidate filter that hands
 * over to a reverse Knuth-Morris-Pratt scan likewise.
 */
#define _GNU_SOURCE /* memmem and memrchr are GNU/BSD extensions of libc */
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "map.h"

/* libc's search of hay[from, hlen): the offset of the first match at or
 * after FROM, or -1. */
static int64_t libc_forward(const uint8_t *hay, int64_t hlen, int64_t from,
                            const uint8_t *needle, int64_t nlen) {
  const uint8_t *p =
      memmem(hay + from, (size_t)(hlen - from), needle, (size_t)nlen);
  return p != NULL ? (int64_t)(p - hay) : -1;
}

#if defined(__SSE2__)
/* The first match of NEEDLE (NLEN >= 2) in HAY. Positions i are candidates
 * where hay[i] == needle[0] and hay[i + nlen - 1] == needle[nlen - 1],
 * found 16 at a time; each is verified with memcmp. Every load lies in
 * [hay, hay + hlen): a block at i loads hay[i, i + 16) and
 * hay[i + nlen - 1, i + nlen + 15), so blocks run while i + nlen + 15 <=
 * hlen and libc takes the rest. Verifying costs up to NLEN bytes a
 * candidate; scanning earns 4 bytes of verify budget per position, and a
 * run of dense false candidates (periodic data) that exhausts the budget
 * hands the rest to libc's linear search. */
static int64_t filtered_forward(const uint8_t *hay, int64_t hlen,
                                const uint8_t *needle, int64_t nlen) {
  const __m128i first = _mm_set1_epi8((char)needle[0]);
  const __m128i last = _mm_set1_epi8((char)needle[nlen - 1]);
  const int64_t k = nlen - 1, cost = (nlen < 64 ? nlen : 64) + 16;
  int64_t budget = 4096, i = 0;
  for (; hlen - i >= k + 16; i += 16) {
    const __m128i a = _mm_loadu_si128((const __m128i *)(hay + i));
    const __m128i b = _mm_loadu_si128((const __m128i *)(hay + i + k));
    unsigned mask = (unsigned)_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
    budget += 64;
    while (mask != 0) {
      const int64_t at = i + __builtin_ctz(mask);
      if (memcmp(hay + at + 1, needle + 1, (size_t)(nlen - 2)) == 0)
        return at;
      if ((budget -= cost) < 0)
        return libc_forward(hay, hlen, at + 1, needle, nlen);
      mask &= mask - 1;
    }
  }
  return i < hlen ? libc_forward(hay, hlen, i, needle, nlen) : -1;
}
#endif

/* The portable filter, for every architecture: candidates are the
 * positions of the needle's first byte (memchr) whose last byte matches
 * too; the same verify budget and hand-over as the SSE2 filter, charging
 * 32 bytes more per candidate for the memchr call. Every load lies in
 * [hay, hay + hlen): candidates lie below hlen - nlen + 1. */
static int64_t portable_forward(const uint8_t *hay, int64_t hlen,
                                const uint8_t *needle, int64_t nlen) {
  const int64_t limit = hlen - nlen + 1, k = nlen - 1;
  const int64_t cost = (nlen < 64 ? nlen : 64) + 48;
  int64_t budget = 4096, i = 0;
  while (i < limit) {
    const uint8_t *c = memchr(hay + i, needle[0], (size_t)(limit - i));
    int64_t at;
    if (c == NULL)
      return -1;
    at = (int64_t)(c - hay);
    if (hay[at + k] == needle[k] &&
        memcmp(hay + at + 1, needle + 1, (size_t)(nlen - 2)) == 0)
      return at;
    budget += 4 * (at - i) - cost;
    if (budget < 0)
      return libc_forward(hay, hlen, at + 1, needle, nlen);
    i = at + 1;
  }
  return -1;
}

/* The forward filters, best first; the first one is used unless a test
 * picks another (mml__search_forward_use). */
typedef int64_t (*forward_fn)(const uint8_t *, int64_t, const uint8_t *,
                              int64_t);
static const forward_fn forward_impls[] = {
#if defined(__SSE2__)
    filtered_forward,
#endif
    portable_forward};
static size_t forward_impl;

int mml__search_forward_use(size_t i) {
  if (i >= sizeof forward_impls / sizeof forward_impls[0])
    return -1;
  forward_impl = i;
  return 0;
}

int64_t mml__search_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  const uint8_t *p;
  if (nlen == 1) {
    p = memchr(hay, needle[0], (size_t)hlen);
    return p != NULL ? (int64_t)(p - hay) : -1;
  }
  return forward_impls[forward_impl](hay, hlen, needle, nlen);
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
