/* search_short.c - find and rfind in short haystacks without set-up.
 *
 * The engine's filter (search_engine.c) ranks needle bytes and keeps a
 * budget; for a haystack of a few hundred bytes that set-up costs more than
 * the scan. Here the filter bytes are simply the needle's first, last and
 * middle ones (the kernels of the chosen set find candidates,
 * search_kernels.h) and each candidate is verified at once.
 *
 * Linear: verifying is the only work beyond the kernels' single pass, and
 * it is capped. Each candidate costs its compared bytes plus a fixed
 * overhead; when the total would pass hlen / 2 + SHORT_SLACK the short
 * path stops and the engine (linear itself) searches the candidates left.
 * So a call does at most a constant times hlen work here, whatever hlen
 * is; MML_SHORT_MAX only decides which path is faster. The cap is low
 * because candidates that come often (periodic data, a needle whose ends
 * are common bytes) are what the engine's adaptive filter is for: every
 * candidate here is a kernel call and a verify. */
#include "search_short.h"

#include <stddef.h>

#include "search_kernels.h"

enum {
  SHORT_CANDIDATE_COST = 16, /* a kernel call and a verify call */
  SHORT_SLACK = 64           /* verify work allowed beyond hlen / 2 */
};

/* Written only when a search hands over, which is rare and costly anyway
 * (a thread-local access per call would cost a call in a shared library). */
static _Thread_local int64_t handovers;

int64_t mml__short_handovers(void) { return handovers; }

/* After a false candidate the filter also checks the needle's middle
 * byte(s) (one for odd lengths): periodic data passes the ends
 * everywhere, and a needle breaking the pattern in its middle is then
 * rejected in the kernels (which test the two ends first) instead of by
 * a verify per position. Not from the start: on random data the ends
 * alone leave nothing to verify and two bytes scan faster than four. */
static void add_middle(mml__pair *pair, const uint8_t *needle, int64_t nlen) {
  if (pair->n > 2 || nlen <= 2)
    return;
  pair->off[2] = (nlen - 1) / 2;
  pair->byte[2] = needle[(nlen - 1) / 2];
  pair->n = 3;
  if (nlen > 3 && nlen % 2 == 0) {
    pair->off[3] = nlen / 2;
    pair->byte[3] = needle[nlen / 2];
    pair->n = 4;
  }
}

int mml__short_search(const uint8_t *hay, int64_t hlen, const uint8_t *needle,
                      int64_t nlen, int reverse, int64_t *at) {
  const mml__search_kernels *k = mml__search_kernels_get();
  const int64_t limit = hlen - nlen + 1; /* candidates lie in [0, limit) */
  int64_t budget = hlen / 2 + SHORT_SLACK;
  mml__pair pair;
  if (k->tiny != NULL && nlen <= MML_TINY_NEEDLE &&
      limit <= MML_TINY_POSITIONS) {
    *at = k->tiny(hay, hlen, needle, nlen, reverse);
    return 1;
  }
  pair.n = 2;
  pair.off[0] = nlen - 1;
  pair.byte[0] = needle[nlen - 1];
  pair.off[1] = 0;
  pair.byte[1] = needle[0];
  if (!reverse) {
    for (int64_t i = 0;;) {
      const int64_t p = k->next(hay, i, limit, &pair);
      int64_t j;
      if (p >= limit) {
        *at = -1;
        return 1;
      }
      /* bytes 0 and nlen - 1 are known equal: compare the middle */
      j = 1 + k->mismatch(hay + p + 1, needle + 1, nlen - 2);
      if (j >= nlen - 1) {
        *at = p;
        return 1;
      }
      budget -= j + SHORT_CANDIDATE_COST;
      add_middle(&pair, needle, nlen);
      if (budget < 0) {
        *at = p + 1;
        handovers++;
        return 0;
      }
      i = p + 1;
    }
  }
  for (int64_t to = limit;;) {
    const int64_t p = k->prev(hay, 0, to, &pair);
    int64_t j;
    if (p < 0) {
      *at = -1;
      return 1;
    }
    j = 1 + k->mismatch(hay + p + 1, needle + 1, nlen - 2);
    if (j >= nlen - 1) {
      *at = p;
      return 1;
    }
    budget -= j + SHORT_CANDIDATE_COST;
    add_middle(&pair, needle, nlen);
    if (budget < 0) {
      *at = p;
      handovers++;
      return 0;
    }
    to = p;
  }
}
