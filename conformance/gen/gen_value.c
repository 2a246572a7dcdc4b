/* gen_value.c - value specs (see gen_value.h) to typed JSON, through the
 * builders of typed.h. Labels and renderings are in gen_label.c and
 * gen_render.c. */
#include "gen_value.h"

#include "ut_str.h"
#include "typed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One atom of the expression grammar: a decimal or a NAME. */
static int is_atom(const char *s) {
  if (*s == '\0')
    return 0;
  for (; *s; s++) {
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  }
  return 1;
}

void gv_store(char *buf, size_t cap, ut_str *text) {
  const char *t = text->data != NULL ? text->data : "";
  if (text->len >= cap)
    gen_fail("text too long at '%.40s'", t + (cap > 0 ? cap - 1 : 0));
  memcpy(buf, t, text->len + 1);
  free(text->data);
  *text = (ut_str){0};
}

void gv_expr(char *buf, size_t cap, const char *expr, const char *len) {
  ut_str b = {0};
  const char *p;
  for (p = expr; *p; p++) {
    if (p[0] == '$' && p[1] == 'L') {
      if (len == NULL || len[0] == '\0')
        gen_fail("'$L' used before a mapping length is known: %s", expr);
      if (!is_atom(len))
        ut_str_add(&b, "(");
      ut_str_add(&b, len);
      if (!is_atom(len))
        ut_str_add(&b, ")");
      p++;
    } else {
      ut_str_addn(&b, p, 1);
    }
  }
  gv_store(buf, cap, &b);
}

int gv_kind_of(const char *spec, const char **body) {
  static const char *const names[GK_COUNT] = {
      [GK_NONE] = "n",         [GK_TRUE] = "T",   [GK_FALSE] = "F",
      [GK_ELLIPSIS] = "E",     [GK_INT] = "i:",   [GK_PATTERN] = "p:",
      [GK_ZEROS] = "z:",       [GK_TEXT] = "t:",  [GK_BYTES] = "b:",
      [GK_STR] = "s:",         [GK_FLOAT] = "f:", [GK_BYTEARRAY] = "ba:",
      [GK_MEMORYVIEW] = "mv:", [GK_REF] = "r:",   [GK_FD] = "fd:",
      [GK_TUPLE] = "tu:",      [GK_LIST] = "li:", [GK_SLICE] = "sl:"};
  for (int k = 0; k < GK_COUNT; k++) {
    const size_t n = strlen(names[k]);
    /* a prefix ends in ':'; a constant is the whole spec */
    if (strncmp(spec, names[k], n) == 0 &&
        (names[k][n - 1] == ':' || spec[n] == '\0')) {
      *body = spec + n;
      return k;
    }
  }
  return -1;
}

const char *gv_next_item(const char *s, char sep, char *item, size_t cap) {
  size_t n = strcspn(s, (char[]){sep, '\0'});
  if (n >= cap)
    gen_fail("value spec too long: %.60s", s);
  memcpy(item, s, n);
  item[n] = '\0';
  return s[n] == sep ? s + n + 1 : NULL;
}

static void implied_pyargs(gcase *c) {
  gc_tag(c, "python-args");
  gc_feature(c, "python-args");
}

static json_t *members(gcase *c, const char *body, char sep) {
  json_t *arr = gen_check(json_array());
  char item[256];
  /* An empty body is an empty tuple or list. */
  const char *rest = body[0] != '\0' ? body : NULL;
  while (rest != NULL) {
    rest = gv_next_item(rest, sep, item, sizeof item);
    json_array_append_new(arr, item[0] ? gv(c, item) : gen_check(json_null()));
  }
  return arr;
}

static json_t *slice(gcase *c, const char *body) {
  json_t *m = members(c, body, ',');
  json_t *v;
  if (json_array_size(m) != 3)
    gen_fail("slice spec needs 3 members: %s", body);
  /* tv_slice steals its members; take them out of the array first. */
  v = tv_slice(json_incref(json_array_get(m, 0)),
               json_incref(json_array_get(m, 1)),
               json_incref(json_array_get(m, 2)));
  json_decref(m);
  return gen_check(v);
}

/* Hex checked by decoding it (tv_bytes re-encodes it in lower case). */
static json_t *hex_value(const char *kind, const char *hex) {
  size_t n;
  uint8_t *raw = tv_hex_decode(hex, &n);
  json_t *v;
  if (raw == NULL)
    gen_fail("bad hex '%s' in a %s spec", hex, kind);
  v = tv_bytes(raw, n);
  free(raw);
  gen_check(v);
  if (strcmp(kind, "bytes") == 0)
    return v;
  /* bytearray / memoryview: the same hex under another key. */
  {
    json_t *t = tv_tagged(kind, json_incref(json_object_get(v, "bytes")));
    json_decref(v);
    return gen_check(t);
  }
}

json_t *gv(gcase *c, const char *spec) {
  char expr[256];
  const char *body;
  const int kind = gv_kind_of(spec, &body);
  switch (kind) {
  case -1:
    gen_fail("bad value spec '%s'", spec);
  case GK_NONE:
    return gen_check(json_null());
  case GK_TRUE:
  case GK_FALSE:
    return gen_check(json_boolean(kind == GK_TRUE));
  case GK_INT:
  case GK_PATTERN:
  case GK_ZEROS:
    gv_expr(expr, sizeof expr, body, c->len);
    if (kind == GK_INT)
      return gen_check(tv_int_expr(expr));
    if (kind == GK_PATTERN)
      return gen_check(tv_tagged("pattern", json_string(expr)));
    return gen_check(tv_tagged(
        "repeat", json_pack("{s:s,s:s}", "bytes", "00", "count", expr)));
  case GK_TEXT:
    return gen_check(tv_text(body));
  case GK_BYTES:
    return hex_value("bytes", body);
  case GK_REF:
    return gen_check(tv_ref(body));
  case GK_FD:
    return gen_check(tv_fd(body));
  case GK_SLICE:
    return slice(c, body);
  }
  /* The remaining kinds make the runner imply python-args (5.3). */
  implied_pyargs(c);
  switch (kind) {
  case GK_ELLIPSIS:
    return gen_check(tv_tagged("ellipsis", json_true()));
  case GK_STR:
    return gen_check(tv_str(body));
  case GK_FLOAT:
    return gen_check(tv_float(body));
  case GK_BYTEARRAY:
    return hex_value("bytearray", body);
  case GK_MEMORYVIEW:
    return hex_value("memoryview", body);
  default: /* GK_TUPLE, GK_LIST */
    return gen_check(
        tv_tagged(kind == GK_TUPLE ? "tuple" : "list", members(c, body, ',')));
  }
}

/* The ';'-separated SPECS as an argument list, or as a keyword dict of
 * NAME=SPEC items when KEYWORDS. */
static json_t *spec_list(gcase *c, const char *specs, int keywords) {
  json_t *out = gen_check(keywords ? json_object() : json_array());
  char item[512];
  const char *rest = specs != NULL && specs[0] != '\0' ? specs : NULL;
  while (rest != NULL) {
    char *eq;
    rest = gv_next_item(rest, ';', item, sizeof item);
    if (!keywords) {
      json_array_append_new(out, gv(c, item));
      continue;
    }
    if ((eq = strchr(item, '=')) == NULL)
      gen_fail("keyword spec without '=': %s", item);
    *eq = '\0';
    json_object_set_new(out, item, gv(c, eq + 1));
  }
  return out;
}

json_t *gv_args(gcase *c, const char *specs) { return spec_list(c, specs, 0); }

json_t *gv_kwargs(gcase *c, const char *specs) {
  return spec_list(c, specs, 1);
}
