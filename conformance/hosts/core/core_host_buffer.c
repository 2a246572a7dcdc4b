/* core_host_buffer.c - bytes-like arguments: literal bytes, or the buffer
 * a map or a view exports for the duration of one call (as CPython's
 * PyObject_GetBuffer / PyBuffer_Release around a method). */
#include "core_host.h"

#include <stdlib.h>
#include <string.h>

static json_t *from_ref(ch_state *st, const json_t *v, ch_buf *b, int *raised) {
  const char *name = json_string_value(json_object_get(v, "ref"));
  ch_binding *bd = ch_find(st, name);
  uint8_t *data;
  int64_t len;
  int ro, rc;
  *raised = 1;
  if (bd == NULL)
    return ch_name_error(name);
  if (bd->kind == CH_VIEW) {
    if (bd->view->released)
      return ch_raise("ValueError",
                      "operation forbidden on released memoryview object");
    b->data = bd->view->data;
    b->len = bd->view->len;
    return NULL;
  }
  if ((rc = mml_buffer_export(bd->map->m, &data, &len, &ro)) < 0)
    return ch_raise_code(rc);
  b->data = data;
  b->len = len;
  b->exported = bd->map->m;
  return NULL;
}

json_t *ch_get_buf(ch_state *st, const json_t *v, ch_buf *b, int *raised) {
  const char *k = ch_kind_name(v);
  size_t len;
  memset(b, 0, sizeof *b);
  *raised = 0;
  if (!strcmp(k, "ref"))
    return from_ref(st, v, b, raised);
  /* bytearray and memoryview values are bytes-like too, with the same
   * contents for every reader here. */
  if (strcmp(k, "bytes") != 0 && strcmp(k, "bytearray") != 0 &&
      strcmp(k, "memoryview") != 0)
    return ch_unsupported("%s where a bytes-like object is needed", k);
  b->owned = tv_hex_decode(json_string_value(json_object_get(v, k)), &len);
  if (b->owned == NULL) /* validated before: only allocation can fail */
    return ch_unsupported("cannot decode %s", k);
  b->data = b->owned;
  b->len = (int64_t)len;
  return NULL;
}

void ch_buf_done(ch_buf *b) {
  if (b->exported != NULL)
    mml_buffer_release(b->exported);
  free(b->owned);
  memset(b, 0, sizeof *b);
}
