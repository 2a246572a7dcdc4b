/* core_host_objects.c - object-level ops: getattr, enter, exit, export,
 * release, del, const. */
#include "core_host.h"

#include <string.h>

json_t *ch_exec_getattr(ch_state *st, const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "name"));
  ch_binding *b;
  json_t *r;
  if ((r = ch_on_map(st, op, &b)) != NULL)
    return r;
  if (strcmp(name, "closed") != 0)
    return ch_unsupported("attribute %s of mmap.mmap", name);
  return ch_value(json_boolean(mml_closed(b->map->m)));
}

json_t *ch_exec_enter(ch_state *st, const json_t *op) {
  ch_binding *b;
  json_t *r = ch_on_map(st, op, &b);
  return r != NULL ? r : ch_enter(b);
}

json_t *ch_exec_exit(ch_state *st, const json_t *op) {
  ch_binding *b;
  json_t *r = ch_on_map(st, op, &b);
  return r != NULL ? r
                   : ch_exit(b, json_array_size(json_object_get(op, "args")));
}

json_t *ch_exec_export(ch_state *st, const json_t *op) {
  const char *as = json_string_value(json_object_get(op, "as"));
  ch_export ex;
  json_t *r = ch_on_map_export(st, op, &ex);
  if (r != NULL)
    return r;
  ch_bind_view(st, as, ex.b->map, ex.data, ex.len, ex.ro);
  /* The Python host's dict, in its key order. */
  return ch_value(json_pack("{s:{s:b,s:o}}", "dict", "readonly", ex.ro,
                            "nbytes", tv_int(ex.len)));
}

json_t *ch_exec_release(ch_state *st, const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "view"));
  ch_binding *b = ch_find(st, name);
  if (b == NULL)
    return ch_name_error(name);
  if (b->kind != CH_VIEW)
    return ch_unsupported("release of a map (it has no release method)");
  ch_view_release(b->view);
  return ch_none();
}

json_t *ch_exec_del(ch_state *st, const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "name"));
  if (ch_find(st, name) == NULL)
    return ch_name_error(name);
  ch_unbind(st, name);
  return ch_none();
}

/* A name shaped like a module constant (upper case, digits, '_'). */
static int constant_like(const char *s) {
  if (*s < 'A' || *s > 'Z')
    return 0;
  for (; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

json_t *ch_exec_const(ch_state *st, const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "name"));
  char msg[512];
  int64_t v;
  (void)st;
  if (mml_constant_value(name, &v))
    return ch_value(tv_int(v));
  /* The core has exactly CPython 3.13's integer constants for this
   * platform, so a missing constant-like name is missing in CPython too;
   * other attributes (error, mmap, dunders) are not integers. */
  if (!constant_like(name))
    return ch_unsupported("mmap.%s is not an integer constant", name);
  snprintf(msg, sizeof msg, "module 'mmap' has no attribute '%s'", name);
  return ch_raise("AttributeError", msg);
}
