/* conform_expect.c - loading and applying expectations. */
#include "conform_expect.h"

#include "conform_golden.h"
#include "conform_util.h"

#include <stdlib.h>
#include <string.h>

/* Checks the pinned ACTUAL of entry X (a record or a non-empty list). */
static int check_actual(cf_expect *e, cf_expect_entry *x) {
  char why[200];
  /* A list of records pins a host whose behaviour is not deterministic
   * (INTERPRETING.md 9): any of them is the expected failure. */
  if (json_is_array(x->actual) && json_array_size(x->actual) == 0) {
    cf_error("%s: case %s: actual: an empty list", e->path, x->id);
    return -1;
  }
  for (size_t k = 0;
       k < (json_is_array(x->actual) ? json_array_size(x->actual) : 1); k++) {
    const json_t *rec =
        json_is_array(x->actual) ? json_array_get(x->actual, k) : x->actual;
    if (cf_record_valid(rec, why, sizeof why) != 0) {
      cf_error("%s: case %s: actual: %s", e->path, x->id, why);
      return -1;
    }
  }
  return 0;
}

static const char *const kind_names[] = {
    "", "windows", "wine", "needs-golden", "derived", "version", "port"};

const char *cf_class_kind_name(cf_class_kind kind) { return kind_names[kind]; }

/* The class NAME of the file: its kind, or CF_CLASS_NONE if unknown. */
static cf_class_kind class_kind(const cf_expect *e, const char *name) {
  const json_t *c =
      json_object_get(json_object_get(e->json, "classes"), name ? name : "");
  const char *kind = json_string_value(json_object_get(c, "kind"));
  for (int k = CF_CLASS_DIFFERENCE; kind != NULL && k <= CF_CLASS_PORT; k++)
    if (strcmp(kind, kind_names[k]) == 0)
      return (cf_class_kind)k;
  return CF_CLASS_NONE;
}

const char *cf_expect_class_reason(const cf_expect *e, const char *name) {
  const char *r = json_string_value(json_object_get(
      json_object_get(json_object_get(e->json, "classes"), name), "reason"));
  return r != NULL ? r : "";
}

/* An entry with a class (9.1): {case, class, level, actual[, reason]} for
 * a difference, {case, class, actual[, reason]} for needs-golden, {case,
 * class, derived[, reason]} for a derived record. */
static int load_classed(cf_expect *e, const json_t *item, cf_expect_entry *x) {
  const char *level = json_string_value(json_object_get(item, "level"));
  const char *note = json_string_value(json_object_get(item, "reason"));
  size_t want = 2 + (note != NULL);
  char why[200];
  x->kind = class_kind(e, x->klass);
  if (x->kind == CF_CLASS_NONE) {
    cf_error("%s: case %s: class \"%s\" is not in \"classes\" with a kind "
             "windows, wine, needs-golden, derived, version or port",
             e->path, x->id, x->klass);
    return -1;
  }
  if (x->kind == CF_CLASS_DERIVED) {
    x->derived = json_object_get(item, "derived");
    if (x->derived == NULL || json_object_size(item) != want + 1 ||
        cf_record_valid(x->derived, why, sizeof why) != 0) {
      cf_error("%s: case %s: a derived entry wants {\"case\", \"class\", "
               "\"derived\": RECORD[, \"reason\"]}%s%s",
               e->path, x->id, x->derived ? ": " : "", x->derived ? why : "");
      return -1;
    }
  } else {
    want += 1 + (x->kind != CF_CLASS_NEEDS_GOLDEN);
    if (x->kind != CF_CLASS_NEEDS_GOLDEN && x->level < 0) {
      cf_error("%s: case %s: \"level\" must be outcome, type, value, "
               "message or file",
               e->path, x->id);
      return -1;
    }
    if (x->actual == NULL || json_object_size(item) != want ||
        (x->kind == CF_CLASS_NEEDS_GOLDEN && level != NULL)) {
      cf_error("%s: case %s: a %s entry wants {\"case\", \"class\", %s"
               "\"actual\"[, \"reason\"]}",
               e->path, x->id, kind_names[x->kind],
               x->kind == CF_CLASS_NEEDS_GOLDEN ? "" : "\"level\", ");
      return -1;
    }
    if (check_actual(e, x) != 0)
      return -1;
  }
  x->owned =
      ut_xasprintf("%s: %s%s%s", x->klass, cf_expect_class_reason(e, x->klass),
                   note ? " Here: " : "", note ? note : "");
  x->reason = x->owned;
  return 0;
}

static int load_entry(cf_expect *e, const json_t *item, size_t i) {
  cf_expect_entry *x = &e->entries[i];
  memset(x, 0, sizeof *x);
  x->id = json_string_value(json_object_get(item, "case"));
  x->reason = json_string_value(json_object_get(item, "reason"));
  x->level = cf_level_parse(json_string_value(json_object_get(item, "level")));
  x->actual = json_object_get(item, "actual");
  x->klass = json_string_value(json_object_get(item, "class"));
  if (json_is_object(item) && x->id != NULL && x->klass != NULL) {
    if (load_classed(e, item, x) != 0)
      return -1;
  } else if (!json_is_object(item) || x->id == NULL || x->reason == NULL ||
             json_object_size(item) != 4 || x->actual == NULL) {
    cf_error("%s: expected[%zu]: want {\"case\", \"level\", \"reason\", "
             "\"actual\"} or {\"case\", \"class\", ...}",
             e->path, i);
    return -1;
  } else if (x->level < 0) {
    cf_error("%s: case %s: \"level\" must be outcome, type, value, message "
             "or file",
             e->path, x->id);
    return -1;
  } else if (check_actual(e, x) != 0) {
    return -1;
  }
  for (size_t j = 0; j < i; j++)
    if (strcmp(e->entries[j].id, x->id) == 0) {
      cf_error("%s: case %s is listed twice", e->path, x->id);
      return -1;
    }
  return 0;
}

/* Whether TEXT names a CPython issue (gh-N, bpo-N) or a commit (seven or
 * more hex digits after "commit "). */
static int cites_cpython(const char *text) {
  for (const char *p = text; p != NULL && *p != '\0'; p++) {
    size_t skip = strncmp(p, "gh-", 3) == 0       ? 3
                  : strncmp(p, "bpo-", 4) == 0    ? 4
                  : strncmp(p, "commit ", 7) == 0 ? 7
                                                  : 0;
    size_t n =
        skip ? strspn(p + skip, skip == 7 ? "0123456789abcdef" : "0123456789")
             : 0;
    if (skip != 0 && n >= (skip == 7 ? 7u : 1u))
      return 1;
  }
  return 0;
}

/* "classes": an object of {"kind", "reason"} objects, both strings. */
static int check_classes(cf_expect *e) {
  const json_t *classes = json_object_get(e->json, "classes");
  const char *name;
  json_t *c;
  if (classes == NULL)
    return 0;
  if (!json_is_object(classes)) {
    cf_error("%s: \"classes\" must be an object", e->path);
    return -1;
  }
  json_object_foreach((json_t *)classes, name, c) {
    if (!json_is_object(c) || json_object_size(c) != 2 ||
        class_kind(e, name) == CF_CLASS_NONE ||
        !json_is_string(json_object_get(c, "reason"))) {
      cf_error("%s: class %s: want {\"kind\": windows|wine|needs-golden|"
               "derived|version|port, \"reason\": TEXT}",
               e->path, name);
      return -1;
    }
    if (class_kind(e, name) == CF_CLASS_VERSION &&
        !cites_cpython(json_string_value(json_object_get(c, "reason")))) {
      cf_error("%s: class %s: a version class must cite the CPython change "
               "(gh-N, bpo-N or a commit hash) in its reason",
               e->path, name);
      return -1;
    }
  }
  return 0;
}

int cf_expect_load(const char *path, cf_expect *e) {
  const json_t *list, *fmt, *item;
  size_t i;
  memset(e, 0, sizeof *e);
  e->path = ut_xstrdup(path);
  if ((e->json = cf_load_json(path)) == NULL)
    goto fail;
  fmt = json_object_get(e->json, "format");
  list = json_object_get(e->json, "expected");
  e->golden = json_string_value(json_object_get(e->json, "golden"));
  e->platform = json_string_value(json_object_get(e->json, "platform"));
  if (!json_is_integer(fmt) || json_integer_value(fmt) != 1 ||
      e->golden == NULL || !json_is_array(list) ||
      (json_object_get(e->json, "platform") != NULL && e->platform == NULL)) {
    cf_error("%s: want {\"format\": 1, \"golden\": NAME[, \"platform\": "
             "NAME, \"classes\": {...}], \"expected\": [...]}",
             path);
    goto fail;
  }
  if (check_classes(e) != 0)
    goto fail;
  e->entries = ut_xmalloc((json_array_size(list) + 1) * sizeof *e->entries);
  json_array_foreach(list, i, item) {
    e->n = i + 1; /* counted first: cf_expect_free frees its reason */
    if (load_entry(e, item, i) != 0)
      goto fail;
  }
  return 0;
fail:
  cf_expect_free(e);
  return -1;
}

void cf_expect_free(cf_expect *e) {
  for (size_t i = 0; i < e->n; i++)
    free(e->entries[i].owned);
  free(e->path);
  free(e->entries);
  json_decref(e->json);
  memset(e, 0, sizeof *e);
}

const cf_expect_entry *cf_expect_find(const cf_expect *e, const char *id) {
  for (size_t i = 0; e != NULL && i < e->n; i++)
    if (strcmp(e->entries[i].id, id) == 0)
      return &e->entries[i];
  return NULL;
}

/* Whether ACTUAL is the pinned record, or one of the pinned list. */
static int pinned(const json_t *pin, const json_t *actual) {
  if (!json_is_array(pin))
    return json_equal(pin, actual);
  for (size_t i = 0; i < json_array_size(pin); i++)
    if (json_equal(json_array_get(pin, i), actual))
      return 1;
  return 0;
}

cf_expect_verdict cf_expect_apply(const cf_expect_entry *entry,
                                  const cf_grade *g, const json_t *actual) {
  if (entry == NULL || entry->kind == CF_CLASS_DERIVED)
    return CF_EXPECT_NONE;
  if (entry->kind == CF_CLASS_NEEDS_GOLDEN)
    return g->kind == CF_GRADE_SKIP        ? CF_EXPECT_NONE
           : pinned(entry->actual, actual) ? CF_EXPECT_NEEDS_GOLDEN
                                           : CF_EXPECT_CHANGED;
  switch (g->kind) {
  case CF_GRADE_PASS:
    return CF_EXPECT_PASSES;
  case CF_GRADE_FAIL:
    return (int)g->level == entry->level && pinned(entry->actual, actual)
               ? CF_EXPECT_MATCHED
               : CF_EXPECT_CHANGED;
  case CF_GRADE_REF_CRASH:
    return CF_EXPECT_NOT_FAIL;
  default:
    return CF_EXPECT_NONE; /* skipped: nothing to say either way */
  }
}
