/* conform_requires.h - a case's "requires" (INTERPRETING.md 3) and the
 * features it implies (5.3). */
#ifndef MML_CONFORM_REQUIRES_H
#define MML_CONFORM_REQUIRES_H

#include "conform_hello.h"

#include <jansson.h>
#include <stddef.h>

/* Checks a python requirement such as ">=3.8,<3.13" (items >=, <, ==
 * followed by X.Y or X.Y.Z). Returns 0, or -1 with a reason in WHY. */
int cf_python_spec_check(const char *spec, char *why, size_t whylen);

/* Whether version VER satisfies SPEC (already checked; NULL = anything).
 * "==X.Y" matches every X.Y.Z; "==X.Y.Z" only that release. */
int cf_python_spec_matches(const char *spec, const int ver[3]);

/* Implied features (5.3), as bits. */
enum {
  CF_FEAT_PYTHON_ARGS = 1 << 0,
  CF_FEAT_BIGINT = 1 << 1,
  CF_FEAT_SEQUENCE = 1 << 2,
  CF_FEAT_MEMORYVIEW = 1 << 3,
  CF_FEAT_VIEW_OPS = 1 << 4,
  CF_FEAT_REPR = 1 << 5,
  CF_FEAT_FD_KINDS = 1 << 6,
  CF_FEAT_PYTHON_OBJECT = 1 << 7,
  CF_FEAT_MODULE = 1 << 8,
  CF_FEAT_AUDIT = 1 << 9,
  CF_FEAT_REENTRANT_INDEX = 1 << 10,
  CF_FEAT_BUFFER_PROTOCOL = 1 << 11
};

/* The feature an op name implies by itself (0 if none). */
unsigned cf_op_implied_features(const json_t *op);

/* Checks everything a case needs from HELLO except the python version:
 * platforms, required features and the IMPLIED bits. Returns NULL if the
 * host meets it all, or a malloc'd skip reason. */
char *cf_requires_unmet(const json_t *kase, const cf_hello *hello,
                        unsigned implied);

#endif /* MML_CONFORM_REQUIRES_H */
