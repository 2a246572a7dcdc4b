/* gen_area_write.c - areas write and write_byte: sizes around the room
 * left (all-or-nothing), argument types, read-only maps (which TypeError
 * comes first), positions past the end after a shrinking resize. */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_value.h"

#define OBS (GR_TELL | GR_BYTES)

static const int fresh[] = {ST_FRESH, -1};
static const gen_select small_reps = {FX_REP, FX_PAGE};
static const gen_select small_all = {0, FX_PAGE};
static const gen_select small_others = {0, FX_PAGE | FX_REP};

static const gen_row write_full[] = {{"t:", NULL, OBS},
                                     {"t:X", NULL, OBS},
                                     {"t:hello", NULL, OBS},
                                     {"p:$L-1", NULL, OBS},
                                     {"p:$L", NULL, OBS},
                                     {"p:$L+1", NULL, OBS},
                                     {"p:PAGESIZE", NULL, OBS},
                                     {"ba:5859", NULL, OBS},
                                     {"mv:5859", NULL, OBS},
                                     {"r:m", NULL, OBS},
                                     {"s:x", NULL, OBS},
                                     {"s:", NULL, OBS},
                                     {"i:1", NULL, OBS | GR_PY},
                                     {"n", NULL, OBS | GR_PY},
                                     {"li:i:1", NULL, OBS},
                                     {"", NULL, OBS | GR_ARITY},
                                     {"t:a;t:b", NULL, OBS | GR_ARITY},
                                     {"", "data=t:a", OBS},
                                     {NULL, NULL, 0}};

static const gen_row write_core[] = {{"t:X", NULL, OBS},
                                     {"p:$L", NULL, OBS},
                                     {"p:$L+1", NULL, OBS},
                                     {"s:x", NULL, OBS},
                                     {NULL, NULL, 0}};

/* From position 10: exactly the room left, one byte more, the map itself. */
static const gen_row write_mid[] = {
    {"t:", NULL, OBS},     {"t:X", NULL, OBS}, {"p:$L-10", NULL, OBS},
    {"p:$L-9", NULL, OBS}, {"r:m", NULL, OBS}, {NULL, NULL, 0}};

/* At the end (or past it): only b'' can fit, and not past the end. */
static const gen_row write_end[] = {
    {"t:", NULL, OBS}, {"t:X", NULL, OBS}, {NULL, NULL, 0}};

static const gen_row write_grown[] = {
    {"p:$L", NULL, OBS}, {"p:$L+1", NULL, OBS}, {NULL, NULL, 0}};

static void area_write(gen_ctx *ctx) {
  gen_call_matrix(ctx, "write", small_reps, fresh, "write", write_full, 0);
  gen_call_matrix(ctx, "write", small_others, fresh, "write", write_core, 0);
  gen_call_matrix(ctx, "write", small_reps, (const int[]){ST_MID, -1}, "write",
                  write_mid, 0);
  gen_call_matrix(ctx, "write", small_reps, (const int[]){ST_END, -1}, "write",
                  write_end, 0);
  gen_call_matrix(ctx, "write", (gen_select){FX_RESIZE, FX_PAGE},
                  (const int[]){ST_SHRUNK, -1}, "write", write_end, 0);
  gen_call_matrix(ctx, "write", small_all, (const int[]){ST_GROWN, -1}, "write",
                  write_grown, 0);
  /* Page maps: a whole page at a page boundary, then across the end. */
  gen_call_named(ctx, "write",
                 (const char *const[]){"anon.page", "file.page",
                                       "file.copy.page", "offset.page", NULL},
                 (const int[]){ST_FRESH, -1}, "write",
                 (const gen_row[]){{"p:PAGESIZE", NULL, GR_TELL},
                                   {"p:$L+1", NULL, GR_TELL},
                                   {NULL, NULL, 0}},
                 0);
}

static const gen_row wb_full[] = {{"i:0", NULL, OBS},
                                  {"i:65", NULL, OBS},
                                  {"i:255", NULL, OBS},
                                  {"i:256", NULL, OBS},
                                  {"i:-1", NULL, OBS},
                                  {"i:-128", NULL, OBS},
                                  {"i:-129", NULL, OBS},
                                  {"i:300", NULL, OBS},
                                  {"i:2**31", NULL, OBS},
                                  {"i:MAXSIZE", NULL, OBS},
                                  {"i:-MAXSIZE-1", NULL, OBS},
                                  {"i:2**63", NULL, OBS},
                                  {"i:2**64", NULL, OBS},
                                  {"T", NULL, OBS | GR_PY},
                                  {"F", NULL, OBS | GR_PY},
                                  {"b:61", NULL, OBS | GR_PY},
                                  {"s:a", NULL, OBS},
                                  {"f:1.0", NULL, OBS},
                                  {"n", NULL, OBS | GR_PY},
                                  {"", NULL, OBS | GR_ARITY},
                                  {"i:1;i:2", NULL, OBS | GR_ARITY},
                                  {"", "byte=i:1", OBS},
                                  {NULL, NULL, 0}};

static const gen_row wb_core[] = {{"i:65", NULL, OBS},
                                  {"i:256", NULL, OBS},
                                  {"i:-1", NULL, OBS},
                                  {"s:a", NULL, OBS},
                                  {NULL, NULL, 0}};

static void area_write_byte(gen_ctx *ctx) {
  gen_call_matrix(ctx, "write_byte", small_reps, fresh, "write_byte", wb_full,
                  0);
  gen_call_matrix(ctx, "write_byte", small_others, fresh, "write_byte", wb_core,
                  0);
  gen_call_matrix(ctx, "write_byte", small_all,
                  (const int[]){ST_MID, ST_END, ST_SHRUNK, ST_GROWN, -1},
                  "write_byte",
                  (const gen_row[]){{"i:65", NULL, OBS}, {NULL, NULL, 0}}, 0);
  gen_last_then_end(ctx, "write_byte", "i:90", "i:89", OBS);
}

void gen_areas_write(gen_ctx *ctx) {
  area_write(ctx);
  area_write_byte(ctx);
}
