/* rp_util.c - small helpers of the report builders (rp_util.h). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "rp_util.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_str.h"

/* Records position I for S in L's index unless S is there already. */
static int index_add(rp_strs *l, const char *s, size_t i) {
  json_t *pos;
  if (l->index == NULL && (l->index = json_object()) == NULL)
    return -1;
  if (json_object_get(l->index, s) != NULL)
    return 0;
  pos = json_integer((json_int_t)i);
  /* nocheck: the strings are C strings, not necessarily UTF-8 */
  return pos != NULL && json_object_set_new_nocheck(l->index, s, pos) == 0 ? 0
                                                                           : -1;
}

long rp_strs_take(rp_strs *l, char *s) {
  if (s == NULL)
    return -1;
  if (ut_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v, 8) != 0 ||
      index_add(l, s, l->n) != 0) {
    free(s);
    return -1;
  }
  l->v[l->n] = s;
  return (long)l->n++;
}

long rp_strs_add(rp_strs *l, const char *s) {
  return rp_strs_take(l, strdup(s));
}

long rp_strs_find(const rp_strs *l, const char *s) {
  const json_t *pos = l->index ? json_object_get(l->index, s) : NULL;
  return pos != NULL ? (long)json_integer_value(pos) : -1;
}

long rp_strs_intern(rp_strs *l, const char *s) {
  const long i = rp_strs_find(l, s);
  return i >= 0 ? i : rp_strs_add(l, s);
}

int rp_strs_add_ordered(rp_strs *out, const char *const *first,
                        const rp_strs *all) {
  for (size_t i = 0; first[i] != NULL; i++)
    if (rp_strs_find(all, first[i]) >= 0 && rp_strs_intern(out, first[i]) < 0)
      return -1;
  for (size_t i = 0; i < all->n; i++)
    if (rp_strs_intern(out, all->v[i]) < 0)
      return -1;
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return rp_name_cmp(*(char *const *)a, *(char *const *)b);
}

void rp_strs_sort(rp_strs *l) {
  if (l->n < 2)
    return;
  qsort(l->v, l->n, sizeof *l->v, cmp_names);
  /* The positions changed: set them in place, last to first, so that each
   * string ends with its first position (nothing allocated, nothing can
   * fail). */
  for (size_t i = l->n; i-- > 0;)
    json_integer_set(json_object_get(l->index, l->v[i]), (json_int_t)i);
}

void rp_strs_free(rp_strs *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  json_decref(l->index);
  l->v = NULL;
  l->n = l->cap = 0;
  l->index = NULL;
}

/* The length of the part of S up to '/' or the end. */
static size_t part_len(const char *s) { return strcspn(s, "/"); }

/* Compares parts A and B (lengths NA, NB). */
static int part_cmp(const char *a, size_t na, const char *b, size_t nb) {
  const char *ca = memchr(a, ':', na), *cb = memchr(b, ':', nb);
  int c;
  if (ca != NULL && cb != NULL && ca - a == cb - b &&
      memcmp(a, b, (size_t)(ca - a)) == 0) {
    char *ea, *eb;
    const double x = strtod(ca + 1, &ea), y = strtod(cb + 1, &eb);
    if (ea == a + na && eb == b + nb && ea != ca + 1 && eb != cb + 1)
      return (x > y) - (x < y);
  }
  c = memcmp(a, b, na < nb ? na : nb);
  return c != 0 ? c : (na > nb) - (na < nb);
}

int rp_name_cmp(const char *a, const char *b) {
  for (;;) {
    const size_t na = part_len(a), nb = part_len(b);
    const int c = part_cmp(a, na, b, nb);
    if (c != 0)
      return c;
    a += na;
    b += nb;
    if (*a == '\0' || *b == '\0')
      return (*a != '\0') - (*b != '\0');
    a++;
    b++;
  }
}

void rp_num(char *buf, size_t len, double v) {
  const double m = fabs(v);
  if (isnan(v))
    snprintf(buf, len, "-");
  else if (m == 0)
    snprintf(buf, len, "0");
  else if (m >= 10 && m < 1e15 && v == floor(v))
    snprintf(buf, len, "%.0f", v);
  else if (m >= 100)
    snprintf(buf, len, "%.0f", v);
  else if (m >= 10)
    snprintf(buf, len, "%.1f", v);
  else if (m >= 1)
    snprintf(buf, len, "%.2f", v);
  else if (m >= 0.001)
    snprintf(buf, len, "%.3g", v);
  else
    snprintf(buf, len, "%.2e", v);
}

void rp_ratio(char *buf, size_t len, double a, double b) {
  if (isnan(a) || isnan(b) || b == 0)
    snprintf(buf, len, "-");
  else if (fabs(a / b) < 0.1)
    snprintf(buf, len, "%.2g", a / b);
  else
    snprintf(buf, len, "%.2f", a / b);
}

void rp_bytes(char *buf, size_t len, double v) {
  static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  size_t u = 0;
  while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
    v /= 1024;
    u++;
  }
  snprintf(buf, len, "%g %s", v, units[u]);
}
