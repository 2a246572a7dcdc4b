/* gen_area_read.c - areas read, readline, read_byte: every read path from
 * every position (start, middle, end, past the end after a shrinking
 * resize, in the zero bytes of a grown map) on every kind of map. */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_value.h"

static const int all_states[] = {ST_FRESH,  ST_MID,   ST_END,
                                 ST_SHRUNK, ST_GROWN, -1};
static const int moved_states[] = {ST_MID, ST_END, ST_SHRUNK, ST_GROWN, -1};
static const int fresh[] = {ST_FRESH, -1};

static const gen_select small_reps = {FX_REP, FX_PAGE};
static const gen_select small_all = {0, FX_PAGE};

/* Every argument form of read(n), from position 0. */
static const gen_row read_full[] = {
    {"", NULL, GR_TELL},          {"n", NULL, GR_TELL},
    {"i:-1", NULL, GR_TELL},      {"i:-2", NULL, GR_TELL},
    {"i:-$L", NULL, GR_TELL},     {"i:-MAXSIZE-1", NULL, GR_TELL},
    {"i:0", NULL, GR_TELL},       {"i:1", NULL, GR_TELL},
    {"i:$L-1", NULL, GR_TELL},    {"i:$L", NULL, GR_TELL},
    {"i:$L+1", NULL, GR_TELL},    {"i:PAGESIZE", NULL, GR_TELL},
    {"i:MAXSIZE", NULL, GR_TELL}, {"i:2**63", NULL, GR_TELL},
    {"i:2**64", NULL, GR_TELL},   {"i:-2**63-1", NULL, GR_TELL},
    {"i:-2**64", NULL, GR_TELL},  {"s:1", NULL, GR_TELL},
    {"f:1.0", NULL, GR_TELL},     {"b:31", NULL, GR_TELL | GR_PY},
    {"T", NULL, GR_TELL | GR_PY}, {"i:1;i:2", NULL, GR_TELL | GR_ARITY},
    {"", "n=i:1", GR_TELL},       {NULL, NULL, 0}};

/* The forms whose result depends on the position. */
static const gen_row read_core[] = {
    {"", NULL, GR_TELL},          {"n", NULL, GR_TELL},
    {"i:-1", NULL, GR_TELL},      {"i:0", NULL, GR_TELL},
    {"i:1", NULL, GR_TELL},       {"i:$L-10", NULL, GR_TELL},
    {"i:$L-9", NULL, GR_TELL},    {"i:$L", NULL, GR_TELL},
    {"i:MAXSIZE", NULL, GR_TELL}, {NULL, NULL, 0}};

static const gen_row read_basic[] = {
    {"", NULL, GR_TELL}, {"i:5", NULL, GR_TELL}, {NULL, NULL, 0}};

static void area_read(gen_ctx *ctx) {
  gen_call_matrix(ctx, "read", small_reps, fresh, "read", read_full, 0);
  gen_call_matrix(ctx, "read", small_reps, moved_states, "read", read_core, 0);
  gen_call_matrix(ctx, "read", (gen_select){0, FX_PAGE | FX_REP}, fresh, "read",
                  read_basic, 0);
  gen_call_matrix(ctx, "read", (gen_select){FX_PAGE | FX_REP, 0}, fresh, "read",
                  (const gen_row[]){{"i:PAGESIZE-1", NULL, GR_TELL},
                                    {"i:0", NULL, GR_TELL},
                                    {NULL, NULL, 0}},
                  0);
}

/* readline() called until it returns b'' (the content has 7 lines). */
static void readline_all(gen_ctx *ctx, const gen_fixture *fx, gen_state st) {
  gcase c;
  int i;
  gc_begin(&c, "readline/%s%s%s/until-empty", fx->name,
           st == ST_FRESH ? "" : "/", st_name(st));
  gc_title(&c, "readline() repeatedly, then tell(), on %s%s", fx->desc,
           st_desc(st));
  fx_setup(&c, fx);
  st_apply(&c, fx, st);
  for (i = 0; i < 8; i++)
    gc_op(&c, op_call(&c, "m", "readline", "", NULL));
  gc_op(&c, op_call(&c, "m", "tell", "", NULL));
  gc_done(ctx, &c);
}

/* readline() from a given position: on a newline, an empty line, the last
 * line (no newline), the last byte, the end. POS is an "i:N" spec. */
static void readline_at(gen_ctx *ctx, const gen_fixture *fx, const char *pos,
                        const char *what) {
  gcase c;
  gc_begin(&c, "readline/%s/at.%s", fx->name, what);
  gc_title(&c, "readline() from position %s (%s) on %s", pos + 2, what,
           fx->desc);
  fx_setup(&c, fx);
  gc_op(&c, op_call(&c, "m", "seek", pos, NULL));
  gc_op(&c, op_call(&c, "m", "readline", "", NULL));
  gc_op(&c, op_call(&c, "m", "tell", "", NULL));
  gc_tag(&c, "boundary");
  gc_done(ctx, &c);
}

static void area_readline(gen_ctx *ctx) {
  static const struct {
    const char *pos, *what;
  } at[] = {{"i:6", "newline"},       {"i:19", "empty-line"},
            {"i:18", "before-empty"}, {"i:46", "last-line"},
            {"i:63", "last-byte"},    {"i:64", "end"}};
  const gen_fixture *fx;
  size_t i;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    int s;
    if (!gen_selected(fx, small_all))
      continue;
    for (s = 0; all_states[s] >= 0; s++) {
      if (st_applies(fx, (gen_state)all_states[s]))
        readline_all(ctx, fx, (gen_state)all_states[s]);
    }
    if (!gen_selected(fx, small_reps))
      continue;
    for (i = 0; i < sizeof at / sizeof at[0]; i++)
      readline_at(ctx, fx, at[i].pos, at[i].what);
  }
  gen_call_matrix(ctx, "readline", small_reps, fresh, "readline",
                  (const gen_row[]){{"i:1", NULL, GR_ARITY | GR_TELL},
                                    {"n", NULL, GR_ARITY | GR_TELL},
                                    {"", "size=i:1", GR_TELL},
                                    {NULL, NULL, 0}},
                  0);
}

static void area_read_byte(gen_ctx *ctx) {
  static const gen_row once[] = {{"", NULL, GR_TELL}, {NULL, NULL, 0}};
  static const gen_row args[] = {{"i:0", NULL, GR_ARITY | GR_TELL},
                                 {"", "n=i:1", GR_TELL},
                                 {NULL, NULL, 0}};
  gen_call_matrix(ctx, "read_byte", small_all, all_states, "read_byte", once,
                  0);
  gen_call_matrix(ctx, "read_byte", small_reps, fresh, "read_byte", args, 0);
  /* The last byte, then one past it. */
  gen_last_then_end(ctx, "read_byte", "", "", GR_TELL);
}

void gen_areas_read(gen_ctx *ctx) {
  area_read(ctx);
  area_readline(ctx);
  area_read_byte(ctx);
}
