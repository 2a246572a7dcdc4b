/* gate_signrank_test.c - Wilcoxon's signed-rank test and the
 * Hodges-Lehmann interval of gate_signrank.c, against values known from
 * the tables and against brute force: every one of the 2^n sign patterns
 * enumerated (the exact p, ties included), every Walsh average listed (the
 * estimate), and the interval checked by inverting the test. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gate_signrank.h"
#include "test.h"

static void test_all_positive(void) {
  const double d[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  gate_sr_result r;
  ASSERT_EQ(gate_signrank(d, 10, 0.05, &r), 0);
  ASSERT(r.exact);
  ASSERT_EQ(r.n, 10);
  ASSERT_NEAR(r.t_plus, 55, 0);
  ASSERT_NEAR(r.p_greater, 1.0 / 1024, 1e-15);
  ASSERT_NEAR(r.p_less, 1, 1e-15);
  ASSERT_NEAR(r.estimate, 5.5, 1e-12);
  ASSERT(r.lo > 0);
  ASSERT(r.hi < 11);
  ASSERT(gate_sr_min_p(10) == 1.0 / 1024);
}

static void test_table_value(void) {
  /* n = 10: P(T+ <= 10) = 43/1024 = 0.0420, P(T+ <= 11) = 54/1024 = 0.0527
   * (the tables' one-sided 5% critical value is 10). Signs make T+ = 10:
   * ranks 1, 2, 3, 4 positive. */
  const double d[] = {1, 2, 3, 4, -5, -6, -7, -8, -9, -10};
  const double e[] = {-1, 2, 3, 6, -4, -5, -7, -8, -9, -10};
  gate_sr_result r;
  ASSERT_EQ(gate_signrank(d, 10, 0.05, &r), 0);
  ASSERT_NEAR(r.t_plus, 10, 0);
  ASSERT_NEAR(r.p_less, 43.0 / 1024, 1e-15);
  ASSERT_EQ(gate_signrank(e, 10, 0.05, &r), 0);
  ASSERT_NEAR(r.t_plus, 11, 0);
  ASSERT_NEAR(r.p_less, 54.0 / 1024, 1e-15);
}

/* P(T+ >= t) by enumerating the sign patterns of |D| (mid-ranks). */
static double brute_p_greater(const double *d, size_t n) {
  double rank[16], t = 0;
  size_t hits = 0;
  for (size_t i = 0; i < n; i++) {
    double below = 0, same = 0;
    for (size_t j = 0; j < n; j++) {
      below += fabs(d[j]) < fabs(d[i]);
      same += fabs(d[j]) == fabs(d[i]);
    }
    rank[i] = below + (same + 1) / 2;
    t += d[i] > 0 ? rank[i] : 0;
  }
  for (uint32_t s = 0; s < (1u << n); s++) {
    double u = 0;
    for (size_t i = 0; i < n; i++)
      u += (s >> i & 1) ? rank[i] : 0;
    hits += u >= t - 1e-9;
  }
  return (double)hits / (double)(1u << n);
}

static int cmp(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void test_against_brute_force(void) {
  srand(12345);
  for (int trial = 0; trial < 300; trial++) {
    const size_t n = 3 + (size_t)(rand() % 10);
    double d[16], w[200];
    size_t nw = 0;
    gate_sr_result r;
    for (size_t i = 0; i < n; i++) /* small integers: ties are common */
      d[i] = (double)(rand() % 9 - 3) + (trial % 2 ? 0.5 : 0.25);
    ASSERT_EQ(gate_signrank(d, n, 0.1, &r), 0);
    ASSERT_NEAR(r.p_greater, brute_p_greater(d, n), 1e-12);
    for (size_t i = 0; i < n; i++)
      for (size_t j = i; j < n; j++)
        w[nw++] = (d[i] + d[j]) / 2;
    qsort(w, nw, sizeof w[0], cmp);
    ASSERT_NEAR(r.estimate,
                nw % 2 ? w[nw / 2] : (w[nw / 2 - 1] + w[nw / 2]) / 2, 1e-12);
    ASSERT(r.lo <= r.estimate && r.estimate <= r.hi);
  }
}

/* The lower bound inverts the test: shifted by anything below LO the
 * differences are significantly above 0 at the level, shifted by LO itself
 * they are not (continuous data: no ties, no zeros). */
static void test_interval_inverts_the_test(void) {
  srand(777);
  for (int trial = 0; trial < 100; trial++) {
    const size_t n = 8 + (size_t)(rand() % 30);
    double d[40], s[40];
    gate_sr_result r, q;
    for (size_t i = 0; i < n; i++)
      d[i] = (double)rand() / RAND_MAX - 0.3;
    ASSERT_EQ(gate_signrank(d, n, 0.05, &r), 0);
    if (!isfinite(r.lo))
      continue;
    for (size_t i = 0; i < n; i++)
      s[i] = d[i] - (r.lo - 1e-9);
    ASSERT_EQ(gate_signrank(s, n, 0.05, &q), 0);
    ASSERT(q.p_greater <= 0.05);
    for (size_t i = 0; i < n; i++)
      s[i] = d[i] - (r.lo + 1e-9);
    ASSERT_EQ(gate_signrank(s, n, 0.05, &q), 0);
    ASSERT(q.p_greater > 0.05);
  }
}

static void test_too_few_and_zeros(void) {
  const double one[] = {0.3}, zeros[] = {0, 0, 0}, nans[] = {NAN, NAN};
  gate_sr_result r;
  ASSERT_EQ(gate_signrank(one, 1, 0.05, &r), 0);
  ASSERT_NEAR(r.p_greater, 0.5, 1e-15);
  ASSERT(isinf(r.lo) && r.lo < 0 && isinf(r.hi) && r.hi > 0);
  ASSERT_EQ(gate_signrank(zeros, 3, 0.05, &r), -1);
  ASSERT_EQ(r.n, 0);
  ASSERT_NEAR(r.estimate, 0, 0);
  ASSERT_EQ(gate_signrank(nans, 2, 0.05, &r), -1);
  ASSERT(isnan(r.estimate));
  ASSERT_EQ(gate_signrank(NULL, 0, 0.05, &r), -1);
}

static void test_normal_approximation(void) {
  /* n beyond the exact limit: 1000 alternating-sign values, T+ at its
   * mean, so p is about one half either way. */
  static double d[1000];
  gate_sr_result r;
  for (size_t i = 0; i < 1000; i++)
    d[i] = (i % 2 ? 1.0 : -1.0) * (double)(i / 2 + 1) + (i % 2 ? 0.1 : 0);
  ASSERT_EQ(gate_signrank(d, 1000, 0.05, &r), 0);
  ASSERT(!r.exact);
  ASSERT(r.p_greater > 0.3 && r.p_greater < 0.7);
  ASSERT(r.lo < r.estimate && r.estimate < r.hi);
}

int main(void) {
  test_all_positive();
  test_table_value();
  test_against_brute_force();
  test_interval_inverts_the_test();
  test_too_few_and_zeros();
  test_normal_approximation();
  printf("gate.signrank: ok\n");
  return 0;
}
