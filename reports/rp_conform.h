/* rp_conform.h - conformance reports (mmaplab-conform's report.json) in a
 * report: counts per host, and the matrix of areas x (host, grade, level)
 * as a table and a heatmap chart. */
#ifndef MMAPLAB_REPORTS_RP_CONFORM_H
#define MMAPLAB_REPORTS_RP_CONFORM_H

#include "rp_build.h"

/* The host's name of the conformance report R: its hello's "host" field,
 * else the file name. Valid while R is. */
const char *rp_conform_host(const rs_result *r);

/* The anchors of the conformance section: the counts row of R's host,
 * and the failures row of its case CASE_ID (rp_doc_id). */
void rp_conform_host_id(char *buf, size_t len, const rs_result *r);
void rp_conform_case_id(char *buf, size_t len, const rs_result *r,
                        const char *case_id);

/* Writes the conformance section for the conformance inputs of B (nothing
 * if there are none; the chart is noted as skipped). MACHINE goes in the
 * chart's title. A case's column is its host and grade, with the level for
 * "fail" and "expected" ("pypy: expected message"). The cases graded
 * "fail" are listed in a table of their own. Returns 0, or -1 with
 * B->err. */
int rp_conform_section(rp_build *b, const char *machine);

#endif /* MMAPLAB_REPORTS_RP_CONFORM_H */
