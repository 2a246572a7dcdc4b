/* pym_methods.c - the method table, and the lifecycle methods: close,
 * __enter__, __exit__, seekable. */
#include "pym.h"

PyObject *pym_close(PyObject *op, PyObject *unused) {
  int rc = mml_close(((pym_object *)op)->map);
  (void)unused;
  if (rc < 0)
    return pym_raise(rc);
  Py_RETURN_NONE;
}

PyObject *pym_enter(PyObject *op, PyObject *unused) {
  (void)unused;
  if (pym_check_open((pym_object *)op))
    return NULL;
  Py_INCREF(op);
  return op;
}

/* __exit__ takes any arguments (up to 3.14) and closes. */
PyObject *pym_exit(PyObject *op, PyObject *args) {
  (void)args;
  return pym_close(op, NULL);
}

PyObject *pym_seekable(PyObject *op, PyObject *unused) {
  (void)unused;
  return PyBool_FromLong(mml_seekable(((pym_object *)op)->map));
}

/* Every method has PyCFunction's type, METH_NOARGS ones included. */
const pym_method pym_all_methods[] = {
    {{"close", pym_close, METH_NOARGS, NULL}, 0},
    {{"find", pym_find, METH_VARARGS, NULL}, 0},
    {{"rfind", pym_rfind, METH_VARARGS, NULL}, 0},
    {{"flush", pym_flush, METH_VARARGS, NULL}, 0},
    {{"madvise", pym_madvise, METH_VARARGS, NULL}, 0},
    {{"move", pym_move, METH_VARARGS, NULL}, 0},
    {{"read", pym_read, METH_VARARGS, NULL}, 0},
    {{"read_byte", pym_read_byte, METH_NOARGS, NULL}, 0},
    {{"readline", pym_readline, METH_NOARGS, NULL}, 0},
    {{"resize", pym_resize, METH_VARARGS, NULL}, 0},
    {{"seek", pym_seek, METH_VARARGS, NULL}, 0},
    {{"seekable", pym_seekable, METH_NOARGS, NULL}, MML_PY(3, 13, 0)},
    {{"size", pym_size, METH_NOARGS, NULL}, 0},
    {{"tell", pym_tell, METH_NOARGS, NULL}, 0},
    {{"write", pym_write, METH_VARARGS, NULL}, 0},
    {{"write_byte", pym_write_byte, METH_VARARGS, NULL}, 0},
    {{"__enter__", pym_enter, METH_NOARGS, NULL}, 0},
    {{"__exit__", pym_exit, METH_VARARGS, NULL}, 0},
    {{NULL, NULL, 0, NULL}, 0}};
