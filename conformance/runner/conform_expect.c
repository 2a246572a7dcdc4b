/* conform_expect.c - loading and applying expectations. */
#include "conform_expect.h"

#include "conform_golden.h"
#include "conform_util.h"

#include <stdlib.h>
#include <string.h>

static int load_entry(cf_expect *e, const json_t *item, size_t i) {
  cf_expect_entry *x = &e->entries[i];
  char why[200];
  x->id = json_string_value(json_object_get(item, "case"));
  x->reason = json_string_value(json_object_get(item, "reason"));
  x->level = cf_level_parse(json_string_value(json_object_get(item, "level")));
  x->actual = json_object_get(item, "actual");
  if (!json_is_object(item) || x->id == NULL || x->reason == NULL ||
      json_object_size(item) != 4) {
    cf_error("%s: expected[%zu]: want {\"case\", \"level\", \"reason\", "
             "\"actual\"}",
             e->path, i);
    return -1;
  }
  if (x->level < 0) {
    cf_error("%s: case %s: \"level\" must be outcome, type, value, message "
             "or file",
             e->path, x->id);
    return -1;
  }
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
  for (size_t j = 0; j < i; j++)
    if (strcmp(e->entries[j].id, x->id) == 0) {
      cf_error("%s: case %s is listed twice", e->path, x->id);
      return -1;
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
  if (!json_is_integer(fmt) || json_integer_value(fmt) != 1 ||
      e->golden == NULL || !json_is_array(list)) {
    cf_error("%s: want {\"format\": 1, \"golden\": NAME, \"expected\": [...]}",
             path);
    goto fail;
  }
  e->entries = ut_xmalloc(json_array_size(list) * sizeof *e->entries);
  json_array_foreach(list, i, item) {
    if (load_entry(e, item, i) != 0)
      goto fail;
    e->n++;
  }
  return 0;
fail:
  cf_expect_free(e);
  return -1;
}

void cf_expect_free(cf_expect *e) {
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
  if (entry == NULL)
    return CF_EXPECT_NONE;
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
