/* gen_area_misc.c - areas sequence (iteration and containment use 1-byte
 * bytes items while m[i] is an int), repr (every kind of map in every
 * state; addresses are normalised by the hosts) and const (every module
 * constant, and names that must be absent). */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_value.h"

#include <stdio.h>

static void seq_case(gen_ctx *ctx, const gen_fixture *fx, gen_state st,
                     const char *what, const char *value, unsigned flags) {
  gcase c;
  char label[80], shown[80];
  if (value != NULL)
    gv_label(label, sizeof label, value, NULL);
  gc_begin(&c, "sequence/%s%s%s/%s%s%s", fx->name, st ? "/" : "", st_name(st),
           what, value ? "." : "", value ? label : "");
  fx_setup(&c, fx);
  st_apply(&c, fx, st);
  if (value != NULL) {
    gv_render(shown, sizeof shown, value, NULL);
    gc_title(&c, "%s in m, on %s%s", shown, fx->desc, st_desc(st));
    gc_op(&c, op_contains(&c, "m", value));
  } else {
    gc_title(&c, "%s(m) on %s%s", what, fx->desc, st_desc(st));
    gc_op(&c, op_named(what, "on", "m"));
  }
  if (flags & GR_PY) {
    gc_tag(&c, "python-args");
    gc_feature(&c, "python-args");
  }
  gc_done(ctx, &c);
}

static void area_sequence(gen_ctx *ctx) {
  static const struct {
    const char *v;
    unsigned flags;
  } values[] = {{"t:a", 0},  {"t:!", 0},      {"t:ab", 0},  {"t:", 0},
                {"b:00", 0}, {"t:z", 0},      {"ba:61", 0}, {"mv:61", 0},
                {"s:a", 0},  {"i:97", GR_PY}, {"n", GR_PY}, {"r:m", 0},
                {NULL, 0}};
  static const char *const fxs[] = {"anon",   "file",      "anon.read",
                                    "offset", "file.copy", NULL};
  const char *const *f;
  size_t i;
  for (f = fxs; *f; f++) {
    const gen_fixture *fx = gen_fixture_get(*f);
    seq_case(ctx, fx, ST_FRESH, "iter", NULL, 0);
    seq_case(ctx, fx, ST_FRESH, "reversed", NULL, 0);
    seq_case(ctx, fx, ST_MID, "iter", NULL, 0);
    for (i = 0; values[i].v != NULL; i++)
      seq_case(ctx, fx, ST_FRESH, "contains", values[i].v, values[i].flags);
  }
  for (f = (const char *const[]){"anon.private", "file", "offset", NULL}; *f;
       f++) {
    const gen_fixture *fx = gen_fixture_get(*f);
    seq_case(ctx, fx, ST_SHRUNK, "iter", NULL, 0);
    seq_case(ctx, fx, ST_SHRUNK, "reversed", NULL, 0);
    seq_case(ctx, fx, ST_GROWN, "reversed", NULL, 0);
    seq_case(ctx, fx, ST_GROWN, "contains", "b:00", 0);
  }
}

/* repr(m) of every map in every state. */
static void area_repr(gen_ctx *ctx) {
  static const int states[] = {ST_FRESH, ST_MID,    ST_END, ST_SHRUNK,
                               ST_GROWN, ST_CLOSED, -1};
  gen_state_cases(ctx, "repr", states, "repr", "repr(m) of",
                  (const char *const[]){"repr", NULL});
}

static void area_const(gen_ctx *ctx) {
  /* Present on Linux (3.8+ unless noted in the spec), then names that are
   * absent here or only exist on other platforms or versions. */
  static const char *const names[] = {"ACCESS_DEFAULT",
                                      "ACCESS_READ",
                                      "ACCESS_WRITE",
                                      "ACCESS_COPY",
                                      "PAGESIZE",
                                      "ALLOCATIONGRANULARITY",
                                      "PROT_READ",
                                      "PROT_WRITE",
                                      "PROT_EXEC",
                                      "MAP_SHARED",
                                      "MAP_PRIVATE",
                                      "MAP_ANON",
                                      "MAP_ANONYMOUS",
                                      "MAP_DENYWRITE",
                                      "MAP_EXECUTABLE",
                                      "MAP_POPULATE",
                                      "MAP_STACK",
                                      "MAP_NORESERVE",
                                      "MAP_32BIT",
                                      "MADV_NORMAL",
                                      "MADV_RANDOM",
                                      "MADV_SEQUENTIAL",
                                      "MADV_WILLNEED",
                                      "MADV_DONTNEED",
                                      "MADV_FREE",
                                      "MADV_REMOVE",
                                      "MADV_DONTFORK",
                                      "MADV_DOFORK",
                                      "MADV_MERGEABLE",
                                      "MADV_UNMERGEABLE",
                                      "MADV_HUGEPAGE",
                                      "MADV_NOHUGEPAGE",
                                      "MADV_DONTDUMP",
                                      "MADV_DODUMP",
                                      "MADV_HWPOISON",
                                      "MADV_SOFT_OFFLINE",
                                      "PROT_NONE",
                                      "MAP_FIXED",
                                      "MAP_HUGETLB",
                                      "MS_SYNC",
                                      "MS_ASYNC",
                                      "MS_INVALIDATE",
                                      "MAP_ALIGNED_SUPER",
                                      "MAP_CONCEAL",
                                      "MAP_JIT",
                                      "MADV_FREE_REUSABLE",
                                      "MADV_NOSYNC",
                                      "MAP_FOO",
                                      NULL};
  const char *const *n;
  char lower[64];
  for (n = names; *n; n++) {
    gcase c;
    size_t i;
    for (i = 0; (*n)[i] && i + 1 < sizeof lower; i++)
      lower[i] = (char)((*n)[i] >= 'A' && (*n)[i] <= 'Z' ? (*n)[i] + 32
                        : (*n)[i] == '_'                 ? '.'
                                                         : (*n)[i]);
    lower[i] = '\0';
    gc_begin(&c, "const/%s", lower);
    gc_title(&c, "mmap.%s", *n);
    gc_op(&c, op_named("const", "name", *n));
    gc_done(ctx, &c);
  }
}

void gen_areas_misc(gen_ctx *ctx) {
  area_sequence(ctx);
  area_repr(ctx);
  area_const(ctx);
}
