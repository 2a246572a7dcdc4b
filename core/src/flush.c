/* flush.c - flush: the range checks; the OS step is mml__flush_os. */
#include "map.h"

int mml_flush(mml_map *m, const int64_t *offsetp, const int64_t *sizep) {
  int64_t offset, size;
  MML__CHECK_MAP(m);
  offset = offsetp != NULL ? *offsetp : 0;
  if (m->pyver >= MML_PY(3, 15, 0)) {
    /* 3.15 (gh-138092): size defaults to -1, meaning "to the end". */
    size = sizep != NULL ? *sizep : -1;
    if (size == -1 && offset >= 0)
      size = m->size - offset;
  } else {
    size = sizep != NULL ? *sizep : m->size;
  }
  /* Written as a subtraction: offset <= size already holds when it passes. */
  if (size < 0 || offset < 0 || m->size - offset < size)
    return MML_EFLUSH_RANGE;
  /* READ and COPY maps have nothing to write back: no msync at all. */
  if (m->access == MML_ACCESS_READ || m->access == MML_ACCESS_COPY)
    return 0;
  return mml__flush_os(m, offset, size);
}
