/* search_kernel_sse2.c - the search kernels with SSE2, the x86-64 baseline:
 * the pair filter tests 64 positions per step (16 per vector), the mismatch
 * compares 16 bytes per step. */
#if defined(__x86_64__)
#include <emmintrin.h>

#include "search_kernels.h"

/* Bit k set when position q + k is a candidate, for k in [0, 16). */
static inline uint32_t block(const uint8_t *h0, const uint8_t *h1, int64_t q,
                             __m128i b0, __m128i b1) {
  const __m128i x = _mm_loadu_si128((const __m128i *)(h0 + q));
  const __m128i y = _mm_loadu_si128((const __m128i *)(h1 + q));
  return (uint32_t)_mm_movemask_epi8(
      _mm_and_si128(_mm_cmpeq_epi8(x, b0), _mm_cmpeq_epi8(y, b1)));
}

/* Positions q .. q + 63 as 64 bits. */
static inline uint64_t block64(const uint8_t *h0, const uint8_t *h1, int64_t q,
                               __m128i b0, __m128i b1) {
  return (uint64_t)block(h0, h1, q, b0, b1) |
         (uint64_t)block(h0, h1, q + 16, b0, b1) << 16 |
         (uint64_t)block(h0, h1, q + 32, b0, b1) << 32 |
         (uint64_t)block(h0, h1, q + 48, b0, b1) << 48;
}

/* Filters of more than two bytes (small alphabets): one vector a step.
 * Bit k of the result set when position q + k holds every byte. */
static inline uint32_t many_block(const uint8_t *hay, int64_t q,
                                  const mml__pair *pair, const __m128i *bs) {
  __m128i m = _mm_cmpeq_epi8(
      _mm_loadu_si128((const __m128i *)(hay + q + pair->off[0])), bs[0]);
  for (int t = 1; t < pair->n; t++)
    m = _mm_and_si128(
        m,
        _mm_cmpeq_epi8(
            _mm_loadu_si128((const __m128i *)(hay + q + pair->off[t])), bs[t]));
  return (uint32_t)_mm_movemask_epi8(m);
}

static int64_t many_next(const uint8_t *hay, int64_t from, int64_t limit,
                         const mml__pair *pair) {
  __m128i bs[MML_PAIR_MAX];
  int64_t i = from;
  if (limit - from < 16)
    return mml__scalar_next(hay, from, limit, pair);
  for (int t = 0; t < pair->n; t++)
    bs[t] = _mm_set1_epi8((char)pair->byte[t]);
  for (; limit - i >= 16; i += 16) {
    const uint32_t mask = many_block(hay, i, pair, bs);
    if (mask != 0)
      return i + __builtin_ctz(mask);
  }
  if (i < limit) { /* a last block ending at LIMIT */
    const int64_t q = limit - 16;
    const uint32_t mask = many_block(hay, q, pair, bs) & (~0u << (i - q));
    if (mask != 0)
      return q + __builtin_ctz(mask);
  }
  return limit;
}

static int64_t many_prev(const uint8_t *hay, int64_t lo, int64_t to,
                         const mml__pair *pair) {
  __m128i bs[MML_PAIR_MAX];
  int64_t i = to;
  if (to - lo < 16)
    return mml__scalar_prev(hay, lo, to, pair);
  for (int t = 0; t < pair->n; t++)
    bs[t] = _mm_set1_epi8((char)pair->byte[t]);
  for (; i - lo >= 16; i -= 16) {
    const uint32_t mask = many_block(hay, i - 16, pair, bs);
    if (mask != 0)
      return i - 16 + 31 - __builtin_clz(mask);
  }
  if (i > lo) { /* a last block starting at LO */
    uint32_t mask = many_block(hay, lo, pair, bs);
    mask &= (1u << (i - lo)) - 1; /* positions from i on were seen */
    if (mask != 0)
      return lo + 31 - __builtin_clz(mask);
  }
  return lo - 1;
}

static int64_t sse2_next(const uint8_t *hay, int64_t from, int64_t limit,
                         const mml__pair *pair) {
  const uint8_t *h0 = hay + pair->off[0], *h1 = hay + pair->off[1];
  const __m128i b0 = _mm_set1_epi8((char)pair->byte[0]);
  const __m128i b1 = _mm_set1_epi8((char)pair->byte[1]);
  int64_t i = from;
  if (pair->n > 2)
    return many_next(hay, from, limit, pair);
  if (limit - from < 16)
    return mml__scalar_next(hay, from, limit, pair);
  for (; limit - i >= 64; i += 64) {
    const uint64_t mask = block64(h0, h1, i, b0, b1);
    if (mask != 0)
      return i + __builtin_ctzll(mask);
  }
  /* The rest: a block ending at LIMIT, overlapping positions already seen
   * (masked out) rather than reading past it. */
  while (i < limit) {
    const int64_t q = limit - i >= 16 ? i : limit - 16;
    const uint32_t mask = block(h0, h1, q, b0, b1) & (~0u << (i - q));
    if (mask != 0)
      return q + __builtin_ctz(mask);
    i = q + 16;
  }
  return limit;
}

static int64_t sse2_prev(const uint8_t *hay, int64_t lo, int64_t to,
                         const mml__pair *pair) {
  const uint8_t *h0 = hay + pair->off[0], *h1 = hay + pair->off[1];
  const __m128i b0 = _mm_set1_epi8((char)pair->byte[0]);
  const __m128i b1 = _mm_set1_epi8((char)pair->byte[1]);
  int64_t i = to; /* positions [lo, i) are left */
  if (pair->n > 2)
    return many_prev(hay, lo, to, pair);
  if (to - lo < 16)
    return mml__scalar_prev(hay, lo, to, pair);
  for (; i - lo >= 64; i -= 64) {
    const uint64_t mask = block64(h0, h1, i - 64, b0, b1);
    if (mask != 0)
      return i - 1 - __builtin_clzll(mask);
  }
  while (i > lo) {
    const int64_t q = i - lo >= 16 ? i - 16 : lo;
    uint32_t mask = block(h0, h1, q, b0, b1);
    if (i - q < 16)
      mask &= (1u << (i - q)) - 1; /* positions from i on were seen */
    if (mask != 0)
      return q + 31 - __builtin_clz(mask);
    i = q;
  }
  return lo - 1;
}

static int64_t sse2_mismatch(const uint8_t *a, const uint8_t *b, int64_t n) {
  int64_t i = 0;
  for (; n - i >= 16; i += 16) {
    const __m128i x = _mm_loadu_si128((const __m128i *)(a + i));
    const __m128i y = _mm_loadu_si128((const __m128i *)(b + i));
    const uint32_t eq = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(x, y));
    if (eq != 0xffffu)
      return i + __builtin_ctz(~eq);
  }
  return i + mml__mismatch_words(a + i, b + i, n - i);
}

const mml__search_kernels mml__kernels_sse2 = {"sse2", sse2_next, sse2_prev,
                                               sse2_mismatch};
#endif
