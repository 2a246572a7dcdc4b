/* conform_grade.c - level-by-level comparison of two records. */
#include "conform_grade.h"

#include "conform_hello.h"
#include "conform_util.h"

#include <stdlib.h>
#include <string.h>

static const char *const level_names[CF_NLEVELS] = {"outcome", "type", "value",
                                                    "message", "file"};

const char *cf_level_name(cf_level level) { return level_names[level]; }

int cf_level_parse(const char *name) {
  for (int i = 0; i < CF_NLEVELS; i++)
    if (name != NULL && strcmp(name, level_names[i]) == 0)
      return i;
  return -1;
}

/* Compact JSON of V, cut to a readable length. */
static char *show(const json_t *v) {
  char *s =
      v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY) : NULL;
  if (s == NULL)
    return ut_xstrdup("(nothing)");
  if (strlen(s) > 300)
    strcpy(s + 290, "...(cut)");
  return s;
}

/* "op 3 (call find)" */
static char *op_label(const json_t *ops, size_t i) {
  const json_t *op = json_array_get(ops, i);
  const char *name = json_string_value(json_object_get(op, "op"));
  const char *method = json_string_value(json_object_get(op, "method"));
  if (name == NULL)
    return ut_xasprintf("op %zu", i);
  return ut_xasprintf("op %zu (%s%s%s)", i, name, method ? " " : "",
                      method ? method : "");
}

static void fail(cf_grade *g, cf_level level, char *label, const json_t *want,
                 const json_t *got) {
  char *a = show(want), *b = show(got);
  g->kind = CF_GRADE_FAIL;
  g->level = level;
  g->note = CF_NOTE_NONE;
  free(g->note_detail);
  g->note_detail = NULL;
  g->detail = ut_xasprintf("%s: reference %s, host %s", label, a, b);
  free(label);
  free(a);
  free(b);
}

static const char *kind_of(const json_t *result) {
  return json_object_get(result, "value") ? "value" : "raise";
}

/* The first "unsupported" result of RECORD, or NULL. */
static const char *unsupported(const json_t *record) {
  size_t i;
  json_t *r;
  json_array_foreach(json_object_get(record, "results"), i, r) {
    const char *why = json_string_value(json_object_get(r, "unsupported"));
    if (why != NULL)
      return why;
  }
  return NULL;
}

/* The part of a result that LEVEL compares (NULL = nothing to compare). */
static json_t *part(const json_t *result, cf_level level, json_t **tmp) {
  const json_t *raise = json_object_get(result, "raise");
  *tmp = NULL;
  switch (level) {
  case CF_LEVEL_OUTCOME:
    return *tmp = json_string(kind_of(result));
  case CF_LEVEL_TYPE:
    return raise ? json_object_get(raise, "type") : NULL;
  case CF_LEVEL_VALUE:
    return json_object_get(result, "value");
  case CF_LEVEL_MESSAGE:
    if (raise == NULL)
      return NULL;
    return *tmp =
               json_pack("{sOsO}", "message", json_object_get(raise, "message"),
                         "errno", json_object_get(raise, "errno"));
  default:
    return NULL;
  }
}

const char *cf_note_name(cf_note note) {
  return note == CF_NOTE_ERRNO_NAME ? "errno-name"
         : note == CF_NOTE_PAGESIZE ? "pagesize"
                                    : "";
}

/* Whether results WANT and GOT (of equal type, as the type level has
 * passed) are one error under two errno numbers; notes the first. */
static int same_errno_name(const json_t *want, const json_t *got,
                           const json_t *ops, size_t i, const cf_grade_env *env,
                           cf_grade *g) {
  const json_t *ea = json_object_get(json_object_get(want, "raise"), "errno");
  const json_t *eb = json_object_get(json_object_get(got, "raise"), "errno");
  long long a, b;
  char *label;
  if (env == NULL || !json_is_integer(ea) || !json_is_integer(eb))
    return 0;
  a = json_integer_value(ea);
  b = json_integer_value(eb);
  if (a == b ||
      !cf_errnos_same_name(env->golden_errnos, a, env->host_errnos, b))
    return 0;
  if (g->note == CF_NOTE_NONE) {
    label = op_label(ops, i);
    g->note = CF_NOTE_ERRNO_NAME;
    g->note_detail =
        ut_xasprintf("%s: %s is errno %lld on the reference, %lld on the host",
                     label, cf_errno_name(env->golden_errnos, a), a, b);
    free(label);
  }
  return 1;
}

/* Finds the first op whose LEVEL part differs; 1 if one does. */
static int op_level_differs(const json_t *want, const json_t *got, size_t n,
                            const json_t *ops, cf_level level,
                            const cf_grade_env *env, cf_grade *g) {
  for (size_t i = 0; i < n; i++) {
    json_t *t1, *t2;
    const json_t *a = part(json_array_get(want, i), level, &t1);
    const json_t *b = part(json_array_get(got, i), level, &t2);
    int differs = (a == NULL) != (b == NULL) || (a && !json_equal(a, b));
    if (differs && level == CF_LEVEL_MESSAGE &&
        same_errno_name(json_array_get(want, i), json_array_get(got, i), ops, i,
                        env, g))
      differs = 0;
    if (differs)
      fail(g, level, op_label(ops, i), json_array_get(want, i),
           json_array_get(got, i));
    json_decref(t1);
    json_decref(t2);
    if (differs)
      return 1;
  }
  return 0;
}

/* " {crash details}" of a record that has them, else "". */
static char *crash_text(const json_t *record) {
  const json_t *crash = json_object_get(record, "crash");
  char *shown, *text;
  if (crash == NULL)
    return ut_xstrdup("");
  shown = show(crash);
  text = ut_xasprintf(" %s", shown);
  free(shown);
  return text;
}

/* The case-level outcome comparison; 1 if graded already. */
static int outcome_differs(const json_t *golden, const json_t *actual,
                           cf_grade *g) {
  const char *go = json_string_value(json_object_get(golden, "outcome"));
  const char *ao = json_string_value(json_object_get(actual, "outcome"));
  size_t n = json_array_size(json_object_get(golden, "results"));
  size_t m = json_array_size(json_object_get(actual, "results"));
  go = go ? go : "?";
  ao = ao ? ao : "?";
  /* A host that finishes where the reference dies is safer, not wrong; a
   * host that hangs there is neither. */
  if (strcmp(go, "crash") == 0 && strcmp(ao, "ok") == 0) {
    g->kind = CF_GRADE_REF_CRASH;
    g->detail = ut_xasprintf("the reference crashed after %zu results; "
                             "the host did not crash",
                             n);
    return 1;
  }
  if (strcmp(go, ao) != 0 || n != m) {
    char *a = crash_text(golden), *b = crash_text(actual);
    g->kind = CF_GRADE_FAIL;
    g->level = CF_LEVEL_OUTCOME;
    g->detail = ut_xasprintf("outcome: reference %s after %zu results%s, "
                             "host %s after %zu results%s",
                             go, n, a, ao, m, b);
    free(a);
    free(b);
    return 1;
  }
  return 0;
}

void cf_grade_records(const json_t *golden, const json_t *actual,
                      const json_t *ops, cf_grade *g) {
  cf_grade_records_env(golden, actual, ops, NULL, g);
}

void cf_grade_records_env(const json_t *golden, const json_t *actual,
                          const json_t *ops, const cf_grade_env *env,
                          cf_grade *g) {
  const json_t *want = json_object_get(golden, "results");
  const json_t *got = json_object_get(actual, "results");
  const char *why;
  memset(g, 0, sizeof *g);
  if ((why = unsupported(actual)) != NULL ||
      (why = unsupported(golden)) != NULL) {
    g->kind = CF_GRADE_SKIP;
    g->detail = ut_xasprintf("unsupported: %s", why);
    return;
  }
  if (outcome_differs(golden, actual, g))
    return;
  /* Equal outcomes and result counts; when both died, the results before
   * the crash point are what there is to compare. */
  for (cf_level l = CF_LEVEL_OUTCOME; l < CF_LEVEL_FILE; l++)
    if (op_level_differs(want, got, json_array_size(want), ops, l, env, g))
      return;
  /* Files only when both ran to the end: after a crash they hold whatever
   * the dying process had written. */
  if (strcmp(json_string_value(json_object_get(golden, "outcome")), "ok") ==
          0 &&
      !json_equal(json_object_get(golden, "files"),
                  json_object_get(actual, "files"))) {
    fail(g, CF_LEVEL_FILE, ut_xstrdup("files"),
         json_object_get(golden, "files"), json_object_get(actual, "files"));
    return;
  }
  g->kind = CF_GRADE_PASS;
}

void cf_grade_clear(cf_grade *g) {
  free(g->detail);
  free(g->note_detail);
  g->detail = g->note_detail = NULL;
}
