/* rp_rules.h - the anomaly rules of a report's findings: each checks rows
 * of the results by one stated rule and lists the rows it flags, with the
 * anchor of each row in the report's tables.
 *
 *   page modes  a page mode asked for that the machine could not give
 *               ("unavailable", or "not run": its probe fell back), or
 *               from which a benchmark's memory fell back;
 *   errors      a benchmark of which a repetition reported an error
 *               (other than a page-mode fallback, counted above);
 *   faults      faults per page of a first touch without preparation
 *               (prep "plain") off the expected one fault per mode page
 *               (1 per 4 KiB page; 1/512 in thp and huge2m, 1/262144 in
 *               huge1g) by more than RP_RULE_FAULT_TOLERANCE, where one
 *               fault maps one page: anonymous maps, and writes to private
 *               file maps (reads and shared writes of a file map fault in
 *               whole page-cache folios, so no count is expected);
 *   populate    the touch after MAP_POPULATE (prep "populate") not near
 *               zero: more than RP_RULE_POPULATE_NEAR of the ns per page
 *               of the same touch without it (prep "plain").
 */
#ifndef MMAPLAB_REPORTS_RP_RULES_H
#define MMAPLAB_REPORTS_RP_RULES_H

#include "rp_build.h"
#include "rp_pool.h"

/* faults: flagged when |measured / expected - 1| exceeds this. */
#define RP_RULE_FAULT_TOLERANCE 0.25
/* populate: near zero is at most this fraction of the plain touch. */
#define RP_RULE_POPULATE_NEAR 0.10

/* One flagged row. */
typedef struct rp_hit {
  char *label; /* the row, as the link's text */
  char *id;    /* the anchor of the row */
  char *note;  /* what is off: "0.0039 faults/page, expected 1" */
} rp_hit;

/* One rule's outcome. Zero-initialise; free with rp_rule_free. */
typedef struct rp_rule {
  const char *what;         /* "benchmark errors" */
  char rule[200];           /* the rule in a few words */
  const char *checked_what; /* "benchmarks", "fault rows" */
  const char *checked_one;  /* the same of one: "benchmark", "fault row" */
  const char *table;        /* the anchor of the table of the rows */
  size_t checked;           /* rows the rule applied to */
  rp_hit *hits;             /* the rows it flagged, in table order */
  size_t nhits;
  size_t cap; /* internal: room in hits */
} rp_rule;

/* The rules; each fills R from B's inputs (P: their pooled benchmarks)
 * and returns 0, or -1 when out of memory. */
int rp_rule_page_modes(const rp_build *b, rp_rule *r);
int rp_rule_errors(const rp_build *b, rp_rule *r);
int rp_rule_faults(const rp_pool *p, rp_rule *r);
int rp_rule_populate(const rp_pool *p, rp_rule *r);

/* Frees R's hits and zeroes it. */
void rp_rule_free(rp_rule *r);

/* The expected faults per 4 KiB page of a first touch in page mode MODE
 * (1, 1/512...), or 0 if MODE is unknown. */
double rp_rule_expected_faults(const char *mode);

#endif /* MMAPLAB_REPORTS_RP_RULES_H */
