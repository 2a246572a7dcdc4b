/* bench_test_util.h - JSON helpers shared by the bench tests; assertions
 * come from the project's test.h (a failure aborts the test process). */
#ifndef MMAPLAB_BENCH_TEST_UTIL_H
#define MMAPLAB_BENCH_TEST_UTIL_H

#include <jansson.h>
#include <stdio.h>

#include "test.h"

/* Runs every benchmark registered so far through Google Benchmark with
 * --benchmark_format=json and --benchmark_out=<temp file> (json),
 * --benchmark_min_time=0.001, then EXTRA (may be NULL; a later flag wins);
 * returns the parsed file (json_decref it), or NULL after reporting why.
 * Call once. */
json_t *bt_run_gbench(const char *extra);

/* bt_run_gbench with the N flags of EXTRA (N <= 4) instead of one. */
json_t *bt_run_gbench_flags(const char *const *extra, int n);

/* The first entry of ROOT's "benchmarks" whose "name" is NAME, or NULL. */
json_t *bt_bench(const json_t *root, const char *name);

/* OBJ[KEY] as a number (integer or real); -1e300 if missing. */
double bt_num(const json_t *obj, const char *key);

/* OBJ[KEY] as a string; "" if missing. */
const char *bt_str(const json_t *obj, const char *key);

/* 1 if benchmark entry B has "error_occurred": true. */
int bt_failed(const json_t *b);

/* Asserts that ROOT has a benchmark NAME that ran without an error, and
 * returns it. */
json_t *bt_ran(const json_t *root, const char *name);

/* Asserts that ROOT's benchmark NAME is an error entry whose message holds
 * MESSAGE_PART and that reports no rate (no bytes or items per second). */
void bt_check_error(const json_t *root, const char *name,
                    const char *message_part);

#endif /* MMAPLAB_BENCH_TEST_UTIL_H */
