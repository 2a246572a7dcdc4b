/* bench_peers.h - the comparator rows of the find and rfind families
 * (impls stringzilla, rust-memchr, ceiling) as bench_search_fn, over the
 * engines of peers/peers.h: StringZilla and Rust memchr exist only where
 * this build has them (MMAPLAB_HAVE_STRINGZILLA, MMAPLAB_HAVE_RUST_MEMCHR);
 * the ceiling always. */
#ifndef MMAPLAB_BENCH_PEERS_H
#define MMAPLAB_BENCH_PEERS_H

#include "bench_families.h"
#include "peers.h"

#if MMAPLAB_HAVE_STRINGZILLA
int64_t bench_peers_sz_find(const bd_mapping *m, int64_t hay,
                            const uint8_t *needle, int64_t nlen);
int64_t bench_peers_sz_rfind(const bd_mapping *m, int64_t hay,
                             const uint8_t *needle, int64_t nlen);
#endif

#if MMAPLAB_HAVE_RUST_MEMCHR
int64_t bench_peers_rmemchr_find(const bd_mapping *m, int64_t hay,
                                 const uint8_t *needle, int64_t nlen);
int64_t bench_peers_rmemchr_rfind(const bd_mapping *m, int64_t hay,
                                  const uint8_t *needle, int64_t nlen);
#endif

/* The byte the ceiling rows look for: 0x00, which no body of
 * bench/python/DATA.md holds (random maps 0x00 to 0x01; text is printable
 * ASCII; periodic, periodic-ab, dna and binary are letters). It is the
 * sentinel S of several kinds, so an "end" haystack may hold it: the
 * ceiling runs on needle-absent ("miss") haystacks only. */
#define BENCH_CEILING_BYTE 0x00

/* The one-core read ceiling of a scan: glibc's memchr (find) or memrchr
 * (rfind) of BENCH_CEILING_BYTE over M->data[0, HAY), the bytes the other
 * rows search; the needle is ignored. -1 on a miss haystack (checked like
 * every row's result), else the byte's index. */
int64_t bench_peers_ceiling_find(const bd_mapping *m, int64_t hay,
                                 const uint8_t *needle, int64_t nlen);
int64_t bench_peers_ceiling_rfind(const bd_mapping *m, int64_t hay,
                                  const uint8_t *needle, int64_t nlen);

/* Records peers.h's context text as the run's mmaplab_search_peers. */
void bench_peers_add_context(void);

#endif /* MMAPLAB_BENCH_PEERS_H */
