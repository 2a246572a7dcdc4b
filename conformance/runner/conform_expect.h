/* conform_expect.h - a host's expectations file (INTERPRETING.md 9):
 * known differences against one golden, each pinned to the exact record
 * the host produced, so that the list cannot go stale. */
#ifndef MML_CONFORM_EXPECT_H
#define MML_CONFORM_EXPECT_H

#include "conform_grade.h"

#include <jansson.h>
#include <stddef.h>

typedef struct cf_expect_entry {
  const char *id, *reason; /* borrowed from the file's JSON */
  int level;               /* a cf_level */
  const json_t *actual;    /* the pinned record, or a list of them */
} cf_expect_entry;

typedef struct cf_expect {
  char *path;
  json_t *json;
  const char *golden; /* the golden it was made against */
  cf_expect_entry *entries;
  size_t n;
} cf_expect;

/* Loads and validates PATH. 0, or -1 after one error line. */
int cf_expect_load(const char *path, cf_expect *e);

void cf_expect_free(cf_expect *e);

/* The entry of case ID, or NULL. */
const cf_expect_entry *cf_expect_find(const cf_expect *e, const char *id);

/* What an expectation does to a grade. */
typedef enum {
  CF_EXPECT_NONE,    /* no entry: the grade stands */
  CF_EXPECT_MATCHED, /* an expected failure */
  CF_EXPECT_PASSES,  /* listed, but now passes: fails the run */
  CF_EXPECT_CHANGED, /* listed, but the record differs from the pin */
  CF_EXPECT_NOT_FAIL /* listed, but graded reference-crash */
} cf_expect_verdict;

/* Applies ENTRY (may be NULL) to grade G of record ACTUAL. A skipped case
 * gets CF_EXPECT_NONE: there is nothing to compare. */
cf_expect_verdict cf_expect_apply(const cf_expect_entry *entry,
                                  const cf_grade *g, const json_t *actual);

#endif /* MML_CONFORM_EXPECT_H */
