/* pym_type.c - the mmap.mmap type: construction, deallocation, repr,
 * the `closed` attribute and the type object itself. */
#include "pym.h"

#include <stddef.h>

/* off_t's PyArg_Parse format, as CPython's _Py_PARSE_OFF_T. */
#if SIZEOF_OFF_T == SIZEOF_LONG
#define PYM_OFF_T "l"
typedef long pym_off_t;
#else
#define PYM_OFF_T "L"
typedef long long pym_off_t;
#endif

static PyObject *pym_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  /* 3.13 added trackfd; earlier versions take the list without it. */
  static char *kwlist[] = {"fileno", "length", "flags",   "prot",
                           "access", "offset", "trackfd", NULL};
  static char *kwlist_old[] = {"fileno", "length", "flags", "prot",
                               "access", "offset", NULL};
  mml_open_args a;
  int fileno, flags, prot, access, trackfd = 1, ok, rc;
  Py_ssize_t length;
  pym_off_t offset = 0;
  mml_map *map = NULL;
  pym_object *self;

  mml_open_args_init(&a);
  flags = (int)a.flags;
  prot = (int)a.prot;
  access = (int)a.access;
  /* The same formats as CPython's constructor, so every conversion error
   * (type, C int range, keyword, arity) is the running version's own. */
  if (pym_pyver >= MML_PY(3, 13, 0))
    ok = PyArg_ParseTupleAndKeywords(args, kw, "in|iii" PYM_OFF_T "$p", kwlist,
                                     &fileno, &length, &flags, &prot, &access,
                                     &offset, &trackfd);
  else
    ok = PyArg_ParseTupleAndKeywords(args, kw, "in|iii" PYM_OFF_T, kwlist_old,
                                     &fileno, &length, &flags, &prot, &access,
                                     &offset);
  if (!ok)
    return NULL;
  a.fileno = fileno;
  a.length = (int64_t)length;
  a.flags = flags;
  a.prot = prot;
  a.access = access;
  a.offset = (int64_t)offset;
  a.trackfd = trackfd;
  a.python_version = pym_pyver;
  /* CPython raises its audit event after checking the arguments themselves
   * and before looking at the descriptor: a call refused later (bad fd,
   * sizes beyond the file, mmap() failing) has been audited; one refused
   * by these checks has not. The event has the caller's length and the
   * access derived from prot. */
  if ((rc = mml_open_precheck(&a, &access)) < 0)
    return pym_raise(rc);
  if (PySys_Audit("mmap.__new__", "ini" PYM_OFF_T, fileno, length, access,
                  offset) < 0)
    return NULL;
  /* The object is not shared yet: mmap() may run without the GIL, as
   * CPython 3.12+ does. */
  {
    PyThreadState *ts = PyEval_SaveThread();
    rc = mml_open(&map, &a);
    PyEval_RestoreThread(ts);
  }
  if (rc < 0)
    return pym_raise(rc);
  self = (pym_object *)type->tp_alloc(type, 0);
  if (self == NULL) {
    mml_destroy(map);
    return NULL;
  }
  self->map = map;
  self->weakrefs = NULL;
  return (PyObject *)self;
}

static void pym_dealloc(PyObject *op) {
  pym_object *self = (pym_object *)op;
  PyTypeObject *tp = Py_TYPE(op);
  if (PyType_IS_GC(tp))
    PyObject_GC_UnTrack(op);
  if (self->weakrefs != NULL)
    PyObject_ClearWeakRefs(op);
  mml_destroy(self->map);
  self->map = NULL;
  tp->tp_free(op);
}

static PyObject *pym_repr(PyObject *op) {
  pym_object *self = (pym_object *)op;
  char small[256];
  char *buf = small;
  PyObject *r;
  int need;
  /* 3.8 has no repr of its own: object's "<mmap.mmap object at 0x...>". */
  if (pym_pyver < MML_PY(3, 9, 0))
    return PyBaseObject_Type.tp_repr(op);
  need = mml_repr(self->map, Py_TYPE(op)->tp_name, small, sizeof small);
  if (need < 0)
    return pym_raise(need);
  if ((size_t)need >= sizeof small) {
    buf = PyMem_Malloc((size_t)need + 1);
    if (buf == NULL)
      return PyErr_NoMemory();
    mml_repr(self->map, Py_TYPE(op)->tp_name, buf, (size_t)need + 1);
  }
  r = PyUnicode_FromStringAndSize(buf, need);
  if (buf != small)
    PyMem_Free(buf);
  return r;
}

static PyObject *pym_get_closed(PyObject *op, void *unused) {
  (void)unused;
  return PyBool_FromLong(mml_closed(((pym_object *)op)->map));
}

PyGetSetDef pym_getset[] = {{"closed", pym_get_closed, NULL, NULL, NULL},
                            {NULL, NULL, NULL, NULL, NULL}};

PyTypeObject pym_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "mmap.mmap",
    .tp_basicsize = sizeof(pym_object),
    .tp_dealloc = pym_dealloc,
    .tp_repr = pym_repr,
    .tp_as_sequence = &pym_as_sequence,
    .tp_as_mapping = &pym_as_mapping,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_as_buffer = &pym_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "mmaplab's drop-in mmap.mmap: a memory-mapped file.",
    .tp_weaklistoffset = offsetof(pym_object, weakrefs),
    .tp_getset = pym_getset,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = pym_new,
    .tp_free = PyObject_Del,
};

/* A map refers to no Python object: nothing to visit. (From 3.10 CPython's
 * mmap.mmap is a GC-tracked heap type; this type is tracked there too.) */
static int pym_traverse(PyObject *op, visitproc visit, void *arg) {
  (void)op;
  (void)visit;
  (void)arg;
  return 0;
}

/* The methods this Python version's mmap.mmap has, chosen once. */
static PyMethodDef chosen[64];

int pym_type_ready(void) {
  size_t n = 0;
  for (size_t i = 0; pym_all_methods[i].def.ml_name != NULL; i++) {
    if (pym_pyver < pym_all_methods[i].since)
      continue;
    if (n + 1 >= sizeof chosen / sizeof *chosen) {
      PyErr_SetString(PyExc_SystemError, "mmaplab_mmap: method table full");
      return -1;
    }
    chosen[n++] = pym_all_methods[i].def;
  }
  chosen[n].ml_name = NULL;
  pym_type.tp_methods = chosen;
  if (pym_pyver >= MML_PY(3, 10, 0)) {
    pym_type.tp_flags |= Py_TPFLAGS_HAVE_GC;
    pym_type.tp_traverse = pym_traverse;
    pym_type.tp_free = PyObject_GC_Del;
  }
  if (PyType_Ready(&pym_type) < 0)
    return -1;
  /* From 3.10 mmap.mmap is a heap type, whose dict holds __module__. */
  if (pym_pyver >= MML_PY(3, 10, 0) &&
      PyDict_GetItemString(pym_type.tp_dict, "__module__") == NULL) {
    PyObject *name = PyUnicode_FromString("mmap");
    int rc =
        name ? PyDict_SetItemString(pym_type.tp_dict, "__module__", name) : -1;
    Py_XDECREF(name);
    if (rc < 0)
      return -1;
    PyType_Modified(&pym_type);
  }
  return 0;
}
