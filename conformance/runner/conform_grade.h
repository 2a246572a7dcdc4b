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

/* What a passing grade still wants the reader to know (INTERPRETING.md
 * 8.1): each is a level of its own in the reports. */
typedef enum {
  CF_NOTE_NONE,
  CF_NOTE_ERRNO_NAME, /* an error of the same name under another number */
  CF_NOTE_PAGESIZE,   /* passed against a golden re-derived for the host's
                         page size, whose record differs from the plain one */
  CF_NNOTES
} cf_note;

typedef struct cf_grade {
  cf_grade_kind kind;
  cf_level level;    /* for CF_GRADE_FAIL */
  char *detail;      /* the first difference, or why skipped (malloc'd) */
  cf_note note;      /* for CF_GRADE_PASS */
  char *note_detail; /* what the note is about (malloc'd), or NULL */
} cf_grade;

/* The two sides' errno tables (the hellos' "errnos"; NULL when a hello
 * has none, and then errno numbers must be equal). */
typedef struct cf_grade_env {
  const json_t *golden_errnos, *host_errnos;
} cf_grade_env;

/* "outcome", "type", "value", "message", "file". */
const char *cf_level_name(cf_level level);

/* The level named NAME, or -1. */
int cf_level_parse(const char *name);

/* Grades ACTUAL against GOLDEN (records as in 7). OPS, the case's ops
 * (may be NULL), only names the op in the detail. */
void cf_grade_records(const json_t *golden, const json_t *actual,
                      const json_t *ops, cf_grade *g);

/* As cf_grade_records, but an OSError of the same type whose errno number
 * differs while its name is the same on both sides (ENV) is no failure:
 * the message level is passed with the note CF_NOTE_ERRNO_NAME (its text
 * is the C library's strerror, which differs with the number's owner). */
void cf_grade_records_env(const json_t *golden, const json_t *actual,
                          const json_t *ops, const cf_grade_env *env,
                          cf_grade *g);

/* "errno-name", "pagesize"; "" for CF_NOTE_NONE. */
const char *cf_note_name(cf_note note);

void cf_grade_clear(cf_grade *g);

#endif /* MML_CONFORM_GRADE_H */
