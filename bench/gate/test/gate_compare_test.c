/* gate_compare_test.c - the judging rules of gate_compare.c on results
 * built in memory: effect size and significance together, the count
 * tolerance and its absolute floor, counters on one side only, "bytes"
 * from the right time, errors, presence and the filter. */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "gate_compare.h"
#include "gate_opts.h"
#include "test.h"

#define NS 5

/* One benchmark of NS samples: times T * (1 + i/1000), counter C (name
 * CNAME, or none if NULL) of value CV, BPS bytes per iteration rated by CPU
 * time (or NAN). */
typedef struct fake {
  rs_bench b;
  double real[NS], cpu[NS], bps[NS], ips[NS], cv[NS];
  int64_t it[NS];
  rs_counter c;
} fake;

static void fake_init(fake *f, const char *name, double t, const char *cname,
                      double cv, double bps) {
  memset(f, 0, sizeof *f);
  f->b.name = (char *)name;
  f->b.impl = (char *)(strstr(name, "/glibc/") ? "glibc" : "core");
  f->b.nsamples = NS;
  for (int i = 0; i < NS; i++) {
    f->real[i] = t * (1 + i / 1000.0);
    f->cpu[i] = 2 * f->real[i]; /* CPU time differs from real time */
    f->bps[i] = isnan(bps) ? NAN : bps / (f->cpu[i] / 1e9); /* B/s */
    f->ips[i] = NAN;
    f->cv[i] = cv;
    f->it[i] = 1;
  }
  f->b.real_ns = f->real;
  f->b.cpu_ns = f->cpu;
  f->b.bytes_per_second = f->bps;
  f->b.items_per_second = f->ips;
  f->b.iterations = f->it;
  if (cname != NULL) {
    f->c.name = (char *)cname;
    f->c.values = f->cv;
    f->b.counters = &f->c;
    f->b.ncounters = 1;
  }
}

static rs_result one(fake *f) {
  rs_result r;
  memset(&r, 0, sizeof r);
  r.path = (char *)"mem";
  r.kind = RS_RESULT_GBENCH;
  r.benches = &f->b;
  r.nbenches = 1;
  return r;
}

static const gate_params defaults = {0.05, 0.05, 0.02, 0.001, 0,
                                     NULL, NULL, NULL, 0.005};

/* The row of METRIC after comparing A with B (one benchmark each), its
 * verdict in *V; 0 if there is no such row. */
static int judge(fake *a, fake *b, const char *metric, gate_verdict *v,
                 const gate_params *p) {
  rs_result ra = one(a), rb = one(b);
  gate_report rep;
  int found = 0;
  ASSERT_EQ(gate_compare(&ra, &rb, p ? p : &defaults, &rep), 0);
  for (size_t i = 0; i < rep.nrows; i++)
    if (strcmp(rep.rows[i].metric, metric) == 0) {
      *v = rep.rows[i].verdict;
      found = 1;
    }
  gate_report_free(&rep);
  return found;
}

static void test_time(void) {
  fake a, b;
  gate_verdict v = GATE_SAME;
  const char *n = "find/core/x";
  fake_init(&a, n, 1000, NULL, 0, NAN);
  fake_init(&b, n, 1040, NULL, 0, NAN); /* separated, but only +4% */
  ASSERT(judge(&a, &b, "real_time", &v, NULL));
  ASSERT_EQ(v, GATE_SAME);
  fake_init(&b, n, 1060, NULL, 0, NAN);
  ASSERT(judge(&a, &b, "real_time", &v, NULL));
  ASSERT_EQ(v, GATE_SLOWER);
  fake_init(&b, n, 940, NULL, 0, NAN);
  ASSERT(judge(&a, &b, "real_time", &v, NULL));
  ASSERT_EQ(v, GATE_FASTER);
  /* +6% in the median, but two current samples below every baseline one:
   * U = 15, p = 29/84 */
  fake_init(&b, n, 1060, NULL, 0, NAN);
  b.real[0] = 999.5;
  b.real[1] = 999.6;
  ASSERT(judge(&a, &b, "real_time", &v, NULL));
  ASSERT_EQ(v, GATE_SAME);
}

static void test_counts(void) {
  fake a, b;
  gate_verdict v = GATE_SAME;
  const char *n = "fault/anon/x";
  fake_init(&a, n, 1000, "faults_per_page", 0, NAN);
  fake_init(&b, n, 1000, "faults_per_page", 0.0001, NAN); /* under the floor */
  ASSERT(judge(&a, &b, "faults_per_page", &v, NULL));
  ASSERT_EQ(v, GATE_SAME);
  fake_init(&b, n, 1000, "faults_per_page", 0.01, NAN);
  ASSERT(judge(&a, &b, "faults_per_page", &v, NULL));
  ASSERT_EQ(v, GATE_CHANGED);
  fake_init(&a, n, 1000, "maps", 1000, NAN);
  fake_init(&b, n, 1000, "maps", 1015, NAN); /* 1.5% < 2% */
  ASSERT(judge(&a, &b, "maps", &v, NULL));
  ASSERT_EQ(v, GATE_SAME);
  fake_init(&b, n, 1000, "maps", 975, NAN); /* a drop is a change too */
  ASSERT(judge(&a, &b, "maps", &v, NULL));
  ASSERT_EQ(v, GATE_CHANGED);
  fake_init(&b, n, 1000, NULL, 0, NAN); /* gone from current */
  ASSERT(judge(&a, &b, "maps", &v, NULL));
  ASSERT_EQ(v, GATE_CHANGED);
  ASSERT(!judge(&b, &a, "maps", &v, NULL)); /* new in current: not compared */
  fake_init(&a, n, 1000, "ns_per_page", 1, NAN); /* a time, not a count */
  fake_init(&b, n, 1000, "ns_per_page", 9, NAN);
  ASSERT(!judge(&a, &b, "ns_per_page", &v, NULL));
}

static void test_bytes(void) {
  fake a, b;
  gate_verdict v = GATE_SAME;
  /* Rated by CPU time (fake_init), so bytes stay 65536 while real time
   * and CPU time move apart... */
  fake_init(&a, "find/core/y", 1000, NULL, 0, 65536);
  fake_init(&b, "find/core/y", 1300, NULL, 0, 65536);
  ASSERT(judge(&a, &b, "bytes", &v, NULL));
  ASSERT_EQ(v, GATE_SAME);
  fake_init(&b, "find/core/y", 1300, NULL, 0, 32768);
  ASSERT(judge(&a, &b, "bytes", &v, NULL));
  ASSERT_EQ(v, GATE_CHANGED);
  /* ... and a manual_time name is rated by real time: the same entries
   * then give bytes proportional to real / cpu, 65536 / 2 on both sides. */
  fake_init(&a, "fault/z/manual_time", 1000, NULL, 0, 65536);
  fake_init(&b, "fault/z/manual_time", 1300, NULL, 0, 65536);
  ASSERT(judge(&a, &b, "bytes", &v, NULL));
  ASSERT_EQ(v, GATE_SAME);
}

static void test_presence(void) {
  fake a, b;
  gate_verdict v = GATE_SAME;
  regex_t re;
  gate_params p = defaults;
  fake_init(&a, "open/core/q", 1000, NULL, 0, NAN);
  fake_init(&b, "open/core/q", 1000, NULL, 0, NAN);
  b.b.nerrors = 1;
  ASSERT(judge(&a, &b, "-", &v, NULL));
  ASSERT_EQ(v, GATE_ERROR);
  ASSERT(judge(&b, &a, "-", &v, NULL));
  ASSERT_EQ(v, GATE_FIXED);
  ASSERT(judge(&b, &b, "-", &v, NULL));
  ASSERT_EQ(v, GATE_BOTH_ERROR);
  fake_init(&b, "open/core/other", 1000, NULL, 0, NAN);
  ASSERT(judge(&a, &b, "-", &v, NULL));
  ASSERT_EQ(v, GATE_NEW); /* last row */
  ASSERT_EQ(regcomp(&re, "^open/core/q$", REG_EXTENDED | REG_NOSUB), 0);
  p.only = &re;
  ASSERT(judge(&a, &b, "-", &v, &p));
  ASSERT_EQ(v, GATE_MISSING);
  regfree(&re);
  ASSERT(gate_verdict_fails(GATE_MISSING));
  ASSERT(!gate_verdict_fails(GATE_NEW));
  ASSERT_STR_EQ(gate_verdict_name(GATE_BOTH_ERROR), "error in both");
}

/* The verdict of the core benchmark when the core takes CORE ns and glibc
 * GLIBC ns in current (1000 each in baseline), judged with REFERENCE. */
static gate_verdict with_reference(double core, double glibc,
                                   const char *reference, double *scale) {
  fake b[2], c[2];
  rs_result rb, rc;
  gate_report rep;
  gate_params p = defaults;
  gate_verdict v = GATE_NEW;
  p.reference = reference;
  fake_init(&b[0], "find/core/x", 1000, NULL, 0, NAN);
  fake_init(&b[1], "find/glibc/x", 1000, NULL, 0, NAN);
  fake_init(&c[0], "find/core/x", core, NULL, 0, NAN);
  fake_init(&c[1], "find/glibc/x", glibc, NULL, 0, NAN);
  rb = one(&b[0]);
  rc = one(&c[0]);
  rb.benches = (rs_bench[]){b[0].b, b[1].b};
  rc.benches = (rs_bench[]){c[0].b, c[1].b};
  rb.nbenches = rc.nbenches = 2;
  if (gate_compare(&rb, &rc, &p, &rep) != 0)
    return GATE_NEW;
  for (size_t i = 0; i < rep.nrows; i++)
    if (strcmp(rep.rows[i].bench, "find/core/x") == 0 && rep.rows[i].is_time)
      v = rep.rows[i].verdict;
  *scale = rep.scale;
  gate_report_free(&rep);
  return v;
}

static void test_reference(void) {
  double scale = 0;
  fake a, b;
  rs_result ra, rb;
  gate_report rep;
  gate_params p = defaults;
  /* The whole run 20% slower: a regression without the reference, none
   * with it; a core 10% slower than the drift is still caught. */
  ASSERT_EQ(with_reference(1200, 1200, NULL, &scale), GATE_SLOWER);
  ASSERT_DBL(scale, ==, 1);
  ASSERT_EQ(with_reference(1200, 1200, "glibc", &scale), GATE_SAME);
  ASSERT_NEAR(scale, 1.2, 1e-9);
  ASSERT_EQ(with_reference(1320, 1200, "glibc", &scale), GATE_SLOWER);
  ASSERT_EQ(with_reference(720, 800, "glibc", &scale), GATE_FASTER);
  /* A reference that ran in neither file: -2. */
  fake_init(&a, "find/core/x", 1000, NULL, 0, NAN);
  fake_init(&b, "find/core/x", 1000, NULL, 0, NAN);
  ra = one(&a);
  rb = one(&b);
  p.reference = "glibc";
  ASSERT_EQ(gate_compare(&ra, &rb, &p, &rep), -2);
  ASSERT_EQ(rep.nrows, 0);
  ASSERT_EQ(gate_has_impl(&ra, &rb, &defaults, "core"), 1);
  ASSERT_EQ(gate_has_impl(&ra, &rb, &defaults, "glibc"), 0);
  /* A reference whose times are 0 or infinite cannot scale anything: it is
   * not there as a reference (found by fuzz/ gate_compare: -2 from the
   * compare after has_impl had said yes). */
  for (int k = 0; k < 2; k++) {
    fake_init(&a, "find/glibc/x", k ? INFINITY : 0, NULL, 0, NAN);
    fake_init(&b, "find/glibc/x", 1000, NULL, 0, NAN);
    ra = one(&a);
    rb = one(&b);
    ASSERT_EQ(gate_has_impl(&ra, &rb, &defaults, "glibc"), 0);
    ASSERT_EQ(gate_compare(&ra, &rb, &p, &rep), -2);
    gate_report_free(&rep);
  }
}

/* A row of NS samples of instruction counter CNAME = CV per iteration,
 * with times that would be a time regression on their own. */
static void test_instructions(void) {
  fake a, b;
  gate_verdict v = GATE_NEW;
  gate_params p = defaults;
  rs_result ra, rb;
  gate_report rep;
  const char *n = "find/core/random/miss/page:4k/hay:1048576/needle:16";
  fake_init(&a, n, 1000, "instructions_avx2", 183838, NAN);
  fake_init(&b, n, 1000, "instructions_avx2", 183838, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, NULL));
  ASSERT_EQ(v, GATE_SAME); /* equal */
  fake_init(&b, n, 1000, "instructions_avx2", 183838 * 1.01, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, NULL));
  ASSERT_EQ(v, GATE_SLOWER); /* +1%: a regression, failing */
  ASSERT(gate_verdict_fails(v));
  ASSERT_STR_EQ(gate_verdict_name(v), "regression");
  fake_init(&b, n, 1000, "instructions_avx2", 183838 * 0.99, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, NULL));
  ASSERT_EQ(v, GATE_FASTER); /* -1%: an improvement */
  fake_init(&b, n, 1000, "instructions_avx2", 183838 * 1.004, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, NULL));
  ASSERT_EQ(v, GATE_SAME); /* +0.4% < 0.5% */
  fake_init(&b, n, 1000, "instructions_avx2", 183838 * 0.996, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, NULL));
  ASSERT_EQ(v, GATE_SAME);
  /* The tolerance is the option's: +0.4% fails at 0.3%, +1% passes at 2%;
   * with 0, any change counts, with 1, +100% still passes. */
  p.instr_tol = 0.003;
  fake_init(&b, n, 1000, "instructions_avx2", 183838 * 1.004, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, &p));
  ASSERT_EQ(v, GATE_SLOWER);
  p.instr_tol = 0.02;
  fake_init(&b, n, 1000, "instructions_avx2", 183838 * 1.01, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, &p));
  ASSERT_EQ(v, GATE_SAME);
  p.instr_tol = 0;
  fake_init(&b, n, 1000, "instructions_avx2", 183839, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, &p));
  ASSERT_EQ(v, GATE_SLOWER);
  p.instr_tol = 1;
  fake_init(&b, n, 1000, "instructions_avx2", 183838 * 2, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, &p));
  ASSERT_EQ(v, GATE_SAME);
  /* Not a time: no p, not in Holm's family; times 50% slower are judged
   * on their own row. */
  fake_init(&b, n, 1500, "instructions_avx2", 183838, NAN);
  ra = one(&a);
  rb = one(&b);
  ASSERT_EQ(gate_compare(&ra, &rb, &defaults, &rep), 0);
  ASSERT_EQ(rep.ntests, 1); /* the real_time row only */
  for (size_t i = 0; i < rep.nrows; i++)
    if (strcmp(rep.rows[i].metric, "instructions_avx2") == 0) {
      ASSERT(!rep.rows[i].tested);
      ASSERT(!rep.rows[i].is_time);
      ASSERT(isnan(rep.rows[i].p));
      ASSERT_EQ(rep.rows[i].verdict, GATE_SAME);
    }
  gate_report_free(&rep);
  /* Another instruction set in current: the baseline's counter is absent,
   * a failing row that says why; the new name is not compared. */
  fake_init(&b, n, 1000, "instructions_sse2", 183838, NAN);
  ra = one(&a);
  rb = one(&b);
  ASSERT_EQ(gate_compare(&ra, &rb, &defaults, &rep), 0);
  v = GATE_NEW;
  for (size_t i = 0; i < rep.nrows; i++) {
    ASSERT(strcmp(rep.rows[i].metric, "instructions_sse2") != 0);
    if (strcmp(rep.rows[i].metric, "instructions_avx2") == 0) {
      v = rep.rows[i].verdict;
      ASSERT_STR_EQ(rep.rows[i].note,
                    "absent in current, which counted the instructions of "
                    "another instruction set");
    }
  }
  ASSERT_EQ(v, GATE_CHANGED);
  ASSERT(gate_verdict_fails(v));
  ASSERT(rep.failures >= 1);
  gate_report_free(&rep);
  /* A file that counted instructions (context.instruction_count): its
   * times are valgrind's, none is judged, the counts are. */
  fake_init(&b, n, 1500, "instructions_avx2", 183838 * 1.01, NAN);
  ra = one(&a);
  rb = one(&b);
  rb.context = json_pack("{s:s}", "instruction_count", "callgrind 3.19.0");
  ASSERT(rb.context != NULL);
  ASSERT_EQ(gate_compare(&ra, &rb, &defaults, &rep), 0);
  ASSERT_EQ(rep.ntests, 0);
  ASSERT(rep.weakest == NULL);
  for (size_t i = 0; i < rep.nrows; i++) {
    ASSERT(!rep.rows[i].is_time);
    if (strcmp(rep.rows[i].metric, "instructions_avx2") == 0)
      ASSERT_EQ(rep.rows[i].verdict, GATE_SLOWER);
  }
  ASSERT_EQ(rep.failures, 1);
  gate_report_free(&rep);
  json_decref(rb.context);
  /* No counter at all in current: absent, failing. */
  fake_init(&b, n, 1000, NULL, 0, NAN);
  ASSERT(judge(&a, &b, "instructions_avx2", &v, NULL));
  ASSERT_EQ(v, GATE_CHANGED);
}

/* --instr-tolerance V parsed into *TOL: 0, or -1 with ERR set. */
static int parse_instr_tol(const char *v, double *tol, char *err, size_t len) {
  char *argv[] = {"gate", "--baseline",        "b",       "--current",
                  "c",    "--instr-tolerance", (char *)v, NULL};
  gate_opts o;
  int rc = gate_parse(v != NULL ? 7 : 5, argv, &o, err, len);
  *tol = o.params.instr_tol;
  return rc;
}

static void test_instr_option(void) {
  static const char *const bad[] = {"-0.01",
                                    "1.0000001",
                                    "2",
                                    "nan",
                                    "inf",
                                    "-inf",
                                    "1e999",
                                    "",
                                    "0x0.01",
                                    " 0.01",
                                    "9223372036854775807",
                                    "-9223372036854775808",
                                    "0.005%"};
  char err[256];
  double tol = -1;
  ASSERT_EQ(parse_instr_tol(NULL, &tol, err, sizeof err), 0);
  ASSERT_DBL(tol, ==, 0.005); /* the default */
  ASSERT_EQ(parse_instr_tol("0", &tol, err, sizeof err), 0);
  ASSERT_DBL(tol, ==, 0);
  ASSERT_EQ(parse_instr_tol("1", &tol, err, sizeof err), 0);
  ASSERT_DBL(tol, ==, 1);
  ASSERT_EQ(parse_instr_tol("1e-300", &tol, err, sizeof err), 0);
  ASSERT_DBL(tol, ==, 1e-300);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char want[128];
    ASSERT_EQ(parse_instr_tol(bad[i], &tol, err, sizeof err), -1);
    snprintf(want, sizeof want,
             "--instr-tolerance must be a number >= 0 and <= 1, not '%s'",
             bad[i]);
    ASSERT_STR_EQ(err, want);
  }
}

int main(void) {
  test_instr_option();
  test_instructions();
  test_reference();
  test_time();
  test_counts();
  test_bytes();
  test_presence();
  printf("gate.compare: ok\n");
  return 0;
}
