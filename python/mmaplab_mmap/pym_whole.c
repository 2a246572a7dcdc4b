/* pym_whole.c - whole-map operations: flush, madvise, move, resize. */
#include "pym.h"

#define MAP(op) (((pym_object *)(op))->map)

static PyObject *none_or_raise(int rc) {
  if (rc < 0)
    return pym_raise(rc);
  Py_RETURN_NONE;
}

PyObject *pym_flush(PyObject *op, PyObject *args) {
  Py_ssize_t offset = 0, size = 0;
  int64_t o, s;
  Py_ssize_t nargs = PyTuple_GET_SIZE(args);
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "|nn:flush", &offset, &size))
    return NULL;
  o = offset;
  s = size;
  return none_or_raise(
      mml_flush(MAP(op), nargs >= 1 ? &o : NULL, nargs >= 2 ? &s : NULL));
}

PyObject *pym_madvise(PyObject *op, PyObject *args) {
  int option;
  Py_ssize_t start = 0, length = 0;
  int64_t len;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "i|nn:madvise", &option, &start, &length))
    return NULL;
  len = length;
  return none_or_raise(mml_madvise(MAP(op), option, start,
                                   PyTuple_GET_SIZE(args) >= 3 ? &len : NULL));
}

PyObject *pym_move(PyObject *op, PyObject *args) {
  Py_ssize_t dest, src, count;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "nnn:move", &dest, &src, &count))
    return NULL;
  return none_or_raise(mml_move(MAP(op), dest, src, count));
}

PyObject *pym_resize(PyObject *op, PyObject *args) {
  Py_ssize_t newsize;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "n:resize", &newsize))
    return NULL;
  return none_or_raise(mml_resize(MAP(op), newsize));
}
