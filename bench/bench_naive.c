/* bench_naive.c - the naive reference searches (see bench_naive.h). */
#include "bench_naive.h"

/* 1 if A[0, N) == B[0, N), compared byte by byte from the front. */
static int same(const uint8_t *a, const uint8_t *b, int64_t n) {
  for (int64_t k = 0; k < n; k++)
    if (a[k] != b[k])
      return 0;
  return 1;
}

int64_t bench_naive_find(const uint8_t *hay, int64_t hlen,
                         const uint8_t *needle, int64_t nlen) {
  for (int64_t i = 0; i <= hlen - nlen; i++)
    if (same(hay + i, needle, nlen))
      return i;
  return -1;
}

int64_t bench_naive_rfind(const uint8_t *hay, int64_t hlen,
                          const uint8_t *needle, int64_t nlen) {
  for (int64_t i = hlen - nlen; i >= 0; i--)
    if (same(hay + i, needle, nlen))
      return i;
  return -1;
}
