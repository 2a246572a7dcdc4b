/* items.c - m[i], m[i] = v and del m[i]: single items. */
#include "fault.h"

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
  mml__byte_ctx c;
  int rc;
  MML__CHECK_MAP(m);
  if ((rc = resolve_index(m, &index)) < 0)
    return rc;
  c.at = m->data + index, c.value = 0, c.store = 0;
  if ((rc = mml__access(m, mml__byte_fn, &c)) < 0)
    return rc;
  if (value != NULL)
    *value = c.value;
  return 0;
}

int mml_setitem(mml_map *m, int64_t index, int64_t value) {
  mml__byte_ctx c;
  int rc;
  MML__CHECK_MAP(m);
  MML__CHECK_WRITABLE(m); /* before the index: even m[bad] = v says so */
  if ((rc = resolve_index(m, &index)) < 0)
    return rc;
  if (value < 0 || value > 255)
    return MML_EITEM_VALUE_RANGE;
  c.at = m->data + index, c.value = (uint8_t)value, c.store = 1;
  return mml__access(m, mml__byte_fn, &c);
}

int mml_delitem(mml_map *m, int64_t index) {
  int rc;
  MML__CHECK_MAP(m);
  MML__CHECK_WRITABLE(m);
  if ((rc = resolve_index(m, &index)) < 0)
    return rc;
  return MML_EITEM_DELETE;
}
