/* flush_windows.c - flush's OS step on Windows: FlushViewOfFile, which
 * rounds the address down to its page itself (no alignment rule). */
#include "map.h"

int mml__flush_os(mml_map *m, int64_t offset, int64_t size) {
  int err = mml__os.flush_view(m->data + offset, (size_t)size);
  return err != 0 ? mml__oserr(err) : 0;
}
