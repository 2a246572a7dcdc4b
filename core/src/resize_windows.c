/* resize_windows.c - resize (Windows): a new file-mapping object and view
 * of the new size, the file resized in between (CPython's mmap_resize_method,
 * MS_WINDOWS branch, as it was before and after its 3.11 rework). */
#include <string.h>
#include <windows.h>

#include "map.h"
#include "platform.h"
#include "win_version.h"

static int tagged(const mml_map *m) {
  return m->os.tag_narrow != NULL || m->os.tag_wide != NULL;
}

/* Drops the view and the mapping object: the map is closed afterwards. */
static void drop_mapping(mml_map *m) {
  if (m->data != NULL)
    mml__os.unmap_view(m->data);
  m->data = NULL;
  if (m->os.mapping != NULL)
    mml__os.close_handle(m->os.mapping);
  m->os.mapping = NULL;
}

/* 3.8-3.10: unmap, close, resize the file (errors ignored), then map the
 * whole file anew. Any failure after the unmap leaves the map closed; an
 * anonymous map always fails so (a paging-file mapping of maximum size 0
 * is ERROR_INVALID_PARAMETER) and its bytes are gone. */
static int resize_before_311(mml_map *m, int64_t newsize) {
  void *mapping = NULL, *view = NULL;
  int err;
  drop_mapping(m);
  mml__os.set_file_size(m->os.file, m->offset + newsize); /* unchecked */
  err = mml__os.create_mapping(m->os.file, MML__WIN_WRITE, 0, m->os.tag_narrow,
                               m->os.tag_wide, &mapping, NULL);
  if (err != 0)
    return mml__oserr(err);
  err = mml__os.map_view(mapping, MML__WIN_WRITE, m->offset, (size_t)newsize,
                         &view);
  if (err != 0) {
    mml__os.close_handle(mapping);
    return mml__oserr(err);
  }
  m->os.mapping = mapping;
  m->data = view;
  m->size = newsize;
  return 0;
}

/* 3.11 on (gh-85092). */
static int resize_311(mml_map *m, int64_t newsize) {
  uint8_t *old = m->data;
  int64_t max_size = m->offset + newsize;
  void *view = NULL, *held = NULL;
  int err, file_err = 0, existed = 0;

  mml__os.close_handle(m->os.mapping);
  m->os.mapping = NULL;
  /* A name that still opens is mapped elsewhere: the map keeps the handle
   * it just opened (the same object) and its view, unchanged. */
  if (tagged(m) &&
      mml__os.open_mapping(m->os.tag_narrow, m->os.tag_wide, &held) == 0) {
    m->os.mapping = held;
    return mml__oserr(ERROR_USER_MAPPED_FILE);
  }
  if (!m->anonymous) {
    if ((err = mml__os.unmap_view(m->data)) != 0) {
      m->data = NULL; /* no mapping object: the map is closed */
      return mml__oserr(err);
    }
    m->data = NULL;
    old = NULL;
    if ((err = mml__os.set_file_size(m->os.file, max_size)) != 0) {
      /* Map the old size again, then report the error. CPython takes the
       * mapping's maximum size from the old length alone, without the
       * offset: for an offset map the view then lies beyond it and
       * MapViewOfFile fails (the map ends up closed). */
      file_err = err;
      max_size = m->size;
      newsize = m->size;
    }
  }
  err = mml__os.create_mapping(m->os.file, MML__WIN_WRITE, max_size,
                               m->os.tag_narrow, m->os.tag_wide, &m->os.mapping,
                               &existed);
  if (err == 0 && existed) {
    /* Someone created the name meanwhile: the map is closed. */
    err = ERROR_ALREADY_EXISTS;
  } else if (err == 0) {
    err = mml__os.map_view(m->os.mapping, MML__WIN_WRITE, m->offset,
                           (size_t)newsize, &view);
  }
  if (err != 0) {
    if (old != NULL)
      mml__os.unmap_view(old); /* CPython leaks it; nothing else refers to it */
    m->data = NULL;
    if (m->os.mapping != NULL)
      mml__os.close_handle(m->os.mapping);
    m->os.mapping = NULL;
    return mml__oserr(err);
  }
  m->data = view;
  if (old != NULL) {
    /* The paging file: the bytes move into the new mapping. */
    memcpy(m->data, old, (size_t)(m->size < newsize ? m->size : newsize));
    err = mml__os.unmap_view(old);
  }
  m->size = newsize;
  if (err != 0)
    return mml__oserr(err);
  return file_err != 0 ? mml__oserr(file_err) : 0;
}

int mml_resize(mml_map *m, int64_t newsize) {
  int err = mml__resize_check(m, newsize);
  if (err != 0)
    return err;
  return mml__win_resize_rework(m->pyver) ? resize_311(m, newsize)
                                          : resize_before_311(m, newsize);
}
