/* position.c - len, tell, seek and size: the file-position state. */
#include <errno.h>

#include "map.h"
#include "platform.h"

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

int mml_size(const mml_map *m, int64_t *size) {
  mml__file_info fi;
  int err;
  MML__CHECK_MAP(m);
  if (m->pyver >= MML_PY(3, 15, 0)) {
    /* 3.15 (gh-87595): anonymous maps report their length, and a map that
     * dropped its fd says so instead of failing in fstat. */
    if (!m->trackfd)
      return MML_ESIZE_TRACKFD; /* also for anonymous maps: fd -1 */
    if (m->anonymous) {
      if (size != NULL)
        *size = m->size;
      return 0;
    }
  }
  /* Before 3.15 an anonymous or trackfd=False map stats fd -1: EBADF. */
  if ((err = mml__os.stat(m->fd, &fi)) != 0)
    return mml__oserr(err);
  if (size != NULL)
    *size = fi.size;
  return 0;
}
