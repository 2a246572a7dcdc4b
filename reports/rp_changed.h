/* rp_changed.h - the rows that changed between machines, for mmaplab
 * compare: what a reader comparing two configurations of one machine
 * (THP never against always, ext4 against xfs) looks at right after the
 * fingerprint fields that differ.
 *
 * A row changed on machine Mi (i > 1) against M1 when
 *   - a count counter (faults per page, major and minor faults per page,
 *     pages per fault, pages made resident per fault, prep faults per page,
 *     the fraction backed by the page mode) differs by more than
 *     max(RP_CHANGED_COUNT_REL * |M1|, RP_CHANGED_COUNT_ABS): the tolerance
 *     mmaplab gate gives counts by default, so a row listed here is one the
 *     gate would call changed;
 *   - its median time per iteration differs by a factor of
 *     RP_CHANGED_TIME_FACTOR or more either way (one run's medians are
 *     noisy: the factor keeps only changes no noise makes);
 *   - it was measured on one machine and not the other (an error entry or a
 *     row the other run did not register).
 */
#ifndef MMAPLAB_REPORTS_RP_CHANGED_H
#define MMAPLAB_REPORTS_RP_CHANGED_H

#include "rp_aligned.h"
#include "rp_build.h"

#define RP_CHANGED_COUNT_REL 0.02
#define RP_CHANGED_COUNT_ABS 0.001
#define RP_CHANGED_TIME_FACTOR 1.5

/* Writes the section "Rows that changed" (anchor "changed") of the N
 * machines M: one table per machine after the first, one line per changed
 * metric of a row (row, metric, M1, Mi, Mi/M1), counts first; or a
 * sentence saying that nothing changed and how many rows were compared.
 * Returns the number of changed rows, or -1 when out of memory. */
long rp_changed_section(rp_build *b, const rp_machine *m, size_t n);

#endif /* MMAPLAB_REPORTS_RP_CHANGED_H */
