/* search_kernel_avx2.c - the search kernels with AVX2: the pair filter
 * tests 64 positions per step (32 per vector), the mismatch compares 32
 * bytes per step. Compiled for x86-64 only, with a per-function target so
 * the rest of the library stays baseline; search_dispatch.c uses these only
 * when the CPU (and OS) support AVX2. */
#if defined(__x86_64__)
#include <immintrin.h>

#include "search_kernels.h"

#define AVX2 __attribute__((target("avx2")))

/* 0xff in byte k where position q + k is a candidate, k in [0, 32). */
static AVX2 inline __m256i vblock(const uint8_t *h0, const uint8_t *h1,
                                  int64_t q, __m256i b0, __m256i b1) {
  const __m256i x = _mm256_loadu_si256((const __m256i *)(h0 + q));
  const __m256i y = _mm256_loadu_si256((const __m256i *)(h1 + q));
  return _mm256_and_si256(_mm256_cmpeq_epi8(x, b0), _mm256_cmpeq_epi8(y, b1));
}

/* Bit k set when position q + k is a candidate, for k in [0, 32). */
static AVX2 inline uint32_t block(const uint8_t *h0, const uint8_t *h1,
                                  int64_t q, __m256i b0, __m256i b1) {
  const __m256i x = _mm256_loadu_si256((const __m256i *)(h0 + q));
  const __m256i y = _mm256_loadu_si256((const __m256i *)(h1 + q));
  return (uint32_t)_mm256_movemask_epi8(
      _mm256_and_si256(_mm256_cmpeq_epi8(x, b0), _mm256_cmpeq_epi8(y, b1)));
}

/* Bit k set when position q + k is a candidate, for k in [0, 16): the
 * half-width block for ranges too short for one 32-byte vector. */
static AVX2 inline uint32_t half_block(const uint8_t *h0, const uint8_t *h1,
                                       int64_t q, uint8_t c0, uint8_t c1) {
  const __m128i x = _mm_loadu_si128((const __m128i *)(h0 + q));
  const __m128i y = _mm_loadu_si128((const __m128i *)(h1 + q));
  return (uint32_t)_mm_movemask_epi8(
      _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)c0)),
                    _mm_cmpeq_epi8(y, _mm_set1_epi8((char)c1))));
}

/* next for a range of 16 to 31 positions: two half blocks, the second
 * ending at LIMIT. */
static AVX2 int64_t half_next(const uint8_t *h0, const uint8_t *h1,
                              int64_t from, int64_t limit,
                              const mml__pair *pair) {
  const int64_t q = limit - 16;
  uint32_t mask = half_block(h0, h1, from, pair->byte[0], pair->byte[1]);
  if (mask != 0)
    return from + __builtin_ctz(mask);
  mask = half_block(h0, h1, q, pair->byte[0], pair->byte[1]);
  return mask != 0 ? q + __builtin_ctz(mask) : limit;
}

/* prev for a range of 16 to 31 positions: the half block ending at TO,
 * then the one starting at LO. */
static AVX2 int64_t half_prev(const uint8_t *h0, const uint8_t *h1, int64_t lo,
                              int64_t to, const mml__pair *pair) {
  uint32_t mask = half_block(h0, h1, to - 16, pair->byte[0], pair->byte[1]);
  if (mask != 0)
    return to - 16 + 31 - __builtin_clz(mask);
  mask = half_block(h0, h1, lo, pair->byte[0], pair->byte[1]);
  return mask != 0 ? lo + 31 - __builtin_clz(mask) : lo - 1;
}

/* Filters of more than two bytes (small alphabets): one vector a step.
 * Bit k of the result set when position q + k holds every byte. */
static AVX2 inline uint32_t many_block(const uint8_t *hay, int64_t q,
                                       const mml__pair *pair,
                                       const __m256i *bs) {
  __m256i m = _mm256_cmpeq_epi8(
      _mm256_loadu_si256((const __m256i *)(hay + q + pair->off[0])), bs[0]);
  for (int t = 1; t < pair->n; t++)
    m = _mm256_and_si256(
        m, _mm256_cmpeq_epi8(
               _mm256_loadu_si256((const __m256i *)(hay + q + pair->off[t])),
               bs[t]));
  return (uint32_t)_mm256_movemask_epi8(m);
}

static AVX2 int64_t many_next(const uint8_t *hay, int64_t from, int64_t limit,
                              const mml__pair *pair) {
  __m256i bs[MML_PAIR_MAX];
  int64_t i = from;
  if (limit - from < 32)
    return mml__scalar_next(hay, from, limit, pair);
  for (int t = 0; t < pair->n; t++)
    bs[t] = _mm256_set1_epi8((char)pair->byte[t]);
  for (; limit - i >= 32; i += 32) {
    const uint32_t mask = many_block(hay, i, pair, bs);
    if (mask != 0)
      return i + __builtin_ctz(mask);
  }
  if (i < limit) { /* a last block ending at LIMIT */
    const int64_t q = limit - 32;
    const uint32_t mask = many_block(hay, q, pair, bs) & (~0u << (i - q));
    if (mask != 0)
      return q + __builtin_ctz(mask);
  }
  return limit;
}

static AVX2 int64_t many_prev(const uint8_t *hay, int64_t lo, int64_t to,
                              const mml__pair *pair) {
  __m256i bs[MML_PAIR_MAX];
  int64_t i = to;
  if (to - lo < 32)
    return mml__scalar_prev(hay, lo, to, pair);
  for (int t = 0; t < pair->n; t++)
    bs[t] = _mm256_set1_epi8((char)pair->byte[t]);
  for (; i - lo >= 32; i -= 32) {
    const uint32_t mask = many_block(hay, i - 32, pair, bs);
    if (mask != 0)
      return i - 32 + 31 - __builtin_clz(mask);
  }
  if (i > lo) { /* a last block starting at LO */
    uint32_t mask = many_block(hay, lo, pair, bs);
    mask &= (1u << (i - lo)) - 1; /* positions from i on were seen */
    if (mask != 0)
      return lo + 31 - __builtin_clz(mask);
  }
  return lo - 1;
}

static AVX2 int64_t avx2_next(const uint8_t *hay, int64_t from, int64_t limit,
                              const mml__pair *pair) {
  const uint8_t *h0 = hay + pair->off[0], *h1 = hay + pair->off[1];
  const __m256i b0 = _mm256_set1_epi8((char)pair->byte[0]);
  const __m256i b1 = _mm256_set1_epi8((char)pair->byte[1]);
  int64_t i = from;
  if (pair->n > 2)
    return many_next(hay, from, limit, pair);
  if (limit - from < 32)
    return limit - from < 16 ? mml__scalar_next(hay, from, limit, pair)
                             : half_next(h0, h1, from, limit, pair);
  /* Four vectors a step, tested together; blocks lie inside [from,
   * limit). */
  for (; limit - i >= 128; i += 128) {
    const __m256i any =
        _mm256_or_si256(_mm256_or_si256(vblock(h0, h1, i, b0, b1),
                                        vblock(h0, h1, i + 32, b0, b1)),
                        _mm256_or_si256(vblock(h0, h1, i + 64, b0, b1),
                                        vblock(h0, h1, i + 96, b0, b1)));
    if (!_mm256_testz_si256(any, any))
      break; /* a candidate: the two-vector steps below find which */
  }
  for (; limit - i >= 64; i += 64) {
    const uint64_t lo = block(h0, h1, i, b0, b1);
    const uint64_t hi = block(h0, h1, i + 32, b0, b1);
    if ((lo | hi) != 0)
      return i + __builtin_ctzll(lo | hi << 32);
  }
  /* The rest: a block ending at LIMIT, overlapping positions already seen
   * (masked out) rather than reading past it. */
  while (i < limit) {
    const int64_t q = limit - i >= 32 ? i : limit - 32;
    const uint32_t mask = block(h0, h1, q, b0, b1) & (~0u << (i - q));
    if (mask != 0)
      return q + __builtin_ctz(mask);
    i = q + 32;
  }
  return limit;
}

static AVX2 int64_t avx2_prev(const uint8_t *hay, int64_t lo, int64_t to,
                              const mml__pair *pair) {
  const uint8_t *h0 = hay + pair->off[0], *h1 = hay + pair->off[1];
  const __m256i b0 = _mm256_set1_epi8((char)pair->byte[0]);
  const __m256i b1 = _mm256_set1_epi8((char)pair->byte[1]);
  int64_t i = to; /* positions [lo, i) are left */
  if (pair->n > 2)
    return many_prev(hay, lo, to, pair);
  if (to - lo < 32)
    return to - lo < 16 ? mml__scalar_prev(hay, lo, to, pair)
                        : half_prev(h0, h1, lo, to, pair);
  for (; i - lo >= 128; i -= 128) {
    const __m256i any =
        _mm256_or_si256(_mm256_or_si256(vblock(h0, h1, i - 128, b0, b1),
                                        vblock(h0, h1, i - 96, b0, b1)),
                        _mm256_or_si256(vblock(h0, h1, i - 64, b0, b1),
                                        vblock(h0, h1, i - 32, b0, b1)));
    if (!_mm256_testz_si256(any, any))
      break; /* a candidate: the two-vector steps below find which */
  }
  for (; i - lo >= 64; i -= 64) {
    const uint64_t low = block(h0, h1, i - 64, b0, b1);
    const uint64_t high = block(h0, h1, i - 32, b0, b1);
    const uint64_t mask = low | high << 32;
    if (mask != 0)
      return i - 1 - __builtin_clzll(mask);
  }
  while (i > lo) {
    const int64_t q = i - lo >= 32 ? i - 32 : lo;
    uint32_t mask = block(h0, h1, q, b0, b1);
    if (i - q < 32)
      mask &= (1u << (i - q)) - 1; /* positions from i on were seen */
    if (mask != 0)
      return q + 31 - __builtin_clz(mask);
    i = q;
  }
  return lo - 1;
}

static AVX2 int64_t avx2_mismatch(const uint8_t *a, const uint8_t *b,
                                  int64_t n) {
  int64_t i = 0;
  for (; n - i >= 32; i += 32) {
    const __m256i x = _mm256_loadu_si256((const __m256i *)(a + i));
    const __m256i y = _mm256_loadu_si256((const __m256i *)(b + i));
    const uint32_t eq = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, y));
    if (eq != 0xffffffffu)
      return i + __builtin_ctz(~eq);
  }
  return i + mml__mismatch_words(a + i, b + i, n - i);
}

const mml__search_kernels mml__kernels_avx2 = {"avx2", avx2_next, avx2_prev,
                                               avx2_mismatch};
#endif
