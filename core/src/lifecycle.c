/* lifecycle.c - close, destroy and the read-only attributes of a map. */
#include <stdio.h>
#include <stdlib.h>

#include "map.h"

int mml_close(mml_map *m) {
  if (m == NULL)
    return MML_EMISUSE;
  if (m->exports > 0)
    return MML_ECLOSE_EXPORTED;
  mml__os_map_release(m);
  return 0;
}

void mml_destroy(mml_map *m) {
  if (m == NULL)
    return;
  mml__os_map_release(m);
  free(m);
}

int mml_closed(const mml_map *m) { return m == NULL || m->data == NULL; }

int mml_seekable(const mml_map *m) {
  (void)m;
  return 1;
}

int mml_access(const mml_map *m) { return m ? m->access : -1; }

int64_t mml_offset(const mml_map *m) { return m ? m->offset : 0; }

uint32_t mml_python_version(const mml_map *m) {
  return m ? m->pyver : MML_PY_DEFAULT;
}

static const char *access_name(int access) {
  switch (access) {
  case MML_ACCESS_READ:
    return "ACCESS_READ";
  case MML_ACCESS_WRITE:
    return "ACCESS_WRITE";
  case MML_ACCESS_COPY:
    return "ACCESS_COPY";
  default:
    return "ACCESS_DEFAULT";
  }
}

int mml_repr(const mml_map *m, const char *type_name, char *buf, size_t cap) {
  const char *tn = type_name != NULL ? type_name : "mmap.mmap";
  if (buf == NULL)
    cap = 0;
  if (mml_closed(m))
    return snprintf(buf, cap, "<%s closed=True>", tn);
  return snprintf(buf, cap,
                  "<%s closed=False, access=%s, length=%lld, pos=%lld, "
                  "offset=%lld>",
                  tn, access_name(m->access), (long long)m->size,
                  (long long)m->pos, (long long)m->offset);
}
