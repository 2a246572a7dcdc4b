/* rp_tables.h - the report's tables of benchmark medians, one per family,
 * written to summary.md and index.html. */
#ifndef MMAPLAB_REPORTS_RP_TABLES_H
#define MMAPLAB_REPORTS_RP_TABLES_H

#include "rp_build.h"
#include "rp_pool.h"

/* The families in report order: find, rfind, move, fault, filemap,
 * granularity, open, then any other family of P in name order, into OUT.
 * 0 or -1. */
int rp_families(const rp_pool *p, rp_strs *out);

/* 1 if FAMILY's table is a pivot table (find, rfind, move, open: a
 * column per implementation and the ratios to core). */
int rp_is_pivot(const char *family);

/* The value a pivot table shows for B of FAMILY: us per open+close for
 * open, else GB/s (NAN if unknown). */
double rp_pivot_value(const char *family, const rs_bench *b);

/* Writes FAMILY's table of medians from P into B's document:
 * - find, rfind, move, open: one row per case (the name without the
 *   implementation), one column per implementation (GB/s; open: us per
 *   open+close), and the ratios core/glibc and core/cpython; find and
 *   rfind also core/best peer (rp_search_best_peer) where a peer has rows,
 *   core/ceiling where the impl "ceiling" has rows, and the core's ns per
 *   call of the haystacks under 4 KiB ("core ns/call");
 * - fault: ns per page, faults per page (minor, major), prep ns per page;
 * - filemap: ns and faults (all, major) per page, pages per fault, pages
 *   made resident per fault, the fraction resident before the touch;
 * - granularity: ns per GiB scanned, GB/s, maps;
 * - others: median time and GB/s.
 * Each row has the anchor rp_doc_id("r-FAMILY", its first cell).
 * Returns 0 or -1 (out of memory). */
int rp_table_family(rp_build *b, const rp_pool *p, const char *family);

/* The hyperfine results among B's inputs as one table (command, median,
 * mean, runs); nothing if there are none. */
void rp_table_hyperfine(rp_build *b);

#endif /* MMAPLAB_REPORTS_RP_TABLES_H */
