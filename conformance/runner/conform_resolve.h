/* conform_resolve.h - turns a case into what is sent to one host
 * (INTERPRETING.md 2.1): integer expressions evaluated with the host's
 * hello values, case-only shorthands (text, pattern, repeat) expanded to
 * bytes, file sizes computed, implied features collected (5.3). */
#ifndef MML_CONFORM_RESOLVE_H
#define MML_CONFORM_RESOLVE_H

#include "conform_hello.h"

#include <jansson.h>

/* Bytes a pattern, repeat or file fill may expand to. */
#define CF_MAX_EXPANSION ((long long)256 << 20)

typedef struct cf_resolved {
  json_t *ops;      /* the case's ops, resolved (owned) */
  json_t *files;    /* name -> {"bytes": hex} | {"pattern": N} | {"zeros": N}
                     * | {"dir": true} (owned) */
  unsigned implied; /* CF_FEAT_* bits */
} cf_resolved;

/* Resolves case KASE for HELLO. Returns 0, or -1 with *WHY set to a
 * malloc'd reason that makes the case unsupported on this host (a missing
 * constant, a value out of range). */
int cf_resolve_case(const json_t *kase, const cf_hello *hello, cf_resolved *out,
                    char **why);

void cf_resolved_free(cf_resolved *r);

/* Evaluates one expression for HELLO: 0, or -1 with *WHY malloc'd. */
int cf_resolve_expr(const char *expr, const cf_hello *hello, __int128 *out,
                    char **why);

#endif /* MML_CONFORM_RESOLVE_H */
