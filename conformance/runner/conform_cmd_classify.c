/* conform_cmd_classify.c - mmaplab-conform classify: turns a port's run
 * into a classed expectations file (INTERPRETING.md 9.2) by reviewed
 * rules, so that every difference carries a class and a reason and the
 * pinned records are never copied by hand. */
#include "conform_cli.h"
#include "conform_expect.h"
#include "conform_grade.h"
#include "conform_util.h"
#include "ut_opt.h"
#include "ut_version.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: mmaplab-conform classify --rules FILE --out FILE REPORT.json\n"
    "\n"
    "Classes every difference of a run (REPORT.json, written by `run`:\n"
    "its unexpected failures and its expected ones) by the first rule of\n"
    "FILE that matches it, and writes the classed expectations file (each\n"
    "entry: case, class, level, the record the host produced, and the\n"
    "rule's reason). A rule: {\"class\": NAME, \"reason\": TEXT, and any of\n"
    "\"level\": LEVEL, \"case\": GLOB, \"detail\": GLOB} (fnmatch, '*' also\n"
    "matches '/'), the classes as in an expectations file. Prints each\n"
    "difference no rule matches and each rule that matched nothing. Exit 0\n"
    "when every difference was classed and every rule used, 1 when not\n"
    "(the file is written all the same), 2 on misuse or bad input.\n"
    "\n"
    "  --rules FILE  {\"format\": 1, \"golden\": NAME, \"platform\": NAME,\n"
    "                \"classes\": {...}, \"rules\": [...]}\n"
    "  --out FILE    the expectations file to write\n"
    "  --help        this text\n"
    "  --version     print \"mmaplab-conform classify VERSION\" and exit\n";

typedef struct rule {
  const char *klass, *reason, *level, *case_glob, *detail_glob;
  size_t used;
} rule;

static int load_rules(const json_t *doc, const char *path, rule **out,
                      size_t *n) {
  const json_t *list = json_object_get(doc, "rules");
  const json_t *classes = json_object_get(doc, "classes");
  json_t *r;
  size_t i;
  if (!json_is_array(list) || !json_is_object(classes) ||
      !json_is_string(json_object_get(doc, "golden"))) {
    cf_error("%s: want {\"format\": 1, \"golden\": NAME, \"classes\": {...}, "
             "\"rules\": [...]}",
             path);
    return -1;
  }
  *out = ut_xmalloc((json_array_size(list) + 1) * sizeof **out);
  *n = json_array_size(list);
  json_array_foreach(list, i, r) {
    rule *x = &(*out)[i];
    memset(x, 0, sizeof *x);
    x->klass = json_string_value(json_object_get(r, "class"));
    x->reason = json_string_value(json_object_get(r, "reason"));
    x->level = json_string_value(json_object_get(r, "level"));
    x->case_glob = json_string_value(json_object_get(r, "case"));
    x->detail_glob = json_string_value(json_object_get(r, "detail"));
    if (x->klass == NULL || x->reason == NULL ||
        json_object_get(classes, x->klass) == NULL ||
        (x->level != NULL && cf_level_parse(x->level) < 0)) {
      cf_error("%s: rules[%zu]: want {\"class\": a class of \"classes\", "
               "\"reason\": TEXT[, \"level\", \"case\", \"detail\"]}",
               path, i);
      free(*out);
      *out = NULL;
      return -1;
    }
  }
  return 0;
}

static int glob_ok(const char *glob, const char *text) {
  return glob == NULL || fnmatch(glob, text ? text : "", 0) == 0;
}

/* The first rule matching case C of the report, or NULL. */
static rule *match(rule *rules, size_t n, const json_t *c) {
  const char *id = json_string_value(json_object_get(c, "id"));
  const char *level = json_string_value(json_object_get(c, "level"));
  const char *detail = json_string_value(json_object_get(c, "detail"));
  for (size_t i = 0; i < n; i++) {
    rule *r = &rules[i];
    if ((r->level == NULL || (level && strcmp(r->level, level) == 0)) &&
        glob_ok(r->case_glob, id) && glob_ok(r->detail_glob, detail))
      return r;
  }
  return NULL;
}

/* Appends to EXPECTED an entry for every difference of REPORT (its
 * unexpected and expected failures, each with the level it was graded
 * at); returns how many no rule matched. */
static int classify(const json_t *report, rule *rules, size_t n,
                    json_t *expected) {
  const json_t *cases = json_object_get(report, "cases");
  json_t *c;
  size_t i;
  int unclassed = 0;
  json_array_foreach(cases, i, c) {
    const char *grade = json_string_value(json_object_get(c, "grade"));
    const char *level = json_string_value(json_object_get(c, "level"));
    const char *id = json_string_value(json_object_get(c, "id"));
    const json_t *actual = json_object_get(c, "actual");
    rule *r;
    if (grade == NULL || id == NULL ||
        (strcmp(grade, "fail") != 0 && strcmp(grade, "expected") != 0))
      continue;
    if (level == NULL || cf_level_parse(level) < 0 || !json_is_object(actual)) {
      printf("not classable: %s: %s\n", id,
             level ? level : "(no level or record)");
      unclassed++;
      continue;
    }
    if ((r = match(rules, n, c)) == NULL) {
      const char *d = json_string_value(json_object_get(c, "detail"));
      printf("unclassified: %s [%s] %s\n", id, level, d ? d : "");
      unclassed++;
      continue;
    }
    r->used++;
    json_array_append_new(expected,
                          json_pack("{sssssssOss}", "case", id, "class",
                                    r->klass, "level", level, "actual", actual,
                                    "reason", r->reason));
  }
  return unclassed;
}

static int run(const char *rules_path, const char *out, const char *report) {
  json_t *doc = cf_load_json(rules_path), *rep = NULL, *result = NULL;
  rule *rules = NULL;
  size_t n = 0, unused = 0;
  int unclassed, rc = 2;
  cf_expect check;
  if (doc == NULL || load_rules(doc, rules_path, &rules, &n) != 0)
    goto out;
  if ((rep = cf_load_json(report)) == NULL)
    goto out;
  if (!json_is_array(json_object_get(rep, "cases"))) {
    cf_error("%s: not a report.json of mmaplab-conform run", report);
    goto out;
  }
  result = json_pack("{sisOsO?sOso}", "format", 1, "golden",
                     json_object_get(doc, "golden"), "platform",
                     json_object_get(doc, "platform"), "classes",
                     json_object_get(doc, "classes"), "expected", json_array());
  unclassed = classify(rep, rules, n, json_object_get(result, "expected"));
  for (size_t i = 0; i < n; i++)
    if (rules[i].used == 0) {
      printf("unused rule %zu: class %s%s%s\n", i, rules[i].klass,
             rules[i].detail_glob ? ", detail " : "",
             rules[i].detail_glob ? rules[i].detail_glob : "");
      unused++;
    }
  if (cf_write_json(out, result, JSON_INDENT(1) | JSON_SORT_KEYS) != 0)
    goto out;
  /* What was written must load as an expectations file. */
  if (cf_expect_load(out, &check) != 0)
    goto out;
  cf_expect_free(&check);
  printf("classify: %zu differences classed into %s; %d unclassified, %zu "
         "rules unused\n",
         json_array_size(json_object_get(result, "expected")), out, unclassed,
         unused);
  rc = unclassed > 0 || unused > 0 ? 1 : 0;
out:
  free(rules);
  json_decref(doc);
  json_decref(rep);
  json_decref(result);
  return rc;
}

int cf_cmd_classify(int argc, char **argv) {
  static const struct option opts[] = {{"rules", required_argument, NULL, 'r'},
                                       {"out", required_argument, NULL, 'o'},
                                       {"help", no_argument, NULL, 'h'},
                                       {"version", no_argument, NULL, 'V'},
                                       {NULL, 0, NULL, 0}};
  const char *rules = NULL, *out = NULL;
  int c, at;
  ut_opt_start();
  while ((c = ut_opt_next(argc, argv, "+:", opts, &at)) != -1) {
    switch (c) {
    case 'r':
      rules = optarg;
      break;
    case 'o':
      out = optarg;
      break;
    case 'h':
      fputs(usage, stdout);
      return 0;
    case 'V':
      return ut_print_version("mmaplab-conform classify") == 0 ? 0 : 2;
    case ':':
      cf_error("classify: option %s needs a value", argv[at]);
      return 2;
    default:
      cf_error("classify: unknown option %s (see mmaplab-conform classify "
               "--help)",
               argv[at]);
      return 2;
    }
  }
  if (rules == NULL || out == NULL || at != argc - 1) {
    cf_error("classify: want --rules FILE --out FILE REPORT.json (see "
             "mmaplab-conform classify --help)");
    return 2;
  }
  return run(rules, out, argv[at]);
}
