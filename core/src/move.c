/* move.c - move: an overlap-safe copy inside the map. */
#include "fault.h"

int mml_move(mml_map *m, int64_t dest, int64_t src, int64_t count) {
  MML__CHECK_MAP(m);
  MML__CHECK_WRITABLE(m); /* readonly is reported before any bound */
  if (dest < 0 || src < 0 || count < 0 || m->size - dest < count ||
      m->size - src < count)
    return MML_EMOVE_RANGE;
  if (count > 0) {
    mml__copy_ctx c = {m->data + dest, m->data + src, (size_t)count};
    return mml__access(m, mml__copy_fn, &c);
  }
  return 0;
}
