/* search_twoway.c - Crochemore-Perrin Two-Way search (J. ACM 38(3), 1991),
 * forward and reverse.
 *
 * The needle x = u v is cut at a critical position ell (u = x[0, ell));
 * each window compares v left to right, then u right to left. A mismatch
 * in v at i shifts the window by i - ell + 1; a match of v followed by a
 * mismatch in u shifts it by p: the period of x if x is periodic
 * (u == x[p, p + ell)), else max(ell, m - ell) + 1. For a periodic needle
 * the window after such a shift already matches its first m - p bytes
 * ("memory"), and they are not compared again. That is at most 2 * hlen
 * comparisons, plus O(nlen) to factorise the needle.
 *
 * Reverse search is the same algorithm on the mirrored problem: the
 * reversed needle over the reversed haystack. Nothing is copied: logical
 * index t of the reversed haystack is hay[hlen - 1 - t] (the needle
 * likewise), and a first logical match at t is the last real match, at
 * hlen - nlen - t.
 *
 * Speed-ups that keep the bound (counting one comparison for each
 * haystack position a filter passes over):
 * comparisons run 8 bytes at a time where the range allows; a mismatch on
 * the first or second byte of v jumps to the next window that has those
 * bytes in place, found 8 positions at a time (or with memchr when v is a
 * single byte); needles of 32 bytes or more first look at the haystack
 * byte under the needle's last byte and skip (Horspool) when that moves
 * the window far enough.
 */
#define _GNU_SOURCE /* memrchr is a GNU/BSD extension of libc */
#include <assert.h>
#include <string.h>

#include "mem_compat.h"

#include "search_twoway.h"

#if defined(MML_TWOWAY_COUNT)
int64_t mml__twoway_compares;
int64_t mml__twoway_lookups;
#define COUNT(counter, n) ((counter) += (n))
#else
#define COUNT(counter, n) ((void)0)
#endif

/* Needles at least this long get the Horspool skip: for shorter ones the
 * 256-entry table costs more than it saves. */
#define LONG_NEEDLE 32
/* Shorter Horspool skips are left to the compare and the filters, which
 * move on at memory speed; a skip is a dependent load, bound by latency. */
#define HORSPOOL_MIN 8

/* twoway() and the compare helpers are inlined into each direction's entry
 * point, so that the direction is a constant there and its tests fold
 * away. */
#if defined(__GNUC__)
#define MML_INLINE __attribute__((always_inline)) inline
#else
#define MML_INLINE inline
#endif

/* ---- Byte runs, 8 at a time ---------------------------------------------- */

static uint64_t load8(const uint8_t *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v); /* unaligned, and no aliasing trouble */
  return v;
}

/* In a nonzero XOR of two 8-byte loads: how many bytes are equal from the
 * lowest address up (low) or from the highest address down (high). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define EQUAL_LOW(d) (__builtin_clzll(d) / 8)
#define EQUAL_HIGH(d) (__builtin_ctzll(d) / 8)
#else
#define EQUAL_LOW(d) (__builtin_ctzll(d) / 8)
#define EQUAL_HIGH(d) (__builtin_clzll(d) / 8)
#endif

/* How many of a[0, len) and b[0, len) are equal, counted up from index 0
 * to the first difference. Loads stay inside both ranges. */
MML_INLINE static int64_t equal_up(const uint8_t *a, const uint8_t *b,
                                   int64_t len) {
  int64_t k = 0;
  for (; len - k >= 8; k += 8) {
    const uint64_t d = load8(a + k) ^ load8(b + k);
    if (d != 0)
      return k + EQUAL_LOW(d);
  }
  for (; k < len; k++) /* the tail, bytewise: never past the end */
    if (a[k] != b[k])
      return k;
  return len;
}

/* The same counted down from index -1: how many of a[-len, 0) and
 * b[-len, 0) are equal from the top down to the first difference. */
MML_INLINE static int64_t equal_down(const uint8_t *a, const uint8_t *b,
                                     int64_t len) {
  int64_t k = 0;
  for (; len - k >= 8; k += 8) {
    const uint64_t d = load8(a - k - 8) ^ load8(b - k - 8);
    if (d != 0)
      return k + EQUAL_HIGH(d);
  }
  for (; k < len; k++)
    if (a[-1 - k] != b[-1 - k])
      return k;
  return len;
}

/* ---- The problem, forward or mirrored -------------------------------------
 * rev == 0: x = needle, y = hay. rev == 1: x and y are both read backwards.
 * Every helper works in logical indices of x and y. */
typedef struct problem {
  const uint8_t *hay, *needle;
  int64_t n, m;
  int rev;
} problem;

MML_INLINE static uint8_t x_at(const problem *q, int64_t i) {
  return q->rev ? q->needle[q->m - 1 - i] : q->needle[i];
}

MML_INLINE static uint8_t y_at(const problem *q, int64_t t) {
  return q->rev ? q->hay[q->n - 1 - t] : q->hay[t];
}

/* How many of x[i, m) equal y[j + i, j + m), from i up. */
MML_INLINE static int64_t right_equal(const problem *q, int64_t j, int64_t i) {
  const int64_t len = q->m - i;
  int64_t k;
  if (q->rev) /* logical [i, m) is real [0, m - i), walked downwards */
    k = equal_down(q->needle + (q->m - i), q->hay + (q->n - j - i), len);
  else
    k = equal_up(q->needle + i, q->hay + j + i, len);
  COUNT(mml__twoway_compares, k + (k < len));
  return k;
}

/* How many of x[lo, ell) equal y[j + lo, j + ell), from ell - 1 down. */
MML_INLINE static int64_t left_equal(const problem *q, int64_t j, int64_t ell,
                                     int64_t lo) {
  const int64_t len = ell - lo;
  int64_t k;
  if (q->rev) /* logical ell - 1 downwards is real m - ell upwards */
    k = equal_up(q->needle + (q->m - ell), q->hay + (q->n - j - ell), len);
  else
    k = equal_down(q->needle + ell, q->hay + j + ell, len);
  COUNT(mml__twoway_compares, k + (k < len));
  return k;
}

/* The lowest t in [from, to) with y[t] == c, or -1. A few bytes inline
 * first: on periodic data the next one is usually a step away, and a libc
 * call per step would cost more than the scan. */
static int64_t find_byte(const problem *q, uint8_t c, int64_t from,
                         int64_t to) {
  const uint8_t *p;
  int64_t t = from;
  for (; t < to && t - from < 16; t++) {
    COUNT(mml__twoway_compares, 1);
    if (y_at(q, t) == c)
      return t;
  }
  if (t == to)
    return -1;
  if (q->rev) { /* logical [t, to) is real [n - to, n - t); last is lowest */
    p = memrchr(q->hay + (q->n - to), c, (size_t)(to - t));
    t = p != NULL ? q->n - 1 - (int64_t)(p - q->hay) : -1;
  } else {
    p = memchr(q->hay + t, c, (size_t)(to - t));
    t = p != NULL ? (int64_t)(p - q->hay) : -1;
  }
  COUNT(mml__twoway_compares, (t >= 0 ? t + 1 : to) - from - 16);
  return t;
}

/* In the XOR-OR V of 8-byte words: 0x80 in each byte that is zero, 0
 * elsewhere (exact: no carry crosses a byte). */
static uint64_t zero_bytes(uint64_t v) {
  const uint64_t low7 = 0x7F7F7F7F7F7F7F7Fu;
  return ~(((v & low7) + low7) | v | low7);
}

/* The lowest t in [from, to) with y[t] == c0 and y[t + 1] == c1, or -1;
 * TO must be below n. Eight positions at a time: the words at t and t + 1
 * compared with the two bytes broadcast. */
static int64_t find_pair(const problem *q, uint8_t c0, uint8_t c1, int64_t from,
                         int64_t to) {
  const uint64_t b0 = c0 * 0x0101010101010101u, b1 = c1 * 0x0101010101010101u;
  const uint8_t *h = q->hay;
  int64_t t = from;
  assert(to < q->n);
  if (from >= to)
    return -1;
  if (q->rev) { /* real P = n - 1 - t: pairs (h[P], h[P - 1]), downwards */
    for (; to - t >= 8; t += 8) {
      const int64_t top = q->n - 1 - t; /* bytes [top - 8, top] */
      const uint64_t z =
          zero_bytes((load8(h + top - 7) ^ b0) | (load8(h + top - 8) ^ b1));
      if (z != 0) {
        t += EQUAL_HIGH(z);
        COUNT(mml__twoway_compares, t + 1 - from);
        return t;
      }
    }
  } else {
    for (; to - t >= 8; t += 8) { /* bytes [t, t + 9), and t + 9 <= n */
      const uint64_t z =
          zero_bytes((load8(h + t) ^ b0) | (load8(h + t + 1) ^ b1));
      if (z != 0) {
        t += EQUAL_LOW(z);
        COUNT(mml__twoway_compares, t + 1 - from);
        return t;
      }
    }
  }
  for (; t < to; t++) /* the tail, bytewise */
    if (y_at(q, t) == c0 && y_at(q, t + 1) == c1)
      break;
  COUNT(mml__twoway_compares, (t < to ? t + 1 : to) - from);
  return t < to ? t : -1;
}

/* ---- Critical factorisation ---------------------------------------------- */

/* The start of the greatest suffix of x under the byte order (or under its
 * inverse when INV), and that suffix's period in *period. The classic
 * linear scan: s is the best suffix so far, c a challenger compared with
 * it at offset k; both advance by whole periods while they agree. */
static int64_t max_suffix(const problem *q, int inv, int64_t *period) {
  int64_t s = 0, c = 1, k = 0, p = 1;
  while (c + k < q->m) {
    const int a = x_at(q, c + k), b = x_at(q, s + k);
    if (a == b) { /* still equal: one more byte, or one more period */
      if (k + 1 == p)
        c += p, k = 0;
      else
        k++;
    } else if ((a < b) != inv) { /* the challenger loses, and every start
                                    up to c + k with it */
      c += k + 1;
      k = 0;
      p = c - s;
    } else { /* the challenger wins: it is the new best */
      s = c;
      c = s + 1;
      k = 0;
      p = 1;
    }
  }
  *period = p;
  return s;
}

/* ---- The search ---------------------------------------------------------- */

/* The first logical match of x in y, or -1. */
MML_INLINE static int64_t twoway(const problem *q) {
  const int64_t m = q->m, last = q->n - m; /* windows start in [0, last] */
  int64_t ell, ell2, p, p2, j = 0, memory = 0, from;
  int64_t shift[256];
  const int skip = m >= LONG_NEEDLE;
  int periodic;

  /* The critical position is the later of the two maximal suffixes; it
   * lies before the needle's period. */
  ell = max_suffix(q, 0, &p);
  if ((ell2 = max_suffix(q, 1, &p2)) > ell)
    ell = ell2, p = p2;
  /* Periodic with period p iff x[0, ell) == x[p, p + ell) (p + ell <= m,
   * p being the period of the suffix x[ell, m)). */
  periodic = q->rev ? memcmp(q->needle + (m - ell), q->needle + (m - p - ell),
                             (size_t)ell) == 0
                    : memcmp(q->needle, q->needle + p, (size_t)ell) == 0;
  if (!periodic) /* no shift below this can align x with itself */
    p = (ell > m - ell ? ell : m - ell) + 1;
  assert(ell < m && (!periodic || ell < p));

  if (skip) { /* shift[c]: from the last c in x to x's end (m: none) */
    for (int c = 0; c < 256; c++)
      shift[c] = m;
    for (int64_t i = 0; i < m; i++)
      shift[x_at(q, i)] = m - 1 - i;
  }

  from = ell; /* where this window's scan of v starts */
  while (j <= last) {
    int64_t i;
    /* Horspool, only without memory (skipping would drop it, and the
     * scan would compare again what it covered): no window before
     * j + s has the byte under x's last byte. */
    if (skip && memory == 0) {
      const int64_t s = shift[y_at(q, j + m - 1)];
      COUNT(mml__twoway_lookups, 1);
      if (s >= HORSPOOL_MIN) {
        j += s;
        from = ell;
        continue;
      }
    }
    i = from > memory ? from : memory;
    i += right_equal(q, j, i);
    if (i < m) { /* mismatch in v at i */
      memory = 0;
      from = ell;
      if (i > ell + 1) {
        j += i - ell + 1;
        continue;
      }
      /* at v's first or second byte: no window matches before the next
       * one that has x[ell] (and x[ell + 1]) under its position ell (and
       * ell + 1); they then need no compare */
      if (ell + 1 == m) {
        i = find_byte(q, x_at(q, ell), j + ell + 1, last + ell + 1);
        from = ell + 1;
      } else {
        i = find_pair(q, x_at(q, ell), x_at(q, ell + 1), j + ell + 1,
                      last + ell + 1);
        from = ell + 2;
      }
      if (i < 0)
        return -1;
      j = i - ell;
      continue;
    }
    /* v matches: compare u down to what memory already knows. */
    if (ell <= memory || (i = left_equal(q, j, ell, memory)) == ell - memory)
      return j;
    from = ell;
    if (periodic) {
      /* shifted by its period, x matches the haystack window's first
       * m - p bytes: they were v's matches just now */
      j += p;
      memory = m - p;
      continue;
    }
    /* No window before j + p matches, and from there on one needs the
     * pair x[k, k + 2) in place, k = ell - 1 - i the byte that failed
     * (raised to m - p: then p + k >= m, and the scan starts past every
     * byte compared so far). */
    i = ell - 1 - i > m - p ? ell - 1 - i : m - p;
    if ((j = find_pair(q, x_at(q, i), x_at(q, i + 1), j + p + i,
                       last + i + 1)) < 0)
      return -1;
    j -= i;
  }
  return -1;
}

/* Sets up the problem in direction REV and solves it; the offset of the
 * match in that direction's coordinates, or -1. Inlined, so that each
 * entry point gets its own copy with REV constant. */
static MML_INLINE int64_t solve(const uint8_t *hay, int64_t hlen,
                                const uint8_t *needle, int64_t nlen, int rev) {
  problem q;
  assert(nlen >= 1 && hlen >= 0);
  if (hlen < nlen)
    return -1;
  q.hay = hay, q.needle = needle, q.n = hlen, q.m = nlen, q.rev = rev;
  return twoway(&q);
}

int64_t mml__twoway_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  return solve(hay, hlen, needle, nlen, 0);
}

int64_t mml__twoway_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  const int64_t t = solve(hay, hlen, needle, nlen, 1);
  return t < 0 ? -1 : hlen - nlen - t; /* the mirrored start */
}
