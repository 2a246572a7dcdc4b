/* ut_str.h - growable strings and allocation that cannot fail.
 *
 * Part of mmaplab_util, the internal library of the tools; never part of
 * the core's API. The tools cannot do anything useful without memory: the
 * ut_x* functions and ut_str print "PROGRAM: out of memory" on stderr and
 * abort when an allocation fails, so callers never check. (Code that must
 * report exhaustion as an error of its own, as the report builder does for
 * jansson, uses malloc directly.)
 */
#ifndef MMAPLAB_UT_STR_H
#define MMAPLAB_UT_STR_H

#include <stddef.h>

/* malloc, realloc, strdup and asprintf that abort on exhaustion; N may be
 * 0. Free the results. */
void *ut_xmalloc(size_t n);
void *ut_xrealloc(void *p, size_t n);
char *ut_xstrdup(const char *s);
char *ut_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Makes room for NEED elements of SIZE bytes in the array whose pointer
 * is at ARRAY (the address of any T *) and whose room is *CAP elements:
 * the room doubles, from FIRST at the least, so that appending stays
 * linear. 0, or -1 when out of memory or NEED * SIZE overflows; the array
 * and *CAP are then as they were. Unlike the ut_x* functions it returns
 * the failure, for code that reports exhaustion itself (a result file too
 * large to load). */
int ut_grow(void *array, size_t *cap, size_t need, size_t size, size_t first);

/* A growable NUL-terminated string: zero-initialise, append, then use
 * DATA (NULL until the first append) and free it. LEN excludes the NUL. */
typedef struct ut_str {
  char *data;
  size_t len;
  size_t cap; /* internal: bytes allocated at DATA */
} ut_str;

/* Appends the string TEXT / N bytes of TEXT / printf-formatted text. */
void ut_str_add(ut_str *s, const char *text);
void ut_str_addn(ut_str *s, const char *text, size_t n);
void ut_str_addf(ut_str *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif /* MMAPLAB_UT_STR_H */
