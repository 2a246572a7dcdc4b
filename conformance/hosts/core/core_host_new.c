/* core_host_new.c - the new op: mmap.mmap(*args, **kwargs) on mml_open,
 * with the parameters of this OS's constructor (ch_os_mmap_params). */
#include "core_host.h"
#include "core_host_os.h"

#include <limits.h>
#include <string.h>

/* Places positional and keyword arguments into SLOTS (one per parameter
 * of P, N of them, the first NPOS positional), or says why the call is
 * one only Python's argument parsing can answer. */
static json_t *gather(const json_t *op, const ch_param *p, size_t n,
                      size_t npos, const json_t **slots) {
  const json_t *args = json_object_get(op, "args");
  const json_t *kwargs = json_object_get(op, "kwargs");
  const char *key;
  json_t *v;
  size_t nargs = args != NULL ? json_array_size(args) : 0;
  if (nargs > npos)
    return ch_unsupported("mmap() with %d positional arguments", (int)nargs);
  for (size_t i = 0; i < nargs; i++)
    slots[i] = json_array_get(args, i);
  if (kwargs != NULL) {
    json_object_foreach((json_t *)kwargs, key, v) {
      size_t i = 0;
      while (i < n && strcmp(p[i].name, key) != 0)
        i++;
      if (i == n)
        return ch_unsupported("mmap() keyword argument '%s'", key);
      if (slots[i] != NULL)
        return ch_unsupported("mmap() argument '%s' given twice", key);
      slots[i] = v;
    }
  }
  if (slots[0] == NULL || slots[1] == NULL)
    return ch_unsupported("mmap() without fileno or length");
  return NULL;
}

/* CPython converts every argument in order before it evaluates trackfd's
 * truth: an OverflowError of a C int parameter given comes first. */
static json_t *earlier_overflow(const mml_open_args *a, const ch_param *p,
                                size_t n, const json_t **slots) {
  for (size_t i = 0; i < n; i++) {
    int64_t v;
    if (p[i].kind != CH_PARAM_CINT || slots[i] == NULL)
      continue;
    memcpy(&v, (const char *)a + p[i].field, sizeof v);
    if (v > INT_MAX)
      return ch_raise_code(MML_EINT_TOO_BIG);
    if (v < INT_MIN)
      return ch_raise_code(MML_EINT_TOO_SMALL);
  }
  return NULL;
}

/* A str parameter (tagname): a str, or None for NULL. Its text stays in
 * the op, which outlives the call. */
static json_t *get_text(const json_t *v, const char *name, const char **out) {
  const char *kind = ch_kind_name(v);
  if (!strcmp(kind, "null")) {
    *out = NULL;
    return NULL;
  }
  if (strcmp(kind, "str") != 0)
    return ch_unsupported("%s where %s (a str or None) is needed", kind, name);
  *out = json_string_value(json_object_get(v, "str"));
  return NULL;
}

json_t *ch_exec_new(ch_state *st, const json_t *op) {
  size_t n, npos;
  const ch_param *p = ch_os_mmap_params(&n, &npos);
  const json_t *slots[CH_MAX_PARAMS] = {NULL};
  mml_open_args a;
  const json_t *truth = NULL;
  int *truth_dst = NULL;
  mml_map *m;
  json_t *r;
  int rc;
  if ((r = gather(op, p, n, npos, slots)) != NULL)
    return r;
  mml_open_args_init(&a);
  a.python_version = ch_python_version;
  for (size_t i = 0; i < n; i++) {
    char *field = (char *)&a + p[i].field;
    int64_t v = 0;
    const char *text = NULL;
    if (slots[i] == NULL)
      continue;
    if (p[i].kind == CH_PARAM_TRUTH) { /* evaluated last, as CPython does */
      truth = slots[i];
      truth_dst = (int *)(void *)field;
      continue;
    }
    r = p[i].kind == CH_PARAM_TEXT ? get_text(slots[i], p[i].name, &text)
                                   : ch_get_int(st, slots[i], p[i].name, &v);
    if (r != NULL)
      return r;
    if (p[i].kind == CH_PARAM_TEXT)
      memcpy(field, &text, sizeof text);
    else
      memcpy(field, &v, sizeof v);
  }
  if (truth != NULL && (r = ch_truthy(st, truth, truth_dst)) != NULL) {
    json_t *first = earlier_overflow(&a, p, n, slots);
    if (first == NULL)
      return r;
    json_decref(r);
    return first;
  }
  if ((rc = mml_open(&m, &a)) < 0)
    return ch_raise_code(rc);
  ch_bind_map(st, json_string_value(json_object_get(op, "as")), m);
  return ch_value(tv_ref(json_string_value(json_object_get(op, "as"))));
}
