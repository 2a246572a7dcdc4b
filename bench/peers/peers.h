/* peers.h - the comparator engines of the find and rfind families over
 * plain byte ranges: StringZilla's sz_find/sz_rfind and Rust memchr's
 * memmem::Finder/FinderRev, each present only where this build has it
 * (bench_peers_config.h: MMAPLAB_HAVE_STRINGZILLA, MMAPLAB_HAVE_RUST_MEMCHR),
 * and the text the run's context records about them. Every search returns
 * the lowest (find) or highest (rfind) index of NEEDLE[0, NLEN) in
 * HAY[0, HLEN), or -1; 1 <= NLEN <= HLEN. */
#ifndef MMAPLAB_BENCH_PEERS_PEERS_H
#define MMAPLAB_BENCH_PEERS_PEERS_H

#include <stdint.h>

#include "bench_peers_config.h"

#if MMAPLAB_HAVE_STRINGZILLA
/* StringZilla's sz_find and sz_rfind, through its run-time dispatch. */
int64_t bench_peer_sz_find(const uint8_t *hay, int64_t hlen,
                           const uint8_t *needle, int64_t nlen);
int64_t bench_peer_sz_rfind(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);

/* The backend sz_find and sz_rfind run on this CPU ("skylake", "haswell",
 * "westmere", "neon", "serial", ...), as StringZilla's dispatch picks it
 * from sz_capabilities(). */
const char *bench_peer_sz_backend(void);
#endif

#if MMAPLAB_HAVE_RUST_MEMCHR
/* Rust memchr's Finder (find) and FinderRev (rfind). The finder is built at
 * the first call for a needle and kept: later calls with the same NEEDLE
 * address and NLEN reuse it, as a Rust program holding a Finder would, so
 * a timed loop measures the search alone. bench_peer_forget_needle drops
 * it. */
int64_t bench_peer_rmemchr_find(const uint8_t *hay, int64_t hlen,
                                const uint8_t *needle, int64_t nlen);
int64_t bench_peer_rmemchr_rfind(const uint8_t *hay, int64_t hlen,
                                 const uint8_t *needle, int64_t nlen);

/* Frees the kept finders (bench_peer_forget_needle's work). */
void bench_peer_rmemchr_drop(void);
#endif

/* Drops the kept finders: call it whenever the bytes at a needle address
 * may have changed (a new needle), so no search runs with a stale one.
 * Only counts in a build without Rust memchr. */
void bench_peer_forget_needle(void);

/* How many times bench_peer_forget_needle ran (for tests). */
unsigned long bench_peer_forget_count(void);

/* The JSON text recorded as the run's context key mmaplab_search_peers: per
 * engine ("stringzilla", "rust-memchr", "ceiling") whether it is built, and
 * its version, backend and build flags, or the reason it is not (e.g.
 * "stringzilla: not built: headers not found under ..."). Malloc'd (free
 * it); NULL if out of memory. */
char *bench_peers_context(void);

#endif /* MMAPLAB_BENCH_PEERS_PEERS_H */
