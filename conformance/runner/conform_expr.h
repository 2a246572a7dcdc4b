/* conform_expr.h - integer expressions of the corpus (INTERPRETING.md
 * section 2.1), evaluated in 128-bit signed arithmetic.
 *
 *   expr := bor          bor  := sum ('|' sum)*
 *   sum  := ['-'] prod (('+' | '-') prod)*
 *   prod := pow ('*' pow)*   pow := atom ['**' atom]
 *   atom := DECIMAL | NAME | '(' expr ')'
 *
 * Spaces between tokens are allowed.
 */
#ifndef MML_CONFORM_EXPR_H
#define MML_CONFORM_EXPR_H

#include <stddef.h>

/* The magnitude bound of every value, 2**126, inclusive. */
#define CX_LIMIT (((__int128)1) << 126)

enum {
  CX_OK = 0,
  CX_SYNTAX = -1,     /* malformed expression: a corpus error */
  CX_UNSUPPORTED = -2 /* unknown name, out of range, negative exponent */
};

/* Looks NAME (LEN bytes, not NUL-terminated) up: returns 0 and sets *out,
 * or -1 if the host does not define it. */
typedef int (*cx_lookup_fn)(void *ctx, const char *name, size_t len,
                            __int128 *out);

/* Evaluates EXPR. With LOOKUP NULL only the syntax is checked (every name
 * counts as 1 and range errors are not reported). On failure writes a
 * one-line reason to MSG (MSGLEN bytes) and returns CX_SYNTAX or
 * CX_UNSUPPORTED. */
int cx_eval(const char *expr, cx_lookup_fn lookup, void *ctx, __int128 *out,
            char *msg, size_t msglen);

/* Parses an optionally signed decimal; -1 if malformed or beyond
 * CX_LIMIT. */
int cx_parse_decimal(const char *s, __int128 *out);

/* Writes V in decimal to BUF (at least CX_DECIMAL_MAX bytes). */
#define CX_DECIMAL_MAX 48
void cx_format(__int128 v, char *buf);

#endif /* MML_CONFORM_EXPR_H */
