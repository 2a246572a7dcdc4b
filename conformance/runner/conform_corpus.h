/* conform_corpus.h - loading the corpus (INTERPRETING.md 3): every *.json
 * under a directory, recursively, in sorted path order. */
#ifndef MML_CONFORM_CORPUS_H
#define MML_CONFORM_CORPUS_H

#include <jansson.h>
#include <stddef.h>

typedef struct cf_case {
  json_t *json;           /* the case object, borrowed from its file */
  const char *id, *title; /* borrowed from JSON */
  char *area;             /* the id up to its first '/' */
  const char *path;       /* the corpus file, borrowed from the corpus */
  char sha[65];           /* sha256 of the canonical JSON (7) */
} cf_case;

typedef struct cf_corpus {
  cf_case *cases;
  size_t n;
  json_t **roots; /* one parsed document per loaded file */
  size_t nroots;
  char **paths; /* every corpus file */
  size_t npaths;
} cf_corpus;

/* Loads and validates every corpus file under DIR. Returns 0, or -1 after
 * one error line naming the file and the case. */
int cf_corpus_load(const char *dir, cf_corpus *out);

/* Validates the parsed corpus file ROOT (stolen: freed with C) and adds
 * its cases to C; PATH names it in messages and in the cases (copied).
 * Returns 0, or -1 after one error line. What cf_corpus_load does per
 * file, for a document already in memory (the fuzz target conform_case). */
int cf_corpus_add_doc(cf_corpus *c, json_t *root, const char *path);

/* Fails on the first id used twice in C, naming both files: 0, or -1
 * after one error line. */
int cf_corpus_check_ids(const cf_corpus *c);

void cf_corpus_free(cf_corpus *c);

/* The case with ID, or NULL. */
const cf_case *cf_corpus_find(const cf_corpus *c, const char *id);

/* Whether case C is selected by FILTERS (N globs matched against the id,
 * or "tag:GLOB" against each tag); every case when N is 0. */
int cf_case_selected(const cf_case *c, char *const *filters, size_t n);

/* The canonical JSON text of a case: sorted keys, compact. Free it. */
char *cf_case_canonical(const json_t *kase);

#endif /* MML_CONFORM_CORPUS_H */
