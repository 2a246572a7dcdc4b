/* gen_value.h - a compact text notation for typed values (INTERPRETING.md
 * section 2), so that the case tables stay one line per case, and the
 * builders of operations (section 4).
 *
 * A value spec is one of:
 *   i:EXPR     {"int": EXPR}; "$L" inside EXPR is the case's current mapping
 *              length expression (gcase.len), parenthesised when needed
 *   n  T  F  E None, True, False, Ellipsis
 *   t:TEXT     {"text": TEXT} (ASCII; TEXT may contain '\n')
 *   b:HEX      {"bytes": HEX}
 *   p:EXPR     {"pattern": EXPR}
 *   z:EXPR     EXPR zero bytes ({"repeat": {"bytes": "00", "count": EXPR}})
 *   s:TEXT     {"str": TEXT}          f:DEC   {"float": DEC}
 *   ba:HEX     {"bytearray": HEX}     mv:HEX  {"memoryview": HEX}
 *   r:NAME     {"ref": NAME}          fd:NAME {"fd": NAME}
 *   tu:A,B     {"tuple": [A, B]}      li:A,B  {"list": [A, B]} (A, B specs)
 *   sl:A,B,C   {"slice": [A, B, C]}; an empty member is null
 * An argument list is specs separated by ';' ("" is no arguments); keyword
 * arguments are "name=SPEC" items separated by ';'. Text cannot contain ';'.
 *
 * Every spec also yields a label (for case ids: lower-case, only
 * [a-z0-9.+-]) and a Python rendering (for titles).
 */
#ifndef MML_GEN_VALUE_H
#define MML_GEN_VALUE_H

#include "gen_case.h"
#include "ut_str.h"

#include <stddef.h>

/* The typed value of SPEC, with "$L" resolved against C->len. Records in C
 * the "python-args" tag and feature when the value's kind makes the runner
 * imply that feature anyway (str, float, tuple, list, bytearray,
 * memoryview, ellipsis), so that filters see it. */
json_t *gv(gcase *c, const char *spec);

/* An argument list / keyword dict from ';'-separated specs. */
json_t *gv_args(gcase *c, const char *specs);
json_t *gv_kwargs(gcase *c, const char *specs);

/* Writes into BUF (CAP bytes) the id label / the Python rendering of an
 * argument list (SPECS) with optional keyword specs (KW, may be NULL). */
void gv_label(char *buf, size_t cap, const char *specs, const char *kw);
void gv_render(char *buf, size_t cap, const char *specs, const char *kw);

/* EXPR with "$L" replaced by LEN (parenthesised unless it is one atom). */
void gv_expr(char *buf, size_t cap, const char *expr, const char *len);

/* The kinds of value spec: the constants n, T, F, E (None, True, False,
 * Ellipsis) and the kinds with a body after their prefix: i: p: z: t: b:
 * s: f: ba: mv: r: fd: tu: li: sl:. */
typedef enum gv_kind {
  GK_NONE,
  GK_TRUE,
  GK_FALSE,
  GK_ELLIPSIS,
  GK_INT,
  GK_PATTERN,
  GK_ZEROS,
  GK_TEXT,
  GK_BYTES,
  GK_STR,
  GK_FLOAT,
  GK_BYTEARRAY,
  GK_MEMORYVIEW,
  GK_REF,
  GK_FD,
  GK_TUPLE,
  GK_LIST,
  GK_SLICE,
  GK_COUNT
} gv_kind;

/* The gv_kind of SPEC with *BODY set to what follows its prefix ("" for a
 * constant), or -1 when SPEC is none of them. */
int gv_kind_of(const char *spec, const char **body);

/* Copies the item of S up to the first SEP (or the end) into ITEM (CAP
 * bytes; a longer item is fatal) and returns what follows the separator,
 * or NULL after the last item. */
const char *gv_next_item(const char *s, char sep, char *item, size_t cap);

/* Moves TEXT into BUF (CAP bytes) and empties TEXT. Text that does not fit
 * is a bug in the case tables: fatal (gen_fail). */
void gv_store(char *buf, size_t cap, ut_str *text);

/* ---- Operations (section 4). Names are case-local identifiers. ---- */

/* {"op": "new", "as": AS, "args": [...], "kwargs": {...}} from specs;
 * KW may be NULL or "" (then no "kwargs" key). */
json_t *op_new(gcase *c, const char *as, const char *args, const char *kw);

/* {"op": "call", "on": ON, "method": M, "args": [...]} (+ "kwargs"). */
json_t *op_call(gcase *c, const char *on, const char *method, const char *args,
                const char *kw);

/* open_fd of a case file ("r", "w", "r+", "a+") or of a special kind
 * ("devzero", "pipe_r", ...; FILE names the dir entry for "dir"). */
json_t *op_open_fd(const char *as, const char *file, const char *mode);
json_t *op_open_special(const char *as, const char *special, const char *file);

/* Ops whose only fields are names: {"op": OP, KEY: NAME}. Used for
 * close_fd (fd), len/bool/repr/iter/reversed/bytes/enter (on), release
 * (view), const/del (name). */
json_t *op_named(const char *op, const char *key, const char *name);

/* getitem/delitem {"op", "on", "key"}, setitem (+ "value"), contains. */
json_t *op_getitem(gcase *c, const char *on, const char *key);
json_t *op_delitem(gcase *c, const char *on, const char *key);
json_t *op_setitem(gcase *c, const char *on, const char *key,
                   const char *value);
json_t *op_contains(gcase *c, const char *on, const char *value);

/* getattr / setattr. */
json_t *op_getattr(const char *on, const char *name);
json_t *op_setattr(gcase *c, const char *on, const char *name,
                   const char *value);

/* exit with an argument list; export {"on", "as"}; view_getitem and
 * view_setitem (VALUE NULL for getitem). */
json_t *op_exit(gcase *c, const char *on, const char *args);
json_t *op_export(const char *on, const char *as);
json_t *op_view_item(gcase *c, const char *view, const char *key,
                     const char *value);

/* World operations: file_read / file_size, file_truncate, file_write. The
 * size and offset are bare expression strings ("PAGESIZE*2"), like the
 * sizes of the files section; data is a typed value. */
json_t *op_file(const char *op, const char *file);
json_t *op_file_truncate(gcase *c, const char *file, const char *size_expr);
json_t *op_file_write(gcase *c, const char *file, const char *offset_expr,
                      const char *data_spec);

#endif /* MML_GEN_VALUE_H */
