/* rp_findings.c - the Findings section of a report (rp_findings.h). */
#include "rp_findings.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_conform.h"
#include "rp_rules.h"
#include "rp_tables.h"
#include "ut_str.h"

/* A link to the anchor ID with TEXT, recorded in B->linked. */
static int link_to(rp_build *b, const char *id, const char *text) {
  char *href = ut_xasprintf("#%s", id);
  const long rc = rp_strs_intern(&b->linked, id);
  rp_doc_link(&b->doc, href, text);
  free(href);
  return rc < 0 ? -1 : 0;
}

/* printf-formatted plain text into the current item. */
__attribute__((format(printf, 2, 3))) static void textf(rp_build *b,
                                                        const char *fmt, ...);

static void textf(rp_build *b, const char *fmt, ...) {
  va_list ap;
  char buf[1024];
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  rp_doc_text(&b->doc, buf);
}

static long long count(const json_t *counts, const char *grade) {
  return (long long)json_integer_value(json_object_get(counts, grade));
}

/* The failed cases of the conformance report R, the first
 * RP_FINDINGS_SHOWN linked to their rows, then how many more (counted
 * from the cases, which the failures table lists, not from "counts"). */
static int failed_cases(rp_build *b, const rs_result *r) {
  size_t k, shown = 0, nfail = 0;
  json_t *kase;
  int rc = 0;
  json_array_foreach(json_object_get(r->root, "cases"), k, kase) {
    const char *g = json_string_value(json_object_get(kase, "grade"));
    const char *id = json_string_value(json_object_get(kase, "id"));
    const char *level = json_string_value(json_object_get(kase, "level"));
    char anchor[600];
    if (g == NULL || strcmp(g, "fail") != 0 || nfail++ >= RP_FINDINGS_SHOWN)
      continue;
    rp_conform_case_id(anchor, sizeof anchor, r, id ? id : "?");
    textf(b, "%s", shown++ ? ", " : "");
    rc |= link_to(b, anchor, id ? id : "?");
    textf(b, " (%s)", level ? level : "?");
  }
  if (nfail > shown) {
    char *more = ut_xasprintf("%zu more", nfail - shown);
    textf(b, ", and ");
    rc |= link_to(b, "t-conform-fail", more);
    free(more);
  }
  return rc;
}

/* One line per conformance report: its verdict. */
static int conformance_lines(rp_build *b) {
  int any = 0, rc = 0;
  for (size_t i = 0; i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    const json_t *counts = json_object_get(r->root, "counts");
    const char *golden = json_string_value(json_object_get(r->root, "golden"));
    const long long nfail = count(counts, "fail");
    char id[160];
    if (r->kind != RS_RESULT_CONFORMANCE)
      continue;
    any = 1;
    rp_doc_item(&b->doc);
    textf(b, "Conformance of ");
    rp_conform_host_id(id, sizeof id, r);
    rc |= link_to(b, id, rp_conform_host(r));
    textf(b, " against %s: ", golden ? golden : "?");
    if (nfail == 0)
      textf(b, "no failures among %zu cases",
            json_array_size(json_object_get(r->root, "cases")));
    else {
      char *failed =
          ut_xasprintf("%lld of %zu cases failed", nfail,
                       json_array_size(json_object_get(r->root, "cases")));
      rp_doc_strong(&b->doc, failed);
      textf(b, ": ");
      free(failed);
      rc |= failed_cases(b, r);
    }
    textf(b, " (%lld pass, %lld expected, %lld reference-crash, %lld skip).",
          count(counts, "pass"), count(counts, "expected"),
          count(counts, "reference-crash"), count(counts, "skip"));
    rp_doc_item_end(&b->doc);
  }
  if (!any) {
    rp_doc_item(&b->doc);
    textf(b, "Conformance: no conformance report among the inputs.");
    rp_doc_item_end(&b->doc);
  }
  return rc;
}

/* The ratios core/OTHER of FAMILY's rows in P: their number, median and
 * range. */
typedef struct ratios {
  size_t n;
  double median, lo, hi;
} ratios;

static ratios family_ratios(const rp_pool *p, const char *family,
                            const char *other) {
  ratios s = {0, NAN, INFINITY, -INFINITY};
  double *v = malloc((p->n + 1) * sizeof *v);
  if (v == NULL)
    return s;
  for (size_t k = 0; k < p->n; k++) {
    const rs_bench *b = p->e[k].b;
    const rp_entry *o;
    const char *tail;
    double a, c;
    char rest[512], name[600];
    if (strcmp(b->family, family) != 0 || strcmp(b->impl, "core") != 0)
      continue;
    rp_name_drop(b->name, 0, rest, sizeof rest); /* "core/random/..." */
    if ((tail = strchr(rest, '/')) == NULL)
      continue;
    snprintf(name, sizeof name, "%s/%s%s", family, other, tail);
    if ((o = rp_pool_get(p, name)) == NULL ||
        !isfinite(a = rp_pivot_value(family, b)) ||
        !isfinite(c = rp_pivot_value(family, o->b)) || c <= 0)
      continue;
    v[s.n] = a / c;
    s.lo = fmin(s.lo, v[s.n]);
    s.hi = fmax(s.hi, v[s.n]);
    s.n++;
  }
  s.median = rs_median(v, s.n);
  free(v);
  return s;
}

/* One line per family of P with ratios core/glibc or core/cpython. */
static int ratio_lines(rp_build *b, const rp_pool *p) {
  static const char *const others[] = {"glibc", "cpython"};
  rp_strs fams = {0};
  int rc = rp_families(p, &fams), lines = 0;
  for (size_t i = 0; rc == 0 && i < fams.n; i++) {
    const char *f = fams.v[i];
    const int time = strcmp(f, "open") == 0;
    ratios r[2];
    char id[160];
    int any = 0;
    if (!rp_is_pivot(f))
      continue;
    for (size_t o = 0; o < 2; o++)
      any |= (r[o] = family_ratios(p, f, others[o])).n > 0;
    if (!any)
      continue;
    lines++;
    rp_doc_item(&b->doc);
    rp_doc_id(id, sizeof id, "t", f);
    rc |= link_to(b, id, f);
    textf(b, " (%s; %s 1: core faster):", time ? "us per open+close" : "GB/s",
          time ? "below" : "above");
    for (size_t o = 0, n = 0; o < 2; o++)
      if (r[o].n > 0)
        textf(b, "%s core/%s median %.2f over %zu cases (%.2f to %.2f)",
              n++ ? ";" : "", others[o], r[o].median, r[o].n, r[o].lo, r[o].hi);
    textf(b, ".");
    rp_doc_item_end(&b->doc);
  }
  if (rc == 0 && lines == 0 && p->n > 0) {
    rp_doc_item(&b->doc);
    textf(b, "Ratios: no family measures core beside glibc or cpython.");
    rp_doc_item_end(&b->doc);
  }
  rp_strs_free(&fams);
  return rc;
}

/* What R checked, singular or plural as its count. */
static const char *units(const rp_rule *r) {
  return r->checked == 1 ? r->checked_one : r->checked_what;
}

/* The line of a rule that flagged rows. */
static int anomaly_line(rp_build *b, const rp_rule *r) {
  int rc = 0;
  rp_doc_item(&b->doc);
  rp_doc_strong(&b->doc, "Anomaly");
  textf(b, ", %s: %zu of %zu %s (%s): ", r->what, r->nhits, r->checked,
        units(r), r->rule);
  for (size_t i = 0; i < r->nhits && i < RP_FINDINGS_SHOWN; i++) {
    textf(b, "%s", i ? "; " : "");
    rc |= link_to(b, r->hits[i].id, r->hits[i].label);
    textf(b, ": %s", r->hits[i].note);
  }
  if (r->nhits > RP_FINDINGS_SHOWN) {
    char *more = ut_xasprintf("%zu more", r->nhits - RP_FINDINGS_SHOWN);
    textf(b, "; and ");
    rc |= link_to(b, r->table, more);
    free(more);
  }
  textf(b, ".");
  rp_doc_item_end(&b->doc);
  return rc;
}

/* The anomalies of B's benchmarks: a line per rule that flagged rows,
 * then one for those that flagged none. */
static int anomaly_lines(rp_build *b, const rp_pool *p) {
  rp_rule r[4];
  size_t clean = 0;
  int rc = 0, gbench = 0;
  for (size_t i = 0; i < b->nres; i++)
    gbench |= b->res[i].kind == RS_RESULT_GBENCH;
  if (!gbench) {
    rp_doc_item(&b->doc);
    textf(b, "Benchmarks: no benchmark results among the inputs.");
    rp_doc_item_end(&b->doc);
    return 0;
  }
  memset(r, 0, sizeof r);
  if (rp_rule_page_modes(b, &r[0]) != 0 || rp_rule_errors(b, &r[1]) != 0 ||
      rp_rule_faults(p, &r[2]) != 0 || rp_rule_populate(p, &r[3]) != 0)
    rc = -1;
  for (size_t i = 0; rc == 0 && i < 4; i++)
    if (r[i].nhits > 0)
      rc = anomaly_line(b, &r[i]);
  for (size_t i = 0; rc == 0 && i < 4; i++) {
    if (r[i].nhits > 0)
      continue;
    if (clean++ == 0) {
      rp_doc_item(&b->doc);
      rp_doc_strong(&b->doc, "No anomalies");
      textf(b, ": ");
    } else
      textf(b, "; ");
    if (r[i].checked == 0)
      textf(b, "%s: no %s to check", r[i].what, r[i].checked_what);
    else
      textf(b, "%s: none among %zu %s (%s)", r[i].what, r[i].checked,
            units(&r[i]), r[i].rule);
  }
  if (rc == 0 && clean > 0) {
    textf(b, ".");
    rp_doc_item_end(&b->doc);
  }
  for (size_t i = 0; i < 4; i++)
    rp_rule_free(&r[i]);
  return rc;
}

int rp_findings_section(rp_build *b, const rp_pool *p) {
  int rc;
  rp_doc_section(&b->doc, "findings");
  rp_doc_heading(&b->doc, 2, "Findings");
  rp_doc_list(&b->doc);
  rc = conformance_lines(b);
  if (rc == 0)
    rc = ratio_lines(b, p);
  if (rc == 0)
    rc = anomaly_lines(b, p);
  rp_doc_list_end(&b->doc);
  rp_doc_section_end(&b->doc);
  return rc;
}
