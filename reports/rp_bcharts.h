/* rp_bcharts.h - the report's benchmark charts, one function per family;
 * each draws what the pool holds and notes in the build what it skipped. */
#ifndef MMAPLAB_REPORTS_RP_BCHARTS_H
#define MMAPLAB_REPORTS_RP_BCHARTS_H

#include "rp_build.h"
#include "rp_pool.h"

/* find or rfind (FAMILY): per data kind, GB/s against needle length at the
 * largest haystack, and against haystack size at one needle length (16 if
 * measured, else the longest); lines per implementation; needle-absent
 * ("miss") cases and 4k pages where measured. 0, or -1 with B->err. */
int rp_charts_search(rp_build *b, const rp_pool *p, const char *family);

/* move: per kind, GB/s against size, a line per implementation (core,
 * glibc memmove, cpython); 4k pages where measured. */
int rp_charts_move(rp_build *b, const rp_pool *p);

/* fault: per page mode, ns per page and faults per page per mapping kind
 * and access (groups) and preparation (bars). */
int rp_charts_fault(rp_build *b, const rp_pool *p);

/* granularity: ns per GiB scanned against window size, a line per
 * implementation and alignment (core align:N, pread). */
int rp_charts_granularity(rp_build *b, const rp_pool *p);

/* Copies S into BUF with every character but [A-Za-z0-9.-] made '-': a
 * safe file stem. */
void rp_stem(char *buf, size_t len, const char *s);

#endif /* MMAPLAB_REPORTS_RP_BCHARTS_H */
