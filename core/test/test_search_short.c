/* test_search_short.c - the set-up-free path for short haystacks
 * (search_short.c) through the engine, with every set this machine can
 * run and the emulated AVX-512 set: every haystack length up to past the
 * cut-over, needles of every length, matches at every offset, haystacks
 * that end at the last byte before a PROT_NONE page or start right after
 * one, both directions, and the verify cap that hands over to the engine. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "map.h"
#include "search_kernels.h"
#include "search_short.h"
#include "test.h"

/* Haystacks up to here: the cut-over and 64 bytes past it. */
#define TOP (MML_SHORT_MAX + 64)

/* A page-sized slot between two inaccessible pages: a haystack placed at
 * its start or its end has a guard page right beside it. */
typedef struct guarded {
  uint8_t *region, *slot;
  int64_t ps;
} guarded;

static void guarded_init(guarded *g) {
  g->ps = mml_pagesize();
  ASSERT_LE(TOP, g->ps);
  g->slot = th_guarded_pages(1);
  g->region = g->slot - g->ps;
}

static void guarded_free(guarded *g) { th_guarded_free(g->slot, 1); }

/* Checks both directions against the reference. */
static void check(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                  int64_t nlen) {
  for (int rev = 0; rev < 2; rev++) {
    const int64_t want = th_naive_search(hay, hlen, nd, nlen, rev);
    const int64_t got = rev ? mml__search_reverse(hay, hlen, nd, nlen)
                            : mml__search_forward(hay, hlen, nd, nlen);
    if (got != want)
      TEST_FAIL_("%s %s: hay %lld, needle %lld: got %lld, want %lld",
                 mml_search_isa(), rev ? "reverse" : "forward", (long long)hlen,
                 (long long)nlen, (long long)got, (long long)want);
  }
}

/* Fills N bytes from 'a'..'a' + SPAN - 1. */
static void fill(uint8_t *p, int64_t n, int span, uint64_t *s) {
  for (int64_t i = 0; i < n; i++)
    p[i] = (uint8_t)('a' + th_splitmix64(s) % (uint64_t)span);
}

/* Haystacks of 0..72 bytes (past the widest vector) at either guarded
 * edge: every needle length, the needle cut from every offset (a match
 * there, perhaps earlier ones too), then with its last byte changed and
 * with its first (near misses). */
TEST_IMPL(search_short_every_offset) {
  guarded g;
  uint8_t nd[73];
  uint64_t s = 5;
  guarded_init(&g);
  for (size_t isa = 0; th_use_search_set(isa); isa++)
    for (int edge = 0; edge < 2; edge++)
      for (int64_t hlen = 0; hlen <= 72; hlen++) {
        uint8_t *hay = edge == 0 ? g.slot + g.ps - hlen : g.slot;
        fill(hay, hlen, 4 + (int)(hlen % 3) * 60, &s);
        for (int64_t nlen = 1; nlen <= hlen + 1; nlen++)
          for (int64_t at = 0; at + nlen <= hlen || at == 0; at++) {
            if (at + nlen <= hlen)
              memcpy(nd, hay + at, (size_t)nlen);
            else
              fill(nd, nlen, 4, &s);
            check(hay, hlen, nd, nlen);
            nd[nlen - 1] = (uint8_t)(nd[nlen - 1] ^ 1);
            check(hay, hlen, nd, nlen);
            nd[0] = (uint8_t)(nd[0] ^ 1);
            check(hay, hlen, nd, nlen);
          }
      }
  th_reset_search_set();
  guarded_free(&g);
}

/* Every haystack length up to 64 bytes past the cut-over, at either
 * guarded edge: needles of lengths around the vector widths and the
 * whole haystack, matching at the first, a middle and the last offset
 * (ending at the byte before the guard page), absent, and over a small
 * alphabet (many candidates). */
TEST_IMPL(search_short_every_length) {
  /* all of them up to 130 bytes; past that the first N_LONG */
  static const int64_t lens[] = {2, 17, 64, 300, 3, 15, 16, 32, 33, 63, 65};
  enum { N_LONG = 4 };
  guarded g;
  uint8_t *nd = malloc(TOP + 1);
  uint64_t s = 9;
  ASSERT_NOT_NULL(nd);
  guarded_init(&g);
  for (size_t isa = 0; th_use_search_set(isa); isa++) {
    /* the emulated set is slow: every 13th length there past 130 */
    const int64_t step =
        strcmp(mml_search_isa(), "avx512-emulated") == 0 ? 13 : 1;
    for (int edge = 0; edge < 2; edge++)
      for (int64_t hlen = 0; hlen <= TOP; hlen += hlen < 130 ? 1 : step) {
        uint8_t *hay = edge == 0 ? g.slot + g.ps - hlen : g.slot;
        fill(hay, hlen, hlen % 2 == 0 ? 200 : 3, &s);
        const size_t n_lens =
            hlen <= 130 ? sizeof lens / sizeof lens[0] : (size_t)N_LONG;
        for (size_t li = 0; li <= n_lens; li++) {
          const int64_t nlen = li < n_lens ? lens[li] : hlen;
          const int64_t ats[] = {0, (hlen - nlen) / 2, hlen - nlen};
          if (nlen > hlen || nlen < 1)
            continue;
          for (size_t a = 0; a < 3; a++) {
            memcpy(nd, hay + ats[a], (size_t)nlen);
            check(hay, hlen, nd, nlen);
          }
          memset(nd, 'z', (size_t)nlen); /* absent */
          check(hay, hlen, nd, nlen);
          nd[0] = hay[0], nd[nlen - 1] = hay[hlen - 1]; /* ends only */
          check(hay, hlen, nd, nlen);
        }
      }
  }
  th_reset_search_set();
  guarded_free(&g);
  free(nd);
}

/* Candidates everywhere that verify far (all 'a', the needle's defect
 * at offset 20, away from the ends and the middle bytes the short path
 * filters on): the short path stops verifying and the engine finishes,
 * with the right answer, a match at either end or none. */
TEST_IMPL(search_short_hands_over) {
  guarded g;
  uint8_t nd[65];
  guarded_init(&g);
  for (size_t isa = 0; th_use_search_set(isa); isa++)
    for (int64_t hlen = 256; hlen <= MML_SHORT_MAX; hlen *= 2)
      for (int where = 0; where < 3; where++) {
        uint8_t *hay = g.slot + g.ps - hlen;
        const int64_t before = mml__short_handovers();
        memset(hay, 'a', (size_t)hlen);
        memset(nd, 'a', 64);
        nd[20] = 'b';
        if (where == 1)
          hay[20] = 'b'; /* the only match: offset 0 */
        else if (where == 2)
          hay[hlen - 44] = 'b'; /* the only match: the last offset */
        check(hay, hlen, nd, 64);
        /* forward and reverse each hand over, but for a match at the end
         * where the search starts (found before its cap) */
        ASSERT_GE(mml__short_handovers() - before, where == 0 ? 2 : 1);
      }
  th_reset_search_set();
  guarded_free(&g);
}
