/* ut_num.c - numbers given as option values (ut_num.h). */
#include "ut_num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* strto* skip leading white space and accept signs where we do not. */
static int starts_with_digit(const char *s, int sign_ok) {
  if (s == NULL)
    return 0;
  if (sign_ok && (*s == '-' || *s == '+'))
    s++;
  return isdigit((unsigned char)*s) != 0;
}

int ut_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out) {
  char *end;
  long long v;
  if (!starts_with_digit(s, 1))
    return EINVAL;
  errno = 0;
  v = strtoll(s, &end, 10);
  if (*end != '\0')
    return EINVAL;
  if (errno == ERANGE || v < lo || v > hi)
    return ERANGE;
  *out = (int64_t)v;
  return 0;
}

int ut_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out) {
  char *end;
  unsigned long long v;
  if (!starts_with_digit(s, 0))
    return EINVAL;
  errno = 0;
  v = strtoull(s, &end, 10);
  if (*end != '\0')
    return EINVAL;
  if (errno == ERANGE || v < lo || v > hi)
    return ERANGE;
  *out = (uint64_t)v;
  return 0;
}

int ut_parse_double(const char *s, double lo, double hi, double *out) {
  char *end;
  double v;
  if (s == NULL || !(starts_with_digit(s, 1) || *s == '.' ||
                     ((*s == '-' || *s == '+') && s[1] == '.')))
    return EINVAL;
  if (strpbrk(s, "xXnN") != NULL) /* hex floats, nan, inf */
    return EINVAL;
  errno = 0;
  v = strtod(s, &end);
  if (end == s || *end != '\0')
    return EINVAL;
  if (errno == ERANGE || !isfinite(v) || v < lo || v > hi)
    return ERANGE;
  *out = v;
  return 0;
}
