/* conform_test_grade.c - grading levels and expectations, on small frozen
 * records kept in data/. */
#define _POSIX_C_SOURCE 200809L
#include "conform_test.h"

#include "conform_expect.h"
#include "conform_grade.h"

#include <stdlib.h>

static const char *grade_name(const cf_grade *g) {
  static const char *const names[] = {"pass", "fail", "reference-crash",
                                      "skip"};
  return names[g->kind];
}

static json_t *load(const char *data, const char *name) {
  char path[1024];
  json_t *j;
  snprintf(path, sizeof path, "%s/%s", data, name);
  j = json_load_file(path, 0, NULL);
  if (j == NULL)
    fprintf(stderr, "  cannot load %s\n", path);
  ASSERT_NOT_NULL(j);
  return j;
}

void cf_test_grade(const char *data) {
  json_t *all = load(data, "grade-records.json"), *t;
  size_t i;
  ASSERT_U64(json_array_size(all), >, 20);
  json_array_foreach(all, i, t) {
    cf_grade g;
    const char *name = json_string_value(json_object_get(t, "name"));
    const char *want = json_string_value(json_object_get(t, "grade"));
    const char *level = json_string_value(json_object_get(t, "level"));
    cf_grade_records(json_object_get(t, "golden"), json_object_get(t, "actual"),
                     NULL, &g);
    if (strcmp(grade_name(&g), want) != 0 ||
        (level && (g.kind != CF_GRADE_FAIL ||
                   strcmp(cf_level_name(g.level), level) != 0))) {
      fprintf(stderr, "  %s: graded %s/%s (%s), want %s/%s\n", name,
              grade_name(&g),
              g.kind == CF_GRADE_FAIL ? cf_level_name(g.level) : "-",
              g.detail ? g.detail : "", want, level ? level : "-");
    }
    ASSERT_STR_EQ(grade_name(&g), want);
    if (level != NULL) {
      ASSERT_EQ(g.kind, CF_GRADE_FAIL);
      ASSERT_STR_EQ(cf_level_name(g.level), level);
    }
    if (g.kind == CF_GRADE_PASS)
      ASSERT_NULL(g.detail);
    else
      ASSERT_NOT_NULL(g.detail);
    cf_grade_clear(&g);
  }
  json_decref(all);
}

/* A grade of kind K at level L for the verdict tests. */
static cf_grade grade(cf_grade_kind k, cf_level l) {
  cf_grade g = {k, l, NULL, CF_NOTE_NONE, NULL};
  return g;
}

static void verdicts(const cf_expect *e) {
  json_t *y = json_loads(
      "{\"sha\": \""
      "0000000000000000000000000000000000000000000000000000000000000000"
      "\", "
      "\"outcome\": \"ok\", \"files\": {}, \"results\": "
      "[{\"raise\": {\"errno\": null, \"message\": \"y\", "
      "\"type\": \"ValueError\"}}]}",
      0, NULL);
  json_t *z = json_loads("{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": {}, "
                         "\"results\": [{\"raise\": {\"errno\": null, "
                         "\"message\": \"z\", \"type\": \"ValueError\"}}]}",
                         0, NULL);
  cf_grade msg = grade(CF_GRADE_FAIL, CF_LEVEL_MESSAGE);
  cf_grade val = grade(CF_GRADE_FAIL, CF_LEVEL_VALUE);
  cf_grade pass = grade(CF_GRADE_PASS, CF_LEVEL_OUTCOME);
  cf_grade ref = grade(CF_GRADE_REF_CRASH, CF_LEVEL_OUTCOME);
  cf_grade skip = grade(CF_GRADE_SKIP, CF_LEVEL_OUTCOME);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(e, "t/message"), &msg, y),
            CF_EXPECT_MATCHED);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(e, "t/changed"), &msg, z),
            CF_EXPECT_CHANGED);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(e, "t/changed"), &val, y),
            CF_EXPECT_CHANGED); /* same record, other level */
  ASSERT_EQ(cf_expect_apply(cf_expect_find(e, "t/passes"), &pass, y),
            CF_EXPECT_PASSES);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(e, "t/refcrash"), &ref, y),
            CF_EXPECT_NOT_FAIL);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(e, "t/skipped"), &skip, y),
            CF_EXPECT_NONE);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(e, "t/unlisted"), &msg, y),
            CF_EXPECT_NONE);
  json_decref(y);
  json_decref(z);
}

/* A malformed expectations file is refused (the error line is expected
 * on stderr). */
static void refused(const char *text) {
  char path[] = "/tmp/mmaplab-expect-test-XXXXXX";
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  cf_expect e;
  fputs(text, f);
  fclose(f);
  const int rc = cf_expect_load(path, &e);
  remove(path);
  if (rc == 0)
    fprintf(stderr, "  accepted: %s\n", text);
  ASSERT_NE(rc, 0);
}

/* An entry pinning a list of records (a host that is not deterministic)
 * matches any of them, and nothing else. */
static void list_pins(void) {
  static const char rec_y[] =
      "{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": {}, \"results\": "
      "[{\"raise\": {\"errno\": null, \"message\": \"y\", \"type\": "
      "\"ValueError\"}}]}";
  static const char rec_z[] =
      "{\"sha\": \"0\", \"outcome\": \"crash\", \"crash\": {\"signal\": "
      "\"SIGSEGV\"}, \"files\": {}, \"results\": []}";
  char path[] = "/tmp/mmaplab-expect-list-XXXXXX", text[1024];
  int fd = mkstemp(path);
  FILE *f = fdopen(fd, "w");
  json_t *y = json_loads(rec_y, 0, NULL), *z = json_loads(rec_z, 0, NULL);
  json_t *other = json_loads("{\"sha\": \"0\", \"outcome\": \"ok\", "
                             "\"files\": {}, \"results\": []}",
                             0, NULL);
  cf_grade out = grade(CF_GRADE_FAIL, CF_LEVEL_OUTCOME);
  cf_expect e;
  snprintf(text, sizeof text,
           "{\"format\": 1, \"golden\": \"g\", \"expected\": [{\"case\": "
           "\"t/flaky\", \"level\": \"outcome\", \"reason\": \"r\", "
           "\"actual\": [%s, %s]}]}",
           rec_y, rec_z);
  fputs(text, f);
  fclose(f);
  ASSERT_EQ(cf_expect_load(path, &e), 0);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(&e, "t/flaky"), &out, y),
            CF_EXPECT_MATCHED);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(&e, "t/flaky"), &out, z),
            CF_EXPECT_MATCHED);
  ASSERT_EQ(cf_expect_apply(cf_expect_find(&e, "t/flaky"), &out, other),
            CF_EXPECT_CHANGED);
  cf_expect_free(&e);
  remove(path);
  json_decref(y);
  json_decref(z);
  json_decref(other);
  refused("{\"format\": 1, \"golden\": \"g\", \"expected\": [{\"case\": "
          "\"a\", \"level\": \"type\", \"reason\": \"r\", \"actual\": []}]}");
  refused("{\"format\": 1, \"golden\": \"g\", \"expected\": [{\"case\": "
          "\"a\", \"level\": \"type\", \"reason\": \"r\", \"actual\": [1]}]}");
}

void cf_test_expect(const char *data) {
  char path[1024];
  cf_expect e;
  const char *rec = "{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": {}, "
                    "\"results\": []}";
  char buf[600];
  snprintf(path, sizeof path, "%s/expectations-sample.json", data);
  ASSERT_EQ(cf_expect_load(path, &e), 0);
  ASSERT_U64(e.n, ==, 5);
  ASSERT_STR_EQ(e.golden, "cpython-3.13.0");
  ASSERT_NOT_NULL(cf_expect_find(&e, "t/passes"));
  ASSERT_STR_EQ(cf_expect_find(&e, "t/passes")->reason, "fixed since");
  verdicts(&e);
  cf_expect_free(&e);
  list_pins();
  refused("{\"format\": 1, \"golden\": \"g\"}");
  refused("{\"format\": 2, \"golden\": \"g\", \"expected\": []}");
  refused("[1, 2]");
  refused("{\"format\": 1, \"golden\": \"g\", \"expected\": [");
  snprintf(buf, sizeof buf,
           "{\"format\": 1, \"golden\": \"g\", \"expected\": [{\"case\": "
           "\"a\", \"level\": \"colour\", \"reason\": \"r\", \"actual\": %s}]}",
           rec);
  refused(buf);
  snprintf(buf, sizeof buf,
           "{\"format\": 1, \"golden\": \"g\", \"expected\": [{\"case\": "
           "\"a\", \"level\": \"type\", \"reason\": \"r\", \"actual\": %s}, "
           "{\"case\": \"a\", \"level\": \"type\", \"reason\": \"r\", "
           "\"actual\": %s}]}",
           rec, rec);
  refused(buf);
  refused("{\"format\": 1, \"golden\": \"g\", \"expected\": [{\"case\": "
          "\"a\", \"level\": \"type\", \"reason\": \"r\", \"actual\": {}}]}");
}

/* A classed file (INTERPRETING.md 9.1): explained differences, Wine's,
 * needs-golden cases (neither passed nor failed while the host gives the
 * pinned record) and derived records (graded as the golden). */
void cf_test_expect_classed(const char *data) {
  char path[1024], buf[1200];
  cf_expect e;
  json_t *null1 = json_loads("{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": "
                             "{}, \"results\": [{\"value\": null}]}",
                             0, NULL);
  json_t *one = json_loads("{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": "
                           "{}, \"results\": [{\"value\": {\"int\": \"1\"}}]}",
                           0, NULL);
  cf_grade pass = grade(CF_GRADE_PASS, CF_LEVEL_OUTCOME);
  cf_grade val = grade(CF_GRADE_FAIL, CF_LEVEL_VALUE);
  cf_grade skip = grade(CF_GRADE_SKIP, CF_LEVEL_OUTCOME);
  const cf_expect_entry *x;
  snprintf(path, sizeof path, "%s/expectations-classed.json", data);
  ASSERT_EQ(cf_expect_load(path, &e), 0);
  ASSERT_U64(e.n, ==, 5);
  ASSERT_STR_EQ(e.platform, "win32");
  x = cf_expect_find(&e, "t/gran");
  ASSERT_EQ(x->kind, CF_CLASS_DIFFERENCE);
  ASSERT_STR_EQ(x->reason, "gran: new_mmap_object [MS_WINDOWS]: MapViewOfFile "
                           "refuses the offset.");
  x = cf_expect_find(&e, "t/wine");
  ASSERT_EQ(x->kind, CF_CLASS_WINE);
  ASSERT_STR_EQ(x->reason, "wine-x: Wine does it its own way. Here: this case");
  ASSERT_EQ(cf_expect_apply(x, &val, null1), CF_EXPECT_MATCHED);
  ASSERT_EQ(cf_expect_apply(x, &val, one), CF_EXPECT_CHANGED);
  /* needs-golden: whatever the grade, the pinned record is neither a pass
   * nor a failure; another record is a change to review. */
  x = cf_expect_find(&e, "t/unknown");
  ASSERT_EQ(x->kind, CF_CLASS_NEEDS_GOLDEN);
  ASSERT_EQ(x->level, -1);
  ASSERT_EQ(cf_expect_apply(x, &pass, null1), CF_EXPECT_NEEDS_GOLDEN);
  ASSERT_EQ(cf_expect_apply(x, &val, null1), CF_EXPECT_NEEDS_GOLDEN);
  ASSERT_EQ(cf_expect_apply(x, &val, one), CF_EXPECT_CHANGED);
  ASSERT_EQ(cf_expect_apply(x, &skip, null1), CF_EXPECT_NONE);
  x = cf_expect_find(&e, "t/only");
  ASSERT_EQ(x->kind, CF_CLASS_DERIVED);
  ASSERT_NOT_NULL(x->derived);
  ASSERT_EQ(cf_expect_apply(x, &val, one), CF_EXPECT_NONE);
  x = cf_expect_find(&e, "t/plain");
  ASSERT_EQ(x->kind, CF_CLASS_NONE);
  ASSERT_STR_EQ(x->reason, "a plain entry");
  cf_expect_free(&e);
  json_decref(null1);
  json_decref(one);
  /* A class the file does not define, or of no known kind. */
  refused("{\"format\": 1, \"golden\": \"g\", \"expected\": [{\"case\": "
          "\"a\", \"class\": \"c\", \"level\": \"type\", \"actual\": {\"sha\": "
          "\"0\", \"outcome\": \"ok\", \"files\": {}, \"results\": []}}]}");
  refused("{\"format\": 1, \"golden\": \"g\", \"classes\": {\"c\": {\"kind\": "
          "\"maybe\", \"reason\": \"r\"}}, \"expected\": []}");
  refused("{\"format\": 1, \"golden\": \"g\", \"classes\": {\"c\": {\"kind\": "
          "\"wine\"}}, \"expected\": []}");
  refused("{\"format\": 1, \"golden\": \"g\", \"platform\": 3, "
          "\"expected\": []}");
  /* A difference without its level; a needs-golden entry with one; a
   * derived entry without its record or with a pin besides. */
  snprintf(buf, sizeof buf,
           "{\"format\": 1, \"golden\": \"g\", \"classes\": {\"w\": "
           "{\"kind\": \"windows\", \"reason\": \"r\"}, \"n\": {\"kind\": "
           "\"needs-golden\", \"reason\": \"r\"}, \"d\": {\"kind\": "
           "\"derived\", \"reason\": \"r\"}}, \"expected\": [%s]}",
           "{\"case\": \"a\", \"class\": \"w\", \"actual\": {\"sha\": \"0\", "
           "\"outcome\": \"ok\", \"files\": {}, \"results\": []}}");
  refused(buf);
  snprintf(buf, sizeof buf,
           "{\"format\": 1, \"golden\": \"g\", \"classes\": {\"n\": {\"kind\": "
           "\"needs-golden\", \"reason\": \"r\"}}, \"expected\": [{\"case\": "
           "\"a\", \"class\": \"n\", \"level\": \"type\", \"actual\": "
           "{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": {}, \"results\": "
           "[]}}]}");
  refused(buf);
  refused("{\"format\": 1, \"golden\": \"g\", \"classes\": {\"d\": {\"kind\": "
          "\"derived\", \"reason\": \"r\"}}, \"expected\": [{\"case\": \"a\", "
          "\"class\": \"d\"}]}");
  refused("{\"format\": 1, \"golden\": \"g\", \"classes\": {\"d\": {\"kind\": "
          "\"derived\", \"reason\": \"r\"}}, \"expected\": [{\"case\": \"a\", "
          "\"class\": \"d\", \"derived\": {\"sha\": \"0\", \"outcome\": "
          "\"ok\", \"files\": {}, \"results\": []}, \"actual\": {\"sha\": "
          "\"0\", \"outcome\": \"ok\", \"files\": {}, \"results\": []}}]}");
}
