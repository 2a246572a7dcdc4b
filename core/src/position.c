/* position.c - len, tell and seek: the file-position state. */
#include "map.h"

int mml_len(const mml_map *m, int64_t *len) {
  MML__CHECK_MAP(m);
  if (len != NULL)
    *len = m->size;
  return 0;
}

int mml_tell(const mml_map *m, int64_t *pos) {
  MML__CHECK_MAP(m);
  if (pos != NULL)
    *pos = m->pos;
  return 0;
}

int mml_seek(mml_map *m, int64_t dist, int64_t whence, int64_t *newpos) {
  int how, rc;
  int64_t base, where;
  if (m != NULL && (rc = mml__clinic_int(m, whence)) < 0)
    return rc;
  MML__CHECK_MAP(m);
  if ((rc = mml__to_int(whence, &how)) < 0)
    return rc;
  switch (how) {
  case 0:
    base = 0;
    break;
  case 1:
    base = m->pos;
    break;
  case 2:
    base = m->size;
    break;
  default:
    return MML_ESEEK_TYPE;
  }
  /* base >= 0, so only a positive dist can overflow the sum. */
  if (dist > 0 && INT64_MAX - base < dist)
    return MML_ESEEK_RANGE;
  where = base + dist;
  if (where < 0 || where > m->size)
    return MML_ESEEK_RANGE;
  m->pos = where;
  if (newpos != NULL)
    *newpos = where;
  return 0;
}
