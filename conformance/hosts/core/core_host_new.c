/* core_host_new.c - the new op: mmap.mmap(*args, **kwargs) on mml_open. */
#include "core_host.h"

#include <limits.h>
#include <string.h>

/* CPython 3.13's parameters, in order; trackfd is keyword-only. */
static const char *const params[] = {"fileno", "length", "flags",  "prot",
                                     "access", "offset", "trackfd"};
enum { P_FILENO, P_LENGTH, P_FLAGS, P_PROT, P_ACCESS, P_OFFSET, P_TRACKFD };

/* Places positional and keyword arguments into SLOTS, or says why the
 * call is one only Python's argument parsing can answer. */
static json_t *gather(const json_t *op, const json_t *slots[7]) {
  const json_t *args = json_object_get(op, "args");
  const json_t *kwargs = json_object_get(op, "kwargs");
  const char *key;
  json_t *v;
  size_t n = args != NULL ? json_array_size(args) : 0;
  if (n > 6)
    return ch_unsupported("mmap() with %d positional arguments", (int)n);
  for (size_t i = 0; i < n; i++)
    slots[i] = json_array_get(args, i);
  if (kwargs != NULL) {
    json_object_foreach((json_t *)kwargs, key, v) {
      int i = 0;
      while (i <= P_TRACKFD && strcmp(params[i], key) != 0)
        i++;
      if (i > P_TRACKFD)
        return ch_unsupported("mmap() keyword argument '%s'", key);
      if (slots[i] != NULL)
        return ch_unsupported("mmap() argument '%s' given twice", key);
      slots[i] = v;
    }
  }
  if (slots[P_FILENO] == NULL || slots[P_LENGTH] == NULL)
    return ch_unsupported("mmap() without fileno or length");
  return NULL;
}

/* CPython converts every argument in order before it evaluates trackfd's
 * truth: an OverflowError of a C int parameter comes first. */
static json_t *earlier_overflow(const mml_open_args *a) {
  const int64_t ints[] = {a->fileno, a->flags, a->prot, a->access};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    if (ints[i] > INT_MAX)
      return ch_raise_code(MML_EINT_TOO_BIG);
    if (ints[i] < INT_MIN)
      return ch_raise_code(MML_EINT_TOO_SMALL);
  }
  return NULL;
}

json_t *ch_exec_new(ch_state *st, const json_t *op) {
  const json_t *slots[7] = {NULL};
  mml_open_args a;
  int64_t *dst[6];
  mml_map *m;
  json_t *r;
  int rc;
  if ((r = gather(op, slots)) != NULL)
    return r;
  mml_open_args_init(&a);
  a.python_version = ch_python_version;
  dst[P_FILENO] = &a.fileno;
  dst[P_LENGTH] = &a.length;
  dst[P_FLAGS] = &a.flags;
  dst[P_PROT] = &a.prot;
  dst[P_ACCESS] = &a.access;
  dst[P_OFFSET] = &a.offset;
  for (int i = 0; i < P_TRACKFD; i++)
    if (slots[i] != NULL &&
        (r = ch_get_int(st, slots[i], params[i], dst[i])) != NULL)
      return r;
  if (slots[P_TRACKFD] != NULL &&
      (r = ch_truthy(st, slots[P_TRACKFD], &a.trackfd)) != NULL) {
    json_t *first = earlier_overflow(&a);
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
