/* fp_jsonw.c - the small JSON writer of fp_jsonw.h. */
#include "fp_jsonw.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(fpj *w, const char *s, size_t n) {
  if (w->oom)
    return;
  if (w->len + n + 1 > w->cap) {
    size_t cap = w->cap ? w->cap : 256;
    char *p;
    while (w->len + n + 1 > cap)
      cap *= 2;
    if ((p = realloc(w->buf, cap)) == NULL) {
      w->oom = 1;
      return;
    }
    w->buf = p, w->cap = cap;
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
  w->buf[w->len] = '\0';
}

static void puts_(fpj *w, const char *s) { put(w, s, strlen(s)); }

static void quoted(fpj *w, const char *s) {
  put(w, "\"", 1);
  for (; *s != '\0'; s++) {
    const unsigned char c = (unsigned char)*s;
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\', esc[1] = (char)c;
      put(w, esc, 2);
    } else if (c < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      puts_(w, esc);
    } else
      put(w, s, 1);
  }
  put(w, "\"", 1);
}

/* The comma before an element (not before the first) and its key. */
static void element(fpj *w, const char *key) {
  if (!w->first && w->len > 0)
    put(w, ",", 1);
  w->first = 0;
  if (key != NULL) {
    quoted(w, key);
    put(w, ":", 1);
  }
}

void fpj_open(fpj *w, const char *key, char bracket) {
  element(w, key);
  put(w, &bracket, 1);
  w->first = 1;
}

void fpj_close(fpj *w, char bracket) {
  put(w, &bracket, 1);
  w->first = 0;
}

void fpj_str(fpj *w, const char *key, const char *value) {
  element(w, key);
  if (value == NULL)
    puts_(w, "null");
  else
    quoted(w, value);
}

void fpj_int(fpj *w, const char *key, int64_t value) {
  char num[32];
  element(w, key);
  snprintf(num, sizeof num, "%" PRId64, value);
  puts_(w, num);
}

void fpj_bool(fpj *w, const char *key, int value) {
  element(w, key);
  puts_(w, value ? "true" : "false");
}

void fpj_null(fpj *w, const char *key) {
  element(w, key);
  puts_(w, "null");
}

char *fpj_take(fpj *w) {
  char *text = w->oom ? NULL : w->buf;
  if (w->oom)
    free(w->buf);
  memset(w, 0, sizeof *w);
  return text;
}
