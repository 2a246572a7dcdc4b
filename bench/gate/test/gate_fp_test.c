/* gate_fp_test.c - gate_fp_lacks: which fingerprints the gate can
 * compare, and the line that says what is missing. */
#include <stdio.h>
#include <string.h>

#include "gate_fp.h"
#include "test.h"

/* A fingerprint with every key field (null values included: present). */
static json_t *complete(void) {
  json_t *fp = json_object();
  for (size_t i = 0; gate_fp_fields[i] != NULL; i++) {
    const char *f = gate_fp_fields[i];
    json_t *o = fp;
    char key[128];
    if (strncmp(f, "context.", 8) == 0)
      continue;
    for (const char *dot; (dot = strchr(f, '.')) != NULL; f = dot + 1) {
      snprintf(key, sizeof key, "%.*s", (int)(dot - f), f);
      if (json_object_get(o, key) == NULL)
        json_object_set_new(o, key, json_object());
      o = json_object_get(o, key);
    }
    json_object_set_new(o, f, json_null());
  }
  return fp;
}

/* The Windows bench's fields (runtime, wine.version): optional, and a
 * difference in them keeps Wine's figures apart from Linux's, Windows'
 * and another Wine's. */
static void windows_fields(void) {
  rs_result linux_r, wine_r, windows_r;
  char buf[256];
  json_t *d;
  memset(&linux_r, 0, sizeof linux_r);
  memset(&wine_r, 0, sizeof wine_r);
  memset(&windows_r, 0, sizeof windows_r);
  linux_r.fingerprint = complete();
  json_object_del(linux_r.fingerprint, "runtime");
  json_object_del(linux_r.fingerprint, "wine");
  ASSERT_EQ(gate_fp_lacks(&linux_r, buf, sizeof buf), 0);
  wine_r.fingerprint = json_deep_copy(linux_r.fingerprint);
  json_object_set_new(wine_r.fingerprint, "runtime", json_string("wine"));
  json_object_set_new(wine_r.fingerprint, "wine",
                      json_pack("{s:s}", "version", "8.0"));
  ASSERT_EQ(gate_fp_lacks(&wine_r, buf, sizeof buf), 0);
  d = gate_fp_diff(&linux_r, &wine_r);
  ASSERT_EQ(json_array_size(d), 2);
  ASSERT_STR_EQ(
      json_string_value(json_object_get(json_array_get(d, 0), "field")),
      "runtime");
  ASSERT_STR_EQ(
      json_string_value(json_object_get(json_array_get(d, 1), "field")),
      "wine.version");
  json_decref(d);
  windows_r.fingerprint = json_deep_copy(linux_r.fingerprint);
  json_object_set_new(windows_r.fingerprint, "runtime", json_string("windows"));
  json_object_set_new(windows_r.fingerprint, "wine", json_null());
  d = gate_fp_diff(&windows_r, &wine_r);
  ASSERT_EQ(json_array_size(d), 2); /* runtime, and wine.version null */
  json_decref(d);
  d = gate_fp_diff(&wine_r, &wine_r);
  ASSERT_EQ(json_array_size(d), 0);
  json_decref(d);
  json_decref(linux_r.fingerprint);
  json_decref(wine_r.fingerprint);
  json_decref(windows_r.fingerprint);
}

int main(void) {
  rs_result r;
  char buf[256], tiny[24];
  memset(&r, 0, sizeof r);
  ASSERT_EQ(gate_fp_lacks(&r, buf, sizeof buf), 1);
  ASSERT_STR_EQ(buf, "no fingerprint (context.mmaplab_fingerprint)");
  r.fingerprint = json_object();
  ASSERT_EQ(gate_fp_lacks(&r, buf, sizeof buf), 1);
  ASSERT_STR_EQ(buf, "an empty fingerprint");
  ASSERT_EQ(gate_fp_lacks(&r, NULL, 0), 1);
  json_decref(r.fingerprint);

  r.fingerprint = complete();
  ASSERT_EQ(gate_fp_lacks(&r, buf, sizeof buf), 0);
  ASSERT_STR_EQ(buf, "");
  ASSERT_EQ(gate_fp_lacks(&r, NULL, 0), 0);
  json_object_del(json_object_get(r.fingerprint, "kernel"), "release");
  json_object_del(json_object_get(r.fingerprint, "cpu"), "model");
  ASSERT_EQ(gate_fp_lacks(&r, buf, sizeof buf), 1);
  ASSERT_STR_EQ(buf, "a fingerprint without the key fields kernel.release, "
                     "cpu.model");
  ASSERT_EQ(gate_fp_lacks(&r, NULL, 0), 1);
  ASSERT_EQ(gate_fp_lacks(&r, tiny, sizeof tiny), 1);
  ASSERT_STR_EQ(tiny, "a fingerprint withou...");
  /* A whole group gone: each of its fields is named. */
  json_object_del(r.fingerprint, "thp");
  ASSERT_EQ(gate_fp_lacks(&r, buf, sizeof buf), 1);
  ASSERT_STR_HAS(buf, "thp.enabled, thp.defrag, thp.shmem_enabled, thp.mthp");
  json_decref(r.fingerprint);
  windows_fields();
  puts("gate.fp: ok");
  return 0;
}
