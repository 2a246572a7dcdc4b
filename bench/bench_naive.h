/* bench_naive.h - the naive reference searches: a byte-by-byte window
 * compare at every position, O(hay * needle) in the worst case, with no
 * library call, so the core and libc can be measured against the obvious
 * loop. */
#ifndef MMAPLAB_BENCH_NAIVE_H
#define MMAPLAB_BENCH_NAIVE_H

#include <stdint.h>

/* The lowest i with HAY[i, i + NLEN) == NEEDLE, or -1 (NLEN >= 1). */
int64_t bench_naive_find(const uint8_t *hay, int64_t hlen,
                         const uint8_t *needle, int64_t nlen);

/* The highest such i, or -1 (NLEN >= 1). */
int64_t bench_naive_rfind(const uint8_t *hay, int64_t hlen,
                          const uint8_t *needle, int64_t nlen);

#endif /* MMAPLAB_BENCH_NAIVE_H */
