/* flush_unix.c - flush's OS step on Unix: msync. */
#include "fault.h"

int mml__flush_os(mml_map *m, int64_t offset, int64_t size) {
  int err;
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
