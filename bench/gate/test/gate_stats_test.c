/* gate_stats_test.c - the Mann-Whitney U test of gate_stats.c against
 * values computed independently: the exact ones by enumerating every split
 * of the pooled sample with mid-ranks (Python itertools.combinations and
 * fractions), the normal one from the textbook formula with continuity
 * correction (Python math.erfc). */
#include <math.h>
#include <stdio.h>

#include "gate_stats.h"
#include "test.h"

static void test_separation(void) {
  const double x[] = {1, 2, 3, 4, 5}, y[] = {6, 7, 8, 9, 10};
  gate_mwu_result r;
  ASSERT_EQ(gate_mwu(x, 5, y, 5, &r), 0);
  ASSERT(r.exact);
  ASSERT_NEAR(r.u, 25, 0);
  ASSERT_NEAR(r.p_greater, 1.0 / 252, 1e-15); /* 1 / C(10, 5) */
  ASSERT_NEAR(r.p_less, 1, 1e-15);
  ASSERT_EQ(gate_mwu(y, 5, x, 5, &r), 0);
  ASSERT_NEAR(r.u, 0, 0);
  ASSERT_NEAR(r.p_less, 1.0 / 252, 1e-15);
  ASSERT_NEAR(r.p_greater, 1, 1e-15);
}

static void test_known_values(void) {
  /* n = m = 3: U is distributed 1,1,2,3,3,3,3,2,1,1 (/20) over 0..9. */
  const double a[] = {1, 3, 5}, b[] = {2, 4, 6};
  const double c[] = {1, 4, 6, 9}, d[] = {2, 3, 5, 7, 8};
  gate_mwu_result r;
  ASSERT_EQ(gate_mwu(a, 3, b, 3, &r), 0);
  ASSERT_NEAR(r.u, 6, 0);
  ASSERT_NEAR(r.p_greater, 7.0 / 20, 1e-15); /* P(U >= 6) = (3+2+1+1)/20 */
  ASSERT_NEAR(r.p_less, 16.0 / 20, 1e-15);   /* P(U <= 6) */
  ASSERT_EQ(gate_mwu(c, 4, d, 5, &r), 0);
  ASSERT_NEAR(r.u, 10, 0);
  ASSERT_NEAR(r.p_greater, 23.0 / 42, 1e-15);
  ASSERT_NEAR(r.p_less, 23.0 / 42, 1e-15);
}

static void test_ties(void) {
  /* Mid-ranks: pooled 1, 2, 2, 2, 3, 3 rank 1, 3, 3, 3, 5.5, 5.5; the rank
   * sum of y is 14, U = 8; 3 of the 20 splits reach 14. */
  const double x[] = {1, 2, 2}, y[] = {2, 3, 3};
  const double same[] = {7, 7, 7};
  gate_mwu_result r;
  ASSERT_EQ(gate_mwu(x, 3, y, 3, &r), 0);
  ASSERT(r.exact);
  ASSERT_NEAR(r.u, 8, 0);
  ASSERT_NEAR(r.p_greater, 3.0 / 20, 1e-15);
  ASSERT_NEAR(r.p_less, 1, 1e-15);
  ASSERT_EQ(gate_mwu(same, 3, same, 3, &r), 0);
  ASSERT_NEAR(r.u, 4.5, 0);
  ASSERT_NEAR(r.p_greater, 1, 1e-15);
  ASSERT_NEAR(r.p_less, 1, 1e-15);
}

static void test_normal(void) {
  /* 25 and 25 values, y shifted by 6.5: U = 454, mean 312.5, variance
   * 25*25*51/12, p = erfc((454 - 312.5 - 0.5) / sd / sqrt 2) / 2. */
  double x[25], y[25];
  gate_mwu_result r;
  for (int i = 0; i < 25; i++) {
    x[i] = i;
    y[i] = i + 6.5;
  }
  ASSERT_EQ(gate_mwu(x, 25, y, 25, &r), 0);
  ASSERT(!r.exact);
  ASSERT_NEAR(r.u, 454, 0);
  ASSERT_NEAR(r.p_greater, 0.003111424235595, 1e-12);
}

static void test_sizes(void) {
  const double x[] = {NAN, 1}, y[] = {NAN};
  gate_mwu_result r;
  ASSERT_EQ(gate_mwu(x, 2, y, 1, &r), -1); /* y is empty after the NANs */
  ASSERT_NEAR(gate_mwu_min_p(5, 5), 1.0 / 252, 1e-15);
  ASSERT_NEAR(gate_mwu_min_p(3, 3), 0.05, 1e-15);
  ASSERT_NEAR(gate_mwu_min_p(0, 3), 1, 0);
  ASSERT_EQ(gate_mwu_reps_needed(0.05), 4); /* 3 and 3 give at best 0.05 */
  ASSERT_EQ(gate_mwu_reps_needed(0.051), 3);
  ASSERT_EQ(gate_mwu_reps_needed(0.01), 5); /* 1/70 > 0.01 > 1/252 */
  ASSERT_EQ(gate_mwu_reps_needed(1e-300), 64);
}

int main(void) {
  test_separation();
  test_known_values();
  test_ties();
  test_normal();
  test_sizes();
  printf("gate.stats: ok\n");
  return 0;
}
