/* search_short.h - find and rfind in short haystacks without set-up
 * (search_short.c); search_engine.c tries it first. */
#ifndef MML_SEARCH_SHORT_H
#define MML_SEARCH_SHORT_H

#include <stdint.h>

/* Haystacks up to this many bytes take the short path: past it the
 * engine's ranked pair and adaptive budget pay for their set-up. Measured
 * on AMD Zen 5 (avx512 set), needles cut from the haystack with a middle
 * byte changed, 16 and 256 bytes: on the text data (first and last bytes
 * common) the short path took 84-194 ns at 1-2 KiB against the engine's
 * 165-256, and 335-696 ns at 4 KiB against 229-232; on random data it is
 * faster at every size. */
#define MML_SHORT_MAX 2048

/* The first (REVERSE: last) match of NEEDLE (2 <= nlen <= hlen) in HAY,
 * filtered on the needle's first and last bytes. Returns 1 with *AT the
 * answer (-1 for none), or 0 when candidates came too often: then *AT is
 * where the engine goes on, the lowest (REVERSE: one past the highest)
 * candidate position not yet ruled out. Reads only [hay, hay + hlen). */
int mml__short_search(const uint8_t *hay, int64_t hlen, const uint8_t *needle,
                      int64_t nlen, int reverse, int64_t *at);

/* Tests: how many times the calling thread's short searches handed over
 * to the engine (a count-based fact about the verify cap). */
int64_t mml__short_handovers(void);

#endif /* MML_SEARCH_SHORT_H */
