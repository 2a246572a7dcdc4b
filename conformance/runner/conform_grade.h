/* conform_grade.h - grading a host's record against the golden record
 * (INTERPRETING.md 8). */
#ifndef MML_CONFORM_GRADE_H
#define MML_CONFORM_GRADE_H

#include <jansson.h>

/* The levels, in the order they are compared. */
typedef enum {
  CF_LEVEL_OUTCOME,
  CF_LEVEL_TYPE,
  CF_LEVEL_VALUE,
  CF_LEVEL_MESSAGE,
  CF_LEVEL_FILE,
  CF_NLEVELS
} cf_level;

typedef enum {
  CF_GRADE_PASS,
  CF_GRADE_FAIL,      /* differs at LEVEL */
  CF_GRADE_REF_CRASH, /* the reference crashed, the host did not */
  CF_GRADE_SKIP       /* an "unsupported" result on either side */
} cf_grade_kind;

typedef struct cf_grade {
  cf_grade_kind kind;
  cf_level level; /* for CF_GRADE_FAIL */
  char *detail;   /* the first difference, or why skipped (malloc'd) */
} cf_grade;

/* "outcome", "type", "value", "message", "file". */
const char *cf_level_name(cf_level level);

/* The level named NAME, or -1. */
int cf_level_parse(const char *name);

/* Grades ACTUAL against GOLDEN (records as in 7). OPS, the case's ops
 * (may be NULL), only names the op in the detail. */
void cf_grade_records(const json_t *golden, const json_t *actual,
                      const json_t *ops, cf_grade *g);

void cf_grade_clear(cf_grade *g);

#endif /* MML_CONFORM_GRADE_H */
