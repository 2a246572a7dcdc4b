/* gen_area_search.c - areas find and rfind: needles x (start, end) bounds,
 * the default start (the position), empty needles past the end
 * (gh-151021), end < start, huge and negative bounds, wrong types. */
#include "gen_areas.h"

#include "gen_fixture.h"
#include "gen_matrix.h"

#include <stdio.h>

/* Needles: empty, found several times, found once at the end, absent,
 * the whole content, longer than the map, other buffer types, the map. */
static const char *const needles_all[] = {
    "t:",        "t:a",   "t:abc",          "t:foo",  "t:!!!",
    "t:\n\n",    "t:zzz", "t:" GEN_CONTENT, "p:$L+1", "ba:616263",
    "mv:616263", "r:m",   "s:abc",          NULL};

static const char *const needles_bounds[] = {"t:", "t:abc", "t:foo", NULL};

/* (start[, end]) forms, appended to the needle. */
static const char *const bounds[] = {"i:0",
                                     "i:1",
                                     "i:4",
                                     "i:-1",
                                     "i:-3",
                                     "i:-$L",
                                     "i:-$L-1",
                                     "i:$L",
                                     "i:$L+1",
                                     "i:MAXSIZE",
                                     "i:-MAXSIZE-1",
                                     "i:2**63",
                                     "i:2**64",
                                     "i:0;i:3",
                                     "i:0;i:2",
                                     "i:1;i:6",
                                     "i:0;i:-1",
                                     "i:0;i:-$L-1",
                                     "i:5;i:2",
                                     "i:$L;i:$L",
                                     "i:$L+1;i:$L+2",
                                     "i:0;i:MAXSIZE",
                                     "i:-MAXSIZE-1;i:MAXSIZE",
                                     "i:0;i:2**63",
                                     "i:0;i:-2**63-1",
                                     "f:0.0",
                                     "s:0",
                                     "i:0;f:3.0",
                                     NULL};

static void one(gen_ctx *ctx, const char *area, const char *fx_name,
                gen_state st, const char *needle, const char *rest,
                unsigned flags) {
  char args[256];
  gen_row row = {args, NULL, flags};
  snprintf(args, sizeof args, "%s%s%s", needle, rest[0] ? ";" : "", rest);
  gen_call_case(ctx, area, gen_fixture_get(fx_name), st, area, &row);
}

static void area(gen_ctx *ctx, const char *name) {
  static const char *const reps[] = {"anon",      "file",   "file.read",
                                     "file.copy", "offset", NULL};
  static const char *const resizable[] = {"anon.private", "file", "offset",
                                          NULL};
  const char *const *n, *const *b, *const *f;
  for (n = needles_bounds; *n; n++)
    for (b = bounds; *b; b++)
      one(ctx, name, "file", ST_FRESH, *n, *b, 0);
  for (b = bounds; *b; b++)
    one(ctx, name, "offset", ST_FRESH, "t:abc", *b, 0);
  for (f = reps; *f; f++) {
    for (n = needles_all; *n; n++)
      one(ctx, name, *f, ST_FRESH, *n, "", 0);
    /* The default start is the position, for find and rfind alike. */
    for (n = needles_bounds; *n; n++)
      one(ctx, name, *f, ST_MID, *n, "", 0);
  }
  for (f = resizable; *f; f++) {
    one(ctx, name, *f, ST_SHRUNK, "t:", "", 0);
    one(ctx, name, *f, ST_SHRUNK, "t:a", "", 0);
    one(ctx, name, *f, ST_SHRUNK, "t:a", "i:0", 0);
    one(ctx, name, *f, ST_GROWN, "b:0000", "", 0);
    one(ctx, name, *f, ST_GROWN, "b:2100", "", 0);
  }
  one(ctx, name, "anon.read", ST_FRESH, "b:00", "", 0);
  one(ctx, name, "anon.read", ST_FRESH, "t:a", "", 0);
  one(ctx, name, "file.page", ST_FRESH, "t:xyz", "i:PAGESIZE-2", 0);
  one(ctx, name, "file.page", ST_FRESH, "t:fo", "i:-2", 0);
  /* Python-level argument handling. */
  one(ctx, name, "file", ST_FRESH, "i:97", "", GR_PY);
  one(ctx, name, "file", ST_FRESH, "n", "", GR_PY);
  one(ctx, name, "file", ST_FRESH, "t:abc", "n", GR_PY);
  one(ctx, name, "file", ST_FRESH, "t:abc", "i:0;n", GR_PY);
  one(ctx, name, "file", ST_FRESH, "t:abc", "n;n", GR_PY);
  one(ctx, name, "file", ST_FRESH, "", "", GR_ARITY);
  one(ctx, name, "file", ST_FRESH, "t:abc", "i:0;i:1;i:2", GR_ARITY);
  gen_call_case(ctx, name, gen_fixture_get("file"), ST_FRESH, name,
                &(gen_row){"t:abc", "start=i:1", 0});
}

void gen_areas_search(gen_ctx *ctx) {
  area(ctx, "find");
  area(ctx, "rfind");
}
