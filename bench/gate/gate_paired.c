/* gate_paired.c - the rounds of the interleaved gate (gate_paired.h). */
#include "gate_paired.h"

#include <math.h>
#include <stdlib.h>

#include "gate_signrank.h"

/* The median time of NAME in R, or NAN when it has none that is finite and
 * positive. */
static double run_median(const rs_result *r, const char *name, int metric_cpu) {
  const rs_bench *b = rs_result_bench(r, name);
  double m;
  if (b == NULL || b->nerrors > 0 || b->nsamples == 0)
    return NAN;
  m = rs_median(metric_cpu ? b->cpu_ns : b->real_ns, b->nsamples);
  return isfinite(m) && m > 0 ? m : NAN;
}

void gate_paired_diffs(const gate_paired *pp, const char *name, int metric_cpu,
                       double *d) {
  for (size_t r = 0; r < pp->rounds; r++) {
    const double a1 = run_median(pp->old_runs[2 * r], name, metric_cpu);
    const double a2 = run_median(pp->old_runs[2 * r + 1], name, metric_cpu);
    const double b1 = run_median(pp->new_runs[2 * r], name, metric_cpu);
    const double b2 = run_median(pp->new_runs[2 * r + 1], name, metric_cpu);
    d[r] = (log(b1) + log(b2) - log(a1) - log(a2)) / 2; /* NAN propagates */
  }
}

/* The median of the per-process medians of NAME in the N results RUNS. */
static double side_median(const rs_result *const *runs, size_t n,
                          const char *name, int metric_cpu, size_t *count) {
  double *v = malloc((n ? n : 1) * sizeof *v), m;
  size_t k = 0;
  if (v == NULL) {
    *count = 0;
    return NAN;
  }
  for (size_t i = 0; i < n; i++) {
    const double x = run_median(runs[i], name, metric_cpu);
    if (!isnan(x))
      v[k++] = x;
  }
  m = k ? rs_median(v, k) : NAN;
  free(v);
  *count = k;
  return m;
}

void gate_paired_medians(const gate_paired *pp, const char *name,
                         int metric_cpu, double *old_med, size_t *nold,
                         double *new_med, size_t *nnew) {
  *old_med = side_median(pp->old_runs, 2 * pp->rounds, name, metric_cpu, nold);
  *new_med = side_median(pp->new_runs, 2 * pp->rounds, name, metric_cpu, nnew);
}

/* The mean over the NREF benchmarks REF of their round-R differences
 * (those that have one), per round into OUT; NAN where none has. */
static int reference_diffs(const gate_paired *pp, int metric_cpu,
                           const char *const *ref, size_t nref, double *out) {
  double *d = malloc((pp->rounds ? pp->rounds : 1) * sizeof *d);
  size_t *k = calloc(pp->rounds ? pp->rounds : 1, sizeof *k);
  if (d == NULL || k == NULL) {
    free(d);
    free(k);
    return -1;
  }
  for (size_t r = 0; r < pp->rounds; r++)
    out[r] = 0;
  for (size_t i = 0; i < nref; i++) {
    gate_paired_diffs(pp, ref[i], metric_cpu, d);
    for (size_t r = 0; r < pp->rounds; r++)
      if (!isnan(d[r])) {
        out[r] += d[r];
        k[r]++;
      }
  }
  for (size_t r = 0; r < pp->rounds; r++)
    out[r] = k[r] ? out[r] / (double)k[r] : NAN;
  free(d);
  free(k);
  return 0;
}

int gate_paired_judge(gate_row *r, const gate_paired *pp, const gate_params *p,
                      const char *const *ref_names, size_t nref) {
  const size_t n = pp->rounds ? pp->rounds : 1;
  double *d = malloc(n * sizeof *d), *ref = NULL;
  const double e = p->min_effect;
  gate_sr_result t;
  if (d == NULL)
    return -1;
  gate_paired_medians(pp, r->bench, p->metric_cpu, &r->base, &r->nbase, &r->cur,
                      &r->ncur);
  gate_paired_diffs(pp, r->bench, p->metric_cpu, d);
  if (nref > 0) {
    if ((ref = malloc(n * sizeof *ref)) == NULL ||
        reference_diffs(pp, p->metric_cpu, ref_names, nref, ref) != 0) {
      free(d);
      free(ref);
      return -1;
    }
    for (size_t i = 0; i < pp->rounds; i++)
      d[i] -= ref[i];
    free(ref);
  }
  r->tested = 1;
  if (gate_signrank(d, pp->rounds, pp->level, &t) != 0) {
    free(d);
    r->change = t.n == 0 && t.estimate == 0 ? 0 : NAN;
    r->note = "no rounds with a time on both sides";
    r->inconclusive = isnan(r->change);
    return 0;
  }
  free(d);
  r->change = expm1(t.estimate);
  r->lo = expm1(t.lo);
  r->hi = expm1(t.hi);
  r->p = t.estimate >= 0 ? t.p_greater : t.p_less;
  r->inconclusive = 0;
  if (r->lo > 0 && r->hi >= e)
    r->verdict = GATE_SLOWER;
  else if (r->hi < 0 && r->lo <= -e)
    r->verdict = GATE_FASTER;
  else if (r->lo > -e && r->hi < e)
    r->verdict = GATE_SAME;
  else {
    r->verdict = GATE_SAME;
    r->inconclusive = 1;
    r->note = "inconclusive: the interval reaches past the minimum effect "
              "and past 0";
  }
  return 0;
}
