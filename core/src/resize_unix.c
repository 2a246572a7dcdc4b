/* resize_unix.c - resize (Unix): the mapping and, for a file map, the file
 * with it.
 *
 * CPython truncates the file and then remaps; when the remap fails the file
 * has already lost its tail (resize(0) even leaves a map over a 0-byte file
 * that raises SIGBUS on the next access). Here the two steps are ordered so
 * that a failure of the second can be undone without losing a byte: a
 * growing file is truncated first (undo: cut off the zeros it gained), a
 * shrinking file is truncated last (undo: remap the old length).
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
  const int private_map = (m->os.flags & mml__os_bits_values.map_private) != 0;
  int err;

  if (file_size >= 0 && target < file_size) {
    /* The file shrinks: its tail is lost once truncated, so remap first.
     * Undoing a remap is lossless for a shrink and for a shared map (its
     * bytes live in the still-whole file); only a private map's own
     * copies of the cut pages would be lost by growing back, so first
     * make sure the truncate can work at all: a same-size truncate fails
     * as the real one would on a read-only fd or an immutable file. */
    if (private_map && newsize < oldsize &&
        (err = mml__os.truncate(m->os.fd, file_size)) != 0)
      return err;
    if ((err = remap_to(m, newsize)) != 0)
      return err;
    if ((err = mml__os.truncate(m->os.fd, target)) != 0)
      remap_to(m, oldsize);
    return err;
  }
  /* The file grows (or its size is unknown): truncate first; undoing it
   * only removes the zeros it appended. */
  if ((err = mml__os.truncate(m->os.fd, target)) != 0)
    return err;
  if ((err = remap_to(m, newsize)) != 0 && file_size >= 0)
    mml__os.truncate(m->os.fd, file_size);
  return err;
}

int mml_resize(mml_map *m, int64_t newsize) {
  mml__file_info fi;
  int err;
  if ((err = mml__resize_check(m, newsize)) != 0)
    return err;
  /* Linux cannot grow a shared anonymous mapping: the new pages raise
   * SIGBUS (kernel bug 8691). CPython refuses since gh-138204 (3.13.8,
   * 3.14.0); older versions let the resize succeed. */
  if (m->anonymous && !(m->os.flags & mml__os_bits_values.map_private) &&
      newsize > m->size && m->pyver >= MML_PY(3, 13, 8))
    return MML_ERESIZE_SHARED_ANON;
  /* No mapping can have length 0 (mremap and mmap say EINVAL). CPython
   * truncates the file before finding out; report it untouched instead. */
  if (newsize == 0)
    return mml__oserr(EINVAL);
  if (m->anonymous)
    err = remap_to(m, newsize);
  else
    err = resize_file_map(m, newsize, m->offset + newsize,
                          mml__os.stat(m->os.fd, &fi) == 0 ? fi.size : -1);
  return err != 0 ? mml__oserr(err) : 0;
}
