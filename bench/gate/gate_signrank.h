/* gate_signrank.h - the statistics of the interleaved gate: Wilcoxon's
 * signed-rank test of paired differences, the Hodges-Lehmann estimate of
 * their centre and its confidence interval.
 *
 * The differences D[i] are one per round (log(new) - log(old) of one
 * benchmark). Zeros are left out (Wilcoxon's rule); the rest are ranked by
 * |D| with mid-ranks for ties. T+ is the sum of the ranks of the positive
 * ones. Under H0 (D symmetric about 0, which the gate's random ABBA/BAAB
 * order makes true for two identical builds) every sign pattern is equally
 * likely; the exact distribution of T+ is counted over all 2^n patterns
 * (ranks doubled, so mid-ranks stay integers) for n <= GATE_SR_EXACT_MAX,
 * else the normal approximation with the tie correction of the variance
 * and a continuity correction of 1/2 is used.
 *
 * The Walsh averages (D[i] + D[j]) / 2, i <= j, estimate the centre (their
 * median, the Hodges-Lehmann estimate); the k-th smallest and k-th largest
 * of them bound it, k from the same null distribution: the one-sided
 * bounds at level A each (a 1 - 2A interval).
 */
#ifndef MMAPLAB_BENCH_GATE_SIGNRANK_H
#define MMAPLAB_BENCH_GATE_SIGNRANK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest n for which the exact distribution is counted. */
#define GATE_SR_EXACT_MAX 400

/* What gate_signrank found. */
typedef struct gate_sr_result {
  size_t n;         /* differences used: non-zero, not NAN */
  double t_plus;    /* the sum of the ranks of the positive differences */
  double p_greater; /* P(T+ >= t_plus) under H0: D is not shifted up */
  double p_less;    /* P(T+ <= t_plus) under H0: D is not shifted down */
  double estimate;  /* the Hodges-Lehmann estimate of the centre */
  double lo, hi;    /* one-sided bounds at level ALPHA each: the centre is
                       above LO (below HI) with confidence 1 - ALPHA; -inf
                       (+inf) when n is too small for that level */
  int exact;        /* 1 if the exact distribution was used */
} gate_sr_result;

/* Tests the N differences D (NAN ones left out; D is not changed) at level
 * ALPHA (0 < ALPHA < 1) for the bounds. Returns 0 with OUT filled, or -1
 * when no non-zero difference remains (OUT->n is then 0 and the estimate
 * 0 if there were zeros, NAN otherwise) or out of memory. */
int gate_signrank(const double *d, size_t n, double alpha, gate_sr_result *out);

/* The smallest one-sided p the test can give with N differences: 2^-N. */
double gate_sr_min_p(size_t n);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_SIGNRANK_H */
