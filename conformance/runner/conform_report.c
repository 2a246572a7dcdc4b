/* conform_report.c - report rows, counts, report.json and the suggested
 * expectations. */
#include "conform_report.h"

#include "conform_util.h"

#include <stdlib.h>
#include <string.h>

static const char *const grade_names[CF_NROWKINDS] = {
    "pass", "fail", "expected", "reference-crash", "skip", "needs-golden"};

const char *cf_row_grade_name(cf_row_grade g) { return grade_names[g]; }

const char *cf_row_level_name(int level) {
  if (level == CF_LEVEL_EXPECTATION)
    return "expectation";
  return level < 0 ? "" : cf_level_name((cf_level)level);
}

cf_row *cf_report_add(cf_report *r, const char *id) {
  cf_row *row;
  if (r->n == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 256;
    r->rows = ut_xrealloc(r->rows, r->cap * sizeof *r->rows);
  }
  row = &r->rows[r->n++];
  memset(row, 0, sizeof *row);
  row->id = ut_xstrdup(id);
  row->area = ut_xstrdup(id);
  row->area[strcspn(row->area, "/")] = '\0';
  row->level = -1;
  return row;
}

void cf_report_free(cf_report *r) {
  for (size_t i = 0; i < r->n; i++) {
    cf_row *row = &r->rows[i];
    free(row->id);
    free(row->area);
    free(row->detail);
    free(row->stderr_text);
    free(row->note_detail);
    json_decref(row->golden);
    json_decref(row->actual);
  }
  free(r->rows);
  r->rows = NULL;
  r->n = r->cap = 0;
}

void cf_report_count(const cf_report *r, size_t by_grade[CF_NROWKINDS],
                     size_t by_level[CF_NLEVELS + 1]) {
  memset(by_grade, 0, CF_NROWKINDS * sizeof by_grade[0]);
  memset(by_level, 0, (CF_NLEVELS + 1) * sizeof by_level[0]);
  for (size_t i = 0; i < r->n; i++) {
    by_grade[r->rows[i].grade]++;
    if (r->rows[i].grade == CF_ROW_FAIL && r->rows[i].level >= 0)
      by_level[r->rows[i].level]++;
  }
}

void cf_report_count_notes(const cf_report *r, size_t by_note[CF_NNOTES]) {
  memset(by_note, 0, CF_NNOTES * sizeof by_note[0]);
  for (size_t i = 0; i < r->n; i++)
    if (r->rows[i].grade == CF_ROW_PASS)
      by_note[r->rows[i].note]++;
}

/* The expected and needs-golden rows counted by their class (KINDS 0) or
 * by the kind of their class (KINDS 1). */
static json_t *count_classed(const cf_report *r, int kinds) {
  json_t *c = json_object();
  for (size_t i = 0; i < r->n; i++) {
    const cf_row *row = &r->rows[i];
    const char *key = kinds ? row->class_kind : row->klass;
    if (key == NULL ||
        (row->grade != CF_ROW_EXPECTED && row->grade != CF_ROW_NEEDS_GOLDEN))
      continue;
    json_object_set_new(
        c, key, json_integer(json_integer_value(json_object_get(c, key)) + 1));
  }
  return c;
}

json_t *cf_report_classes(const cf_report *r) { return count_classed(r, 0); }

json_t *cf_report_class_kinds(const cf_report *r) {
  return count_classed(r, 1);
}

const char *cf_report_kind_of(const cf_report *r, const char *name) {
  for (size_t i = 0; i < r->n; i++)
    if (r->rows[i].klass != NULL && r->rows[i].class_kind != NULL &&
        strcmp(r->rows[i].klass, name) == 0)
      return r->rows[i].class_kind;
  return "";
}

static json_t *row_json(const cf_row *row) {
  json_t *o = json_pack("{ssssss}", "id", row->id, "area", row->area, "grade",
                        cf_row_grade_name(row->grade));
  if (row->title)
    json_object_set_new(o, "title", json_string(row->title));
  if (row->level >= 0)
    json_object_set_new(o, "level", json_string(cf_row_level_name(row->level)));
  if (row->detail)
    json_object_set_new(o, "detail", json_string(row->detail));
  if (row->reason)
    json_object_set_new(o, "reason", json_string(row->reason));
  if (row->klass)
    json_object_set_new(o, "class", json_string(row->klass));
  if (row->class_kind)
    json_object_set_new(o, "class_kind", json_string(row->class_kind));
  if (row->derived)
    json_object_set_new(o, "golden_derived", json_true());
  if (row->note != CF_NOTE_NONE)
    json_object_set_new(o, "note", json_string(cf_note_name(row->note)));
  if (row->note_detail)
    json_object_set_new(o, "note_detail", json_string(row->note_detail));
  json_object_set(o, "golden", row->golden ? row->golden : json_null());
  json_object_set(o, "actual", row->actual ? row->actual : json_null());
  if (row->stderr_text)
    json_object_set_new(o, "stderr", json_string(row->stderr_text));
  return o;
}

static json_t *notes_json(const cf_report *r) {
  size_t n[CF_NNOTES];
  json_t *o = json_object();
  cf_report_count_notes(r, n);
  for (int i = CF_NOTE_NONE + 1; i < CF_NNOTES; i++)
    json_object_set_new(o, cf_note_name((cf_note)i),
                        json_integer((json_int_t)n[i]));
  return o;
}

static json_t *counts_json(const cf_report *r) {
  size_t g[CF_NROWKINDS], l[CF_NLEVELS + 1];
  json_t *c = json_object(), *levels = json_object();
  cf_report_count(r, g, l);
  for (int i = 0; i < CF_NROWKINDS; i++)
    json_object_set_new(c, grade_names[i], json_integer((json_int_t)g[i]));
  for (int i = 0; i <= CF_NLEVELS; i++)
    json_object_set_new(levels, cf_row_level_name(i),
                        json_integer((json_int_t)l[i]));
  json_object_set_new(c, "fail_levels", levels);
  json_object_set_new(c, "classes", cf_report_classes(r));
  json_object_set_new(c, "class_kinds", cf_report_class_kinds(r));
  json_object_set_new(c, "notes", notes_json(r));
  return c;
}

int cf_report_write_json(const cf_report *r, const char *path) {
  json_t *cases = json_array();
  json_t *doc =
      json_pack("{sisO?ss?ss?sssfsi}", "format", 1, "host", r->hello,
                "host_command", r->host_cmd, "golden", r->golden_name,
                "expectations", r->expect_path ? r->expect_path : "", "seconds",
                r->seconds, "host_starts", (int)r->host_starts);
  int rc;
  if (r->emulator != NULL)
    json_object_set_new(doc, "emulator", json_string(r->emulator));
  if (r->derived_golden != NULL)
    json_object_set_new(doc, "golden_pagesize_derived",
                        json_string(r->derived_golden));
  json_object_set_new(doc, "counts", counts_json(r));
  for (size_t i = 0; i < r->n; i++)
    json_array_append_new(cases, row_json(&r->rows[i]));
  json_object_set_new(doc, "cases", cases);
  rc = cf_write_json(path, doc, JSON_INDENT(1) | JSON_SORT_KEYS);
  json_decref(doc);
  return rc;
}

int cf_report_write_suggested(const cf_report *r, const char *path) {
  char *reason = NULL;
  json_t *list = json_array();
  json_t *doc = json_pack("{sisssO}", "format", 1, "golden", r->golden_name,
                          "expected", list);
  int rc;
  for (size_t i = 0; i < r->n; i++) {
    const cf_row *row = &r->rows[i];
    /* Plain entries only: a classed file (9.1) is made by its own tool. */
    int keep = row->level >= 0 && row->level < CF_NLEVELS &&
               row->actual != NULL &&
               (row->grade == CF_ROW_EXPECTED || row->grade == CF_ROW_FAIL);
    if (!keep)
      continue;
    /* A new difference gets a factual first reason: its class (the level,
     * or "crash" when the host died) and the first differing op. A
     * reviewer replaces it with the why. */
    if (row->reason == NULL) {
      const char *outcome =
          json_string_value(json_object_get(row->actual, "outcome"));
      int died = outcome != NULL && strcmp(outcome, "ok") != 0;
      reason = ut_xasprintf(
          "%s: %s", died ? "crash" : cf_level_name((cf_level)row->level),
          row->detail ? row->detail : "differs");
    }
    json_array_append_new(
        list,
        json_pack("{sssssssO}", "case", row->id, "level",
                  cf_level_name((cf_level)row->level), "reason",
                  row->reason ? row->reason : reason, "actual", row->actual));
    free(reason);
    reason = NULL;
  }
  json_decref(list);
  rc = cf_write_json(path, doc, JSON_INDENT(1) | JSON_SORT_KEYS);
  json_decref(doc);
  return rc;
}
