/* size_windows.c - size() on Windows: the file's size (GetFileSize), or
 * the mapping's length for an anonymous map, in every version. */
#include "map.h"

int mml_size(const mml_map *m, int64_t *size) {
  int64_t s;
  int err;
  MML__CHECK_MAP(m);
  /* 3.15 (gh-87595): a map that dropped its handle says so. */
  if (!m->trackfd && !m->anonymous && m->pyver >= MML_PY(3, 15, 0))
    return MML_ESIZE_TRACKFD;
  if (m->anonymous) {
    s = m->size;
  } else if ((err = mml__os.file_size(m->os.file, &s)) != 0) {
    return mml__oserr(err);
  }
  if (size != NULL)
    *size = s;
  return 0;
}
