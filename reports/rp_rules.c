/* rp_rules.c - the anomaly rules of the findings (rp_rules.h). */
#include "rp_rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_bstatus.h"
#include "ut_str.h"

/* Adds a hit (LABEL, ID and NOTE copied or taken as said) to R. */
static int hit(rp_rule *r, const char *label, const char *id, char *note) {
  if (ut_grow(&r->hits, &r->cap, r->nhits + 1, sizeof *r->hits, 8) != 0) {
    free(note);
    return -1;
  }
  r->hits[r->nhits++] =
      (rp_hit){ut_xstrdup(label), ut_xstrdup(id), note}; /* note: taken */
  return 0;
}

void rp_rule_free(rp_rule *r) {
  for (size_t i = 0; i < r->nhits; i++) {
    free(r->hits[i].label);
    free(r->hits[i].id);
    free(r->hits[i].note);
  }
  free(r->hits);
  memset(r, 0, sizeof *r);
}

/* The reason in a page mode's note ("unavailable: 0 usable 2 MiB hugetlb
 * pages, 1 needed (nr=0 ...); root can ..."): after the first ": ", up to
 * the first " (" or ";", as a new string. */
static char *mode_reason(const char *note) {
  const char *s = strstr(note, ": ");
  size_t n;
  s = s ? s + 2 : note;
  n = strcspn(s, ";(");
  while (n > 0 && s[n - 1] == ' ')
    n--;
  return ut_xasprintf("%.*s", (int)n, s);
}

/* Names rule R: what it finds, one and several of what it checks, and the
 * table its findings link to. */
static void rule_names(rp_rule *r, const char *what, const char *one,
                       const char *many, const char *table) {
  r->what = what;
  r->checked_one = one;
  r->checked_what = many;
  r->table = table;
}

int rp_rule_page_modes(const rp_build *b, rp_rule *r) {
  rp_strs modes = {0};
  size_t *fell = NULL;
  char id[96];
  int rc = rp_page_modes(b, &modes);
  if (rc == 0 && (fell = calloc(modes.n + 1, sizeof *fell)) == NULL)
    rc = -1;
  if (rc == 0)
    rp_page_mode_counts(b, NULL, &modes, NULL, fell);
  rule_names(r, "page mode not obtained", "page mode asked for",
             "page modes asked for", "t-page-modes");
  snprintf(r->rule, sizeof r->rule,
           "unavailable, its probe fell back, or a benchmark's memory fell "
           "back from it");
  for (size_t i = 0; rc == 0 && i < modes.n; i++) {
    const char *note = rp_page_mode_note(b, modes.v[i]);
    if (fell[i] == 0 && (note == NULL || strncmp(note, "not asked", 9) == 0))
      continue;
    r->checked++;
    rp_doc_id(id, sizeof id, "pm", modes.v[i]);
    if (rp_page_mode_missing(note))
      rc = hit(r, modes.v[i], id, mode_reason(note));
    else if (fell[i] > 0)
      rc = hit(r, modes.v[i], id,
               ut_xasprintf("%zu benchmark%s fell back from it", fell[i],
                            fell[i] == 1 ? "" : "s"));
  }
  rp_strs_free(&modes);
  free(fell);
  return rc;
}

int rp_rule_errors(const rp_build *b, rp_rule *r) {
  char mode[64], label[512], id[600];
  int rc = 0;
  rule_names(r, "benchmark errors", "benchmark", "benchmarks", "t-errors");
  snprintf(r->rule, sizeof r->rule, "a repetition reported an error");
  for (size_t i = 0; rc == 0 && i < b->nres; i++)
    for (size_t k = 0; rc == 0 && k < b->res[i].nbenches; k++) {
      const rs_bench *bench = &b->res[i].benches[k];
      r->checked++;
      if (bench->nerrors == 0 || rp_bench_fallback(bench, mode, sizeof mode))
        continue;
      rp_name_short(bench->name, label, sizeof label);
      rp_error_id(id, sizeof id, bench);
      rc =
          hit(r, label, id,
              ut_xasprintf("%.100s", bench->error_message ? bench->error_message
                                                          : "no message"));
    }
  return rc;
}

double rp_rule_expected_faults(const char *mode) {
  return strcmp(mode, "4k") == 0                                   ? 1.0
         : strcmp(mode, "thp") == 0 || strcmp(mode, "huge2m") == 0 ? 1.0 / 512
         : strcmp(mode, "huge1g") == 0 ? 1.0 / 262144
                                       : 0;
}

/* A fault benchmark's name, split: kind, access, prep and page mode; 0 if
 * it is not of that shape. */
typedef struct fault_name {
  char kind[64], access[64], prep[64], mode[64];
} fault_name;

static int split_fault(const rs_bench *b, fault_name *f) {
  return strcmp(b->family, "fault") == 0 &&
         rs_name_part(b->name, 1, f->kind, sizeof f->kind) &&
         rs_name_part(b->name, 2, f->access, sizeof f->access) &&
         rs_name_part(b->name, 3, f->prep, sizeof f->prep) &&
         rs_name_param(b->name, "page", f->mode, sizeof f->mode);
}

/* The label and anchor of fault benchmark B's row in the fault table. */
static void fault_row(const rs_bench *b, char *label, size_t llen, char *id,
                      size_t ilen) {
  char row[512];
  rp_name_drop(b->name, 0, row, sizeof row);
  rp_doc_id(id, ilen, "r-fault", row);
  rp_name_short(row, label, llen);
}

/* "1" or "1/512": an expected count of one fault per N pages. */
static void per_pages(char *buf, size_t len, double expected) {
  if (expected >= 1)
    snprintf(buf, len, "%.0f", expected);
  else
    snprintf(buf, len, "1/%.0f", 1 / expected);
}

int rp_rule_faults(const rp_pool *p, rp_rule *r) {
  int rc = 0;
  rule_names(r, "faults per page off the expected", "fault row", "fault rows",
             "t-fault");
  snprintf(r->rule, sizeof r->rule,
           "expected 1 per 4 KiB page, 1/512 per 2 MiB page, within %.0f%%; "
           "plain touches of anonymous maps and private file writes",
           100 * RP_RULE_FAULT_TOLERANCE);
  for (size_t k = 0; rc == 0 && k < p->n; k++) {
    const rs_bench *b = p->e[k].b;
    fault_name f;
    double expected, v;
    char label[512], id[600], want[32], got[32];
    if (!split_fault(b, &f) || strcmp(f.prep, "plain") != 0 ||
        !(strncmp(f.kind, "anon-", 5) == 0 ||
          (strcmp(f.kind, "file-private") == 0 &&
           strcmp(f.access, "write") == 0)) ||
        (expected = rp_rule_expected_faults(f.mode)) == 0 ||
        isnan(v = rp_counter(b, "faults_per_page")))
      continue;
    r->checked++;
    if (fabs(v / expected - 1) <= RP_RULE_FAULT_TOLERANCE)
      continue;
    fault_row(b, label, sizeof label, id, sizeof id);
    per_pages(want, sizeof want, expected);
    rp_num(got, sizeof got, v);
    rc = hit(r, label, id,
             ut_xasprintf("%s faults/page, expected %s", got, want));
  }
  return rc;
}

int rp_rule_populate(const rp_pool *p, rp_rule *r) {
  int rc = 0;
  rule_names(r, "cost after MAP_POPULATE not near zero", "MAP_POPULATE row",
             "MAP_POPULATE rows", "t-fault");
  snprintf(r->rule, sizeof r->rule,
           "near zero: at most %.0f%% of the ns/page of the same touch "
           "without it",
           100 * RP_RULE_POPULATE_NEAR);
  for (size_t k = 0; rc == 0 && k < p->n; k++) {
    const rs_bench *b = p->e[k].b;
    const rp_entry *twin;
    fault_name f;
    char plain[512], label[512], id[600], vs[32], ps[32];
    double v, v0;
    if (!split_fault(b, &f) || strcmp(f.prep, "populate") != 0 ||
        !rp_name_replace(b->name, 3, "plain", plain, sizeof plain) ||
        (twin = rp_pool_get(p, plain)) == NULL ||
        isnan(v = rp_counter(b, "ns_per_page")) ||
        !((v0 = rp_counter(twin->b, "ns_per_page")) > 0))
      continue;
    r->checked++;
    if (v <= RP_RULE_POPULATE_NEAR * v0)
      continue;
    fault_row(b, label, sizeof label, id, sizeof id);
    rp_num(vs, sizeof vs, v);
    rp_num(ps, sizeof ps, v0);
    rc = hit(r, label, id,
             ut_xasprintf("%s ns/page, %.0f%% of %s without it", vs,
                          100 * v / v0, ps));
  }
  return rc;
}
