/* gate_paths.c - the gate's files checked before any work
 * (gate_paths.h). */
#include "gate_paths.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ut_output.h"
#include "ut_path.h"

/* The last component of PATH (PATH itself when it has no '/'). */
static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash != NULL ? slash + 1 : path;
}

/* 1 if A and B name the same file: the same device and inode, or, when
 * neither exists yet, the same name in the same directory. */
static int same_target(const char *a, const char *b) {
  struct stat st;
  char *da, *db;
  int same;
  if (ut_same_file(a, b))
    return 1;
  if (stat(a, &st) == 0 || stat(b, &st) == 0)
    return 0;
  if (strcmp(base_name(a), base_name(b)) != 0)
    return 0;
  da = ut_dirname(a);
  db = ut_dirname(b);
  same = da != NULL && db != NULL && ut_same_file(da, db);
  free(da);
  free(db);
  return same;
}

typedef struct named {
  const char *opt, *path;
} named;

/* The inputs of O into IN (room for 32): every --baseline (unless it is
 * --save-baseline's output) and every --current, or --ab's OLD and NEW.
 * Returns the count. */
static size_t inputs(const gate_opts *o, named *in) {
  size_t n = 0;
  if (o->ab_old != NULL) { /* the two builds' programs, when files */
    in[n++] = (named){"--ab", o->ab_old};
    in[n++] = (named){"--ab", o->ab_new};
    return n;
  }
  if (!o->save_baseline)
    in[n++] = (named){"--baseline", o->baseline};
  for (size_t i = 0; i < o->nmore_base; i++)
    in[n++] = (named){"--baseline", o->more_base[i]};
  in[n++] = (named){"--current", o->current};
  for (size_t i = 0; i < o->nmore_cur; i++)
    in[n++] = (named){"--current", o->more_cur[i]};
  return n;
}

/* The outputs of O into OUT (room for 3). Returns the count. */
static size_t outputs(const gate_opts *o, named *out) {
  size_t n = 0;
  if (o->save_baseline)
    out[n++] = (named){"--baseline", o->baseline};
  if (o->markdown != NULL)
    out[n++] = (named){"--markdown", o->markdown};
  if (o->json != NULL)
    out[n++] = (named){"--json", o->json};
  if (o->junit != NULL)
    out[n++] = (named){"--junit", o->junit};
  return n;
}

int gate_check_paths(const gate_opts *o, char *err, size_t len) {
  named in[32], out[3];
  const size_t nin = inputs(o, in), nout = outputs(o, out);
  for (size_t i = 0; i < nout; i++)
    if (ut_output_check(out[i].path, err, len) != 0)
      return -1;
  for (size_t i = 0; i < nout; i++)
    for (size_t j = 0; j < nin; j++)
      if (same_target(out[i].path, in[j].path)) {
        snprintf(err, len,
                 "%s %s is the same file as %s %s: an output must not "
                 "replace an input",
                 out[i].opt, out[i].path, in[j].opt, in[j].path);
        return -1;
      }
  for (size_t i = 0; i < nout; i++)
    for (size_t j = i + 1; j < nout; j++)
      if (same_target(out[i].path, out[j].path) &&
          !(ut_output_writes_in_place(out[i].path) &&
            ut_output_writes_in_place(out[j].path))) {
        snprintf(err, len,
                 "%s %s is the same file as %s %s: one output would replace "
                 "the other",
                 out[i].opt, out[i].path, out[j].opt, out[j].path);
        return -1;
      }
  return 0;
}
