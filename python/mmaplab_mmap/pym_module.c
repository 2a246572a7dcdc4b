/* pym_module.c - the module mmaplab_mmap: version, constants, `error`,
 * the type. */
#include "pym.h"

#include <string.h>

uint32_t pym_pyver;

/* Constants that CPython's mmap gained after 3.8 (the core lists 3.13's);
 * an older interpreter's module does not have them. */
static const struct {
  const char *name;
  uint32_t since;
} newer[] = {{"MAP_POPULATE", MML_PY(3, 10, 0)},
             {"MAP_STACK", MML_PY(3, 11, 0)},
             {"MAP_NORESERVE", MML_PY(3, 13, 0)},
             {"MAP_32BIT", MML_PY(3, 13, 0)}};

static int present(const char *name) {
  for (size_t i = 0; i < sizeof newer / sizeof *newer; i++)
    if (strcmp(newer[i].name, name) == 0)
      return pym_pyver >= newer[i].since;
  return 1;
}

int pym_add_constants(PyObject *module) {
  size_t n = 0;
  const mml_constant *c = mml_constants(&n);
  for (size_t i = 0; i < n; i++) {
    if (!present(c[i].name))
      continue;
    if (PyModule_AddObject(module, c[i].name,
                           PyLong_FromLongLong((long long)c[i].value)) < 0)
      return -1;
  }
  return 0;
}

/* MML_PY(sys.version_info[:3]) of the running interpreter. */
static int read_version(void) {
  PyObject *vi = PySys_GetObject("version_info"); /* borrowed */
  long part[3];
  if (vi == NULL || !PyTuple_Check(vi) || PyTuple_GET_SIZE(vi) < 3) {
    PyErr_SetString(PyExc_ImportError, "mmaplab_mmap: no sys.version_info");
    return -1;
  }
  for (int i = 0; i < 3; i++) {
    part[i] = PyLong_AsLong(PyTuple_GET_ITEM(vi, i));
    if (part[i] == -1 && PyErr_Occurred())
      return -1;
  }
  pym_pyver = MML_PY((uint32_t)part[0], (uint32_t)part[1], (uint32_t)part[2]);
  return 0;
}

/* set_fault_safe(enabled, /): the core's process-wide fault-safe mode
 * (mml_set_fault_safe); returns the previous setting as a bool. */
static PyObject *pym_set_fault_safe(PyObject *module, PyObject *enabled) {
  int on = PyObject_IsTrue(enabled), previous;
  (void)module;
  if (on < 0)
    return NULL;
  if ((previous = mml_set_fault_safe(on)) < 0)
    return pym_raise(previous);
  return PyBool_FromLong(previous);
}

static PyObject *pym_fault_safe(PyObject *module, PyObject *unused) {
  (void)module, (void)unused;
  return PyBool_FromLong(mml_fault_safe());
}

/* The module's functions: extensions of mmaplab_mmap, not in CPython's
 * mmap. */
static PyMethodDef pym_functions[] = {
    {"set_fault_safe", pym_set_fault_safe, METH_O,
     "set_fault_safe(enabled, /)\n--\n\n"
     "Turn the fault-safe mode on or off for the whole process; return the\n"
     "previous setting. While on, an access to a map's memory that faults\n"
     "(a page beyond the end of a file that was truncated after mapping,\n"
     "which kills CPython with SIGBUS) raises OSError(EFAULT), or\n"
     "OSError(EIO) for a hardware memory error, instead. Accesses through\n"
     "exported buffers (memoryview) are not covered. Off by default."},
    {"fault_safe", pym_fault_safe, METH_NOARGS,
     "fault_safe()\n--\n\nReturn True while the fault-safe mode is on."},
    {NULL, NULL, 0, NULL}};

/* The module calls itself mmap, as the module it stands in for does (its
 * type is mmap.mmap, and errors such as "module 'mmap' has no attribute
 * 'X'" read the same); it is imported as mmaplab_mmap. */
static struct PyModuleDef pym_moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "mmap",
    .m_doc = "mmaplab's core as a drop-in replacement for the mmap module.",
    .m_size = -1,
    .m_methods = pym_functions,
};

PYM_INIT_FUNC PyInit_mmaplab_mmap(void) {
  PyObject *m;
  if (read_version() < 0 || pym_type_ready() < 0)
    return NULL;
  m = PyModule_Create(&pym_moduledef);
  if (m == NULL)
    return NULL;
  Py_INCREF(PyExc_OSError);
  if (PyModule_AddObject(m, "error", PyExc_OSError) < 0)
    goto fail;
  Py_INCREF(&pym_type);
  if (PyModule_AddObject(m, "mmap", (PyObject *)&pym_type) < 0)
    goto fail;
  if (pym_add_constants(m) < 0)
    goto fail;
  return m;
fail:
  Py_DECREF(m);
  return NULL;
}
