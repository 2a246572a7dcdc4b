/* gen_area_mem.c - areas flush, madvise and move: every range check at its
 * boundary, page alignment (the kernel's EINVAL), clipping of long madvise
 * lengths, the effect of MADV_DONTNEED per kind of map, overlapping moves,
 * read-only maps (move refuses before checking its arguments). */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_value.h"

#include <stdio.h>

static const int fresh[] = {ST_FRESH, -1};
static const gen_select small_reps = {FX_REP, FX_PAGE};
static const gen_select small_others = {0, FX_PAGE | FX_REP};
static const gen_select pages = {FX_PAGE, 0};
static const char *const trio[] = {"anon", "file", "offset", NULL};
static const char *const resizable[] = {"anon.private", "file", "offset", NULL};
static const char *const page4[] = {"anon.page", "file.page", "file.read.page",
                                    "offset.page", NULL};

static const gen_row flush_full[] = {{"", NULL, 0},
                                     {"i:0", NULL, 0},
                                     {"i:1", NULL, 0},
                                     {"i:$L", NULL, 0},
                                     {"i:0;i:$L", NULL, 0},
                                     {"i:0;i:0", NULL, 0},
                                     {"i:$L;i:0", NULL, 0},
                                     {"i:1;i:1", NULL, 0},
                                     {"i:0;i:$L+1", NULL, 0},
                                     {"i:1;i:$L", NULL, 0},
                                     {"i:-1", NULL, 0},
                                     {"i:0;i:-1", NULL, 0},
                                     {"i:-1;i:1", NULL, 0},
                                     {"i:MAXSIZE;i:1", NULL, 0},
                                     {"i:0;i:MAXSIZE", NULL, 0},
                                     {"i:-MAXSIZE-1;i:0", NULL, 0},
                                     {"i:2**63", NULL, 0},
                                     {"i:0;i:2**63", NULL, 0},
                                     {"s:0", NULL, 0},
                                     {"f:0.0", NULL, 0},
                                     {"n", NULL, GR_PY},
                                     {"i:0;n", NULL, GR_PY},
                                     {"i:0;i:1;i:2", NULL, GR_ARITY},
                                     {"", "offset=i:0", 0},
                                     {NULL, NULL, 0}};

static const gen_row flush_core[] = {{"", NULL, 0},
                                     {"i:0;i:$L", NULL, 0},
                                     {"i:1;i:1", NULL, 0},
                                     {"i:0;i:$L+1", NULL, 0},
                                     {NULL, NULL, 0}};

/* Page maps: msync needs a page-aligned start. */
static const gen_row flush_pages[] = {
    {"i:PAGESIZE", NULL, 0},       {"i:PAGESIZE;i:PAGESIZE", NULL, 0},
    {"i:0;i:PAGESIZE", NULL, 0},   {"i:$L;i:0", NULL, 0},
    {"i:PAGESIZE;i:1", NULL, 0},   {"i:PAGESIZE-1;i:1", NULL, 0},
    {"i:PAGESIZE+1;i:0", NULL, 0}, {NULL, NULL, 0}};

static void area_flush(gen_ctx *ctx) {
  gen_call_named(ctx, "flush", trio, fresh, "flush", flush_full, 0);
  gen_call_named(ctx, "flush",
                 (const char *const[]){"file.read", "file.copy", NULL}, fresh,
                 "flush", flush_core, 0);
  gen_call_matrix(ctx, "flush", small_others, fresh, "flush", flush_core, 0);
  gen_call_named(ctx, "flush", page4, fresh, "flush", flush_pages, 0);
  gen_call_named(ctx, "flush", resizable,
                 (const int[]){ST_SHRUNK, ST_GROWN, -1}, "flush",
                 (const gen_row[]){{"", NULL, 0},
                                   {"i:0;i:$L", NULL, 0},
                                   {"i:0;i:$L+1", NULL, 0},
                                   {NULL, NULL, 0}},
                 0);
}

/* Advice values whose outcome does not depend on the kernel's build
 * options (MADV_HUGEPAGE, MADV_MERGEABLE need THP / KSM; MADV_REMOVE
 * depends on the file system; MADV_HWPOISON would poison memory). */
static const char *const advices[] = {"i:MADV_NORMAL",
                                      "i:MADV_RANDOM",
                                      "i:MADV_SEQUENTIAL",
                                      "i:MADV_WILLNEED",
                                      "i:MADV_DONTNEED",
                                      "i:MADV_DONTFORK",
                                      "i:MADV_DOFORK",
                                      "i:MADV_DONTDUMP",
                                      "i:MADV_DODUMP",
                                      "i:12345",
                                      "i:-1",
                                      "i:2**31",
                                      "i:2**63",
                                      "s:0",
                                      NULL};

static const gen_row madvise_bounds[] = {
    {"i:MADV_NORMAL;i:0", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:$L", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:0", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:1", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:$L+1", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:-1", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:MAXSIZE", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:-MAXSIZE-1", NULL, 0},
    {"i:MADV_NORMAL;i:0;i:2**63", NULL, 0},
    {"i:MADV_NORMAL;i:$L", NULL, 0},
    {"i:MADV_NORMAL;i:$L-1", NULL, 0},
    {"i:MADV_NORMAL;i:1", NULL, 0},
    {"i:MADV_NORMAL;i:-1", NULL, 0},
    {"i:MADV_NORMAL;i:1;i:MAXSIZE", NULL, 0},
    {"i:MADV_NORMAL;i:1;i:-1", NULL, 0},
    {"i:MADV_NORMAL;i:MAXSIZE", NULL, 0},
    {"i:MADV_NORMAL;i:-MAXSIZE-1", NULL, 0},
    {"i:MADV_NORMAL;i:2**63", NULL, 0},
    {"i:MADV_NORMAL;s:0", NULL, 0},
    {"i:MADV_NORMAL;n", NULL, GR_PY},
    {"i:MADV_NORMAL;i:0;n", NULL, GR_PY},
    {"", NULL, GR_ARITY},
    {"i:MADV_NORMAL;i:0;i:0;i:0", NULL, GR_ARITY},
    {"", "option=i:MADV_NORMAL", 0},
    {NULL, NULL, 0}};

static const gen_row madvise_pages[] = {
    {"i:MADV_NORMAL;i:PAGESIZE", NULL, 0},
    {"i:MADV_NORMAL;i:PAGESIZE;i:1", NULL, 0},
    {"i:MADV_NORMAL;i:PAGESIZE;i:MAXSIZE", NULL, 0},
    {"i:MADV_NORMAL;i:PAGESIZE-1;i:1", NULL, 0},
    {"i:MADV_NORMAL;i:$L-1", NULL, 0},
    {"i:MADV_NORMAL;i:$L-PAGESIZE;i:MAXSIZE-$L+PAGESIZE", NULL, 0},
    {"i:MADV_NORMAL;i:$L-PAGESIZE;i:MAXSIZE-$L+PAGESIZE+1", NULL, 0},
    {NULL, NULL, 0}};

/* MADV_DONTNEED on the first page, then a byte of each page: private
 * anonymous memory reads back as zeros, shared and file memory keeps its
 * data, an ACCESS_COPY map falls back to the file's bytes. */
static void dontneed(gen_ctx *ctx, const gen_fixture *fx) {
  gcase c;
  gc_begin(&c, "madvise/%s/dontneed-effect", fx->name);
  gc_title(&c,
           "m[0] = 90, madvise(MADV_DONTNEED, 0, PAGESIZE), then m[0] "
           "and m[PAGESIZE] on %s",
           fx->desc);
  fx_setup(&c, fx);
  if (!(fx->flags & FX_READONLY))
    gc_op(&c, op_setitem(&c, "m", "i:0", "i:90"));
  gc_op(&c,
        op_call(&c, "m", "madvise", "i:MADV_DONTNEED;i:0;i:PAGESIZE", NULL));
  gc_op(&c, op_getitem(&c, "m", "i:0"));
  gc_op(&c, op_getitem(&c, "m", "i:PAGESIZE"));
  gc_done(ctx, &c);
}

static void area_madvise(gen_ctx *ctx) {
  const gen_fixture *fx;
  const char *const *a;
  for (a = advices; *a; a++) {
    gen_row row = {*a, NULL, GR_BYTES};
    for (fx = gen_fixtures; fx->name != NULL; fx++) {
      if (gen_selected(fx, small_reps))
        gen_call_case(ctx, "madvise", fx, ST_FRESH, "madvise", &row);
    }
  }
  gen_call_matrix(ctx, "madvise", small_others, fresh, "madvise",
                  (const gen_row[]){{"i:MADV_NORMAL", NULL, 0},
                                    {"i:MADV_DONTNEED", NULL, GR_BYTES},
                                    {"i:MADV_NORMAL;i:$L", NULL, 0},
                                    {NULL, NULL, 0}},
                  0);
  /* MADV_FREE: private anonymous memory only; what it then reads back is
   * up to the kernel, so nothing is read afterwards. */
  gen_call_named(
      ctx, "madvise",
      (const char *const[]){"anon", "anon.private", "file", "file.copy", NULL},
      fresh, "madvise",
      (const gen_row[]){{"i:MADV_FREE", NULL, 0}, {NULL, NULL, 0}}, 0);
  gen_call_named(ctx, "madvise", trio, fresh, "madvise", madvise_bounds, 0);
  gen_call_named(ctx, "madvise", page4, fresh, "madvise", madvise_pages, 0);
  gen_call_named(ctx, "madvise", resizable,
                 (const int[]){ST_SHRUNK, ST_GROWN, -1}, "madvise",
                 (const gen_row[]){{"i:MADV_NORMAL;i:0;i:$L", NULL, 0},
                                   {"i:MADV_NORMAL;i:$L", NULL, 0},
                                   {NULL, NULL, 0}},
                 0);
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if (gen_selected(fx, pages))
      dontneed(ctx, fx);
  }
}

static const gen_row move_full[] = {
    {"i:0;i:1;i:5", NULL, GR_BYTES},
    {"i:1;i:0;i:5", NULL, GR_BYTES},
    {"i:0;i:1;i:$L-1", NULL, GR_BYTES},
    {"i:1;i:0;i:$L-1", NULL, GR_BYTES},
    {"i:0;i:0;i:$L", NULL, GR_BYTES},
    {"i:$L;i:0;i:0", NULL, GR_BYTES},
    {"i:0;i:$L;i:0", NULL, GR_BYTES},
    {"i:$L;i:$L;i:0", NULL, GR_BYTES},
    {"i:$L+1;i:0;i:0", NULL, GR_BYTES},
    {"i:0;i:$L+1;i:0", NULL, GR_BYTES},
    {"i:0;i:$L-5;i:5", NULL, GR_BYTES},
    {"i:0;i:$L-4;i:5", NULL, GR_BYTES},
    {"i:$L-5;i:0;i:5", NULL, GR_BYTES},
    {"i:$L-4;i:0;i:5", NULL, GR_BYTES},
    {"i:0;i:0;i:$L+1", NULL, GR_BYTES},
    {"i:-1;i:0;i:1", NULL, GR_BYTES},
    {"i:0;i:-1;i:1", NULL, GR_BYTES},
    {"i:0;i:0;i:-1", NULL, GR_BYTES},
    {"i:MAXSIZE;i:0;i:1", NULL, GR_BYTES},
    {"i:0;i:MAXSIZE;i:1", NULL, GR_BYTES},
    {"i:1;i:1;i:MAXSIZE", NULL, GR_BYTES},
    {"i:-MAXSIZE-1;i:0;i:0", NULL, GR_BYTES},
    {"i:2**63;i:0;i:1", NULL, GR_BYTES},
    {"i:0;i:0;i:2**63", NULL, GR_BYTES},
    {"i:0;i:-2**63-1;i:1", NULL, GR_BYTES},
    {"s:0;i:0;i:0", NULL, GR_BYTES},
    {"i:0;f:0.0;i:0", NULL, GR_BYTES},
    {"i:0;i:0;n", NULL, GR_BYTES | GR_PY},
    {"i:0;i:1", NULL, GR_BYTES | GR_ARITY},
    {"i:0;i:1;i:2;i:3", NULL, GR_BYTES | GR_ARITY},
    {"", "dest=i:0;src=i:1;count=i:1", GR_BYTES},
    {NULL, NULL, 0}};

/* Read-only maps refuse before the arguments are range-checked. */
static const gen_row move_readonly[] = {{"i:0;i:1;i:5", NULL, 0},
                                        {"i:$L+1;i:0;i:0", NULL, 0},
                                        {"i:-1;i:0;i:1", NULL, 0},
                                        {"i:0;i:0;i:0", NULL, 0},
                                        {"i:2**63;i:0;i:1", NULL, 0},
                                        {"s:0;i:0;i:0", NULL, 0},
                                        {NULL, NULL, 0}};

static void area_move(gen_ctx *ctx) {
  gen_call_named(
      ctx, "move",
      (const char *const[]){"anon", "file", "file.copy", "offset", NULL}, fresh,
      "move", move_full, 0);
  gen_call_matrix(ctx, "move", (gen_select){FX_READONLY, FX_PAGE}, fresh,
                  "move", move_readonly, 0);
  gen_call_matrix(ctx, "move", (gen_select){0, FX_PAGE | FX_READONLY | FX_REP},
                  fresh, "move",
                  (const gen_row[]){{"i:0;i:1;i:5", NULL, GR_BYTES},
                                    {"i:0;i:$L-4;i:5", NULL, GR_BYTES},
                                    {NULL, NULL, 0}},
                  0);
  gen_call_matrix(ctx, "move", (gen_select){FX_RESIZE, FX_PAGE},
                  (const int[]){ST_SHRUNK, ST_GROWN, -1}, "move",
                  (const gen_row[]){{"i:0;i:$L-5;i:5", NULL, GR_BYTES},
                                    {"i:0;i:$L-4;i:5", NULL, GR_BYTES},
                                    {NULL, NULL, 0}},
                  0);
  gen_call_matrix(ctx, "move", (gen_select){FX_PAGE, FX_READONLY}, fresh,
                  "move",
                  (const gen_row[]){{"i:1;i:0;i:PAGESIZE*2-1", NULL, 0},
                                    {"i:0;i:PAGESIZE;i:PAGESIZE", NULL, 0},
                                    {NULL, NULL, 0}},
                  0);
}

void gen_areas_mem(gen_ctx *ctx) {
  area_flush(ctx);
  area_madvise(ctx);
  area_move(ctx);
}
