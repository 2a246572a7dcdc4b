/* ut_str.c - allocation that aborts on exhaustion; growable strings. */
#define _GNU_SOURCE /* vasprintf, program_invocation_short_name */
#include "ut_str.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The program's name for the message: glibc has it at hand; elsewhere
 * (the mingw-w64 build of the conformance host) the project's name. */
#ifdef __GLIBC__
#define UT_PROGNAME program_invocation_short_name
#else
#define UT_PROGNAME "mmaplab"
#endif

static void out_of_memory(void) {
  fprintf(stderr, "%s: out of memory\n", UT_PROGNAME);
  abort();
}

void *ut_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL)
    out_of_memory();
  return p;
}

void *ut_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (q == NULL)
    out_of_memory();
  return q;
}

char *ut_xstrdup(const char *s) {
  const size_t n = strlen(s) + 1;
  return memcpy(ut_xmalloc(n), s, n);
}

char *ut_xasprintf(const char *fmt, ...) {
  va_list ap;
  char *s;
  int n;
  va_start(ap, fmt);
  n = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (n < 0)
    out_of_memory();
  return s;
}

int ut_grow(void *array, size_t *cap, size_t need, size_t size, size_t first) {
  size_t n = *cap > first ? *cap : first;
  void *p, *q;
  if (need <= *cap)
    return 0;
  while (n < need)
    n = n > SIZE_MAX / 2 ? need : 2 * n;
  if (size != 0 && n > SIZE_MAX / size)
    return -1;
  /* the pointer is read and written as bytes: ARRAY may be any T ** */
  memcpy(&p, array, sizeof p);
  if ((q = realloc(p, n * size != 0 ? n * size : 1)) == NULL)
    return -1;
  memcpy(array, &q, sizeof q);
  *cap = n;
  return 0;
}

/* Room for N more bytes and the NUL; the capacity doubles. */
static void reserve(ut_str *s, size_t n) {
  size_t cap = s->cap ? s->cap : 64;
  if (n > SIZE_MAX - 1 - s->len)
    out_of_memory();
  if (s->len + n + 1 <= s->cap)
    return;
  while (cap < s->len + n + 1)
    cap = cap > SIZE_MAX / 2 ? s->len + n + 1 : 2 * cap;
  s->data = ut_xrealloc(s->data, cap);
  s->cap = cap;
}

void ut_str_addn(ut_str *s, const char *text, size_t n) {
  reserve(s, n);
  if (n > 0)
    memcpy(s->data + s->len, text, n);
  s->len += n;
  s->data[s->len] = '\0';
}

void ut_str_add(ut_str *s, const char *text) {
  ut_str_addn(s, text, strlen(text));
}

void ut_str_addf(ut_str *s, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    out_of_memory(); /* only EOVERFLOW: a text longer than INT_MAX */
  reserve(s, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(s->data + s->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  s->len += (size_t)n;
}
