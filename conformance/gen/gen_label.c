/* gen_label.c - id labels and Python renderings of value specs (the
 * notation of gen_value.h), used to name and title the generated cases. */
#include "gen_value.h"

#include "ut_str.h"

#include <stdio.h>
#include <string.h>

/* ---- Labels: only [a-z0-9.+-], so that they can be part of an id. ---- */

static void label_expr(ut_str *b, const char *e) {
  for (; *e; e++) {
    char ch = *e;
    if (e[0] == '$' && e[1] == 'L') {
      ut_str_add(b, "len");
      e++;
    } else if (e[0] == '*' && e[1] == '*') {
      ut_str_add(b, "p");
      e++;
    } else if (ch == '*') {
      ut_str_add(b, "x");
    } else if (ch == '|') {
      ut_str_add(b, "+");
    } else if (ch == '_') {
      ut_str_add(b, ".");
    } else if (ch >= 'A' && ch <= 'Z') {
      char low = (char)(ch - 'A' + 'a');
      ut_str_addn(b, &low, 1);
    } else if ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-') {
      ut_str_addn(b, &ch, 1);
    } /* parentheses and anything else are dropped */
  }
}

/* Text: lower-case letters and digits kept, anything else as xNN; long
 * texts are shortened to their length and first characters. */
static void label_text(ut_str *b, const char *t) {
  size_t n = strlen(t), i;
  char tmp[32];
  if (n == 0) {
    ut_str_add(b, "empty");
    return;
  }
  if (n > 10) {
    snprintf(tmp, sizeof tmp, "len%zu.", n);
    ut_str_add(b, tmp);
    n = 6;
  }
  for (i = 0; i < n; i++) {
    char ch = t[i];
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
      ut_str_addn(b, &ch, 1);
    else {
      snprintf(tmp, sizeof tmp, "x%02x", (unsigned char)ch);
      ut_str_add(b, tmp);
    }
  }
}

static void label_hex(ut_str *b, const char *hex) {
  size_t n = strlen(hex);
  char tmp[24];
  ut_str_add(b, "x");
  if (n > 16) {
    ut_str_addn(b, hex, 8);
    snprintf(tmp, sizeof tmp, ".len%zu", n / 2);
    ut_str_add(b, tmp);
  } else {
    ut_str_add(b, hex);
  }
}

/* A float's decimal text: digits, '.', '-', '+' and lower-case letters
 * ("inf", "1e+300") are all valid in ids. */
static void label_float(ut_str *b, const char *d) {
  for (; *d; d++) {
    char ch = *d >= 'A' && *d <= 'Z' ? (char)(*d - 'A' + 'a') : *d;
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
        strchr(".+-", ch) != NULL)
      ut_str_addn(b, &ch, 1);
  }
}

static void label_one(ut_str *b, const char *spec);

static void label_members(ut_str *b, const char *body) {
  char item[256];
  while (body != NULL) {
    body = gv_next_item(body, ',', item, sizeof item);
    ut_str_add(b, ".");
    if (item[0] != '\0')
      label_one(b, item);
  }
}

static void label_one(ut_str *b, const char *spec) {
  typedef void body_fn(ut_str *, const char *);
  static const struct {
    const char *out; /* the label's start */
    body_fn *body;   /* how the spec's body continues it (NULL: no body) */
  } kinds[GK_COUNT] = {[GK_NONE] = {"none", NULL},
                       [GK_TRUE] = {"true", NULL},
                       [GK_FALSE] = {"false", NULL},
                       [GK_ELLIPSIS] = {"ellipsis", NULL},
                       [GK_INT] = {"", label_expr},
                       [GK_PATTERN] = {"pat", label_expr},
                       [GK_ZEROS] = {"zeros", label_expr},
                       [GK_TEXT] = {"b.", label_text},
                       [GK_BYTES] = {"b.", label_hex},
                       [GK_STR] = {"s.", label_text},
                       [GK_FLOAT] = {"f.", label_float},
                       [GK_BYTEARRAY] = {"ba.", label_hex},
                       [GK_MEMORYVIEW] = {"mv.", label_hex},
                       [GK_REF] = {"ref.", label_text},
                       [GK_FD] = {"fd.", label_text},
                       [GK_TUPLE] = {"tuple", label_members},
                       [GK_LIST] = {"list", label_members},
                       [GK_SLICE] = {"sl", label_members}};
  const char *body;
  const int k = gv_kind_of(spec, &body);
  if (k < 0)
    gen_fail("bad value spec '%s'", spec);
  ut_str_add(b, kinds[k].out);
  if (kinds[k].body != NULL)
    kinds[k].body(b, body);
}

static void each_spec(const char *specs, char sep,
                      void (*fn)(ut_str *, const char *), ut_str *b,
                      const char *joiner) {
  char item[512];
  for (int first = 1; specs != NULL && specs[0] != '\0'; first = 0) {
    specs = gv_next_item(specs, sep, item, sizeof item);
    if (!first)
      ut_str_add(b, joiner);
    fn(b, item);
  }
}

static void label_kw(ut_str *b, const char *item) {
  const char *eq = strchr(item, '=');
  char name[64];
  size_t n = eq ? (size_t)(eq - item) : 0;
  if (eq == NULL || n >= sizeof name)
    gen_fail("bad keyword spec '%s'", item);
  memcpy(name, item, n);
  name[n] = '\0';
  label_text(b, name);
  ut_str_add(b, ".");
  label_one(b, eq + 1);
}

void gv_label(char *buf, size_t cap, const char *specs, const char *kw) {
  ut_str b = {0};
  if ((specs == NULL || specs[0] == '\0') && (kw == NULL || kw[0] == '\0')) {
    ut_str_add(&b, "noargs");
  } else {
    each_spec(specs, ';', label_one, &b, "_");
    if (kw != NULL && kw[0] != '\0') {
      if (b.len > 0)
        ut_str_add(&b, "_");
      ut_str_add(&b, "kw.");
      each_spec(kw, ';', label_kw, &b, "_");
    }
  }
  gv_store(buf, cap, &b);
}
