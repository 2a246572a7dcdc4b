/* gen_area_life.c - areas close, context, export, len and attr: every
 * operation on a closed map, idempotent close, __enter__/__exit__, buffer
 * exports (close and resize refused, release, del while exported), len()
 * and bool(), the closed attribute. */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_value.h"

#include <stdio.h>
#include <string.h>

/* One operation on a closed map: NAME for the id, and how to build it. */
typedef struct closed_op {
  const char *name;
  const char *op;     /* "call" or another op name */
  const char *method; /* for "call" */
  const char *args;   /* call arguments, or the key for items */
  const char *value;  /* setitem/contains value */
} closed_op;

static const closed_op closed_ops[] = {
    {"close", "call", "close", "", NULL},
    {"read", "call", "read", "", NULL},
    {"read.1", "call", "read", "i:1", NULL},
    {"read.str", "call", "read", "s:x", NULL},
    {"read_byte", "call", "read_byte", "", NULL},
    {"readline", "call", "readline", "", NULL},
    {"write", "call", "write", "t:x", NULL},
    {"write.str", "call", "write", "s:x", NULL},
    {"write_byte", "call", "write_byte", "i:1", NULL},
    {"write_byte.str", "call", "write_byte", "s:a", NULL},
    {"seek", "call", "seek", "i:0", NULL},
    {"seek.str", "call", "seek", "s:a", NULL},
    {"seekable", "call", "seekable", "", NULL},
    {"tell", "call", "tell", "", NULL},
    {"size", "call", "size", "", NULL},
    {"flush", "call", "flush", "", NULL},
    {"flush.range", "call", "flush", "i:0;i:1", NULL},
    {"find", "call", "find", "t:a", NULL},
    {"find.str", "call", "find", "s:a", NULL},
    {"rfind", "call", "rfind", "t:a", NULL},
    {"move", "call", "move", "i:0;i:1;i:1", NULL},
    {"resize", "call", "resize", "i:10", NULL},
    {"resize.-1", "call", "resize", "i:-1", NULL},
    {"madvise", "call", "madvise", "i:MADV_NORMAL", NULL},
    {"len", "len", NULL, NULL, NULL},
    {"bool", "bool", NULL, NULL, NULL},
    {"getitem", "getitem", NULL, "i:0", NULL},
    {"getitem.slice", "getitem", NULL, "sl:i:0,i:2,", NULL},
    {"setitem", "setitem", NULL, "i:0", "i:1"},
    {"setitem.slice", "setitem", NULL, "sl:i:0,i:1,", "t:a"},
    {"delitem", "delitem", NULL, "i:0", NULL},
    {"iter", "iter", NULL, NULL, NULL},
    {"reversed", "reversed", NULL, NULL, NULL},
    {"contains", "contains", NULL, NULL, "t:a"},
    {"bytes", "bytes", NULL, NULL, NULL},
    {"repr", "repr", NULL, NULL, NULL},
    {"export", "export", NULL, NULL, NULL},
    {"enter", "enter", NULL, NULL, NULL},
    {"exit", "exit", NULL, "n;n;n", NULL},
    {"closed", "getattr", NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}};

static json_t *build_closed_op(gcase *c, const closed_op *o) {
  if (strcmp(o->op, "call") == 0)
    return op_call(c, "m", o->method, o->args, NULL);
  if (strcmp(o->op, "getitem") == 0)
    return op_getitem(c, "m", o->args);
  if (strcmp(o->op, "setitem") == 0)
    return op_setitem(c, "m", o->args, o->value);
  if (strcmp(o->op, "delitem") == 0)
    return op_delitem(c, "m", o->args);
  if (strcmp(o->op, "contains") == 0)
    return op_contains(c, "m", o->value);
  if (strcmp(o->op, "export") == 0)
    return op_export("m", "v");
  if (strcmp(o->op, "exit") == 0)
    return op_exit(c, "m", o->args);
  if (strcmp(o->op, "getattr") == 0)
    return op_getattr("m", "closed");
  return op_named(o->op, "on", "m");
}

static void area_close(gen_ctx *ctx) {
  static const char *const fxs[] = {
      "anon", "file", "file.read", "offset", "file.notrack", "file.copy", NULL};
  const char *const *f;
  const gen_fixture *fx;
  for (f = fxs; *f; f++) {
    const closed_op *o;
    fx = gen_fixture_get(*f);
    for (o = closed_ops; o->name != NULL; o++) {
      gcase c;
      char shown[80];
      gc_begin(&c, "close/%s/then.%s", fx->name, o->name);
      gv_render(shown, sizeof shown, o->method ? o->args : "", NULL);
      if (o->method != NULL)
        gc_title(&c, "m.%s(%s) on %s after close()", o->method, shown,
                 fx->desc);
      else
        gc_title(&c, "the %s operation on %s after close()", o->op, fx->desc);
      fx_setup(&c, fx);
      st_apply(&c, fx, ST_CLOSED);
      gc_op(&c, build_closed_op(&c, o));
      gc_done(ctx, &c);
    }
  }
  /* close() twice, then closed, on every fixture. */
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    gcase c;
    gc_begin(&c, "close/%s/twice", fx->name);
    gc_title(&c, "close() twice, then closed, on %s", fx->desc);
    fx_setup(&c, fx);
    gc_op(&c, op_getattr("m", "closed"));
    gc_op(&c, op_call(&c, "m", "close", "", NULL));
    gc_op(&c, op_call(&c, "m", "close", "", NULL));
    gc_op(&c, op_getattr("m", "closed"));
    gc_done(ctx, &c);
  }
  gen_call_named(ctx, "close", (const char *const[]){"anon", "file", NULL},
                 (const int[]){ST_FRESH, -1}, "close",
                 (const gen_row[]){{"i:0", NULL, GR_ARITY | GR_LEN},
                                   {"", "x=i:0", GR_LEN},
                                   {NULL, NULL, 0}},
                 0);
}

/* with-statement parts: __enter__ returns the map, __exit__ closes it. */
static void context_case(gen_ctx *ctx, const gen_fixture *fx, const char *label,
                         const char *exit_args, int close_first) {
  gcase c;
  char shown[80];
  gv_render(shown, sizeof shown, exit_args, NULL);
  gc_begin(&c, "context/%s/%s", fx->name, label);
  gc_title(&c, "%s__enter__() then __exit__(%s) on %s",
           close_first ? "close(), " : "", shown, fx->desc);
  fx_setup(&c, fx);
  if (close_first)
    gc_op(&c, op_call(&c, "m", "close", "", NULL));
  gc_op(&c, op_named("enter", "on", "m"));
  gc_op(&c, op_exit(&c, "m", exit_args));
  gc_op(&c, op_getattr("m", "closed"));
  gc_op(&c, op_exit(&c, "m", exit_args));
  gc_done(ctx, &c);
}

static void area_context(gen_ctx *ctx) {
  const gen_fixture *fx;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if (fx->flags & FX_PAGE)
      continue;
    context_case(ctx, fx, "enter-exit", "n;n;n", 0);
    if (fx->flags & FX_REP) {
      context_case(ctx, fx, "exit-no-args", "", 0);
      context_case(ctx, fx, "exit-four-args", "i:1;i:2;i:3;i:4", 0);
      context_case(ctx, fx, "exit-exception-args", "n;s:boom;n", 0);
      context_case(ctx, fx, "closed-enter", "n;n;n", 1);
    }
  }
}

/* An export, then OPS (a small script) and the release. */
static void export_case(gen_ctx *ctx, const gen_fixture *fx, const char *what) {
  gcase c;
  gc_begin(&c, "export/%s/%s", fx->name, what);
  fx_setup(&c, fx);
  gc_op(&c, op_export("m", "v"));
  if (strcmp(what, "close-refused") == 0) {
    gc_title(&c,
             "close() and __exit__() with a memoryview alive, then after "
             "release(), on %s",
             fx->desc);
    gc_op(&c, op_call(&c, "m", "close", "", NULL));
    gc_op(&c, op_exit(&c, "m", "n;n;n"));
    gc_op(&c, op_getattr("m", "closed"));
    gc_op(&c, op_named("release", "view", "v"));
    gc_op(&c, op_call(&c, "m", "close", "", NULL));
    gc_op(&c, op_getattr("m", "closed"));
  } else if (strcmp(what, "resize-refused") == 0) {
    gc_title(&c,
             "resize() with a memoryview alive (checked before access "
             "and trackfd), then after release(), on %s",
             fx->desc);
    gc_op(&c, op_call(&c, "m", "resize", "i:32", NULL));
    gc_op(&c, op_call(&c, "m", "resize", "i:-1", NULL));
    gc_op(&c, op_named("release", "view", "v"));
    gc_op(&c, op_call(&c, "m", "resize", "i:32", NULL));
    gc_op(&c, op_named("len", "on", "m"));
  } else if (strcmp(what, "view-write") == 0) {
    gc_title(&c, "write through a memoryview, read through the map, on %s",
             fx->desc);
    gc_op(&c, op_view_item(&c, "v", "i:0", "i:90"));
    gc_op(&c, op_view_item(&c, "v", "sl:i:1,i:3,", "t:YX"));
    gc_op(&c, op_getitem(&c, "m", "sl:i:0,i:4,"));
    gc_op(&c, op_view_item(&c, "v", "i:-1", NULL));
    gc_op(&c, op_named("release", "view", "v"));
    gc_op(&c, op_view_item(&c, "v", "i:0", NULL));
  } else {
    gc_title(&c, "del m while a memoryview is alive, then use the view, on %s",
             fx->desc);
    gc_op(&c, op_named("del", "name", "m"));
    gc_op(&c, op_view_item(&c, "v", "i:1", "i:89"));
    gc_op(&c, op_view_item(&c, "v", "i:1", NULL));
    gc_op(&c, op_named("release", "view", "v"));
  }
  gc_tag(&c, "exported");
  gc_done(ctx, &c);
}

static void area_export(gen_ctx *ctx) {
  static const char *const whats[] = {"close-refused", "resize-refused",
                                      "view-write", "del-map", NULL};
  const gen_fixture *fx;
  const char *const *w;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if (fx->flags & FX_PAGE)
      continue;
    for (w = whats; *w; w++)
      export_case(ctx, fx, *w);
  }
}

static void area_len(gen_ctx *ctx) {
  static const int states[] = {ST_FRESH, ST_SHRUNK, ST_GROWN, ST_CLOSED, -1};
  gen_state_cases(ctx, "len", states, "len-bool", "len(m) and bool(m) on",
                  (const char *const[]){"len", "bool", NULL});
}

/* Attributes: closed is read-only; instances have no __dict__. */
static void attr_case(gen_ctx *ctx, const gen_fixture *fx, const char *what,
                      int closed) {
  gcase c;
  gc_begin(&c, "attr/%s%s/%s", fx->name, closed ? "/closed" : "", what);
  fx_setup(&c, fx);
  if (closed)
    st_apply(&c, fx, ST_CLOSED);
  if (strcmp(what, "closed") == 0) {
    gc_title(&c, "the closed attribute of %s%s", fx->desc,
             closed ? " after close()" : "");
    gc_op(&c, op_getattr("m", "closed"));
  } else {
    gc_tag(&c, "python-object");
    gc_feature(&c, "python-object");
    if (strcmp(what, "set-closed") == 0) {
      gc_title(&c, "assigning m.closed on %s%s", fx->desc,
               closed ? " after close()" : "");
      gc_op(&c, op_setattr(&c, "m", "closed", "T"));
      gc_op(&c, op_getattr("m", "closed"));
    } else if (strcmp(what, "get-missing") == 0) {
      gc_title(&c, "reading a missing attribute of %s%s", fx->desc,
               closed ? " after close()" : "");
      gc_op(&c, op_getattr("m", "foo"));
    } else {
      gc_title(&c, "setting a new attribute on %s%s", fx->desc,
               closed ? " after close()" : "");
      gc_op(&c, op_setattr(&c, "m", "foo", "i:1"));
      gc_op(&c, op_getattr("m", "foo"));
    }
  }
  gc_done(ctx, &c);
}

static void area_attr(gen_ctx *ctx) {
  static const char *const whats[] = {"closed", "set-closed", "get-missing",
                                      "set-new", NULL};
  const gen_fixture *fx;
  const char *const *w;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if (!(fx->flags & FX_REP) || (fx->flags & FX_PAGE))
      continue;
    for (w = whats; *w; w++) {
      attr_case(ctx, fx, *w, 0);
      attr_case(ctx, fx, *w, 1);
    }
  }
}

void gen_areas_life(gen_ctx *ctx) {
  area_close(ctx);
  area_context(ctx);
  area_export(ctx);
  area_len(ctx);
  area_attr(ctx);
}
