/* pym_items.c - the sequence and mapping protocols. m[i] (the mapping
 * slot) gives an int; iteration, `in` and reversed() go through the
 * sequence slot and give 1-byte bytes, as CPython's mmap does. */
#include "pym.h"

#define MAP(op) (((pym_object *)(op))->map)

/* CPython's key messages: "integers" for reading, "integer" for writing. */
static const char get_key_msg[] = "mmap indices must be integers";
static const char set_key_msg[] = "mmap indices must be integer";
static const char value_msg[] = "mmap item value must be an int";

static Py_ssize_t pym_length(PyObject *op) {
  int64_t len = 0;
  int rc = mml_len(MAP(op), &len);
  if (rc < 0)
    return pym_raise_int(rc);
  return (Py_ssize_t)len;
}

/* The sequence item: I is already offset by the length once (the abstract
 * layer does that); one still negative is out of range, so it goes to the
 * core as INT64_MIN, which no length brings back into range. */
static PyObject *pym_item(PyObject *op, Py_ssize_t i) {
  uint8_t b;
  int rc = mml_getitem(MAP(op), i < 0 ? INT64_MIN : (int64_t)i, &b);
  if (rc < 0)
    return pym_raise(rc);
  return PyBytes_FromStringAndSize((const char *)&b, 1);
}

/* A slice object as the core's mml_slice (PySlice_Unpack converts the
 * members with CPython's errors, clamping huge values). */
static int to_slice(PyObject *key, mml_slice *sl) {
  Py_ssize_t start, stop, step;
  if (PySlice_Unpack(key, &start, &stop, &step) < 0)
    return -1;
  sl->start = start;
  sl->stop = stop;
  sl->step = step;
  sl->has_start = sl->has_stop = sl->has_step = 1;
  return 0;
}

static PyObject *pym_subscript(PyObject *op, PyObject *key) {
  if (pym_check_open((pym_object *)op))
    return NULL;
  if (PyIndex_Check(key)) {
    uint8_t b;
    int rc;
    Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError);
    if (i == -1 && PyErr_Occurred())
      return NULL;
    if ((rc = mml_getitem(MAP(op), i, &b)) < 0)
      return pym_raise(rc);
    return PyLong_FromLong(b);
  }
  if (PySlice_Check(key)) {
    mml_slice sl;
    uint8_t *data = NULL;
    int64_t len = 0;
    int rc;
    PyObject *r;
    if (to_slice(key, &sl) < 0)
      return NULL;
    if ((rc = mml_getslice(MAP(op), &sl, &data, &len)) < 0)
      return pym_raise(rc);
    r = PyBytes_FromStringAndSize((const char *)data, (Py_ssize_t)len);
    mml_free(data);
    return r;
  }
  PyErr_SetString(PyExc_TypeError, get_key_msg);
  return NULL;
}

static int set_index(PyObject *op, PyObject *key, PyObject *value) {
  Py_ssize_t i = PyNumber_AsSsize_t(key, PyExc_IndexError), v;
  int rc;
  if (i == -1 && PyErr_Occurred())
    return -1;
  if (value == NULL)
    return pym_raise_int(mml_delitem(MAP(op), i));
  if (!PyIndex_Check(value)) {
    /* The value's type is checked after the index's range: let the core
     * judge the index with a value it refuses, and report the type only
     * if the value was all it refused. */
    rc = mml_setitem(MAP(op), i, -1);
    if (rc == MML_EITEM_VALUE_RANGE) {
      PyErr_SetString(PyExc_TypeError, value_msg);
      return -1;
    }
    return pym_raise_int(rc);
  }
  v = PyNumber_AsSsize_t(value, PyExc_TypeError);
  if (v == -1 && PyErr_Occurred())
    return -1;
  rc = mml_setitem(MAP(op), i, v);
  return rc < 0 ? pym_raise_int(rc) : 0;
}

static int set_slice(PyObject *op, PyObject *key, PyObject *value) {
  mml_slice sl;
  Py_buffer data;
  int rc;
  if (to_slice(key, &sl) < 0)
    return -1;
  if (value == NULL)
    return pym_raise_int(mml_delslice(MAP(op), &sl));
  if (PyObject_GetBuffer(value, &data, PyBUF_SIMPLE) < 0)
    return -1;
  rc = mml_setslice(MAP(op), &sl, data.buf, (int64_t)data.len);
  PyBuffer_Release(&data);
  return rc < 0 ? pym_raise_int(rc) : 0;
}

static int pym_ass_subscript(PyObject *op, PyObject *key, PyObject *value) {
  if (pym_check_open((pym_object *)op))
    return -1;
  /* CPython refuses a readonly map before it looks at the key: the core
   * would say so too, but only after the key's conversion here. */
  if (mml_access(MAP(op)) == MML_ACCESS_READ)
    return pym_raise_int(MML_EREADONLY);
  if (PyIndex_Check(key))
    return set_index(op, key, value);
  if (PySlice_Check(key))
    return set_slice(op, key, value);
  PyErr_SetString(PyExc_TypeError, set_key_msg);
  return -1;
}

PySequenceMethods pym_as_sequence = {
    .sq_length = pym_length,
    .sq_item = pym_item,
};

PyMappingMethods pym_as_mapping = {
    .mp_length = pym_length,
    .mp_subscript = pym_subscript,
    .mp_ass_subscript = pym_ass_subscript,
};
