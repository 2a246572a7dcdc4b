/* gen_sbuf.h - a fixed-capacity string builder for labels, titles and
 * expressions. Overflowing it is a bug in the case tables: fatal. */
#ifndef MML_GEN_SBUF_H
#define MML_GEN_SBUF_H

#include <stddef.h>

typedef struct gen_sbuf {
  char *p;    /* caller's buffer, always NUL-terminated */
  size_t cap; /* its size */
  size_t len; /* characters written so far */
} gen_sbuf;

/* Starts an empty string in BUF of CAP bytes. */
gen_sbuf sb_init(char *buf, size_t cap);

/* Appends N bytes of S / the string S. */
void sb_put(gen_sbuf *b, const char *s, size_t n);
void sb_puts(gen_sbuf *b, const char *s);

#endif /* MML_GEN_SBUF_H */
