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

/* The many-byte scan is specialised by inlining it with a constant count
 * of bytes; GCC's size limits would otherwise keep one generic copy. */
#define MANY_INLINE inline __attribute__((always_inline))

/* Filters of more than two bytes (small alphabets): one vector a step.
 * The first two bytes gate the rest (the pair's first is the rarest: a
 * haystack without it costs two compares a block); the others follow in
 * independent chains. N4 is the pair's N rounded up to 4, the extra slots
 * repeating slot 0. Bit k of the result set when position q + k holds
 * every byte. */
static AVX2 MANY_INLINE uint32_t many_block(const uint8_t *const *h, int64_t q,
                                            int n4, const __m256i *bs) {
  __m256i a0 = _mm256_and_si256(
      _mm256_cmpeq_epi8(_mm256_loadu_si256((__m256i const *)(h[0] + q)), bs[0]),
      _mm256_cmpeq_epi8(_mm256_loadu_si256((__m256i const *)(h[1] + q)),
                        bs[1]));
  __m256i a1, a2;
  if (_mm256_movemask_epi8(a0) == 0)
    return 0;
  a1 = a0;
  a2 = a0;
  for (int t = 2; t < n4; t += 2) {
    a1 = _mm256_and_si256(
        a1, _mm256_cmpeq_epi8(_mm256_loadu_si256((__m256i const *)(h[t] + q)),
                              bs[t]));
    a2 = _mm256_and_si256(
        a2,
        _mm256_cmpeq_epi8(_mm256_loadu_si256((__m256i const *)(h[t + 1] + q)),
                          bs[t + 1]));
  }
  return (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(a1, a2));
}

/* The streams and broadcast bytes of a pair for many_block; returns N4. */
static AVX2 inline int many_setup(const uint8_t *hay, const mml__pair *pair,
                                  const uint8_t **h, __m256i *bs) {
  const int n4 = (pair->n + 3) & ~3;
  for (int t = 0; t < n4; t++) {
    const int u = t < pair->n ? t : 0;
    h[t] = hay + pair->off[u];
    bs[t] = _mm256_set1_epi8((char)pair->byte[u]);
  }
  return n4;
}

/* The whole blocks from I on (stepping by 32 while LIMIT - i >= 32, or
 * down from I while i - LO >= 32 for many_run_prev) until one has a
 * candidate: returns where the scan stopped, that block's mask in *M (0 if
 * none had one). Called with a constant N4, so that the compiler keeps the
 * bytes in registers and unrolls the block. */
static AVX2 MANY_INLINE int64_t many_run_next(const uint8_t *const *h,
                                              const __m256i *bs, int n4,
                                              int64_t i, int64_t limit,
                                              uint32_t *m) {
  *m = 0;
  for (; limit - i >= 32; i += 32)
    if ((*m = many_block(h, i, n4, bs)) != 0)
      break;
  return i;
}

static AVX2 MANY_INLINE int64_t many_run_prev(const uint8_t *const *h,
                                              const __m256i *bs, int n4,
                                              int64_t lo, int64_t i,
                                              uint32_t *m) {
  *m = 0;
  for (; i - lo >= 32; i -= 32)
    if ((*m = many_block(h, i - 32, n4, bs)) != 0)
      break;
  return i;
}

static AVX2 int64_t many_next(const uint8_t *hay, int64_t from, int64_t limit,
                              const mml__pair *pair) {
  __m256i bs[MML_PAIR_MAX];
  const uint8_t *h[MML_PAIR_MAX];
  int64_t i;
  uint32_t mask;
  int n4;
  if (limit - from < 32)
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
    const int64_t q = limit - 32;
    mask = many_block(h, q, n4, bs) & (~0u << (i - q));
    if (mask != 0)
      return q + __builtin_ctz(mask);
  }
  return limit;
}

static AVX2 int64_t many_prev(const uint8_t *hay, int64_t lo, int64_t to,
                              const mml__pair *pair) {
  __m256i bs[MML_PAIR_MAX];
  const uint8_t *h[MML_PAIR_MAX];
  int64_t i;
  uint32_t mask;
  int n4;
  if (to - lo < 32)
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
    return i - 32 + 31 - __builtin_clz(mask);
  if (i > lo) { /* a last block starting at LO */
    mask = many_block(h, lo, n4, bs);
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
                                               avx2_mismatch, NULL};
#endif
