/* core_host_values.c - typed values of the protocol as C arguments:
 * validation, name checks, integers, slices and truthiness. */
#include "core_host.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ch_kind_name(const json_t *v) {
  const char *k = tv_kind(v);
  return k != NULL ? k : "malformed";
}

static int is_hex(const json_t *s) {
  size_t len;
  uint8_t *b = tv_hex_decode(json_string_value(s), &len);
  free(b);
  return b != NULL;
}

/* A float text Python's float() accepts (strtod's grammar, which also
 * takes "inf" and "nan", is close enough for well-formed messages). */
static int is_float(const char *s) {
  char *end;
  if (s == NULL || *s == '\0')
    return 0;
  (void)strtod(s, &end);
  return *end == '\0';
}

static int all_ok(const json_t *arr, size_t want) {
  size_t i;
  json_t *x;
  if (!json_is_array(arr) || (want && json_array_size(arr) != want))
    return 0;
  json_array_foreach(arr, i, x) {
    if (!ch_value_ok(x))
      return 0;
  }
  return 1;
}

int ch_value_ok(const json_t *v) {
  const char *k = tv_kind(v);
  const json_t *x;
  int64_t ignored;
  if (k == NULL)
    return 0;
  if (!strcmp(k, "null") || !strcmp(k, "bool"))
    return 1;
  x = json_object_get(v, k);
  if (!strcmp(k, "int")) /* -2: beyond int64 but well-formed */
    return tv_parse_int64(json_string_value(x), &ignored) != -1;
  if (!strcmp(k, "bytes") || !strcmp(k, "bytearray") ||
      !strcmp(k, "memoryview"))
    return json_is_string(x) && is_hex(x);
  if (!strcmp(k, "str") || !strcmp(k, "ref") || !strcmp(k, "fd"))
    return json_is_string(x);
  if (!strcmp(k, "float"))
    return is_float(json_string_value(x));
  if (!strcmp(k, "tuple") || !strcmp(k, "list"))
    return all_ok(x, 0);
  if (!strcmp(k, "slice"))
    return all_ok(x, 3);
  if (!strcmp(k, "ellipsis"))
    return json_is_true(x);
  if (!strcmp(k, "dict")) {
    const char *key;
    json_t *m;
    if (!json_is_object(x))
      return 0;
    json_object_foreach((json_t *)x, key, m) {
      if (!ch_value_ok(m))
        return 0;
    }
    return 1;
  }
  return 0; /* case-only shorthands (text, pattern, repeat) included */
}

json_t *ch_check_names(ch_state *st, const json_t *v) {
  const char *k = tv_kind(v), *name, *key;
  const json_t *x;
  json_t *m, *r;
  size_t i;
  if (k == NULL || !strcmp(k, "null") || !strcmp(k, "bool"))
    return NULL;
  x = json_object_get(v, k);
  name = json_string_value(x);
  if (!strcmp(k, "ref"))
    return ch_find(st, name) ? NULL : ch_name_error(name);
  if (!strcmp(k, "fd"))
    return ch_find_fd(st, name) ? NULL : ch_name_error(name);
  if (json_is_array(x)) {
    json_array_foreach(x, i, m) {
      if ((r = ch_check_names(st, m)) != NULL)
        return r;
    }
  } else if (json_is_object(x)) {
    json_object_foreach((json_t *)x, key, m) {
      if ((r = ch_check_names(st, m)) != NULL)
        return r;
    }
  }
  return NULL;
}

/* An int-like value, clamped to int64 when CLAMP (slice members) or else
 * unsupported beyond it. */
static json_t *int_like(ch_state *st, const json_t *v, const char *what,
                        int clamp, int64_t *out) {
  const char *k = ch_kind_name(v);
  if (!strcmp(k, "bool")) {
    *out = json_is_true(v);
    return NULL;
  }
  if (!strcmp(k, "fd")) {
    const char *name = json_string_value(json_object_get(v, "fd"));
    ch_fd *f = ch_find_fd(st, name);
    if (f == NULL)
      return ch_name_error(name);
    *out = f->fd;
    return NULL;
  }
  if (strcmp(k, "int") != 0)
    return ch_unsupported("%s where %s (an integer) is needed", k, what);
  if (tv_get_int64(v, out) == -2 && !clamp)
    return ch_unsupported("%s: integer outside the signed 64-bit range", what);
  return NULL;
}

json_t *ch_get_int(ch_state *st, const json_t *v, const char *what,
                   int64_t *out) {
  return int_like(st, v, what, 0, out);
}

json_t *ch_get_slice(ch_state *st, const json_t *v, mml_slice *sl) {
  const json_t *members = json_object_get(v, "slice");
  int64_t *vals[3] = {&sl->start, &sl->stop, &sl->step};
  int *has[3] = {&sl->has_start, &sl->has_stop, &sl->has_step};
  static const char *const what[3] = {"slice start", "slice stop",
                                      "slice step"};
  json_t *r;
  memset(sl, 0, sizeof *sl);
  for (int i = 0; i < 3; i++) {
    const json_t *m = json_array_get(members, (size_t)i);
    if (json_is_null(m))
      continue;
    /* CPython clamps slice members beyond Py_ssize_t (the core's
     * mml_slice documents the same contract). */
    if ((r = int_like(st, m, what[i], 1, vals[i])) != NULL)
      return r;
    *has[i] = 1;
  }
  return NULL;
}

/* bool() of a ref: a map's len() (closed: ValueError), a view's len(). */
static json_t *truthy_ref(ch_state *st, const json_t *v, int *out) {
  ch_binding *b = ch_find(st, json_string_value(json_object_get(v, "ref")));
  int64_t len;
  int rc;
  if (b == NULL)
    return ch_name_error(json_string_value(json_object_get(v, "ref")));
  if (b->kind == CH_VIEW) {
    if (b->view->released)
      return ch_raise("ValueError",
                      "operation forbidden on released memoryview object");
    *out = b->view->len != 0;
    return NULL;
  }
  if ((rc = mml_len(b->map->m, &len)) < 0)
    return ch_raise_code(rc);
  *out = len != 0;
  return NULL;
}

json_t *ch_truthy(ch_state *st, const json_t *v, int *out) {
  const char *k = ch_kind_name(v);
  const json_t *x = json_object_get(v, k);
  if (!strcmp(k, "null") || !strcmp(k, "bool")) {
    *out = json_is_true(v);
    return NULL;
  }
  if (!strcmp(k, "ref"))
    return truthy_ref(st, v, out);
  if (!strcmp(k, "int") || !strcmp(k, "fd")) {
    int64_t n;
    json_t *r = int_like(st, v, "a truth value", 1, &n);
    *out = n != 0; /* a clamped bigint is nonzero, as it should be */
    return r;
  }
  if (!strcmp(k, "float")) {
    double d = strtod(json_string_value(x), NULL);
    *out = d != 0.0 || isnan(d);
    return NULL;
  }
  if (json_is_string(x)) /* bytes, bytearray, memoryview (hex), str */
    *out = json_string_length(x) != 0;
  else if (json_is_array(x))
    *out = !strcmp(k, "slice") || json_array_size(x) != 0;
  else if (json_is_object(x))
    *out = json_object_size(x) != 0;
  else
    *out = 1; /* ellipsis */
  return NULL;
}
