/* gate_stats.c - the one-sided Mann-Whitney U test (gate_stats.h). */
#include "gate_stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One value of the pooled sample and whether it came from Y. */
typedef struct pooled {
  double v;
  int from_y;
} pooled;

static int cmp_pooled(const void *a, const void *b) {
  const double x = ((const pooled *)a)->v, y = ((const pooled *)b)->v;
  return (x > y) - (x < y);
}

/* Exact tails of the doubled rank sum R2 of the M values of Y among the N
 * doubled mid-ranks RANK2: ways[k][s] counts the k-subsets of the ranks
 * seen so far whose sum is s (a knapsack count; C(40, 20) < 2^53, so the
 * doubles hold exact integers). */
static int exact_tails(const long *rank2, size_t n, size_t m, long r2,
                       double *p_ge, double *p_le) {
  const long smax = (long)(n * (n + 1)); /* every doubled rank summed */
  const size_t width = (size_t)smax + 1;
  double *ways = calloc((m + 1) * width, sizeof *ways), total = 0, ge = 0,
         le = 0;
  if (ways == NULL)
    return -1;
  ways[0] = 1;
  for (size_t i = 0; i < n; i++)
    for (size_t k = (i + 1 < m ? i + 1 : m); k >= 1; k--)
      for (long s = smax; s >= rank2[i]; s--)
        ways[k * width + (size_t)s] +=
            ways[(k - 1) * width + (size_t)(s - rank2[i])];
  for (long s = 0; s <= smax; s++) {
    const double w = ways[m * width + (size_t)s];
    total += w;
    if (s >= r2)
      ge += w;
    if (s <= r2)
      le += w;
  }
  free(ways);
  *p_ge = ge / total;
  *p_le = le / total;
  return 0;
}

/* Normal approximation of U's tails with the tie correction (TIES is
 * sum(t^3 - t) over the groups of tied values) and a continuity correction
 * of 1/2. */
static void normal_tails(double u, size_t n, size_t m, double ties,
                         double *p_ge, double *p_le) {
  const double nn = (double)(n + m), mean = (double)n * (double)m / 2;
  const double var =
      (double)n * (double)m / 12 * ((nn + 1) - ties / (nn * (nn - 1)));
  double sd;
  if (!(var > 0)) { /* every value tied: no evidence either way */
    *p_ge = *p_le = 1;
    return;
  }
  sd = sqrt(var);
  *p_ge = 0.5 * erfc((u - mean - 0.5) / sd / sqrt(2.0));
  *p_le = 0.5 * erfc(-(u - mean + 0.5) / sd / sqrt(2.0));
  if (*p_ge > 1)
    *p_ge = 1;
  if (*p_le > 1)
    *p_le = 1;
}

/* Pools the non-NAN values of X and Y into P; returns how many. */
static size_t pool(const double *x, size_t n, const double *y, size_t m,
                   pooled *p, size_t *nx, size_t *ny) {
  size_t k = 0;
  *nx = *ny = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(x[i])) {
      p[k++] = (pooled){x[i], 0};
      (*nx)++;
    }
  for (size_t i = 0; i < m; i++)
    if (!isnan(y[i])) {
      p[k++] = (pooled){y[i], 1};
      (*ny)++;
    }
  return k;
}

int gate_mwu(const double *x, size_t n, const double *y, size_t m,
             gate_mwu_result *out) {
  pooled *p = malloc((n + m + 1) * sizeof *p);
  long *rank2 = malloc((n + m + 1) * sizeof *rank2), r2 = 0;
  size_t nx, ny, total;
  double ties = 0;
  int rc = 0;
  memset(out, 0, sizeof *out);
  if (p == NULL || rank2 == NULL) {
    rc = -1;
    goto done;
  }
  total = pool(x, n, y, m, p, &nx, &ny);
  if (nx == 0 || ny == 0) {
    rc = -1;
    goto done;
  }
  qsort(p, total, sizeof *p, cmp_pooled);
  for (size_t i = 0; i < total;) {
    size_t j = i; /* the tie group is i..j, ranks i+1..j+1 */
    while (j + 1 < total && p[j + 1].v == p[i].v)
      j++;
    for (size_t k = i; k <= j; k++) {
      rank2[k] = (long)(i + 1 + j + 1); /* twice the mid-rank */
      if (p[k].from_y)
        r2 += rank2[k];
    }
    ties += pow((double)(j - i + 1), 3) - (double)(j - i + 1);
    i = j + 1;
  }
  out->u = (double)r2 / 2 - (double)ny * (double)(ny + 1) / 2;
  if (total <= GATE_MWU_EXACT_MAX) {
    out->exact = 1;
    rc = exact_tails(rank2, total, ny, r2, &out->p_greater, &out->p_less);
  } else {
    normal_tails(out->u, nx, ny, ties, &out->p_greater, &out->p_less);
  }
done:
  free(p);
  free(rank2);
  return rc;
}

double gate_mwu_min_p(size_t n, size_t m) {
  double c = 1;
  if (n == 0 || m == 0)
    return 1;
  for (size_t i = 1; i <= n; i++)
    c = c * (double)(m + i) / (double)i;
  return 1 / c;
}

size_t gate_mwu_reps_needed(double alpha) {
  size_t k = 1;
  while (k < 64 && !(gate_mwu_min_p(k, k) < alpha))
    k++;
  return k;
}
