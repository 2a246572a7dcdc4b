/* gen_ops.c - builders of the operations of INTERPRETING.md section 4,
 * with keys in the order the contract lists them ("op" first). */
#include "gen_value.h"

#include "typed.h"

json_t *op_new(gcase *c, const char *as, const char *args, const char *kw) {
  json_t *op = json_pack("{s:s,s:s,s:o}", "op", "new", "as", as, "args",
                         gv_args(c, args));
  if (op != NULL && kw != NULL && kw[0] != '\0')
    json_object_set_new(op, "kwargs", gv_kwargs(c, kw));
  return gen_check(op);
}

json_t *op_call(gcase *c, const char *on, const char *method, const char *args,
                const char *kw) {
  json_t *op = json_pack("{s:s,s:s,s:s,s:o}", "op", "call", "on", on, "method",
                         method, "args", gv_args(c, args));
  /* Keywords on a method call make the runner imply python-args. */
  if (op != NULL && kw != NULL && kw[0] != '\0') {
    json_object_set_new(op, "kwargs", gv_kwargs(c, kw));
    gc_tag(c, "python-args");
    gc_feature(c, "python-args");
  }
  return gen_check(op);
}

json_t *op_open_fd(const char *as, const char *file, const char *mode) {
  return gen_check(json_pack("{s:s,s:s,s:s,s:s}", "op", "open_fd", "as", as,
                             "file", file, "mode", mode));
}

json_t *op_open_special(const char *as, const char *special, const char *file) {
  json_t *op =
      json_pack("{s:s,s:s,s:s}", "op", "open_fd", "as", as, "special", special);
  if (op != NULL && file != NULL)
    json_object_set_new(op, "file", json_string(file));
  return gen_check(op);
}

json_t *op_named(const char *op, const char *key, const char *name) {
  return gen_check(json_pack("{s:s,s:s}", "op", op, key, name));
}

json_t *op_getitem(gcase *c, const char *on, const char *key) {
  return gen_check(
      json_pack("{s:s,s:s,s:o}", "op", "getitem", "on", on, "key", gv(c, key)));
}

json_t *op_delitem(gcase *c, const char *on, const char *key) {
  return gen_check(
      json_pack("{s:s,s:s,s:o}", "op", "delitem", "on", on, "key", gv(c, key)));
}

json_t *op_setitem(gcase *c, const char *on, const char *key,
                   const char *value) {
  return gen_check(json_pack("{s:s,s:s,s:o,s:o}", "op", "setitem", "on", on,
                             "key", gv(c, key), "value", gv(c, value)));
}

json_t *op_contains(gcase *c, const char *on, const char *value) {
  return gen_check(json_pack("{s:s,s:s,s:o}", "op", "contains", "on", on,
                             "value", gv(c, value)));
}

json_t *op_getattr(const char *on, const char *name) {
  return gen_check(
      json_pack("{s:s,s:s,s:s}", "op", "getattr", "on", on, "name", name));
}

json_t *op_setattr(gcase *c, const char *on, const char *name,
                   const char *value) {
  return gen_check(json_pack("{s:s,s:s,s:s,s:o}", "op", "setattr", "on", on,
                             "name", name, "value", gv(c, value)));
}

json_t *op_exit(gcase *c, const char *on, const char *args) {
  return gen_check(json_pack("{s:s,s:s,s:o}", "op", "exit", "on", on, "args",
                             gv_args(c, args)));
}

json_t *op_export(const char *on, const char *as) {
  return gen_check(
      json_pack("{s:s,s:s,s:s}", "op", "export", "on", on, "as", as));
}

json_t *op_view_item(gcase *c, const char *view, const char *key,
                     const char *value) {
  if (value == NULL)
    return gen_check(json_pack("{s:s,s:s,s:o}", "op", "view_getitem", "view",
                               view, "key", gv(c, key)));
  return gen_check(json_pack("{s:s,s:s,s:o,s:o}", "op", "view_setitem", "view",
                             view, "key", gv(c, key), "value", gv(c, value)));
}

json_t *op_file(const char *op, const char *file) {
  return gen_check(json_pack("{s:s,s:s}", "op", op, "file", file));
}

/* World ops take bare expressions for offset and size, as the files
 * section does for sizes (the runner evaluates them; they are never sent to
 * a host). */
json_t *op_file_truncate(gcase *c, const char *file, const char *size_expr) {
  char expr[128];
  gv_expr(expr, sizeof expr, size_expr, c->len);
  return gen_check(json_pack("{s:s,s:s,s:s}", "op", "file_truncate", "file",
                             file, "size", expr));
}

json_t *op_file_write(gcase *c, const char *file, const char *offset_expr,
                      const char *data_spec) {
  char expr[128];
  gv_expr(expr, sizeof expr, offset_expr, c->len);
  return gen_check(json_pack("{s:s,s:s,s:s,s:o}", "op", "file_write", "file",
                             file, "offset", expr, "data", gv(c, data_spec)));
}
