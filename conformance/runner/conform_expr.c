/* conform_expr.c - the recursive-descent evaluator of conform_expr.h. */
#include "conform_expr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct parser {
  const char *start, *p;
  cx_lookup_fn lookup;
  void *ctx;
  int rc; /* first error, CX_OK while none */
  char *msg;
  size_t msglen;
} parser;

static __int128 parse_bor(parser *ps);

static void fail(parser *ps, int rc, const char *fmt, ...) {
  va_list ap;
  /* Keep the first error, except that a syntax error wins over an unknown
   * name: a malformed expression is a corpus error on every host. */
  if (ps->rc != CX_OK && !(ps->rc == CX_UNSUPPORTED && rc == CX_SYNTAX))
    return;
  ps->rc = rc;
  va_start(ap, fmt);
  if (ps->msglen > 0)
    vsnprintf(ps->msg, ps->msglen, fmt, ap);
  va_end(ap);
}

static void skip_space(parser *ps) {
  while (*ps->p == ' ' || *ps->p == '\t')
    ps->p++;
}

/* Returns V, or 0 when it left +-2**126 (so that later arithmetic never
 * overflows); that fails the evaluation except in syntax-only mode, where
 * names are placeholders and values mean nothing. */
static __int128 checked(parser *ps, __int128 v, int overflowed) {
  if (!overflowed && v <= CX_LIMIT && v >= -CX_LIMIT)
    return v;
  if (ps->lookup != NULL)
    fail(ps, CX_UNSUPPORTED, "integer out of range (beyond +-2**126)");
  return 0;
}

static int is_name_char(char c, int first) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
         (!first && c >= '0' && c <= '9');
}

static __int128 parse_decimal_token(parser *ps) {
  __int128 v = 0;
  int over = 0;
  while (*ps->p >= '0' && *ps->p <= '9') {
    int d = *ps->p - '0';
    /* Stop accumulating past the limit instead of wrapping. */
    if (over || v > (CX_LIMIT - d) / 10)
      over = 1;
    else
      v = v * 10 + d;
    ps->p++;
  }
  return checked(ps, v, over);
}

static __int128 parse_name(parser *ps) {
  const char *name = ps->p;
  __int128 v = 1;
  while (is_name_char(*ps->p, ps->p == name))
    ps->p++;
  if (ps->lookup != NULL &&
      ps->lookup(ps->ctx, name, (size_t)(ps->p - name), &v) != 0)
    fail(ps, CX_UNSUPPORTED, "missing constant %.*s", (int)(ps->p - name),
         name);
  return checked(ps, v, 0);
}

static __int128 parse_atom(parser *ps) {
  __int128 v;
  skip_space(ps);
  if (*ps->p >= '0' && *ps->p <= '9')
    return parse_decimal_token(ps);
  if (is_name_char(*ps->p, 1))
    return parse_name(ps);
  if (*ps->p == '(') {
    ps->p++;
    v = parse_bor(ps);
    skip_space(ps);
    if (*ps->p != ')')
      fail(ps, CX_SYNTAX, "expected ')' at offset %d",
           (int)(ps->p - ps->start));
    else
      ps->p++;
    return v;
  }
  if (*ps->p == '\0')
    fail(ps, CX_SYNTAX, "unexpected end of expression");
  else
    fail(ps, CX_SYNTAX, "unexpected '%c' at offset %d", *ps->p,
         (int)(ps->p - ps->start));
  return 0;
}

static __int128 power(parser *ps, __int128 base, __int128 exp) {
  __int128 r = 1;
  if (exp < 0) {
    if (ps->lookup != NULL)
      fail(ps, CX_UNSUPPORTED, "negative exponent");
    return 0;
  }
  /* |base| <= 1 never overflows; otherwise 2**127 already does, so the
   * loop runs at most 127 times. */
  if (base == 0 || base == 1)
    return exp == 0 ? 1 : base;
  if (base == -1)
    return exp % 2 == 0 ? 1 : -1;
  for (__int128 i = 0; i < exp; i++) {
    if (__builtin_mul_overflow(r, base, &r) || r > CX_LIMIT || r < -CX_LIMIT)
      return checked(ps, 0, 1);
  }
  return r;
}

static __int128 parse_pow(parser *ps) {
  __int128 base = parse_atom(ps);
  skip_space(ps);
  if (ps->p[0] == '*' && ps->p[1] == '*') {
    ps->p += 2;
    return power(ps, base, parse_atom(ps));
  }
  return base;
}

static __int128 parse_prod(parser *ps) {
  __int128 v = parse_pow(ps), r;
  for (;;) {
    skip_space(ps);
    /* A lone '*': '**' was consumed by parse_pow. */
    if (ps->p[0] != '*' || ps->p[1] == '*')
      return v;
    ps->p++;
    int over = __builtin_mul_overflow(v, parse_pow(ps), &r);
    v = checked(ps, r, over);
  }
}

static __int128 parse_sum(parser *ps) {
  __int128 v, r;
  int negate = 0;
  skip_space(ps);
  if (*ps->p == '-') {
    negate = 1;
    ps->p++;
  }
  v = parse_prod(ps);
  if (negate)
    v = -v; /* |v| <= 2**126, so this cannot overflow */
  for (;;) {
    skip_space(ps);
    char op = *ps->p;
    if (op != '+' && op != '-')
      return v;
    ps->p++;
    __int128 rhs = parse_prod(ps);
    int over = op == '+' ? __builtin_add_overflow(v, rhs, &r)
                         : __builtin_sub_overflow(v, rhs, &r);
    v = checked(ps, r, over);
  }
}

static __int128 parse_bor(parser *ps) {
  __int128 v = parse_sum(ps);
  for (;;) {
    skip_space(ps);
    if (*ps->p != '|')
      return v;
    ps->p++;
    v |= parse_sum(ps); /* two's complement '|' is Python's for negatives */
  }
}

int cx_eval(const char *expr, cx_lookup_fn lookup, void *ctx, __int128 *out,
            char *msg, size_t msglen) {
  parser ps = {expr, expr, lookup, ctx, CX_OK, msg, msglen};
  __int128 v;
  if (msglen > 0)
    msg[0] = '\0';
  v = parse_bor(&ps);
  skip_space(&ps);
  if (*ps.p != '\0')
    fail(&ps, CX_SYNTAX, "unexpected '%c' at offset %d", *ps.p,
         (int)(ps.p - ps.start));
  if (ps.rc == CX_OK)
    *out = v;
  return ps.rc;
}

int cx_parse_decimal(const char *s, __int128 *out) {
  const char *p = s;
  __int128 v = 0;
  int neg = *p == '-';
  p += neg;
  if (*p < '0' || *p > '9')
    return -1;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (v > (CX_LIMIT - (*p - '0')) / 10)
      return -1;
    v = v * 10 + (*p - '0');
  }
  if (*p != '\0')
    return -1;
  *out = neg ? -v : v;
  return 0;
}

void cx_format(__int128 v, char *buf) {
  char tmp[CX_DECIMAL_MAX];
  size_t n = 0, i = 0;
  /* Digits of the magnitude, computed on the negative side so that even
   * the most negative __int128 formats correctly. */
  __int128 w = v < 0 ? v : -v;
  do {
    tmp[n++] = (char)('0' - (int)(w % 10));
    w /= 10;
  } while (w != 0);
  if (v < 0)
    buf[i++] = '-';
  while (n > 0)
    buf[i++] = tmp[--n];
  buf[i] = '\0';
}
