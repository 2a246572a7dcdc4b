/* search_kernels.h - the pieces of find/rfind that come in one version per
 * instruction set: a candidate filter on two needle bytes, forward and
 * reverse, and a first-mismatch compare. search_engine.c drives them;
 * search_dispatch.c picks the best set the CPU has. */
#ifndef MML_SEARCH_KERNELS_H
#define MML_SEARCH_KERNELS_H

#include <stdatomic.h>
#include <stdint.h>

/* The most needle bytes a filter checks (search_engine.c widens the
 * filter from 2 to 4 to 8 to 16 where the haystack's alphabet is small;
 * search_pair.c starts a needle of a small alphabet at 8 to 16). */
#define MML_PAIR_MAX 16

/* The N needle bytes (2 to MML_PAIR_MAX) that every match must have: a
 * position p is a candidate when hay[p + off[t]] == byte[t] for every
 * t < n. The offsets differ and lie in [0, nlen). byte[0] is the one
 * expected to be rarer: the portable filter scans for it with memchr. */
typedef struct mml__pair {
  int64_t off[MML_PAIR_MAX];
  uint8_t byte[MML_PAIR_MAX];
  int n;
} mml__pair;

/* One instruction set's kernels.
 *
 * next(hay, from, limit, pair): the lowest candidate p in [from, limit), or
 * LIMIT if there is none. prev(hay, lo, to, pair): the highest candidate p
 * in [lo, to), or LO - 1. Both read only hay[p + off] for candidate
 * positions p of their range, so with limit = hlen - nlen + 1 every load
 * stays inside [hay, hay + hlen).
 *
 * mismatch(a, b, n): the first i < n with a[i] != b[i], or n; reads only
 * a[0, n) and b[0, n).
 *
 * tiny(hay, hlen, needle, nlen, reverse): NULL in sets without one; else
 * the first (REVERSE: last) match of NEEDLE in HAY, or -1, for
 * 2 <= nlen <= MML_TINY_NEEDLE and at most MML_TINY_POSITIONS candidate
 * positions (hlen - nlen + 1): the whole search in a few registers, for
 * calls where any set-up would cost more than the scan. Constant work
 * (at most MML_TINY_POSITIONS candidates, one vector compare each); reads
 * only [hay, hay + hlen) and [needle, needle + nlen). */
enum { MML_TINY_NEEDLE = 64, MML_TINY_POSITIONS = 64 };
typedef struct mml__search_kernels {
  const char *name; /* "avx512", "avx2", "sse2", "portable" */
  int64_t (*next)(const uint8_t *hay, int64_t from, int64_t limit,
                  const mml__pair *pair);
  int64_t (*prev)(const uint8_t *hay, int64_t lo, int64_t to,
                  const mml__pair *pair);
  int64_t (*mismatch)(const uint8_t *a, const uint8_t *b, int64_t n);
  int64_t (*tiny)(const uint8_t *hay, int64_t hlen, const uint8_t *needle,
                  int64_t nlen, int reverse);
} mml__search_kernels;

/* The sets, each defined in its own file; the x86 ones only on x86-64. */
extern const mml__search_kernels mml__kernels_portable;
#if defined(__x86_64__)
extern const mml__search_kernels mml__kernels_sse2;
extern const mml__search_kernels mml__kernels_avx2;
extern const mml__search_kernels mml__kernels_avx512;
#endif

/* The set in use (search_dispatch.c), NULL until the first use chooses it
 * (mml__search_kernels_choose: a calibration, or MMAPLAB_SEARCH_ISA /
 * mml_search_set_isa). Inline: a short search is a few nanoseconds, and a
 * call per search showed in its profile. Hidden: a load without the GOT
 * in the shared library. */
#if defined(__GNUC__) && defined(__ELF__) /* an ELF notion */
__attribute__((visibility("hidden")))
#endif
extern _Atomic(const mml__search_kernels *) mml__search_current;

const mml__search_kernels *mml__search_kernels_choose(void);

static inline const mml__search_kernels *mml__search_kernels_get(void) {
  const mml__search_kernels *k =
      atomic_load_explicit(&mml__search_current, memory_order_relaxed);
  return k != NULL ? k : mml__search_kernels_choose();
}

/* Tests: makes the engine use K, which need not be one of the sets above
 * (the emulated AVX-512 set of core/test). */
void mml__search_kernels_set(const mml__search_kernels *k);

/* Plain C versions, shared by the sets for short ranges and tails
 * (search_kernel_portable.c): next and prev one position at a time, and a
 * first mismatch 8 bytes at a time. Same contracts as above. */
int64_t mml__scalar_next(const uint8_t *hay, int64_t from, int64_t limit,
                         const mml__pair *pair);
int64_t mml__scalar_prev(const uint8_t *hay, int64_t lo, int64_t to,
                         const mml__pair *pair);
int64_t mml__mismatch_words(const uint8_t *a, const uint8_t *b, int64_t n);

/* Choosing the pair (search_pair.c): the needle's two rarest bytes at
 * distinct offsets, rarest first, by a fixed byte-frequency ranking. */
void mml__pair_choose(mml__pair *pair, const uint8_t *needle, int64_t nlen);

/* Replaces the pair's byte in SLOT (< n) with needle[off], a position
 * where a false candidate differed from the needle, unless OFF is already
 * in the pair. */
void mml__pair_adapt(mml__pair *pair, const uint8_t *needle, int64_t off,
                     int slot);

/* Doubles the number of bytes checked (up to MML_PAIR_MAX and NLEN):
 * needle[off] first (where a false candidate differed), then positions
 * spread over the needle. Returns 0, or -1 if the pair cannot grow. */
int mml__pair_widen(mml__pair *pair, const uint8_t *needle, int64_t nlen,
                    int64_t off);

/* What the calling thread's last filtered search (needle of 2 bytes or
 * more) did, for tests: count-based facts about the work, where timing
 * would be noise. */
typedef struct mml__search_counts {
  int64_t scanned;      /* candidate positions passed over by the kernels */
  int64_t candidates;   /* candidates verified (true and false) */
  int64_t verify_bytes; /* needle bytes those verifies compared */
  int64_t adapts;       /* pair bytes re-chosen */
  int64_t widens;       /* times the filter grew (2 -> 4 -> 8 -> 16 bytes) */
  int64_t handed_over;  /* 1 if Two-Way finished the search */
} mml__search_counts;

void mml__search_counts_last(mml__search_counts *out);

#endif /* MML_SEARCH_KERNELS_H */
