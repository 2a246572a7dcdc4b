/* conform_util.c - error lines and string arrays. */
#define _GNU_SOURCE
#include "conform_util.h"

#include <stdio.h>
#include <stdlib.h>

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

void cf_free_strings(char **v, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(v[i]);
  free(v);
}
