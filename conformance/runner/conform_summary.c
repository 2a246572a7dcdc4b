/* conform_summary.c - summary.md: counts per level and per area, the
 * failures, and why cases were skipped. */
#include "conform_report.h"

#include "conform_util.h"

#include <stdlib.h>
#include <string.h>

/* Failures listed in full; the rest are in report.json. */
#define LIST_MAX 300

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct areas of R, sorted; free the array (strings borrowed). */
static const char **areas_of(const cf_report *r, size_t *n) {
  const char **v = ut_xmalloc((r->n + 1) * sizeof *v);
  size_t k = 0;
  for (size_t i = 0; i < r->n; i++)
    v[k++] = r->rows[i].area;
  if (k > 1)
    qsort(v, k, sizeof *v, compare_strings);
  *n = 0;
  for (size_t i = 0; i < k; i++)
    if (*n == 0 || strcmp(v[*n - 1], v[i]) != 0)
      v[(*n)++] = v[i];
  return v;
}

static void per_area(ut_str *s, const cf_report *r) {
  size_t na;
  const char **areas = areas_of(r, &na);
  ut_str_add(s, "\n## Per area\n\n| area | cases | passed | failed | "
                "expected | reference-crash | skipped or needs-golden |\n"
                "|---|---:|---:|---:|---:|---:|---:|\n");
  for (size_t a = 0; a < na; a++) {
    size_t c[CF_NROWKINDS] = {0}, total = 0;
    for (size_t i = 0; i < r->n; i++)
      if (strcmp(r->rows[i].area, areas[a]) == 0)
        c[r->rows[i].grade]++, total++;
    c[CF_ROW_SKIP] += c[CF_ROW_NEEDS_GOLDEN];
    ut_str_addf(s, "| %s | %zu | %zu | %zu | %zu | %zu | %zu |\n", areas[a],
                total, c[CF_ROW_PASS], c[CF_ROW_FAIL], c[CF_ROW_EXPECTED],
                c[CF_ROW_REF_CRASH], c[CF_ROW_SKIP]);
  }
  free(areas);
}

/* One line of free text, safe inside a Markdown list item. */
static void add_inline(ut_str *s, const char *text) {
  for (const char *p = text ? text : ""; *p; p++)
    ut_str_addn(s, *p == '\n' ? " " : *p == '|' ? "\\|" : p, *p == '|' ? 2 : 1);
}

static void list_rows(ut_str *s, const cf_report *r, cf_row_grade grade,
                      const char *title) {
  size_t shown = 0, total = 0;
  for (size_t i = 0; i < r->n; i++) {
    const cf_row *row = &r->rows[i];
    if (row->grade != grade)
      continue;
    if (total++ == 0)
      ut_str_addf(s, "\n## %s\n\n", title);
    if (shown++ >= LIST_MAX)
      continue;
    ut_str_addf(s, "- `%s` (%s): ", row->id, cf_row_level_name(row->level));
    add_inline(s, row->detail);
    ut_str_add(s, "\n");
  }
  if (total > LIST_MAX)
    ut_str_addf(s, "- ... and %zu more (see report.json)\n", total - LIST_MAX);
}

typedef struct reason_count {
  const char *reason;
  size_t n;
} reason_count;

static int by_count(const void *a, const void *b) {
  const reason_count *x = a, *y = b;
  if (x->n != y->n)
    return x->n < y->n ? 1 : -1;
  return strcmp(x->reason, y->reason);
}

/* Skips grouped by reason, most frequent first. */
static void skip_reasons(ut_str *s, const cf_report *r) {
  const char **v = ut_xmalloc((r->n + 1) * sizeof *v);
  reason_count *groups = ut_xmalloc((r->n + 1) * sizeof *groups);
  size_t n = 0, ng = 0;
  for (size_t i = 0; i < r->n; i++)
    if (r->rows[i].grade == CF_ROW_SKIP)
      v[n++] = r->rows[i].detail ? r->rows[i].detail : "";
  if (n > 1)
    qsort(v, n, sizeof *v, compare_strings);
  for (size_t i = 0; i < n; i++) {
    if (ng > 0 && strcmp(groups[ng - 1].reason, v[i]) == 0)
      groups[ng - 1].n++;
    else
      groups[ng++] = (reason_count){v[i], 1};
  }
  if (ng > 1)
    qsort(groups, ng, sizeof *groups, by_count);
  if (ng > 0)
    ut_str_add(s,
               "\n## Skipped, by reason\n\n| cases | reason |\n|---:|---|\n");
  for (size_t i = 0; i < ng; i++) {
    ut_str_addf(s, "| %zu | ", groups[i].n);
    add_inline(s, groups[i].reason);
    ut_str_add(s, " |\n");
  }
  free((void *)v);
  free(groups);
}

/* The expected differences and needs-golden cases per class. */
static void classes(ut_str *s, const cf_report *r) {
  json_t *c = cf_report_classes(r), *n;
  const char *name;
  if (json_object_size(c) > 0)
    ut_str_add(s, "\n## Expected differences and needs-golden cases, by "
                  "class\n\n| class | kind | cases |\n|---|---|---:|\n");
  json_object_foreach(c, name, n) {
    ut_str_add(s, "| ");
    add_inline(s, name);
    ut_str_addf(s, " | %s | %lld |\n", cf_report_kind_of(r, name),
                (long long)json_integer_value(n));
  }
  json_decref(c);
  c = cf_report_class_kinds(r);
  if (json_object_size(c) > 0)
    ut_str_add(s, "\n| kind | cases |\n|---|---:|\n");
  json_object_foreach(c, name, n) {
    ut_str_addf(s, "| %s | %lld |\n", name, (long long)json_integer_value(n));
  }
  json_decref(c);
}

/* Passed cases with a note, counted, and the first of each note. */
static void notes(ut_str *s, const cf_report *r) {
  size_t n[CF_NNOTES];
  cf_report_count_notes(r, n);
  if (n[CF_NOTE_ERRNO_NAME] == 0 && n[CF_NOTE_PAGESIZE] == 0)
    return;
  ut_str_add(s, "\n## Passed with a note\n\n| note | cases | meaning | "
                "first |\n|---|---:|---|---|\n");
  for (int k = CF_NOTE_NONE + 1; k < CF_NNOTES; k++) {
    const cf_row *first = NULL;
    for (size_t i = 0; i < r->n && first == NULL; i++)
      if (r->rows[i].grade == CF_ROW_PASS && (int)r->rows[i].note == k)
        first = &r->rows[i];
    ut_str_addf(s, "| %s | %zu | %s | ", cf_note_name((cf_note)k), n[k],
                k == CF_NOTE_ERRNO_NAME
                    ? "the same error under another errno number"
                    : "graded against the golden derived for the host's "
                      "page size, whose record differs from the plain one");
    if (first != NULL) {
      add_inline(s, first->id);
      ut_str_add(s, ": ");
      add_inline(s, first->note_detail ? first->note_detail : "");
    }
    ut_str_add(s, " |\n");
  }
}

int cf_report_write_summary(const cf_report *r, const char *path) {
  size_t g[CF_NROWKINDS], l[CF_NLEVELS + 1];
  ut_str s = {0};
  int rc;
  const char *impl =
      json_string_value(json_object_get(r->hello, "implementation"));
  const char *ver = json_string_value(json_object_get(r->hello, "version"));
  cf_report_count(r, g, l);
  ut_str_addf(&s, "# Conformance: `%s` (%s %s) against %s\n\n", r->host_cmd,
              impl ? impl : "?", ver ? ver : "?", r->golden_name);
  ut_str_addf(&s,
              "%zu cases: %zu passed, %zu failed, %zu skipped, %zu need a "
              "golden of the host's platform (of the passed: "
              "%zu expected failures, %zu reference crashes). Expectations: "
              "%s. %.1f s, %u host processes.\n",
              r->n, g[CF_ROW_PASS] + g[CF_ROW_EXPECTED] + g[CF_ROW_REF_CRASH],
              g[CF_ROW_FAIL], g[CF_ROW_SKIP], g[CF_ROW_NEEDS_GOLDEN],
              g[CF_ROW_EXPECTED], g[CF_ROW_REF_CRASH],
              r->expect_path ? r->expect_path : "none", r->seconds,
              r->host_starts);
  ut_str_add(&s, "\n## Unexpected failures per level\n\n| level | cases |\n"
                 "|---|---:|\n");
  for (int i = 0; i <= CF_NLEVELS; i++)
    ut_str_addf(&s, "| %s | %zu |\n", cf_row_level_name(i), l[i]);
  per_area(&s, r);
  list_rows(&s, r, CF_ROW_FAIL, "Failures");
  list_rows(&s, r, CF_ROW_EXPECTED, "Expected failures");
  list_rows(&s, r, CF_ROW_REF_CRASH, "Reference crashes");
  classes(&s, r);
  notes(&s, r);
  list_rows(&s, r, CF_ROW_NEEDS_GOLDEN,
            "Needing a golden of the host's "
            "platform");
  skip_reasons(&s, r);
  rc = cf_write_file(path, s.data, s.len);
  free(s.data);
  return rc;
}
