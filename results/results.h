/* results.h - result files as the report builder, the gate and compare read
 * them: Google Benchmark JSON (mmaplab-bench, bench/python/mmap_bench.py),
 * hyperfine exports (bench/hyperfine/run-hyperfine) and conformance reports
 * (mmaplab-conform's report.json).
 *
 * A Google Benchmark file becomes one rs_bench per run_name, holding the
 * per-repetition samples of its "iteration" entries (the aggregates are
 * recomputed by whoever needs them, from the samples). Names split into
 * parts at '/': family, impl, then the rest; "key:value" parts are
 * parameters (hay:4096, page:4k).
 */
#ifndef MMAPLAB_RESULTS_RESULTS_H
#define MMAPLAB_RESULTS_RESULTS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What a result file is, from its shape. */
typedef enum rs_result_kind {
  RS_RESULT_GBENCH,     /* {"context": {...}, "benchmarks": [...]} */
  RS_RESULT_HYPERFINE,  /* {"results": [{"command", "times", ...}]} */
  RS_RESULT_CONFORMANCE /* mmaplab-conform's report.json */
} rs_result_kind;

/* One user counter of a benchmark: its value in each repetition. */
typedef struct rs_counter {
  char *name;     /* "faults_per_page", "page_backed", ... */
  double *values; /* nsamples values; NAN where a repetition lacks it */
} rs_counter;

/* One benchmark (one run_name) of a Google Benchmark file. */
typedef struct rs_bench {
  char *name; /* run_name: "find/core/random/miss/page:4k/hay:4096/needle:16" */
  char *family;             /* the first part: "find" */
  char *impl;               /* the second part: "core" ("" if none) */
  size_t nsamples;          /* repetitions that ran without error */
  double *real_ns;          /* per repetition: real time per iteration, ns */
  double *cpu_ns;           /* per repetition: CPU time per iteration, ns */
  double *bytes_per_second; /* per repetition; NAN if not reported */
  double *items_per_second; /* per repetition; NAN if not reported */
  int64_t *iterations;      /* per repetition */
  rs_counter *counters;     /* user counters (fields Google Benchmark does
                                not define), in file order */
  size_t ncounters;
  size_t nerrors;        /* repetitions that reported an error */
  char *error_message;   /* the first error's message, or NULL */
  char *label;           /* the first repetition's label, or NULL */
  json_t *counter_index; /* internal: counter name -> position; NULL in a
                            hand-made bench (searched in order then) */
  size_t cap;            /* internal: samples the arrays have room for */
  size_t counter_cap;    /* internal: room in counters */
} rs_bench;

/* One loaded result file. Everything it points to lives until
 * rs_result_free. */
typedef struct rs_result {
  char *path;
  char *data;  /* the file's bytes as read (NUL-terminated) */
  size_t size; /* their number */
  rs_result_kind kind;
  json_t *root;        /* the whole document (borrowed by the fields) */
  json_t *context;     /* gbench: "context"; others: NULL */
  json_t *fingerprint; /* the fingerprint object (bench/fingerprint.h) from
                          context.mmaplab_fingerprint (a JSON string) or a
                          hyperfine export's mmaplab.fingerprint; NULL if
                          the file has none */
  rs_bench *benches;   /* gbench: in file order of first appearance */
  size_t nbenches;
  json_t *bench_index; /* internal: run_name -> position in benches; NULL
                          in a hand-made result (searched in order then) */
  size_t nvalues;      /* internal: counter values held, bounded (a file
                          asking for more than 2^24 is refused) */
  size_t bench_cap;    /* internal: room in benches */
} rs_result;

/* Loads PATH into OUT: a regular file or a pipe (a FIFO, `<(cmd)`), read
 * once, whole, up to UT_INPUT_MAX bytes (util/ut_input.h); devices,
 * directories and sockets are refused, and a FIFO that no process writes
 * is an empty input at once; a file whose counters would make more than
 * 2^24 values (counters x repetitions) is refused. Returns 0, or -1 with
 * one line in ERR (LEN bytes)
 * saying what is wrong ("x.json: line 3: '}' expected", "x.json: not a
 * Google Benchmark, hyperfine or conformance result"). OUT is zeroed on
 * failure. The tokens NaN, Infinity and -Infinity outside strings, which
 * are not JSON but which Google Benchmark writes for a value it cannot
 * compute (the cv aggregate of a counter that is 0 in every repetition),
 * load as null, so a value holding one is NAN in the samples (absent). */
int rs_result_load(const char *path, rs_result *out, char *err, size_t len);

/* As rs_result_load, for a file's N bytes already in memory at TEXT (not
 * NUL-terminated; not kept); PATH only names it in OUT and in messages. */
int rs_result_load_text(const char *path, const char *text, size_t n,
                        rs_result *out, char *err, size_t len);

/* Appends the samples of SRC's benchmarks to DST's benchmarks of the same
 * name (new names are added), so that repetitions from several runs of one
 * build are judged together; counters missing on one side are NAN there.
 * SRC is emptied (its samples move) and must still be freed. DST keeps its
 * own path, context and fingerprint. 0, or -1 out of memory or past the
 * bound on counter values (see rs_result_load). */
int rs_result_merge(rs_result *dst, rs_result *src);

/* Frees everything of R and zeroes it; safe on a zeroed result. */
void rs_result_free(rs_result *r);

/* The benchmark named NAME (run_name), or NULL. O(1) in a loaded result. */
const rs_bench *rs_result_bench(const rs_result *r, const char *name);

/* The counter NAME of B, or NULL. */
const rs_counter *rs_bench_counter(const rs_bench *b, const char *name);

/* The value of the "KEY:value" part of NAME parsed as an integer into
 * *OUT: 1 if found and numeric, 0 if not. ("hay", "needle", "size"...) */
int rs_name_param_int(const char *name, const char *key, int64_t *out);

/* Copies the value of the "KEY:value" part of NAME (e.g. "page" -> "4k")
 * into BUF (LEN bytes): 1 if found, 0 if not. */
int rs_name_param(const char *name, const char *key, char *buf, size_t len);

/* Copies part I (0-based, split at '/') of NAME into BUF: 1 if there is
 * such a part, 0 if not. */
int rs_name_part(const char *name, size_t i, char *buf, size_t len);

/* The median of the N values at V that are not NAN (the array is not
 * changed); NAN when there are none. */
double rs_median(const double *v, size_t n);

/* The file's fingerprint field at the dotted PATH ("kernel.release",
 * "thp.enabled"), or NULL. */
json_t *rs_result_fp_get(const rs_result *r, const char *path);

/* A one-line label of the machine for chart titles and table heads:
 * "vm: Linux 6.18.44, AMD EPYC x2, THP madvise" (BUF of LEN bytes); the
 * file name when the file has no fingerprint. The Windows bench's:
 * "vm: Windows 10.0.19045, CPU x2", and under Wine (runtime "wine")
 * "vm: Wine 8.0 on Linux 6.18.44 (not Windows), CPU x2". */
void rs_result_machine(const rs_result *r, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_RESULTS_RESULTS_H */
