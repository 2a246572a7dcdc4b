/* search_kernel_avx512.c - the search kernels with AVX-512 (F + BW): the
 * pair filter tests 128 positions per step (64 per vector, compared into
 * mask registers), the mismatch compares 64 bytes per step. Compiled for
 * x86-64 only, with a per-function target; search_dispatch.c uses these
 * only when the CPU and OS support AVX-512BW.
 *
 * The tests compile this file a second time with MML_AVX512_EMULATION,
 * the few intrinsics it uses written in plain C (core/test), so that its
 * block and tail logic is tested on machines without AVX-512 too. */
#if defined(MML_AVX512_EMULATION)
#include "avx512_emulation.h"
#define AVX512
#define mml__kernels_avx512 mml__kernels_avx512_emulated
#define KERNEL_NAME "avx512-emulated"
#elif defined(__x86_64__)
#include <immintrin.h>
#define AVX512 __attribute__((target("avx512f,avx512bw")))
#define KERNEL_NAME "avx512"
#endif

#if defined(KERNEL_NAME)
#include "search_kernels.h"

/* Bit k set when position q + k is a candidate, for k in [0, 64). */
static AVX512 inline uint64_t block(const uint8_t *h0, const uint8_t *h1,
                                    int64_t q, __m512i b0, __m512i b1) {
  const __m512i x = _mm512_loadu_si512((const void *)(h0 + q));
  const __m512i y = _mm512_loadu_si512((const void *)(h1 + q));
  return (uint64_t)_mm512_mask_cmpeq_epi8_mask(_mm512_cmpeq_epi8_mask(x, b0), y,
                                               b1);
}

/* Bit k set when position from + k is a candidate, for k < n, n in [1,
 * 64): masked loads read only the N bytes of each stream that belong to
 * candidate positions (a masked-off byte is never loaded, even at a page
 * that is not mapped). */
static AVX512 inline uint64_t short_block(const uint8_t *h0, const uint8_t *h1,
                                          int64_t from, int64_t n, __m512i b0,
                                          __m512i b1) {
  const uint64_t live = ~0ull >> (64 - n);
  const __m512i x = _mm512_maskz_loadu_epi8(live, (const void *)(h0 + from));
  const __m512i y = _mm512_maskz_loadu_epi8(live, (const void *)(h1 + from));
  return (uint64_t)_mm512_mask_cmpeq_epi8_mask(
      _mm512_mask_cmpeq_epi8_mask(live, x, b0), y, b1);
}

/* Ranges of this many positions or more are scanned with 256-bit loads:
 * beyond the caches, two streams of unaligned 512-bit loads at different
 * offsets split a cache line at nearly every load and reached 0.4-0.85x
 * the AVX2 loop's speed on AMD Zen 5 (64 MiB); in cache the 512-bit loop
 * is 1.1-1.5x faster (1 MiB). The cut lies past a 2 MiB L2. */
enum { WIDE_RANGE = 4 << 20 };

/* Whether any position of [q, q + 128) is a candidate, with 256-bit
 * loads (the same test as two calls of block). */
static AVX512 inline __m256i half_width(const uint8_t *h0, const uint8_t *h1,
                                        int64_t q, __m256i b0, __m256i b1) {
  return _mm256_and_si256(
      _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(h0 + q)), b0),
      _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(h1 + q)), b1));
}

static AVX512 inline int any_half_width(const uint8_t *h0, const uint8_t *h1,
                                        int64_t q, __m256i b0, __m256i b1) {
  const __m256i any =
      _mm256_or_si256(_mm256_or_si256(half_width(h0, h1, q, b0, b1),
                                      half_width(h0, h1, q + 32, b0, b1)),
                      _mm256_or_si256(half_width(h0, h1, q + 64, b0, b1),
                                      half_width(h0, h1, q + 96, b0, b1)));
  return !_mm256_testz_si256(any, any);
}

/* Filters of more than two bytes (small alphabets): one vector a step.
 * Bit k of the result set when position q + k holds every byte. */
static AVX512 inline uint64_t many_block(const uint8_t *hay, int64_t q,
                                         const mml__pair *pair,
                                         const __m512i *bs) {
  uint64_t m = (uint64_t)_mm512_cmpeq_epi8_mask(
      _mm512_loadu_si512((const void *)(hay + q + pair->off[0])), bs[0]);
  for (int t = 1; t < pair->n; t++)
    m = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
        m, _mm512_loadu_si512((const void *)(hay + q + pair->off[t])), bs[t]);
  return m;
}

static AVX512 int64_t many_next(const uint8_t *hay, int64_t from, int64_t limit,
                                const mml__pair *pair) {
  __m512i bs[MML_PAIR_MAX];
  int64_t i = from;
  if (limit - from < 64)
    return mml__scalar_next(hay, from, limit, pair);
  for (int t = 0; t < pair->n; t++)
    bs[t] = _mm512_set1_epi8((char)pair->byte[t]);
  for (; limit - i >= 64; i += 64) {
    const uint64_t mask = many_block(hay, i, pair, bs);
    if (mask != 0)
      return i + __builtin_ctzll(mask);
  }
  if (i < limit) { /* a last block ending at LIMIT */
    const int64_t q = limit - 64;
    const uint64_t mask = many_block(hay, q, pair, bs) & (~0ull << (i - q));
    if (mask != 0)
      return q + __builtin_ctzll(mask);
  }
  return limit;
}

static AVX512 int64_t many_prev(const uint8_t *hay, int64_t lo, int64_t to,
                                const mml__pair *pair) {
  __m512i bs[MML_PAIR_MAX];
  int64_t i = to;
  if (to - lo < 64)
    return mml__scalar_prev(hay, lo, to, pair);
  for (int t = 0; t < pair->n; t++)
    bs[t] = _mm512_set1_epi8((char)pair->byte[t]);
  for (; i - lo >= 64; i -= 64) {
    const uint64_t mask = many_block(hay, i - 64, pair, bs);
    if (mask != 0)
      return i - 64 + 63 - __builtin_clzll(mask);
  }
  if (i > lo) { /* a last block starting at LO */
    uint64_t mask = many_block(hay, lo, pair, bs);
    mask &= (1ull << (i - lo)) - 1; /* positions from i on were seen */
    if (mask != 0)
      return lo + 63 - __builtin_clzll(mask);
  }
  return lo - 1;
}

static AVX512 int64_t avx512_next(const uint8_t *hay, int64_t from,
                                  int64_t limit, const mml__pair *pair) {
  const uint8_t *h0 = hay + pair->off[0], *h1 = hay + pair->off[1];
  const __m512i b0 = _mm512_set1_epi8((char)pair->byte[0]);
  const __m512i b1 = _mm512_set1_epi8((char)pair->byte[1]);
  int64_t i = from;
  if (pair->n > 2)
    return many_next(hay, from, limit, pair);
  if (limit - from < 64) {
    uint64_t mask;
    if (limit <= from)
      return limit;
    mask = short_block(h0, h1, from, limit - from, b0, b1);
    return mask != 0 ? from + __builtin_ctzll(mask) : limit;
  }
  if (limit - from >= WIDE_RANGE) {
    const __m256i c0 = _mm256_set1_epi8((char)pair->byte[0]);
    const __m256i c1 = _mm256_set1_epi8((char)pair->byte[1]);
    while (limit - i >= 128 && !any_half_width(h0, h1, i, c0, c1))
      i += 128; /* a block with a candidate: the loop below finds it */
  }
  for (; limit - i >= 128; i += 128) {
    const uint64_t lo = block(h0, h1, i, b0, b1);
    const uint64_t hi = block(h0, h1, i + 64, b0, b1);
    if ((lo | hi) != 0)
      return lo != 0 ? i + __builtin_ctzll(lo) : i + 64 + __builtin_ctzll(hi);
  }
  /* The rest: a block ending at LIMIT, overlapping positions already seen
   * (masked out) rather than reading past it. */
  while (i < limit) {
    const int64_t q = limit - i >= 64 ? i : limit - 64;
    const uint64_t mask = block(h0, h1, q, b0, b1) & (~0ull << (i - q));
    if (mask != 0)
      return q + __builtin_ctzll(mask);
    i = q + 64;
  }
  return limit;
}

static AVX512 int64_t avx512_prev(const uint8_t *hay, int64_t lo, int64_t to,
                                  const mml__pair *pair) {
  const uint8_t *h0 = hay + pair->off[0], *h1 = hay + pair->off[1];
  const __m512i b0 = _mm512_set1_epi8((char)pair->byte[0]);
  const __m512i b1 = _mm512_set1_epi8((char)pair->byte[1]);
  int64_t i = to; /* positions [lo, i) are left */
  if (pair->n > 2)
    return many_prev(hay, lo, to, pair);
  if (to - lo < 64) {
    uint64_t mask;
    if (to <= lo)
      return lo - 1;
    mask = short_block(h0, h1, lo, to - lo, b0, b1);
    return mask != 0 ? lo + 63 - __builtin_clzll(mask) : lo - 1;
  }
  if (to - lo >= WIDE_RANGE) {
    const __m256i c0 = _mm256_set1_epi8((char)pair->byte[0]);
    const __m256i c1 = _mm256_set1_epi8((char)pair->byte[1]);
    while (i - lo >= 128 && !any_half_width(h0, h1, i - 128, c0, c1))
      i -= 128;
  }
  for (; i - lo >= 128; i -= 128) {
    const uint64_t low = block(h0, h1, i - 128, b0, b1);
    const uint64_t high = block(h0, h1, i - 64, b0, b1);
    if ((low | high) != 0)
      return high != 0 ? i - 1 - __builtin_clzll(high)
                       : i - 65 - __builtin_clzll(low);
  }
  while (i > lo) {
    const int64_t q = i - lo >= 64 ? i - 64 : lo;
    uint64_t mask = block(h0, h1, q, b0, b1);
    if (i - q < 64)
      mask &= (1ull << (i - q)) - 1; /* positions from i on were seen */
    if (mask != 0)
      return q + 63 - __builtin_clzll(mask);
    i = q;
  }
  return lo - 1;
}

static AVX512 int64_t avx512_mismatch(const uint8_t *a, const uint8_t *b,
                                      int64_t n) {
  int64_t i = 0;
  for (; n - i >= 64; i += 64) {
    const __m512i x = _mm512_loadu_si512((const void *)(a + i));
    const __m512i y = _mm512_loadu_si512((const void *)(b + i));
    const uint64_t ne = (uint64_t)_mm512_cmpneq_epi8_mask(x, y);
    if (ne != 0)
      return i + __builtin_ctzll(ne);
  }
  return i + mml__mismatch_words(a + i, b + i, n - i);
}

const mml__search_kernels mml__kernels_avx512 = {KERNEL_NAME, avx512_next,
                                                 avx512_prev, avx512_mismatch};
#endif
