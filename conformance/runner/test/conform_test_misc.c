/* conform_test_misc.c - python requirements, implied features, the
 * resolution of typed values, case directories. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "conform_test.h"

#include "conform_casedir.h"
#include "conform_hello.h"
#include "conform_pagesize.h"
#include "conform_requires.h"
#include "conform_resolve.h"
#include "conform_util.h"
#include "conform_validate.h"

#include <stdlib.h>
#include <unistd.h>

void cf_test_requires(const char *data) {
  /* A requires.python spec, a version, and whether it matches. */
  static const struct {
    const char *spec;
    int ver[3], want;
  } specs[] = {
      {">=3.8", {3, 13, 0}, 1},         {">=3.8", {3, 8, 0}, 1},
      {">=3.8", {3, 7, 9}, 0},          {"<3.13", {3, 13, 0}, 0},
      {"<3.13", {3, 13, 1}, 0},         {"<3.13", {3, 12, 9}, 1},
      {"==3.11", {3, 11, 2}, 1},        {"==3.11.2", {3, 11, 7}, 0},
      {"==3.11.2", {3, 11, 2}, 1},      {">=3.8, <3.11.5", {3, 11, 4}, 1},
      {">=3.8,<3.11.5", {3, 11, 5}, 0}, {">=3.10.0,<3.10.1", {3, 10, 0}, 1}};
  const char *bad[] = {">3.8",  "3.8",       ">=3",   ">=3.8,", "",
                       "<=3.8", ">=3.8.1.2", ">=x.y", "== 3.8"};
  char why[200];
  (void)data;
  for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
    const int *v = specs[i].ver;
    ASSERT_EQ(cf_python_spec_check(specs[i].spec, why, sizeof why), 0);
    if (cf_python_spec_matches(specs[i].spec, v) != specs[i].want)
      fprintf(stderr, "  \"%s\" vs %d.%d.%d\n", specs[i].spec, v[0], v[1],
              v[2]);
    ASSERT_EQ(cf_python_spec_matches(specs[i].spec, v), specs[i].want);
  }
  ASSERT_EQ(cf_python_spec_matches(NULL, (int[]){3, 13, 0}), 1);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const int rc = cf_python_spec_check(bad[i], why, sizeof why);
    if (rc == 0)
      fprintf(stderr, "  \"%s\" accepted\n", bad[i]);
    ASSERT_NE(rc, 0);
  }
}

/* Resolves the case in TEXT with the test hello. */
static int resolve(const char *text, cf_resolved *r, char **why) {
  cf_hello h;
  char reason[300];
  json_t *kase = json_loads(text, 0, NULL);
  int rc;
  ASSERT_NOT_NULL(kase);
  rc = cf_validate_case(kase, reason, sizeof reason);
  if (rc != 0)
    fprintf(stderr, "  invalid test case: %s\n", reason);
  ASSERT_EQ(rc, 0);
  cf_test_hello(&h);
  *why = NULL;
  rc = cf_resolve_case(kase, &h, r, why);
  cf_hello_clear(&h);
  json_decref(kase);
  return rc;
}

#define CASE(files, ops)                                                       \
  "{\"id\": \"t/x\", \"title\": \"t\", \"files\": {" files "}, \"ops\": [" ops \
  "]}"

static void implied(const char *ops, unsigned want) {
  cf_resolved r;
  char *why;
  char *text = NULL;
  size_t n = strlen(ops) + 100;
  text = malloc(n);
  snprintf(text, n, CASE("", "%s"), ops);
  ASSERT_EQ(resolve(text, &r, &why), 0);
  if (r.implied != want)
    fprintf(stderr, "  %s\n", ops);
  ASSERT_EQ(r.implied, want);
  cf_resolved_free(&r);
  free(text);
}

static void features(void) {
  const char *ref = "{\"op\": \"call\", \"on\": \"m\", \"method\": \"find\"";
  char buf[300];
  implied("{\"op\": \"len\", \"on\": \"m\"}", 0);
  snprintf(buf, sizeof buf, "%s, \"kwargs\": {\"start\": {\"int\": \"1\"}}}",
           ref);
  implied(buf, CF_FEAT_PYTHON_ARGS);
  snprintf(buf, sizeof buf, "%s, \"kwargs\": {}}", ref);
  implied(buf, 0);
  snprintf(buf, sizeof buf, "%s, \"args\": [{\"str\": \"x\"}]}", ref);
  implied(buf, CF_FEAT_PYTHON_ARGS);
  snprintf(buf, sizeof buf, "%s, \"args\": [{\"int\": \"2**63\"}]}", ref);
  implied(buf, CF_FEAT_BIGINT);
  snprintf(buf, sizeof buf, "%s, \"args\": [{\"int\": \"-MAXSIZE-1\"}]}", ref);
  implied(buf, 0);
  implied("{\"op\": \"new\", \"as\": \"m\", \"args\": [{\"int\": \"-1\"}], "
          "\"kwargs\": {\"access\": {\"int\": \"1\"}}}",
          0);
  implied("{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"slice\": "
          "[{\"int\": \"1\"}, null, null]}}",
          0);
  /* The constructor's tagname as a str is a C string (a keyword on every
   * platform; the third positional only on Windows, where the test
   * hello is not: there it is flags). */
  implied("{\"op\": \"new\", \"as\": \"m\", \"args\": [{\"int\": \"-1\"}, "
          "{\"int\": \"1\"}], \"kwargs\": {\"tagname\": {\"str\": \"t\"}}}",
          0);
  implied("{\"op\": \"new\", \"as\": \"m\", \"args\": [{\"int\": \"-1\"}, "
          "{\"int\": \"1\"}, {\"str\": \"t\"}]}",
          CF_FEAT_PYTHON_ARGS);
  implied("{\"op\": \"new\", \"as\": \"m\", \"args\": [{\"int\": \"-1\"}, "
          "{\"int\": \"1\"}], \"kwargs\": {\"access\": {\"str\": \"t\"}}}",
          CF_FEAT_PYTHON_ARGS);
  implied("{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"tuple\": []}}",
          CF_FEAT_PYTHON_ARGS);
  implied("{\"op\": \"iter\", \"on\": \"m\"}, {\"op\": \"repr\", \"on\": "
          "\"m\"}",
          CF_FEAT_SEQUENCE | CF_FEAT_REPR);
  implied("{\"op\": \"open_fd\", \"as\": \"fd\", \"special\": \"devzero\"}",
          CF_FEAT_FD_KINDS);
  implied("{\"op\": \"export\", \"on\": \"m\", \"as\": \"v\"}, {\"op\": "
          "\"view_getitem\", \"view\": \"v\", \"key\": {\"int\": \"0\"}}",
          CF_FEAT_MEMORYVIEW | CF_FEAT_VIEW_OPS);
  /* An __index__ object, and the features of the op it runs. */
  snprintf(buf, sizeof buf,
           "%s, \"args\": [{\"index\": {\"value\": \"1\", \"then\": "
           "{\"op\": \"repr\", \"on\": \"m\"}}}]}",
           ref);
  implied(buf, CF_FEAT_REENTRANT_INDEX | CF_FEAT_REPR);
  snprintf(buf, sizeof buf,
           "%s, \"args\": [{\"index\": {\"value\": \"-2**64\"}}]}", ref);
  implied(buf, CF_FEAT_REENTRANT_INDEX | CF_FEAT_BIGINT);
  implied("{\"op\": \"buffer\", \"on\": \"m\", \"flags\": {\"int\": "
          "\"0\"}, \"as\": \"v\"}, {\"op\": \"view_cast\", \"view\": "
          "\"v\", \"format\": \"B\", \"shape\": [{\"int\": \"2\"}], "
          "\"as\": \"w\"}, {\"op\": \"view_tolist\", \"view\": \"w\"}, "
          "{\"op\": \"view_getattr\", \"view\": \"w\", \"name\": "
          "\"shape\"}",
          CF_FEAT_BUFFER_PROTOCOL);
  implied("{\"op\": \"pickle\", \"on\": \"m\", \"protocol\": {\"int\": "
          "\"0\"}}, {\"op\": \"reduce_ex\", \"on\": \"m\", \"protocol\": "
          "{\"int\": \"2\"}}, {\"op\": \"copy\", \"on\": \"m\"}, {\"op\": "
          "\"deepcopy\", \"on\": \"m\"}",
          CF_FEAT_PYTHON_OBJECT);
  implied("{\"op\": \"module_dir\"}, {\"op\": \"module_constants\"}",
          CF_FEAT_MODULE);
  implied("{\"op\": \"audit_start\"}, {\"op\": \"audit_events\", "
          "\"prefix\": \"mmap.\"}",
          CF_FEAT_AUDIT);
}

/* The ops of the object protocol, module and audit families: their fields
 * are checked like any other op's. */
static void new_ops_validate(void) {
  static const struct {
    const char *op;
    int ok;
  } ops[] = {{"{\"op\": \"pickle\", \"on\": \"m\", \"protocol\": {\"int\": "
              "\"5\"}}",
              1},
             {"{\"op\": \"pickle\", \"on\": \"m\"}", 0},
             {"{\"op\": \"pickle\", \"on\": \"m\", \"protocol\": 2}", 0},
             {"{\"op\": \"reduce_ex\", \"on\": \"m\", \"protocol\": {\"str\": "
              "\"2\"}}",
              0},
             {"{\"op\": \"copy\", \"on\": \"m\", \"protocol\": {\"int\": "
              "\"2\"}}",
              0},
             {"{\"op\": \"deepcopy\"}", 0},
             {"{\"op\": \"module_dir\", \"on\": \"m\"}", 0},
             {"{\"op\": \"module_constants\"}", 1},
             {"{\"op\": \"audit_events\"}", 1},
             {"{\"op\": \"audit_events\", \"prefix\": 1}", 0},
             {"{\"op\": \"audit_start\", \"prefix\": \"mmap.\"}", 0}};
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
    char text[400], why[300];
    json_t *kase;
    int rc;
    snprintf(text, sizeof text, CASE("", "%s"), ops[i].op);
    ASSERT_NOT_NULL(kase = json_loads(text, 0, NULL));
    rc = cf_validate_case(kase, why, sizeof why);
    if ((rc == 0) != ops[i].ok)
      fprintf(stderr, "  %s: %s\n", ops[i].op, rc == 0 ? "accepted" : why);
    ASSERT_EQ(rc == 0, ops[i].ok);
    json_decref(kase);
  }
}

/* A derived golden (INTERPRETING.md 7.1) gives module_constants the page
 * size it is derived for, as it does a const op. */
static void pagesize_constants(void) {
  json_t *kase =
      json_loads(CASE("", "{\"op\": \"module_constants\"}, {\"op\": \"const\", "
                          "\"name\": \"PAGESIZE\"}"),
                 0, NULL);
  json_t *rec = json_loads(
      "{\"results\": [{\"value\": {\"dict\": {\"PAGESIZE\": {\"int\": "
      "\"4096\"}, \"ALLOCATIONGRANULARITY\": {\"int\": \"4096\"}, "
      "\"MAP_SHARED\": {\"int\": \"1\"}}}}, {\"value\": {\"int\": "
      "\"4096\"}}]}",
      0, NULL);
  char *got;
  ASSERT_NOT_NULL(kase);
  ASSERT_NOT_NULL(rec);
  cf_pagesize_fix_record(kase, rec, 65536);
  got = json_dumps(json_object_get(rec, "results"),
                   JSON_COMPACT | JSON_SORT_KEYS);
  ASSERT_STR_EQ(got, "[{\"value\":{\"dict\":{\"ALLOCATIONGRANULARITY\":{"
                     "\"int\":\"65536\"},\"MAP_SHARED\":{\"int\":\"1\"},"
                     "\"PAGESIZE\":{\"int\":\"65536\"}}}},{\"value\":{"
                     "\"int\":\"65536\"}}]");
  free(got);
  json_decref(rec);
  json_decref(kase);
}

/* The resolved "value" of the single setitem op of TEXT, as JSON text. */
static void value_resolves(const char *value, const char *want) {
  cf_resolved r;
  char *why, text[600], *got;
  snprintf(text, sizeof text,
           CASE("", "{\"op\": \"setitem\", \"on\": \"m\", \"key\": {\"int\": "
                    "\"0\"}, \"value\": %s}"),
           value);
  ASSERT_EQ(resolve(text, &r, &why), 0);
  got = json_dumps(json_object_get(json_array_get(r.ops, 0), "value"),
                   JSON_COMPACT | JSON_ENCODE_ANY);
  ASSERT_STR_EQ(got, want);
  free(got);
  cf_resolved_free(&r);
}

static void values(void) {
  value_resolves("{\"int\": \"PAGESIZE-1\"}", "{\"int\":\"4095\"}");
  value_resolves("{\"text\": \"hi\"}", "{\"bytes\":\"6869\"}");
  value_resolves("{\"pattern\": \"28\"}",
                 "{\"bytes\":\"6162636465666768696a6b6c6d6e6f707172737475767778"
                 "797a6162\"}");
  value_resolves("{\"pattern\": \"0\"}", "{\"bytes\":\"\"}");
  value_resolves("{\"repeat\": {\"bytes\": \"0001\", \"count\": \"3\"}}",
                 "{\"bytes\":\"000100010001\"}");
  value_resolves("{\"list\": [{\"int\": \"2**64\"}, {\"text\": \"a\"}]}",
                 "{\"list\":[{\"int\":\"18446744073709551616\"},{\"bytes\":"
                 "\"61\"}]}");
  value_resolves("{\"ref\": \"m\"}", "{\"ref\":\"m\"}");
  value_resolves("{\"index\": {\"value\": \"PAGESIZE+1\"}}",
                 "{\"index\":{\"value\":\"4097\"}}");
  value_resolves("{\"index\": {\"value\": \"-2**100\", \"then\": "
                 "{\"op\": \"call\", \"on\": \"m\", \"method\": "
                 "\"resize\", \"args\": [{\"int\": \"PAGESIZE\"}]}}}",
                 "{\"index\":{\"value\":\"-1267650600228229401496703205376\","
                 "\"then\":{\"op\":\"call\",\"on\":\"m\",\"method\":"
                 "\"resize\",\"args\":[{\"int\":\"4096\"}]}}}");
  value_resolves("null", "null");
}

/* pickle's protocol is an integer expression, resolved like a value. */
static void protocol_resolves(void) {
  cf_resolved r;
  char *why, *got;
  ASSERT_EQ(resolve(CASE("", "{\"op\": \"pickle\", \"on\": \"m\", "
                             "\"protocol\": {\"int\": \"PROT_WRITE+3\"}}"),
                    &r, &why),
            0);
  got = json_dumps(json_object_get(json_array_get(r.ops, 0), "protocol"),
                   JSON_COMPACT);
  ASSERT_STR_EQ(got, "{\"int\":\"5\"}");
  free(got);
  cf_resolved_free(&r);
}

static void unsupported(const char *files, const char *ops, const char *want) {
  cf_resolved r;
  char *why, text[600];
  snprintf(text, sizeof text, CASE("%s", "%s"), files, ops);
  ASSERT_EQ(resolve(text, &r, &why), -1);
  ASSERT_STR_EQ(why, want);
  free(why);
}

/* Typed values and ops the validator refuses, with the reason's start. */
static void invalid_values(void) {
  static const struct {
    const char *op, *why;
  } bad[] = {{"{\"op\": \"len\", \"on\": {\"index\": {}}}", "\"on\" must be"},
             {"{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"index\": {}}}",
              "{\"index\": ...}: want {\"value\": E, \"then\": OP}"},
             {"{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"index\": "
              "{\"value\": \"1\", \"x\": 1}}}",
              "{\"index\": ...}: want {\"value\": E, \"then\": OP}"},
             {"{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"index\": "
              "{\"value\": \"1+\"}}}",
              "expression \"1+\""},
             {"{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"index\": "
              "{\"value\": \"1\", \"then\": {\"op\": \"file_size\", \"file\": "
              "\"f\"}}}}",
              "{\"index\": ...}: then: file_size cannot run inside __index__"},
             {"{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"index\": "
              "{\"value\": \"1\", \"then\": {\"op\": \"len\"}}}}",
              "{\"index\": ...}: then: len: missing field \"on\""},
             {"{\"op\": \"view_getattr\", \"view\": \"v\", \"name\": \"obj\"}",
              "view_getattr: unknown attribute \"obj\""},
             {"{\"op\": \"view_cast\", \"view\": \"v\", \"format\": \"B\", "
              "\"as\": \"w\", \"shape\": 2}",
              "\"shape\" must be an array"},
             {"{\"op\": \"buffer\", \"on\": \"m\", \"as\": \"v\"}",
              "buffer: missing field \"flags\""}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char text[600], why[400];
    json_t *kase;
    snprintf(text, sizeof text, CASE("", "%s"), bad[i].op);
    kase = json_loads(text, 0, NULL);
    ASSERT_NOT_NULL(kase);
    ASSERT_EQ(cf_validate_case(kase, why, sizeof why), -1);
    if (strstr(why, bad[i].why) == NULL)
      fprintf(stderr, "  %s: got \"%s\"\n", bad[i].op, why);
    ASSERT_NOT_NULL(strstr(why, bad[i].why));
    json_decref(kase);
  }
}

void cf_test_resolve(const char *data) {
  cf_resolved r;
  char *why, *got;
  (void)data;
  features();
  values();
  new_ops_validate();
  pagesize_constants();
  protocol_resolves();
  ASSERT_EQ(
      resolve(CASE("\"f\": {\"fill\": \"pattern\", \"size\": \"PAGESIZE*2\"}, "
                   "\"g\": {\"text\": \"ab\"}, \"d\": {\"dir\": true}, "
                   "\"z\": {\"fill\": \"zeros\", \"size\": \"2**40\"}",
                   "{\"op\": \"file_truncate\", \"file\": \"f\", \"size\": "
                   "\"PAGESIZE\"}"),
              &r, &why),
      0);
  got = json_dumps(r.files, JSON_COMPACT | JSON_SORT_KEYS);
  ASSERT_STR_EQ(got, "{\"d\":{\"dir\":true},\"f\":{\"pattern\":8192},\"g\":"
                     "{\"bytes\":\"6162\"},\"z\":{\"zeros\":1099511627776}}");
  free(got);
  got = json_dumps(json_array_get(r.ops, 0), JSON_COMPACT | JSON_SORT_KEYS);
  ASSERT_STR_EQ(got,
                "{\"file\":\"f\",\"op\":\"file_truncate\",\"size\":{\"int\":"
                "\"4096\"}}");
  free(got);
  cf_resolved_free(&r);
  unsupported("",
              "{\"op\": \"const\", \"name\": \"x\"}, {\"op\": \"len\", "
              "\"on\": \"m\"}, {\"op\": \"getitem\", \"on\": \"m\", \"key\": "
              "{\"int\": \"MAP_POPULATE\"}}",
              "missing constant MAP_POPULATE");
  unsupported("",
              "{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"int\": "
              "\"2**127\"}}",
              "integer out of range (beyond +-2**126)");
  unsupported("",
              "{\"op\": \"contains\", \"on\": \"m\", \"value\": "
              "{\"pattern\": \"2**40\"}}",
              "byte count out of range for the runner");
  unsupported("\"f\": {\"fill\": \"pattern\", \"size\": \"0-1\"}", "",
              "file size out of range for the runner");
  unsupported("",
              "{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"index\": "
              "{\"value\": \"0\", \"then\": {\"op\": \"const\", "
              "\"name\": \"x\"}}}}, {\"op\": \"getitem\", \"on\": \"m\", "
              "\"key\": {\"index\": {\"value\": \"MAP_POPULATE\"}}}",
              "missing constant MAP_POPULATE");
  invalid_values();
}

/* A case directory that cannot be made stops the run (-1 with no skip
 * reason, after one error line naming the cause); one that can is made
 * and removed. */
void cf_test_casedir(const char *data) {
  const char *tmpdir = getenv("TMPDIR");
  char *saved = tmpdir ? ut_xstrdup(tmpdir) : NULL;
  char *dir = NULL, *why = NULL;
  json_t *files = json_object(), *paths = NULL;
  (void)data;
  setenv("TMPDIR", "/nonexistent-mmaplab-test-dir", 1);
  ASSERT_EQ(cf_casedir_create(files, &dir, &paths, &why), -1);
  ASSERT_NULL(why);
  free(why);
  if (saved != NULL)
    setenv("TMPDIR", saved, 1);
  else
    unsetenv("TMPDIR");
  ASSERT_EQ(cf_casedir_create(files, &dir, &paths, &why), 0);
  ASSERT_NOT_NULL(dir);
  ASSERT(cf_is_dir(dir));
  cf_casedir_remove(dir);
  ASSERT(!cf_is_dir(dir));
  free(dir);
  json_decref(paths);
  json_decref(files);
  free(saved);
}

/* The files as a host sees them: unchanged on the runner's platform; for
 * a Windows host (under Wine), the Unix path on drive Z:. */
void cf_test_host_paths(const char *data) {
  json_t *paths = json_pack("{s:s,s:s}", "f", "/tmp/d/f", "g", "/a b/g");
  json_t *same = cf_casedir_host_paths(paths, "linux");
  json_t *win = cf_casedir_host_paths(paths, "win32");
  (void)data;
  ASSERT(json_equal(same, paths));
  ASSERT_STR_EQ(json_string_value(json_object_get(win, "f")), "Z:\\tmp\\d\\f");
  ASSERT_STR_EQ(json_string_value(json_object_get(win, "g")), "Z:\\a b\\g");
  ASSERT_U64(json_object_size(win), ==, 2);
  json_decref(same);
  json_decref(win);
  json_decref(paths);
}

/* cf_check_out_dir: a writable directory, or one ut_mkdirs can make,
 * passes (and nothing is created); a file on the way or a symbolic link
 * to nothing (which mkdir -p cannot make) is refused up front (the error
 * lines are expected on stderr). */
void cf_test_out_dir(const char *data) {
  char *base = cf_make_temp_dir("mmaplab-outdir-test");
  char *file, *under, *fresh, *link;
  FILE *f;
  (void)data;
  ASSERT_NOT_NULL(base);
  file = ut_xasprintf("%s/file", base);
  under = ut_xasprintf("%s/file/sub", base);
  fresh = ut_xasprintf("%s/a/b/c", base);
  link = ut_xasprintf("%s/link", base);
  ASSERT_NOT_NULL(f = fopen(file, "w"));
  fclose(f);
  ASSERT_EQ(symlink("nowhere", link), 0);
  ASSERT_EQ(cf_check_out_dir("--out", base, NULL, 0), 0);
  ASSERT_EQ(cf_check_out_dir("--out", fresh, NULL, 0), 0);
  ASSERT(!cf_is_dir(fresh));
  ASSERT_EQ(cf_check_out_dir("--out", file, NULL, 0), -1);
  ASSERT_EQ(cf_check_out_dir("--out", under, NULL, 0), -1);
  ASSERT_EQ(cf_check_out_dir("--out", link, NULL, 0), -1);
  ASSERT_EQ(cf_remove_temp_dir(base), 0);
  free(file);
  free(under);
  free(fresh);
  free(link);
  free(base);
}
