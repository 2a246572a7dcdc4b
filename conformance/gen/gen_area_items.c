/* gen_area_items.c - areas getitem, setitem, delitem and slice: indices at
 * and around every bound, index overflow, bad key and value types (note
 * "integers" for reads, "integer" for writes), slice steps, extended and
 * wrong-size slice assignment, read-only maps (readonly error first). */
#include "gen_areas.h"

#include "gen_matrix.h"

#define OBS GR_BYTES

static const char *const reps[] = {"anon",      "file",   "file.read",
                                   "file.copy", "offset", NULL};
static const char *const writable[] = {"anon", "file", "file.copy", "offset",
                                       NULL};
static const char *const readonly[] = {"file.read", "anon.read", NULL};

/* Runs KEYS (NULL-terminated) x VALUES on each named fixture. */
static void items(gen_ctx *ctx, const char *area, const char *const *fxs,
                  gen_state st, const char *op, const char *const *keys,
                  const char *const *values, unsigned flags) {
  for (; *fxs; fxs++) {
    const gen_fixture *fx = gen_fixture_get(*fxs);
    const char *const *k, *const *v;
    if (!st_applies(fx, st))
      continue;
    for (k = keys; *k; k++) {
      if (values == NULL) {
        gen_item_case(ctx, area, fx, st, op, *k, NULL, flags);
        continue;
      }
      for (v = values; *v; v++)
        gen_item_case(ctx, area, fx, st, op, *k, *v, flags);
    }
  }
}

static const char *const int_keys[] = {
    "i:0",        "i:1",        "i:$L-1",  "i:$L",      "i:$L+1",
    "i:-1",       "i:-$L",      "i:-$L-1", "i:MAXSIZE", "i:-MAXSIZE-1",
    "i:2**63",    "i:-2**63-1", "i:2**64", "f:0.0",     "s:0",
    "tu:i:0,i:1", "li:i:0",     "E",       NULL};
/* Keys only Python can express (the runner cannot tell). */
static const char *const py_keys[] = {"T", "F", "n", "b:00", NULL};

static void area_getitem(gen_ctx *ctx) {
  static const char *const others[] = {
      "anon.private", "anon.write",   "anon.copy",    "anon.prot-r",
      "anon.prot-w",  "file.write",   "file.prot-r",  "file.prot-rx",
      "file.prot-w",  "file.private", "file.rofd",    "file.rofd-copy",
      "file.notrack", "offset.read",  "anon.notrack", NULL};
  static const char *const core[] = {"i:0", "i:-1", "i:$L", NULL};
  static const char *const resized[] = {"i:$L-1", "i:$L", "i:-1", NULL};
  static const char *const grow_fx[] = {"anon.private", "file", "offset", NULL};
  items(ctx, "getitem", reps, ST_FRESH, "getitem", int_keys, NULL, 0);
  items(ctx, "getitem", reps, ST_FRESH, "getitem", py_keys, NULL, GR_PY);
  items(ctx, "getitem", others, ST_FRESH, "getitem", core, NULL, 0);
  items(ctx, "getitem", grow_fx, ST_SHRUNK, "getitem", resized, NULL, 0);
  items(ctx, "getitem", grow_fx, ST_GROWN, "getitem", resized, NULL, 0);
  items(ctx, "getitem", (const char *const[]){"file.page", NULL}, ST_FRESH,
        "getitem", (const char *const[]){"i:PAGESIZE", "i:-PAGESIZE-1", NULL},
        NULL, 0);
}

static void area_setitem(gen_ctx *ctx) {
  static const char *const keys[] = {
      "i:0",     "i:$L-1",    "i:$L",    "i:-1",       "i:-$L",
      "i:-$L-1", "i:MAXSIZE", "i:2**63", "i:-2**63-1", NULL};
  static const char *const values[] = {"i:0",     "i:255",   "i:256", "i:-1",
                                       "i:2**63", "i:2**70", "s:a",   "f:1.0",
                                       "ba:61",   NULL};
  static const char *const py_values[] = {"T", "b:61", "n", NULL};
  static const char *const bad_keys[] = {"f:0.0", "s:0",    "tu:i:0,i:1",
                                         "E",     "li:i:0", NULL};
  static const char *const all_small[] = {
      "anon.private", "anon.write",   "anon.copy",    "anon.prot-r",
      "anon.prot-w",  "file.write",   "file.prot-r",  "file.prot-rx",
      "file.prot-w",  "file.private", "file.rofd",    "file.rofd-copy",
      "file.notrack", "offset.read",  "anon.notrack", NULL};
  /* Every key with a good value, every value at index 0. */
  items(ctx, "setitem", reps, ST_FRESH, "setitem", keys,
        (const char *const[]){"i:65", NULL}, OBS);
  items(ctx, "setitem", reps, ST_FRESH, "setitem",
        (const char *const[]){"i:0", NULL}, values, OBS);
  items(ctx, "setitem", reps, ST_FRESH, "setitem",
        (const char *const[]){"i:0", NULL}, py_values, OBS | GR_PY);
  /* Which error wins: the index (IndexError) before the value type. */
  items(ctx, "setitem", writable, ST_FRESH, "setitem",
        (const char *const[]){"i:$L", "i:2**63", NULL},
        (const char *const[]){"s:a", "i:256", NULL}, OBS);
  items(ctx, "setitem", writable, ST_FRESH, "setitem", bad_keys,
        (const char *const[]){"i:65", NULL}, OBS);
  items(ctx, "setitem", writable, ST_FRESH, "setitem",
        (const char *const[]){"n", "T", "b:00", NULL},
        (const char *const[]){"i:65", NULL}, OBS | GR_PY);
  items(ctx, "setitem", all_small, ST_FRESH, "setitem",
        (const char *const[]){"i:0", "i:$L", NULL},
        (const char *const[]){"i:65", "i:256", NULL}, OBS);
  /* Read-only maps refuse before looking at the key or the value. */
  items(ctx, "setitem", readonly, ST_FRESH, "setitem", bad_keys,
        (const char *const[]){"i:65", "s:a", NULL}, OBS);
  items(ctx, "setitem", readonly, ST_FRESH, "setitem",
        (const char *const[]){"i:$L", "i:2**63", NULL},
        (const char *const[]){"i:300", "s:a", NULL}, OBS);
  items(ctx, "setitem",
        (const char *const[]){"anon.private", "file", "offset", NULL},
        ST_SHRUNK, "setitem", (const char *const[]){"i:$L-1", "i:$L", NULL},
        (const char *const[]){"i:65", NULL}, OBS);
  items(ctx, "setitem",
        (const char *const[]){"anon.private", "file", "offset", NULL}, ST_GROWN,
        "setitem", (const char *const[]){"i:$L-1", "i:$L", NULL},
        (const char *const[]){"i:65", NULL}, OBS);
}

static void area_delitem(gen_ctx *ctx) {
  static const char *const keys[] = {
      "i:0",         "i:-1",     "i:$L",     "i:2**63", "s:a", "f:0.0",
      "sl:i:0,i:2,", "sl:,,i:2", "sl:,,i:0", "E",       NULL};
  static const char *const fxs[] = {
      "anon", "file", "file.read", "anon.read", "offset", "file.copy", NULL};
  items(ctx, "delitem", fxs, ST_FRESH, "delitem", keys, NULL, OBS);
  items(ctx, "delitem", fxs, ST_FRESH, "delitem",
        (const char *const[]){"n", "T", NULL}, NULL, OBS | GR_PY);
}

static const char *const slices[] = {"sl:,,",
                                     "sl:i:1,i:5,",
                                     "sl:i:-5,,",
                                     "sl:,i:-5,",
                                     "sl:i:5,i:1,",
                                     "sl:i:$L,,",
                                     "sl:i:$L+1,,",
                                     "sl:i:-$L-1,,",
                                     "sl:i:0,i:2**70,",
                                     "sl:i:-2**70,i:2**70,",
                                     "sl:,,i:2",
                                     "sl:,,i:-1",
                                     "sl:,,i:-3",
                                     "sl:i:1,i:10,i:3",
                                     "sl:i:10,i:1,i:-2",
                                     "sl:,,i:0",
                                     "sl:,,i:2**70",
                                     "sl:,,i:-2**70",
                                     "sl:i:$L-1,i:-$L-1,i:-1",
                                     "sl:i:MAXSIZE,i:-MAXSIZE-1,i:-1",
                                     "sl:i:5,i:5,",
                                     "sl:s:a,,",
                                     "sl:,f:1.0,",
                                     "sl:,,s:1",
                                     NULL};

/* Slice assignments: key and value, exact or wrong sizes. */
static const struct {
  const char *key, *value;
} assigns[] = {{"sl:i:0,i:3,", "t:XYZ"},
               {"sl:i:0,i:3,", "ba:58595a"},
               {"sl:i:0,i:3,", "mv:58595a"},
               {"sl:i:0,i:3,", "t:XY"},
               {"sl:i:0,i:3,", "t:XYZW"},
               {"sl:i:0,i:3,", "li:i:1,i:2,i:3"},
               {"sl:i:0,i:3,", "s:XYZ"},
               {"sl:,,", "r:m"},
               {"sl:,,", "p:$L"},
               {"sl:,,", "p:$L+1"},
               {"sl:i:-3,,", "t:XYZ"},
               {"sl:i:$L-1,i:$L+5,", "t:X"},
               {"sl:i:$L,,", "t:"},
               {"sl:i:$L,,", "t:X"},
               {"sl:i:5,i:5,", "t:"},
               {"sl:i:5,i:5,", "t:a"},
               {"sl:i:5,i:1,", "t:"},
               {"sl:,,i:2", "z:32"},
               {"sl:,,i:2", "z:31"},
               {"sl:,,i:-1", "p:$L"},
               {"sl:i:1,i:10,i:3", "t:XYZ"},
               {"sl:i:10,i:1,i:-3", "t:XYZ"},
               {"sl:,,i:0", "t:"},
               {"sl:i:0,i:2**70,", "p:$L"},
               {"sl:s:a,,", "t:"},
               {NULL, NULL}};

static void area_slice(gen_ctx *ctx) {
  static const char *const getters[] = {"anon", "file", "offset", "anon.read",
                                        NULL};
  static const char *const setters[] = {"anon",   "file",      "file.copy",
                                        "offset", "file.read", NULL};
  size_t i;
  items(ctx, "slice", getters, ST_FRESH, "getitem", slices, NULL, GR_METHOD);
  items(ctx, "slice", (const char *const[]){"file", NULL}, ST_SHRUNK, "getitem",
        (const char *const[]){"sl:,,", "sl:i:-5,,", NULL}, NULL, GR_METHOD);
  items(ctx, "slice", (const char *const[]){"file", NULL}, ST_GROWN, "getitem",
        (const char *const[]){"sl:i:60,i:70,", "sl:,,i:-50", NULL}, NULL,
        GR_METHOD);
  for (i = 0; assigns[i].key != NULL; i++) {
    items(ctx, "slice", setters, ST_FRESH, "setitem",
          (const char *const[]){assigns[i].key, NULL},
          (const char *const[]){assigns[i].value, NULL}, GR_METHOD | OBS);
  }
  items(ctx, "slice", setters, ST_FRESH, "setitem",
        (const char *const[]){"sl:i:0,i:1,", NULL},
        (const char *const[]){"i:1", NULL}, GR_METHOD | OBS | GR_PY);
}

void gen_areas_items(gen_ctx *ctx) {
  area_getitem(ctx);
  area_setitem(ctx);
  area_delitem(ctx);
  area_slice(ctx);
}
