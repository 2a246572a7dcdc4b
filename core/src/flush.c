/* flush.c - flush: msync of a range of the map. */
#include "fault.h"

int mml_flush(mml_map *m, const int64_t *offsetp, const int64_t *sizep) {
  int64_t offset, size;
  int err;
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
  /* Linux wants a page-aligned address (EINVAL otherwise), as CPython. */
  if ((err = mml__os.sync(m->data + offset, (size_t)size)) != 0)
    return mml__oserr(err);
  /* msync silently skips pages beyond the end of a file truncated under
   * the map. In fault-safe mode a read of the range's last byte reports
   * them as any other access would (truncation cuts a file's tail, so the
   * last page goes first); with the mode off nothing is read, as CPython. */
  if (size > 0 &&
      atomic_load_explicit(&mml__fault_safe_enabled, memory_order_acquire)) {
    mml__byte_ctx c = {m->data + offset + size - 1, 0, 0};
    if ((err = mml__os_fault_guard(m->data, (size_t)m->size, mml__byte_fn,
                                   &c)) != 0)
      return mml__oserr(err);
  }
  return 0;
}
