/* core_host_items.c - m[key], m[key] = value, del m[key] with int and
 * slice keys. */
#include "core_host.h"

#include <string.h>

/* The map of OP and its "key", as CPython converts them (the map first):
 * a slice into *SL (*IS_SLICE set) or an index into *INDEX. NULL, or an
 * early result (a raise). */
static json_t *map_and_key(ch_state *st, const json_t *op, ch_binding **b,
                           int *is_slice, mml_slice *sl, int64_t *index) {
  const json_t *key = json_object_get(op, "key");
  json_t *r = ch_on_map(st, op, b);
  if (r != NULL)
    return r;
  *is_slice = !strcmp(ch_kind_name(key), "slice");
  return *is_slice ? ch_get_slice(st, key, sl)
                   : ch_get_int(st, key, "an index", index);
}

json_t *ch_exec_getitem(ch_state *st, const json_t *op) {
  ch_binding *b;
  mml_slice sl;
  uint8_t *data, byte;
  int64_t len, index;
  int is_slice, rc;
  json_t *r = map_and_key(st, op, &b, &is_slice, &sl, &index);
  if (r != NULL)
    return r;
  if (is_slice) {
    if ((rc = mml_getslice(b->map->m, &sl, &data, &len)) < 0)
      return ch_raise_code(rc);
    r = ch_value(tv_bytes(data, (size_t)len));
    mml_free(data);
    return r;
  }
  rc = mml_getitem(b->map->m, index, &byte);
  return rc < 0 ? ch_raise_code(rc) : ch_value(tv_int(byte));
}

/* What CPython reports before it converts a slice assignment's value:
 * closed, readonly, then the slice itself (step 0). */
static json_t *before_value(mml_map *m, const mml_slice *sl) {
  int rc;
  if (mml_closed(m))
    return ch_raise_code(MML_ECLOSED);
  if (mml_access(m) == MML_ACCESS_READ)
    return ch_raise_code(MML_EREADONLY);
  if ((rc = mml_slice_indices(m, sl, NULL, NULL, NULL)) < 0)
    return ch_raise_code(rc);
  return NULL;
}

static json_t *set_slice(ch_state *st, mml_map *m, const mml_slice *sl,
                         const json_t *value) {
  ch_buf buf;
  int raised, rc;
  json_t *r, *first;
  if ((r = ch_get_buf(st, value, &buf, &raised)) != NULL) {
    if (raised && (first = before_value(m, sl)) != NULL) {
      json_decref(r);
      r = first;
    }
    return r;
  }
  rc = mml_setslice(m, sl, buf.data, buf.len);
  ch_buf_done(&buf);
  return rc < 0 ? ch_raise_code(rc) : ch_none();
}

json_t *ch_exec_setitem(ch_state *st, const json_t *op) {
  const json_t *value = json_object_get(op, "value");
  ch_binding *b;
  mml_slice sl;
  int64_t index, v;
  int is_slice, rc;
  json_t *r = map_and_key(st, op, &b, &is_slice, &sl, &index);
  if (r != NULL)
    return r;
  if (is_slice)
    return set_slice(st, b->map->m, &sl, value);
  if ((r = ch_get_int(st, value, "an item value", &v)) != NULL)
    return r;
  rc = mml_setitem(b->map->m, index, v);
  return rc < 0 ? ch_raise_code(rc) : ch_none();
}

json_t *ch_exec_delitem(ch_state *st, const json_t *op) {
  ch_binding *b;
  mml_slice sl;
  int64_t index;
  int is_slice, rc;
  json_t *r = map_and_key(st, op, &b, &is_slice, &sl, &index);
  if (r != NULL)
    return r;
  rc = is_slice ? mml_delslice(b->map->m, &sl) : mml_delitem(b->map->m, index);
  return rc < 0 ? ch_raise_code(rc) : ch_none();
}
