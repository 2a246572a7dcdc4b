/* resize.c - resize: the mapping and, for a file map, the file with it.
 *
 * CPython truncates the file and then remaps; when the remap fails the file
 * has already lost its tail (resize(0) even leaves a map over a 0-byte file
 * that raises SIGBUS on the next access). Here the two steps are ordered so
 * that a failure of either can be undone without losing a byte: whatever
 * grows goes first, because shrinking a mapping back and truncating a file
 * back over the zeros it just gained are both lossless.
 */
#include <errno.h>

#include "map.h"
#include "platform.h"

static int remap_to(mml_map *m, int64_t newsize) {
  void *p = NULL;
  int err = mml__os.remap(m->data, (size_t)m->size, (size_t)newsize, &p);
  if (err != 0)
    return err;
  m->data = p;
  m->size = newsize;
  return 0;
}

/* Resizes the file to TARGET and the mapping to NEWSIZE. FILE_SIZE is the
 * file's size now, or -1 if unknown (then CPython's order is used). */
static int resize_file_map(mml_map *m, int64_t newsize, int64_t target,
                           int64_t file_size) {
  const int64_t oldsize = m->size;
  const int map_grows = newsize > oldsize;
  const int file_grows = file_size < 0 || target >= file_size;
  const int shared = !(m->flags & mml__os_bits_values.map_private);
  int err;

  if (map_grows && !file_grows) {
    /* Remap first: undoing it is a shrink, which cannot lose data. */
    if ((err = remap_to(m, newsize)) != 0)
      return err;
    if ((err = mml__os.truncate(m->fd, target)) != 0)
      remap_to(m, oldsize);
    return err;
  }
  if (!map_grows && !file_grows && shared) {
    /* Both shrink. A shared map's bytes live in the file, which is still
     * whole until the truncate succeeds: growing back restores them. */
    if ((err = remap_to(m, newsize)) != 0)
      return err;
    if ((err = mml__os.truncate(m->fd, target)) != 0)
      remap_to(m, oldsize);
    return err;
  }
  /* The file grows (undo: truncate back over its new zeros), or a private
   * map shrinks over a shrinking file, where the truncate is the step that
   * can fail in practice (a read-only fd) and must not cost private data. */
  if ((err = mml__os.truncate(m->fd, target)) != 0)
    return err;
  if ((err = remap_to(m, newsize)) != 0 && file_size >= 0)
    mml__os.truncate(m->fd, file_size);
  return err;
}

int mml_resize(mml_map *m, int64_t newsize) {
  mml__file_info fi;
  int err;
  MML__CHECK_MAP(m);
  if (m->exports > 0)
    return MML_ERESIZE_EXPORTED;
  if (!m->trackfd)
    return MML_ERESIZE_TRACKFD;
  if (m->access == MML_ACCESS_READ || m->access == MML_ACCESS_COPY)
    return MML_ERESIZE_READONLY;
  if (newsize < 0 || INT64_MAX - newsize < m->offset)
    return MML_ERESIZE_RANGE;
  /* Linux cannot grow a shared anonymous mapping: the new pages raise
   * SIGBUS (kernel bug 8691). CPython refuses since gh-138204. */
  if (m->anonymous && !(m->flags & mml__os_bits_values.map_private) &&
      newsize > m->size)
    return MML_ERESIZE_SHARED_ANON;
  /* No mapping can have length 0 (mremap and mmap say EINVAL). CPython
   * truncates the file before finding out; report it untouched instead. */
  if (newsize == 0)
    return mml__oserr(EINVAL);
  if (m->anonymous)
    err = remap_to(m, newsize);
  else
    err = resize_file_map(m, newsize, m->offset + newsize,
                          mml__os.stat(m->fd, &fi) == 0 ? fi.size : -1);
  return err != 0 ? mml__oserr(err) : 0;
}
