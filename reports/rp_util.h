/* rp_util.h - small helpers of the report and compare builders: strings,
 * string lists, number formatting and the natural order of benchmark names.
 */
#ifndef MMAPLAB_REPORTS_RP_UTIL_H
#define MMAPLAB_REPORTS_RP_UTIL_H

#include <stddef.h>

/* A growable list of owned strings with a hash index (a jansson object:
 * string -> first position), so that finding and interning are O(1) and
 * merging lists of any length stays linear. Zero-initialise; free with
 * rp_strs_free. */
typedef struct rp_strs {
  char **v;
  size_t n;
  size_t cap;           /* internal: room in v (it doubles) */
  struct json_t *index; /* internal: NULL until the first add */
} rp_strs;

/* Appends a copy of S to L (also when L holds it already): its position,
 * or -1 when out of memory. */
long rp_strs_add(rp_strs *l, const char *s);

/* Appends S, a malloc'd string that L takes over (also when appending
 * fails: S is then freed): its position, or -1 when S is NULL or out of
 * memory. rp_strs_take(l, ut_xasprintf(...)) adds formatted text. */
long rp_strs_take(rp_strs *l, char *s);

/* The index of S in L, or -1. */
long rp_strs_find(const rp_strs *l, const char *s);

/* The index of S in L, appending it first if it is not there; -1 when out
 * of memory. */
long rp_strs_intern(rp_strs *l, const char *s);

/* Adds to OUT (interning) the strings of FIRST (NULL-terminated) that ALL
 * holds, in FIRST's order, then the rest of ALL in its order: a preferred
 * order for the known names. 0, or -1 when out of memory. */
int rp_strs_add_ordered(rp_strs *out, const char *const *first,
                        const rp_strs *all);

/* Sorts L with rp_name_cmp (n log n). */
void rp_strs_sort(rp_strs *l);

/* Frees every string of L and zeroes it. */
void rp_strs_free(rp_strs *l);

/* Orders benchmark names part by part ('/'): "key:N" parts with the same
 * key by their number (hay:4096 before hay:1048576), others by strcmp. */
int rp_name_cmp(const char *a, const char *b);

/* Formats V for a table into BUF (LEN bytes): 3 significant digits without
 * exponent for ordinary magnitudes; "-" for NAN. */
void rp_num(char *buf, size_t len, double v);

/* Formats the ratio A/B ("1.23") into BUF; "-" if either is NAN or B is 0.
 */
void rp_ratio(char *buf, size_t len, double a, double b);

/* "4 KiB", "64 MiB", "3 B": a byte count for titles. */
void rp_bytes(char *buf, size_t len, double v);

#endif /* MMAPLAB_REPORTS_RP_UTIL_H */
