/* conform_golden.h - golden files (INTERPRETING.md 7): one directory per
 * reference version, one file per area:
 *
 *   {"cases": {"ID": RECORD, ...}, "format": 1, "hello": HELLO}
 *
 * written with sorted keys and one case per line, so that regenerating an
 * unchanged golden is byte-identical and a changed case is a one-line
 * diff. */
#ifndef MML_CONFORM_GOLDEN_H
#define MML_CONFORM_GOLDEN_H

#include <jansson.h>
#include <stddef.h>

typedef struct cf_golden {
  char *dir;
  char *name;      /* the directory's last component, e.g. cpython-3.13.0 */
  json_t *hello;   /* the reference's hello */
  json_t *records; /* id -> record, every area merged */
  int ver[3];      /* the reference's version */
  long long pagesize;
} cf_golden;

/* Loads every *.json of DIR. Returns 0, or -1 after one error line. */
int cf_golden_load(const char *dir, cf_golden *g);

/* Adds the records of one parsed area file ROOT (stolen) to G, checking
 * its shape and that its hello is the other files' (PATH names it in
 * messages; G->dir must be set). What cf_golden_load does per file, for a
 * document already in memory (the fuzz target conform_golden). Returns 0,
 * or -1 after one error line. */
int cf_golden_add_area(cf_golden *g, json_t *root, const char *path);

/* Takes the version and page size from G's hello: 0, or -1 after one
 * error line. */
int cf_golden_check_hello(cf_golden *g);

void cf_golden_free(cf_golden *g);

/* Checks the shape of a record. 0, or -1 with WHY. */
int cf_record_valid(const json_t *record, char *why, size_t whylen);

/* The text of one area file. Free it. */
char *cf_golden_area_text(const json_t *hello, const json_t *records);

/* Writes RECORDS (id -> record) into DIR as one file per area and removes
 * the other *.json files of DIR. Returns 0 or -1 after cf_error. */
int cf_golden_write(const char *dir, const json_t *hello,
                    const json_t *records);

/* The area of an id, malloc'd. */
char *cf_area_of(const char *id);

#endif /* MML_CONFORM_GOLDEN_H */
