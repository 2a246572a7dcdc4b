/* gen_sbuf.c - the fixed-capacity string builder. */
#include "gen_sbuf.h"

#include "gen_case.h"

#include <string.h>

gen_sbuf sb_init(char *buf, size_t cap) {
  gen_sbuf b = {buf, cap, 0};
  if (cap > 0)
    buf[0] = '\0';
  return b;
}

void sb_put(gen_sbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap)
    gen_fail("text too long at '%.40s'", s);
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

void sb_puts(gen_sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }
