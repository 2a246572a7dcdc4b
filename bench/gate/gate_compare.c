/* gate_compare.c - judging current against baseline (gate_compare.h). */
#include "gate_compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gate_paired.h"
#include "gate_stats.h"

/* The counters that are counts, not times. */
static const char *const count_names[] = {"faults_per_page",
                                          "major_faults_per_page",
                                          "prep_faults_per_page",
                                          "maps",
                                          "mapped_bytes",
                                          "page_backed",
                                          NULL};

const char *gate_verdict_name(gate_verdict v) {
  static const char *const names[] = {
      "regression", "changed",   "error", "missing",      "improvement",
      "fixed",      "unchanged", "new",   "error in both"};
  return (size_t)v < sizeof names / sizeof names[0] ? names[v] : "?";
}

int gate_verdict_fails(gate_verdict v) {
  return v == GATE_SLOWER || v == GATE_CHANGED || v == GATE_ERROR ||
         v == GATE_MISSING;
}

/* Appends a row for BENCH to OUT; the new row (NANs, verdict unchanged),
 * or NULL out of memory. */
static gate_row *add_row(gate_report *out, const char *bench,
                         const char *metric) {
  gate_row *r = realloc(out->rows, (out->nrows + 1) * sizeof *r);
  if (r == NULL)
    return NULL;
  out->rows = r;
  r = &out->rows[out->nrows++];
  memset(r, 0, sizeof *r);
  r->bench = bench;
  r->metric = metric;
  r->base = r->cur = r->change = r->p = r->lo = r->hi = NAN;
  r->verdict = GATE_SAME;
  return r;
}

static double rel_change(double base, double cur) {
  if (isnan(base) || isnan(cur))
    return NAN;
  if (base == 0)
    return cur == 0 ? 0 : (cur > 0 ? INFINITY : -INFINITY);
  return cur / base - 1;
}

static size_t count_valid(const double *v, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += !isnan(v[i]);
  return k;
}

static int judge_time(gate_row *r, const double *x, size_t nx, const double *y,
                      size_t ny, const gate_params *p);

static int time_row(gate_report *out, const rs_bench *b, const rs_bench *c,
                    const gate_params *p) {
  const double *x = p->metric_cpu ? b->cpu_ns : b->real_ns;
  const double *raw = p->metric_cpu ? c->cpu_ns : c->real_ns;
  const int is_ref = p->reference != NULL && strcmp(b->impl, p->reference) == 0;
  double *y;
  gate_row *r;
  int rc;
  if ((r = add_row(out, b->name, p->metric_cpu ? "cpu_time" : "real_time")) ==
      NULL)
    return -1;
  r->is_time = 1;
  if (is_ref) {
    r->base = rs_median(x, b->nsamples); /* the yardstick: not judged */
    r->cur = rs_median(raw, c->nsamples);
    r->change = rel_change(r->base, r->cur);
    r->nbase = count_valid(x, b->nsamples);
    r->ncur = count_valid(raw, c->nsamples);
    r->note = p->paired != NULL
                  ? "reference: its round differences are subtracted, not "
                    "judged"
                  : "reference: sets the scale, not judged";
    return 0;
  }
  if (p->paired != NULL)
    return gate_paired_judge(r, p->paired, p, (const char *const *)out->refs,
                             out->nrefs);
  if ((y = malloc((c->nsamples ? c->nsamples : 1) * sizeof *y)) == NULL)
    return -1;
  for (size_t i = 0; i < c->nsamples; i++)
    y[i] = raw[i] / out->scale;
  rc = judge_time(r, x, b->nsamples, y, c->nsamples, p);
  free(y);
  return rc;
}

/* Fills the time row R from samples X (baseline) and Y (current, scaled)
 * and judges it; 0. */
static int judge_time(gate_row *r, const double *x, size_t nx, const double *y,
                      size_t ny, const gate_params *p) {
  gate_mwu_result t;
  r->base = rs_median(x, nx);
  r->cur = rs_median(y, ny);
  r->nbase = count_valid(x, nx);
  r->ncur = count_valid(y, ny);
  r->change = rel_change(r->base, r->cur);
  if (gate_mwu(x, nx, y, ny, &t) != 0)
    return 0; /* no samples on a side: nothing to judge */
  (void)p;
  r->p = r->change >= 0 ? t.p_greater : t.p_less;
  r->tested = 1; /* judged by holm() once every row is in */
  return 0;
}

static int by_p(const void *a, const void *b) {
  const gate_row *x = *(const gate_row *const *)a;
  const gate_row *y = *(const gate_row *const *)b;
  return (x->p > y->p) - (x->p < y->p);
}

/* Holm's step-down over the M tested time rows: the k-th smallest p (from
 * 0) is significant while it is below alpha / (M - k). A significant row
 * whose median moved by at least min_effect is slower or faster. This
 * keeps the chance of any false alarm in the whole gate below alpha. */
static int holm(gate_report *out, const gate_params *p) {
  const gate_row **t = malloc((out->nrows ? out->nrows : 1) * sizeof *t);
  size_t m = 0;
  if (t == NULL)
    return -1;
  for (size_t i = 0; i < out->nrows; i++)
    if (out->rows[i].tested)
      t[m++] = &out->rows[i];
  qsort(t, m, sizeof *t, by_p);
  out->ntests = m;
  for (size_t k = 0; k < m && t[k]->p < p->alpha / (double)(m - k); k++) {
    gate_row *r = (gate_row *)t[k];
    if (r->change >= p->min_effect)
      r->verdict = GATE_SLOWER;
    else if (r->change <= -p->min_effect)
      r->verdict = GATE_FASTER;
  }
  free(t);
  return 0;
}

/* 1 if NAME has a part "real_time" or "manual_time" (Google Benchmark's
 * suffix for UseRealTime / UseManualTime), 0 if not. */
static int rates_by_real_time(const rs_result *res, const char *name) {
  char part[256];
  if (json_object_get(res->context, "python_implementation") != NULL)
    return 1;
  for (size_t i = 0; rs_name_part(name, i, part, sizeof part); i++)
    if (strcmp(part, "real_time") == 0 || strcmp(part, "manual_time") == 0)
      return 1;
  return 0;
}

/* The median bytes processed per iteration of B in RES; NAN if none. */
static double bytes_median(const rs_result *res, const rs_bench *b, size_t *n) {
  const double *t = rates_by_real_time(res, b->name) ? b->real_ns : b->cpu_ns;
  double *v = malloc((b->nsamples ? b->nsamples : 1) * sizeof *v), m;
  if (v == NULL)
    return NAN;
  for (size_t i = 0; i < b->nsamples; i++)
    v[i] = b->bytes_per_second[i] * t[i] / 1e9;
  m = rs_median(v, b->nsamples);
  *n = count_valid(v, b->nsamples);
  free(v);
  return m;
}

static void judge_count(gate_row *r, const gate_params *p) {
  double allowed;
  r->change = rel_change(r->base, r->cur);
  if (isnan(r->base) && isnan(r->cur))
    return;
  if (isnan(r->base) || isnan(r->cur)) { /* on one side only */
    r->verdict = GATE_CHANGED;
    r->note = isnan(r->cur) ? "absent in current" : "absent in baseline";
    return;
  }
  allowed = fmax(p->count_tol * fabs(r->base), p->count_floor);
  if (fabs(r->cur - r->base) > allowed)
    r->verdict = GATE_CHANGED;
}

/* 1 if NAME is an instruction count ("instructions_<isa>"). */
static int is_instr(const char *name) {
  return strncmp(name, GATE_INSTR_PREFIX, strlen(GATE_INSTR_PREFIX)) == 0;
}

/* Judges the instruction count R (medians filled in): more than instr_tol
 * more is a regression, as many fewer an improvement. */
static void judge_instr(gate_row *r, const gate_params *p) {
  r->change = rel_change(r->base, r->cur);
  if (isnan(r->change))
    return;
  if (r->change > p->instr_tol)
    r->verdict = GATE_SLOWER;
  else if (r->change < -p->instr_tol)
    r->verdict = GATE_FASTER;
}

/* The rows of B's instruction counters against C's. A counter C lacks
 * fails: the build now runs another instruction set (another <isa> in the
 * name), or counted nothing. */
static int instr_rows(gate_report *out, const rs_bench *b, const rs_bench *c,
                      const gate_params *p) {
  int other = 0; /* C counts under another instruction set's name */
  for (size_t i = 0; i < c->ncounters; i++)
    other |= is_instr(c->counters[i].name) &&
             rs_bench_counter(b, c->counters[i].name) == NULL;
  for (size_t i = 0; i < b->ncounters; i++) {
    const rs_counter *x = &b->counters[i], *y;
    gate_row *r;
    if (!is_instr(x->name))
      continue;
    if ((r = add_row(out, b->name, x->name)) == NULL)
      return -1;
    y = rs_bench_counter(c, x->name);
    r->base = rs_median(x->values, b->nsamples);
    r->nbase = count_valid(x->values, b->nsamples);
    if (y == NULL) {
      r->verdict = GATE_CHANGED;
      r->note = other ? "absent in current, which counted the instructions "
                        "of another instruction set"
                      : "absent in current";
      continue;
    }
    r->cur = rs_median(y->values, c->nsamples);
    r->ncur = count_valid(y->values, c->nsamples);
    judge_instr(r, p);
  }
  return 0;
}

static int count_rows(gate_report *out, const rs_result *base,
                      const rs_bench *b, const rs_result *cur,
                      const rs_bench *c, const gate_params *p) {
  gate_row *r;
  for (size_t i = 0; count_names[i] != NULL; i++) {
    const rs_counter *x = rs_bench_counter(b, count_names[i]);
    const rs_counter *y = rs_bench_counter(c, count_names[i]);
    if (x == NULL) /* absent, or new in current: nothing to hold it to */
      continue;
    if ((r = add_row(out, b->name, count_names[i])) == NULL)
      return -1;
    r->base = x ? rs_median(x->values, b->nsamples) : NAN;
    r->cur = y ? rs_median(y->values, c->nsamples) : NAN;
    r->nbase = x ? count_valid(x->values, b->nsamples) : 0;
    r->ncur = y ? count_valid(y->values, c->nsamples) : 0;
    judge_count(r, p);
  }
  if (count_valid(b->bytes_per_second, b->nsamples) == 0 &&
      count_valid(c->bytes_per_second, c->nsamples) == 0)
    return 0;
  if ((r = add_row(out, b->name, "bytes")) == NULL)
    return -1;
  r->base = bytes_median(base, b, &r->nbase);
  r->cur = bytes_median(cur, c, &r->ncur);
  judge_count(r, p);
  return 0;
}

static int wanted(const gate_params *p, const char *name) {
  return p->only == NULL || regexec(p->only, name, 0, NULL, 0) == 0;
}

/* 1 if RES counted instructions (mmaplab-bench --instructions): its times
 * are valgrind's, not the program's. */
static int counted_instructions(const rs_result *res) {
  return json_object_get(res->context, "instruction_count") != NULL;
}

/* The rows of baseline benchmark B; TIMES 0: no time row. */
static int compare_one(gate_report *out, const rs_result *base,
                       const rs_bench *b, const rs_result *cur,
                       const gate_params *p, int times) {
  const rs_bench *c = rs_result_bench(cur, b->name);
  gate_row *r;
  gate_verdict v;
  if (c == NULL)
    v = GATE_MISSING;
  else if (c->nerrors > 0)
    v = b->nerrors > 0 ? GATE_BOTH_ERROR : GATE_ERROR;
  else if (b->nerrors > 0)
    v = GATE_FIXED;
  else
    return (times && time_row(out, b, c, p) != 0) ||
                   count_rows(out, base, b, cur, c, p) != 0 ||
                   instr_rows(out, b, c, p) != 0
               ? -1
               : 0;
  if ((r = add_row(out, b->name, "-")) == NULL)
    return -1;
  r->verdict = v;
  r->nbase = b->nsamples;
  r->ncur = c ? c->nsamples : 0;
  r->note = c && c->nerrors ? c->error_message : b->error_message;
  return 0;
}

/* The time row with the largest smallest-possible p, or NULL. */
static const gate_row *weakest_row(const gate_report *out) {
  const gate_row *w = NULL;
  for (size_t i = 0; i < out->nrows; i++) {
    const gate_row *r = &out->rows[i];
    if (r->is_time && (w == NULL || gate_mwu_min_p(r->nbase, r->ncur) >
                                        gate_mwu_min_p(w->nbase, w->ncur)))
      w = r;
  }
  return w;
}

/* The median time of B in P's metric where it can be a yardstick (finite
 * and positive), else 0. */
static double yardstick(const rs_bench *b, const gate_params *p) {
  const double m =
      rs_median(p->metric_cpu ? b->cpu_ns : b->real_ns, b->nsamples);
  return isfinite(m) && m > 0 ? m : 0;
}

int gate_has_impl(const rs_result *base, const rs_result *cur,
                  const gate_params *p, const char *impl) {
  for (size_t i = 0; i < base->nbenches; i++) {
    const rs_bench *b = &base->benches[i], *c;
    if (strcmp(b->impl, impl) == 0 && wanted(p, b->name) &&
        (c = rs_result_bench(cur, b->name)) != NULL && yardstick(b, p) > 0 &&
        yardstick(c, p) > 0)
      return 1;
  }
  return 0;
}

/* The reference's drift: the geometric mean over the benchmarks of impl
 * P->reference in both files (and P's filter) of median(CUR) /
 * median(BASE); 1 without a reference, 0 when none ran in both. */
static double reference_scale(const rs_result *base, const rs_result *cur,
                              const gate_params *p, size_t *n) {
  double logsum = 0;
  *n = 0;
  if (p->reference == NULL)
    return 1;
  for (size_t i = 0; i < base->nbenches; i++) {
    const rs_bench *b = &base->benches[i], *c;
    double mb, mc;
    if (strcmp(b->impl, p->reference) != 0 || !wanted(p, b->name) ||
        (c = rs_result_bench(cur, b->name)) == NULL)
      continue;
    if ((mb = yardstick(b, p)) == 0 || (mc = yardstick(c, p)) == 0)
      continue;
    logsum += log(mc / mb);
    (*n)++;
  }
  return *n > 0 ? exp(logsum / (double)*n) : 0;
}

/* The interleaved mode's reference: the names of the benchmarks of impl
 * P->reference in both files (and P's filter) with a yardstick time on
 * both sides, into OUT->refs. 0, or -1 out of memory. */
static int paired_refs(const rs_result *base, const rs_result *cur,
                       const gate_params *p, gate_report *out) {
  if (p->reference == NULL)
    return 0;
  if ((out->refs = malloc((base->nbenches ? base->nbenches : 1) *
                          sizeof *out->refs)) == NULL)
    return -1;
  for (size_t i = 0; i < base->nbenches; i++) {
    const rs_bench *b = &base->benches[i], *c;
    if (strcmp(b->impl, p->reference) == 0 && wanted(p, b->name) &&
        (c = rs_result_bench(cur, b->name)) != NULL && yardstick(b, p) > 0 &&
        yardstick(c, p) > 0)
      out->refs[out->nrefs++] = b->name;
  }
  return 0;
}

int gate_compare(const rs_result *base, const rs_result *cur,
                 const gate_params *p, gate_report *out) {
  const int times = !counted_instructions(base) && !counted_instructions(cur);
  memset(out, 0, sizeof *out);
  out->instructions = !times;
  if (p->paired != NULL) {
    if (paired_refs(base, cur, p, out) != 0)
      return -1;
    out->scale = 1;
    out->nreference = out->nrefs;
    if (p->reference != NULL && out->nrefs == 0)
      return -2;
  } else {
    out->scale = reference_scale(base, cur, p, &out->nreference);
  }
  if (out->scale == 0)
    return -2;
  for (size_t i = 0; i < base->nbenches; i++) {
    if (!wanted(p, base->benches[i].name))
      continue;
    out->benchmarks++;
    if (compare_one(out, base, &base->benches[i], cur, p, times) != 0)
      goto oom;
  }
  for (size_t i = 0; i < cur->nbenches; i++) {
    const rs_bench *c = &cur->benches[i];
    gate_row *r;
    if (!wanted(p, c->name) || rs_result_bench(base, c->name) != NULL)
      continue;
    out->benchmarks++;
    if ((r = add_row(out, c->name, "-")) == NULL)
      goto oom;
    r->verdict = GATE_NEW;
    r->ncur = c->nsamples;
    r->note = c->error_message;
  }
  if (p->paired != NULL) {
    for (size_t i = 0; i < out->nrows; i++)
      out->ntests += (size_t)out->rows[i].tested;
  } else if (holm(out, p) != 0) {
    goto oom;
  }
  for (size_t i = 0; i < out->nrows; i++)
    out->failures += (size_t)gate_verdict_fails(out->rows[i].verdict);
  out->weakest = weakest_row(out);
  return 0;
oom:
  gate_report_free(out);
  return -1;
}

void gate_report_free(gate_report *out) {
  free(out->rows);
  free(out->refs);
  memset(out, 0, sizeof *out);
}
