/* rp_aligned.h - several machines' benchmarks aligned by name: the tables
 * and charts of mmaplab compare. */
#ifndef MMAPLAB_REPORTS_RP_ALIGNED_H
#define MMAPLAB_REPORTS_RP_ALIGNED_H

#include "rp_build.h"
#include "rp_pool.h"

/* One machine: the files whose fingerprints agree on the key fields. */
typedef struct rp_machine {
  char label[160];      /* "M1 (vm, Linux 6.18.44, THP madvise)" */
  char long_label[256]; /* rs_result_machine of its first file */
  const rs_result *fp;  /* its first file (holds the fingerprint) */
  rp_pool pool;         /* its benchmarks */
  rp_strs files;        /* its files' paths */
  const rs_result **hf; /* its hyperfine files */
  size_t nhf;
} rp_machine;

/* Writes FAMILY's table: one row per benchmark name found on any of the N
 * machines M, per metric the median on each machine and each machine's
 * ratio to the first (fault: ns/page and faults/page; granularity: ns/GiB;
 * find, rfind, move: GB/s; others: ns). 0 or -1 (out of memory). */
int rp_aligned_table(rp_build *b, const rp_machine *m, size_t n,
                     const char *family);

/* The hyperfine commands of the N machines M aligned by command: median
 * ms per machine and the ratio to M1; nothing if none has hyperfine
 * results. 0 or -1 (out of memory). */
int rp_aligned_hyperfine(rp_build *b, const rp_machine *m, size_t n);

/* The comparison charts, one series per machine: fault ns/page and
 * faults/page per kind, access and preparation for each page mode; find
 * (core) GB/s against needle length at the largest haystack; move (core)
 * GB/s against size; core find/rfind/move GB/s of the cases M1 measured in
 * several page modes. 0, or -1 with B->err. */
int rp_aligned_charts(rp_build *b, const rp_machine *m, size_t n);

#endif /* MMAPLAB_REPORTS_RP_ALIGNED_H */
