/* gate_signrank.c - Wilcoxon's signed-rank test and the Hodges-Lehmann
 * interval (gate_signrank.h). */
#include "gate_signrank.h"

#include <math.h>
#include <stdlib.h>

double gate_sr_min_p(size_t n) {
  return ldexp(1.0, -(int)(n > 1000 ? 1000 : n));
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* One difference and where it came from, for ranking by magnitude. */
typedef struct sr_item {
  double mag;
  int positive;
} sr_item;

static int by_mag(const void *a, const void *b) {
  return cmp_double(&((const sr_item *)a)->mag, &((const sr_item *)b)->mag);
}

/* Doubled mid-ranks of the N items (sorted by magnitude) into R2; the sum
 * over tie groups of (t^3 - t) into *TIES. */
static void doubled_ranks(const sr_item *it, size_t n, long *r2, double *ties) {
  size_t i = 0;
  *ties = 0;
  while (i < n) {
    size_t j = i + 1;
    while (j < n && it[j].mag == it[i].mag)
      j++;
    /* ranks i+1 .. j share (i+1+j)/2, doubled: i+1+j */
    for (size_t k = i; k < j; k++)
      r2[k] = (long)(i + 1 + j);
    *ties +=
        (double)(j - i) * (double)(j - i) * (double)(j - i) - (double)(j - i);
    i = j;
  }
}

/* The null distribution of the doubled T+ for doubled ranks R2[0..N-1]:
 * COUNT[s] / 2^N = P(2 T+ = s), s = 0 .. TOTAL. A new array, or NULL. */
static double *null_counts(const long *r2, size_t n, long *total) {
  double *c;
  long s = 0;
  for (size_t i = 0; i < n; i++)
    s += r2[i];
  *total = s;
  if ((c = calloc((size_t)s + 1, sizeof *c)) == NULL)
    return NULL;
  c[0] = 1;
  s = 0;
  for (size_t i = 0; i < n; i++) {
    s += r2[i];
    for (long v = s; v >= r2[i]; v--)
      c[v] += c[v - r2[i]];
  }
  return c;
}

/* P(T+ >= t) and P(T+ <= t) from the counts; T in doubled units. */
static void exact_tails(const double *c, long total, long t2, size_t n,
                        double *ge, double *le) {
  const double all = ldexp(1.0, (int)n);
  double a = 0, b = 0;
  for (long v = 0; v <= total; v++) {
    if (v >= t2)
      a += c[v];
    if (v <= t2)
      b += c[v];
  }
  *ge = fmin(1, a / all);
  *le = fmin(1, b / all);
}

static double norm_sf(double z) { return 0.5 * erfc(z / sqrt(2.0)); }

/* The largest k (0 .. N(N+1)/2) with P(T+ <= k - 1) <= ALPHA for untied
 * ranks 1..N: the bounds are the k-th smallest and largest Walsh average
 * (k = 0: no bound). */
static size_t walsh_rank(size_t n, double alpha) {
  const size_t m = n * (n + 1) / 2;
  size_t k = 0;
  if (n <= GATE_SR_EXACT_MAX) {
    long *r = malloc(n * sizeof *r), total;
    double *c, all = ldexp(1.0, (int)n), cum = 0;
    if (r == NULL)
      return 0;
    for (size_t i = 0; i < n; i++)
      r[i] = (long)(i + 1);
    c = null_counts(r, n, &total);
    free(r);
    if (c == NULL)
      return 0;
    /* cum = P(T+ <= k - 1), in units of ranks (not doubled here) */
    while (k < m && cum + c[k] / all <= alpha) {
      cum += c[k] / all;
      k++;
    }
    free(c);
    return k;
  }
  {
    const double mean = (double)m / 2;
    const double sd = sqrt((double)n * (n + 1) * (2.0 * n + 1) / 24);
    /* P(T+ <= k - 1) ~ Phi((k - 1 + 0.5 - mean) / sd) <= alpha */
    double z = 0, lo = 0, hi = 40;
    for (int it = 0; it < 100; it++) { /* Phi^-1(alpha) by bisection */
      z = (lo + hi) / 2;
      if (norm_sf(z) > alpha)
        lo = z;
      else
        hi = z;
    }
    double kk = floor(mean - z * sd + 0.5);
    return kk < 0 ? 0 : (size_t)kk;
  }
}

/* The Walsh averages of the N values X, sorted, into a new array of
 * N(N+1)/2, or NULL. */
static double *walsh(const double *x, size_t n) {
  const size_t m = n * (n + 1) / 2;
  double *w = malloc((m ? m : 1) * sizeof *w);
  size_t k = 0;
  if (w == NULL)
    return NULL;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i; j < n; j++)
      w[k++] = (x[i] + x[j]) / 2;
  qsort(w, m, sizeof *w, cmp_double);
  return w;
}

static double median_sorted(const double *v, size_t n) {
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The non-zero, non-NAN differences of D into X (N of them), and how many
 * were zero. */
static size_t usable(const double *d, size_t n, double *x, size_t *zeros) {
  size_t k = 0;
  *zeros = 0;
  for (size_t i = 0; i < n; i++) {
    if (isnan(d[i]))
      continue;
    if (d[i] == 0)
      (*zeros)++;
    else
      x[k++] = d[i];
  }
  return k;
}

int gate_signrank(const double *d, size_t n, double alpha,
                  gate_sr_result *out) {
  double *x = malloc((n ? n : 1) * sizeof *x), *w = NULL, *c = NULL, ties;
  sr_item *it = NULL;
  long *r2 = NULL, t2 = 0, total;
  size_t m, zeros, k;
  int rc = -1;
  out->n = 0;
  out->t_plus = out->p_greater = out->p_less = out->estimate = NAN;
  out->lo = -INFINITY;
  out->hi = INFINITY;
  out->exact = 0;
  if (x == NULL)
    return -1;
  m = usable(d, n, x, &zeros);
  if (m == 0) {
    out->estimate = zeros ? 0 : NAN;
    free(x);
    return -1;
  }
  it = malloc(m * sizeof *it);
  r2 = malloc(m * sizeof *r2);
  if (it == NULL || r2 == NULL)
    goto done;
  for (size_t i = 0; i < m; i++) {
    it[i].mag = fabs(x[i]);
    it[i].positive = x[i] > 0;
  }
  qsort(it, m, sizeof *it, by_mag);
  doubled_ranks(it, m, r2, &ties);
  for (size_t i = 0; i < m; i++)
    t2 += it[i].positive ? r2[i] : 0;
  out->n = m;
  out->t_plus = (double)t2 / 2;
  if (m <= GATE_SR_EXACT_MAX) {
    if ((c = null_counts(r2, m, &total)) == NULL)
      goto done;
    exact_tails(c, total, t2, m, &out->p_greater, &out->p_less);
    out->exact = 1;
  } else {
    const double mean = (double)m * (m + 1) / 4;
    const double var = (double)m * (m + 1) * (2.0 * m + 1) / 24 - ties / 48;
    const double sd = sqrt(var > 0 ? var : 0);
    if (sd == 0) {
      out->p_greater = out->p_less = 1;
    } else {
      out->p_greater = norm_sf((out->t_plus - mean - 0.5) / sd);
      out->p_less = norm_sf((mean - out->t_plus - 0.5) / sd);
    }
  }
  if ((w = walsh(x, m)) == NULL)
    goto done;
  {
    const size_t nw = m * (m + 1) / 2;
    out->estimate = median_sorted(w, nw);
    k = walsh_rank(m, alpha);
    if (k > 0) {
      out->lo = w[k - 1];
      out->hi = w[nw - k];
    }
  }
  rc = 0;
done:
  free(x);
  free(it);
  free(r2);
  free(c);
  free(w);
  return rc;
}
