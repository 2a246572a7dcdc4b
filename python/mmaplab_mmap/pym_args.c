/* pym_args.c - argument conversions that PyArg_Parse has no format for. */
#include "pym.h"

int pym_convert_opt_size(PyObject *obj, void *out) {
  int64_t *n = out;
  Py_ssize_t v;
  if (obj == Py_None) {
    *n = -1;
    return 1;
  }
  if (!PyIndex_Check(obj)) {
    PyErr_Format(PyExc_TypeError,
                 "argument should be integer or None, not '%.200s'",
                 Py_TYPE(obj)->tp_name);
    return 0;
  }
  v = PyNumber_AsSsize_t(obj, PyExc_OverflowError);
  if (v == -1 && PyErr_Occurred())
    return 0;
  *n = (int64_t)v;
  return 1;
}
