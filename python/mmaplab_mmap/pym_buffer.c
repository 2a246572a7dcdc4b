/* pym_buffer.c - the buffer protocol. The core counts the exports, so
 * close() and resize() refuse while a view is alive. */
#include "pym.h"

static int pym_getbuffer(PyObject *op, Py_buffer *view, int flags) {
  pym_object *self = (pym_object *)op;
  uint8_t *data = NULL;
  int64_t len = 0;
  int readonly = 0;
  int rc = mml_buffer_export(self->map, &data, &len, &readonly);
  if (rc < 0)
    return pym_raise_int(rc);
  if (PyBuffer_FillInfo(view, op, data, (Py_ssize_t)len, readonly, flags) < 0) {
    /* The consumer wanted what this map cannot give (a writable view of
     * an ACCESS_READ map): the export never happened. */
    mml_buffer_release(self->map);
    return -1;
  }
  return 0;
}

static void pym_releasebuffer(PyObject *op, Py_buffer *view) {
  (void)view;
  mml_buffer_release(((pym_object *)op)->map);
}

PyBufferProcs pym_as_buffer = {pym_getbuffer, pym_releasebuffer};
