/* gen_matrix.c - one case per (fixture, state, call). */
#include "gen_matrix.h"

#include "gen_value.h"

#include <stdio.h>
#include <string.h>

int gen_selected(const gen_fixture *fx, gen_select sel) {
  return (fx->flags & sel.want) == sel.want && (fx->flags & sel.skip) == 0;
}

int gen_name_in(const char *name, const char *const *names) {
  for (; *names != NULL; names++) {
    if (strcmp(name, *names) == 0)
      return 1;
  }
  return 0;
}

void gen_value_tags(gcase *c, const char *specs) {
  if (specs == NULL)
    return;
  if (strstr(specs, "MAXSIZE") != NULL || strstr(specs, "**") != NULL)
    gc_tag(c, "extreme");
}

void gen_observe(gcase *c, unsigned flags) {
  if (flags & GR_TELL)
    gc_op(c, op_call(c, "m", "tell", "", NULL));
  if (flags & GR_LEN)
    gc_op(c, op_named("len", "on", "m"));
  if (flags & GR_BYTES)
    gc_op(c, op_named("bytes", "on", "m"));
}

/* The tags and features every generated case derives from its flags. */
static void flag_tags(gcase *c, unsigned flags) {
  if (flags & (GR_PY | GR_ARITY)) {
    gc_tag(c, "python-args");
    gc_feature(c, "python-args");
  }
  if (flags & GR_ARITY)
    gc_tag(c, "arity");
}

void gen_call_case(gen_ctx *ctx, const char *area, const gen_fixture *fx,
                   gen_state st, const char *method, const gen_row *row) {
  gcase c;
  char label[160], shown[200];
  gv_label(label, sizeof label, row->args, row->kw);
  gc_begin(&c, "%s/%s%s%s/%s%s%s", area, fx->name, st == ST_FRESH ? "" : "/",
           st_name(st), row->flags & GR_METHOD ? method : "",
           row->flags & GR_METHOD ? "." : "", label);
  fx_setup(&c, fx);
  st_apply(&c, fx, st);
  /* The labels and titles show "$L" as "len": the length at call time. */
  gv_render(shown, sizeof shown, row->args, row->kw);
  gc_title(&c, "m.%s(%s) on %s%s", method, shown, fx->desc, st_desc(st));
  gc_op(&c, op_call(&c, "m", method, row->args, row->kw));
  gen_observe(&c, row->flags);
  gen_value_tags(&c, row->args);
  gen_value_tags(&c, row->kw);
  flag_tags(&c, row->flags);
  gc_done(ctx, &c);
}

void gen_item_case(gen_ctx *ctx, const char *area, const gen_fixture *fx,
                   gen_state st, const char *op, const char *key,
                   const char *value, unsigned flags) {
  gcase c;
  char specs[512], label[160], k[120], v[120];
  snprintf(specs, sizeof specs, "%s%s%s", key, value ? ";" : "",
           value ? value : "");
  gv_label(label, sizeof label, specs, NULL);
  gc_begin(&c, "%s/%s%s%s/%s%s%s", area, fx->name, st == ST_FRESH ? "" : "/",
           st_name(st), flags & GR_METHOD ? op : "",
           flags & GR_METHOD ? "." : "", label);
  fx_setup(&c, fx);
  st_apply(&c, fx, st);
  gv_render(k, sizeof k, key, NULL);
  gv_render(v, sizeof v, value ? value : "", NULL);
  if (op[0] == 'g') {
    gc_title(&c, "m[%s] on %s%s", k, fx->desc, st_desc(st));
    gc_op(&c, op_getitem(&c, "m", key));
  } else if (op[0] == 's') {
    gc_title(&c, "m[%s] = %s on %s%s", k, v, fx->desc, st_desc(st));
    gc_op(&c, op_setitem(&c, "m", key, value));
  } else {
    gc_title(&c, "del m[%s] on %s%s", k, fx->desc, st_desc(st));
    gc_op(&c, op_delitem(&c, "m", key));
  }
  gen_observe(&c, flags);
  gen_value_tags(&c, specs);
  flag_tags(&c, flags);
  gc_done(ctx, &c);
}

static void fixture_rows(gen_ctx *ctx, const char *area, const gen_fixture *fx,
                         const int *states, const char *method,
                         const gen_row *rows, unsigned extra) {
  const int *st;
  for (st = states; *st >= 0; st++) {
    const gen_row *row;
    if (!st_applies(fx, (gen_state)*st))
      continue;
    for (row = rows; row->args != NULL; row++) {
      gen_row r = *row;
      r.flags |= extra;
      gen_call_case(ctx, area, fx, (gen_state)*st, method, &r);
    }
  }
}

void gen_call_matrix(gen_ctx *ctx, const char *area, gen_select sel,
                     const int *states, const char *method, const gen_row *rows,
                     unsigned extra) {
  const gen_fixture *fx;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if (gen_selected(fx, sel))
      fixture_rows(ctx, area, fx, states, method, rows, extra);
  }
}

void gen_call_named(gen_ctx *ctx, const char *area, const char *const *names,
                    const int *states, const char *method, const gen_row *rows,
                    unsigned extra) {
  for (; *names != NULL; names++)
    fixture_rows(ctx, area, gen_fixture_get(*names), states, method, rows,
                 extra);
}

void gen_last_then_end(gen_ctx *ctx, const char *method, const char *at_last,
                       const char *at_end, unsigned observe) {
  const gen_fixture *fx;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    gcase c;
    if (!gen_selected(fx, (gen_select){0, FX_PAGE}))
      continue;
    gc_begin(&c, "%s/%s/last-then-end", method, fx->name);
    gc_title(&c, "%s() at len-1 and then at len on %s", method, fx->desc);
    fx_setup(&c, fx);
    gc_op(&c, op_call(&c, "m", "seek", "i:-1;i:2", NULL));
    gc_op(&c, op_call(&c, "m", method, at_last, NULL));
    gc_op(&c, op_call(&c, "m", method, at_end, NULL));
    gen_observe(&c, observe);
    gc_tag(&c, "boundary");
    gc_done(ctx, &c);
  }
}

void gen_state_cases(gen_ctx *ctx, const char *area, const int *states,
                     const char *label, const char *title,
                     const char *const *ops) {
  const gen_fixture *fx;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    for (const int *s = states; *s >= 0; s++) {
      const gen_state st = (gen_state)*s;
      gcase c;
      if (!st_applies(fx, st))
        continue;
      gc_begin(&c, "%s/%s%s%s/%s", area, fx->name, st == ST_FRESH ? "" : "/",
               st_name(st), label);
      gc_title(&c, "%s %s%s", title, fx->desc, st_desc(st));
      fx_setup(&c, fx);
      st_apply(&c, fx, st);
      for (const char *const *op = ops; *op != NULL; op++)
        gc_op(&c, op_named(*op, "on", "m"));
      gc_done(ctx, &c);
    }
  }
}
