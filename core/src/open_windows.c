/* open_windows.c - construction and release of a map (CPython's
 * new_mmap_object, Windows branch): a file-mapping object, named by the
 * tagname if there is one, and a view of it. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "map.h"
#include "platform.h"
#include "win_version.h"

void mml_open_args_init(mml_open_args *args) {
  if (args == NULL)
    return;
  args->fileno = -1;
  args->length = 0;
  args->flags = MML_ARG_ABSENT; /* no such parameters on Windows */
  args->prot = MML_ARG_ABSENT;
  args->access = MML_ACCESS_DEFAULT;
  args->offset = 0;
  args->trackfd = 1;
  args->tagname = NULL;
  args->python_version = MML_PY_DEFAULT;
}

/* The argument parser's refusals and conversions, in its order: unknown
 * keywords first, then fileno and access as C ints. */
static int parse_args(const mml_open_args *a, uint32_t pyver, int *fileno,
                      int *access) {
  const int new_text = pyver >= MML_PY(3, 13, 0);
  int rc;
  if (a->flags != MML_ARG_ABSENT)
    return new_text ? MML_EKWARG_FLAGS_313 : MML_EKWARG_FLAGS;
  if (a->prot != MML_ARG_ABSENT)
    return new_text ? MML_EKWARG_PROT_313 : MML_EKWARG_PROT;
  if ((rc = mml__to_int(a->fileno, fileno)) < 0 ||
      (rc = mml__to_int(a->access, access)) < 0)
    return rc;
  return 0;
}

/* The tag as CreateFileMapping gets it: NULL for None and for "" (CPython
 * passes no name for either); UTF-16 from gh-81489 on, the UTF-8 bytes
 * before (CreateFileMappingA reads them in the ANSI code page, so a
 * non-ASCII name is mojibake there, as in CPython). */
static int copy_tagname(const char *tag, uint32_t pyver, mml__os_map *os) {
  int n;
  if (tag == NULL || tag[0] == '\0')
    return 0;
  if (!mml__win_wide_tagname(pyver)) {
    os->tag_narrow = malloc(strlen(tag) + 1);
    if (os->tag_narrow == NULL)
      return MML_ENOMEM;
    strcpy(os->tag_narrow, tag);
    return 0;
  }
  n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, tag, -1, NULL, 0);
  if (n <= 0)
    return MML_EMISUSE; /* not UTF-8: no Python str holds it */
  os->tag_wide = malloc((size_t)n * sizeof(wchar_t));
  if (os->tag_wide == NULL)
    return MML_ENOMEM;
  MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, tag, -1, os->tag_wide, n);
  return 0;
}

/* Frees what M's OS part holds; used by the constructor's failure paths
 * and by release. */
static void release_os(mml_map *m) {
  if (m->data != NULL) {
    mml__os.unmap_view(m->data);
    m->data = NULL;
  }
  if (m->os.mapping != NULL) {
    mml__os.close_handle(m->os.mapping);
    m->os.mapping = NULL;
  }
  if (m->os.own_file && m->os.file != MML__NO_HANDLE) {
    mml__os.close_handle(m->os.file);
  }
  m->os.file = MML__NO_HANDLE;
  m->os.own_file = 0;
  free(m->os.tag_narrow);
  free(m->os.tag_wide);
  m->os.tag_narrow = NULL;
  m->os.tag_wide = NULL;
}

void mml__os_map_release(mml_map *m) { release_os(m); }

/* Fails: frees M and returns RC. */
static int fail(mml_map *m, int rc) {
  release_os(m);
  free(m);
  return rc;
}

int mml_open_precheck(const mml_open_args *args, int *access) {
  int fileno, rc;
  if (args == NULL || access == NULL)
    return MML_EMISUSE;
  rc = parse_args(args,
                  args->python_version ? args->python_version : MML_PY_DEFAULT,
                  &fileno, access);
  return rc < 0 ? rc : 0;
}

int mml_open(mml_map **out, const mml_open_args *args) {
  uint32_t pyver;
  int fileno, access, win_access, rc, err;
  int64_t length, offset;
  void *caller_handle = NULL;
  mml_map *m;

  if (out != NULL)
    *out = NULL;
  if (out == NULL || args == NULL)
    return MML_EMISUSE;
  pyver = args->python_version ? args->python_version : MML_PY_DEFAULT;
  if ((rc = parse_args(args, pyver, &fileno, &access)) < 0)
    return rc;
  /* On Windows access is checked before the sizes. */
  switch (access) {
  case MML_ACCESS_READ:
    win_access = MML__WIN_READ;
    break;
  case MML_ACCESS_DEFAULT:
  case MML_ACCESS_WRITE:
    win_access = MML__WIN_WRITE;
    break;
  case MML_ACCESS_COPY:
    win_access = MML__WIN_COPY;
    break;
  default:
    return MML_EACCESS_INVALID;
  }
  length = args->length;
  offset = args->offset;
  if (length < 0)
    return MML_ELENGTH_NEGATIVE;
  if (offset < 0)
    return MML_EOFFSET_NEGATIVE;
  /* fileno -1 and 0 both mean anonymous memory (the paging file). */
  if (fileno != -1 && fileno != 0) {
    if ((err = mml__os.get_handle(fileno, &caller_handle)) != 0)
      return mml__errnoerr(err);
    mml__os.rewind(fileno); /* CPython seeks the caller's fd to 0 */
  }
  m = calloc(1, sizeof *m);
  if (m == NULL)
    return MML_ENOMEM;
  m->os.file = MML__NO_HANDLE;
  m->offset = offset;
  m->access = access;
  m->trackfd = args->trackfd != 0;
  m->anonymous = caller_handle == NULL;
  m->pyver = pyver;
  /* 3.13 (gh-118209) turns faults inside the view into OSError. */
  if (pyver >= MML_PY(3, 13, 0)) {
    if ((err = mml__os_fault_install()) != 0)
      return fail(m, mml__oserr(err));
    m->fault_guard = 1;
  }
  if (caller_handle != NULL) {
    if (!m->trackfd) {
      m->os.file = caller_handle; /* 3.15's trackfd=False: not ours */
    } else {
      if ((err = mml__os.dup_handle(caller_handle, &m->os.file)) != 0)
        return fail(m, mml__oserr(err));
      m->os.own_file = 1;
    }
    if (length == 0) {
      int64_t file_size;
      if ((err = mml__os.file_size(caller_handle, &file_size)) != 0)
        return fail(m, mml__oserr(err));
      if (file_size == 0)
        return fail(m, MML_EEMPTY_FILE);
      if (offset >= file_size)
        return fail(m, MML_EOFFSET_BEYOND_FILE);
      length = file_size - offset;
    }
  }
  /* offset + length is the mapping object's maximum size: for a file
   * longer than the file, CreateFileMapping extends the file to it. */
  if (INT64_MAX - offset < length)
    return fail(m, mml__oserr(ERROR_INVALID_PARAMETER));
  m->size = length;
  if ((rc = copy_tagname(args->tagname, pyver, &m->os)) < 0)
    return fail(m, rc);
  if ((err = mml__os.create_mapping(m->os.file, win_access, offset + length,
                                    m->os.tag_narrow, m->os.tag_wide,
                                    &m->os.mapping, NULL)) != 0)
    return fail(m, mml__oserr(err));
  if ((err = mml__os.map_view(m->os.mapping, win_access, offset, (size_t)length,
                              (void **)&m->data)) != 0)
    return fail(m, mml__oserr(err));
  *out = m;
  return 0;
}
