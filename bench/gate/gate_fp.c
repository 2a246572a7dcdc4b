/* gate_fp.c - comparing the key fields of two fingerprints (gate_fp.h). */
#include "gate_fp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const gate_fp_fields[] = {"schema_version",
                                      "kernel.sysname",
                                      "kernel.release",
                                      "kernel.machine",
                                      "page_size",
                                      "thp.enabled",
                                      "thp.defrag",
                                      "thp.shmem_enabled",
                                      "thp.mthp",
                                      "fault_around_bytes",
                                      "aslr.disabled",
                                      "page_modes.4k.available",
                                      "page_modes.thp.available",
                                      "page_modes.huge2m.available",
                                      "page_modes.huge1g.available",
                                      "filesystem.type",
                                      "cpu.model",
                                      "cpu.online",
                                      "virtualisation.detect_virt",
                                      "compiler.c_id",
                                      "compiler.c_flags",
                                      "compiler.sanitize",
                                      "build_type",
                                      "libbenchmark_version",
                                      "context.python_implementation",
                                      "context.python_version",
                                      "runtime",
                                      "wine.version",
                                      NULL};

/* 1 if FIELD is one only some files have: the context's, and those of the
 * Windows bench's fingerprint (fingerprint_windows.h: runtime, "wine" or
 * "windows", and wine.version), absent from Linux's. */
static int optional(const char *field) {
  static const char ctx[] = "context.";
  return strncmp(field, ctx, sizeof ctx - 1) == 0 ||
         strcmp(field, "runtime") == 0 || strcmp(field, "wine.version") == 0;
}

/* The value of FIELD in R, or NULL when absent. */
static json_t *field_value(const rs_result *r, const char *field) {
  static const char ctx[] = "context.";
  if (strncmp(field, ctx, sizeof ctx - 1) == 0)
    return json_object_get(r->context, field + sizeof ctx - 1);
  return rs_result_fp_get(r, field);
}

json_t *gate_fp_diff(const rs_result *base, const rs_result *cur) {
  json_t *diff = json_array();
  if (diff == NULL)
    return NULL;
  for (size_t i = 0; gate_fp_fields[i] != NULL; i++) {
    const char *f = gate_fp_fields[i];
    json_t *b = field_value(base, f), *c = field_value(cur, f);
    json_t *d;
    if (b == NULL && c == NULL)
      continue;
    if (b != NULL && c != NULL && json_equal(b, c))
      continue;
    d = json_pack("{s:s, s:O, s:O}", "field", f, "baseline",
                  b ? b : json_null(), "current", c ? c : json_null());
    if (d == NULL || json_array_append_new(diff, d) != 0) {
      json_decref(diff);
      return NULL;
    }
  }
  return diff;
}

/* Appends S to BUF at *AT; *AT becomes LEN once the text does not fit. */
static void put(char *buf, size_t len, size_t *at, const char *s) {
  const size_t n = strlen(s);
  if (*at >= len)
    return;
  snprintf(buf + *at, len - *at, "%s", s);
  *at = n < len - *at ? *at + n : len;
}

int gate_fp_lacks(const rs_result *r, char *buf, size_t len) {
  char scratch[8];
  size_t at = 0, missing = 0;
  if (len == 0) { /* only the answer wanted */
    buf = scratch;
    len = sizeof scratch;
  }
  buf[0] = '\0';
  if (r->fingerprint == NULL) {
    snprintf(buf, len, "no fingerprint (context.mmaplab_fingerprint)");
    return 1;
  }
  if (json_object_size(r->fingerprint) == 0) {
    snprintf(buf, len, "an empty fingerprint");
    return 1;
  }
  put(buf, len, &at, "a fingerprint without the key fields ");
  for (size_t i = 0; gate_fp_fields[i] != NULL; i++) {
    const char *f = gate_fp_fields[i];
    if (optional(f) || rs_result_fp_get(r, f) != NULL)
      continue;
    if (missing++ > 0)
      put(buf, len, &at, ", ");
    put(buf, len, &at, f);
  }
  if (missing == 0)
    buf[0] = '\0';
  else if (at >= len && len > 4)
    memcpy(buf + len - 4, "...", 4);
  return missing > 0;
}

void gate_fp_line(const json_t *diff, char *buf, size_t len) {
  size_t at = 0, i;
  json_t *d;
  if (len == 0)
    return;
  buf[0] = '\0';
  json_array_foreach(diff, i, d) {
    char *b = json_dumps(json_object_get(d, "baseline"),
                         JSON_ENCODE_ANY | JSON_COMPACT);
    char *c = json_dumps(json_object_get(d, "current"),
                         JSON_ENCODE_ANY | JSON_COMPACT);
    if (i > 0)
      put(buf, len, &at, "; ");
    put(buf, len, &at, json_string_value(json_object_get(d, "field")));
    put(buf, len, &at, ": baseline ");
    put(buf, len, &at, b ? b : "?");
    put(buf, len, &at, ", current ");
    put(buf, len, &at, c ? c : "?");
    free(b);
    free(c);
  }
  if (at >= len && len > 4)
    memcpy(buf + len - 4, "...", 4);
}
