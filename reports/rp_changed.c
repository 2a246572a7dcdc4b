/* rp_changed.c - the rows that changed between machines (rp_changed.h). */
#include "rp_changed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_str.h"

/* The counters that are counts, not times. */
static const char *const counts[] = {
    "faults_per_page",       "major_faults_per_page",
    "minor_faults_per_page", "pages_per_fault",
    "resident_per_fault",    "prep_faults_per_page",
    "page_backed",           NULL};

static int count_changed(double base, double cur) {
  const double tol =
      fmax(RP_CHANGED_COUNT_REL * fabs(base), RP_CHANGED_COUNT_ABS);
  return fabs(cur - base) > tol;
}

static int time_changed(double base, double cur) {
  if (!(base > 0) || !(cur > 0))
    return 0;
  return cur / base >= RP_CHANGED_TIME_FACTOR ||
         base / cur >= RP_CHANGED_TIME_FACTOR;
}

static void row(rp_build *b, const char *name, const char *metric, double base,
                double cur) {
  char v0[64], v1[64], r[64];
  const char *cells[5];
  rp_num(v0, sizeof v0, base);
  rp_num(v1, sizeof v1, cur);
  rp_ratio(r, sizeof r, cur, base);
  cells[0] = name;
  cells[1] = metric;
  cells[2] = isnan(base) ? "none" : v0;
  cells[3] = isnan(cur) ? "none" : v1;
  cells[4] = isnan(base) || isnan(cur) ? "" : r;
  rp_doc_row(&b->doc, cells);
}

/* A row measured on one of the two machines only. */
static void presence_row(rp_build *b, const char *name, int on_first) {
  const char *cells[5] = {name, "measured", on_first ? "yes" : "no",
                          on_first ? "no" : "yes", ""};
  rp_doc_row(&b->doc, cells);
}

/* The names measured on M1 or on MI, sorted, into OUT. 0 or -1. */
static int names_of(const rp_machine *m1, const rp_machine *mi, rp_strs *out) {
  const rp_machine *both[2] = {m1, mi};
  for (size_t k = 0; k < 2; k++)
    for (size_t e = 0; e < both[k]->pool.n; e++)
      if (rp_strs_intern(out, both[k]->pool.e[e].b->name) < 0)
        return -1;
  rp_strs_sort(out);
  return 0;
}

/* Writes the changed metrics of NAME; returns 1 if any, 0 if none. With
 * PASS 0 only counts and presence, with PASS 1 only times. */
static int one(rp_build *b, const rp_machine *m1, const rp_machine *mi,
               const char *name, int pass, int write) {
  const rp_entry *e0 = rp_pool_get(&m1->pool, name);
  const rp_entry *e1 = rp_pool_get(&mi->pool, name);
  int changed = 0;
  if (e0 == NULL || e1 == NULL) {
    if (pass == 0 && write)
      presence_row(b, name, e0 != NULL);
    return pass == 0;
  }
  for (size_t c = 0; pass == 0 && counts[c] != NULL; c++) {
    const double v0 = rp_counter(e0->b, counts[c]);
    const double v1 = rp_counter(e1->b, counts[c]);
    if (isnan(v0) && isnan(v1))
      continue;
    if (isnan(v0) != isnan(v1) || count_changed(v0, v1)) {
      changed = 1;
      if (write)
        row(b, name, counts[c], v0, v1);
    }
  }
  if (pass == 1) {
    const double t0 = rp_time_ns(e0->b), t1 = rp_time_ns(e1->b);
    if (time_changed(t0, t1)) {
      changed = 1;
      if (write)
        row(b, name, "time (ns)", t0, t1);
    }
  }
  return changed;
}

long rp_changed_section(rp_build *b, const rp_machine *m, size_t n) {
  static const char *const head[] = {"row", "metric", "M1", "Mi", "Mi/M1"};
  long total = 0;
  rp_doc_heading_id(&b->doc, 2, "changed", "Rows that changed");
  for (size_t i = 1; i < n; i++) {
    rp_strs names = {0};
    size_t nchanged = 0;
    char *text;
    if (names_of(&m[0], &m[i], &names) != 0) {
      rp_strs_free(&names);
      return -1;
    }
    for (size_t k = 0; k < names.n; k++)
      if (one(b, &m[0], &m[i], names.v[k], 0, 0) ||
          one(b, &m[0], &m[i], names.v[k], 1, 0))
        nchanged++;
    text = ut_xasprintf(
        "M%zu against M1: %zu of %zu rows changed (counts beyond "
        "max(%g%%, %g), times by %gx or more, or measured on one only).",
        i + 1, nchanged, names.n, RP_CHANGED_COUNT_REL * 100,
        RP_CHANGED_COUNT_ABS, RP_CHANGED_TIME_FACTOR);
    rp_doc_para(&b->doc, text);
    free(text);
    if (nchanged > 0) {
      char h3[32], h4[32];
      const char *cols[5];
      memcpy(cols, head, sizeof cols);
      snprintf(h3, sizeof h3, "M%zu", i + 1);
      snprintf(h4, sizeof h4, "M%zu/M1", i + 1);
      cols[3] = h3;
      cols[4] = h4;
      rp_doc_table(&b->doc, 5, cols);
      for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < names.n; k++)
          (void)one(b, &m[0], &m[i], names.v[k], pass, 1);
      rp_doc_table_end(&b->doc);
    }
    total += (long)nchanged;
    rp_strs_free(&names);
  }
  return total;
}
