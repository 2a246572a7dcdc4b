/* pym_search.c - find and rfind. */
#include "pym.h"

typedef int (*search_fn)(const mml_map *, const void *, int64_t,
                         const int64_t *, const int64_t *, int64_t *);

/* sub[, start[, end]]: absent bounds go to the core as NULL, which takes
 * CPython's defaults (start: the position, end: the length). */
static PyObject *search(PyObject *op, PyObject *args, const char *format,
                        search_fn fn) {
  Py_buffer needle;
  Py_ssize_t start = 0, end = 0;
  int64_t s, e, index = -1;
  Py_ssize_t nargs = PyTuple_GET_SIZE(args);
  int rc;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, format, &needle, &start, &end))
    return NULL;
  s = start;
  e = end;
  rc = fn(((pym_object *)op)->map, needle.buf, (int64_t)needle.len,
          nargs >= 2 ? &s : NULL, nargs >= 3 ? &e : NULL, &index);
  PyBuffer_Release(&needle);
  if (rc < 0)
    return pym_raise(rc);
  return PyLong_FromLongLong((long long)index);
}

PyObject *pym_find(PyObject *op, PyObject *args) {
  return search(op, args, "y*|nn:find", mml_find);
}

PyObject *pym_rfind(PyObject *op, PyObject *args) {
  return search(op, args, "y*|nn:rfind", mml_rfind);
}
