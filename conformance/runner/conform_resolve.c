/* conform_resolve.c - expression evaluation and shorthand expansion. */
#include "conform_resolve.h"

#include "conform_expr.h"
#include "conform_requires.h"
#include "conform_util.h"

#include "typed.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
  const cf_hello *hello;
  unsigned implied;
  char *why; /* first reason the case is unsupported */
} ctx;

int cf_resolve_expr(const char *expr, const cf_hello *hello, __int128 *out,
                    char **why) {
  char msg[200];
  if (cx_eval(expr, cf_hello_lookup, (void *)hello, out, msg, sizeof msg) ==
      CX_OK)
    return 0;
  *why = ut_xstrdup(msg);
  return -1;
}

static int eval(ctx *c, const json_t *expr, __int128 *out) {
  if (c->why != NULL)
    return -1;
  return cf_resolve_expr(json_string_value(expr), c->hello, out, &c->why);
}

static json_t *int_value(ctx *c, const json_t *expr) {
  __int128 v;
  char buf[CX_DECIMAL_MAX];
  if (eval(c, expr, &v) != 0)
    return NULL;
  if (v > INT64_MAX || v < INT64_MIN)
    c->implied |= CF_FEAT_BIGINT;
  cx_format(v, buf);
  return json_pack("{ss}", "int", buf);
}

/* N bytes of a...z repeated, or of UNIT (ULEN bytes) repeated. */
static json_t *expand(ctx *c, const json_t *count, const uint8_t *unit,
                      size_t ulen) {
  __int128 n;
  uint8_t *buf;
  json_t *v;
  if (eval(c, count, &n) != 0)
    return NULL;
  if (n < 0 || n * (__int128)(ulen ? ulen : 1) > CF_MAX_EXPANSION) {
    c->why = ut_xstrdup("byte count out of range for the runner");
    return NULL;
  }
  size_t total = unit ? (size_t)n * ulen : (size_t)n;
  buf = ut_xmalloc(total);
  for (size_t i = 0; i < total; i++)
    buf[i] = unit ? unit[i % ulen] : (uint8_t)('a' + i % 26);
  v = tv_bytes(buf, total);
  free(buf);
  return v;
}

static json_t *resolve_value(ctx *c, const json_t *v);
static json_t *resolve_op(ctx *c, const json_t *op);

/* {"index": {"value": E, "then": OP}} -> {"index": {"value": "<decimal>",
 * "then": OP resolved}}: the host runs OP inside __index__ (2). */
static json_t *resolve_index(ctx *c, const json_t *x) {
  const json_t *then = json_object_get(x, "then");
  json_t *n = int_value(c, json_object_get(x, "value")), *out;
  if (n == NULL)
    return NULL;
  c->implied |= CF_FEAT_REENTRANT_INDEX;
  out = tv_index(json_string_value(json_object_get(n, "int")),
                 then != NULL ? resolve_op(c, then) : NULL);
  json_decref(n);
  return out;
}

static json_t *resolve_members(ctx *c, const json_t *a) {
  json_t *out = json_array(), *m;
  size_t i;
  json_array_foreach(a, i, m) {
    json_array_append_new(out, resolve_value(c, m));
  }
  return out;
}

static json_t *resolve_repeat(ctx *c, const json_t *x) {
  size_t ulen;
  uint8_t *unit =
      tv_hex_decode(json_string_value(json_object_get(x, "bytes")), &ulen);
  json_t *v = expand(c, json_object_get(x, "count"), unit, ulen);
  free(unit);
  return v;
}

/* A new reference to the resolved form of V (validated already), or a null
 * placeholder once the case is unsupported (C->WHY is then set). */
static json_t *resolve_value(ctx *c, const json_t *v) {
  const char *kind = tv_kind(v);
  const json_t *x = json_is_object(v) ? json_object_get(v, kind) : NULL;
  json_t *r = NULL;
  if (x == NULL)
    return json_deep_copy(v); /* null, true, false */
  if (!strcmp(kind, "int"))
    r = int_value(c, x);
  else if (!strcmp(kind, "text"))
    r = tv_bytes(json_string_value(x), json_string_length(x));
  else if (!strcmp(kind, "pattern"))
    r = expand(c, x, NULL, 0);
  else if (!strcmp(kind, "repeat"))
    r = resolve_repeat(c, x);
  else if (!strcmp(kind, "index"))
    r = resolve_index(c, x);
  else if (!strcmp(kind, "tuple") || !strcmp(kind, "list") ||
           !strcmp(kind, "slice"))
    r = json_pack("{so}", kind, resolve_members(c, x));
  else
    r = json_deep_copy(v);
  /* Python-only value kinds (5.3); slice members are ordinary ints. */
  if (!strcmp(kind, "str") || !strcmp(kind, "float") ||
      !strcmp(kind, "tuple") || !strcmp(kind, "list") ||
      !strcmp(kind, "bytearray") || !strcmp(kind, "memoryview") ||
      !strcmp(kind, "ellipsis"))
    c->implied |= CF_FEAT_PYTHON_ARGS;
  return r != NULL ? r : json_null();
}

/* Whether V, argument KEY (a keyword) or INDEX (a position) of op OP, is
 * the constructor's tagname as a str: a C string the core takes
 * (mml_open_args.tagname), not Python argument handling. It is the third
 * positional parameter on Windows only (INTERPRETING.md 5.3). */
static int tagname_str(const ctx *c, const json_t *op, const char *key,
                       size_t index, const json_t *v) {
  const char *name = json_string_value(json_object_get(op, "op"));
  if (name == NULL || strcmp(name, "new") != 0 ||
      json_object_get(v, "str") == NULL)
    return 0;
  if (key != NULL)
    return strcmp(key, "tagname") == 0;
  return index == 2 && strcmp(c->hello->platform, "win32") == 0;
}

/* resolve_value, keeping a tagname str from implying python-args. */
static json_t *resolve_arg(ctx *c, const json_t *op, const char *key,
                           size_t index, const json_t *v) {
  const unsigned before = c->implied;
  json_t *r = resolve_value(c, v);
  if (tagname_str(c, op, key, index, v))
    c->implied = before;
  return r;
}

static json_t *resolve_op(ctx *c, const json_t *op) {
  json_t *out = json_object(), *v;
  const char *key;
  json_object_foreach((json_t *)op, key, v) {
    json_t *r;
    if (!strcmp(key, "args")) {
      size_t i;
      json_t *m;
      r = json_array();
      json_array_foreach(v, i, m) {
        json_array_append_new(r, resolve_arg(c, op, NULL, i, m));
      }
    } else if (!strcmp(key, "kwargs")) {
      const char *k;
      json_t *m;
      r = json_object();
      json_object_foreach(v, k, m) {
        json_object_set_new(r, k, resolve_arg(c, op, k, 0, m));
      }
    } else if (!strcmp(key, "shape")) {
      r = resolve_members(c, v);
    } else if (!strcmp(key, "key") || !strcmp(key, "value") ||
               !strcmp(key, "data") || !strcmp(key, "protocol") ||
               !strcmp(key, "flags")) {
      r = resolve_value(c, v);
    } else if ((!strcmp(key, "offset") || !strcmp(key, "size")) &&
               json_is_string(v)) {
      r = int_value(c, v); /* bare expression of a world op */
      r = r != NULL ? r : json_null();
    } else {
      r = json_deep_copy(v);
    }
    json_object_set_new(out, key, r);
  }
  c->implied |= cf_op_implied_features(op);
  return out;
}

static json_t *resolve_file(ctx *c, const json_t *f) {
  const char *fill = json_string_value(json_object_get(f, "fill"));
  __int128 n;
  if (json_object_get(f, "dir") != NULL)
    return json_deep_copy(f);
  if (fill == NULL)
    return resolve_value(c, f); /* {"bytes"} or {"text"} */
  if (eval(c, json_object_get(f, "size"), &n) != 0)
    return json_null();
  /* Zero-filled files are made sparse with ftruncate, so only a pattern
   * is bounded by memory. */
  if (n < 0 || n > INT64_MAX ||
      (!strcmp(fill, "pattern") && n > CF_MAX_EXPANSION)) {
    c->why = ut_xstrdup("file size out of range for the runner");
    return json_null();
  }
  return json_pack("{sI}", fill, (json_int_t)n);
}

int cf_resolve_case(const json_t *kase, const cf_hello *hello, cf_resolved *out,
                    char **why) {
  ctx c = {hello, 0, NULL};
  const char *name;
  json_t *v;
  size_t i;
  out->ops = json_array();
  out->files = json_object();
  json_object_foreach(json_object_get(kase, "files"), name, v) {
    json_object_set_new(out->files, name, resolve_file(&c, v));
  }
  json_array_foreach(json_object_get(kase, "ops"), i, v) {
    json_array_append_new(out->ops, resolve_op(&c, v));
  }
  out->implied = c.implied;
  if (c.why != NULL) {
    cf_resolved_free(out);
    *why = c.why;
    return -1;
  }
  return 0;
}

void cf_resolved_free(cf_resolved *r) {
  json_decref(r->ops);
  json_decref(r->files);
  r->ops = r->files = NULL;
}
