/* gate_stats.h - the statistics of the performance gate: a one-sided
 * Mann-Whitney U test and what sample sizes it needs.
 *
 * The test compares samples X (baseline) and Y (current) and asks whether
 * Y tends to be larger (slower, for times). Ties get mid-ranks. Small
 * samples (n + m <= GATE_MWU_EXACT_MAX) use the exact permutation
 * distribution of the mid-rank sum of Y, counted over all C(n+m, m)
 * assignments, so ties are handled exactly; larger ones use the normal
 * approximation of U with the tie correction of the variance and a
 * continuity correction of 1/2.
 */
#ifndef MMAPLAB_BENCH_GATE_STATS_H
#define MMAPLAB_BENCH_GATE_STATS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest n + m for which gate_mwu counts the exact distribution. */
#define GATE_MWU_EXACT_MAX 40

/* The result of gate_mwu. */
typedef struct gate_mwu_result {
  double u;         /* U of Y: pairs (x, y) with y > x, ties counting 1/2 */
  double p_greater; /* P(U >= u) under H0: Y is not larger than X */
  double p_less;    /* P(U <= u) under H0: Y is not smaller than X */
  int exact;        /* 1 if the exact distribution was used */
} gate_mwu_result;

/* One-sided Mann-Whitney U tests of the N values X against the M values Y
 * (NAN values are left out first). Returns 0 with OUT filled, or -1 when
 * either sample is empty (after leaving out NANs) or out of memory. The
 * inputs are not changed. */
int gate_mwu(const double *x, size_t n, const double *y, size_t m,
             gate_mwu_result *out);

/* The smallest one-sided p the test can give for sample sizes N and M:
 * 1 / C(N+M, N) (full separation, no ties); 1 when N or M is 0. */
double gate_mwu_min_p(size_t n, size_t m);

/* The smallest K such that K samples on each side can give p < ALPHA
 * (0 < ALPHA < 1); at most 64. */
size_t gate_mwu_reps_needed(double alpha);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_STATS_H */
