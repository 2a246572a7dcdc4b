/* fp_test_fingerprint.c - the fingerprint's schema and the CLI. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fingerprint.h"
#include "fp_tests.h"

/* ---- The schema, as a list ----------------------------------------------- */

enum { STR = 1, INT = 2, BOOL = 4, NUL = 8, OBJ = 16, ARR = 32 };

/* Every field of schema 1 (fingerprint.h) and the JSON types it may take.
 * "a[]" is each element of array a; "thp.mthp" is free-form inside. */
static const struct {
  const char *path;
  unsigned types;
} schema[] = {
    {"schema_version", INT},
    {"mmaplab_version", STR},
    {"date", STR},
    {"hostname", STR | NUL},
    {"kernel", OBJ},
    {"kernel.sysname", STR | NUL},
    {"kernel.release", STR | NUL},
    {"kernel.version", STR | NUL},
    {"kernel.machine", STR | NUL},
    {"page_size", INT},
    {"mem_total_kb", INT | NUL},
    {"thp", OBJ},
    {"thp.enabled", STR | NUL},
    {"thp.defrag", STR | NUL},
    {"thp.shmem_enabled", STR | NUL},
    {"thp.pmd_size", INT | NUL},
    {"thp.mthp", OBJ | NUL},
    {"hugetlb", ARR | NUL},
    {"hugetlb[]", OBJ},
    {"hugetlb[].page_kb", INT},
    {"hugetlb[].nr", INT | NUL},
    {"hugetlb[].free", INT | NUL},
    {"hugetlb[].reserved", INT | NUL},
    {"hugetlb[].surplus", INT | NUL},
    {"hugetlb[].overcommit", INT | NUL},
    {"hugetlbfs_mounts", ARR},
    {"hugetlbfs_mounts[]", OBJ},
    {"hugetlbfs_mounts[].path", STR},
    {"hugetlbfs_mounts[].page_kb", INT},
    {"fault_around_bytes", INT | NUL},
    {"filesystem", OBJ},
    {"filesystem.dir", STR},
    {"filesystem.type", STR | NUL},
    {"filesystem.magic", STR | NUL},
    {"filesystem.magic_name", STR | NUL},
    {"filesystem.mount_point", STR | NUL},
    {"cpu", OBJ},
    {"cpu.model", STR | NUL},
    {"cpu.online", INT},
    {"cpu.configured", INT},
    {"cpu.affinity", INT | NUL},
    {"virtualisation", OBJ},
    {"virtualisation.detect_virt", STR | NUL},
    {"virtualisation.hypervisor_flag", BOOL | NUL},
    {"virtualisation.sys_vendor", STR | NUL},
    {"virtualisation.product_name", STR | NUL},
    {"aslr", OBJ},
    {"aslr.randomize_va_space", INT | NUL},
    {"aslr.no_randomize_personality", BOOL},
    {"aslr.disabled", BOOL},
    {"compiler", OBJ},
    {"compiler.c_version", STR},
    {"compiler.c_id", STR},
    {"compiler.c_flags", STR},
    {"compiler.cxx_id", STR | NUL},
    {"compiler.cxx_flags", STR | NUL},
    {"compiler.sanitize", BOOL},
    {"build_type", STR},
    {"libbenchmark_version", STR},
    {"git", OBJ},
    {"git.revision", STR},
    {"git.dirty", BOOL | NUL},
    {"page_modes", OBJ},
    {"page_modes.4k", OBJ},
    {"page_modes.4k.available", BOOL},
    {"page_modes.4k.reason", STR},
    {"page_modes.thp", OBJ},
    {"page_modes.thp.available", BOOL},
    {"page_modes.thp.reason", STR},
    {"page_modes.huge2m", OBJ},
    {"page_modes.huge2m.available", BOOL},
    {"page_modes.huge2m.reason", STR},
    {"page_modes.huge1g", OBJ},
    {"page_modes.huge1g.available", BOOL},
    {"page_modes.huge1g.reason", STR},
    {"notes", ARR},
    {"notes[]", STR},
};
static const size_t nschema = sizeof schema / sizeof schema[0];
static const char free_form[] = "thp.mthp.";

static unsigned type_of(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_STRING:
    return STR;
  case JSON_INTEGER:
    return INT;
  case JSON_TRUE:
  case JSON_FALSE:
    return BOOL;
  case JSON_NULL:
    return NUL;
  case JSON_OBJECT:
    return OBJ;
  case JSON_ARRAY:
    return ARR;
  default:
    return 0; /* a real: no field is a real */
  }
}

static long schema_index(const char *path) {
  for (size_t i = 0; i < nschema; i++)
    if (strcmp(schema[i].path, path) == 0)
      return (long)i;
  return -1;
}

/* Walks V at PATH: each value must be a schema field of a listed type, and
 * each schema child of an object present in V. Counts errors in *BAD. */
static void walk(const json_t *v, const char *path, int *bad) {
  long i = schema_index(path);
  char sub[256];
  if (strncmp(path, free_form, strlen(free_form)) == 0)
    return;
  const int root = path[0] == '\0';
  if (!root && (i < 0 || !(type_of(v) & schema[i].types))) {
    fprintf(stderr, "%s: %s (type %u)\n", path,
            i < 0 ? "not in the schema" : "wrong type", type_of(v));
    ++*bad;
    return;
  }
  if (json_is_array(v)) {
    size_t k;
    json_t *e;
    snprintf(sub, sizeof sub, "%s[]", path);
    json_array_foreach(v, k, e) walk(e, sub, bad);
  } else if (json_is_object(v)) {
    const char *key;
    json_t *e;
    json_object_foreach((json_t *)v, key, e) {
      snprintf(sub, sizeof sub, "%s%s%s", path, path[0] ? "." : "", key);
      walk(e, sub, bad);
    }
    /* Every schema child of this object must be present. */
    for (size_t j = 0; j < nschema; j++) {
      const char *p = schema[j].path, *rest;
      size_t n = strlen(path);
      if (n && (strncmp(p, path, n) != 0 || p[n] != '.'))
        continue;
      rest = n ? p + n + 1 : p;
      if (strpbrk(rest, ".[") == NULL && json_object_get(v, rest) == NULL) {
        fprintf(stderr, "%s: missing\n", p);
        ++*bad;
      }
    }
  }
}

static int check_schema(const json_t *fp) {
  int bad = 0;
  FP_CHECK(json_is_object(fp), "not an object");
  walk(fp, "", &bad);
  FP_CHECK(bad == 0, "%d schema errors (above)", bad);
  FP_CHECK(json_integer_value(json_object_get(fp, "schema_version")) ==
               FP_SCHEMA,
           "schema_version");
  FP_CHECK(json_integer_value(json_object_get(fp, "page_size")) ==
               sysconf(_SC_PAGESIZE),
           "page_size");
  FP_CHECK(strlen(json_string_value(json_object_get(fp, "date"))) == 20,
           "date %s", json_string_value(json_object_get(fp, "date")));
  return FP_PASS;
}

int fp_test_fp_schema(const char *arg) {
  json_t *fp = fp_fingerprint(NULL);
  char *text;
  int rc;
  (void)arg;
  FP_CHECK(fp != NULL, "no fingerprint");
  text = json_dumps(fp, JSON_INDENT(2));
  printf("%s\n", text);
  free(text);
  rc = check_schema(fp);
  json_decref(fp);
  return rc;
}

/* A null at any depth must be explained by a note naming its top-level
 * field ("thp.enabled: cannot read ..."). */
static int nulls_explained(const json_t *v, const char *top,
                           const json_t *notes) {
  size_t k;
  const char *key;
  json_t *e;
  int ok = 1;
  if (json_is_null(v)) {
    json_array_foreach(notes, k, e) {
      const char *n = json_string_value(e);
      if (strncmp(n, top, strlen(top)) == 0 && strchr(".[:", n[strlen(top)]))
        return 1;
    }
    fprintf(stderr, "null under %s has no note\n", top);
    return 0;
  }
  if (json_is_array(v))
    json_array_foreach(v, k, e) ok &= nulls_explained(e, top, notes);
  if (json_is_object(v))
    json_object_foreach((json_t *)v, key, e) ok &=
        nulls_explained(e, top, notes);
  return ok;
}

int fp_test_fp_notes_explain_nulls(const char *arg) {
  json_t *fp = fp_fingerprint("/"), *notes, *e;
  const char *key;
  int ok = 1;
  (void)arg;
  FP_CHECK(fp != NULL, "no fingerprint");
  notes = json_object_get(fp, "notes");
  json_object_foreach(fp, key, e) ok &= nulls_explained(e, key, notes);
  json_decref(fp);
  FP_CHECK(ok, "unexplained nulls (above)");
  return FP_PASS;
}

/* ---- The CLI ------------------------------------------------------------- */

typedef struct run_result {
  int status;      /* exit status, or -1 if it did not exit */
  char out[65536]; /* stdout, NUL-terminated (truncated) */
  char err[4096];  /* stderr */
} run_result;

static void slurp(FILE *f, char *buf, size_t len) {
  size_t n;
  rewind(f);
  n = fread(buf, 1, len - 1, f);
  buf[n] = '\0';
  fclose(f);
}

/* Runs BIN with up to three arguments, capturing stdout and stderr in
 * temporary files (no pipe can fill up). */
static int run(const char *bin, const char *a1, const char *a2, run_result *r) {
  FILE *out = tmpfile(), *err = tmpfile();
  int status;
  pid_t pid;
  if (out == NULL || err == NULL)
    return -errno;
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    execl(bin, bin, a1, a2, (char *)NULL);
    _exit(127);
  }
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return -ECHILD;
  r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  slurp(out, r->out, sizeof r->out);
  slurp(err, r->err, sizeof r->err);
  return 0;
}

static int count_char(const char *s, char c) {
  int n = 0;
  for (; *s; s++)
    n += *s == c;
  return n;
}

int fp_test_fp_cli_json(const char *arg) {
  static run_result r;
  char real[PATH_MAX];
  json_error_t jerr;
  json_t *fp;
  int rc;
  FP_CHECK(arg != NULL, "no mmaplab-fingerprint path given");
  FP_CHECK(run(arg, "--dir", "/", &r) == 0 && r.status == 0, "status %d: %s",
           r.status, r.err);
  fp = json_loads(r.out, 0, &jerr);
  FP_CHECK(fp != NULL, "not JSON: %s", jerr.text);
  FP_CHECK(realpath("/", real) &&
               strcmp(json_string_value(json_object_get(
                          json_object_get(fp, "filesystem"), "dir")),
                      real) == 0,
           "filesystem.dir");
  rc = check_schema(fp);
  json_decref(fp);
  if (rc != FP_PASS)
    return rc;
  FP_CHECK(run(arg, "--compact", NULL, &r) == 0 && r.status == 0, "%s", r.err);
  FP_CHECK(count_char(r.out, '\n') == 1, "--compact printed %d lines",
           count_char(r.out, '\n'));
  FP_CHECK(run(arg, "--help", NULL, &r) == 0 && r.status == 0 &&
               strstr(r.out, "usage:") != NULL,
           "--help");
  return FP_PASS;
}

/* Misuse: exit 2, one line on stderr, nothing on stdout. */
static int check_misuse(const char *bin, const char *a1, const char *a2) {
  static run_result r;
  FP_CHECK(run(bin, a1, a2, &r) == 0, "cannot run %s", bin);
  printf("%s %s%s -> %d, stderr: %s", bin, a1, a2 ? a2 : "", r.status, r.err);
  FP_CHECK(r.status == 2, "exit status %d, want 2", r.status);
  FP_CHECK(r.out[0] == '\0', "stdout not empty: %s", r.out);
  FP_CHECK(count_char(r.err, '\n') == 1 && r.err[strlen(r.err) - 1] == '\n',
           "stderr is not one line: %s", r.err);
  return FP_PASS;
}

int fp_test_fp_cli_bogus(const char *arg) {
  FP_CHECK(arg != NULL, "no mmaplab-fingerprint path given");
  return check_misuse(arg, "--bogus", NULL);
}

int fp_test_fp_cli_bad_dir(const char *arg) {
  int rc;
  FP_CHECK(arg != NULL, "no mmaplab-fingerprint path given");
  rc = check_misuse(arg, "--dir", "/nonexistent/mmaplab");
  return rc != FP_PASS ? rc : check_misuse(arg, "--dir", NULL);
}
