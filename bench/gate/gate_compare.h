/* gate_compare.h - judging a current Google Benchmark result against a
 * baseline, benchmark by benchmark (paired by run_name).
 *
 * Time (real or CPU time per iteration, one sample per repetition): the
 * one-sided Mann-Whitney U test of gate_stats.h, in the direction the
 * median moved, plus a minimum effect on the medians. The M time rows are
 * one family: Holm's step-down procedure keeps the chance of any false
 * alarm in the whole gate below alpha (the k-th smallest p must be below
 * alpha / (M - k)). A regression needs that significance AND
 * median(current) / median(baseline) - 1 >= min_effect; an improvement
 * likewise the other way round (change <= -min_effect). Anything else is
 * unchanged.
 *
 * Counts (the counters faults_per_page, major_faults_per_page,
 * prep_faults_per_page, maps, mapped_bytes and page_backed, and "bytes",
 * the bytes processed per iteration): the medians must agree within
 * max(count_tol * |baseline|, count_floor); otherwise the count changed,
 * which is a regression either way (it means the benchmark now does, or
 * the OS now gives, something else). "bytes" is bytes_per_second times
 * the time Google Benchmark divided by: the CPU time, or the real time for
 * names with a real_time or manual_time part and for files of
 * bench/python/mmap_bench.py (context.python_implementation), which rates
 * by real time. Counters derived from time (ns_per_page, ...) are not
 * counts. A count in baseline that current lacks is a change; one only in
 * current (a counter added since) is not compared.
 *
 * Instruction counts (counters named instructions_<isa>, from
 * mmaplab-bench --instructions: instructions per iteration under
 * callgrind, <isa> the core's search instruction set there): counts, so
 * not in Holm's time family and never scaled by the reference, but with a
 * direction: median(current) / median(baseline) - 1 > instr_tol is a
 * regression (GATE_SLOWER), < -instr_tol an improvement, else unchanged.
 * A counter of baseline that current lacks fails (GATE_CHANGED) with a
 * note: typically current ran another instruction set, whose counter has
 * another name (compare builds under the same --search-isa); one only in
 * current is not compared. When either file counted instructions (its
 * context has "instruction_count"), no time is judged: those times are
 * valgrind's.
 *
 * Reference (--reference IMPL, default glibc where both files have it):
 * runs on one machine drift by 10-25% from process to process (CPU
 * frequency, the host's other guests), which no test on the repetitions
 * of one run can see. So the current times are first divided by the drift
 * of the reference implementation, measured in the same processes: the
 * geometric mean, over the benchmarks of impl IMPL in both files whose
 * medians are finite and positive on both sides, of median(current) /
 * median(baseline). The reference benchmarks themselves are then not
 * judged on time (they are the yardstick).
 *
 * Presence: a benchmark with errors in current but not in baseline is a
 * regression ("error"); one in baseline that is absent from current is a
 * regression too ("missing": a gate that passes when coverage shrinks
 * hides exactly the benchmarks that broke; narrow the run with --filter
 * instead); one only in current is listed ("new"); errors in both are
 * listed ("error in both"), and a benchmark that failed in baseline and
 * runs now is "fixed". Neither of the last three is judged further.
 */
#ifndef MMAPLAB_BENCH_GATE_COMPARE_H
#define MMAPLAB_BENCH_GATE_COMPARE_H

#include <regex.h>
#include <stddef.h>

#include "results.h"

#ifdef __cplusplus
extern "C" {
#endif

struct gate_paired;

/* How the gate judges. */
typedef struct gate_params {
  double alpha;          /* significance level, 0 < alpha < 1 (0.05) */
  double min_effect;     /* minimum relative change of the median (0.05) */
  double count_tol;      /* relative tolerance of counts (0.02) */
  double count_floor;    /* absolute tolerance of counts (0.001) */
  int metric_cpu;        /* 1: cpu_time, 0: real_time */
  const regex_t *only;   /* benchmarks whose names match, or NULL for all */
  const char *reference; /* impl whose drift scales current times
                            ("glibc"), or NULL for none; in the
                            interleaved mode, whose round differences are
                            subtracted */
  /* The interleaved mode (gate_paired.h): time rows are judged on these
   * rounds instead of the pooled samples, without a scale or Holm's
   * procedure; NULL for a stored baseline. */
  const struct gate_paired *paired;
  double instr_tol; /* relative tolerance of instruction counts (0.005),
                       0 <= instr_tol <= 1 */
} gate_params;

/* The name prefix of instruction-count counters. */
#define GATE_INSTR_PREFIX "instructions_"

/* What one row says. The first four are failures of the gate. */
typedef enum gate_verdict {
  GATE_SLOWER,    /* "regression": time, significant and large; or more
                     instructions beyond instr_tol */
  GATE_CHANGED,   /* "changed": a count outside its tolerance */
  GATE_ERROR,     /* "error": errors in current only */
  GATE_MISSING,   /* "missing": in baseline, not in current */
  GATE_FASTER,    /* "improvement" */
  GATE_FIXED,     /* "fixed": errors in baseline only */
  GATE_SAME,      /* "unchanged" */
  GATE_NEW,       /* "new": in current only */
  GATE_BOTH_ERROR /* "error in both" */
} gate_verdict;

/* One compared metric of one benchmark. */
typedef struct gate_row {
  const char *bench;  /* run_name, borrowed from the results */
  const char *metric; /* "real_time", "cpu_time", a counter, "bytes", or
                         "-" for presence rows; static or borrowed */
  int is_time;        /* 1 for the time metric (values in ns) */
  double base, cur;   /* medians; NAN when there is none */
  double change;      /* cur / base - 1; NAN when undefined */
  double p;           /* one-sided p in the direction of the change;
                         NAN for counts and presence rows */
  double lo, hi;      /* interleaved mode: the confidence interval of
                         CHANGE; NAN elsewhere */
  size_t nbase, ncur; /* samples on each side */
  gate_verdict verdict;
  const char *note; /* an error message (borrowed) or NULL */
  int tested;       /* 1: a time row in Holm's family */
  int inconclusive; /* interleaved mode: the interval reaches past the
                       minimum effect and past 0 (gate_paired.h) */
} gate_row;

/* The comparison of two files. */
typedef struct gate_report {
  gate_row *rows;
  size_t nrows;
  size_t failures;   /* rows with a failing verdict */
  size_t benchmarks; /* benchmarks looked at (after the filter) */
  /* The time row whose sample sizes give the largest smallest-possible p
   * (NULL when no time was compared): the gate refuses when that p cannot
   * go below alpha. */
  const gate_row *weakest;
  size_t ntests;     /* time rows tested together (Holm's M) */
  double scale;      /* current times were divided by this (1: none) */
  size_t nreference; /* reference benchmarks the scale came from */
  size_t rounds;     /* interleaved mode (--ab): the ABBA rounds judged;
                        0 when a stored baseline was compared */
  double seconds;    /* interleaved mode: wall time of the runs, s */
  double level;      /* interleaved mode: each time row's one-sided level,
                        alpha / (ntests * looks); 0 otherwise */
  int looks;         /* interleaved mode: the most looks allowed */
  int instructions;  /* 1: a file counted instructions (under valgrind):
                        no time was judged */
  const char **refs; /* internal (interleaved mode): the reference's
                        benchmark names, borrowed */
  size_t nrefs;
} gate_report;

/* Compares CUR with BASE under P into OUT. Returns 0, -1 out of memory, or
 * -2 when P->reference is set and no benchmark of that impl ran in both
 * files with a finite, positive median time (OUT is then empty). Rows
 * borrow from BASE and CUR: free OUT first. */
int gate_compare(const rs_result *base, const rs_result *cur,
                 const gate_params *p, gate_report *out);

/* 1 if BASE and CUR both have a benchmark of impl IMPL that P's filter
 * selects and whose median time (P's metric) is finite and positive on
 * both sides: one that can be the reference (gate_compare does not
 * return -2 for it). */
int gate_has_impl(const rs_result *base, const rs_result *cur,
                  const gate_params *p, const char *impl);

/* Frees OUT's rows and zeroes it. */
void gate_report_free(gate_report *out);

/* The word for V ("regression", "changed", ...). */
const char *gate_verdict_name(gate_verdict v);

/* 1 if V fails the gate, 0 if not. */
int gate_verdict_fails(gate_verdict v);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_COMPARE_H */
