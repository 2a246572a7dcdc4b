/* bench_test_util.h - helpers shared by the bench tests: running Google
 * Benchmark, reading its JSON, reading files, a main that runs a test by
 * name. Assertions come from the project's test.h (a failure aborts the
 * test process). */
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

/* The first entry of ROOT's "benchmarks" whose name is NAME followed by
 * Google Benchmark's "/..." tail ("/iterations:N/manual_time"), or NULL. */
json_t *bt_bench_run(const json_t *root, const char *name);

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

/* The rest of F, malloc'd and NUL-terminated (the caller frees it);
 * closes F. The test fails if F is NULL or cannot be read. */
char *bt_slurp(FILE *f);

/* One test of a test program, run by name: FN(ARG) returns 0 when it
 * passed (a failure aborts, a skip exits 77). */
typedef struct bt_test {
  const char *name;
  int (*fn)(const char *arg);
} bt_test;

/* The main of a test program: runs the test of TESTS (N of them) that
 * ARGV[1] names, with ARGV[2] as its ARG when NARGS is 1 (NULL when 0).
 * Returns its exit status, or 2 after a usage line when the command line
 * names no test. */
int bt_main(int argc, char **argv, const bt_test *tests, size_t n, int nargs);

#endif /* MMAPLAB_BENCH_TEST_UTIL_H */
