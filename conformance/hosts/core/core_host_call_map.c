/* core_host_call_map.c - the methods on ranges of the map: find, rfind,
 * flush, madvise, move, resize. */
#include "core_host.h"

#include <string.h>

/* find/rfind(sub[, start[, end]]). */
static json_t *call_search(ch_state *st, mml_map *m, const char *method,
                           const json_t *args) {
  int64_t v[2] = {0, 0}, index;
  size_t n = json_array_size(args);
  ch_buf buf;
  int raised, rc;
  json_t *r;
  if ((r = ch_int_args(st, args, 1, 2, method, v)) != NULL)
    return r;
  if ((r = ch_get_buf(st, json_array_get(args, 0), &buf, &raised)) != NULL) {
    /* The open check comes before argument conversion in CPython. */
    if (raised && mml_closed(m)) {
      json_decref(r);
      r = ch_raise_code(MML_ECLOSED);
    }
    return r;
  }
  if (!strcmp(method, "find"))
    rc = mml_find(m, buf.data, buf.len, n > 1 ? &v[0] : NULL,
                  n > 2 ? &v[1] : NULL, &index);
  else
    rc = mml_rfind(m, buf.data, buf.len, n > 1 ? &v[0] : NULL,
                   n > 2 ? &v[1] : NULL, &index);
  ch_buf_done(&buf);
  return rc < 0 ? ch_raise_code(rc) : ch_value(tv_int(index));
}

json_t *ch_call_map(ch_state *st, ch_binding *b, const char *method,
                    const json_t *args) {
  mml_map *m = b->map->m;
  size_t n = json_array_size(args);
  int64_t v[3] = {0, 0, 0};
  json_t *r;
  int rc;
  if (!strcmp(method, "find") || !strcmp(method, "rfind"))
    return call_search(st, m, method, args);
  if ((r = ch_int_args(st, args, 0, 3, method, v)) != NULL)
    return r;
  if (!strcmp(method, "flush")) /* omitted arguments take the defaults */
    rc = mml_flush(m, n > 0 ? &v[0] : NULL, n > 1 ? &v[1] : NULL);
  else if (!strcmp(method, "madvise")) /* start defaults to 0 */
    rc = mml_madvise(m, v[0], v[1], n > 2 ? &v[2] : NULL);
  else if (!strcmp(method, "move"))
    rc = mml_move(m, v[0], v[1], v[2]);
  else
    rc = mml_resize(m, v[0]);
  return rc < 0 ? ch_raise_code(rc) : ch_none();
}
