/* search_engine.c - substring search over one range of a mapping.
 *
 * One-byte needles go to libc's memchr/memrchr. Longer needles: the kernels
 * of the best instruction set (search_dispatch.c) scan for candidate
 * positions that hold two chosen needle bytes (search_pair.c), and each
 * candidate is verified. The search keeps a budget: scanning earns it,
 * every candidate spends a fixed overhead plus the bytes its verify
 * compared. Candidates that come too often make the search re-choose one
 * of the two bytes from where a false candidate differed (which makes
 * periodic haystacks cheap); a budget that runs out hands the rest to the
 * Two-Way algorithm (search_twoway.c). Verify work is thus bounded by the
 * scan, and both directions are linear in the worst case.
 *
 * Haystacks up to MML_SHORT_MAX bytes first take the set-up-free path of
 * search_short.c, which hands the candidates left to the loops below only
 * when they come too often.
 *
 * Every load stays inside [hay, hay + hlen): candidates lie in
 * [0, hlen - nlen + 1) and the kernels read only hay[p + offset] for them;
 * a match window that ends at the last byte of the last page never touches
 * the next page (gh-105235). */
#define _GNU_SOURCE /* memmem and memrchr are GNU/BSD extensions of libc */
#include <stdlib.h>
#include <string.h>

#include "mem_compat.h"

#include "map.h"
#include "search_kernels.h"
#include "search_short.h"
#include "search_twoway.h"

/* Budget units are haystack positions scanned (or needle bytes compared). */
enum {
  START_BUDGET = 4096, /* verify work allowed before any scanning, plus 2
                          needle lengths */
  EARN_PER_POSITION = 2,
  CANDIDATE_COST = 48, /* a kernel call, a verify call, the loop */
  /* Every ADAPT_EVERY false candidates, if they came within ADAPT_SPAN
   * positions (denser than 1 in 256), one pair byte is re-chosen. */
  ADAPT_EVERY = 8,
  ADAPT_SPAN = 2048,
  /* A false candidate that matched this many bytes before differing (a
   * periodic haystack, a needle cut from it) re-chooses at once. */
  ADAPT_LONG_MATCH = 32,
  /* At most MAX_ADAPTS re-choices a search. A budget that runs out is
   * refilled: once per widening of the filter (2 to 4 to 8 to 16 bytes, small
   * alphabets, where no two bytes are rare), then once per re-choice (a
   * constant amount of extra work in all), and the last time it runs out
   * the search hands over to Two-Way. */
  MAX_ADAPTS = 8
};

/* The state of one filtered search. */
typedef struct filter_run {
  mml__pair pair;
  int64_t nlen, budget, refill, falses, mark, adapts, widens;
  mml__search_counts counts;
} filter_run;

/* The counts of this thread's last filtered search, published once per
 * search (a thread-local access per candidate would cost a call in a
 * shared library). */
static _Thread_local mml__search_counts last_counts;

void mml__search_counts_last(mml__search_counts *out) { *out = last_counts; }

/* Publishes R's counts and returns RESULT. */
static int64_t run_end(filter_run *r, int64_t result) {
  r->counts.adapts = r->adapts;
  r->counts.widens = r->widens;
  last_counts = r->counts;
  return result;
}

/* Counts one candidate found after scanning SCANNED positions, whose
 * verify compared J + 1 bytes (all NLEN of them for a match). */
static void run_count(filter_run *r, int64_t scanned, int64_t j, int64_t nlen) {
  r->counts.scanned += scanned;
  r->counts.candidates++;
  r->counts.verify_bytes += j < nlen ? j + 1 : nlen;
}

static void run_init(filter_run *r, const uint8_t *needle, int64_t nlen) {
  mml__pair_choose(&r->pair, needle, nlen);
  r->refill = START_BUDGET + 2 * nlen;
  r->budget = r->refill;
  r->falses = 0;
  r->mark = -1;
  r->adapts = 0;
  r->widens = 0;
  r->nlen = nlen;
  memset(&r->counts, 0, sizeof r->counts);
}

/* Re-chooses one pair byte: needle[j], where a false candidate differed.
 * Each re-choice replaces the byte the previous one did not bring in. */
static void run_adapt(filter_run *r, const uint8_t *needle, int64_t j) {
  mml__pair_adapt(&r->pair, needle, j, r->adapts % 2 == 0 ? 1 : 0);
  r->adapts++;
  r->falses = 0;
  r->mark = -1;
}

/* Accounts for a false candidate at AT, found after scanning SCANNED
 * positions, that first differed from the needle at needle offset J.
 * Returns 0 to go on, -1 when the filter has stopped paying. */
static int run_false(filter_run *r, const uint8_t *needle, int64_t scanned,
                     int64_t at, int64_t j) {
  r->budget += EARN_PER_POSITION * scanned - CANDIDATE_COST - j;
  if (r->budget < 0) {
    if (mml__pair_widen(&r->pair, needle, r->nlen, j) == 0) {
      r->widens++;
      r->falses = 0;
      r->mark = -1;
    } else if (r->adapts < MAX_ADAPTS) {
      run_adapt(r, needle, j);
    } else {
      return -1;
    }
    r->budget = r->refill;
    return 0;
  }
  if (j >= ADAPT_LONG_MATCH && r->adapts < MAX_ADAPTS) {
    run_adapt(r, needle, j);
    return 0;
  }
  if (r->mark < 0)
    r->mark = at;
  if (++r->falses == ADAPT_EVERY) {
    const int64_t span = at > r->mark ? at - r->mark : r->mark - at;
    if (span < ADAPT_SPAN && r->adapts < MAX_ADAPTS)
      run_adapt(r, needle, j);
    else
      r->falses = 0, r->mark = at;
  }
  return 0;
}

/* The needles the filter leaves alone: one longer than the haystack (or
 * empty) is nowhere, a single byte is memchr's (REVERSE: memrchr's).
 * Returns 1 with *FOUND set for those, 0 for the filter's. */
static int search_unfiltered(const uint8_t *hay, int64_t hlen,
                             const uint8_t *needle, int64_t nlen, int reverse,
                             int64_t *found) {
  const uint8_t *p;
  if (nlen > 1 && nlen <= hlen)
    return 0;
  *found = -1;
  if (nlen == 1 && hlen >= 1) {
    p = reverse ? memrchr(hay, needle[0], (size_t)hlen)
                : memchr(hay, needle[0], (size_t)hlen);
    if (p != NULL)
      *found = (int64_t)(p - hay);
  }
  return 1;
}

int64_t mml__search_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  const mml__search_kernels *k;
  filter_run r;
  int64_t limit, i = 0, found;
  if (search_unfiltered(hay, hlen, needle, nlen, 0, &found))
    return found;
  /* short haystacks: no set-up (search_short.c); if candidates come too
   * often it hands over the positions from FOUND on */
  if (hlen <= MML_SHORT_MAX) {
    if (mml__short_search(hay, hlen, needle, nlen, 0, &found))
      return found;
    i = found;
  }
  k = mml__search_kernels_get();
  run_init(&r, needle, nlen);
  limit = hlen - nlen + 1; /* candidates lie in [0, limit) */
  for (;;) {
    const int64_t at = k->next(hay, i, limit, &r.pair);
    int64_t j, rest;
    if (at >= limit) {
      r.counts.scanned += limit - i;
      return run_end(&r, -1);
    }
    j = k->mismatch(hay + at, needle, nlen);
    run_count(&r, at - i, j, nlen);
    if (j == nlen)
      return run_end(&r, at);
    if (run_false(&r, needle, at - i, at, j) != 0) {
      /* the filter stopped paying: Two-Way over hay[at + 1, hlen) */
      rest = mml__twoway_forward(hay + at + 1, hlen - at - 1, needle, nlen);
      r.counts.handed_over = 1;
      return run_end(&r, rest < 0 ? -1 : at + 1 + rest);
    }
    i = at + 1;
  }
}

int64_t mml__search_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  const mml__search_kernels *k;
  filter_run r;
  int64_t to, found;
  if (search_unfiltered(hay, hlen, needle, nlen, 1, &found))
    return found;
  k = mml__search_kernels_get();
  to = hlen - nlen + 1; /* candidates left lie in [0, to) */
  /* short haystacks as in mml__search_forward; FOUND: positions below */
  if (hlen <= MML_SHORT_MAX) {
    if (mml__short_search(hay, hlen, needle, nlen, 1, &found))
      return found;
    to = found;
  }
  run_init(&r, needle, nlen);
  for (;;) {
    const int64_t at = k->prev(hay, 0, to, &r.pair);
    int64_t j;
    if (at < 0) {
      r.counts.scanned += to;
      return run_end(&r, -1);
    }
    j = k->mismatch(hay + at, needle, nlen);
    run_count(&r, to - 1 - at, j, nlen);
    if (j == nlen)
      return run_end(&r, at);
    if (run_false(&r, needle, to - 1 - at, at, j) != 0) {
      /* Two-Way over hay[0, at + nlen - 1): the windows starting below at */
      r.counts.handed_over = 1;
      return run_end(&r, mml__twoway_reverse(hay, at + nlen - 1, needle, nlen));
    }
    to = at;
  }
}
