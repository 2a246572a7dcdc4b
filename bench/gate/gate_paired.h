/* gate_paired.h - judging a time row of the interleaved gate (--ab) on
 * its paired rounds.
 *
 * Each round ran the old build twice and the new build twice, in the order
 * ABBA or BAAB (chosen at random, so that for two identical builds the
 * sign of a difference is a coin toss). The round's difference of a
 * benchmark is the mean log of its two new per-process medians minus that
 * of its two old ones: time drift that is linear over the round cancels,
 * and so does anything the four processes share. With a reference impl
 * (--reference), the mean difference of the reference's benchmarks in the
 * same round is subtracted first.
 *
 * The rounds' differences are judged by gate_signrank.h at the one-sided
 * LEVEL (the gate's alpha shared out over the time rows and the looks it
 * may take: alpha / (rows * looks), Bonferroni), giving the change
 * exp(estimate) - 1 and its interval [exp(lo) - 1, exp(hi) - 1]. With the
 * minimum effect E:
 *   regression    lo > 0 (significantly slower) and hi >= E (a change of
 *                 E or more is not ruled out);
 *   improvement   hi < 0 and lo <= -E, likewise faster;
 *   unchanged     -E < lo and hi < E (any change is smaller than E);
 *   inconclusive  anything else: the interval reaches past E (or -E) and
 *                 past 0. Not a failure: the gate runs more rounds while
 *                 its budget lasts; at the last look such a row stays
 *                 unchanged, marked inconclusive, with a note.
 */
#ifndef MMAPLAB_BENCH_GATE_PAIRED_H
#define MMAPLAB_BENCH_GATE_PAIRED_H

#include <stddef.h>

#include "gate_compare.h"
#include "results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The rounds of an interleaved gate. */
typedef struct gate_paired {
  /* Per-process results, two per round: round R's are [2R] and [2R+1]. */
  const rs_result *const *old_runs;
  const rs_result *const *new_runs;
  size_t rounds;
  double level; /* one-sided level of each row's test and bounds */
} gate_paired;

/* The round differences of benchmark NAME into D (ROUNDS values): NAN for
 * a round where one of the four processes lacks a finite, positive median
 * time (METRIC_CPU: cpu_time, else real_time). */
void gate_paired_diffs(const gate_paired *pp, const char *name, int metric_cpu,
                       double *d);

/* The medians of NAME's per-process medians on the old and the new side,
 * with how many processes had one. */
void gate_paired_medians(const gate_paired *pp, const char *name,
                         int metric_cpu, double *old_med, size_t *nold,
                         double *new_med, size_t *nnew);

/* Judges the time row R (R->bench set) on PP's rounds under P (metric,
 * minimum effect, reference: the benchmarks of impl P->reference in
 * REF_NAMES, NREF of them, whose mean round difference is subtracted).
 * Fills base, cur (medians of per-process medians), nbase, ncur, change,
 * lo, hi, p, verdict, inconclusive and note. 0, or -1 out of memory. */
int gate_paired_judge(gate_row *r, const gate_paired *pp, const gate_params *p,
                      const char *const *ref_names, size_t nref);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_PAIRED_H */
