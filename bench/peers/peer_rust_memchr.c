/* peer_rust_memchr.c - Rust memchr's Finder and FinderRev (see peers.h),
 * through the extern "C" functions of bench/peers/rust_memchr. What is
 * measured: one finder per needle, built at the first call and reused by
 * every later iteration (the measurement held its Finder the same
 * way); the build is inside the first timed iteration of a run, which
 * Google Benchmark's many iterations amortize. */
#include <stddef.h>

#include "peers.h"

/* bench/peers/rust_memchr/src/lib.rs */
void *mmaplab_rmemchr_finder_new(const uint8_t *needle, size_t len);
int64_t mmaplab_rmemchr_finder_find(const void *f, const uint8_t *hay,
                                    size_t len);
void mmaplab_rmemchr_finder_free(void *f);
void *mmaplab_rmemchr_finder_rev_new(const uint8_t *needle, size_t len);
int64_t mmaplab_rmemchr_finder_rev_rfind(const void *f, const uint8_t *hay,
                                         size_t len);
void mmaplab_rmemchr_finder_rev_free(void *f);

/* A kept finder and the needle (address, length) it was built for. */
typedef struct kept {
  const uint8_t *needle;
  int64_t nlen;
  void *finder;
} kept;

static kept fwd, rev;

void bench_peer_rmemchr_drop(void) {
  mmaplab_rmemchr_finder_free(fwd.finder);
  mmaplab_rmemchr_finder_rev_free(rev.finder);
  fwd = (kept){NULL, 0, NULL};
  rev = (kept){NULL, 0, NULL};
}

int64_t bench_peer_rmemchr_find(const uint8_t *hay, int64_t hlen,
                                const uint8_t *needle, int64_t nlen) {
  if (fwd.finder == NULL || fwd.needle != needle || fwd.nlen != nlen) {
    mmaplab_rmemchr_finder_free(fwd.finder);
    fwd.finder = mmaplab_rmemchr_finder_new(needle, (size_t)nlen);
    fwd.needle = needle, fwd.nlen = nlen;
  }
  return mmaplab_rmemchr_finder_find(fwd.finder, hay, (size_t)hlen);
}

int64_t bench_peer_rmemchr_rfind(const uint8_t *hay, int64_t hlen,
                                 const uint8_t *needle, int64_t nlen) {
  if (rev.finder == NULL || rev.needle != needle || rev.nlen != nlen) {
    mmaplab_rmemchr_finder_rev_free(rev.finder);
    rev.finder = mmaplab_rmemchr_finder_rev_new(needle, (size_t)nlen);
    rev.needle = needle, rev.nlen = nlen;
  }
  return mmaplab_rmemchr_finder_rev_rfind(rev.finder, hay, (size_t)hlen);
}
