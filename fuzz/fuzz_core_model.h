/* fuzz_core_model.h - a naive model of one CPython mmap object on Linux,
 * written from the spec (/work/shared/reference/cpython-mmap-spec.md) and
 * not from the core, for fuzz_core_ops.c (prefix cm_).
 *
 * Each cm_ function takes the arguments of its mml_ namesake and returns
 * the code the core must return, applying the call's effects to the model.
 * Where the answer is the kernel's and depends on more than one condition
 * (a huge resize, several invalid mmap arguments at once), the model says
 * CM_OS_ANY: some OSError, with nothing changed.
 *
 * Memory is modelled page by page, as the kernel keeps it, because a map's
 * last page outlives a shrinking resize: a page is either the model's own
 * bytes (anonymous maps, and pages of private file maps once written) or
 * reads through to the file (shared file maps, unwritten private pages).
 * Each page also carries the flags madvise gives its memory area, because
 * pages with different flags are separate areas, and mremap (resize)
 * cannot grow a map over more than one: EFAULT, in CPython too.
 */
#ifndef MML_FUZZ_CORE_MODEL_H
#define MML_FUZZ_CORE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "mmaplab.h"

/* Some OSError, whichever errno (see above). */
#define CM_OS_ANY (-100000)

/* A regular file (a memfd) and what it must contain. */
typedef struct cm_file {
  int fd;         /* O_RDWR, owned by the harness */
  int ro_fd;      /* the same file opened O_RDONLY, or -1 */
  uint8_t *bytes; /* the model's contents */
  int64_t size;
} cm_file;

/* What the harness knows about a descriptor passed as fileno. */
typedef struct cm_fdinfo {
  cm_file *file; /* NULL: not an open descriptor at all */
  int readonly;  /* the descriptor is the file's ro_fd */
} cm_fdinfo;

typedef struct cm_map {
  int closed;
  int64_t size, pos, offset, exports;
  int access;       /* derived MML_ACCESS_* */
  int anonymous;    /* fileno -1 */
  int shared;       /* MAP_SHARED (or MAP_SHARED_VALIDATE for a file) */
  int trackfd;      /* nonzero: the map keeps a dup of the descriptor */
  int readonly_fd;  /* mapped through a read-only descriptor */
  uint32_t pyver;   /* the profile, MML_PY(...) */
  cm_file *file;    /* file maps: the file (not owned) */
  uint8_t **pages;  /* per page of the map: own bytes, or NULL (the file) */
  uint8_t *vmflags; /* per page: the area flags madvise set (CM_VM_*) */
  size_t npages;
  int64_t pagesize;
} cm_map;

/* mml_open. On success *OUT is a new model map (free with cm_free). */
int cm_open(cm_map **out, const mml_open_args *a, const cm_fdinfo *fd,
            int64_t pagesize);
void cm_free(cm_map *m);

/* The byte at I (0 <= I < size); the N bytes from AT into DST; all SIZE
 * bytes into BUF. */
uint8_t cm_byte(const cm_map *m, int64_t i);
void cm_copy(const cm_map *m, int64_t at, int64_t n, uint8_t *dst);
void cm_flatten(const cm_map *m, uint8_t *buf);
/* Stores V at I (0 <= I < size) as the kernel would: into the file for a
 * shared file map, into a copy of the page for a private one. */
void cm_set_byte(cm_map *m, int64_t i, uint8_t v);

int cm_close(cm_map *m);
int cm_len(const cm_map *m, int64_t *len);
int cm_tell(const cm_map *m, int64_t *pos);
int cm_seek(cm_map *m, int64_t dist, int64_t whence, int64_t *newpos);
int cm_size(const cm_map *m, int64_t *size);
/* Reading calls give a malloc'd copy in *OUT (free it). */
int cm_read(cm_map *m, int64_t n, uint8_t **out, int64_t *outlen);
int cm_read_byte(cm_map *m, uint8_t *byte);
int cm_readline(cm_map *m, uint8_t **out, int64_t *outlen);
/* SRC_AT >= 0: the data is the map's own bytes from SRC_AT on (the core is
 * given a pointer into the map); DATA is used otherwise. */
int cm_write(cm_map *m, const uint8_t *data, int64_t src_at, int64_t len);
int cm_write_byte(cm_map *m, int64_t value);
int cm_find(const cm_map *m, int reverse, const uint8_t *needle, int64_t nlen,
            const int64_t *start, const int64_t *end, int64_t *index);
int cm_flush(cm_map *m, const int64_t *offset, const int64_t *size);
int cm_madvise(cm_map *m, int64_t option, int64_t start, const int64_t *length);
int cm_move(cm_map *m, int64_t dest, int64_t src, int64_t count);
int cm_resize(cm_map *m, int64_t newsize);
int cm_getitem(const cm_map *m, int64_t index, uint8_t *value);
int cm_setitem(cm_map *m, int64_t index, int64_t value);
int cm_delitem(cm_map *m, int64_t index);
int cm_slice_indices(const cm_map *m, const mml_slice *sl, int64_t *start,
                     int64_t *step, int64_t *count);
int cm_getslice(const cm_map *m, const mml_slice *sl, uint8_t **out,
                int64_t *outlen);
int cm_setslice(cm_map *m, const mml_slice *sl, const uint8_t *data,
                int64_t src_at, int64_t len);
int cm_delslice(cm_map *m, const mml_slice *sl);
int cm_export(cm_map *m, int64_t *len, int *readonly);
int cm_release(cm_map *m);
/* repr(m) into BUF (CAP bytes). */
void cm_repr(const cm_map *m, char *buf, size_t cap);

#endif /* MML_FUZZ_CORE_MODEL_H */
