/* buffer.c - buffer export accounting (the buffer protocol). */
#include "map.h"

int mml_buffer_export(mml_map *m, uint8_t **data, int64_t *len, int *readonly) {
  MML__CHECK_MAP(m);
  if (m->exports == INT64_MAX)
    return MML_EMISUSE;
  m->exports++;
  if (data != NULL)
    *data = m->data;
  if (len != NULL)
    *len = m->size;
  if (readonly != NULL)
    *readonly = m->access == MML_ACCESS_READ;
  return 0;
}

int mml_buffer_release(mml_map *m) {
  if (m == NULL || m->exports <= 0)
    return MML_EMISUSE;
  m->exports--;
  return 0;
}

int64_t mml_exports(const mml_map *m) { return m != NULL ? m->exports : 0; }
