/* madvise_windows.c - Windows has no madvise: CPython's mmap object has no
 * such method there, so the call is the AttributeError of looking it up,
 * before any other check (a closed map included). */
#include "map.h"

int mml_madvise(mml_map *m, int64_t option, int64_t start,
                const int64_t *length) {
  (void)option, (void)start, (void)length;
  return m == NULL ? MML_EMISUSE : MML_ENO_MADVISE;
}
