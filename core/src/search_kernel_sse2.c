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

/* The many-byte scan is specialised by inlining it with a constant count
 * of bytes; GCC's size limits would otherwise keep one generic copy. */
#define MANY_INLINE inline __attribute__((always_inline))

/* Filters of more than two bytes (small alphabets): one vector a step.
 * The first two bytes gate the rest (the pair's first is the rarest: a
 * haystack without it costs two compares a block); the others follow in
 * independent chains. N4 is the pair's N rounded up to 4, the extra slots
 * repeating slot 0. Bit k of the result set when position q + k holds
 * every byte. */
static MANY_INLINE uint32_t many_block(const uint8_t *const *h, int64_t q,
                                       int n4, const __m128i *bs) {
  __m128i a0 = _mm_and_si128(
      _mm_cmpeq_epi8(_mm_loadu_si128((__m128i const *)(h[0] + q)), bs[0]),
      _mm_cmpeq_epi8(_mm_loadu_si128((__m128i const *)(h[1] + q)), bs[1]));
  __m128i a1, a2;
  if (_mm_movemask_epi8(a0) == 0)
    return 0;
  a1 = a0;
  a2 = a0;
  for (int t = 2; t < n4; t += 2) {
    a1 = _mm_and_si128(
        a1,
        _mm_cmpeq_epi8(_mm_loadu_si128((__m128i const *)(h[t] + q)), bs[t]));
    a2 = _mm_and_si128(
        a2, _mm_cmpeq_epi8(_mm_loadu_si128((__m128i const *)(h[t + 1] + q)),
                           bs[t + 1]));
  }
  return (uint32_t)_mm_movemask_epi8(_mm_and_si128(a1, a2));
}

/* The streams and broadcast bytes of a pair for many_block; returns N4. */
static inline int many_setup(const uint8_t *hay, const mml__pair *pair,
                             const uint8_t **h, __m128i *bs) {
  const int n4 = (pair->n + 3) & ~3;
  for (int t = 0; t < n4; t++) {
    const int u = t < pair->n ? t : 0;
    h[t] = hay + pair->off[u];
    bs[t] = _mm_set1_epi8((char)pair->byte[u]);
  }
  return n4;
}

/* The whole blocks from I on (stepping by 16 while LIMIT - i >= 16, or
 * down from I while i - LO >= 16 for many_run_prev) until one has a
 * candidate: returns where the scan stopped, that block's mask in *M (0 if
 * none had one). Called with a constant N4, so that the compiler keeps the
 * bytes in registers and unrolls the block. */
static MANY_INLINE int64_t many_run_next(const uint8_t *const *h,
                                         const __m128i *bs, int n4, int64_t i,
                                         int64_t limit, uint32_t *m) {
  *m = 0;
  for (; limit - i >= 16; i += 16)
    if ((*m = many_block(h, i, n4, bs)) != 0)
      break;
  return i;
}

static MANY_INLINE int64_t many_run_prev(const uint8_t *const *h,
                                         const __m128i *bs, int n4, int64_t lo,
                                         int64_t i, uint32_t *m) {
  *m = 0;
  for (; i - lo >= 16; i -= 16)
    if ((*m = many_block(h, i - 16, n4, bs)) != 0)
      break;
  return i;
}

static int64_t many_next(const uint8_t *hay, int64_t from, int64_t limit,
                         const mml__pair *pair) {
  __m128i bs[MML_PAIR_MAX];
  const uint8_t *h[MML_PAIR_MAX];
  int64_t i;
  uint32_t mask;
  int n4;
  if (limit - from < 16)
    return mml__scalar_next(hay, from, limit, pair);
  n4 = many_setup(hay, pair, h, bs);
  switch (n4) {
  case 4:
    i = many_run_next(h, bs, 4, from, limit, &mask);
    break;
  case 8:
    i = many_run_next(h, bs, 8, from, limit, &mask);
    break;
  case 12:
    i = many_run_next(h, bs, 12, from, limit, &mask);
    break;
  default:
    i = many_run_next(h, bs, 16, from, limit, &mask);
  }
  if (mask != 0)
    return i + __builtin_ctz(mask);
  if (i < limit) { /* a last block ending at LIMIT */
    const int64_t q = limit - 16;
    mask = many_block(h, q, n4, bs) & (~0u << (i - q));
    if (mask != 0)
      return q + __builtin_ctz(mask);
  }
  return limit;
}

static int64_t many_prev(const uint8_t *hay, int64_t lo, int64_t to,
                         const mml__pair *pair) {
  __m128i bs[MML_PAIR_MAX];
  const uint8_t *h[MML_PAIR_MAX];
  int64_t i;
  uint32_t mask;
  int n4;
  if (to - lo < 16)
    return mml__scalar_prev(hay, lo, to, pair);
  n4 = many_setup(hay, pair, h, bs);
  switch (n4) {
  case 4:
    i = many_run_prev(h, bs, 4, lo, to, &mask);
    break;
  case 8:
    i = many_run_prev(h, bs, 8, lo, to, &mask);
    break;
  case 12:
    i = many_run_prev(h, bs, 12, lo, to, &mask);
    break;
  default:
    i = many_run_prev(h, bs, 16, lo, to, &mask);
  }
  if (mask != 0)
    return i - 16 + 31 - __builtin_clz(mask);
  if (i > lo) { /* a last block starting at LO */
    mask = many_block(h, lo, n4, bs);
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
                                               sse2_mismatch, NULL};
#endif
