/* conform_hello.c - validation of a host's hello. */
#include "conform_hello.h"

#include "conform_expr.h"
#include "conform_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cf_version_parse(const char *s, int ver[3], int *nparts) {
  int n = 0;
  const char *p = s;
  ver[0] = ver[1] = ver[2] = 0;
  while (n < 3) {
    long v = 0;
    if (*p < '0' || *p > '9')
      return -1;
    for (; *p >= '0' && *p <= '9'; p++)
      if ((v = v * 10 + (*p - '0')) > 100000)
        return -1;
    ver[n++] = (int)v;
    if (*p != '.')
      break;
    p++;
  }
  if (*p != '\0' || n < 2)
    return -1;
  *nparts = n;
  return 0;
}

static const char *get_string(const json_t *msg, const char *key) {
  return json_string_value(json_object_get(msg, key));
}

/* A constant's value: a JSON integer, or a typed {"int": "<decimal>"} for
 * values beyond what a JSON number carries safely. */
static int constant_value(const json_t *v, __int128 *out) {
  if (json_is_integer(v)) {
    *out = json_integer_value(v);
    return 0;
  }
  const json_t *i = json_is_object(v) && json_object_size(v) == 1
                        ? json_object_get(v, "int")
                        : NULL;
  return i != NULL && json_is_string(i)
             ? cx_parse_decimal(json_string_value(i), out)
             : -1;
}

static int check_tables(cf_hello *h, char *why, size_t whylen) {
  const char *key;
  json_t *v;
  size_t i;
  __int128 dummy;
  if (!json_is_object(h->constants)) {
    snprintf(why, whylen, "hello: \"constants\" must be an object");
    return -1;
  }
  json_object_foreach(h->constants, key, v) {
    if (constant_value(v, &dummy) != 0) {
      snprintf(why, whylen, "hello: constant %s is not an integer", key);
      return -1;
    }
  }
  if (h->errnos != NULL && !json_is_object(h->errnos)) {
    snprintf(why, whylen, "hello: \"errnos\" must be an object");
    return -1;
  }
  json_object_foreach(h->errnos, key, v) {
    if (!json_is_integer(v)) {
      snprintf(why, whylen, "hello: errno %s is not an integer", key);
      return -1;
    }
  }
  if (!json_is_array(h->features)) {
    snprintf(why, whylen, "hello: \"features\" must be an array");
    return -1;
  }
  json_array_foreach(h->features, i, v) {
    if (!json_is_string(v)) {
      snprintf(why, whylen, "hello: features must be strings");
      return -1;
    }
  }
  return 0;
}

static int check_numbers(cf_hello *h, const json_t *msg, char *why,
                         size_t whylen) {
  const json_t *ps = json_object_get(msg, "pagesize");
  const json_t *ag = json_object_get(msg, "allocationgranularity");
  const char *maxsize = get_string(msg, "maxsize");
  int nparts;
  if (!json_is_integer(ps) || json_integer_value(ps) <= 0 ||
      !json_is_integer(ag) || json_integer_value(ag) <= 0) {
    snprintf(why, whylen,
             "hello: pagesize and allocationgranularity must "
             "be positive integers");
    return -1;
  }
  h->pagesize = json_integer_value(ps);
  h->granularity = json_integer_value(ag);
  if (maxsize == NULL || cx_parse_decimal(maxsize, &h->maxsize) != 0) {
    snprintf(why, whylen, "hello: \"maxsize\" must be a decimal string");
    return -1;
  }
  if (cf_version_parse(h->version, h->ver, &nparts) != 0 || nparts != 3) {
    snprintf(why, whylen, "hello: version \"%s\" is not X.Y.Z", h->version);
    return -1;
  }
  return 0;
}

int cf_hello_parse(json_t *msg, cf_hello *out, char *why, size_t whylen) {
  cf_hello h = {0};
  const json_t *proto = json_object_get(msg, "protocol");
  const char *type = get_string(msg, "type");
  if (!json_is_object(msg) || type == NULL || strcmp(type, "hello") != 0) {
    snprintf(why, whylen, "the host's first line is not a hello message");
    return -1;
  }
  if (!json_is_integer(proto)) {
    snprintf(why, whylen, "hello: \"protocol\" must be an integer");
    return -1;
  }
  if (json_integer_value(proto) != CF_PROTOCOL) {
    snprintf(why, whylen,
             "the host speaks protocol %lld; this runner speaks protocol %d",
             (long long)json_integer_value(proto), CF_PROTOCOL);
    return -1;
  }
  h.host = get_string(msg, "host");
  h.implementation = get_string(msg, "implementation");
  h.version = get_string(msg, "version");
  h.platform = get_string(msg, "platform");
  if (h.host == NULL || h.implementation == NULL || h.version == NULL ||
      h.platform == NULL || get_string(msg, "machine") == NULL) {
    snprintf(why, whylen,
             "hello: host, implementation, version, platform "
             "and machine must be strings");
    return -1;
  }
  h.constants = json_object_get(msg, "constants");
  h.features = json_object_get(msg, "features");
  h.errnos = json_object_get(msg, "errnos");
  if (check_numbers(&h, msg, why, whylen) != 0 ||
      check_tables(&h, why, whylen) != 0)
    return -1;
  h.json = json_incref(msg);
  *out = h;
  return 0;
}

void cf_hello_clear(cf_hello *h) {
  json_decref(h->json);
  memset(h, 0, sizeof *h);
}

int cf_hello_has_feature(const cf_hello *h, const char *name) {
  size_t i;
  json_t *v;
  json_array_foreach(h->features, i, v) {
    if (strcmp(json_string_value(v), name) == 0)
      return 1;
  }
  return 0;
}

static int name_is(const char *name, size_t len, const char *want) {
  return strlen(want) == len && memcmp(name, want, len) == 0;
}

int cf_hello_lookup(void *ctx, const char *name, size_t len, __int128 *out) {
  const cf_hello *h = ctx;
  char key[128];
  if (h->resolve_pagesize != 0 &&
      (name_is(name, len, "PAGESIZE") ||
       name_is(name, len, "ALLOCATIONGRANULARITY"))) {
    *out = h->resolve_pagesize;
    return 0;
  }
  if (name_is(name, len, "PAGESIZE")) {
    *out = h->pagesize;
    return 0;
  }
  if (name_is(name, len, "ALLOCATIONGRANULARITY")) {
    *out = h->granularity;
    return 0;
  }
  if (name_is(name, len, "MAXSIZE")) {
    *out = h->maxsize;
    return 0;
  }
  if (len >= sizeof key)
    return -1;
  memcpy(key, name, len);
  key[len] = '\0';
  return constant_value(json_object_get(h->constants, key), out);
}

int cf_errnos_same_name(const json_t *errnos_a, long long a,
                        const json_t *errnos_b, long long b) {
  const char *name;
  json_t *v;
  if (!json_is_object(errnos_a) || !json_is_object(errnos_b))
    return 0;
  json_object_foreach((json_t *)errnos_a, name, v) {
    const json_t *w = json_object_get(errnos_b, name);
    if (json_integer_value(v) == a && json_is_integer(w) &&
        json_integer_value(w) == b)
      return 1;
  }
  return 0;
}

const char *cf_errno_name(const json_t *errnos, long long n) {
  const char *name, *best = NULL;
  json_t *v;
  json_object_foreach((json_t *)errnos, name, v) {
    if (json_integer_value(v) == n && (best == NULL || strcmp(name, best) < 0))
      best = name;
  }
  return best;
}

char *cf_hello_golden_name(const cf_hello *h) {
  return ut_xasprintf("%s-%s", h->implementation, h->version);
}
