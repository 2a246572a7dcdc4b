/* gen_case.c - the case builder: collects cases per area, checks ids. */
#include "gen_case.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gen_fail(const char *fmt, ...) {
  va_list ap;
  fputs("mmaplab-gen-cases: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  exit(1);
}

json_t *gen_check(json_t *v) {
  if (v == NULL)
    gen_fail("out of memory building a case");
  return v;
}

void gen_ctx_init(gen_ctx *ctx) {
  ctx->areas = gen_check(json_object());
  ctx->ids = gen_check(json_object());
}

void gen_ctx_free(gen_ctx *ctx) {
  json_decref(ctx->areas);
  json_decref(ctx->ids);
  ctx->areas = ctx->ids = NULL;
}

void gc_begin(gcase *c, const char *id_fmt, ...) {
  va_list ap;
  int n;
  memset(c, 0, sizeof *c);
  va_start(ap, id_fmt);
  n = vsnprintf(c->id, sizeof c->id, id_fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof c->id)
    gen_fail("case id too long: %s", c->id);
  c->tags = gen_check(json_array());
  c->features = gen_check(json_array());
  c->files = gen_check(json_object());
  c->ops = gen_check(json_array());
}

void gc_title(gcase *c, const char *fmt, ...) {
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(c->title, sizeof c->title, fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof c->title)
    gen_fail("title too long in %s", c->id);
}

static void add_unique(json_t *arr, const char *s) {
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    if (strcmp(json_string_value(v), s) == 0)
      return;
  }
  json_array_append_new(arr, gen_check(json_string(s)));
}

void gc_tag(gcase *c, const char *tag) { add_unique(c->tags, tag); }
void gc_feature(gcase *c, const char *feature) {
  add_unique(c->features, feature);
}

void gc_python(gcase *c, const char *constraint) {
  snprintf(c->python, sizeof c->python, "%s", constraint);
}

void gc_crash(gcase *c) {
  gc_tag(c, "crash");
  c->isolate = 1;
  c->linux_only = 1;
}

void gc_file_text(gcase *c, const char *name, const char *text) {
  json_object_set_new(c->files, name,
                      gen_check(json_pack("{s:s}", "text", text)));
}

void gc_file_fill(gcase *c, const char *name, const char *fill,
                  const char *size_expr) {
  json_object_set_new(
      c->files, name,
      gen_check(json_pack("{s:s,s:s}", "fill", fill, "size", size_expr)));
}

void gc_file_dir(gcase *c, const char *name) {
  json_object_set_new(c->files, name, gen_check(json_pack("{s:b}", "dir", 1)));
}

void gc_op(gcase *c, json_t *op) {
  json_array_append_new(c->ops, gen_check(op));
}

/* INTERPRETING.md 3: [a-z0-9][a-z0-9._/+-]*, with an area before a '/'. */
static int id_ok(const char *id) {
  const char *p;
  if (!((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
    return 0;
  for (p = id; *p; p++) {
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
          strchr("._/+-", *p) != NULL))
      return 0;
  }
  return strchr(id, '/') != NULL;
}

static json_t *requires_of(const gcase *c) {
  json_t *r = gen_check(json_object());
  if (c->python[0] != '\0')
    json_object_set_new(r, "python", gen_check(json_string(c->python)));
  if (c->linux_only)
    json_object_set_new(r, "platforms", gen_check(json_pack("[s]", "linux")));
  if (json_array_size(c->features) > 0)
    json_object_set(r, "features", c->features);
  return r;
}

void gc_done(gen_ctx *ctx, gcase *c) {
  char area[64];
  size_t alen = strcspn(c->id, "/");
  json_t *cases, *obj;
  if (!id_ok(c->id) || alen >= sizeof area)
    gen_fail("malformed case id '%s'", c->id);
  if (c->title[0] == '\0' || json_array_size(c->ops) == 0)
    gen_fail("case %s has no title or no operations", c->id);
  if (json_object_get(ctx->ids, c->id) != NULL)
    gen_fail("duplicate case id '%s'", c->id);
  json_object_set_new(ctx->ids, c->id, json_true());
  memcpy(area, c->id, alen);
  area[alen] = '\0';
  /* The area's own tag first, so that every case can be filtered by it. */
  for (size_t i = 0; i < json_array_size(c->tags);) {
    if (strcmp(json_string_value(json_array_get(c->tags, i)), area) == 0)
      json_array_remove(c->tags, i);
    else
      i++;
  }
  json_array_insert_new(c->tags, 0, gen_check(json_string(area)));
  obj = gen_check(json_pack("{s:s,s:s,s:O,s:o,s:b,s:O,s:O}", "id", c->id,
                            "title", c->title, "tags", c->tags, "requires",
                            requires_of(c), "isolate", c->isolate, "files",
                            c->files, "ops", c->ops));
  cases = json_object_get(ctx->areas, area);
  if (cases == NULL) {
    cases = gen_check(json_array());
    json_object_set_new(ctx->areas, area, cases);
  }
  json_array_append_new(cases, obj);
  json_decref(c->tags);
  json_decref(c->features);
  json_decref(c->files);
  json_decref(c->ops);
  memset(c, 0, sizeof *c);
}
