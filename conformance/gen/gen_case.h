/* gen_case.h - building conformance cases (INTERPRETING.md section 3) in
 * memory, one area at a time, and writing them out deterministically.
 *
 * A generator run collects every case in a gen_ctx; nothing is written until
 * all areas are built, so a failure never leaves partial output. Programming
 * errors in the tables (a malformed value spec, a duplicate id) are fatal:
 * gen_fail() prints one line and exits with status 1.
 */
#ifndef MML_GEN_CASE_H
#define MML_GEN_CASE_H

#include <jansson.h>

/* All areas built so far: area name -> {"format": 1, "cases": [...]}, plus
 * the set of ids seen (to refuse duplicates). */
typedef struct gen_ctx {
  json_t *areas; /* object: area -> array of cases, in creation order */
  json_t *ids;   /* object used as a set of case ids */
} gen_ctx;

/* One case under construction. The fields are assembled into the case
 * object in a fixed key order by gc_done(). */
typedef struct gcase {
  char id[160];
  char title[240];
  json_t *tags;     /* array of strings, no duplicates */
  json_t *features; /* array of requires.features */
  char python[32];  /* requires.python, "" if none */
  int linux_only;   /* requires.platforms = ["linux"] */
  int isolate;
  json_t *files; /* object */
  json_t *ops;   /* array */
  /* The current mapping length expression: "$L" in value specs resolves to
   * it (see gen_value.h). Set by the fixture, changed by resizing states. */
  char len[64];
} gcase;

/* Prints "mmaplab-gen-cases: <message>" and exits with status 1. */
_Noreturn void gen_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Aborts on a NULL from jansson (allocation failure). */
json_t *gen_check(json_t *v);

void gen_ctx_init(gen_ctx *ctx);
void gen_ctx_free(gen_ctx *ctx);

/* Starts a case. ID is printf-formatted; its area is the part before the
 * first '/'. The title is set with gc_title. */
void gc_begin(gcase *c, const char *id_fmt, ...)
    __attribute__((format(printf, 2, 3)));
void gc_title(gcase *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds a tag (ignored if already present) / a required feature. */
void gc_tag(gcase *c, const char *tag);
void gc_feature(gcase *c, const char *feature);

/* requires.python (a constraint such as ">=3.13"); later calls replace. */
void gc_python(gcase *c, const char *constraint);

/* Marks the case as a reference crash: tag "crash", "isolate": true,
 * platforms ["linux"] (where the crashes were observed). */
void gc_crash(gcase *c);

/* Files: {"text": TEXT}, {"fill": FILL, "size": SIZE}, {"dir": true}. */
void gc_file_text(gcase *c, const char *name, const char *text);
void gc_file_fill(gcase *c, const char *name, const char *fill,
                  const char *size_expr);
void gc_file_dir(gcase *c, const char *name);

/* Appends an operation (stolen). */
void gc_op(gcase *c, json_t *op);

/* Validates the case, appends it to its area in CTX and frees C's parts. */
void gc_done(gen_ctx *ctx, gcase *c);

/* Writes every area to DIR/<area>.json (via a temporary file and rename).
 * Returns 0, or -1 after printing why. */
int gen_write_all(const gen_ctx *ctx, const char *dir);

#endif /* MML_GEN_CASE_H */
