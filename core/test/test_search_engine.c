/* test_search_engine.c - the search engine under find/rfind: choosing the
 * instruction set, every alignment with every set this machine can run,
 * adversarial inputs (periodic haystacks, needles with one defect, needles
 * longer than the verify budget) against a naive reference, and count-based
 * bounds on the verify work. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "map.h"
#include "search_kernels.h"
#include "test.h"

static int64_t engine(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                      int64_t nlen, int reverse) {
  return reverse ? mml__search_reverse(hay, hlen, nd, nlen)
                 : mml__search_forward(hay, hlen, nd, nlen);
}

/* Reports the sets this build has that the machine cannot run: their
 * kernels are compiled but not exercised here. */
static void note_unrunnable(void) {
  const char *name;
  for (size_t k = 0; (name = mml_search_isa_name(k)) != NULL; k++)
    if (!mml_search_isa_available(name))
      fprintf(stderr, "note: instruction set %s not on this CPU: not tested\n",
              name);
}

/* ---- choosing the instruction set --------------------------------------- */

TEST_IMPL(search_isa_selection) {
  size_t n = 0;
  const char *chosen;
  while (mml_search_isa_name(n) != NULL)
    n++;
  ASSERT_GE(n, 1);
  ASSERT_STR_EQ(mml_search_isa_name(n - 1), "portable");
  ASSERT(mml_search_isa_available("portable"));
  ASSERT(!mml_search_isa_available("bogus"));
  ASSERT(!mml_search_isa_available(""));
  ASSERT(!mml_search_isa_available(NULL));
  /* the default: the calibrated choice, a set this machine runs, and a
   * vector set where there is one (search_dispatch.c) */
  chosen = mml_search_isa();
  ASSERT(mml_search_isa_available(chosen));
#if defined(__x86_64__)
  ASSERT(mml_search_isa_available("sse2")); /* baseline on x86-64 */
  ASSERT(strcmp(chosen, "portable") != 0);
#endif
  ASSERT_OK(mml_search_set_isa("portable"));
  ASSERT_STR_EQ(mml_search_isa(), "portable");
  ASSERT_ERR(mml_search_set_isa("bogus"), MML_EMISUSE);
  ASSERT_ERR(mml_search_set_isa(NULL), MML_EMISUSE);
  ASSERT_ERR(mml_search_set_isa("AVX2"), MML_EMISUSE); /* names are exact */
  ASSERT_STR_EQ(mml_search_isa(), "portable");         /* unchanged */
  for (size_t i = 0; i < n; i++)
    if (!mml_search_isa_available(mml_search_isa_name(i)))
      ASSERT_ERR(mml_search_set_isa(mml_search_isa_name(i)), MML_EMISUSE);
  /* every runnable set can be forced, and "auto" is the choice again
   * (measured once: the same answer every time) */
  for (size_t i = 0; i < n; i++)
    if (mml_search_isa_available(mml_search_isa_name(i))) {
      ASSERT_OK(mml_search_set_isa(mml_search_isa_name(i)));
      ASSERT_STR_EQ(mml_search_isa(), mml_search_isa_name(i));
    }
  ASSERT_OK(mml_search_set_isa("auto"));
  ASSERT_STR_EQ(mml_search_isa(), chosen);
  note_unrunnable();
}

/* The environment picks the set on first use (each test runs in its own
 * process, so this is the first use). */
TEST_IMPL(search_isa_environment) {
  const uint8_t hay[] = "xxabcxx";
  ASSERT_EQ(th_setenv("MMAPLAB_SEARCH_ISA", "portable"), 0);
  ASSERT_EQ(mml__search_forward(hay, 7, (const uint8_t *)"abc", 3), 2);
  ASSERT_STR_EQ(mml_search_isa(), "portable");
}

/* An unknown name is ignored: the calibrated choice is used, the one
 * "auto" gives. */
TEST_IMPL(search_isa_environment_unknown) {
  const char *chosen;
  ASSERT_EQ(th_setenv("MMAPLAB_SEARCH_ISA", "no-such-set"), 0);
  chosen = mml_search_isa();
  ASSERT(mml_search_isa_available(chosen));
  ASSERT_OK(mml_search_set_isa("auto"));
  ASSERT_STR_EQ(mml_search_isa(), chosen);
}

/* The environment overrides the calibration with every set it can run
 * here, the widest included (each in a child: the choice is made once a
 * process). */
static void env_override_child(void *name) {
  const uint8_t hay[] = "xxabcxx";
  if (th_setenv("MMAPLAB_SEARCH_ISA", name) != 0 ||
      mml__search_forward(hay, 7, (const uint8_t *)"abc", 3) != 2 ||
      strcmp(mml_search_isa(), name) != 0)
    _exit(1);
  _exit(0);
}

TEST_IMPL(search_isa_environment_every_set) {
  const char *name;
  for (size_t i = 0; (name = mml_search_isa_name(i)) != NULL; i++)
    if (mml_search_isa_available(name))
      th_expect_exited(th_child_status(env_override_child, (void *)name), 0);
}

/* ---- the kernels' contract ---------------------------------------------- */

/* Every set's next/prev/mismatch against the plain C ones, for every range
 * [from, limit) of a small haystack over 3, 16 or 64 letters and pairs at
 * offsets up to 39 (vector blocks, overlapping tails and short ranges all
 * occur), and a mismatch planted at every offset. The engine would hide a
 * kernel that returns a position outside its range (it re-verifies and moves
 * on), so the contract is checked here directly. */
TEST_IMPL(search_kernels_contract) {
  enum { HLEN = 300, MAXOFF = 39 };
  uint8_t hay[HLEN], a[200], b[200];
  uint64_t s = 17;
  for (size_t set = 0; th_use_search_set(set); set++) {
    const mml__search_kernels *k = mml__search_kernels_get();
    for (int round = 0; round < 24; round++) {
      /* alphabets of 3, 16 and 64 letters: candidates dense to sparse */
      const uint64_t letters = round % 3 == 0 ? 3 : round % 3 == 1 ? 16 : 64;
      mml__pair p;
      for (int i = 0; i < HLEN; i++)
        hay[i] = (uint8_t)('0' + th_splitmix64(&s) % letters);
      /* 2 bytes, or the widened filters of 3 to 8 */
      p.n = round % 4 == 3 ? 2 + (int)(th_splitmix64(&s) % (MML_PAIR_MAX - 1))
                           : 2;
      for (int t = 0; t < p.n; t++) {
        int dup;
        do {
          p.off[t] = (int64_t)(th_splitmix64(&s) % (MAXOFF + 1));
          dup = 0;
          for (int u = 0; u < t; u++)
            dup |= p.off[u] == p.off[t];
        } while (dup);
        /* bytes that occur, mostly ones at the offset of a real position,
         * so that wide filters find candidates too */
        p.byte[t] = round % 2 == 0 ? hay[th_splitmix64(&s) % HLEN]
                                   : hay[100 + p.off[t]];
      }
      for (int64_t from = 0; from <= HLEN - MAXOFF; from += 3)
        for (int64_t limit = from; limit <= HLEN - MAXOFF; limit++) {
          const int64_t n = k->next(hay, from, limit, &p);
          const int64_t r = k->prev(hay, from, limit, &p);
          if (n != mml__scalar_next(hay, from, limit, &p) ||
              r != mml__scalar_prev(hay, from, limit, &p))
            TEST_FAIL_("%s: %d bytes (%lld, %lld, ...) range [%lld, %lld): "
                       "next %lld (want %lld), prev %lld (want %lld)",
                       k->name, p.n, (long long)p.off[0], (long long)p.off[1],
                       (long long)from, (long long)limit, (long long)n,
                       (long long)mml__scalar_next(hay, from, limit, &p),
                       (long long)r,
                       (long long)mml__scalar_prev(hay, from, limit, &p));
        }
    }
    for (int64_t n = 0; n <= 200; n++) {
      for (int64_t at = 0; at <= n; at++) {
        memset(a, 'x', sizeof a);
        memset(b, 'x', sizeof b);
        if (at < n)
          b[at] = 'y';
        if (k->mismatch(a, b, n) != at)
          TEST_FAIL_("%s: mismatch of %lld bytes differing at %lld: %lld",
                     k->name, (long long)n, (long long)at,
                     (long long)k->mismatch(a, b, n));
      }
    }
  }
  th_reset_search_set();
}

/* ---- alignments --------------------------------------------------------- */

/* Haystacks of 1..HMAX bytes at every offset 0..63 from a 64-byte
 * boundary, needles of every length 1..300 cut at the first and last
 * possible offsets and one absent, with every set: the engine's answer
 * equals the reference's (computed once, the answer does not depend on
 * where the bytes sit). */
TEST_IMPL(search_engine_alignments) {
  enum { HLEN = 320, NMAX = 300, SLACK = 64 };
  uint8_t *base = th_aligned_alloc(64, HLEN + SLACK + 64), *src = malloc(HLEN);
  uint8_t nd[NMAX];
  uint64_t s = 7;
  ASSERT_NOT_NULL(base);
  ASSERT_NOT_NULL(src);
  /* a small alphabet gives partial matches; one 'z' run gives rare bytes */
  for (int i = 0; i < HLEN; i++)
    src[i] = (uint8_t)('a' + th_splitmix64(&s) % 3);
  memcpy(src + 150, "zzzz", 4);
  for (int64_t nlen = 1; nlen <= NMAX; nlen++) {
    for (int which = 0; which < 3; which++) {
      int64_t want[2];
      if (which == 0)
        memcpy(nd, src, (size_t)nlen);
      else if (which == 1)
        memcpy(nd, src + HLEN - nlen, (size_t)nlen);
      else
        memset(nd, 'q', (size_t)nlen);
      want[0] = th_naive_search(src, HLEN, nd, nlen, 0);
      want[1] = th_naive_search(src, HLEN, nd, nlen, 1);
      for (size_t isa = 0; th_use_search_set(isa); isa++)
        for (int off = 0; off<64; off += nlen> 64 ? 7 : 1) {
          memcpy(base + off, src, HLEN);
          for (int rev = 0; rev < 2; rev++) {
            const int64_t got = engine(base + off, HLEN, nd, nlen, rev);
            if (got != want[rev])
              TEST_FAIL_("%s %s: needle %d of length %lld at offset %d: "
                         "%lld, want %lld",
                         mml_search_isa(), rev ? "reverse" : "forward", which,
                         (long long)nlen, off, (long long)got,
                         (long long)want[rev]);
          }
        }
    }
  }
  th_reset_search_set();
  th_aligned_free(base);
  free(src);
}

/* ---- adversarial inputs ------------------------------------------------- */

/* Fills HAY with pattern KIND: 0 a^n, 1 (ab)^n, 2 (aab)^n, 3 (abc)^n with
 * a period of 173 (the bench's text is periodic too), 4 random over {a,b},
 * 5 (ab)^n with random defects (dense candidates that no choice of 8 bytes
 * removes, with long verifies: what Two-Way is there for). */
static void fill_pattern(uint8_t *hay, int64_t n, int kind, uint64_t *s) {
  for (int64_t i = 0; i < n; i++) {
    switch (kind) {
    case 0:
      hay[i] = 'a';
      break;
    case 1:
      hay[i] = (uint8_t)("ab"[i % 2]);
      break;
    case 2:
      hay[i] = (uint8_t)("aab"[i % 3]);
      break;
    case 3:
      hay[i] = (uint8_t)('a' + (i % 173) % 3 + (i % 173 == 100));
      break;
    case 4:
      hay[i] = (uint8_t)('a' + th_splitmix64(s) % 2);
      break;
    default: /* (ab)^n with one byte in 64 flipped at random */
      hay[i] = (uint8_t)("ab"[(i + (th_splitmix64(s) % 64 == 0)) % 2]);
    }
  }
}

/* Needles cut from the pattern with one byte changed at POS (or none for
 * POS < 0), for lengths 2..600 and some long ones, in 64 KiB haystacks of
 * every pattern, with the match planted at the far end or absent, both
 * directions, every set. */
TEST_IMPL(search_engine_adversarial) {
  enum { HLEN = 1 << 16 };
  static const int64_t long_lens[] = {1000, 4096, 4097, 20000};
  uint8_t *hay = malloc(HLEN), *nd = malloc(20000);
  uint64_t s = 11;
  ASSERT_NOT_NULL(hay);
  ASSERT_NOT_NULL(nd);
  for (int kind = 0; kind < 5; kind++) {
    fill_pattern(hay, HLEN, kind, &s);
    for (int64_t li = 0; li < 600 + 4; li += li < 40 ? 1 : 37) {
      const int64_t nlen = li < 600 ? li + 2 : long_lens[li - 600];
      const int64_t defects[] = {-1, 0, nlen / 2, nlen - 1,
                                 (int64_t)(th_splitmix64(&s) % (uint64_t)nlen)};
      for (int d = 0; d < 5; d++) {
        for (int rev = 0; rev < 2; rev++) {
          const int64_t at = rev ? 0 : HLEN - nlen;
          int64_t want, got;
          memcpy(nd, hay + (rev ? 5 : HLEN - nlen - 5), (size_t)nlen);
          if (defects[d] >= 0)
            nd[defects[d]] = (uint8_t)(nd[defects[d]] == 'a' ? 'b' : 'a');
          /* plant the needle at the far end in half the rounds */
          if ((d + rev) % 2 == 0)
            memcpy(hay + at, nd, (size_t)nlen);
          want = th_naive_search(hay, HLEN, nd, nlen, rev);
          for (size_t isa = 0; th_use_search_set(isa); isa++) {
            got = engine(hay, HLEN, nd, nlen, rev);
            if (got != want)
              TEST_FAIL_("%s %s: pattern %d, needle length %lld, defect at "
                         "%lld: %lld, want %lld",
                         mml_search_isa(), rev ? "reverse" : "forward", kind,
                         (long long)nlen, (long long)defects[d], (long long)got,
                         (long long)want);
          }
          fill_pattern(hay + at, nlen, kind, &s); /* restore (kind 4: new) */
          if (kind != 4)
            fill_pattern(hay, HLEN, kind, &s);
        }
      }
    }
  }
  th_reset_search_set();
  free(hay);
  free(nd);
}

/* ---- work bounds -------------------------------------------------------- */

/* The verify budget in numbers: whatever the input, the needle bytes that
 * verifies compare stay within twice the positions scanned plus a constant
 * per refill (search_engine.c: START_BUDGET 4096 + 2 * nlen a refill,
 * one per widening (at most 3: 2, 4, 8, 16 bytes) and per re-choice (at
 * most 8), a candidate
 * costs 48 and at most nlen), and the filter hands over to Two-Way rather
 * than verify more. */
TEST_IMPL(search_engine_work_bounded) {
  enum { HLEN = 1 << 18 };
  static const int64_t lens[] = {2, 3, 8, 31, 64, 255, 1024, 4096, 20000};
  uint8_t *hay = malloc(HLEN), *nd = malloc(20000);
  uint64_t s = 13;
  int handed_over = 0, adapted = 0, widened = 0;
  ASSERT_NOT_NULL(hay);
  ASSERT_NOT_NULL(nd);
  for (int kind = 0; kind < 6; kind++) {
    fill_pattern(hay, HLEN, kind, &s);
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
      for (int d = 0; d < 3; d++)
        for (int rev = 0; rev < 2; rev++) {
          const int64_t nlen = lens[li];
          const int64_t pos = d == 0 ? nlen - 1 : d == 1 ? nlen / 2 : 0;
          int64_t want;
          if (kind == 5) { /* a perfect (ab)^k: the defects are the hay's */
            fill_pattern(nd, nlen, 1, &s);
          } else {
            memcpy(nd, hay + 1000, (size_t)nlen);
            nd[pos] = (uint8_t)(nd[pos] == 'a' ? 'b' : 'a');
          }
          want = th_naive_search(hay, HLEN, nd, nlen, rev);
          for (size_t isa = 0; th_use_search_set(isa); isa++) {
            mml__search_counts c;
            int64_t bound;
            ASSERT_EQ(engine(hay, HLEN, nd, nlen, rev), want);
            mml__search_counts_last(&c);
            bound = 2 * c.scanned + 12 * (4096 + 3 * nlen + 48) + nlen;
            if (c.verify_bytes > bound || c.scanned > HLEN)
              TEST_FAIL_("%s %s: pattern %d, needle %lld: %lld bytes verified "
                         "after %lld positions scanned (bound %lld)",
                         mml_search_isa(), rev ? "reverse" : "forward", kind,
                         (long long)nlen, (long long)c.verify_bytes,
                         (long long)c.scanned, (long long)bound);
            ASSERT_LE(c.adapts, 8);
            ASSERT_LE(c.widens, 3);
            widened |= c.widens > 0;
            handed_over |= c.handed_over != 0;
            adapted |= c.adapts > 0;
          }
        }
  }
  /* these inputs make the engine use both of its escapes */
  ASSERT(adapted);
  ASSERT(widened);
  ASSERT(handed_over);
  th_reset_search_set();
  free(hay);
  free(nd);
}

/* ---- small alphabets ---------------------------------------------------- */

/* A needle over a few byte values starts with a wide filter of
 * consecutive positions, its least frequent byte first; needles of text or
 * random bytes keep the pair of two rare bytes. */
TEST_IMPL(search_pair_small_alphabet) {
  static const struct {
    const char *needle;
    int n;
  } cases[] = {
      {"ACGTTGCAAGCTTACG", 8},  /* DNA: 4 values, 16 bits in 8 bytes */
      {"abbababbaabababb", 16}, /* {a,b}: 16 bytes */
      {"aabbcabcabcbbaac", 11}, /* 3 values */
      {"abbab", 5},             /* shorter than the width: all of it */
      {"The quick brown fox", 2},
      {"\x93\x11\xfe\x02\x7c\x45\x88\x19\xa0", 2},
      {"ACGT", 2}, /* too short to tell: the pair, widened if needed */
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    const uint8_t *nd = (const uint8_t *)cases[c].needle;
    const int64_t nlen = (int64_t)strlen(cases[c].needle);
    mml__pair p;
    mml__pair_choose(&p, nd, nlen);
    ASSERT_EQ(p.n, cases[c].n);
    for (int t = 0; t < p.n; t++) {
      ASSERT(p.off[t] >= 0 && p.off[t] < nlen);
      ASSERT_EQ(p.byte[t], nd[p.off[t]]);
      for (int u = 0; u < t; u++)
        ASSERT(p.off[u] != p.off[t]);
    }
  }
  {
    /* a marker byte the needle has once is in the gate (the first two
     * offsets), its window around it */
    const uint8_t nd[] = "ACGTTGCAAGCT\0TACGGTTACGTAGGCATGCAAC";
    mml__pair p;
    mml__pair_choose(&p, nd, sizeof nd - 1);
    ASSERT_EQ(p.n, 8);
    ASSERT(p.off[0] == 12 || p.off[1] == 12);
    for (int t = 0; t < p.n; t++)
      ASSERT(p.off[t] > 12 - 8 && p.off[t] < 12 + 8);
  }
  {
    /* a marker at the needle's start, in a needle where letters come once
     * too: among equal pairs the one nearest an end */
    const uint8_t nd[] = "\0GTCAGAC";
    mml__pair p;
    mml__pair_choose(&p, nd, sizeof nd - 1);
    ASSERT_EQ(p.off[0], 0);
    ASSERT_EQ(p.off[1], 1);
  }
  {
    /* an alternating needle with one defect: the gate (the first two
     * offsets) is the pair that breaks the pattern, "bb", which an
     * alternating haystack never passes */
    const uint8_t nd[] = "ababababbbababab";
    mml__pair p;
    mml__pair_choose(&p, nd, sizeof nd - 1);
    ASSERT_EQ(p.off[1], p.off[0] + 1);
    ASSERT_EQ(p.byte[0], 'b');
    ASSERT_EQ(p.byte[1], 'b');
  }
}

/* Fills HAY with small-alphabet kind KIND: 0 random DNA, 1 random {a,b},
 * 2 (ACGT)^n, 3 (ACGT)^n with one byte in 64 a random letter. */
static void fill_small(uint8_t *hay, int64_t n, int kind, uint64_t *s) {
  for (int64_t i = 0; i < n; i++) {
    const uint64_t r = th_splitmix64(s);
    switch (kind) {
    case 0:
      hay[i] = (uint8_t)("ACGT"[r % 4]);
      break;
    case 1:
      hay[i] = (uint8_t)("ab"[r % 2]);
      break;
    case 2:
      hay[i] = (uint8_t)("ACGT"[i % 4]);
      break;
    default:
      hay[i] = (uint8_t)("ACGT"[r % 64 == 0 ? r / 64 % 4 : (uint64_t)i % 4]);
    }
  }
}

/* DNA and {a,b} haystacks, random and periodic, with needles cut from them
 * and changed at the start, middle or end, and random needles, both
 * directions, every set: the answer is the reference's, the verify work
 * stays within the budget's bound (search_engine_work_bounded), and on
 * random haystacks the filter leaves few false candidates (the wide start:
 * a two- or four-byte filter would leave one in 16 or 256 positions). */
TEST_IMPL(search_engine_small_alphabet_work) {
  enum { HLEN = 1 << 18 };
  static const int64_t lens[] = {2, 5, 8, 16, 33, 64, 256, 1024, 4096};
  uint8_t *hay = malloc(HLEN), *nd = malloc(4096);
  uint64_t s = 29;
  ASSERT_NOT_NULL(hay);
  ASSERT_NOT_NULL(nd);
  for (int kind = 0; kind < 4; kind++) {
    fill_small(hay, HLEN, kind, &s);
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
      for (int d = 0; d < 4; d++)
        for (int rev = 0; rev < 2; rev++) {
          const int64_t nlen = lens[li];
          const int64_t pos = d == 0 ? nlen - 1 : d == 1 ? nlen / 2 : 0;
          const uint8_t *alpha = (const uint8_t *)(kind == 1 ? "ab" : "ACGT");
          const int na = kind == 1 ? 2 : 4;
          int64_t want;
          if (d == 3) { /* a random needle of the haystack's letters */
            for (int64_t i = 0; i < nlen; i++)
              nd[i] = alpha[th_splitmix64(&s) % (uint64_t)na];
          } else {
            memcpy(nd, hay + 1000, (size_t)nlen);
            nd[pos] = alpha[(strchr((const char *)alpha, nd[pos]) -
                             (const char *)alpha + 1) %
                            na];
          }
          want = th_naive_search(hay, HLEN, nd, nlen, rev);
          for (size_t isa = 0; th_use_search_set(isa); isa++) {
            mml__search_counts c;
            int64_t bound;
            ASSERT_EQ(engine(hay, HLEN, nd, nlen, rev), want);
            mml__search_counts_last(&c);
            bound = 2 * c.scanned + 12 * (4096 + 3 * nlen + 48) + nlen;
            if (c.verify_bytes > bound || c.scanned > HLEN ||
                48 * c.candidates > bound)
              TEST_FAIL_("%s %s: kind %d, needle %lld (%d): %lld candidates, "
                         "%lld bytes verified after %lld positions scanned "
                         "(bound %lld)",
                         mml_search_isa(), rev ? "reverse" : "forward", kind,
                         (long long)nlen, d, (long long)c.candidates,
                         (long long)c.verify_bytes, (long long)c.scanned,
                         (long long)bound);
            ASSERT_LE(c.adapts, 8);
            ASSERT_LE(c.widens, 3);
            /* random haystacks, needles long enough to show their
             * alphabet: about 1 in 65536 positions is a false candidate */
            if (kind < 2 && nlen >= 16 && c.candidates > 1 + c.scanned / 4096)
              TEST_FAIL_("%s %s: kind %d, needle %lld (%d): %lld candidates "
                         "in %lld positions",
                         mml_search_isa(), rev ? "reverse" : "forward", kind,
                         (long long)nlen, d, (long long)c.candidates,
                         (long long)c.scanned);
          }
        }
  }
  th_reset_search_set();
  free(hay);
  free(nd);
}

/* A range of 4 MiB and more (where the AVX-512 set hands the wide filter
 * to the AVX2 kernels): a DNA needle planted near the far end, one near
 * the near end, and one absent, both directions, every set. */
TEST_IMPL(search_engine_small_alphabet_long_range) {
  enum { HLEN = (4 << 20) + 1000, NLEN = 32 };
  uint8_t *hay = malloc(HLEN), nd[NLEN];
  uint64_t s = 31;
  ASSERT_NOT_NULL(hay);
  fill_small(hay, HLEN, 0, &s);
  for (int which = 0; which < 3; which++) {
    const int64_t at = which == 0 ? HLEN - NLEN - 3 : 5;
    for (int i = 0; i < NLEN; i++)
      nd[i] = (uint8_t)("ACGT"[th_splitmix64(&s) % 4]);
    if (which < 2)
      memcpy(hay + at, nd, NLEN);
    for (int rev = 0; rev < 2; rev++) {
      const int64_t want = th_naive_search(hay, HLEN, nd, NLEN, rev);
      if (which < 2)
        ASSERT_EQ(want, at); /* random 32-mers do not repeat here */
      for (size_t isa = 0; th_use_search_set(isa); isa++)
        if (engine(hay, HLEN, nd, NLEN, rev) != want)
          TEST_FAIL_("%s %s: needle %d: %lld, want %lld", mml_search_isa(),
                     rev ? "reverse" : "forward", which,
                     (long long)engine(hay, HLEN, nd, NLEN, rev),
                     (long long)want);
    }
  }
  th_reset_search_set();
  free(hay);
}
