/* fuzz_conform_golden.c - fuzz target conform_golden: the golden parser
 * (conformance/runner/conform_golden.c) and the grading of its records
 * (conform_grade.c).
 *
 * The input is one golden area file (INTERPRETING.md 7), parsed as the
 * runner parses one. What must hold for a file that loads: every record is
 * valid, writing the records back (cf_golden_area_text) and loading that
 * gives the same hello and records and then the very same text (golden
 * files regenerate byte for byte), every record graded against itself
 * passes (or is skipped for an unsupported result), and grading two
 * records against each other says where they differ when they do.
 */
#include "conform_golden.h"
#include "conform_grade.h"
#include "conform_util.h"
#include "fuzz_input.h"

#include <stdlib.h>
#include <string.h>

/* Loads TEXT as the golden area NAME into *G; 0 or -1. */
static int load(const char *text, size_t len, const char *name, cf_golden *g) {
  json_error_t e;
  json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
  memset(g, 0, sizeof *g);
  g->dir = ut_xstrdup("fuzz-golden");
  g->name = ut_xstrdup("fuzz-golden");
  if (root == NULL)
    return -1;
  if (cf_golden_add_area(g, root, name) != 0 || cf_golden_check_hello(g) != 0)
    return -1;
  return 0;
}

/* A record against itself, and against the record before it. */
static void grade(const char *id, const json_t *rec, const json_t *prev) {
  cf_grade gr;
  cf_grade_records(rec, rec, NULL, &gr);
  if (gr.kind != CF_GRADE_PASS && gr.kind != CF_GRADE_SKIP)
    fz_fail("record %s graded against itself: %s", id,
            gr.detail ? gr.detail : "(no detail)");
  cf_grade_clear(&gr);
  if (prev == NULL)
    return;
  cf_grade_records(prev, rec, NULL, &gr);
  if (gr.kind != CF_GRADE_PASS && gr.detail == NULL)
    fz_fail("record %s: a grade other than pass without a detail", id);
  cf_grade_clear(&gr);
}

static void round_trip(const cf_golden *g) {
  char *text = cf_golden_area_text(g->hello, g->records), *again;
  cf_golden g2;
  if (load(text, strlen(text), "fuzz/rewritten.json", &g2) != 0)
    fz_fail("a golden written back does not load:\n%s", text);
  if (!json_equal(g->hello, g2.hello) || !json_equal(g->records, g2.records))
    fz_fail("a golden written back loads as something else");
  again = cf_golden_area_text(g2.hello, g2.records);
  if (strcmp(text, again) != 0)
    fz_fail("a golden written back twice differs:\n%s\n----\n%s", text, again);
  free(again);
  free(text);
  cf_golden_free(&g2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  cf_golden g;
  const char *id;
  json_t *rec, *prev = NULL;
  char why[200];
  if (load((const char *)data, size, "fuzz/area.json", &g) == 0) {
    json_object_foreach(g.records, id, rec) {
      char *area = cf_area_of(id);
      if (cf_record_valid(rec, why, sizeof why) != 0)
        fz_fail("record %s loaded but is not valid: %s", id, why);
      if (strncmp(area, id, strlen(area)) != 0)
        fz_fail("area %s of id %s", area, id);
      free(area);
      grade(id, rec, prev);
      prev = rec;
    }
    round_trip(&g);
  }
  cf_golden_free(&g);
  return 0;
}
