/* typed.c - typed JSON values of the conformance protocol. */
#include "typed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *tagged(const char *key, json_t *value) {
  json_t *o = json_object();
  if (o == NULL || value == NULL || json_object_set_new(o, key, value) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}

json_t *tv_int(int64_t v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%lld", (long long)v);
  return tagged("int", json_string(buf));
}

json_t *tv_int_expr(const char *expr) {
  return tagged("int", json_string(expr));
}

json_t *tv_bytes(const void *data, size_t len) {
  char *hex = tv_hex_encode(data, len);
  json_t *v = hex != NULL ? tagged("bytes", json_string(hex)) : NULL;
  free(hex);
  return v;
}

json_t *tv_text(const char *text) { return tagged("text", json_string(text)); }
json_t *tv_str(const char *s) { return tagged("str", json_string(s)); }
json_t *tv_float(const char *d) { return tagged("float", json_string(d)); }
json_t *tv_ref(const char *name) { return tagged("ref", json_string(name)); }
json_t *tv_fd(const char *name) { return tagged("fd", json_string(name)); }

json_t *tv_tagged(const char *key, json_t *value) { return tagged(key, value); }

json_t *tv_slice(json_t *start, json_t *stop, json_t *step) {
  json_t *a = json_array();
  json_array_append_new(a, start ? start : json_null());
  json_array_append_new(a, stop ? stop : json_null());
  json_array_append_new(a, step ? step : json_null());
  return tagged("slice", a);
}

json_t *tv_index(const char *value, json_t *then) {
  json_t *x = json_pack("{ss}", "value", value);
  if (x != NULL && then != NULL)
    json_object_set_new(x, "then", then);
  else if (then != NULL)
    json_decref(then);
  return tagged("index", x);
}

const char *tv_kind(const json_t *v) {
  const char *key;
  json_t *val;
  if (v == NULL)
    return NULL;
  if (json_is_null(v))
    return "null";
  if (json_is_boolean(v))
    return "bool";
  if (!json_is_object(v) || json_object_size(v) != 1)
    return NULL;
  json_object_foreach((json_t *)v, key, val) { return key; }
  return NULL;
}

int tv_parse_int64(const char *s, int64_t *out) {
  const char *p = s;
  int neg = 0;
  uint64_t acc = 0, limit;
  if (s == NULL || *s == '\0')
    return -1;
  if (*p == '-') {
    neg = 1;
    p++;
  }
  if (*p == '\0')
    return -1;
  limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
  for (; *p; p++) {
    if (*p < '0' || *p > '9')
      return -1;
    if (acc > (limit - (uint64_t)(*p - '0')) / 10) {
      /* Out of range: finish validating, then clamp. */
      for (p++; *p; p++)
        if (*p < '0' || *p > '9')
          return -1;
      *out = neg ? INT64_MIN : INT64_MAX;
      return -2;
    }
    acc = acc * 10 + (uint64_t)(*p - '0');
  }
  if (neg)
    *out = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
  else
    *out = (int64_t)acc;
  return 0;
}

int tv_get_int64(const json_t *v, int64_t *out) {
  const char *kind = tv_kind(v);
  if (kind == NULL || strcmp(kind, "int") != 0)
    return -1;
  return tv_parse_int64(json_string_value(json_object_get(v, "int")), out);
}

char *tv_hex_encode(const void *data, size_t len) {
  static const char digits[] = "0123456789abcdef";
  const uint8_t *p = data;
  char *s = malloc(2 * len + 1);
  if (s == NULL)
    return NULL;
  for (size_t i = 0; i < len; i++) {
    s[2 * i] = digits[p[i] >> 4];
    s[2 * i + 1] = digits[p[i] & 15];
  }
  s[2 * len] = '\0';
  return s;
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

uint8_t *tv_hex_decode(const char *hex, size_t *len) {
  size_t n;
  uint8_t *buf;
  if (hex == NULL || (n = strlen(hex)) % 2 != 0)
    return NULL;
  buf = malloc(n / 2 + 1);
  if (buf == NULL)
    return NULL;
  for (size_t i = 0; i < n / 2; i++) {
    int hi = hex_digit(hex[2 * i]), lo = hex_digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(buf);
      return NULL;
    }
    buf[i] = (uint8_t)(hi << 4 | lo);
  }
  *len = n / 2;
  return buf;
}

uint8_t *tv_get_bytes(const json_t *v, size_t *len) {
  const char *kind = tv_kind(v);
  if (kind == NULL || strcmp(kind, "bytes") != 0)
    return NULL;
  return tv_hex_decode(json_string_value(json_object_get(v, "bytes")), len);
}

json_t *tv_result_value(json_t *v) { return tagged("value", v); }

json_t *tv_result_raise(const char *type, const char *message, int err) {
  json_t *r = json_object();
  json_object_set_new(r, "type", json_string(type));
  json_object_set_new(r, "message", json_string(message));
  json_object_set_new(r, "errno", err >= 0 ? json_integer(err) : json_null());
  return tagged("raise", r);
}

json_t *tv_result_unsupported(const char *why) {
  return tagged("unsupported", json_string(why));
}

int tv_write_line(FILE *f, const json_t *v) {
  if (json_dumpf(v, f, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
    return -1;
  if (fputc('\n', f) == EOF || fflush(f) != 0)
    return -1;
  return 0;
}
