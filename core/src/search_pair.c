/* search_pair.c - which two needle bytes the candidate filter looks for.
 *
 * A filter is only as good as its bytes are rare in the haystack. With no
 * haystack statistics at hand, the first choice ranks bytes by how common
 * they are in typical files; the search then adapts the pair to the
 * haystack it meets (search_engine.c). */
#include <string.h>

#include "search_kernels.h"

/* How common each byte is in typical files, higher is more common: a rough
 * fixed order, enough to prefer 'q' over 'e' and 0x9c over ' '. ' ' 255;
 * 0x00 245 (padding in binaries); lowercase letters by English frequency,
 * "etaoinsrhldcumfpgwybvkxjqz", from 250 down by 3; '\n' 215; ',' and '.'
 * 205; 0xff 200; '0' and '1' 195, other digits 185; uppercase letters in
 * the same order from 170 down by 3; common punctuation and '\t' 160; '\r'
 * 150; other printable ASCII 130; bytes 0x80-0xfe 80; other control bytes
 * 60. */
/* clang-format off */
static const uint8_t commonness[256] = {
    245,  60,  60,  60,  60,  60,  60,  60,  60, 160, 215,  60,  60, 150,  60,  60,
     60,  60,  60,  60,  60,  60,  60,  60,  60,  60,  60,  60,  60,  60,  60,  60,
    255, 130, 160, 130, 130, 130, 130, 160, 160, 160, 130, 130, 205, 160, 205, 160,
    195, 195, 185, 185, 185, 185, 185, 185, 185, 185, 160, 160, 130, 160, 130, 130,
    130, 164, 113, 137, 140, 170, 128, 122, 146, 158, 101, 107, 143, 131, 155, 161,
    125,  98, 149, 152, 167, 134, 110, 119, 104, 116,  95, 130, 130, 130, 130, 160,
    130, 244, 193, 217, 220, 250, 208, 202, 226, 238, 181, 187, 223, 211, 235, 241,
    205, 178, 229, 232, 247, 214, 190, 199, 184, 196, 175, 130, 130, 130, 130,  60,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,
     80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80,  80, 200,
};
/* clang-format on */

/* Only the needle's first and last WINDOW bytes are candidates for the
 * pair: enough to find rare bytes, and choosing stays cheap next to a
 * short haystack (the search after it is O(haystack), not O(needle)). */
enum { WINDOW = 16 };

/* Small alphabets. A needle whose sampled bytes come from a few values
 * (at most sqrt(2 n) distinct among n, or n / 2 + 1 among n <= 8: DNA,
 * {a,b}, but not text or random bytes) most likely comes from a haystack
 * of those values, where any two bytes match every 16th (DNA) or 4th
 * ({a,b}) position. Such a needle starts with a wide filter instead: WIDTH
 * consecutive positions (one stream of loads, as cheap in DRAM as one
 * byte), about 16 bits of the haystack's entropy, so that false
 * candidates come about once in 65536 positions. The window holds the
 * gate (choose_gate), checked first. */
static int small_alphabet(int distinct, int n) {
  return n >= 5 &&
         (distinct * distinct <= 2 * n || (n <= 8 && distinct <= n / 2 + 1));
}

static int wide_width(int distinct) {
  return distinct <= 2 ? 16 : distinct == 3 ? 11 : 8;
}

/* The gate of a wide filter (its first two offsets, which the kernels
 * test before the others) is the needle's rarest pair of neighbours
 * among the sampled ones, among those the one holding the needle's
 * rarest byte (a marker such as the 0x00 of a record), and among those
 * the one nearest an end of the needle (where a needle cut from records
 * has its separators; the needle's own statistics cannot tell a marker
 * from a letter it holds once, a tie found on DNA needles). Where the needle
 * breaks its own pattern (the one "aa" of an otherwise alternating {a,b}
 * needle), a haystack of that pattern never passes the gate; on random
 * small-alphabet data one pair is as good as another. Pairs are counted
 * by a hash of the two bytes (byte * 8 ^ next, modulo 256: distinct for
 * ACGT and for {a,b}); a collision only makes the choice less good.
 * Among equals the last. */
static int64_t choose_gate(const uint8_t *needle, int64_t nlen,
                           const int64_t *pos, int n) {
  uint8_t pairs[256], bytes[256];
  int64_t at = pos[0];
  unsigned least = UINT32_MAX;
  memset(pairs, 0, sizeof pairs);
  memset(bytes, 0, sizeof bytes);
  for (int k = 0; k < n; k++) {
    bytes[needle[pos[k]]]++;
    if (k + 1 < n && pos[k + 1] == pos[k] + 1)
      pairs[(uint8_t)(needle[pos[k]] * 8u ^ needle[pos[k] + 1])]++;
  }
  for (int k = 0; k + 1 < n; k++)
    if (pos[k + 1] == pos[k] + 1) {
      const uint8_t x = needle[pos[k]], y = needle[pos[k] + 1];
      const unsigned b = bytes[x] < bytes[y] ? bytes[x] : bytes[y];
      const int64_t d0 = pos[k], d1 = nlen - 2 - pos[k]; /* from the ends */
      const int64_t d = d0 < d1 ? d0 : d1;
      const unsigned key = (unsigned)pairs[(uint8_t)(x * 8u ^ y)] << 16 |
                           b << 8 | (unsigned)(d < 255 ? d : 255);
      if (key <= least)
        least = key, at = pos[k];
    }
  return at;
}

static void choose_wide(mml__pair *pair, const uint8_t *needle, int64_t nlen,
                        const int64_t *pos, int n, int distinct) {
  const int64_t gate = choose_gate(needle, nlen, pos, n);
  int64_t width = wide_width(distinct), start;
  width = width < MML_PAIR_MAX ? width : MML_PAIR_MAX;
  width = width < nlen ? width : nlen;
  start = gate - width / 2;
  start = start < 0 ? 0 : start > nlen - width ? nlen - width : start;
  pair->n = 2;
  pair->off[0] = gate;
  pair->byte[0] = needle[gate];
  pair->off[1] = gate + 1;
  pair->byte[1] = needle[gate + 1];
  for (int64_t i = start; i < start + width; i++)
    if (i != gate && i != gate + 1) {
      pair->off[pair->n] = i;
      pair->byte[pair->n] = needle[i];
      pair->n++;
    }
}

void mml__pair_choose(mml__pair *pair, const uint8_t *needle, int64_t nlen) {
  const int64_t far = ((int64_t)1 << 40) - 1; /* distances beyond: equal */
  int64_t pos[2 * WINDOW] = {0}, first, second;
  uint64_t best = UINT64_MAX;
  int n = 0, distinct = 0;
  for (int64_t i = 0; i < nlen; i++) {
    if (i == WINDOW && nlen - WINDOW > WINDOW)
      i = nlen - WINDOW; /* skip the middle */
    pos[n++] = i;
  }
  /* The distinct values, in a 256-bit set, counted as they come (a
   * popcount would be a libgcc call on baseline x86-64). */
  if (n >= 5) {
    uint64_t seen[4] = {0, 0, 0, 0};
    for (int k = 0; k < n; k++) {
      const uint64_t bit = 1ull << (needle[pos[k]] & 63);
      uint64_t *word = &seen[needle[pos[k]] >> 6];
      distinct += (*word & bit) == 0;
      *word |= bit;
    }
  }
  if (small_alphabet(distinct, n)) {
    choose_wide(pair, needle, nlen, pos, n, distinct);
    return;
  }
  /* Both choices are the minimum of a key that holds the slot k in its low
   * byte: one value to compare, which compiles to conditional moves
   * (random needle bytes make branches unpredictable). */
  /* The rarest byte; among equals the last one. */
  for (int k = 0; k < n; k++) {
    const uint64_t key = (uint64_t)commonness[needle[pos[k]]] << 8 | (255u - k);
    best = key < best ? key : best;
  }
  first = pos[255u - (best & 255u)];
  /* The rarest of the others; among equals the farthest from the first,
   * whose bytes are the least correlated with it. */
  best = UINT64_MAX;
  for (int k = 0; k < n; k++) {
    int64_t d = pos[k] > first ? pos[k] - first : first - pos[k];
    uint64_t key;
    d = d < far ? d : far;
    key = (uint64_t)commonness[needle[pos[k]]] << 48 |
          (uint64_t)(far - d) << 8 | (uint64_t)k;
    key |= (uint64_t)0 - (uint64_t)(pos[k] == first); /* not the first */
    best = key < best ? key : best;
  }
  second = pos[best & 255u];
  pair->n = 2;
  pair->off[0] = first;
  pair->off[1] = second;
  pair->byte[0] = needle[first];
  pair->byte[1] = needle[second];
}

/* 1 if OFF is one of the pair's offsets. */
static int has_offset(const mml__pair *pair, int64_t off) {
  for (int t = 0; t < pair->n; t++)
    if (pair->off[t] == off)
      return 1;
  return 0;
}

/* Appends needle[off] unless OFF is there already or the pair is full. */
static void add_offset(mml__pair *pair, const uint8_t *needle, int64_t off,
                       int target) {
  if (pair->n < target && !has_offset(pair, off)) {
    pair->off[pair->n] = off;
    pair->byte[pair->n] = needle[off];
    pair->n++;
  }
}

int mml__pair_widen(mml__pair *pair, const uint8_t *needle, int64_t nlen,
                    int64_t off) {
  const int target = pair->n * 2 <= MML_PAIR_MAX ? pair->n * 2 : MML_PAIR_MAX;
  if (pair->n >= MML_PAIR_MAX || pair->n >= nlen)
    return -1;
  add_offset(pair, needle, off, target);
  /* then the ends and the middle, halving the gaps: 0, nlen - 1,
   * nlen / 2, nlen / 4, 3 nlen / 4, ... (all distinct for nlen >= 8;
   * shorter needles fill up with every position) */
  add_offset(pair, needle, 0, target);
  add_offset(pair, needle, nlen - 1, target);
  for (int64_t parts = 2; pair->n < target && parts <= nlen; parts *= 2)
    for (int64_t k = 1; k < parts && pair->n < target; k += 2)
      add_offset(pair, needle, nlen / parts * k, target);
  for (int64_t i = 0; i < nlen && pair->n < target; i++)
    add_offset(pair, needle, i, target);
  return 0;
}

void mml__pair_adapt(mml__pair *pair, const uint8_t *needle, int64_t off,
                     int slot) {
  if (has_offset(pair, off))
    return;
  pair->off[slot] = off;
  pair->byte[slot] = needle[off];
}
