/* core_host_ops.c - one host operation (INTERPRETING.md 4.1): its shape is
 * checked, the names it uses are resolved in the order Python evaluates
 * them, then its executor runs. */
#include "core_host.h"

#include <string.h>

typedef json_t *exec_fn(ch_state *st, const json_t *op);

/* Ops this host declares no feature for (view-ops, python-object, module,
 * audit): the runner skips their cases, and a run that sends one anyway
 * gets "unsupported". */
static json_t *not_expressible(ch_state *st, const json_t *op) {
  (void)st;
  return ch_unsupported("%s is not expressible through the core's C API",
                        json_string_value(json_object_get(op, "op")));
}

/* FIELDS lists "name:type" in the order the Python host evaluates them;
 * a '?' marks an optional field. Types: s string, o bound object name,
 * f bound descriptor name, v typed value, a array of typed values, k
 * object of typed values. */
static const struct op_spec {
  const char *op;
  const char *fields;
  exec_fn *exec;
} specs[] = {
    {"open_fd", "as:s file:s? mode:s? special:s?", ch_exec_open_fd},
    {"close_fd", "fd:f", ch_exec_close_fd},
    {"truncate_fd", "fd:f size:v", ch_exec_truncate_fd},
    {"new", "args:a? kwargs:k? as:s", ch_exec_new},
    {"call", "on:o args:a? kwargs:k? method:s", ch_exec_call},
    {"getattr", "on:o name:s", ch_exec_getattr},
    {"setattr", "on:o value:v name:s", not_expressible},
    {"getitem", "on:o key:v", ch_exec_getitem},
    /* obj[key] = value evaluates the value before the key. */
    {"setitem", "on:o value:v key:v", ch_exec_setitem},
    {"delitem", "on:o key:v", ch_exec_delitem},
    {"len", "on:o", ch_exec_len},
    {"bool", "on:o", ch_exec_bool},
    {"repr", "on:o", ch_exec_repr},
    {"iter", "on:o", ch_exec_iter},
    {"reversed", "on:o", ch_exec_reversed},
    {"contains", "on:o value:v", ch_exec_contains},
    {"bytes", "on:o", ch_exec_bytes},
    {"enter", "on:o", ch_exec_enter},
    {"exit", "on:o args:a? kwargs:k?", ch_exec_exit},
    {"export", "on:o as:s", ch_exec_export},
    {"release", "view:o", ch_exec_release},
    {"view_getitem", "view:o key:v", not_expressible},
    {"view_setitem", "view:o value:v key:v", not_expressible},
    {"const", "name:s", ch_exec_const},
    {"del", "name:o", ch_exec_del},
    {"pickle", "on:o protocol:v", not_expressible},
    {"reduce_ex", "on:o protocol:v", not_expressible},
    {"copy", "on:o", not_expressible},
    {"deepcopy", "on:o", not_expressible},
    {"module_dir", "", not_expressible},
    {"module_constants", "", not_expressible},
    {"audit_start", "", not_expressible},
    {"audit_events", "prefix:s?", not_expressible},
};

/* Calls FN for each field of SPEC; stops at the first nonzero answer. */
typedef int field_fn(ch_state *st, const json_t *op, const char *name,
                     char type, int optional, json_t **res);

static int each_field(ch_state *st, const json_t *op, const char *fields,
                      field_fn *fn, json_t **res) {
  char name[32];
  const char *p = fields;
  while (*p) {
    size_t n = strcspn(p, ":");
    int rc;
    memcpy(name, p, n);
    name[n] = '\0';
    p += n + 1;
    rc = fn(st, op, name, p[0], p[1] == '?', res);
    if (rc != 0)
      return rc;
    p += strcspn(p, " ");
    p += *p == ' ';
  }
  return 0;
}

static int shape_ok(ch_state *st, const json_t *op, const char *name, char type,
                    int optional, json_t **res) {
  const json_t *f = json_object_get(op, name);
  size_t i;
  const char *key;
  json_t *x;
  (void)res;
  if (f == NULL) {
    if (optional)
      return 0;
    ch_misuse(st, "op lacks \"%s\"", name);
    return -1;
  }
  if (type == 'v' && ch_value_ok(f))
    return 0;
  if ((type == 's' || type == 'o' || type == 'f') && json_is_string(f))
    return 0;
  if (type == 'a' && json_is_array(f)) {
    json_array_foreach(f, i, x) {
      if (!ch_value_ok(x))
        goto bad;
    }
    return 0;
  }
  if (type == 'k' && json_is_object(f)) {
    json_object_foreach((json_t *)f, key, x) {
      if (!ch_value_ok(x))
        goto bad;
    }
    return 0;
  }
bad:
  ch_misuse(st, "malformed field \"%s\"", name);
  return -1;
}

static int names_bound(ch_state *st, const json_t *op, const char *name,
                       char type, int optional, json_t **res) {
  const json_t *f = json_object_get(op, name);
  const char *s = json_string_value(f), *key;
  size_t i;
  json_t *x;
  (void)optional;
  if (f == NULL)
    return 0;
  if (type == 'o' && ch_find(st, s) == NULL)
    *res = ch_name_error(s);
  else if (type == 'f' && ch_find_fd(st, s) == NULL)
    *res = ch_name_error(s);
  else if (type == 'v')
    *res = ch_check_names(st, f);
  else if (type == 'a') {
    json_array_foreach(f, i, x) {
      if ((*res = ch_check_names(st, x)) != NULL)
        break;
    }
  } else if (type == 'k') {
    json_object_foreach((json_t *)f, key, x) {
      if ((*res = ch_check_names(st, x)) != NULL)
        break;
    }
  }
  return *res != NULL;
}

json_t *ch_run_op(ch_state *st, const json_t *op) {
  const char *kind = json_string_value(json_object_get(op, "op"));
  json_t *res = NULL;
  if (!json_is_object(op) || kind == NULL)
    return ch_misuse(st, "op is not an object with an \"op\" name");
  for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
    if (strcmp(specs[i].op, kind) != 0)
      continue;
    if (each_field(st, op, specs[i].fields, shape_ok, &res) != 0)
      return NULL;
    if (!strcmp(kind, "open_fd") && ch_check_open_fd(st, op) != 0)
      return NULL;
    if (each_field(st, op, specs[i].fields, names_bound, &res) != 0)
      return res;
    return specs[i].exec(st, op);
  }
  return ch_misuse(st, "unknown op \"%s\"", kind);
}

json_t *ch_on_map(ch_state *st, const json_t *op, ch_binding **out) {
  const char *name = json_string_value(json_object_get(op, "on"));
  ch_binding *b = ch_find(st, name);
  if (b == NULL)
    return ch_name_error(name);
  if (b->kind != CH_MAP)
    return ch_unsupported("%s on a memoryview",
                          json_string_value(json_object_get(op, "op")));
  *out = b;
  return NULL;
}

json_t *ch_on_map_export(ch_state *st, const json_t *op, ch_export *ex) {
  json_t *r = ch_on_map(st, op, &ex->b);
  int rc;
  if (r == NULL &&
      (rc = mml_buffer_export(ex->b->map->m, &ex->data, &ex->len, &ex->ro)) < 0)
    r = ch_raise_code(rc);
  return r;
}
