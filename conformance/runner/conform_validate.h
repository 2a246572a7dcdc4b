/* conform_validate.h - well-formedness of corpus cases (INTERPRETING.md 3
 * and 4): fields, operations, typed values, expressions. Semantics are
 * never checked. */
#ifndef MML_CONFORM_VALIDATE_H
#define MML_CONFORM_VALIDATE_H

#include <jansson.h>
#include <stddef.h>

/* Whether ID matches [a-z0-9][a-z0-9._/+-]*. */
int cf_id_valid(const char *id);

/* Checks one case object (everything but id uniqueness). Returns 0, or -1
 * with a one-line reason in WHY. */
int cf_validate_case(const json_t *kase, char *why, size_t whylen);

/* Checks one typed value as a case may write it (2): the case-only
 * shorthands are allowed, "dict" is not. Returns 0 or -1 with WHY. */
int cf_validate_value(const json_t *v, char *why, size_t whylen);

/* Checks the op an {"index": {"then": OP}} value runs: a host op that
 * needs no file (no world op, no open_fd). Returns 0 or -1 with WHY. */
int cf_validate_inner_op(const json_t *op, char *why, size_t whylen);

/* Checks an integer expression's syntax. Returns 0 or -1 with WHY. */
int cf_validate_expr(const char *expr, char *why, size_t whylen);

#endif /* MML_CONFORM_VALIDATE_H */
