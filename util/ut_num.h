/* ut_num.h - numbers given as option values, checked in full.
 *
 * Every numeric option of every tool goes through these: the whole string
 * must be the number (no sign for unsigned ones, no trailing text), and a
 * value outside [LO, HI] is refused instead of being clamped or wrapped.
 */
#ifndef MMAPLAB_UT_NUM_H
#define MMAPLAB_UT_NUM_H

#include <stdint.h>

/* Parses a decimal integer into *OUT. 0, EINVAL (not a number) or ERANGE
 * (outside [LO, HI]); *OUT is untouched on error. */
int ut_parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out);

/* The same for unsigned values: a leading '-' or '+' is EINVAL. */
int ut_parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);

/* A finite decimal number in [LO, HI] (no "nan", "inf" or hex). */
int ut_parse_double(const char *s, double lo, double hi, double *out);

#endif /* MMAPLAB_UT_NUM_H */
