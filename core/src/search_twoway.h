/* search_twoway.h - the linear-time fallback of find and rfind. */
#ifndef MML_SEARCH_TWOWAY_H
#define MML_SEARCH_TWOWAY_H

#include <stdint.h>

/* The first match of NEEDLE (nlen >= 1) in hay[0, hlen), or -1. */
int64_t mml__twoway_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);
/* The last match (highest start offset) of NEEDLE in hay[0, hlen), or -1. */
int64_t mml__twoway_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);

#endif
