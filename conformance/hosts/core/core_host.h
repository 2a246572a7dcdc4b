/* core_host.h - the core host: protocol 1 of conformance/INTERPRETING.md
 * (section 5) spoken over stdin/stdout, every operation executed on the
 * mmaplab core with CPython's semantics.
 *
 * Conventions of the executors: a function returning json_t * gives a new
 * RESULT object ({"value"}, {"raise"} or {"unsupported"}); a helper that
 * converts or checks something returns NULL when it succeeded and an early
 * RESULT when the op ends there. Malformed messages are caught before any
 * executor runs (ch_run_op), so executors may rely on the op's shape.
 */
#ifndef MML_CORE_HOST_H
#define MML_CORE_HOST_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mmaplab.h"
#include "typed.h"
#include "ut_str.h" /* ut_x*: allocation that aborts on exhaustion */

/* A map of the case. Like a CPython object it lives while a name is bound
 * to it or an unreleased view holds an export of it; then it is destroyed
 * (m becomes NULL) but the struct stays until the case ends, so that no
 * pointer to it dangles. */
typedef struct ch_map {
  mml_map *m;    /* NULL once destroyed */
  int bound;     /* a name refers to it */
  int64_t views; /* unreleased views */
} ch_map;

/* A memoryview of a whole map (the export op). */
typedef struct ch_view {
  ch_map *map;
  uint8_t *data; /* the export; valid while not released */
  int64_t len;
  int readonly;
  int released;
} ch_view;

typedef enum ch_kind { CH_MAP, CH_VIEW } ch_kind;

/* A case-local name bound to a map or a view. */
typedef struct ch_binding {
  char *name;
  ch_kind kind;
  ch_map *map;   /* CH_MAP */
  ch_view *view; /* CH_VIEW */
} ch_binding;

/* A descriptor bound by open_fd (names of their own, as in the Python
 * host). */
typedef struct ch_fd {
  char *name;
  int fd;
} ch_fd;

/* Everything one case created; cleared at its end. */
typedef struct ch_state {
  json_t *files; /* name -> absolute path, from "begin" */
  ch_binding *names;
  size_t nnames, capnames;
  ch_fd *fds;
  size_t nfds, capfds;
  int *extra; /* other ends of pipes, rebound descriptors */
  size_t nextra, capextra;
  ch_map **maps; /* every map of the case, destroyed or not */
  size_t nmaps, capmaps;
  ch_view **views; /* every view of the case */
  size_t nviews, capviews;
  char misuse[256]; /* why the current message is malformed */
} ch_state;

/* ---- state (core_host_state.c) ----------------------------------------- */
/* FILES is stolen (NULL means no files). */
void ch_state_init(ch_state *st, json_t *files);
/* Releases every view, destroys every map, closes every descriptor. */
void ch_state_clear(ch_state *st);
ch_binding *ch_find(ch_state *st, const char *name);
ch_fd *ch_find_fd(ch_state *st, const char *name);
/* Binds NAME to a new map or view, dropping what NAME referred to. */
void ch_bind_map(ch_state *st, const char *name, mml_map *m);
void ch_bind_view(ch_state *st, const char *name, ch_map *map, uint8_t *data,
                  int64_t len, int readonly);
/* Drops the binding of NAME (del): the object may be destroyed. */
void ch_unbind(ch_state *st, const char *name);
/* view.release(); idempotent like memoryview.release(). */
void ch_view_release(ch_view *v);
void ch_bind_fd(ch_state *st, const char *name, int fd);
/* Removes the binding of NAME and returns its descriptor (-1 if none). */
int ch_unbind_fd(ch_state *st, const char *name);
/* Keeps FD open until the case ends. */
void ch_keep_fd(ch_state *st, int fd);
/* Records a message as malformed; always returns NULL. */
json_t *ch_misuse(ch_state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- results (core_host_errors.c) -------------------------------------- */
/* The exception CPython raises for a core error code. */
json_t *ch_raise_code(int code);
/* OSError (or its errno subclass) for ERR. */
json_t *ch_raise_errno(int err);
json_t *ch_raise(const char *type, const char *message);
/* NameError: name 'NAME' is not defined. */
json_t *ch_name_error(const char *name);
json_t *ch_unsupported(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* CPython's OSError subclass name for an errno ("OSError" if none). */
const char *ch_oserror_class(int err);
/* {"value": V}, V stolen; {"value": null}. */
json_t *ch_value(json_t *v);
json_t *ch_none(void);

/* ---- typed values (core_host_values.c) --------------------------------- */
/* 1 if V is a well-formed typed value of a protocol message. */
int ch_value_ok(const json_t *v);
/* NameError for the first unbound ref or fd inside V, else NULL. */
json_t *ch_check_names(ch_state *st, const json_t *v);
/* An integer argument: int (within int64), bool or fd. WHAT names it in
 * the unsupported message. */
json_t *ch_get_int(ch_state *st, const json_t *v, const char *what,
                   int64_t *out);
/* A slice key: members int (clamped like CPython), bool, fd or null. */
json_t *ch_get_slice(ch_state *st, const json_t *v, mml_slice *sl);
/* Python truthiness of V into *out (may raise, e.g. for a closed map). */
json_t *ch_truthy(ch_state *st, const json_t *v, int *out);
/* The value kind of V for messages ("int", "bytes", "null", ...). */
const char *ch_kind_name(const json_t *v);

/* ---- bytes-like arguments (core_host_buffer.c) ------------------------- */
typedef struct ch_buf {
  const uint8_t *data;
  int64_t len;
  uint8_t *owned;    /* decoded hex, freed by ch_buf_done */
  mml_map *exported; /* a map exported for the call, released by done */
} ch_buf;
/* Converts bytes/bytearray/memoryview or a ref to a map or view. On an
 * early result, *raised is 1 if it is an exception (as opposed to
 * unsupported), so callers can order it after their own earlier checks. */
json_t *ch_get_buf(ch_state *st, const json_t *v, ch_buf *b, int *raised);
void ch_buf_done(ch_buf *b);

/* ---- executors --------------------------------------------------------- */
/* The map an op works on: NULL and *out set, or an early result
 * (unsupported for a view). */
json_t *ch_on_map(ch_state *st, const json_t *op, ch_binding **out);
/* A map's buffer as mml_buffer_export hands it out. */
typedef struct ch_export {
  ch_binding *b; /* the map's binding */
  uint8_t *data;
  int64_t len;
  int ro; /* read-only */
} ch_export;
/* ch_on_map, then the map's buffer exported into *EX (the caller releases
 * it with mml_buffer_release or binds it to a view): NULL, or an early
 * result (a raise). */
json_t *ch_on_map_export(ch_state *st, const json_t *op, ch_export *ex);
json_t *ch_exec_new(ch_state *st, const json_t *op);
json_t *ch_exec_call(ch_state *st, const json_t *op);
/* A method of mmap.mmap on the map B with the positional ARGS, whose
 * count the caller has checked against the method's arity. */
typedef json_t *ch_method_fn(ch_state *st, ch_binding *b, const char *method,
                             const json_t *args);
/* read, read_byte, readline, write, write_byte, seek. */
ch_method_fn ch_call_io;
/* find, rfind, flush, madvise, move, resize. */
ch_method_fn ch_call_map;
/* Converts ARGS[FIRST..FIRST+N-1] to integers into OUT[0..N-1]; slots
 * past the end of ARGS keep the caller's defaults. */
json_t *ch_int_args(ch_state *st, const json_t *args, size_t first, size_t n,
                    const char *method, int64_t *out);
json_t *ch_enter(ch_binding *b);
json_t *ch_exit(ch_binding *b, size_t nargs);
json_t *ch_exec_getitem(ch_state *st, const json_t *op);
json_t *ch_exec_setitem(ch_state *st, const json_t *op);
json_t *ch_exec_delitem(ch_state *st, const json_t *op);
json_t *ch_exec_len(ch_state *st, const json_t *op);
json_t *ch_exec_bool(ch_state *st, const json_t *op);
json_t *ch_exec_repr(ch_state *st, const json_t *op);
json_t *ch_exec_iter(ch_state *st, const json_t *op);
json_t *ch_exec_reversed(ch_state *st, const json_t *op);
json_t *ch_exec_contains(ch_state *st, const json_t *op);
json_t *ch_exec_bytes(ch_state *st, const json_t *op);
json_t *ch_exec_enter(ch_state *st, const json_t *op);
json_t *ch_exec_exit(ch_state *st, const json_t *op);
json_t *ch_exec_getattr(ch_state *st, const json_t *op);
json_t *ch_exec_export(ch_state *st, const json_t *op);
json_t *ch_exec_release(ch_state *st, const json_t *op);
json_t *ch_exec_del(ch_state *st, const json_t *op);
json_t *ch_exec_const(ch_state *st, const json_t *op);
json_t *ch_exec_open_fd(ch_state *st, const json_t *op);
json_t *ch_exec_close_fd(ch_state *st, const json_t *op);
json_t *ch_exec_truncate_fd(ch_state *st, const json_t *op);
/* Validates open_fd's fields (the mode, the special kind, the file). */
int ch_check_open_fd(ch_state *st, const json_t *op);

/* ---- protocol (core_host_ops.c, core_host_hello.c, core_host_loop.c) --- */
/* One op: its RESULT, or NULL if the op is malformed (st->misuse). */
json_t *ch_run_op(ch_state *st, const json_t *op);
json_t *ch_hello(void);

/* {"EINVAL": 22, ...}: the errno names of this C library with their
 * numbers (the hello's "errnos"). */
json_t *ch_errnos(void);

/* The CPython version the host makes the core follow (MML_PY encoding);
 * set once by --python, MML_PY_DEFAULT otherwise. */
extern uint32_t ch_python_version;
/* Serves the protocol until IN closes; returns the exit status. */
int ch_serve(FILE *in, FILE *out);

#endif /* MML_CORE_HOST_H */
