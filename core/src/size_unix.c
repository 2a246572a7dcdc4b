/* size_unix.c - size(): the size of the mapped file (Unix: fstat). */
#include "map.h"

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
  if ((err = mml__os.stat(m->os.fd, &fi)) != 0)
    return mml__oserr(err);
  if (size != NULL)
    *size = fi.size;
  return 0;
}
