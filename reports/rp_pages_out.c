/* rp_pages_out.c - the page-behaviour profile written out (rp_pages.h): as
 * plain text, as JSON, and as the report's "Page behaviour" section. */
#include <stdlib.h>
#include <string.h>

#include "rp_pages_rules.h"

/* "pages_per_fault 16, ns_per_page 1290" or "error: MESSAGE" into S. */
static void row_values(ut_str *s, const rp_pages_row *r) {
  if (r->error != NULL) {
    ut_str_addf(s, "error: %s", r->error);
    return;
  }
  for (size_t i = 0; i < r->nval; i++) {
    char v[32];
    rp_num(v, sizeof v, r->val[i].v);
    ut_str_addf(s, "%s%s %s", i ? ", " : "", r->val[i].key, v);
  }
}

int rp_pages_print(const rp_pages *pg, FILE *f) {
  for (size_t i = 0; i < pg->n; i++) {
    const rp_pages_line *l = &pg->v[i];
    fprintf(f, "- %s%s\n", l->anomaly ? "Anomaly: " : "", l->text);
    for (size_t k = 0; k < l->nrows && k < RP_PAGES_ROWS_SHOWN; k++) {
      ut_str s = {0};
      row_values(&s, &l->rows[k]);
      fprintf(f, "    %s: %s\n", l->rows[k].name, s.data ? s.data : "");
      free(s.data);
    }
    if (l->nrows > RP_PAGES_ROWS_SHOWN)
      fprintf(f, "    and %zu more rows (--json lists them)\n",
              l->nrows - RP_PAGES_ROWS_SHOWN);
  }
  if (pg->not_measured.n > 0) {
    fputs("- Not measured:", f);
    for (size_t i = 0; i < pg->not_measured.n; i++)
      fprintf(f, "%s %s", i ? ";" : "", pg->not_measured.v[i]);
    fputs(".\n", f);
  }
  return ferror(f) ? -1 : 0;
}

/* Sets KEY of O to V (taken); -1 if V is NULL or setting failed. */
static int set(json_t *o, const char *key, json_t *v) {
  return v != NULL && json_object_set_new(o, key, v) == 0 ? 0 : -1;
}

static json_t *row_json(const rp_pages_row *r) {
  json_t *o = json_object(), *vals = json_object();
  int rc = o != NULL && vals != NULL ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < r->nval; i++)
    rc = set(vals, r->val[i].key, json_real(r->val[i].v));
  if (rc == 0)
    rc = set(o, "name", json_string(r->name));
  if (rc == 0) {
    rc = set(o, "values", vals);
    vals = NULL;
  }
  if (rc == 0 && r->error != NULL)
    rc = set(o, "error", json_string(r->error));
  json_decref(vals);
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

static json_t *line_json(const rp_pages_line *l) {
  json_t *o = json_object(), *rows = json_array();
  int rc = o != NULL && rows != NULL ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < l->nrows; i++) {
    json_t *r = row_json(&l->rows[i]);
    rc = r != NULL && json_array_append_new(rows, r) == 0 ? 0 : -1;
  }
  if (rc == 0)
    rc = set(o, "rule", json_string(l->rule));
  if (rc == 0)
    rc = set(o, "anomaly", json_boolean(l->anomaly));
  if (rc == 0)
    rc = set(o, "text", json_string(l->text));
  if (rc == 0) {
    rc = set(o, "rows", rows);
    rows = NULL;
  }
  json_decref(rows);
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *rp_pages_json(const rp_pages *pg) {
  json_t *o = json_object(), *lines = json_array(), *nm = json_array();
  int rc = o != NULL && lines != NULL && nm != NULL ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < pg->n; i++) {
    json_t *l = line_json(&pg->v[i]);
    rc = l != NULL && json_array_append_new(lines, l) == 0 ? 0 : -1;
  }
  for (size_t i = 0; rc == 0 && i < pg->not_measured.n; i++)
    rc = json_array_append_new(nm, json_string(pg->not_measured.v[i]));
  if (rc == 0) {
    rc = set(o, "sentences", lines);
    lines = NULL;
  }
  if (rc == 0) {
    rc = set(o, "not_measured", nm);
    nm = NULL;
  }
  json_decref(lines);
  json_decref(nm);
  if (rc != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

/* "; and N more" linked to the table of L's first row not shown: the
 * errors table for an error entry, else its family's ("t-fault"). */
static void more_rows(rp_build *b, const rp_pages_line *l) {
  const rp_pages_row *r = &l->rows[RP_PAGES_ROWS_SHOWN];
  char id[160], *href, *text;
  if (r->error != NULL)
    snprintf(id, sizeof id, "t-errors");
  else {
    char family[128];
    snprintf(family, sizeof family, "%.*s", (int)strcspn(r->name, "/"),
             r->name);
    rp_doc_id(id, sizeof id, "t", family);
  }
  href = ut_xasprintf("#%s", id);
  text = ut_xasprintf("%zu more", l->nrows - RP_PAGES_ROWS_SHOWN);
  rp_doc_text(&b->doc, "; and ");
  rp_doc_link(&b->doc, href, text);
  free(href);
  free(text);
}

/* One sentence as a list item: its text, then its rows linked to their
 * anchors, each with its values. */
static int section_item(rp_build *b, const rp_pages_line *l) {
  rp_doc_item(&b->doc);
  if (l->anomaly) {
    rp_doc_strong(&b->doc, "Anomaly");
    rp_doc_text(&b->doc, ": ");
  }
  rp_doc_text(&b->doc, l->text);
  rp_doc_text(&b->doc, " From ");
  for (size_t k = 0; k < l->nrows && k < RP_PAGES_ROWS_SHOWN; k++) {
    const rp_pages_row *r = &l->rows[k];
    char *href = ut_xasprintf("#%s", r->id);
    ut_str s = {0};
    if (rp_strs_intern(&b->linked, r->id) < 0) {
      free(href);
      return -1;
    }
    rp_doc_text(&b->doc, k ? "; " : "");
    rp_doc_link(&b->doc, href, r->name);
    ut_str_add(&s, ": ");
    row_values(&s, r);
    rp_doc_text(&b->doc, s.data);
    free(s.data);
    free(href);
  }
  if (l->nrows > RP_PAGES_ROWS_SHOWN)
    more_rows(b, l);
  rp_doc_text(&b->doc, ".");
  rp_doc_item_end(&b->doc);
  return 0;
}

int rp_pages_section(rp_build *b, const rp_pool *p) {
  rp_pages pg;
  int rc = 0;
  rp_pages_compute(p, b->res, b->nres, &pg);
  rp_doc_section(&b->doc, "pages");
  rp_doc_heading(&b->doc, 2, "Page behaviour");
  rp_doc_list(&b->doc);
  for (size_t i = 0; rc == 0 && i < pg.n; i++)
    rc = section_item(b, &pg.v[i]);
  if (rc == 0 && pg.not_measured.n > 0) {
    ut_str s = {0};
    for (size_t i = 0; i < pg.not_measured.n; i++)
      ut_str_addf(&s, "%s%s", i ? "; " : ": ", pg.not_measured.v[i]);
    ut_str_add(&s, ".");
    rp_doc_item(&b->doc);
    rp_doc_strong(&b->doc, "Not measured");
    rp_doc_text(&b->doc, s.data);
    rp_doc_item_end(&b->doc);
    free(s.data);
  }
  rp_doc_list_end(&b->doc);
  rp_doc_section_end(&b->doc);
  rp_pages_free(&pg);
  return rc;
}
