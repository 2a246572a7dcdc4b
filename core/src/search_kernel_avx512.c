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
 * The first two bytes gate the rest (the pair's first is the rarest: a
 * haystack without it costs two compares a block); the others follow in
 * four independent chains of compares (one chain through the mask
 * register would wait on each compare in turn). N4 is the pair's N
 * rounded up to 4, the extra slots repeating slot 0. Bit k of the result
 * set when position q + k holds every byte. */
/* The many-byte scan is specialised by inlining it with a constant count
 * of bytes; GCC's size limits would otherwise keep one generic copy. */
#define MANY_INLINE inline __attribute__((always_inline))

static AVX512 inline uint64_t two_gate(const uint8_t *h0, const uint8_t *h1,
                                       int64_t q, __m512i b0, __m512i b1) {
  return (uint64_t)_mm512_mask_cmpeq_epi8_mask(
      _mm512_cmpeq_epi8_mask(_mm512_loadu_si512((const void *)(h0 + q)), b0),
      _mm512_loadu_si512((const void *)(h1 + q)), b1);
}

static AVX512 inline uint64_t many_gate(const uint8_t *const *h, int64_t q,
                                        const __m512i *bs) {
  return two_gate(h[0], h[1], q, bs[0], bs[1]);
}

/* The block's mask given its gate A0 != 0. */
static AVX512 MANY_INLINE uint64_t many_rest(const uint8_t *const *h, int64_t q,
                                             int n4, const __m512i *bs,
                                             uint64_t a0) {
  uint64_t a1 = ~0ull, a2 = ~0ull, a3 = ~0ull;
  for (int t = 2; t < n4; t += 4) {
    a1 = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
        a1, _mm512_loadu_si512((const void *)(h[t] + q)), bs[t]);
    a2 = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
        a2, _mm512_loadu_si512((const void *)(h[t + 1] + q)), bs[t + 1]);
    if (t + 2 < n4) {
      a3 = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
          a3, _mm512_loadu_si512((const void *)(h[t + 2] + q)), bs[t + 2]);
      a0 = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
          a0, _mm512_loadu_si512((const void *)(h[t + 3] + q)), bs[t + 3]);
    }
  }
  return (a0 & a1) & (a2 & a3);
}

static AVX512 MANY_INLINE uint64_t many_block(const uint8_t *const *h,
                                              int64_t q, int n4,
                                              const __m512i *bs) {
  const uint64_t a0 = many_gate(h, q, bs);
  return a0 == 0 ? 0 : many_rest(h, q, n4, bs, a0);
}

/* The streams and broadcast bytes of a pair for many_block; returns N4. */
static AVX512 inline int many_setup(const uint8_t *hay, const mml__pair *pair,
                                    const uint8_t **h, __m512i *bs) {
  const int n4 = (pair->n + 3) & ~3;
  for (int t = 0; t < n4; t++) {
    const int u = t < pair->n ? t : 0;
    h[t] = hay + pair->off[u];
    bs[t] = _mm512_set1_epi8((char)pair->byte[u]);
  }
  return n4;
}

/* The whole blocks from I on (stepping by 64, two gates at a time while
 * 128 positions are left, while LIMIT - i >= 64, or
 * down from I by 64 while i - LO >= 64 for many_run_prev) until one has a
 * candidate: returns where the scan stopped, that block's mask in *M (0 if
 * none had one). Called with a constant N4, so that the compiler keeps the
 * bytes in registers and unrolls the block. */
static AVX512 MANY_INLINE int64_t many_run_next(const uint8_t *const *h,
                                                const __m512i *bs, int n4,
                                                int64_t i, int64_t limit,
                                                uint64_t *m) {
  const uint8_t *const h0 = h[0], *const h1 = h[1];
  const __m512i b0 = bs[0], b1 = bs[1];
  *m = 0;
  for (; limit - i >= 128; i += 128) { /* two gates a step */
    const uint64_t g0 = two_gate(h0, h1, i, b0, b1);
    const uint64_t g1 = two_gate(h0, h1, i + 64, b0, b1);
    if ((g0 | g1) == 0)
      continue;
    if (g0 != 0 && (*m = many_rest(h, i, n4, bs, g0)) != 0)
      return i;
    if (g1 != 0 && (*m = many_rest(h, i + 64, n4, bs, g1)) != 0)
      return i + 64;
  }
  for (; limit - i >= 64; i += 64)
    if ((*m = many_block(h, i, n4, bs)) != 0)
      break;
  return i;
}

static AVX512 MANY_INLINE int64_t many_run_prev(const uint8_t *const *h,
                                                const __m512i *bs, int n4,
                                                int64_t lo, int64_t i,
                                                uint64_t *m) {
  const uint8_t *const h0 = h[0], *const h1 = h[1];
  const __m512i b0 = bs[0], b1 = bs[1];
  *m = 0;
  for (; i - lo >= 128; i -= 128) { /* two gates a step */
    const uint64_t g1 = two_gate(h0, h1, i - 64, b0, b1);
    const uint64_t g0 = two_gate(h0, h1, i - 128, b0, b1);
    if ((g0 | g1) == 0)
      continue;
    if (g1 != 0 && (*m = many_rest(h, i - 64, n4, bs, g1)) != 0)
      return i;
    if (g0 != 0 && (*m = many_rest(h, i - 128, n4, bs, g0)) != 0)
      return i - 64;
  }
  for (; i - lo >= 64; i -= 64)
    if ((*m = many_block(h, i - 64, n4, bs)) != 0)
      break;
  return i;
}

/* Past the caches the many-byte filter runs faster with 256-bit loads:
 * DNA at 64 MiB, an 8-byte filter, 2.3 ms with the AVX2 kernels against
 * 3.4 with these (AMD Zen 5; at 1 MiB these are faster). Ranges of
 * MANY_DRAM_RANGE positions or more go to the AVX2 set, which every
 * AVX-512 CPU has (the emulation, which may run anywhere, keeps them). */
enum { MANY_DRAM_RANGE = 4 << 20 };

static AVX512 int64_t many_next(const uint8_t *hay, int64_t from, int64_t limit,
                                const mml__pair *pair) {
  __m512i bs[MML_PAIR_MAX];
  const uint8_t *h[MML_PAIR_MAX];
  int64_t i;
  uint64_t mask;
  int n4;
  if (limit - from < 64)
    return mml__scalar_next(hay, from, limit, pair);
#if !defined(MML_AVX512_EMULATION)
  if (limit - from >= MANY_DRAM_RANGE)
    return mml__kernels_avx2.next(hay, from, limit, pair);
#endif
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
    return i + __builtin_ctzll(mask);
  if (i < limit) { /* a last block ending at LIMIT */
    const int64_t q = limit - 64;
    mask = many_block(h, q, n4, bs) & (~0ull << (i - q));
    if (mask != 0)
      return q + __builtin_ctzll(mask);
  }
  return limit;
}

static AVX512 int64_t many_prev(const uint8_t *hay, int64_t lo, int64_t to,
                                const mml__pair *pair) {
  __m512i bs[MML_PAIR_MAX];
  const uint8_t *h[MML_PAIR_MAX];
  int64_t i;
  uint64_t mask;
  int n4;
  if (to - lo < 64)
    return mml__scalar_prev(hay, lo, to, pair);
#if !defined(MML_AVX512_EMULATION)
  if (to - lo >= MANY_DRAM_RANGE)
    return mml__kernels_avx2.prev(hay, lo, to, pair);
#endif
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
    return i - 64 + 63 - __builtin_clzll(mask);
  if (i > lo) { /* a last block starting at LO */
    mask = many_block(h, lo, n4, bs);
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

/* Bits [0, n) for 0 < n <= 64. */
static inline uint64_t low_bits(int64_t n) {
  return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* The whole search of a short call (search_kernels.h): candidates where
 * the needle's first, last and middle bytes are, all positions at once, then
 * each verified with one masked compare. Masked loads never touch a masked-off
 * byte, so nothing outside the haystack or the needle is read. */
static AVX512 int64_t avx512_tiny(const uint8_t *hay, int64_t hlen,
                                  const uint8_t *needle, int64_t nlen,
                                  int reverse) {
  const uint64_t pos = low_bits(hlen - nlen + 1), nm = low_bits(nlen);
  const __m512i nv = _mm512_maskz_loadu_epi8(nm, needle);
  const __m512i first = _mm512_set1_epi8((char)needle[0]);
  const __m512i last = _mm512_set1_epi8((char)needle[nlen - 1]);
  /* and the two middle bytes (one for odd lengths): where candidates of
   * the ends come often (periodic data), a needle differing from the
   * haystack's pattern somewhere in its middle is rejected here */
  const int64_t m0 = (nlen - 1) / 2, m1 = nlen / 2;
  const __m512i mid0 = _mm512_set1_epi8((char)needle[m0]);
  const __m512i mid1 = _mm512_set1_epi8((char)needle[m1]);
  uint64_t m = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
      (uint64_t)_mm512_mask_cmpeq_epi8_mask(
          pos, _mm512_maskz_loadu_epi8(pos, hay), first),
      _mm512_maskz_loadu_epi8(pos, hay + nlen - 1), last);
  m = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
      m, _mm512_maskz_loadu_epi8(pos, hay + m0), mid0);
  m = (uint64_t)_mm512_mask_cmpeq_epi8_mask(
      m, _mm512_maskz_loadu_epi8(pos, hay + m1), mid1);
  while (m != 0) {
    const int64_t p = reverse ? 63 - __builtin_clzll(m) : __builtin_ctzll(m);
    const __m512i w = _mm512_maskz_loadu_epi8(nm, hay + p);
    if (((uint64_t)_mm512_cmpneq_epi8_mask(w, nv) & nm) == 0)
      return p;
    m &= ~(1ull << p);
  }
  return -1;
}

const mml__search_kernels mml__kernels_avx512 = {
    KERNEL_NAME, avx512_next, avx512_prev, avx512_mismatch, avx512_tiny};
#endif
