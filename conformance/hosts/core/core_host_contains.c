/* core_host_contains.c - `value in m`. mmap.mmap has no sq_contains, so
 * CPython iterates the sequence (items 0, 1, ... until IndexError; a
 * closed map raises on the first) and compares each 1-byte bytes item with
 * the value using ==. Only a value equal to some 1-byte bytes is found:
 * bytes, bytearray or memoryview of length 1, or a live view of a 1-byte
 * map. Anything else (int, str, a map, a released view) is never equal,
 * and the whole sequence is still iterated. */
#include "core_host.h"

#include <stdlib.h>
#include <string.h>

/* The byte V equals as an item, or -1 if it equals no 1-byte bytes. */
static int needle_of(ch_state *st, const json_t *v) {
  const char *k = ch_kind_name(v);
  const char *hex = json_string_value(json_object_get(v, k));
  if (!strcmp(k, "bytes") || !strcmp(k, "bytearray") ||
      !strcmp(k, "memoryview")) {
    size_t len;
    uint8_t *b = tv_hex_decode(hex, &len);
    int byte = b != NULL && len == 1 ? b[0] : -1;
    free(b);
    return byte;
  }
  if (!strcmp(k, "ref")) {
    /* memoryview == bytes compares contents (a released view compares by
     * identity); bytes == mmap falls back to identity. */
    ch_binding *b = ch_find(st, json_string_value(json_object_get(v, "ref")));
    if (b != NULL && b->kind == CH_VIEW && !b->view->released &&
        b->view->len == 1)
      return b->view->data[0];
  }
  return -1;
}

json_t *ch_exec_contains(ch_state *st, const json_t *op) {
  ch_binding *b;
  uint8_t byte;
  int needle, found = 0, rc;
  json_t *r;
  if ((r = ch_on_map(st, op, &b)) != NULL)
    return r;
  needle = needle_of(st, json_object_get(op, "value"));
  for (int64_t i = 0; !found; i++) {
    if ((rc = mml_getitem(b->map->m, i, &byte)) == MML_EINDEX_RANGE)
      break;
    if (rc < 0)
      return ch_raise_code(rc);
    found = needle >= 0 && byte == needle;
  }
  return ch_value(json_boolean(found));
}
