/* conform_pagesize.h - goldens re-derived for another page size
 * (INTERPRETING.md 7.1): the reference runs each case with PAGESIZE and
 * ALLOCATIONGRANULARITY resolved as N, a multiple of its own page size,
 * and a record is kept as derivable only where nothing in the case can
 * see the reference's smaller page. */
#ifndef MML_CONFORM_PAGESIZE_H
#define MML_CONFORM_PAGESIZE_H

#include "conform_hello.h"

#include <jansson.h>

/* "<plain golden name>-pagesize-<N>"; free it. */
char *cf_pagesize_golden_name(const char *plain, long long n);

/* A copy of the reference's hello HELLO (its page size REAL) as the hello
 * of the golden derived for page size N: pagesize, allocationgranularity
 * and their constants are N, and "derived_pagesize" records REAL. */
json_t *cf_pagesize_hello(const json_t *hello, long long real, long long n);

/* Why the record of case KASE, run by a reference of page size REAL with
 * page sizes resolved as N (HELLO), cannot stand for a host of page size
 * N (malloc'd), or NULL when it can. RECORD is the reference's record. */
char *cf_pagesize_underivable(const json_t *kase, const cf_hello *hello,
                              const json_t *record, long long real,
                              long long n);

/* Rewrites RECORD of case KASE for a host of page size N: the results of
 * the ops that read mmap.PAGESIZE or mmap.ALLOCATIONGRANULARITY (const, and
 * those two entries of module_constants) are N. */
void cf_pagesize_fix_record(const json_t *kase, json_t *record, long long n);

/* Whether the golden records A and B hold the same behaviour (their sha
 * and any "not_derivable" aside). */
int cf_pagesize_same_behaviour(const json_t *a, const json_t *b);

#endif /* MML_CONFORM_PAGESIZE_H */
