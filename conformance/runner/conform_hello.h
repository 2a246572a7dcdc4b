/* conform_hello.h - the hello message of a host (INTERPRETING.md 5.2):
 * validation and the values the runner takes from it. */
#ifndef MML_CONFORM_HELLO_H
#define MML_CONFORM_HELLO_H

#include <jansson.h>
#include <stddef.h>

/* The protocol this runner speaks. */
#define CF_PROTOCOL 1

typedef struct cf_hello {
  json_t *json; /* the whole message, owned */
  /* The strings below and CONSTANTS/FEATURES are borrowed from JSON. */
  const char *host, *implementation, *version, *platform;
  int ver[3]; /* VERSION as numbers */
  long long pagesize, granularity;
  long long resolve_pagesize; /* if nonzero, what PAGESIZE and
                                 ALLOCATIONGRANULARITY resolve to in cases
                                 (a golden derived for another page size,
                                 conform_pagesize.h); set by the runner */
  __int128 maxsize;
  json_t *constants, *features;
  json_t *errnos; /* name -> number, or NULL when the hello has none */
} cf_hello;

/* Validates MSG (a reference is taken on success) into *OUT. Returns 0,
 * or -1 with a one-line reason in WHY. */
int cf_hello_parse(json_t *msg, cf_hello *out, char *why, size_t whylen);

/* Releases H's reference and clears it. */
void cf_hello_clear(cf_hello *h);

/* Whether H lists feature NAME. */
int cf_hello_has_feature(const cf_hello *h, const char *name);

/* A cx_lookup_fn over a cf_hello (CTX): PAGESIZE, ALLOCATIONGRANULARITY,
 * MAXSIZE, then the host's constants. */
int cf_hello_lookup(void *ctx, const char *name, size_t len, __int128 *out);

/* Whether errno number A under the names of ERRNOS_A and number B under
 * ERRNOS_B (hello "errnos" tables) are one error: some name has A in the
 * first and B in the second. 0 when either table is missing. */
int cf_errnos_same_name(const json_t *errnos_a, long long a,
                        const json_t *errnos_b, long long b);

/* The name of errno number N in ERRNOS (the first in sorted order), or
 * NULL. */
const char *cf_errno_name(const json_t *errnos, long long n);

/* "<implementation>-<version>", the golden directory name; free it. */
char *cf_hello_golden_name(const cf_hello *h);

/* Parses "X.Y" or "X.Y.Z" into VER (missing Z = 0) and *NPARTS. Returns 0
 * or -1 if malformed. */
int cf_version_parse(const char *s, int ver[3], int *nparts);

#endif /* MML_CONFORM_HELLO_H */
