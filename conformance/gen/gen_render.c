/* gen_render.c - Python renderings of value specs for case titles:
 * "i:$L+1" -> "len+1", "t:a\nb" -> "b'a\nb'", "sl:i:1,,i:-1" -> "1::-1". */
#include "gen_value.h"

#include "ut_str.h"

#include <stdio.h>
#include <string.h>

static void render_expr(ut_str *b, const char *e) {
  for (; *e; e++) {
    if (e[0] == '$' && e[1] == 'L') {
      ut_str_add(b, "len");
      e++;
    } else {
      ut_str_addn(b, e, 1);
    }
  }
}

/* A bytes/str literal body with Python escapes, shortened past 16 chars. */
static void render_chars(ut_str *b, const char *t, size_t n) {
  size_t i, shown = n > 16 ? 12 : n;
  char tmp[8];
  for (i = 0; i < shown; i++) {
    unsigned char ch = (unsigned char)t[i];
    if (ch == '\n')
      ut_str_add(b, "\\n");
    else if (ch == '\\' || ch == '\'')
      ut_str_addn(b, "\\", 1), ut_str_addn(b, t + i, 1);
    else if (ch < 0x20 || ch > 0x7e)
      snprintf(tmp, sizeof tmp, "\\x%02x", ch), ut_str_add(b, tmp);
    else
      ut_str_addn(b, t + i, 1);
  }
  if (shown < n)
    ut_str_add(b, "...");
}

static void render_hex(ut_str *b, const char *hex) {
  char raw[64];
  size_t n = strlen(hex) / 2, i;
  if (n > sizeof raw)
    n = sizeof raw;
  for (i = 0; i < n; i++) {
    unsigned v = 0;
    sscanf(hex + 2 * i, "%2x", &v);
    raw[i] = (char)v;
  }
  render_chars(b, raw, n);
}

static void render_one(ut_str *b, const char *spec);

static void render_members(ut_str *b, const char *body, const char *sep) {
  char item[256];
  for (int first = 1; body != NULL; first = 0) {
    body = gv_next_item(body, ',', item, sizeof item);
    if (!first)
      ut_str_add(b, sep);
    if (item[0] != '\0')
      render_one(b, item);
  }
}

/* start:stop:step, or start:stop when the step is omitted (as written). */
static void render_slice(ut_str *b, const char *body) {
  char tmp[256];
  size_t n = strlen(body);
  if (n >= sizeof tmp)
    gen_fail("slice spec too long: %.40s", body);
  memcpy(tmp, body, n + 1);
  if (n > 0 && tmp[n - 1] == ',')
    tmp[n - 1] = '\0';
  render_members(b, tmp, ":");
}

/* How a spec's body is shown between its prefix text and suffix text. */
typedef enum body_kind {
  B_NONE, /* no body: the text is all */
  B_EXPR,
  B_CHARS,
  B_HEX,
  B_NAME,
  B_MEMBERS,
  B_SLICE
} body_kind;

static void render_one(ut_str *b, const char *spec) {
  static const struct {
    const char *before;
    body_kind how;
    const char *after;
  } kinds[GK_COUNT] = {[GK_NONE] = {"None", B_NONE, ""},
                       [GK_TRUE] = {"True", B_NONE, ""},
                       [GK_FALSE] = {"False", B_NONE, ""},
                       [GK_ELLIPSIS] = {"...", B_NONE, ""},
                       [GK_INT] = {"", B_EXPR, ""},
                       [GK_FLOAT] = {"", B_EXPR, ""},
                       [GK_PATTERN] = {"pattern(", B_EXPR, ")"},
                       [GK_ZEROS] = {"b'\\0'*(", B_EXPR, ")"},
                       [GK_TEXT] = {"b'", B_CHARS, "'"},
                       [GK_STR] = {"'", B_CHARS, "'"},
                       [GK_BYTES] = {"b'", B_HEX, "'"},
                       [GK_BYTEARRAY] = {"bytearray(b'", B_HEX, "')"},
                       [GK_MEMORYVIEW] = {"memoryview(b'", B_HEX, "')"},
                       [GK_REF] = {"", B_NAME, ""},
                       [GK_FD] = {"", B_NAME, ""},
                       [GK_TUPLE] = {"(", B_MEMBERS, ",)"},
                       [GK_LIST] = {"[", B_MEMBERS, "]"},
                       [GK_SLICE] = {"", B_SLICE, ""}};
  const char *body;
  const int k = gv_kind_of(spec, &body);
  if (k < 0)
    gen_fail("bad value spec '%s'", spec);
  ut_str_add(b, kinds[k].before);
  switch (kinds[k].how) {
  case B_NONE:
    break;
  case B_EXPR:
    render_expr(b, body);
    break;
  case B_CHARS:
    render_chars(b, body, strlen(body));
    break;
  case B_HEX:
    render_hex(b, body);
    break;
  case B_NAME:
    ut_str_add(b, body);
    break;
  case B_MEMBERS:
    render_members(b, body, ", ");
    break;
  case B_SLICE:
    render_slice(b, body);
    break;
  }
  ut_str_add(b, kinds[k].after);
}

static void render_list(ut_str *b, const char *specs, int keywords) {
  char item[512];
  for (int first = 1; specs != NULL && specs[0] != '\0'; first = 0) {
    char *eq;
    specs = gv_next_item(specs, ';', item, sizeof item);
    if (!first || (keywords && b->len > 0))
      ut_str_add(b, ", ");
    eq = keywords ? strchr(item, '=') : NULL;
    if (eq != NULL) {
      ut_str_addn(b, item, (size_t)(eq - item) + 1);
      render_one(b, eq + 1);
    } else {
      render_one(b, item);
    }
  }
}

void gv_render(char *buf, size_t cap, const char *specs, const char *kw) {
  ut_str b = {0};
  render_list(&b, specs, 0);
  render_list(&b, kw, 1);
  gv_store(buf, cap, &b);
}
