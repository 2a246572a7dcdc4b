/* typed.h - typed JSON values of the conformance protocol (INTERPRETING.md
 * section 2), shared by the runner, the core host and the case generator.
 *
 * Builders return new references (jansson's ownership rules); readers
 * borrow. Nothing here interprets mmap semantics.
 */
#ifndef MML_CONF_TYPED_H
#define MML_CONF_TYPED_H

#include <jansson.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

/* {"int": "<decimal>"} for V. */
json_t *tv_int(int64_t v);

/* {"int": "<expr>"}: an unresolved integer expression (cases only). */
json_t *tv_int_expr(const char *expr);

/* {"bytes": "<hex>"} for LEN bytes at DATA. */
json_t *tv_bytes(const void *data, size_t len);

/* {"text": "<ascii>"} (cases only). */
json_t *tv_text(const char *text);

/* {"str": S}, {"float": S}, {"ref": NAME}, {"fd": NAME}. */
json_t *tv_str(const char *s);
json_t *tv_float(const char *decimal);
json_t *tv_ref(const char *name);
json_t *tv_fd(const char *name);

/* {"slice": [start, stop, step]}; each member is stolen (NULL = null). */
json_t *tv_slice(json_t *start, json_t *stop, json_t *step);

/* {"index": {"value": VALUE, "then": THEN}}: an object whose __index__
 * runs host op THEN (stolen; NULL = none) and returns VALUE (an expression
 * in a case, a decimal once resolved). */
json_t *tv_index(const char *value, json_t *then);

/* {KEY: VALUE} with VALUE stolen: the typed values that have no builder of
 * their own ("pattern", "repeat", "bytearray", "memoryview", "tuple",
 * "list", "ellipsis", "dict"). NULL if VALUE is NULL. */
json_t *tv_tagged(const char *key, json_t *value);

/* The kind of a typed value: "null", "bool", or the key of its object
 * ("int", "bytes", ...); NULL if V is not a well-formed typed value. */
const char *tv_kind(const json_t *v);

/* Reads {"int": "<decimal>"} into *out. Returns 0, or -1 if V is not a
 * resolved int, or -2 if it does not fit int64_t (*out is then clamped to
 * INT64_MIN or INT64_MAX, as CPython clamps slice bounds). */
int tv_get_int64(const json_t *v, int64_t *out);

/* Parses a plain decimal integer text (optional '-') into *out with the
 * same return values as tv_get_int64. */
int tv_parse_int64(const char *s, int64_t *out);

/* Reads {"bytes": "<hex>"}: returns a malloc'd buffer (free it; never NULL
 * on success, even for 0 bytes) and sets *len; NULL if V is not bytes or
 * the hex is malformed. */
uint8_t *tv_get_bytes(const json_t *v, size_t *len);

/* Lower-case hex of LEN bytes into a malloc'd NUL-terminated string. */
char *tv_hex_encode(const void *data, size_t len);

/* Decodes even-length hex into a malloc'd buffer; NULL if malformed. */
uint8_t *tv_hex_decode(const char *hex, size_t *len);

/* Result builders (INTERPRETING.md 4.3): {"value": V} (V stolen),
 * {"raise": {"type", "message", "errno"}} (errno < 0 means null), and
 * {"unsupported": why}. */
json_t *tv_result_value(json_t *v);
json_t *tv_result_raise(const char *type, const char *message, int err);
json_t *tv_result_unsupported(const char *why);

/* Writes V as one JSON line (compact, keys in insertion order) to F and
 * flushes. Returns 0 or -1. */
int tv_write_line(FILE *f, const json_t *v);

#endif /* MML_CONF_TYPED_H */
