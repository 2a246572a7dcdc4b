/* rp_conform.h - conformance reports (mmaplab-conform's report.json) in a
 * report: counts per host, and the matrix of areas x (host, grade, level)
 * as a table and a heatmap chart. */
#ifndef MMAPLAB_REPORTS_RP_CONFORM_H
#define MMAPLAB_REPORTS_RP_CONFORM_H

#include "rp_build.h"

/* Writes the conformance section for the conformance inputs of B (nothing
 * if there are none; the chart is noted as skipped). MACHINE goes in the
 * chart's title. A case's column is its host and grade, with the level for
 * "fail" and "expected" ("pypy: expected message"). Returns 0, or -1 with
 * B->err. */
int rp_conform_section(rp_build *b, const char *machine);

#endif /* MMAPLAB_REPORTS_RP_CONFORM_H */
