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

/* PyCFunction through void (*)(void): the METH_NOARGS/VARARGS functions
 * all have PyCFunction's shape, the cast only silences -Wcast-function-type
 * for the ones whose second parameter is unused. */
#define PYM_FN(f) ((PyCFunction)(void (*)(void))(f))

PyMethodDef pym_all_methods[] = {
    {"close", PYM_FN(pym_close), METH_NOARGS, NULL},
    {"find", PYM_FN(pym_find), METH_VARARGS, NULL},
    {"rfind", PYM_FN(pym_rfind), METH_VARARGS, NULL},
    {"flush", PYM_FN(pym_flush), METH_VARARGS, NULL},
    {"madvise", PYM_FN(pym_madvise), METH_VARARGS, NULL},
    {"move", PYM_FN(pym_move), METH_VARARGS, NULL},
    {"read", PYM_FN(pym_read), METH_VARARGS, NULL},
    {"read_byte", PYM_FN(pym_read_byte), METH_NOARGS, NULL},
    {"readline", PYM_FN(pym_readline), METH_NOARGS, NULL},
    {"resize", PYM_FN(pym_resize), METH_VARARGS, NULL},
    {"seek", PYM_FN(pym_seek), METH_VARARGS, NULL},
    {"seekable", PYM_FN(pym_seekable), METH_NOARGS, NULL},
    {"size", PYM_FN(pym_size), METH_NOARGS, NULL},
    {"tell", PYM_FN(pym_tell), METH_NOARGS, NULL},
    {"write", PYM_FN(pym_write), METH_VARARGS, NULL},
    {"write_byte", PYM_FN(pym_write_byte), METH_VARARGS, NULL},
    {"__enter__", PYM_FN(pym_enter), METH_NOARGS, NULL},
    {"__exit__", PYM_FN(pym_exit), METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}};

/* The first Python version that has each method (0: every version). */
const uint32_t pym_method_since[] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, MML_PY(3, 13, 0), 0, 0, 0, 0, 0, 0, 0};
