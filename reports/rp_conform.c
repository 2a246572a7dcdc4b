/* rp_conform.c - the conformance section of a report (rp_conform.h). */
#include "rp_conform.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_chart.h"
#include "rp_conform_matrix.h"

/* Column order within a host. */
static const char *const grade_cols[] = {"pass",
                                         "fail outcome",
                                         "fail type",
                                         "fail value",
                                         "fail message",
                                         "fail file",
                                         "fail expectation",
                                         "expected outcome",
                                         "expected type",
                                         "expected value",
                                         "expected message",
                                         "expected file",
                                         "reference-crash",
                                         "skip",
                                         NULL};

const char *rp_conform_host(const rs_result *r) {
  const char *h = json_string_value(
      json_object_get(json_object_get(r->root, "host"), "host"));
  const char *base = strrchr(r->path, '/');
  return h ? h : base ? base + 1 : r->path;
}

void rp_conform_host_id(char *buf, size_t len, const rs_result *r) {
  rp_doc_id(buf, len, "c", rp_conform_host(r));
}

void rp_conform_case_id(char *buf, size_t len, const rs_result *r,
                        const char *case_id) {
  char prefix[160];
  rp_doc_id(prefix, sizeof prefix, "f", rp_conform_host(r));
  rp_doc_id(buf, len, prefix, case_id);
}

/* The cases of R when it is a conformance report, else NULL (which
 * json_array_foreach walks as empty). */
static json_t *conform_cases(const rs_result *r) {
  return r->kind == RS_RESULT_CONFORMANCE ? json_object_get(r->root, "cases")
                                          : NULL;
}

static void counts_table(rp_build *b) {
  static const char *const head[] = {
      "host", "golden", "pass", "fail", "expected", "reference-crash", "skip"};
  rp_doc_table(&b->doc, 7, head);
  for (size_t i = 0; i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    const json_t *counts = json_object_get(r->root, "counts");
    char cells[5][32];
    const char *row[7];
    char id[160];
    if (r->kind != RS_RESULT_CONFORMANCE)
      continue;
    rp_conform_host_id(id, sizeof id, r);
    row[0] = rp_conform_host(r);
    row[1] = json_string_value(json_object_get(r->root, "golden"));
    row[1] = row[1] ? row[1] : "?";
    for (size_t k = 0; k < 5; k++) {
      snprintf(
          cells[k], sizeof cells[k], "%lld",
          (long long)json_integer_value(json_object_get(counts, head[k + 2])));
      row[k + 2] = cells[k];
    }
    rp_build_row(b, id, row, NULL);
  }
  rp_doc_table_end(&b->doc);
}

/* The cases graded "fail", one row each (nothing if there are none). */
static void failures_table(rp_build *b) {
  static const char *const head[] = {"host", "case", "level", "title"};
  int any = 0;
  for (size_t i = 0; i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    size_t k;
    json_t *kase;
    json_array_foreach(conform_cases(r), k, kase) {
      const char *g = json_string_value(json_object_get(kase, "grade"));
      const char *row[4];
      char id[600];
      if (g == NULL || strcmp(g, "fail") != 0)
        continue;
      if (!any) {
        rp_doc_heading_id(&b->doc, 3, "t-conform-fail", "Conformance failures");
        rp_doc_table(&b->doc, 4, head);
        any = 1;
      }
      row[0] = rp_conform_host(r);
      row[1] = json_string_value(json_object_get(kase, "id"));
      row[2] = json_string_value(json_object_get(kase, "level"));
      row[3] = json_string_value(json_object_get(kase, "title"));
      for (size_t c = 1; c < 4; c++)
        row[c] = row[c] ? row[c] : "?";
      rp_conform_case_id(id, sizeof id, r, row[1]);
      rp_build_row(b, id, row, NULL);
    }
  }
  if (any)
    rp_doc_table_end(&b->doc);
}

/* The matrix: rows areas (sorted), columns "host: grade [level]". */
static int fill(rp_build *b, rp_chart *c) {
  rp_strs areas = {0}, cols = {0};
  int rc = 0;
  for (size_t i = 0; i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    size_t k;
    json_t *kase;
    json_array_foreach(conform_cases(r), k, kase) {
      const char *a = json_string_value(json_object_get(kase, "area"));
      if (rp_strs_intern(&areas, a ? a : "?") < 0)
        rc = -1;
    }
  }
  rp_strs_sort(&areas);
  /* Rows in order, with zeros, so the heatmap has every area. */
  for (size_t i = 0; rc == 0 && i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    size_t k;
    json_t *kase;
    double *count;
    if (r->kind != RS_RESULT_CONFORMANCE)
      continue;
    if ((count = calloc(areas.n * 16, sizeof *count)) == NULL) {
      rc = -1;
      break;
    }
    json_array_foreach(json_object_get(r->root, "cases"), k, kase) {
      const char *a = json_string_value(json_object_get(kase, "area"));
      const char *g = json_string_value(json_object_get(kase, "grade"));
      const char *l = json_string_value(json_object_get(kase, "level"));
      char key[96];
      size_t col = 0;
      snprintf(key, sizeof key, "%s%s%s", g ? g : "?",
               l && g && strcmp(g, "pass") && strcmp(g, "skip") &&
                       strcmp(g, "reference-crash")
                   ? " "
                   : "",
               l && g && strcmp(g, "pass") && strcmp(g, "skip") &&
                       strcmp(g, "reference-crash")
                   ? l
                   : "");
      while (grade_cols[col] != NULL && strcmp(grade_cols[col], key) != 0)
        col++;
      count[(size_t)rp_strs_find(&areas, a ? a : "?") * 16 + col]++;
    }
    for (size_t col = 0; rc == 0 && col < 15; col++) {
      char name[160];
      double total = 0;
      for (size_t a = 0; a < areas.n; a++)
        total += count[a * 16 + col];
      if (total == 0)
        continue;
      snprintf(name, sizeof name, "%s: %s", rp_conform_host(r),
               grade_cols[col] ? grade_cols[col] : "other");
      for (size_t a = 0; rc == 0 && a < areas.n; a++)
        rc = rp_chart_set(c, areas.v[a], 0, name, count[a * 16 + col]);
      if (rc == 0)
        rc = rp_strs_add(&cols, name) < 0 ? -1 : 0;
    }
    free(count);
  }
  rp_strs_free(&areas);
  rp_strs_free(&cols);
  return rc;
}

/* The matrix as a table: one row per area, one column per chart series. */
static int matrix_table(rp_build *b, const rp_chart *c) {
  const char **head = calloc(c->series.n + 1, sizeof *head);
  char(*cells)[32] = calloc(c->series.n + 1, sizeof *cells);
  const char **row = calloc(c->series.n + 1, sizeof *row);
  if (head == NULL || cells == NULL || row == NULL) {
    free(head);
    free(cells);
    free(row);
    return -1;
  }
  head[0] = "area";
  for (size_t s = 0; s < c->series.n; s++)
    head[s + 1] = c->series.v[s];
  rp_doc_table(&b->doc, c->series.n + 1, head);
  for (size_t r = 0; r < c->rows.n; r++) {
    row[0] = c->rows.v[r];
    for (size_t s = 0; s < c->series.n; s++) {
      snprintf(cells[s + 1], sizeof cells[s + 1], "%.0f",
               c->v[r * c->cap_series + s]);
      row[s + 1] = cells[s + 1];
    }
    rp_doc_row(&b->doc, row);
  }
  rp_doc_table_end(&b->doc);
  free(head);
  free(cells);
  free(row);
  return 0;
}

int rp_conform_section(rp_build *b, const char *machine) {
  rp_chart c;
  int any = 0, rc;
  for (size_t i = 0; i < b->nres; i++)
    any |= b->res[i].kind == RS_RESULT_CONFORMANCE;
  if (!any) {
    rp_build_skip(b, "conformance-matrix", "no conformance report.json given");
    return 0;
  }
  rp_doc_heading_id(&b->doc, 2, "t-conformance", "Conformance");
  counts_table(b);
  if (rp_conform_matrix_section(b) != 0)
    return -1;
  failures_table(b);
  rp_chart_init(&c, RP_HEATMAP, "conformance-matrix");
  rc = fill(b, &c);
  snprintf(c.title, sizeof c.title,
           "conformance: cases per area, host, grade and level\n%s", machine);
  snprintf(c.xlabel, sizeof c.xlabel, "host: grade (level where it failed)");
  snprintf(c.ylabel, sizeof c.ylabel, "area (cases)");
  if (rc == 0) {
    rp_doc_para(&b->doc, "Cases per area (rows) and host: grade, with the "
                         "first level that differed from the golden record "
                         "for fail and expected (columns).");
    rc = matrix_table(b, &c);
  }
  if (rc == 0)
    rc = rp_chart_render(b, &c, NULL, 1);
  rp_chart_free(&c);
  return rc;
}
