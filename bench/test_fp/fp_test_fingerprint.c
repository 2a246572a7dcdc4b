/* fp_test_fingerprint.c - the fingerprint's schema and the CLI. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_test_util.h"
#include "fingerprint.h"
#include "fp_tests.h"

/* ---- The schema, as a list ----------------------------------------------- */

enum { STR = 1, INT = 2, BOOL = 4, NUL = 8, OBJ = 16, ARR = 32 };

/* Every field of schema 1 (fingerprint.h) and the JSON types it may take.
 * "a[]" is each element of array a; "thp.mthp" and "thp.mthp_shmem" are
 * free-form inside. */
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
    {"thp.mthp_shmem", OBJ | NUL},
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
    {"filesystem.read_ahead_kb", INT | NUL},
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
static const char free_form_shmem[] = "thp.mthp_shmem.";

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
  if (strncmp(path, free_form, strlen(free_form)) == 0 ||
      strncmp(path, free_form_shmem, strlen(free_form_shmem)) == 0)
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

static void check_schema(const json_t *fp) {
  int bad = 0;
  ASSERT(json_is_object(fp));
  walk(fp, "", &bad);
  ASSERT_EQ(bad, 0); /* each error is printed above */
  ASSERT_EQ(json_integer_value(json_object_get(fp, "schema_version")),
            FP_SCHEMA);
  ASSERT_EQ(json_integer_value(json_object_get(fp, "page_size")),
            sysconf(_SC_PAGESIZE));
  ASSERT_EQ(strlen(json_string_value(json_object_get(fp, "date"))), 20);
}

int fp_test_fp_schema(const char *arg) {
  json_t *fp = fp_fingerprint(NULL);
  char *text;
  (void)arg;
  ASSERT_NOT_NULL(fp);
  text = json_dumps(fp, JSON_INDENT(2));
  printf("%s\n", text);
  free(text);
  check_schema(fp);
  json_decref(fp);
  return 0;
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
  ASSERT_NOT_NULL(fp);
  notes = json_object_get(fp, "notes");
  json_object_foreach(fp, key, e) ok &= nulls_explained(e, key, notes);
  json_decref(fp);
  ASSERT(ok); /* each unexplained null is printed above */
  return 0;
}

/* ---- The CLI ------------------------------------------------------------- */

typedef struct run_result {
  int status; /* exit status, or -1 if it did not exit */
  char *out;  /* stdout, NUL-terminated (malloc'd) */
  char *err;  /* stderr */
} run_result;

/* Runs BIN with up to two arguments (A2 only after A1), capturing stdout
 * and stderr in temporary files (no pipe can fill up); prints the command,
 * its status and its stderr on stderr. Free R with run_free. */
static void run(const char *bin, const char *a1, const char *a2,
                run_result *r) {
  FILE *out = tmpfile(), *err = tmpfile();
  int status;
  pid_t pid;
  ASSERT_NOT_NULL(out);
  ASSERT_NOT_NULL(err);
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    dup2(fileno(out), 1);
    dup2(fileno(err), 2);
    execl(bin, bin, a1, a2, (char *)NULL);
    _exit(127);
  }
  ASSERT_GT(pid, 0);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  rewind(out);
  rewind(err);
  r->out = bt_slurp(out);
  r->err = bt_slurp(err);
  fprintf(stderr, "%s %s %s -> %d, stderr: %s\n", bin, a1 ? a1 : "",
          a2 ? a2 : "", r->status, r->err);
}

static void run_free(run_result *r) {
  free(r->out);
  free(r->err);
}

static int count_char(const char *s, char c) {
  int n = 0;
  for (; *s; s++)
    n += *s == c;
  return n;
}

int fp_test_fp_cli_json(const char *arg) {
  run_result r;
  json_error_t jerr;
  json_t *fp;
  char *real = realpath("/", NULL);
  ASSERT_NOT_NULL(arg); /* the mmaplab-fingerprint binary */
  ASSERT_NOT_NULL(real);
  run(arg, "--dir", "/", &r);
  ASSERT_EQ(r.status, 0);
  fp = json_loads(r.out, 0, &jerr);
  if (fp == NULL)
    fprintf(stderr, "not JSON: %s\n", jerr.text);
  ASSERT_NOT_NULL(fp);
  ASSERT_STR_EQ(json_string_value(
                    json_object_get(json_object_get(fp, "filesystem"), "dir")),
                real);
  check_schema(fp);
  json_decref(fp);
  free(real);
  run_free(&r);
  run(arg, "--compact", NULL, &r);
  ASSERT_EQ(r.status, 0);
  ASSERT_EQ(count_char(r.out, '\n'), 1);
  run_free(&r);
  run(arg, "--help", NULL, &r);
  ASSERT_EQ(r.status, 0);
  ASSERT_STR_HAS(r.out, "usage:");
  run_free(&r);
  return 0;
}

/* Misuse: exit 2, one line on stderr, nothing on stdout. */
static void check_misuse(const char *bin, const char *a1, const char *a2) {
  run_result r;
  run(bin, a1, a2, &r);
  ASSERT_EQ(r.status, 2);
  ASSERT_STR_EQ(r.out, "");
  ASSERT_EQ(count_char(r.err, '\n'), 1);
  ASSERT_EQ(r.err[strlen(r.err) - 1], '\n');
  run_free(&r);
}

int fp_test_fp_cli_bogus(const char *arg) {
  ASSERT_NOT_NULL(arg); /* the mmaplab-fingerprint binary */
  check_misuse(arg, "--bogus", NULL);
  check_misuse(arg, "stray", NULL);
  /* What getopt_long alone would take: abbreviations, clusters, "--", a
   * value in the other form than --dir DIR. */
  check_misuse(arg, "--comp", NULL);
  check_misuse(arg, "-hx", NULL);
  check_misuse(arg, "--", NULL);
  check_misuse(arg, "--dir=/", NULL);
  check_misuse(arg, "--compact=1", NULL);
  return 0;
}

int fp_test_fp_cli_bad_dir(const char *arg) {
  ASSERT_NOT_NULL(arg); /* the mmaplab-fingerprint binary */
  check_misuse(arg, "--dir", "/nonexistent/mmaplab");
  check_misuse(arg, "--dir", NULL);
  return 0;
}
