/* test_search_wide.c - ranges long enough for the AVX-512 set's
 * half-width loop (4 MiB and more, search_kernel_avx512.c), with every set
 * this machine can run and the emulated AVX-512 set: matches near either
 * end, in the middle, at the last position and none, both directions,
 * against the reference. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "map.h"
#include "search_kernels.h"
#include "test.h"

TEST_IMPL(search_wide_ranges) {
  enum { HLEN = (4 << 20) + 777 };
  static const int64_t lens[] = {2, 16, 300};
  uint8_t *hay = malloc(HLEN), nd[300];
  uint64_t s = 21;
  ASSERT_NOT_NULL(hay);
  for (int64_t i = 0; i < HLEN; i++)
    hay[i] = (uint8_t)(1 + th_splitmix64(&s) % 255); /* never 0 */
  for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
    const int64_t nlen = lens[li];
    const int64_t ats[] = {-1,         5, 200, HLEN / 2 + 3, HLEN - nlen - 130,
                           HLEN - nlen};
    for (size_t a = 0; a < sizeof ats / sizeof ats[0]; a++) {
      for (int64_t k = 0; k < nlen; k++)
        nd[k] = (uint8_t)(k % 7 == 0 ? 0 : 1 + th_splitmix64(&s) % 255);
      if (ats[a] >= 0)
        memcpy(hay + ats[a], nd, (size_t)nlen);
      for (int rev = 0; rev < 2; rev++) {
        const int64_t want = th_naive_search(hay, HLEN, nd, nlen, rev);
        ASSERT_EQ(want, ats[a]); /* the needle holds 0: only there */
        for (size_t isa = 0; th_use_search_set(isa); isa++) {
          const int64_t got = rev ? mml__search_reverse(hay, HLEN, nd, nlen)
                                  : mml__search_forward(hay, HLEN, nd, nlen);
          if (got != want)
            TEST_FAIL_("%s %s: needle %lld at %lld: got %lld", mml_search_isa(),
                       rev ? "reverse" : "forward", (long long)nlen,
                       (long long)want, (long long)got);
        }
      }
      if (ats[a] >= 0) /* undo: the bytes are nonzero again */
        for (int64_t k = 0; k < nlen; k++)
          hay[ats[a] + k] = (uint8_t)(1 + th_splitmix64(&s) % 255);
    }
  }
  th_reset_search_set();
  free(hay);
}
