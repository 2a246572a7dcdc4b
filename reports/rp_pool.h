/* rp_pool.h - the benchmarks of one or more Google Benchmark result files
 * pooled by name (a C run and a CPython run of one machine), and the
 * metrics the report and compare show for them. */
#ifndef MMAPLAB_REPORTS_RP_POOL_H
#define MMAPLAB_REPORTS_RP_POOL_H

#include "results.h"
#include "rp_util.h"

typedef struct rp_entry {
  const rs_bench *b;  /* borrowed from r */
  const rs_result *r; /* the file it came from */
} rp_entry;

/* Zero-initialise; the entries borrow from results that must outlive the
 * pool. Names are found through a hash index (a jansson object). */
typedef struct rp_pool {
  rp_entry *e;
  size_t n;
  size_t cap;           /* internal: room in e (it doubles) */
  struct json_t *index; /* internal: name -> position in e */
} rp_pool;

/* Adds R's benchmarks (R must be a Google Benchmark file) that have at
 * least one sample; a name already in P keeps its first file. 0, or -1
 * when out of memory. */
int rp_pool_add(rp_pool *p, const rs_result *r);

/* The entry named NAME, or NULL. */
const rp_entry *rp_pool_get(const rp_pool *p, const char *name);

/* Frees P's array and index. */
void rp_pool_free(rp_pool *p);

/* The sorted distinct values of part I of the names of family FAMILY in P
 * (i = 1: implementations, 2: data kinds...) into OUT. 0 or -1. */
int rp_pool_parts(const rp_pool *p, const char *family, size_t i, rp_strs *out);

/* The machine label (rs_result_machine) of the first file in P with a
 * fingerprint that holds a benchmark of FAMILY (NULL: any), else of the
 * first file, into BUF. */
void rp_pool_machine(const rp_pool *p, const char *family, char *buf,
                     size_t len);

/* The median throughput of B in GB/s (1e9 bytes/s); NAN if none. */
double rp_gbps(const rs_bench *b);

/* The median real time of B per iteration, ns. */
double rp_time_ns(const rs_bench *b);

/* The median of B's counter NAME; NAN if B has none. */
double rp_counter(const rs_bench *b, const char *name);

/* Granularity cost: the ns_per_gib counter, else the time per GiB of the
 * name's file:N bytes; NAN if neither is known. */
double rp_ns_per_gib(const rs_bench *b);

/* NAME without its part I ("find/core/random/..." without 1 is
 * "find/random/..."), into BUF. */
void rp_name_drop(const char *name, size_t i, char *buf, size_t len);

/* NAME without the parts that only say how Google Benchmark ran it
 * ("iterations:4", "manual_time", "real_time"), into BUF (LEN > 0). */
void rp_name_short(const char *name, char *buf, size_t len);

/* NAME with its part I replaced by WITH, into BUF; 0 if NAME has no part
 * I or BUF is too small. */
int rp_name_replace(const char *name, size_t i, const char *with, char *buf,
                    size_t len);

#endif /* MMAPLAB_REPORTS_RP_POOL_H */
