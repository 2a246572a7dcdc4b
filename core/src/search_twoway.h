/* search_twoway.h - Crochemore-Perrin Two-Way substring search, forward
 * and reverse: linear time in the worst case, O(1) extra space, no
 * allocation, and no load outside [hay, hay + hlen) or
 * [needle, needle + nlen). The core's search hands over to it when its
 * candidate filters stop paying. */
#ifndef MML_SEARCH_TWOWAY_H
#define MML_SEARCH_TWOWAY_H

#include <stdint.h>

#if defined(MML_TWOWAY_COUNT)
/* Test builds only (core/test compiles search_twoway.c a second time with
 * MML_TWOWAY_COUNT): the instrumented copy has its own names and adds up
 * the byte comparisons of haystack against needle (one per position a
 * byte filter passes over) and the lookups of the Horspool table. The
 * library never defines the macro. */
#define mml__twoway_forward mml__twoway_forward_counted
#define mml__twoway_reverse mml__twoway_reverse_counted
extern int64_t mml__twoway_compares;
extern int64_t mml__twoway_lookups;
#endif

/* The first match of NEEDLE (nlen >= 1) in hay[0, hlen), or -1. hlen >= 0,
 * any relation to nlen. */
int64_t mml__twoway_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);

/* The last match (highest start offset) of NEEDLE (nlen >= 1) in
 * hay[0, hlen), or -1. */
int64_t mml__twoway_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);

#endif /* MML_SEARCH_TWOWAY_H */
