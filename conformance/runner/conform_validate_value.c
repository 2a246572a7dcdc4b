/* conform_validate_value.c - typed values and expressions of a case. */
#include "conform_validate.h"

#include "conform_expr.h"

#include <stdio.h>
#include <string.h>

int cf_validate_expr(const char *expr, char *why, size_t whylen) {
  char msg[160];
  __int128 v;
  if (cx_eval(expr, NULL, NULL, &v, msg, sizeof msg) == CX_OK)
    return 0;
  snprintf(why, whylen, "expression \"%s\": %s", expr, msg);
  return -1;
}

static int hex_ok(const json_t *s) {
  const char *p = json_string_value(s);
  size_t n = 0;
  if (p == NULL)
    return 0;
  for (; p[n]; n++)
    if (!((p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'f')))
      return 0;
  return n % 2 == 0;
}

static int ascii_ok(const json_t *s) {
  const char *p = json_string_value(s);
  if (p == NULL)
    return 0;
  for (; *p; p++)
    if ((unsigned char)*p >= 0x80)
      return 0;
  return 1;
}

static int expr_field(const json_t *s, char *why, size_t whylen) {
  if (!json_is_string(s)) {
    snprintf(why, whylen, "an integer expression must be a string");
    return -1;
  }
  return cf_validate_expr(json_string_value(s), why, whylen);
}

static int members_ok(const json_t *a, size_t want, char *why, size_t len) {
  size_t i;
  json_t *m;
  if (!json_is_array(a) || (want > 0 && json_array_size(a) != want)) {
    snprintf(why, len, "expected an array%s", want ? " of 3 members" : "");
    return -1;
  }
  json_array_foreach(a, i, m) {
    if (cf_validate_value(m, why, len) != 0)
      return -1;
  }
  return 0;
}

static int bad(char *why, size_t whylen, const char *kind, const char *what) {
  snprintf(why, whylen, "{\"%s\": ...}: %s", kind, what);
  return -1;
}

/* {"index": {"value": E, "then": OP}}, "then" optional. */
static int index_ok(const json_t *x, char *why, size_t whylen) {
  const json_t *then = json_object_get(x, "then");
  char inner[300];
  if (!json_is_object(x) || json_object_get(x, "value") == NULL ||
      json_object_size(x) != 1 + (then != NULL))
    return bad(why, whylen, "index", "want {\"value\": E, \"then\": OP}");
  if (expr_field(json_object_get(x, "value"), why, whylen) != 0)
    return -1;
  if (then != NULL && cf_validate_inner_op(then, inner, sizeof inner) != 0) {
    snprintf(why, whylen, "{\"index\": ...}: then: %s", inner);
    return -1;
  }
  return 0;
}

int cf_validate_value(const json_t *v, char *why, size_t whylen) {
  const char *kind;
  const json_t *x;
  if (json_is_null(v) || json_is_boolean(v))
    return 0;
  if (!json_is_object(v) || json_object_size(v) != 1) {
    snprintf(why, whylen,
             "not a typed value (want null, a boolean or an "
             "object with one key)");
    return -1;
  }
  kind = json_object_iter_key(json_object_iter((json_t *)v));
  x = json_object_get(v, kind);
  if (!strcmp(kind, "int") || !strcmp(kind, "pattern"))
    return expr_field(x, why, whylen);
  if (!strcmp(kind, "bytes") || !strcmp(kind, "bytearray") ||
      !strcmp(kind, "memoryview"))
    return hex_ok(x) ? 0 : bad(why, whylen, kind, "want lower-case hex");
  if (!strcmp(kind, "text"))
    return ascii_ok(x) ? 0 : bad(why, whylen, kind, "want ASCII text");
  if (!strcmp(kind, "str") || !strcmp(kind, "float") || !strcmp(kind, "ref") ||
      !strcmp(kind, "fd"))
    return json_is_string(x) ? 0 : bad(why, whylen, kind, "want a string");
  if (!strcmp(kind, "ellipsis"))
    return json_is_true(x) ? 0 : bad(why, whylen, kind, "want true");
  if (!strcmp(kind, "tuple") || !strcmp(kind, "list"))
    return members_ok(x, 0, why, whylen);
  if (!strcmp(kind, "slice"))
    return members_ok(x, 3, why, whylen);
  if (!strcmp(kind, "repeat")) {
    if (!json_is_object(x) || json_object_size(x) != 2 ||
        !hex_ok(json_object_get(x, "bytes")))
      return bad(why, whylen, kind, "want {\"bytes\": hex, \"count\": E}");
    return expr_field(json_object_get(x, "count"), why, whylen);
  }
  if (!strcmp(kind, "index"))
    return index_ok(x, why, whylen);
  if (!strcmp(kind, "dict"))
    return bad(why, whylen, kind, "dict values appear only in results");
  snprintf(why, whylen, "unknown typed value kind \"%s\"", kind);
  return -1;
}
