/* pym.h - shared declarations of the mmaplab_mmap CPython extension.
 *
 * The module is a drop-in `mmap`: one type, mmap.mmap, whose every method
 * converts its Python arguments (with the running interpreter's own
 * argument-parsing errors) and calls the core (core/include/mmaplab.h).
 * The core keeps the map, checks every argument value and reports errors as
 * a CPython exception kind and message; pym_raise turns those into the
 * Python exception.
 */
#ifndef PYM_H
#define PYM_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>

#include "mmaplab.h"

/* One mmap.mmap object: the core's map, plus the weak-reference list. */
typedef struct pym_object {
  PyObject ob_base; /* PyObject_HEAD */
  mml_map *map;
  PyObject *weakrefs;
} pym_object;

/* The running interpreter's version, MML_PY(major, minor, micro), read from
 * sys.version_info when the module is imported. Every map follows it. */
extern uint32_t pym_pyver;

/* The mmap.mmap type (static; its method table is chosen by pym_pyver). */
extern PyTypeObject pym_type;

/* Raises the Python exception for core error CODE (< 0); returns NULL. */
PyObject *pym_raise(int code);

/* As pym_raise, for slots that return int: returns -1. */
int pym_raise_int(int code);

/* Raises ValueError("mmap closed or invalid") and returns 1 if SELF is
 * closed, else returns 0. CPython checks this before parsing arguments. */
int pym_check_open(pym_object *self);

/* read()'s argument: None or absent -> -1, else an index-sized integer
 * (TypeError "argument should be integer or None, not 'X'"; OverflowError
 * beyond Py_ssize_t). A PyArg_Parse "O&" converter for an int64_t. */
int pym_convert_opt_size(PyObject *obj, void *out);

/* The type's parts, each in its own file. */
/* A method and the first Python version whose mmap.mmap has it (0: all). */
typedef struct pym_method {
  PyMethodDef def;
  uint32_t since;
} pym_method;
extern const pym_method pym_all_methods[]; /* ends with a NULL ml_name */
extern PyBufferProcs pym_as_buffer;
extern PySequenceMethods pym_as_sequence;
extern PyMappingMethods pym_as_mapping;
extern PyGetSetDef pym_getset[];

/* Builds pym_type's method table for pym_pyver and readies the type. */
int pym_type_ready(void);

/* Adds the integer constants this Python version's mmap has. */
int pym_add_constants(PyObject *module);

/* Methods, by family (pym_methods.c lists them). */
PyObject *pym_close(PyObject *self, PyObject *unused);
PyObject *pym_enter(PyObject *self, PyObject *unused);
PyObject *pym_exit(PyObject *self, PyObject *args);
PyObject *pym_seekable(PyObject *self, PyObject *unused);
PyObject *pym_read(PyObject *self, PyObject *args);
PyObject *pym_read_byte(PyObject *self, PyObject *unused);
PyObject *pym_readline(PyObject *self, PyObject *unused);
PyObject *pym_write(PyObject *self, PyObject *args);
PyObject *pym_write_byte(PyObject *self, PyObject *args);
PyObject *pym_seek(PyObject *self, PyObject *args);
PyObject *pym_tell(PyObject *self, PyObject *unused);
PyObject *pym_size(PyObject *self, PyObject *unused);
PyObject *pym_find(PyObject *self, PyObject *args);
PyObject *pym_rfind(PyObject *self, PyObject *args);
PyObject *pym_flush(PyObject *self, PyObject *args);
PyObject *pym_madvise(PyObject *self, PyObject *args);
PyObject *pym_move(PyObject *self, PyObject *args);
PyObject *pym_resize(PyObject *self, PyObject *args);

/* The module's one exported symbol. 3.8's PyMODINIT_FUNC does not mark it
 * visible, and the module is built with hidden visibility. */
#if defined(__GNUC__)
#define PYM_INIT_FUNC __attribute__((visibility("default"))) PyMODINIT_FUNC
#else
#define PYM_INIT_FUNC PyMODINIT_FUNC
#endif
PYM_INIT_FUNC PyInit_mmaplab_mmap(void);

#endif /* PYM_H */
