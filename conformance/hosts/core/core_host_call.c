/* core_host_call.c - the call op: the methods of mmap.mmap, their arity,
 * and the ones that take no arguments (close, seekable, size, tell,
 * __enter__, __exit__). */
#include "core_host.h"

#include <string.h>

json_t *ch_int_args(ch_state *st, const json_t *args, size_t first, size_t n,
                    const char *method, int64_t *out) {
  char what[64];
  json_t *r;
  for (size_t i = first; i < first + n && i < json_array_size(args); i++) {
    snprintf(what, sizeof what, "argument %zu of %s()", i + 1, method);
    if ((r = ch_get_int(st, json_array_get(args, i), what, &out[i - first])))
      return r;
  }
  return NULL;
}

json_t *ch_enter(ch_binding *b) {
  /* __enter__ checks that the map is open and returns it. */
  if (mml_closed(b->map->m))
    return ch_raise_code(MML_ECLOSED);
  return ch_value(tv_ref(b->name));
}

json_t *ch_exit(ch_binding *b, size_t nargs) {
  /* __exit__ takes any arguments up to 3.14.0 and calls close(); from
   * 3.14.1 (Argument Clinic, gh-116738) exactly three. */
  int rc;
  if (ch_python_version >= MML_PY(3, 14, 1) && nargs != 3) {
    char msg[64];
    snprintf(msg, sizeof msg, "__exit__ expected 3 arguments, got %zu", nargs);
    return ch_raise("TypeError", msg);
  }
  rc = mml_close(b->map->m);
  return rc < 0 ? ch_raise_code(rc) : ch_none();
}

static json_t *call_simple(ch_state *st, ch_binding *b, const char *method,
                           const json_t *args) {
  mml_map *m = b->map->m;
  int64_t v = 0;
  int rc;
  (void)st;
  (void)args;
  if (!strcmp(method, "__enter__"))
    return ch_enter(b);
  if (!strcmp(method, "__exit__"))
    return ch_exit(b, json_array_size(args));
  if (!strcmp(method, "seekable")) /* 3.13: True, also when closed */
    return ch_value(json_boolean(mml_seekable(m)));
  if (!strcmp(method, "close")) {
    rc = mml_close(m);
    return rc < 0 ? ch_raise_code(rc) : ch_none();
  }
  rc = !strcmp(method, "size") ? mml_size(m, &v) : mml_tell(m, &v);
  return rc < 0 ? ch_raise_code(rc) : ch_value(tv_int(v));
}

/* Every method of 3.13's mmap.mmap: name, arity (max -1: any). */
static const struct method_spec {
  const char *name;
  int min, max;
  ch_method_fn *fn;
} methods[] = {
    {"close", 0, 0, call_simple},     {"find", 1, 3, ch_call_map},
    {"rfind", 1, 3, ch_call_map},     {"flush", 0, 2, ch_call_map},
    {"madvise", 1, 3, ch_call_map},   {"move", 3, 3, ch_call_map},
    {"read", 0, 1, ch_call_io},       {"read_byte", 0, 0, ch_call_io},
    {"readline", 0, 0, ch_call_io},   {"resize", 1, 1, ch_call_map},
    {"seek", 1, 2, ch_call_io},       {"seekable", 0, 0, call_simple},
    {"size", 0, 0, call_simple},      {"tell", 0, 0, call_simple},
    {"write", 1, 1, ch_call_io},      {"write_byte", 1, 1, ch_call_io},
    {"__enter__", 0, 0, call_simple}, {"__exit__", 0, -1, call_simple},
};

json_t *ch_exec_call(ch_state *st, const json_t *op) {
  const char *method = json_string_value(json_object_get(op, "method"));
  const json_t *args = json_object_get(op, "args");
  const json_t *kwargs = json_object_get(op, "kwargs");
  json_t *empty = json_array(), *r;
  ch_binding *b;
  size_t n = args != NULL ? json_array_size(args) : 0;
  if ((r = ch_on_map(st, op, &b)) != NULL)
    goto out;
  r = ch_unsupported("method %s of mmap.mmap", method);
  for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
    const struct method_spec *s = &methods[i];
    if (strcmp(s->name, method) != 0)
      continue;
    json_decref(r);
    /* Keywords and arity errors are Python argument parsing. */
    if (kwargs != NULL && json_object_size(kwargs) != 0)
      r = ch_unsupported("keyword arguments to %s()", method);
    else if ((int)n < s->min || (s->max >= 0 && (int)n > s->max))
      r = ch_unsupported("%s() with %d arguments", method, (int)n);
    else
      r = s->fn(st, b, method, args != NULL ? args : empty);
    break;
  }
out:
  json_decref(empty);
  return r;
}
