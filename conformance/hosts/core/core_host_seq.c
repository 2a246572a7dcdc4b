/* core_host_seq.c - len, bool, repr, bytes, and the sequence protocol
 * (iter, reversed, contains) as CPython runs it on a type that has only
 * sq_item/sq_length: items are 1-byte bytes, fetched one index at a time
 * until IndexError. */
#include "core_host.h"

#include <stdlib.h>
#include <string.h>

/* len(m), or bool(m) when AS_BOOL: mmap has no nb_bool, so bool() falls
 * back to the length (closed: ValueError). */
static json_t *length(ch_state *st, const json_t *op, int as_bool) {
  ch_binding *b;
  int64_t len;
  json_t *r = ch_on_map(st, op, &b);
  int rc;
  if (r != NULL)
    return r;
  if ((rc = mml_len(b->map->m, &len)) < 0)
    return ch_raise_code(rc);
  return ch_value(as_bool ? json_boolean(len != 0) : tv_int(len));
}

json_t *ch_exec_len(ch_state *st, const json_t *op) {
  return length(st, op, 0);
}

json_t *ch_exec_bool(ch_state *st, const json_t *op) {
  return length(st, op, 1);
}

json_t *ch_exec_repr(ch_state *st, const json_t *op) {
  ch_binding *b;
  char small[256], *buf = small;
  json_t *r;
  int n;
  if ((r = ch_on_map(st, op, &b)) != NULL)
    return r;
  n = mml_repr(b->map->m, NULL, small, sizeof small);
  if (n >= (int)sizeof small) {
    buf = ut_xrealloc(NULL, (size_t)n + 1);
    mml_repr(b->map->m, NULL, buf, (size_t)n + 1);
  }
  /* 3.9+ reprs print no address, so there is nothing to normalise. */
  r = ch_value(tv_str(n >= 0 ? buf : ""));
  if (buf != small)
    free(buf);
  return r;
}

json_t *ch_exec_bytes(ch_state *st, const json_t *op) {
  ch_export ex;
  /* bytes(m): export, copy, release. */
  json_t *r = ch_on_map_export(st, op, &ex);
  if (r != NULL)
    return r;
  r = ch_value(tv_bytes(ex.data, (size_t)ex.len));
  mml_buffer_release(ex.b->map->m);
  return r;
}

/* list(m) and list(reversed(m)) as {"list": [...]}. Both take len() first
 * (a closed map raises there: PyObject_LengthHint for list(), reversed()
 * itself). list() then fetches items 0, 1, ... until IndexError, reversed()
 * items len-1 down to 0. */
static json_t *item_list(ch_state *st, const json_t *op, int reversed) {
  ch_binding *b;
  json_t *r, *list;
  int64_t len;
  uint8_t byte;
  int rc;
  if ((r = ch_on_map(st, op, &b)) != NULL)
    return r;
  if ((rc = mml_len(b->map->m, &len)) < 0)
    return ch_raise_code(rc);
  list = json_array();
  for (int64_t k = 0; !reversed || k < len; k++) {
    rc = mml_getitem(b->map->m, reversed ? len - 1 - k : k, &byte);
    if (rc == MML_EINDEX_RANGE && !reversed)
      break;
    if (rc < 0) {
      json_decref(list);
      return ch_raise_code(rc);
    }
    json_array_append_new(list, tv_bytes(&byte, 1));
  }
  return ch_value(json_pack("{s:o}", "list", list));
}

json_t *ch_exec_iter(ch_state *st, const json_t *op) {
  return item_list(st, op, 0);
}

json_t *ch_exec_reversed(ch_state *st, const json_t *op) {
  return item_list(st, op, 1);
}
