/* test_search_twoway.c - the Two-Way fallback (search_twoway.c), forward
 * and reverse, against a naive search: random haystacks over alphabets of
 * 2, 3 and 256 bytes, every needle length 1..300 and a few large ones,
 * every alignment, adversarial periodic inputs, guard pages on both sides,
 * and comparison counts that stay linear.
 *
 * The counts come from a second, instrumented copy of search_twoway.c
 * compiled into this binary with MML_TWOWAY_COUNT (see CMakeLists.txt);
 * the library's copy has no counter. */
#define _GNU_SOURCE
#include <unistd.h>

#include "search_twoway.h"
#include "helpers.h"
#include "test.h"

/* The instrumented copy (MML_TWOWAY_COUNT renames its functions). */
int64_t mml__twoway_forward_counted(const uint8_t *hay, int64_t hlen,
                                    const uint8_t *needle, int64_t nlen);
int64_t mml__twoway_reverse_counted(const uint8_t *hay, int64_t hlen,
                                    const uint8_t *needle, int64_t nlen);
extern int64_t mml__twoway_compares;
extern int64_t mml__twoway_lookups;

static uint64_t next_rand(uint64_t *s) { /* xorshift64 */
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* Both directions agree with the naive search; returns the number of
 * matches found (0..2) so that callers can check their inputs do match. */
static int check(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                 int64_t nlen) {
  const int64_t f = mml__twoway_forward(hay, hlen, nd, nlen);
  const int64_t r = mml__twoway_reverse(hay, hlen, nd, nlen);
  const int64_t wf = th_naive_search(hay, hlen, nd, nlen, 0);
  const int64_t wr = th_naive_search(hay, hlen, nd, nlen, 1);
  if (f != wf || r != wr)
    TEST_FAIL_("needle of %" PRId64 " in %" PRId64 " bytes: forward %" PRId64
               " (want %" PRId64 "), reverse %" PRId64 " (want %" PRId64 ")",
               nlen, hlen, f, wf, r, wr);
  return (f >= 0) + (r >= 0);
}

/* check, and the instrumented copy gives the same answers with at most
 * 2 * hlen + 16 byte comparisons and hlen table lookups each way. */
static void check_linear(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                         int64_t nlen) {
  check(hay, hlen, nd, nlen);
  for (int rev = 0; rev < 2; rev++) {
    int64_t got;
    mml__twoway_compares = mml__twoway_lookups = 0;
    got = rev ? mml__twoway_reverse_counted(hay, hlen, nd, nlen)
              : mml__twoway_forward_counted(hay, hlen, nd, nlen);
    ASSERT_EQ(got, th_naive_search(hay, hlen, nd, nlen, rev));
    if (mml__twoway_compares > 2 * hlen + 16 || mml__twoway_lookups > hlen)
      TEST_FAIL_("%s, needle of %" PRId64 " in %" PRId64 " bytes: %" PRId64
                 " compares, %" PRId64 " lookups",
                 rev ? "reverse" : "forward", nlen, hlen, mml__twoway_compares,
                 mml__twoway_lookups);
  }
}

static void fill_random(uint8_t *p, int64_t n, int alphabet, uint64_t *rng) {
  for (int64_t i = 0; i < n; i++)
    p[i] =
        (uint8_t)(alphabet == 256 ? next_rand(rng) >> 56
                                  : 'a' + next_rand(rng) % (uint64_t)alphabet);
}

/* Haystacks of random bytes over ALPHABET at all 16 alignments; for each,
 * needles of length NLEN that match at the first and last possible offset
 * and in the middle, the middle one with its last byte changed, and a
 * random one. */
static void random_case(int alphabet, int64_t nlen, int64_t hlen,
                        uint64_t *rng) {
  uint8_t *buf = malloc((size_t)hlen + 16), *nd = malloc((size_t)nlen);
  ASSERT_NOT_NULL(buf);
  ASSERT_NOT_NULL(nd);
  for (int align = 0; align < 16; align++) {
    uint8_t *hay = buf + align;
    const int64_t mid = (int64_t)(next_rand(rng) % (uint64_t)(hlen - nlen + 1));
    fill_random(hay, hlen, alphabet, rng);
    ASSERT_EQ(check(hay, hlen, hay, nlen), 2); /* first possible offset */
    ASSERT_EQ(check(hay, hlen, hay + hlen - nlen, nlen), 2); /* last one */
    memcpy(nd, hay + mid, (size_t)nlen);
    ASSERT_EQ(check(hay, hlen, nd, nlen), 2);
    nd[nlen - 1] ^= 1; /* a near miss */
    check(hay, hlen, nd, nlen);
    fill_random(nd, nlen, alphabet, rng);
    check(hay, hlen, nd, nlen);
  }
  free(buf);
  free(nd);
}

/* Every needle length 1..300 over alphabets of 2, 3 and 256 bytes. */
TEST_IMPL(twoway_differential_random) {
  static const int alphabets[] = {2, 3, 256};
  uint64_t rng = 0x9E3779B97F4A7C15u;
  for (size_t a = 0; a < 3; a++)
    for (int64_t nlen = 1; nlen <= 300; nlen++)
      random_case(alphabets[a], nlen, nlen + 1 + (nlen * 7) % 97, &rng);
}

/* Large needles: 1000, 4096 and 10000 bytes. */
TEST_IMPL(twoway_differential_large) {
  static const int alphabets[] = {2, 3, 256};
  static const int64_t lens[] = {1000, 4096, 10000};
  uint64_t rng = 42;
  for (size_t a = 0; a < 3; a++)
    for (size_t l = 0; l < 3; l++)
      random_case(alphabets[a], lens[l], 2 * lens[l] + 77, &rng);
}

/* Needles longer than the haystack, equal to it, and the empty haystack. */
TEST_IMPL(twoway_short_haystacks) {
  static const uint8_t ab[] = "abaabaaab";
  ASSERT_EQ(mml__twoway_forward(ab, 0, ab, 1), -1);
  ASSERT_EQ(mml__twoway_reverse(ab, 0, ab, 1), -1);
  for (int64_t hlen = 0; hlen <= 9; hlen++) {
    for (int64_t nlen = 1; nlen <= 9; nlen++) {
      const int found = check(ab, hlen, ab, nlen);
      ASSERT_EQ(found, nlen <= hlen ? 2 : 0);
      check(ab, hlen, ab + 9 - nlen, nlen);
    }
  }
  ASSERT_EQ(mml__twoway_forward(ab, 9, ab, 9), 0);
  ASSERT_EQ(mml__twoway_reverse(ab, 9, ab, 9), 0);
  ASSERT_EQ(mml__twoway_forward(ab, 8, ab, 9), -1);
  ASSERT_EQ(mml__twoway_reverse(ab + 1, 8, ab, 9), -1);
}

/* ---- Adversarial inputs, with comparison counts -------------------------- */

#define ADV_HLEN 20000

/* a^n with needles a^(m-1)b and b a^(m-1); then with one b at the start, in
 * the middle and at the end of the haystack, so that each matches once. */
TEST_IMPL(twoway_adversarial_runs) {
  static const int64_t lens[] = {1,   2,    3,    4,    7,    8,   9,
                                 16,  31,   32,   33,   64,   255, 256,
                                 300, 1000, 2047, 4096, 10000};
  uint8_t *hay = malloc(ADV_HLEN), *nd = malloc(10000);
  ASSERT_NOT_NULL(hay);
  ASSERT_NOT_NULL(nd);
  for (size_t l = 0; l < sizeof lens / sizeof lens[0]; l++) {
    const int64_t m = lens[l];
    const int64_t spots[] = {0, ADV_HLEN / 2, ADV_HLEN - 1};
    for (int variant = 0; variant < 4; variant++) {
      memset(hay, 'a', ADV_HLEN);
      if (variant > 0)
        hay[spots[variant - 1]] = 'b';
      memset(nd, 'a', (size_t)m);
      nd[m - 1] = 'b';
      check_linear(hay, ADV_HLEN, nd, m);
      memset(nd, 'a', (size_t)m);
      nd[0] = 'b';
      check_linear(hay, ADV_HLEN, nd, m);
    }
  }
  free(hay);
  free(nd);
}

/* (ab)^n with needles (ab)^k, one byte flipped at various positions; and
 * the unflipped needle in a haystack with one defect. */
TEST_IMPL(twoway_adversarial_periodic) {
  uint8_t *hay = malloc(ADV_HLEN), *nd = malloc(4096);
  ASSERT_NOT_NULL(hay);
  ASSERT_NOT_NULL(nd);
  for (int64_t i = 0; i < ADV_HLEN; i++)
    hay[i] = (uint8_t) "ab"[i & 1];
  for (int64_t m = 2; m <= 4096; m = m < 64 ? m + 1 : m * 2) {
    const int64_t flips[] = {0, 1, m / 4, m / 2, m / 2 + 1, m - 2, m - 1};
    for (size_t f = 0; f < sizeof flips / sizeof flips[0]; f++) {
      for (int64_t i = 0; i < m; i++)
        nd[i] = (uint8_t) "ab"[i & 1];
      nd[flips[f]] ^= 'a' ^ 'b';
      check_linear(hay, ADV_HLEN, nd, m);
      check_linear(hay + 1, ADV_HLEN - 1, nd, m);
    }
  }
  /* Memory: blocks "b" + x[1, m) of x = (ab)^(m/2), whose critical
   * position is 1. In each block the right half matches and the left fails;
   * the window a period on already matches all but its last 2 bytes, and
   * the first of those fails. Each byte is compared about once; without
   * the memory the right half would be compared twice. */
  for (int64_t m = 4; m <= 4096; m *= 2) {
    const int64_t blocks = ADV_HLEN / m, n = blocks * m;
    for (int64_t i = 0; i < m; i++)
      nd[i] = (uint8_t) "ab"[i & 1];
    for (int64_t i = 0; i < n; i++)
      hay[i] = i % m == 0 ? 'b' : nd[i % m];
    ASSERT_EQ(check(hay, n, nd, m), 0);
    mml__twoway_compares = 0;
    ASSERT_EQ(mml__twoway_forward_counted(hay, n, nd, m), -1);
    ASSERT_LE(mml__twoway_compares, n + 2 * blocks + 16);
  }
  /* the unflipped needle against a haystack with one defect */
  for (int64_t m = 2; m <= 300; m += 7) {
    for (int64_t i = 0; i < m; i++)
      nd[i] = (uint8_t) "ab"[i & 1];
    hay[ADV_HLEN / 3] ^= 'a' ^ 'b';
    ASSERT_EQ(check(hay, ADV_HLEN, nd, m), 2);
    check_linear(hay, ADV_HLEN, nd, m);
    hay[ADV_HLEN / 3] ^= 'a' ^ 'b';
  }
  free(hay);
  free(nd);
}

/* Writes the first N bytes of the word abaabaaab... (a^k b for k = 1, 2,
 * ...) to P. */
static void ladder(uint8_t *p, int64_t n) {
  int64_t i = 0;
  for (int64_t k = 1; i < n; k++) {
    for (int64_t a = 0; a < k && i < n; a++)
      p[i++] = 'a';
    if (i < n)
      p[i++] = 'b';
  }
}

/* Writes the first N bytes of the Fibonacci word abaababaabaab... */
static void fibonacci(uint8_t *p, int64_t n) {
  /* s_1 = a, s_2 = ab, s_k = s_(k-1) s_(k-2): each is a prefix of the
   * next, so p grows by copying its own prefix. */
  int64_t len = 2, prev = 1;
  p[0] = 'a';
  if (n > 1)
    p[1] = 'b';
  while (len < n) {
    const int64_t add = prev < n - len ? prev : n - len;
    memcpy(p + len, p, (size_t)add);
    prev = len;
    len += add;
  }
}

/* Needles that are periodic with a long period, or whose critical
 * factorisations are uneven: the ladder abaabaaab... and Fibonacci words,
 * cut at many lengths, in haystacks made of the same word, of the word's
 * repetition, and of runs of a; and every needle equal to its haystack. */
TEST_IMPL(twoway_adversarial_words) {
  uint8_t *hay = malloc(ADV_HLEN), *w = malloc(ADV_HLEN);
  void (*const gens[])(uint8_t *, int64_t) = {ladder, fibonacci};
  ASSERT_NOT_NULL(hay);
  ASSERT_NOT_NULL(w);
  for (size_t g = 0; g < 2; g++) {
    gens[g](w, ADV_HLEN);
    for (int64_t m = 1; m <= 5000; m = m < 100 ? m + 1 : m * 3 / 2) {
      /* the word itself: its needles occur (in the ladder only early) */
      check_linear(w, ADV_HLEN, w, m);
      check_linear(w, ADV_HLEN, w + m / 3, m);
      /* the needle repeated, with the last byte changed each time: many
       * full right-half matches whose left half fails */
      for (int64_t i = 0; i < ADV_HLEN; i++)
        hay[i] = w[i % m];
      for (int64_t i = m - 1; i < ADV_HLEN; i += m)
        hay[i] ^= 'a' ^ 'b';
      check_linear(hay, ADV_HLEN, w, m);
      memset(hay, 'a', ADV_HLEN);
      check_linear(hay, ADV_HLEN, w, m);
      /* equal to the whole haystack */
      ASSERT_EQ(check(w, m, w, m), 2);
    }
  }
  free(hay);
  free(w);
}

/* ---- Guard pages -----------------------------------------------------------
 */

/* A region of PAGES read-write pages between two inaccessible pages;
 * returns the first read-write byte. */
static uint8_t *guarded(int64_t pages, int64_t ps) {
  (void)ps;
  return th_guarded_pages(pages);
}

/* Both directions against the naive search with the needle copied against
 * the end and against the start of its guarded region. */
static void guard_check(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                        int64_t nlen, uint8_t *nbuf, int64_t nsize) {
  memcpy(nbuf + nsize - nlen, nd, (size_t)nlen);
  check(hay, hlen, nbuf + nsize - nlen, nlen);
  memcpy(nbuf, nd, (size_t)nlen);
  check(hay, hlen, nbuf, nlen);
}

/* The haystack fills two pages between PROT_NONE pages (so its first and
 * last bytes touch a guard) and so do shorter haystacks at either edge;
 * needles lie against guards too. For every length 1..300: needles that
 * match at the first and last offsets, that almost match across an edge,
 * and that are absent, over random {a, b} data and over a run of a. A
 * load one byte outside faults. */
TEST_IMPL(twoway_guard_pages) {
  const int64_t ps = mml_pagesize(), hlen = 2 * ps;
  uint8_t *hay = guarded(2, ps), *nbuf = guarded(1, ps);
  uint8_t nd[300];
  uint64_t rng = 7;
  for (int data = 0; data < 2; data++) {
    if (data == 0)
      fill_random(hay, hlen, 2, &rng);
    else
      memset(hay, 'a', (size_t)hlen);
    for (int64_t nlen = 1; nlen <= 300; nlen++) {
      const int64_t sub = nlen + 5 + nlen % 29; /* shorter haystacks */
      const uint8_t *ends[] = {hay, hay + hlen - nlen};
      for (int e = 0; e < 2; e++) {
        memcpy(nd, ends[e], (size_t)nlen);
        guard_check(hay, hlen, nd, nlen, nbuf, ps); /* exact match */
        guard_check(hay, sub, nd, nlen, nbuf, ps);
        guard_check(hay + hlen - sub, sub, nd, nlen, nbuf, ps);
        nd[e ? 0 : nlen - 1] ^= 1; /* a miss on the byte past the edge */
        guard_check(hay, hlen, nd, nlen, nbuf, ps);
        guard_check(hay + hlen - sub, sub, nd, nlen, nbuf, ps);
        guard_check(hay, sub, nd, nlen, nbuf, ps);
      }
      memset(nd, 'a', (size_t)nlen); /* a^(m-1)b and b a^(m-1) */
      nd[nlen - 1] = 'b';
      guard_check(hay, hlen, nd, nlen, nbuf, ps);
      memset(nd, 'a', (size_t)nlen);
      nd[0] = 'b';
      guard_check(hay, hlen, nd, nlen, nbuf, ps);
      /* a^(m-2)ba and ab a^(m-2): v is 2 bytes (forward, resp. reverse),
       * so the 8-at-a-time pair filter runs to the last byte over a run
       * of a; 16 haystack lengths give it every remainder at the edge */
      for (int64_t k = 0; k < 16 && nlen >= 2; k++) {
        memset(nd, 'a', (size_t)nlen);
        nd[nlen - 2] = 'b';
        guard_check(hay + hlen - nlen - k, nlen + k, nd, nlen, nbuf, ps);
        guard_check(hay, nlen + k, nd, nlen, nbuf, ps);
        memset(nd, 'a', (size_t)nlen);
        nd[1] = 'b';
        guard_check(hay + hlen - nlen - k, nlen + k, nd, nlen, nbuf, ps);
        guard_check(hay, nlen + k, nd, nlen, nbuf, ps);
      }
    }
  }
  th_guarded_free(hay, 2);
  th_guarded_free(nbuf, 1);
}
