/* search_kernel_portable.c - the search kernels for every architecture,
 * in plain C: memchr/memrchr find the pair's rarer byte and a load checks
 * the other, or, where that byte is common, 64-bit words test both bytes 8
 * positions at a time; mismatch compares 8 bytes at a time. */
#define _GNU_SOURCE /* memrchr is a GNU/BSD extension of libc */
#include <string.h>

#include "mem_compat.h"

#include "search_kernels.h"

/* SWAR ("SIMD within a register"): 8 positions a step in plain C. */
#define ONES 0x0101010101010101ull
#define LOW7 0x7f7f7f7f7f7f7f7full

static uint64_t load8(const uint8_t *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}

/* 0x80 in each byte of W that is zero, 0 elsewhere (exact: no carries
 * cross bytes, unlike the shorter (w - ONES) & ~w form). */
static uint64_t zero_bytes(uint64_t w) {
  return ~(((w & LOW7) + LOW7) | w | LOW7);
}

/* Candidate flags for positions q .. q + 7, byte k of the result for
 * position q + k in memory order. */
static uint64_t swar_block(const uint8_t *hay, int64_t q, const mml__pair *pr) {
  uint64_t m = zero_bytes(load8(hay + q + pr->off[0]) ^ (pr->byte[0] * ONES));
  for (int t = 1; t < pr->n && m != 0; t++)
    m &= zero_bytes(load8(hay + q + pr->off[t]) ^ (pr->byte[t] * ONES));
  return m;
}

/* 1 if position P holds the pair's bytes from the T-th on. */
static int rest_match(const uint8_t *hay, int64_t p, const mml__pair *pair,
                      int t) {
  for (; t < pair->n; t++)
    if (hay[p + pair->off[t]] != pair->byte[t])
      return 0;
  return 1;
}

/* The byte index (0..7, in memory order) of the first/last flag of M != 0. */
static int first_flag(uint64_t m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_clzll(m) / 8;
#else
  return __builtin_ctzll(m) / 8;
#endif
}

static int last_flag(uint64_t m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return 7 - __builtin_ctzll(m) / 8;
#else
  return 7 - __builtin_clzll(m) / 8;
#endif
}

/* memchr finds the pair's first byte fast where it is rare; where it is
 * common (4 false hits within 64 positions), SWAR tests both bytes for the
 * next SWAR_SPAN positions before memchr gets another chance. */
enum { SWAR_SPAN = 4096 };

static int64_t portable_next(const uint8_t *hay, int64_t from, int64_t limit,
                             const mml__pair *pair) {
  const int64_t o0 = pair->off[0];
  int64_t last_hit = from, dense = 0;
  while (from < limit) {
    const uint8_t *c;
    int64_t p;
    if (dense >= 4) {
      const int64_t stop = limit - from > SWAR_SPAN ? from + SWAR_SPAN : limit;
      for (; stop - from >= 8; from += 8) {
        const uint64_t m = swar_block(hay, from, pair);
        if (m != 0)
          return from + first_flag(m);
      }
      if (stop == limit)
        return mml__scalar_next(hay, from, limit, pair);
      dense = 0;
    }
    /* positions p in [from, limit) have hay[p + o0] in this window */
    c = memchr(hay + from + o0, pair->byte[0], (size_t)(limit - from));
    if (c == NULL)
      return limit;
    p = (int64_t)(c - hay) - o0;
    if (rest_match(hay, p, pair, 1))
      return p;
    dense = p - last_hit < 64 ? dense + 1 : 0;
    last_hit = p;
    from = p + 1;
  }
  return limit;
}

static int64_t portable_prev(const uint8_t *hay, int64_t lo, int64_t to,
                             const mml__pair *pair) {
  const int64_t o0 = pair->off[0];
  int64_t last_hit = to, dense = 0;
  while (to > lo) {
    const uint8_t *c;
    int64_t p;
    if (dense >= 4) {
      const int64_t stop = to - lo > SWAR_SPAN ? to - SWAR_SPAN : lo;
      for (; to - stop >= 8; to -= 8) {
        const uint64_t m = swar_block(hay, to - 8, pair);
        if (m != 0)
          return to - 8 + last_flag(m);
      }
      if (stop == lo)
        return mml__scalar_prev(hay, lo, to, pair);
      dense = 0;
    }
    c = memrchr(hay + lo + o0, pair->byte[0], (size_t)(to - lo));
    if (c == NULL)
      return lo - 1;
    p = (int64_t)(c - hay) - o0;
    if (rest_match(hay, p, pair, 1))
      return p;
    dense = last_hit - p < 64 ? dense + 1 : 0;
    last_hit = p;
    to = p;
  }
  return lo - 1;
}

int64_t mml__scalar_next(const uint8_t *hay, int64_t from, int64_t limit,
                         const mml__pair *pair) {
  for (int64_t p = from; p < limit; p++)
    if (rest_match(hay, p, pair, 0))
      return p;
  return limit;
}

int64_t mml__scalar_prev(const uint8_t *hay, int64_t lo, int64_t to,
                         const mml__pair *pair) {
  for (int64_t p = to - 1; p >= lo; p--)
    if (rest_match(hay, p, pair, 0))
      return p;
  return lo - 1;
}

int64_t mml__mismatch_words(const uint8_t *a, const uint8_t *b, int64_t n) {
  int64_t i = 0;
  for (; n - i >= 8; i += 8) {
    uint64_t x, y;
    memcpy(&x, a + i, 8);
    memcpy(&y, b + i, 8);
    if (x != y) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
      return i + __builtin_clzll(x ^ y) / 8; /* the first byte is the top */
#else
      return i + __builtin_ctzll(x ^ y) / 8;
#endif
    }
  }
  for (; i < n; i++)
    if (a[i] != b[i])
      return i;
  return n;
}

const mml__search_kernels mml__kernels_portable = {
    "portable", portable_next, portable_prev, mml__mismatch_words, NULL};
