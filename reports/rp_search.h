/* rp_search.h - the report's section "Search against the fastest engines":
 * the core's find and rfind against the best peer engine, cell by cell of
 * the search grid (mmaplab-bench --search), with the cells below issue
 * 17's targets listed. */
#ifndef MMAPLAB_REPORTS_RP_SEARCH_H
#define MMAPLAB_REPORTS_RP_SEARCH_H

#include "rp_build.h"
#include "rp_pool.h"

/* The target ratios: core / best peer in every cell, core / read ceiling
 * at 64 MiB on random, text and periodic data, ns per call at 64 bytes on
 * random data. */
#define RP_SEARCH_PEER_TARGET 0.95
#define RP_SEARCH_CEILING_TARGET 0.85
#define RP_SEARCH_NS_TARGET 15.0

/* 1 if IMPL is one of the engines a best peer is chosen from: glibc,
 * stringzilla, rust-memchr, cpython, pypy. */
int rp_search_is_peer(const char *impl);

/* The GB/s of the best peer of FAMILY's case KASE (the name without family
 * and implementation: "random/miss/page:4k/hay:64/needle:16"): the fastest
 * of glibc, stringzilla, rust-memchr, cpython and pypy with a row in P;
 * NAN if none has one. *WHICH (if WHICH is not NULL) gets its name, NULL
 * if none. */
double rp_search_best_peer(const rp_pool *p, const char *family,
                           const char *kase, const char **which);

/* 1 if KASE (as above) has a haystack under 4096 bytes, the cells whose
 * tables show ns per call. */
int rp_search_small_hay(const char *kase);

/* The ns per call of B: its counter ns_per_call, else its real time per
 * iteration (one call per iteration in find and rfind). */
double rp_search_ns_per_call(const rs_bench *b);

/* Writes the section when P holds find or rfind rows of a peer (above)
 * with the needle absent in page mode 4k: per family, core / best peer on
 * a grid of data x needle rows and haystack columns, the cells below
 * RP_SEARCH_PEER_TARGET listed; where rows of the impl "ceiling" exist,
 * core / ceiling of the 64 MiB cells and those below
 * RP_SEARCH_CEILING_TARGET on random, text and periodic data listed; and
 * the ns per call at 64 bytes on random data against
 * RP_SEARCH_NS_TARGET. Nothing otherwise. 0 or -1 (out of memory). */
int rp_search_section(rp_build *b, const rp_pool *p);

#endif /* MMAPLAB_REPORTS_RP_SEARCH_H */
