/* pym_io.c - the file-position API: read, read_byte, readline, write,
 * write_byte, seek, tell, size. */
#include "pym.h"

#define MAP(op) (((pym_object *)(op))->map)

/* Bytes from a core buffer (mml_read/mml_readline), which it frees. Call
 * it after the core call: C leaves argument evaluation order open. */
static PyObject *bytes_from(int rc, uint8_t *data, int64_t len) {
  PyObject *r;
  if (rc < 0)
    return pym_raise(rc);
  r = PyBytes_FromStringAndSize((const char *)data, (Py_ssize_t)len);
  mml_free(data);
  return r;
}

PyObject *pym_read(PyObject *op, PyObject *args) {
  int64_t n = -1, len = 0;
  uint8_t *data = NULL;
  int rc;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "|O&:read", pym_convert_opt_size, &n))
    return NULL;
  rc = mml_read(MAP(op), n, &data, &len);
  return bytes_from(rc, data, len);
}

PyObject *pym_read_byte(PyObject *op, PyObject *unused) {
  uint8_t b;
  int rc = mml_read_byte(MAP(op), &b);
  (void)unused;
  if (rc < 0)
    return pym_raise(rc);
  return PyLong_FromLong(b);
}

PyObject *pym_readline(PyObject *op, PyObject *unused) {
  int64_t len = 0;
  uint8_t *data = NULL;
  int rc = mml_readline(MAP(op), &data, &len);
  (void)unused;
  return bytes_from(rc, data, len);
}

PyObject *pym_write(PyObject *op, PyObject *args) {
  Py_buffer data;
  int64_t written = 0;
  int rc;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "y*:write", &data))
    return NULL;
  rc = mml_write(MAP(op), data.buf, (int64_t)data.len, &written);
  PyBuffer_Release(&data);
  if (rc < 0)
    return pym_raise(rc);
  return PyLong_FromLongLong((long long)written);
}

PyObject *pym_write_byte(PyObject *op, PyObject *args) {
  unsigned char value;
  int rc;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "b:write_byte", &value))
    return NULL;
  if ((rc = mml_write_byte(MAP(op), value)) < 0)
    return pym_raise(rc);
  Py_RETURN_NONE;
}

PyObject *pym_seek(PyObject *op, PyObject *args) {
  Py_ssize_t dist;
  int whence = 0, rc;
  int64_t newpos = 0;
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (!PyArg_ParseTuple(args, "n|i:seek", &dist, &whence))
    return NULL;
  if ((rc = mml_seek(MAP(op), dist, whence, &newpos)) < 0)
    return pym_raise(rc);
  /* 3.13 returns the new position; earlier versions None. */
  if (pym_pyver >= MML_PY(3, 13, 0))
    return PyLong_FromLongLong((long long)newpos);
  Py_RETURN_NONE;
}

PyObject *pym_tell(PyObject *op, PyObject *unused) {
  int64_t pos = 0;
  int rc = mml_tell(MAP(op), &pos);
  (void)unused;
  if (rc < 0)
    return pym_raise(rc);
  return PyLong_FromLongLong((long long)pos);
}

PyObject *pym_size(PyObject *op, PyObject *unused) {
  int64_t size = 0;
  int rc = mml_size(MAP(op), &size);
  (void)unused;
  if (rc < 0)
    return pym_raise(rc);
  return PyLong_FromLongLong((long long)size);
}
