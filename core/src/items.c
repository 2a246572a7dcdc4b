/* items.c - m[i], m[i] = v and del m[i]: single items. */
#include "map.h"

/* Negative indices count from the end; IndexError outside [0, size). */
static int resolve_index(const mml_map *m, int64_t *index) {
  int64_t i = *index;
  if (i < 0)
    i += m->size; /* size >= 0: cannot overflow */
  if (i < 0 || i >= m->size)
    return MML_EINDEX_RANGE;
  *index = i;
  return 0;
}

int mml_getitem(const mml_map *m, int64_t index, uint8_t *value) {
  int rc;
  MML__CHECK_MAP(m);
  if ((rc = resolve_index(m, &index)) < 0)
    return rc;
  if (value != NULL)
    *value = m->data[index];
  return 0;
}

int mml_setitem(mml_map *m, int64_t index, int64_t value) {
  int rc;
  MML__CHECK_MAP(m);
  MML__CHECK_WRITABLE(m); /* before the index: even m[bad] = v says so */
  if ((rc = resolve_index(m, &index)) < 0)
    return rc;
  if (value < 0 || value > 255)
    return MML_EITEM_VALUE_RANGE;
  m->data[index] = (uint8_t)value;
  return 0;
}

int mml_delitem(mml_map *m, int64_t index) {
  int rc;
  MML__CHECK_MAP(m);
  MML__CHECK_WRITABLE(m);
  if ((rc = resolve_index(m, &index)) < 0)
    return rc;
  return MML_EITEM_DELETE;
}
