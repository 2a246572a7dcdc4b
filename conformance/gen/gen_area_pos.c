/* gen_area_pos.c - areas seek, tell, size: every whence, exact boundaries,
 * overflow of the target, wrong types; tell() in every state; size() of
 * every kind of map and after the file changes size. */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_value.h"

static const int fresh[] = {ST_FRESH, -1};
static const gen_select small_all = {0, FX_PAGE};
static const char *const trio[] = {"anon", "file", "offset", NULL};
static const char *const resizable[] = {"anon.private", "file", "offset", NULL};

static const gen_row seek_full[] = {{"i:0", NULL, GR_TELL},
                                    {"i:$L", NULL, GR_TELL},
                                    {"i:$L+1", NULL, GR_TELL},
                                    {"i:-1", NULL, GR_TELL},
                                    {"i:0;i:0", NULL, GR_TELL},
                                    {"i:$L;i:0", NULL, GR_TELL},
                                    {"i:$L+1;i:0", NULL, GR_TELL},
                                    {"i:-1;i:0", NULL, GR_TELL},
                                    {"i:0;i:1", NULL, GR_TELL},
                                    {"i:1;i:1", NULL, GR_TELL},
                                    {"i:-1;i:1", NULL, GR_TELL},
                                    {"i:$L;i:1", NULL, GR_TELL},
                                    {"i:$L+1;i:1", NULL, GR_TELL},
                                    {"i:0;i:2", NULL, GR_TELL},
                                    {"i:-1;i:2", NULL, GR_TELL},
                                    {"i:1;i:2", NULL, GR_TELL},
                                    {"i:-$L;i:2", NULL, GR_TELL},
                                    {"i:-$L-1;i:2", NULL, GR_TELL},
                                    {"i:PAGESIZE;i:0", NULL, GR_TELL},
                                    {"i:MAXSIZE;i:0", NULL, GR_TELL},
                                    {"i:MAXSIZE;i:1", NULL, GR_TELL},
                                    {"i:MAXSIZE;i:2", NULL, GR_TELL},
                                    {"i:-MAXSIZE-1;i:0", NULL, GR_TELL},
                                    {"i:-MAXSIZE-1;i:1", NULL, GR_TELL},
                                    {"i:-MAXSIZE-1;i:2", NULL, GR_TELL},
                                    {"i:2**63;i:0", NULL, GR_TELL},
                                    {"i:-2**63-1;i:0", NULL, GR_TELL},
                                    {"i:2**64;i:1", NULL, GR_TELL},
                                    {"i:0;i:3", NULL, GR_TELL},
                                    {"i:0;i:-1", NULL, GR_TELL},
                                    {"i:$L+1;i:3", NULL, GR_TELL},
                                    {"i:0;i:2**31-1", NULL, GR_TELL},
                                    {"i:0;i:2**31", NULL, GR_TELL},
                                    {"i:0;i:-2**31-1", NULL, GR_TELL},
                                    {"i:0;i:2**40", NULL, GR_TELL},
                                    {"i:0;i:2**63", NULL, GR_TELL},
                                    {"s:1", NULL, GR_TELL},
                                    {"f:1.0", NULL, GR_TELL},
                                    {"n", NULL, GR_TELL | GR_PY},
                                    {"T", NULL, GR_TELL | GR_PY},
                                    {"i:0;s:1", NULL, GR_TELL},
                                    {"i:0;n", NULL, GR_TELL | GR_PY},
                                    {"i:0;f:0.0", NULL, GR_TELL},
                                    {"", NULL, GR_TELL | GR_ARITY},
                                    {"i:0;i:0;i:0", NULL, GR_TELL | GR_ARITY},
                                    {"", "pos=i:0", GR_TELL},
                                    {"i:0", "whence=i:0", GR_TELL},
                                    {NULL, NULL, 0}};

/* Relative seeks from position 10: exact boundaries both ways. */
static const gen_row seek_mid[] = {{"i:0;i:1", NULL, GR_TELL},
                                   {"i:-10;i:1", NULL, GR_TELL},
                                   {"i:-11;i:1", NULL, GR_TELL},
                                   {"i:$L-10;i:1", NULL, GR_TELL},
                                   {"i:$L-9;i:1", NULL, GR_TELL},
                                   {"i:MAXSIZE;i:1", NULL, GR_TELL},
                                   {"i:MAXSIZE-10;i:1", NULL, GR_TELL},
                                   {"i:-MAXSIZE-1;i:1", NULL, GR_TELL},
                                   {"i:-1;i:2", NULL, GR_TELL},
                                   {"i:5", NULL, GR_TELL},
                                   {NULL, NULL, 0}};

/* Position 64 past a 32-byte map: only targets <= 32 are reachable. */
static const gen_row seek_shrunk[] = {
    {"i:0;i:1", NULL, GR_TELL},   {"i:-1;i:1", NULL, GR_TELL},
    {"i:-32;i:1", NULL, GR_TELL}, {"i:-33;i:1", NULL, GR_TELL},
    {"i:-64;i:1", NULL, GR_TELL}, {"i:-65;i:1", NULL, GR_TELL},
    {"i:$L", NULL, GR_TELL},      {"i:$L+1", NULL, GR_TELL},
    {"i:0;i:2", NULL, GR_TELL},   {NULL, NULL, 0}};

static const gen_row seek_core[] = {{"i:$L", NULL, GR_TELL},
                                    {"i:$L+1", NULL, GR_TELL},
                                    {"i:-1;i:2", NULL, GR_TELL},
                                    {"i:1;i:2", NULL, GR_TELL},
                                    {NULL, NULL, 0}};

static void area_seek(gen_ctx *ctx) {
  gen_call_named(ctx, "seek", trio, fresh, "seek", seek_full, 0);
  gen_call_matrix(ctx, "seek", (gen_select){FX_REP, FX_PAGE},
                  (const int[]){ST_MID, ST_GROWN, -1}, "seek", seek_mid, 0);
  gen_call_named(ctx, "seek", resizable, (const int[]){ST_SHRUNK, -1}, "seek",
                 seek_shrunk, 0);
  gen_call_matrix(ctx, "seek", (gen_select){0, FX_PAGE | FX_REP}, fresh, "seek",
                  seek_core, 0);
  gen_call_matrix(ctx, "seek", (gen_select){FX_PAGE, 0}, fresh, "seek",
                  (const gen_row[]){{"i:PAGESIZE", NULL, GR_TELL},
                                    {"i:-PAGESIZE;i:2", NULL, GR_TELL},
                                    {NULL, NULL, 0}},
                  0);
  /* seekable(): 3.13+, no open check; absent before. */
  gen_call_matrix(ctx, "seek", small_all,
                  (const int[]){ST_FRESH, ST_CLOSED, -1}, "seekable",
                  (const gen_row[]){{"", NULL, GR_METHOD}, {NULL, NULL, 0}}, 0);
  gen_call_named(
      ctx, "seek", trio, fresh, "seekable",
      (const gen_row[]){{"i:1", NULL, GR_METHOD | GR_ARITY}, {NULL, NULL, 0}},
      0);
}

static void area_tell(gen_ctx *ctx) {
  gen_call_matrix(ctx, "tell", small_all,
                  (const int[]){ST_FRESH, ST_MID, ST_END, ST_SHRUNK, ST_GROWN,
                                ST_CLOSED, -1},
                  "tell", (const gen_row[]){{"", NULL, 0}, {NULL, NULL, 0}}, 0);
  gen_call_named(ctx, "tell", trio, fresh, "tell",
                 (const gen_row[]){{"i:0", NULL, GR_ARITY},
                                   {"", "pos=i:0", 0},
                                   {NULL, NULL, 0}},
                 0);
}

/* size() after the runner changes the file's size under the map (no page
 * of the map is touched afterwards, so nothing faults). */
static void size_external(gen_ctx *ctx, const gen_fixture *fx, int grow) {
  gcase c;
  gc_begin(&c, "size/%s/file-%s", fx->name, grow ? "grown" : "truncated");
  gc_title(&c, "size() and len() of %s after the file is %s underneath",
           fx->desc, grow ? "extended" : "truncated to 10 bytes");
  fx_setup(&c, fx);
  if (grow)
    gc_op(&c, op_file_write(&c, "f", "PAGESIZE*3", "t:tail"));
  else
    gc_op(&c, op_file_truncate(&c, "f", "10"));
  gc_op(&c, op_call(&c, "m", "size", "", NULL));
  gc_op(&c, op_named("len", "on", "m"));
  gc_op(&c, op_file("file_size", "f"));
  gc_tag(&c, "file-changed");
  gc_done(ctx, &c);
}

static void area_size(gen_ctx *ctx) {
  const gen_fixture *fx;
  gen_call_matrix(ctx, "size", (gen_select){0, 0},
                  (const int[]){ST_FRESH, ST_SHRUNK, ST_GROWN, ST_CLOSED, -1},
                  "size",
                  (const gen_row[]){{"", NULL, GR_LEN}, {NULL, NULL, 0}}, 0);
  gen_call_named(ctx, "size", trio, fresh, "size",
                 (const gen_row[]){{"i:0", NULL, GR_ARITY},
                                   {"", "x=i:0", 0},
                                   {NULL, NULL, 0}},
                 0);
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if ((fx->flags & FX_ANON) || (fx->flags & FX_PAGE))
      continue;
    size_external(ctx, fx, 1);
    size_external(ctx, fx, 0);
  }
}

void gen_areas_pos(gen_ctx *ctx) {
  area_seek(ctx);
  area_tell(ctx);
  area_size(ctx);
}
