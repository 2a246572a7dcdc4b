/* conform_expect.h - a host's expectations file (INTERPRETING.md 9):
 * known differences against one golden, each pinned to the exact record
 * the host produced, so that the list cannot go stale. */
#ifndef MML_CONFORM_EXPECT_H
#define MML_CONFORM_EXPECT_H

#include "conform_grade.h"

#include <jansson.h>
#include <stddef.h>

/* What an entry of a classed file (a host on another platform graded
 * against a Linux golden, INTERPRETING.md 9.1) says about its case. */
typedef enum {
  CF_CLASS_NONE,         /* a plain entry: no class */
  CF_CLASS_DIFFERENCE,   /* an explained difference ("kind": "windows") */
  CF_CLASS_WINE,         /* Wine differs from Windows ("kind": "wine") */
  CF_CLASS_NEEDS_GOLDEN, /* the result cannot be derived from the golden
                            ("kind": "needs-golden") */
  CF_CLASS_DERIVED,      /* the case has no golden record; DERIVED is the
                            expected one ("kind": "derived") */
  CF_CLASS_VERSION,      /* a port of a later CPython graded against an
                            earlier golden: CPython itself changed (the
                            reason cites the CPython issue or commit) */
  CF_CLASS_PORT          /* the port differs from CPython on its platform
                            (Pyodide's Emscripten layer, "kind": "port") */
} cf_class_kind;

/* "windows", "wine", "needs-golden", "derived", "version", "port"; "" for
 * CF_CLASS_NONE. */
const char *cf_class_kind_name(cf_class_kind kind);

typedef struct cf_expect_entry {
  const char *id, *reason; /* borrowed from the file's JSON */
  int level;               /* a cf_level; -1 for needs-golden and derived */
  const json_t *actual;    /* the pinned record, or a list of them */
  const char *klass;       /* the class's name, or NULL */
  cf_class_kind kind;
  const json_t *derived; /* CF_CLASS_DERIVED: the expected record */
  char *owned;           /* REASON when composed here (class + note) */
} cf_expect_entry;

typedef struct cf_expect {
  char *path;
  json_t *json;
  const char *golden;   /* the golden it was made against */
  const char *platform; /* the host's platform it is for, or NULL (any) */
  cf_expect_entry *entries;
  size_t n;
} cf_expect;

/* Loads and validates PATH. 0, or -1 after one error line. */
int cf_expect_load(const char *path, cf_expect *e);

void cf_expect_free(cf_expect *e);

/* The reason of class NAME in E ("" if none). */
const char *cf_expect_class_reason(const cf_expect *e, const char *name);

/* The entry of case ID, or NULL. */
const cf_expect_entry *cf_expect_find(const cf_expect *e, const char *id);

/* What an expectation does to a grade. */
typedef enum {
  CF_EXPECT_NONE,        /* no entry: the grade stands */
  CF_EXPECT_MATCHED,     /* an expected failure */
  CF_EXPECT_PASSES,      /* listed, but now passes: fails the run */
  CF_EXPECT_CHANGED,     /* listed, but the record differs from the pin */
  CF_EXPECT_NOT_FAIL,    /* listed, but graded reference-crash */
  CF_EXPECT_NEEDS_GOLDEN /* the pinned record of a needs-golden case */
} cf_expect_verdict;

/* Applies ENTRY (may be NULL) to grade G of record ACTUAL. A skipped case
 * gets CF_EXPECT_NONE: there is nothing to compare. A derived entry's case
 * was graded against its record already: CF_EXPECT_NONE. A needs-golden
 * entry gives CF_EXPECT_NEEDS_GOLDEN whatever the grade when ACTUAL is its
 * pinned record, else CF_EXPECT_CHANGED. */
cf_expect_verdict cf_expect_apply(const cf_expect_entry *entry,
                                  const cf_grade *g, const json_t *actual);

#endif /* MML_CONFORM_EXPECT_H */
