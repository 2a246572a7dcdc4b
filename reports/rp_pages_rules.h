/* rp_pages_rules.h - internal to the page-behaviour profile (rp_pages.h):
 * how its rules build sentences, and the rules themselves, by the rows
 * they read: fault rows (rp_pages_fault.c), filemap rows (rp_pages.c) and
 * error entries (rp_pages.c). */
#ifndef MMAPLAB_REPORTS_RP_PAGES_RULES_H
#define MMAPLAB_REPORTS_RP_PAGES_RULES_H

#include "rp_pages.h"
#include "ut_str.h"

/* A new sentence of RULE at the end of PG, its text still NULL. */
rp_pages_line *rp_pages_line_new(rp_pages *pg, const char *rule, int anomaly);

/* Ends L's sentence: takes S's text (S is emptied). */
void rp_pages_line_end(rp_pages_line *l, ut_str *s);

/* Adds benchmark B to L's rows, with the values of its counters KEYS
 * (NULL-terminated; those B lacks are left out). */
rp_pages_row *rp_pages_row_add(rp_pages_line *l, const rs_bench *b,
                               const char *const *keys);

/* Names a rule that found no rows: WHAT ("cold-read (no ... rows)"). */
void rp_pages_not_measured(rp_pages *pg, const char *what);

/* "16 pages (64 KiB)", "1 page (4 KiB)", "132 pages (528 KiB)": PAGES 4 KiB
 * pages (rounded when within 5% of a whole number) into BUF. */
void rp_pages_fmt_pages(char *buf, size_t len, double pages);

/* A/B with 3 significant digits ("66.6", "187") into BUF; "-" if either
 * is NAN or B is 0. */
void rp_pages_fmt_times(char *buf, size_t len, double a, double b);

/* The rules on fault rows: first-write, default-page, populate,
 * lazy-backing and default-vs-setting. */
void rp_pages_fault_rules(rp_pages *pg, const rp_pool *p);

#endif /* MMAPLAB_REPORTS_RP_PAGES_RULES_H */
