/* conform_requires.c - python version requirements, platforms and
 * features. */
#include "conform_requires.h"

#include "conform_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OP_GE, OP_LT, OP_EQ } spec_op;

/* Parses one item ("  >=3.8 ") of a comma-separated spec. */
static int parse_item(const char *item, size_t len, spec_op *op, int ver[3],
                      int *nparts) {
  char buf[64];
  const char *p;
  while (len > 0 && (*item == ' ' || *item == '\t'))
    item++, len--;
  while (len > 0 && (item[len - 1] == ' ' || item[len - 1] == '\t'))
    len--;
  if (len >= sizeof buf || len < 2)
    return -1;
  memcpy(buf, item, len);
  buf[len] = '\0';
  if (strncmp(buf, ">=", 2) == 0)
    *op = OP_GE, p = buf + 2;
  else if (strncmp(buf, "==", 2) == 0)
    *op = OP_EQ, p = buf + 2;
  else if (buf[0] == '<' && buf[1] != '=')
    *op = OP_LT, p = buf + 1;
  else
    return -1;
  return cf_version_parse(p, ver, nparts);
}

/* Walks the items of SPEC: -1 at the first malformed one; otherwise 1 if
 * VER satisfies every item (always when VER is NULL), else 0. */
static int each_item(const char *spec, const int *ver) {
  int all = 1;
  for (const char *p = spec;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    spec_op op;
    int want[3], nparts, cmp = 0;
    if (parse_item(p, len, &op, want, &nparts) != 0)
      return -1;
    for (int i = 0; i < nparts && cmp == 0 && ver != NULL; i++)
      cmp = (ver[i] > want[i]) - (ver[i] < want[i]);
    /* For >= and <, a missing Z is .0, which the loop above gets right:
     * comparing only X.Y of 3.8.1 against 3.8 gives 0 (>= holds, < fails),
     * exactly as comparing against 3.8.0 would. */
    if (ver != NULL && ((op == OP_GE && cmp < 0) || (op == OP_LT && cmp >= 0) ||
                        (op == OP_EQ && cmp != 0)))
      all = 0;
    if (comma == NULL)
      return all;
    p = comma + 1;
  }
}

int cf_python_spec_check(const char *spec, char *why, size_t whylen) {
  if (each_item(spec, NULL) < 0) {
    snprintf(why, whylen,
             "requires.python \"%s\": want items like >=3.8, <3.13, ==3.11.2 "
             "separated by commas",
             spec);
    return -1;
  }
  return 0;
}

int cf_python_spec_matches(const char *spec, const int ver[3]) {
  return spec == NULL || each_item(spec, ver) == 1;
}

unsigned cf_op_implied_features(const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "op"));
  static const struct {
    const char *op;
    unsigned feature;
  } table[] = {{"iter", CF_FEAT_SEQUENCE},
               {"reversed", CF_FEAT_SEQUENCE},
               {"contains", CF_FEAT_SEQUENCE},
               {"export", CF_FEAT_MEMORYVIEW},
               {"release", CF_FEAT_MEMORYVIEW},
               {"view_getitem", CF_FEAT_VIEW_OPS},
               {"view_setitem", CF_FEAT_VIEW_OPS},
               {"repr", CF_FEAT_REPR},
               {"pickle", CF_FEAT_PYTHON_OBJECT},
               {"reduce_ex", CF_FEAT_PYTHON_OBJECT},
               {"copy", CF_FEAT_PYTHON_OBJECT},
               {"deepcopy", CF_FEAT_PYTHON_OBJECT},
               {"module_dir", CF_FEAT_MODULE},
               {"module_constants", CF_FEAT_MODULE},
               {"audit_start", CF_FEAT_AUDIT},
               {"audit_events", CF_FEAT_AUDIT},
               {"buffer", CF_FEAT_BUFFER_PROTOCOL},
               {"view_cast", CF_FEAT_BUFFER_PROTOCOL},
               {"view_tolist", CF_FEAT_BUFFER_PROTOCOL},
               {"view_getattr", CF_FEAT_BUFFER_PROTOCOL}};
  unsigned f = 0;
  const json_t *kwargs = json_object_get(op, "kwargs");
  if (name == NULL)
    return 0;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(name, table[i].op) == 0)
      f |= table[i].feature;
  if (strcmp(name, "open_fd") == 0 && json_object_get(op, "special"))
    f |= CF_FEAT_FD_KINDS;
  /* Keywords on a method call are Python argument handling; keywords of
   * the constructor (access=, prot=) are expressible through a C API. */
  if (strcmp(name, "call") == 0 && json_object_size(kwargs) > 0)
    f |= CF_FEAT_PYTHON_ARGS;
  return f;
}

/* In the order of the CF_FEAT_* bits. */
static const char *const feature_names[] = {
    "python-args", "bigint", "sequence",        "memoryview",
    "view-ops",    "repr",   "fd-kinds",        "python-object",
    "module",      "audit",  "reentrant-index", "buffer-protocol"};

char *cf_requires_unmet(const json_t *kase, const cf_hello *hello,
                        unsigned implied) {
  const json_t *req = json_object_get(kase, "requires");
  const json_t *platforms = json_object_get(req, "platforms");
  json_t *v;
  size_t i;
  int platform_ok = platforms == NULL;
  json_array_foreach(platforms, i, v) {
    if (strcmp(json_string_value(v), hello->platform) == 0)
      platform_ok = 1;
  }
  if (!platform_ok) {
    char *list = json_dumps(platforms, JSON_COMPACT | JSON_ENCODE_ANY);
    char *why = ut_xasprintf("requires platform %s; the host is on %s", list,
                             hello->platform);
    free(list);
    return why;
  }
  json_array_foreach(json_object_get(req, "features"), i, v) {
    if (!cf_hello_has_feature(hello, json_string_value(v)))
      return ut_xasprintf("host lacks feature %s", json_string_value(v));
  }
  for (i = 0; i < sizeof feature_names / sizeof feature_names[0]; i++) {
    if ((implied & (1u << i)) && !cf_hello_has_feature(hello, feature_names[i]))
      return ut_xasprintf("host lacks feature %s (implied)", feature_names[i]);
  }
  return NULL;
}
