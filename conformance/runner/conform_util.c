/* conform_util.c - error lines, allocation and growable strings. */
#define _GNU_SOURCE
#include "conform_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void cf_error(const char *fmt, ...) {
  va_list ap;
  fflush(stdout); /* keep progress lines and the error in order */
  fputs("mmaplab-conform: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

int cf_why(char *why, size_t whylen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (whylen > 0)
    vsnprintf(why, whylen, fmt, ap);
  va_end(ap);
  return -1;
}

static void out_of_memory(void) {
  fputs("mmaplab-conform: out of memory\n", stderr);
  abort();
}

void *cf_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (p == NULL)
    out_of_memory();
  return p;
}

void *cf_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (q == NULL)
    out_of_memory();
  return q;
}

char *cf_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(cf_xmalloc(n), s, n);
}

char *cf_xasprintf(const char *fmt, ...) {
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

void cf_str_addn(cf_str *s, const char *text, size_t n) {
  if (s->len + n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 64;
    while (cap < s->len + n + 1)
      cap *= 2;
    s->data = cf_xrealloc(s->data, cap);
    s->cap = cap;
  }
  memcpy(s->data + s->len, text, n);
  s->len += n;
  s->data[s->len] = '\0';
}

void cf_str_add(cf_str *s, const char *text) {
  cf_str_addn(s, text, strlen(text));
}

void cf_str_addf(cf_str *s, const char *fmt, ...) {
  va_list ap;
  char *t;
  int n;
  va_start(ap, fmt);
  n = vasprintf(&t, fmt, ap);
  va_end(ap);
  if (n < 0)
    out_of_memory();
  cf_str_addn(s, t, (size_t)n);
  free(t);
}

void cf_free_strings(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

double cf_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
