/* open_unix.c - construction and release of a map (CPython's new_mmap_object,
 * Unix branch). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "map.h"
#include "platform.h"

void mml_open_args_init(mml_open_args *args) {
  if (args == NULL)
    return;
  args->fileno = -1;
  args->length = 0;
  args->flags = mml__os_bits_values.map_shared;
  args->prot = mml__os_bits_values.prot_read | mml__os_bits_values.prot_write;
  args->access = MML_ACCESS_DEFAULT;
  args->offset = 0;
  args->trackfd = 1;
  args->tagname = NULL;
  args->python_version = MML_PY_DEFAULT;
}

/* The integer arguments after CPython's argument conversion. */
typedef struct parsed_args {
  int fileno, flags, prot, access;
  int64_t length, offset;
} parsed_args;

/* Steps 1-6 of CPython's validation: conversion, signs, access/flags/prot
 * consistency, and the derivation of access from prot. */
static int parse_args(const mml_open_args *a, parsed_args *p) {
  const mml__os_bits *b = &mml__os_bits_values;
  int rc;
  /* tagname is a Windows keyword: the argument parser refuses it first. */
  if (a->tagname != NULL)
    return (a->python_version ? a->python_version : MML_PY_DEFAULT) >=
                   MML_PY(3, 13, 0)
               ? MML_EKWARG_TAGNAME_313
               : MML_EKWARG_TAGNAME;
  /* Conversion errors come in parameter order. */
  if ((rc = mml__to_int(a->fileno, &p->fileno)) < 0 ||
      (rc = mml__to_int(a->flags, &p->flags)) < 0 ||
      (rc = mml__to_int(a->prot, &p->prot)) < 0 ||
      (rc = mml__to_int(a->access, &p->access)) < 0)
    return rc;
  p->length = a->length;
  p->offset = a->offset;
  if (p->length < 0)
    return MML_ELENGTH_NEGATIVE;
  if (p->offset < 0)
    return MML_EOFFSET_NEGATIVE;
  /* A value comparison: the defaults given explicitly are accepted. */
  if (p->access != MML_ACCESS_DEFAULT &&
      (p->flags != b->map_shared || p->prot != (b->prot_read | b->prot_write)))
    return MML_EACCESS_AND_FLAGS;
  switch (p->access) {
  case MML_ACCESS_READ:
    p->flags = b->map_shared;
    p->prot = b->prot_read;
    break;
  case MML_ACCESS_WRITE:
    p->flags = b->map_shared;
    p->prot = b->prot_read | b->prot_write;
    break;
  case MML_ACCESS_COPY:
    p->flags = b->map_private;
    p->prot = b->prot_read | b->prot_write;
    break;
  case MML_ACCESS_DEFAULT:
    /* prot alone decides: R+W stays DEFAULT, W alone is WRITE, and
     * everything else (R, R|X, X, 0, junk bits) is READ. */
    if ((p->prot & b->prot_read) && (p->prot & b->prot_write))
      break;
    p->access = (p->prot & b->prot_write) ? MML_ACCESS_WRITE : MML_ACCESS_READ;
    break;
  default:
    return MML_EACCESS_INVALID;
  }
  return 0;
}

/* Step 9: size checks against a regular file; fills in length 0. A failing
 * fstat is ignored here, as in CPython (dup reports a bad fd later). */
static int check_file_size(parsed_args *p) {
  mml__file_info fi;
  if (p->fileno == -1 || mml__os.stat(p->fileno, &fi) != 0 || !fi.is_regular)
    return 0;
  if (p->length == 0) {
    if (fi.size == 0)
      return MML_EEMPTY_FILE;
    if (p->offset >= fi.size)
      return MML_EOFFSET_BEYOND_FILE;
#if SIZE_MAX < INT64_MAX
    if ((uint64_t)(fi.size - p->offset) > (uint64_t)(SIZE_MAX / 2))
      return MML_ELENGTH_TOO_LARGE;
#endif
    p->length = fi.size - p->offset;
  } else if (p->offset > fi.size || fi.size - p->offset < p->length) {
    return MML_ELENGTH_BEYOND_FILE;
  }
  return 0;
}

int mml_open_precheck(const mml_open_args *args, int *access) {
  parsed_args p;
  int rc;
  if (args == NULL || access == NULL)
    return MML_EMISUSE;
  if ((rc = parse_args(args, &p)) < 0)
    return rc;
  *access = p.access;
  return 0;
}

int mml_open(mml_map **out, const mml_open_args *args) {
  parsed_args p;
  mml_map *m;
  void *data = NULL;
  int rc, err, fd = -1, map_fd = -1;

  if (out != NULL)
    *out = NULL;
  if (out == NULL || args == NULL)
    return MML_EMISUSE;
  if ((rc = parse_args(args, &p)) < 0 || (rc = check_file_size(&p)) < 0)
    return rc;
#if SIZE_MAX < INT64_MAX
  if ((uint64_t)p.length > (uint64_t)(SIZE_MAX / 2))
    return mml__oserr(ENOMEM); /* cannot be addressed on this platform */
#endif
  m = calloc(1, sizeof *m);
  if (m == NULL)
    return MML_ENOMEM;
  if (p.fileno == -1) {
    p.flags |= mml__os_bits_values.map_anonymous;
  } else if (args->trackfd) {
    if ((err = mml__os.dup(p.fileno, &fd)) != 0) {
      free(m);
      return mml__oserr(err);
    }
    map_fd = fd;
  } else {
    map_fd = p.fileno; /* trackfd=False: map the caller's fd, keep none */
  }
  err = mml__os.map(&data, (size_t)p.length, p.prot, p.flags, map_fd, p.offset);
  if (err != 0) {
    if (fd >= 0)
      mml__os.close(fd);
    free(m);
    return mml__oserr(err);
  }
  m->data = data;
  m->size = p.length;
  m->pos = 0;
  m->offset = p.offset;
  m->exports = 0;
  m->access = p.access;
  m->os.fd = fd;
  m->trackfd = args->trackfd != 0;
  m->anonymous = p.fileno == -1;
  m->os.flags = p.flags;
  m->pyver = args->python_version ? args->python_version : MML_PY_DEFAULT;
  *out = m;
  return 0;
}

void mml__os_map_release(mml_map *m) {
  if (m->os.fd >= 0) {
    mml__os.close(m->os.fd);
    m->os.fd = -1;
  }
  if (m->data != NULL) {
    mml__os.unmap(m->data, (size_t)m->size);
    m->data = NULL;
  }
}
