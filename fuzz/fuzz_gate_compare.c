/* fuzz_gate_compare.c - fuzz target gate_compare: the gate's judging
 * (bench/gate: gate_compare.c, gate_stats.c, gate_fp.c, and the rendering
 * of gate_render.c and gate_junit.c) over two result files built from the
 * input.
 *
 * Input: 4 bytes of parameters (alpha, minimum effect, count tolerance,
 * metric, reference, filter), then the baseline file, a NUL byte, and the
 * current file; without a NUL the baseline is compared with itself. The
 * files go through the results loader as `mmaplab gate` reads them.
 *
 * What must hold: the Mann-Whitney U of every benchmark pair is the count
 * of pairs it stands for, its two one-sided p values lie in [0, 1], sum to
 * at least 1, swap when the samples do, and an exact p is never below the
 * smallest p those sample sizes allow; every row belongs to a benchmark of
 * one of the files; the failures are the rows whose verdict fails; a file
 * compared with itself fails nothing (at alpha <= 0.5: identical samples
 * give p >= 0.5); both renderings exist and the JSON one says the same
 * verdict.
 */
#include "fuzz_input.h"
#include "gate_compare.h"
#include "gate_fp.h"
#include "gate_junit.h"
#include "gate_render.h"
#include "gate_stats.h"
#include "results.h"

#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* U counted pair by pair; the p values against each other. */
static void check_mwu(const double *x, size_t n, const double *y, size_t m) {
  gate_mwu_result r, s;
  double u = 0;
  size_t nx = 0, ny = 0;
  for (size_t i = 0; i < n; i++)
    nx += !isnan(x[i]);
  for (size_t j = 0; j < m; j++)
    ny += !isnan(y[j]);
  if (gate_mwu(x, n, y, m, &r) != 0) {
    if (nx > 0 && ny > 0)
      fz_fail("mwu refused %zu and %zu samples", nx, ny);
    return;
  }
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      if (!isnan(x[i]) && !isnan(y[j]))
        u += y[j] > x[i] ? 1 : y[j] == x[i] ? 0.5 : 0;
  if (u != r.u)
    fz_fail("mwu: U %g, counted %g (%zu x %zu)", r.u, u, nx, ny);
  if (!(r.p_greater >= 0 && r.p_greater <= 1 && r.p_less >= 0 &&
        r.p_less <= 1 && r.p_greater + r.p_less >= 1 - 1e-9))
    fz_fail("mwu: p_greater %g, p_less %g", r.p_greater, r.p_less);
  if (r.exact && r.p_greater < gate_mwu_min_p(nx, ny) * (1 - 1e-9))
    fz_fail("mwu: exact p %g below the least possible %g", r.p_greater,
            gate_mwu_min_p(nx, ny));
  if (gate_mwu(y, m, x, n, &s) != 0 || fabs(s.p_greater - r.p_less) > 1e-9 ||
      fabs(s.p_less - r.p_greater) > 1e-9)
    fz_fail("mwu: swapping the samples does not swap the p values");
}

static int has_bench(const rs_result *r, const char *name) {
  return rs_result_bench(r, name) != NULL;
}

static void check_report(const rs_result *base, const rs_result *cur,
                         const gate_report *rep, int self) {
  size_t failures = 0;
  for (size_t i = 0; i < rep->nrows; i++) {
    const gate_row *row = &rep->rows[i];
    if (!has_bench(base, row->bench) && !has_bench(cur, row->bench))
      fz_fail("row of \"%s\", a benchmark of neither file", row->bench);
    if (!isnan(row->p) && !(row->p >= 0 && row->p <= 1))
      fz_fail("row of \"%s\": p %g", row->bench, row->p);
    failures += (size_t)gate_verdict_fails(row->verdict);
    if (self && gate_verdict_fails(row->verdict) && row->verdict != GATE_ERROR)
      fz_fail("a file compared with itself: \"%s\" %s is %s", row->bench,
              row->metric, gate_verdict_name(row->verdict));
  }
  if (failures != rep->failures)
    fz_fail("%zu failing rows, the report counts %zu", failures, rep->failures);
}

/* Renders the verdict as `mmaplab gate` does and checks the JSON's word. */
static void render(const rs_result *base, const rs_result *cur,
                   const gate_params *p, const gate_report *rep) {
  json_t *fpdiff = gate_fp_diff(base, cur), *js;
  const gate_view v = {.base = base,
                       .cur = cur,
                       .params = p,
                       .filter = NULL,
                       .force = 1,
                       .fpdiff = fpdiff,
                       .fp_missing = base->fingerprint == NULL ||
                                     cur->fingerprint == NULL,
                       .report = rep};
  char line[2048], *md, *text, *xml;
  if (fpdiff == NULL)
    fz_fail("fp_diff gave NULL");
  gate_fp_line(fpdiff, line, sizeof line);
  gate_verdict_line(&v, line, sizeof line);
  if ((md = gate_markdown(&v)) == NULL || (js = gate_json(&v)) == NULL)
    fz_fail("the gate's verdict could not be rendered");
  if ((text = json_dumps(js, JSON_INDENT(1))) == NULL)
    fz_fail("the gate's JSON does not serialise");
  if (json_integer_value(json_object_get(js, "exit_status")) !=
      (rep->failures > 0 ? 1 : 0))
    fz_fail("JSON exit_status %lld with %zu failures",
            (long long)json_integer_value(json_object_get(js, "exit_status")),
            rep->failures);
  if ((xml = gate_junit(&v)) == NULL)
    fz_fail("the gate's JUnit XML could not be rendered");
  for (const char *s = xml; *s; s++) /* XML 1.0 holds none of them */
    if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
      fz_fail("raw control byte 0x%02x in the JUnit XML", (unsigned char)*s);
  free(xml);
  free(text);
  free(md);
  json_decref(js);
  json_decref(fpdiff);
}

static void params_from(fz_input *in, gate_params *p, regex_t *re,
                        int *have_re) {
  static const double alphas[] = {0.05, 0.5, 1e-9, 0.999};
  static const double effects[] = {0.05, 0, 1, 1e9};
  static const double tols[] = {0.02, 0, 1, 1e-300};
  static const char *const refs[] = {NULL, "glibc", "core", ""};
  static const char *const filters[] = {NULL, "/core/", "^rfind", "page:4k"};
  const uint8_t a = fz_u8(in), b = fz_u8(in), c = fz_u8(in), d = fz_u8(in);
  const char *filter = filters[d % 4];
  memset(p, 0, sizeof *p); /* fields added later (paired) start NULL */
  p->alpha = alphas[a % 4];
  p->min_effect = effects[(a >> 2) % 4];
  p->count_tol = tols[b % 4];
  p->count_floor = (b >> 2) & 1 ? 0.001 : 0;
  p->metric_cpu = (b >> 3) & 1;
  p->reference = refs[c % 4];
  p->instr_tol = tols[(c >> 2) % 4];
  p->only = NULL;
  *have_re =
      filter != NULL && regcomp(re, filter, REG_EXTENDED | REG_NOSUB) == 0;
  if (*have_re)
    p->only = re;
}

static void judge(const rs_result *base, const rs_result *cur,
                  const gate_params *p, int self) {
  gate_report rep;
  int rc;
  for (size_t i = 0; i < base->nbenches; i++) {
    const rs_bench *b = &base->benches[i];
    const rs_bench *c = rs_result_bench(cur, b->name);
    if (c != NULL)
      check_mwu(p->metric_cpu ? b->cpu_ns : b->real_ns, b->nsamples,
                p->metric_cpu ? c->cpu_ns : c->real_ns, c->nsamples);
  }
  rc = gate_compare(base, cur, p, &rep);
  if (rc == -1)
    fz_fail("gate compare: out of memory");
  if (rc == -2) {
    if (p->reference == NULL || gate_has_impl(base, cur, p, p->reference))
      fz_fail("gate compare: -2 although the reference ran in both");
    return;
  }
  check_report(base, cur, &rep, self);
  render(base, cur, p, &rep);
  gate_report_free(&rep);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_input in = {data, size};
  gate_params p;
  regex_t re;
  rs_result base, cur;
  const uint8_t *text, *nul;
  size_t blen, clen;
  char err[300];
  int have_re, self;
  params_from(&in, &p, &re, &have_re);
  text = in.p;
  nul = memchr(text, '\0', in.n);
  blen = nul != NULL ? (size_t)(nul - text) : in.n;
  clen = nul != NULL ? in.n - blen - 1 : in.n;
  self = nul == NULL || (blen == clen && memcmp(text, nul + 1, blen) == 0);
  if (rs_result_load_text("base.json", (const char *)text, blen, &base, err,
                          sizeof err) == 0) {
    if (rs_result_load_text("cur.json", (const char *)(nul ? nul + 1 : text),
                            clen, &cur, err, sizeof err) == 0) {
      if (base.kind == RS_RESULT_GBENCH && cur.kind == RS_RESULT_GBENCH)
        judge(&base, &cur, &p, self && p.alpha <= 0.5);
      rs_result_free(&cur);
    }
    rs_result_free(&base);
  }
  if (have_re)
    regfree(&re);
  return 0;
}
