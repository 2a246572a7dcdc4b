/* pym_errors.c - core error codes as Python exceptions. */
#include "pym.h"

#include <errno.h>

PyObject *pym_raise(int code) {
  switch (mml_err_kind(code)) {
  case MML_EXC_VALUE:
    PyErr_SetString(PyExc_ValueError, mml_strerror(code));
    break;
  case MML_EXC_TYPE:
    PyErr_SetString(PyExc_TypeError, mml_strerror(code));
    break;
  case MML_EXC_INDEX:
    PyErr_SetString(PyExc_IndexError, mml_strerror(code));
    break;
  case MML_EXC_OVERFLOW:
    PyErr_SetString(PyExc_OverflowError, mml_strerror(code));
    break;
  case MML_EXC_BUFFER:
    PyErr_SetString(PyExc_BufferError, mml_strerror(code));
    break;
  case MML_EXC_MEMORY:
    PyErr_NoMemory();
    break;
  case MML_EXC_OS:
    /* PyErr_SetFromErrno picks the errno's OSError subclass and formats
     * "[Errno N] strerror", exactly as CPython's mmap does. */
    errno = mml_err_errno(code);
    PyErr_SetFromErrno(PyExc_OSError);
    break;
  case MML_EXC_SYSTEM:
  case MML_EXC_NONE:
  default:
    PyErr_Format(PyExc_SystemError, "mmaplab_mmap: %s (%d)", mml_strerror(code),
                 code);
    break;
  }
  return NULL;
}

int pym_raise_int(int code) {
  pym_raise(code);
  return -1;
}

int pym_check_open(pym_object *self) {
  if (self->map == NULL || mml_closed(self->map)) {
    pym_raise(MML_ECLOSED);
    return 1;
  }
  return 0;
}
