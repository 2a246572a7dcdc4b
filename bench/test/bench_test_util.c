/* bench_test_util.c - helpers shared by the bench tests (bench_test_util.h). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, getdelim, strdup */
#include "bench_test_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gbench.h"

json_t *bt_run_gbench_flags(const char *const *extra, int n) {
  char path[] = "/tmp/mmaplab-bench-test-XXXXXX";
  char out[64], prog[] = "bench-test", fmt[] = "--benchmark_format=json";
  char ofmt[] = "--benchmark_out_format=json";
  char mt[] = "--benchmark_min_time=0.001";
  char *argv[10] = {prog, fmt, ofmt, mt, out};
  int argc = 5, fd;
  json_error_t err;
  json_t *root;
  if (n < 0 || n > 4) {
    fprintf(stderr, "bt_run_gbench_flags: %d flags, at most 4\n", n);
    return NULL;
  }
  if ((fd = mkstemp(path)) < 0) {
    perror("mkstemp");
    return NULL;
  }
  close(fd);
  snprintf(out, sizeof out, "--benchmark_out=%s", path);
  for (int i = 0; i < n; i++)
    argv[argc++] = (char *)extra[i];
  argv[argc] = NULL;
  gb_initialize(&argc, argv);
  if (gb_report_unrecognized(argc, argv)) {
    unlink(path);
    return NULL;
  }
  gb_run();
  root = json_load_file(path, 0, &err);
  if (root == NULL)
    fprintf(stderr, "%s: not JSON: %s (line %d)\n", path, err.text, err.line);
  unlink(path);
  return root;
}

json_t *bt_run_gbench(const char *extra) {
  return bt_run_gbench_flags(&extra, extra != NULL ? 1 : 0);
}

json_t *bt_bench(const json_t *root, const char *name) {
  json_t *list = json_object_get(root, "benchmarks"), *b;
  size_t i;
  json_array_foreach(list, i, b) {
    if (strcmp(bt_str(b, "name"), name) == 0)
      return b;
  }
  return NULL;
}

double bt_num(const json_t *obj, const char *key) {
  json_t *v = json_object_get(obj, key);
  return json_is_number(v) ? json_number_value(v) : -1e300;
}

json_t *bt_bench_run(const json_t *root, const char *name) {
  const size_t n = strlen(name);
  json_t *b;
  size_t i;
  json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
    const char *got = bt_str(b, "name");
    if (strncmp(got, name, n) == 0 && got[n] == '/')
      return b;
  }
  return NULL;
}

const char *bt_str(const json_t *obj, const char *key) {
  const char *s = json_string_value(json_object_get(obj, key));
  return s != NULL ? s : "";
}

int bt_failed(const json_t *b) {
  return json_is_true(json_object_get(b, "error_occurred"));
}

json_t *bt_ran(const json_t *root, const char *name) {
  json_t *b = bt_bench(root, name);
  if (b == NULL || bt_failed(b))
    fprintf(stderr, "%s: %s\n", name,
            b ? bt_str(b, "error_message") : "not in the report");
  ASSERT_NOT_NULL(b);
  ASSERT(!bt_failed(b));
  return b;
}

void bt_check_error(const json_t *root, const char *name,
                    const char *message_part) {
  json_t *b = bt_bench(root, name);
  if (b == NULL)
    fprintf(stderr, "%s: not in the report\n", name);
  ASSERT_NOT_NULL(b);
  ASSERT(bt_failed(b));
  ASSERT_STR_HAS(bt_str(b, "error_message"), message_part);
  ASSERT_DBL(bt_num(b, "bytes_per_second"), ==, -1e300);
  ASSERT_DBL(bt_num(b, "items_per_second"), ==, -1e300);
}

char *bt_slurp(FILE *f) {
  char *text = NULL;
  size_t cap = 0;
  ASSERT_NOT_NULL(f);
  errno = 0;
  if (getdelim(&text, &cap, '\0', f) < 0) { /* no NUL inside: all of it */
    ASSERT_EQ(errno, 0);                    /* at the end, not an error */
    free(text);
    text = strdup("");
  }
  fclose(f);
  ASSERT_NOT_NULL(text);
  return text;
}

int bt_main(int argc, char **argv, const bt_test *tests, size_t n, int nargs) {
  for (size_t i = 0; argc == 2 + nargs && i < n; i++)
    if (strcmp(argv[1], tests[i].name) == 0)
      return tests[i].fn(nargs ? argv[2] : NULL);
  fprintf(stderr, "usage: %s ", argv[0]);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "%s%s", i ? "|" : "", tests[i].name);
  fprintf(stderr, "%s\n", nargs ? " PROGRAM" : "");
  return 2;
}
