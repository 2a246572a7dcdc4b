/* conform_junit.c - junit.xml: one testsuite per area, one testcase per
 * case; failures carry the level and the difference, skips say why. */
#include "conform_report.h"

#include "conform_util.h"

#include <stdlib.h>
#include <string.h>

/* Text escaped for XML attributes and content; characters XML 1.0 cannot
 * carry at all become '?'. */
static void add_escaped(ut_str *s, const char *text) {
  static const char special[] = "&<>\"";
  static const char *const entity[] = {"&amp;", "&lt;", "&gt;", "&quot;"};
  for (const char *p = text ? text : ""; *p; p++) {
    const char *at = strchr(special, *p); /* *p is not the NUL it would find */
    if (at != NULL)
      ut_str_add(s, entity[at - special]);
    else if ((unsigned char)*p < ' ' && *p != '\n' && *p != '\t')
      ut_str_add(s, "?");
    else
      ut_str_addn(s, p, 1);
  }
}

static void add_case(ut_str *s, const cf_row *row) {
  ut_str_add(s, "    <testcase classname=\"conformance.");
  add_escaped(s, row->area);
  ut_str_add(s, "\" name=\"");
  add_escaped(s, row->id);
  ut_str_add(s, "\"");
  if (row->grade == CF_ROW_FAIL) {
    ut_str_addf(s, ">\n      <failure type=\"%s\" message=\"level: %s\">",
                cf_row_level_name(row->level), cf_row_level_name(row->level));
    add_escaped(s, row->detail);
    ut_str_add(s, "</failure>\n    </testcase>\n");
  } else if (row->grade == CF_ROW_SKIP || row->grade == CF_ROW_NEEDS_GOLDEN) {
    /* A case needing a golden of its platform is not passed. */
    ut_str_add(s, ">\n      <skipped message=\"");
    if (row->grade == CF_ROW_NEEDS_GOLDEN)
      ut_str_add(s, "needs-golden: ");
    add_escaped(s, row->grade == CF_ROW_SKIP ? row->detail : row->reason);
    ut_str_add(s, "\"/>\n    </testcase>\n");
  } else if (row->grade != CF_ROW_PASS) {
    ut_str_addf(s, ">\n      <system-out>%s: ", cf_row_grade_name(row->grade));
    add_escaped(s, row->reason ? row->reason : row->detail);
    ut_str_add(s, "</system-out>\n    </testcase>\n");
  } else {
    ut_str_add(s, "/>\n");
  }
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_suite(ut_str *s, const cf_report *r, const char *area) {
  size_t tests = 0, failures = 0, skipped = 0;
  for (size_t i = 0; i < r->n; i++) {
    if (strcmp(r->rows[i].area, area) != 0)
      continue;
    tests++;
    failures += r->rows[i].grade == CF_ROW_FAIL;
    skipped += r->rows[i].grade == CF_ROW_SKIP ||
               r->rows[i].grade == CF_ROW_NEEDS_GOLDEN;
  }
  ut_str_add(s, "  <testsuite name=\"");
  add_escaped(s, area);
  ut_str_addf(s,
              "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
              "skipped=\"%zu\">\n",
              tests, failures, skipped);
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->rows[i].area, area) == 0)
      add_case(s, &r->rows[i]);
  ut_str_add(s, "  </testsuite>\n");
}

int cf_report_write_junit(const cf_report *r, const char *path) {
  size_t g[CF_NROWKINDS], l[CF_NLEVELS + 1], na = 0;
  const char **areas = ut_xmalloc((r->n + 1) * sizeof *areas);
  ut_str s = {0};
  int rc;
  cf_report_count(r, g, l);
  for (size_t i = 0; i < r->n; i++)
    areas[na++] = r->rows[i].area;
  if (na > 1)
    qsort(areas, na, sizeof *areas, compare_strings);
  ut_str_addf(&s,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<testsuites name=\"mmaplab-conformance\" tests=\"%zu\" "
              "failures=\"%zu\" errors=\"0\" skipped=\"%zu\" "
              "time=\"%.3f\">\n",
              r->n, g[CF_ROW_FAIL], g[CF_ROW_SKIP] + g[CF_ROW_NEEDS_GOLDEN],
              r->seconds);
  for (size_t i = 0; i < na; i++)
    if (i == 0 || strcmp(areas[i - 1], areas[i]) != 0)
      add_suite(&s, r, areas[i]);
  ut_str_add(&s, "</testsuites>\n");
  free((void *)areas);
  rc = cf_write_file(path, s.data, s.len);
  free(s.data);
  return rc;
}
