/* resize.c - the checks of resize that every OS makes, in CPython's order
 * (the OS part: resize_unix.c, resize_windows.c). */
#include "map.h"

int mml__resize_check(const mml_map *m, int64_t newsize) {
  MML__CHECK_MAP(m);
  if (m->exports > 0)
    return MML_ERESIZE_EXPORTED;
  if (!m->trackfd)
    return MML_ERESIZE_TRACKFD;
  if (m->access == MML_ACCESS_READ || m->access == MML_ACCESS_COPY)
    return MML_ERESIZE_READONLY;
  if (newsize < 0 || INT64_MAX - newsize < m->offset)
    return MML_ERESIZE_RANGE;
  return 0;
}
