/* gen_matrix.h - generating one case per (fixture, state, call) of a table:
 * the bulk of the corpus. */
#ifndef MML_GEN_MATRIX_H
#define MML_GEN_MATRIX_H

#include "gen_fixture.h"

/* One row of a call table. */
typedef struct gen_row {
  const char *args; /* value specs, ';'-separated ("" = no arguments) */
  const char *kw;   /* keyword specs or NULL */
  unsigned flags;   /* GR_* */
} gen_row;

enum {
  GR_PY = 1 << 0,    /* needs python-args though the runner cannot tell */
  GR_ARITY = 1 << 1, /* a wrong number of arguments (implies GR_PY) */
  GR_TELL = 1 << 2,  /* observe tell() afterwards */
  GR_BYTES = 1 << 3, /* observe bytes(m) afterwards (small maps only) */
  GR_LEN = 1 << 4,   /* observe len(m) afterwards */
  GR_METHOD = 1 << 5 /* put the method name in the id (multi-method areas) */
};

/* Which fixtures a matrix runs on: those having all of WANT and none of
 * SKIP among their FX_* flags. */
typedef struct gen_select {
  unsigned want, skip;
} gen_select;

/* Emits the case AREA/FIXTURE[/STATE]/[METHOD.]LABEL: the fixture, the
 * state, the call m.METHOD(ROW), then the observations ROW asks for. */
void gen_call_case(gen_ctx *ctx, const char *area, const gen_fixture *fx,
                   gen_state st, const char *method, const gen_row *row);

/* gen_call_case for every selected fixture x every state in STATES (ending
 * with -1) that applies to it x every row of ROWS (ending with args NULL).
 * Rows get EXTRA flags or-ed in. */
void gen_call_matrix(gen_ctx *ctx, const char *area, gen_select sel,
                     const int *states, const char *method, const gen_row *rows,
                     unsigned extra);

/* Emits AREA/FIXTURE[/STATE]/LABEL for an item operation on m: OP is
 * "getitem" (m[KEY]), "setitem" (m[KEY] = VALUE), "delitem" (del m[KEY]).
 * FLAGS as for rows (GR_PY, GR_BYTES, GR_METHOD: OP in the id). */
void gen_item_case(gen_ctx *ctx, const char *area, const gen_fixture *fx,
                   gen_state st, const char *op, const char *key,
                   const char *value, unsigned flags);

/* gen_call_matrix over the fixtures named in NAMES (ending with NULL). */
void gen_call_named(gen_ctx *ctx, const char *area, const char *const *names,
                    const int *states, const char *method, const gen_row *rows,
                    unsigned extra);

/* Whether NAME is one of NAMES (ending with NULL). */
int gen_name_in(const char *name, const char *const *names);

/* Whether FX is selected by SEL. */
int gen_selected(const gen_fixture *fx, gen_select sel);

/* Tags derived from a spec list: "extreme" for MAXSIZE / 2**N values. */
void gen_value_tags(gcase *c, const char *specs);

/* For every small map (no FX_PAGE): the case METHOD/FIXTURE/last-then-end,
 * m.METHOD(AT_LAST) at len-1 and then m.METHOD(AT_END) at len, followed by
 * the observations of OBSERVE (GR_*). */
void gen_last_then_end(gen_ctx *ctx, const char *method, const char *at_last,
                       const char *at_end, unsigned observe);

/* For every fixture x every state of STATES (ending with -1) that applies
 * to it: the case AREA/FIXTURE[/STATE]/LABEL titled "TITLE <fixture>
 * <state>", running the operations named in OPS (ending with NULL) on m. */
void gen_state_cases(gen_ctx *ctx, const char *area, const int *states,
                     const char *label, const char *title,
                     const char *const *ops);

/* Adds the observation ops of FLAGS (GR_TELL, GR_BYTES, GR_LEN). */
void gen_observe(gcase *c, unsigned flags);

#endif /* MML_GEN_MATRIX_H */
