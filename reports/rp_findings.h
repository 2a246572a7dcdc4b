/* rp_findings.h - the "Findings" section that opens a report: what a
 * reader needs in ten seconds, each line computed from the inputs by a
 * rule and linked to the table (or row) it comes from:
 *   - per conformance host, its verdict: the counts, and each failed case
 *     (the first RP_FINDINGS_SHOWN, then how many more);
 *   - per benchmark family measured beside glibc or CPython (find, rfind,
 *     move, open), the median over the family's rows of the ratios
 *     core/glibc and core/cpython, with their range;
 *   - the anomalies of each rule of rp_rules.h, or, for the rules that
 *     flag nothing, one line saying how many rows they checked.
 */
#ifndef MMAPLAB_REPORTS_RP_FINDINGS_H
#define MMAPLAB_REPORTS_RP_FINDINGS_H

#include "rp_build.h"
#include "rp_pool.h"

/* Flagged rows or failed cases named in one line; the rest are counted
 * and linked to their table. */
#define RP_FINDINGS_SHOWN 3

/* Writes the Findings section (anchor "findings") of B's inputs, P their
 * pooled benchmarks, and records in B->linked the rows it links to (so
 * that the tables written after it anchor them in summary.md too). Call
 * it first, before any table. 0, or -1 when out of memory. */
int rp_findings_section(rp_build *b, const rp_pool *p);

#endif /* MMAPLAB_REPORTS_RP_FINDINGS_H */
