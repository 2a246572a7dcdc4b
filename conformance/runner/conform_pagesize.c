/* conform_pagesize.c - goldens re-derived for another page size
 * (conform_pagesize.h). */
#include "conform_pagesize.h"

#include "conform_resolve.h"
#include "conform_util.h"

#include <stdlib.h>
#include <string.h>

char *cf_pagesize_golden_name(const char *plain, long long n) {
  return ut_xasprintf("%s-pagesize-%lld", plain, n);
}

json_t *cf_pagesize_hello(const json_t *hello, long long real, long long n) {
  json_t *h = json_deep_copy(hello);
  json_t *consts = json_object_get(h, "constants");
  json_object_set_new(h, "pagesize", json_integer(n));
  json_object_set_new(h, "allocationgranularity", json_integer(n));
  if (json_object_get(consts, "PAGESIZE") != NULL)
    json_object_set_new(consts, "PAGESIZE", json_integer(n));
  if (json_object_get(consts, "ALLOCATIONGRANULARITY") != NULL)
    json_object_set_new(consts, "ALLOCATIONGRANULARITY", json_integer(n));
  json_object_set_new(h, "derived_pagesize", json_integer(real));
  return h;
}

/* The first integer in V (a resolved typed value or op, walked whole)
 * that a page of REAL bytes takes for aligned and a page of N does not:
 * the reference would accept it as an offset or address where the host
 * refuses it. 0 if none. */
static long long misaligned(const json_t *v, long long real, long long n) {
  const char *key;
  json_t *w;
  size_t i;
  long long found;
  if (json_is_object(v)) {
    const char *s = json_string_value(json_object_get(v, "int"));
    if (s != NULL && json_object_size(v) == 1) {
      char *end;
      long long x = strtoll(s, &end, 10);
      if (*end == '\0' && x != 0 && x % real == 0 && x % n != 0)
        return x;
      return 0;
    }
    json_object_foreach((json_t *)v, key, w) {
      if ((found = misaligned(w, real, n)) != 0)
        return found;
    }
  } else if (json_is_array(v)) {
    json_array_foreach(v, i, w) {
      if ((found = misaligned(w, real, n)) != 0)
        return found;
    }
  } else if (json_is_integer(v)) {
    long long x = json_integer_value(v);
    if (x != 0 && x % real == 0 && x % n != 0)
      return x;
  }
  return 0;
}

static int op_is(const json_t *op, const char *name) {
  const char *s = json_string_value(json_object_get(op, "op"));
  return s != NULL && strcmp(s, name) == 0;
}

/* The size a truncating op of OPS sets that is not a multiple of N (the
 * page holding the new end of file is bigger on the host: bytes past the
 * end read as zeros there where the reference dies of SIGBUS), when the
 * case maps something; -1 if none. */
static long long unaligned_truncate(const json_t *ops, long long n) {
  size_t i;
  json_t *op;
  int maps = 0;
  long long size = -1;
  json_array_foreach(ops, i, op) {
    const json_t *sz = json_object_get(op, "size");
    const char *s = json_string_value(json_object_get(sz, "int"));
    maps |= op_is(op, "new");
    if ((op_is(op, "file_truncate") || op_is(op, "truncate_fd")) && s != NULL &&
        size < 0 && strtoll(s, NULL, 10) % n != 0)
      size = strtoll(s, NULL, 10);
  }
  return maps ? size : -1;
}

/* The madvise options that change what a page holds (drop it, or take
 * it away): their effect past the given range reaches the end of the
 * page that holds the range's end. The others only advise. */
static const char *const discarding[] = {
    "MADV_DONTNEED", "MADV_FREE",         "MADV_REMOVE",
    "MADV_HWPOISON", "MADV_SOFT_OFFLINE", "MADV_WIPEONFORK"};

/* The name of the first discarding option a madvise call of OPS passes
 * (the constants as HELLO has them), or NULL. */
static const char *discarding_madvise(const json_t *ops,
                                      const cf_hello *hello) {
  size_t i;
  json_t *op;
  json_array_foreach(ops, i, op) {
    const char *m = json_string_value(json_object_get(op, "method"));
    const char *arg = json_string_value(
        json_object_get(json_array_get(json_object_get(op, "args"), 0), "int"));
    if (!op_is(op, "call") || m == NULL || strcmp(m, "madvise") != 0)
      continue;
    if (arg == NULL) /* not an integer: refused before any page is touched */
      continue;
    for (size_t k = 0; k < sizeof discarding / sizeof *discarding; k++) {
      const json_t *v = json_object_get(hello->constants, discarding[k]);
      if (json_is_integer(v) && json_integer_value(v) == strtoll(arg, NULL, 10))
        return discarding[k];
    }
  }
  return NULL;
}

char *cf_pagesize_underivable(const json_t *kase, const cf_hello *hello,
                              const json_t *record, long long real,
                              long long n) {
  cf_resolved res;
  char *why = NULL;
  long long x;
  const char *madv;
  const char *sig = json_string_value(
      json_object_get(json_object_get(record, "crash"), "signal"));
  if (sig != NULL && strcmp(sig, "SIGBUS") == 0)
    return ut_xasprintf("the reference died of SIGBUS: which access faults "
                        "depends on where its %lld-byte pages end",
                        real);
  if (cf_resolve_case(kase, hello, &res, &why) != 0)
    return why;
  if ((x = misaligned(res.ops, real, n)) != 0)
    why = ut_xasprintf("%lld is a multiple of the reference's page size "
                       "%lld but not of %lld: an offset or address the "
                       "reference takes and the host refuses",
                       x, real, n);
  else if ((madv = discarding_madvise(res.ops, hello)) != NULL)
    why = ut_xasprintf("madvise with %s acts on whole pages: what it "
                       "discards past its range depends on the page size",
                       madv);
  else if ((x = unaligned_truncate(res.ops, n)) >= 0)
    why = ut_xasprintf("a mapped file is truncated to %lld bytes: reading "
                       "past the end faults or reads zeros depending on "
                       "where the page holding the end stops",
                       x);
  cf_resolved_free(&res);
  return why;
}

/* Sets the page-size constants among the {"dict"} value of a
 * module_constants result R to N. */
static void fix_constants(json_t *r, long long n) {
  json_t *d = json_object_get(json_object_get(r, "value"), "dict");
  static const char *const names[] = {"PAGESIZE", "ALLOCATIONGRANULARITY"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    if (json_object_get(d, names[i]) != NULL) {
      char *s = ut_xasprintf("%lld", n);
      json_object_set_new(d, names[i], json_pack("{ss}", "int", s));
      free(s);
    }
  }
}

void cf_pagesize_fix_record(const json_t *kase, json_t *record, long long n) {
  size_t i;
  json_t *op;
  json_t *results = json_object_get(record, "results");
  json_array_foreach(json_object_get(kase, "ops"), i, op) {
    const char *name = json_string_value(json_object_get(op, "name"));
    json_t *r = json_array_get(results, i);
    if (r == NULL || json_object_get(r, "value") == NULL)
      continue;
    if (op_is(op, "module_constants"))
      fix_constants(r, n);
    if (!op_is(op, "const") || name == NULL)
      continue;
    if (strcmp(name, "PAGESIZE") == 0 ||
        strcmp(name, "ALLOCATIONGRANULARITY") == 0) {
      char *s = ut_xasprintf("%lld", n);
      json_object_set_new(r, "value", json_pack("{ss}", "int", s));
      free(s);
    }
  }
}

int cf_pagesize_same_behaviour(const json_t *a, const json_t *b) {
  static const char *const keys[] = {"outcome", "results", "files", "crash"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    const json_t *x = json_object_get(a, keys[i]);
    const json_t *y = json_object_get(b, keys[i]);
    if ((x == NULL) != (y == NULL) || (x != NULL && !json_equal(x, y)))
      return 0;
  }
  return 1;
}
