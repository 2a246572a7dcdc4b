/* conform_report.h - the outcome of a run (INTERPRETING.md 10): one row
 * per case, and the writers of report.json, summary.md, junit.xml and the
 * suggested expectations file. */
#ifndef MML_CONFORM_REPORT_H
#define MML_CONFORM_REPORT_H

#include "conform_grade.h"

#include <jansson.h>
#include <stddef.h>

typedef enum {
  CF_ROW_PASS,
  CF_ROW_FAIL,
  CF_ROW_EXPECTED,
  CF_ROW_REF_CRASH,
  CF_ROW_SKIP,
  CF_ROW_NEEDS_GOLDEN, /* the result cannot be derived from this golden */
  CF_NROWKINDS
} cf_row_grade;

/* The level of a failure of the expectations list itself (a listed case
 * that now passes, or is not in the corpus). */
#define CF_LEVEL_EXPECTATION CF_NLEVELS

typedef struct cf_row {
  char *id, *area;
  const char *title; /* borrowed from the corpus, may be NULL */
  cf_row_grade grade;
  int level;              /* cf_level or CF_LEVEL_EXPECTATION; -1 if none */
  char *detail;           /* the difference, or why skipped */
  json_t *golden;         /* the golden record, or NULL */
  json_t *actual;         /* the host's record, or NULL */
  char *stderr_text;      /* the host's stderr during the case, or NULL */
  const char *reason;     /* the expectation's reason (borrowed), or NULL */
  const char *klass;      /* the expectation's class (borrowed), or NULL */
  const char *class_kind; /* its kind's name (conform_expect.h), or NULL */
  int derived;            /* GOLDEN is a derived record of the expectations */
  cf_note note;           /* a passed case's note (conform_grade.h) */
  char *note_detail;      /* what the note is about, or NULL */
} cf_row;

typedef struct cf_report {
  cf_row *rows;
  size_t n, cap;
  const json_t *hello; /* the host's hello (borrowed) */
  const char *host_cmd, *golden_name, *expect_path;
  const char *derived_golden; /* the golden derived for the host's page
                                 size that graded it, or NULL */
  const char *emulator;       /* --emulator, or NULL */
  double seconds;
  unsigned host_starts;
} cf_report;

/* Appends a zeroed row for ID (level -1) and returns it. */
cf_row *cf_report_add(cf_report *r, const char *id);

void cf_report_free(cf_report *r);

/* "pass", "fail", "expected", "reference-crash", "skip",
 * "needs-golden". */
const char *cf_row_grade_name(cf_row_grade g);

/* A level name, "expectation" included; "" for -1. */
const char *cf_row_level_name(int level);

/* Counts per grade and, for CF_ROW_FAIL rows, per level. */
void cf_report_count(const cf_report *r, size_t by_grade[CF_NROWKINDS],
                     size_t by_level[CF_NLEVELS + 1]);

/* Passed cases per note (BY_NOTE[CF_NOTE_NONE] counts those without). */
void cf_report_count_notes(const cf_report *r, size_t by_note[CF_NNOTES]);

/* The classes of the expected and needs-golden rows, sorted by name, with
 * their counts: {"CLASS": N, ...} (a new reference; empty without
 * classes). */
json_t *cf_report_classes(const cf_report *r);

/* The kind of each class of the expected and needs-golden rows, with the
 * count of its rows: {"version": N, "port": N, ...} (a new reference). */
json_t *cf_report_class_kinds(const cf_report *r);

/* The kind of class NAME in R's rows (borrowed), or "". */
const char *cf_report_kind_of(const cf_report *r, const char *name);

/* Each writes one file (cf_write_file): 0, or -1 after cf_error. */
int cf_report_write_json(const cf_report *r, const char *path);
int cf_report_write_summary(const cf_report *r, const char *path);
int cf_report_write_junit(const cf_report *r, const char *path);

/* An expectations file (9) that would make this run pass: the matched
 * entries as they are, plus every unexpected failure with a first reason
 * that states its class (the level, or "crash") and its first difference,
 * for a reviewer to extend with the why. */
int cf_report_write_suggested(const cf_report *r, const char *path);

#endif /* MML_CONFORM_REPORT_H */
