/* results.c - loading result files (results.h). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "results.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_input.h"
#include "ut_str.h"

/* Fields Google Benchmark itself writes in a benchmark entry; every other
 * number is a user counter. */
static const char *const gbench_fields[] = {"name",
                                            "family_index",
                                            "per_family_instance_index",
                                            "run_name",
                                            "run_type",
                                            "repetitions",
                                            "repetition_index",
                                            "threads",
                                            "iterations",
                                            "real_time",
                                            "cpu_time",
                                            "time_unit",
                                            "bytes_per_second",
                                            "items_per_second",
                                            "label",
                                            "error_occurred",
                                            "error_message",
                                            "aggregate_name",
                                            "aggregate_unit",
                                            NULL};

static int is_gbench_field(const char *key) {
  for (size_t i = 0; gbench_fields[i] != NULL; i++)
    if (strcmp(gbench_fields[i], key) == 0)
      return 1;
  return 0;
}

/* Nanoseconds per TIME_UNIT; 0 if the unit is unknown. */
static double unit_ns(const char *unit) {
  static const struct {
    const char *name;
    double ns;
  } units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strcmp(units[i].name, unit) == 0)
      return units[i].ns;
  return 0;
}

static double num_or_nan(const json_t *obj, const char *key) {
  const json_t *v = json_object_get(obj, key);
  return json_is_number(v) ? json_number_value(v) : NAN;
}

static char *xstrdup(const char *s) { return strdup(s != NULL ? s : ""); }

/* The position of NAME in INDEX (a jansson object: name -> position), or
 * -1. Hash tables keep loading and merging linear in the number of names:
 * a hostile file may hold tens of thousands. */
static long index_get(const json_t *index, const char *name) {
  const json_t *pos = json_object_get(index, name);
  return pos != NULL ? (long)json_integer_value(pos) : -1;
}

/* Records NAME at position I in *INDEX (created if NULL); 0 or -1. */
static int index_put(json_t **index, const char *name, size_t i) {
  json_t *pos;
  if (*index == NULL && (*index = json_object()) == NULL)
    return -1;
  pos = json_integer((json_int_t)i);
  /* nocheck: the names came from valid JSON or are the caller's */
  return pos != NULL && json_object_set_new_nocheck(*index, name, pos) == 0
             ? 0
             : -1;
}

/* The position of NAME among the N names at NAMES + k * STRIDE (the name
 * fields of an array of benches or counters), found through *INDEX; an
 * index that is still NULL (a hand-made result or bench) is built from
 * the names first. -1 if NAME is not there, -2 out of memory. */
static long find_name(json_t **index, char *const *names, size_t n,
                      size_t stride, const char *name) {
  if (*index == NULL)
    for (size_t k = 0; k < n; k++) {
      const char *nk = *(char *const *)((const char *)names + k * stride);
      if (index_get(*index, nk) < 0 && index_put(index, nk, k) != 0)
        return -2;
    }
  return index_get(*index, name);
}

/* The most counter values (counters x repetitions, summed over the
 * benchmarks) one result holds: 128 MiB of doubles, far above a real run
 * (thousands), far below what a small hostile file could ask for (a
 * counter named once makes a value in every repetition). */
#define MAX_VALUES ((size_t)1 << 24)

/* Counts ADD more counter values in R: 0, or -2 past MAX_VALUES. */
static int take_values(rs_result *r, size_t add) {
  if (add > MAX_VALUES - r->nvalues)
    return -2;
  r->nvalues += add;
  return 0;
}

/* Resizes B's per-sample arrays (and its counters') to CAP samples. */
static int grow(rs_bench *b, size_t cap) {
  double **arrays[] = {&b->real_ns, &b->cpu_ns, &b->bytes_per_second,
                       &b->items_per_second};
  int64_t *it;
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) {
    double *p = realloc(*arrays[i], cap * sizeof **arrays[i]);
    if (p == NULL)
      return -1;
    *arrays[i] = p;
  }
  if ((it = realloc(b->iterations, cap * sizeof *it)) == NULL)
    return -1;
  b->iterations = it;
  for (size_t c = 0; c < b->ncounters; c++) {
    double *p = realloc(b->counters[c].values, cap * sizeof *p);
    if (p == NULL)
      return -1;
    b->counters[c].values = p;
  }
  b->cap = cap;
  return 0;
}

/* Makes room in B for one more sample (the counters NAN there); 0, -1 out
 * of memory, or -2 past MAX_VALUES in R. Capacities double. */
static int add_slot(rs_result *r, rs_bench *b) {
  const size_t n = b->nsamples + 1;
  if (take_values(r, b->ncounters) != 0)
    return -2;
  if (n > b->cap && grow(b, n > 2 * b->cap ? (n < 4 ? 4 : n) : 2 * b->cap))
    return -1;
  for (size_t c = 0; c < b->ncounters; c++)
    b->counters[c].values[n - 1] = NAN;
  return 0;
}

/* The counter NAME of B, added (NAN for the samples so far) if new; NULL
 * with *RC -1 out of memory or -2 past MAX_VALUES in R. */
static rs_counter *counter_slot(rs_result *r, rs_bench *b, const char *name,
                                int *rc) {
  rs_counter *c;
  long i;
  const size_t cap = b->cap > b->nsamples ? b->cap : b->nsamples + 1;
  *rc = -1;
  i = find_name(&b->counter_index, b->counters ? &b->counters->name : NULL,
                b->ncounters, sizeof *b->counters, name);
  if (i >= 0)
    return &b->counters[i];
  if (i == -2)
    return NULL;
  if (take_values(r, b->nsamples + 1) != 0) {
    *rc = -2;
    return NULL;
  }
  if (ut_grow(&b->counters, &b->counter_cap, b->ncounters + 1,
              sizeof *b->counters, 4) != 0)
    return NULL;
  c = &b->counters[b->ncounters];
  c->name = xstrdup(name);
  c->values = malloc(cap * sizeof *c->values);
  if (c->name == NULL || c->values == NULL ||
      index_put(&b->counter_index, name, b->ncounters) != 0) {
    free(c->name);
    free(c->values);
    return NULL;
  }
  for (size_t k = 0; k <= b->nsamples; k++)
    c->values[k] = NAN;
  b->ncounters++;
  return c;
}

static rs_bench *bench_slot(rs_result *r, const char *name) {
  char part[256];
  rs_bench *b;
  long i;
  i = find_name(&r->bench_index, r->benches ? &r->benches->name : NULL,
                r->nbenches, sizeof *r->benches, name);
  if (i >= 0)
    return &r->benches[i];
  if (i == -2 || ut_grow(&r->benches, &r->bench_cap, r->nbenches + 1,
                         sizeof *r->benches, 16) != 0)
    return NULL;
  b = &r->benches[r->nbenches];
  memset(b, 0, sizeof *b);
  b->name = xstrdup(name);
  b->family = xstrdup(rs_name_part(name, 0, part, sizeof part) ? part : "");
  b->impl = xstrdup(rs_name_part(name, 1, part, sizeof part) ? part : "");
  if (b->name == NULL || b->family == NULL || b->impl == NULL ||
      index_put(&r->bench_index, name, r->nbenches) != 0) {
    free(b->name);
    free(b->family);
    free(b->impl);
    return NULL;
  }
  r->nbenches++;
  return b;
}

/* Adds one "iteration" entry E to R; 0, or -1 with ERR set. */
static int add_iteration(rs_result *r, const json_t *e, char *err, size_t len) {
  const char *run = json_string_value(json_object_get(e, "run_name"));
  const char *unit = json_string_value(json_object_get(e, "time_unit"));
  const char *key;
  json_t *v;
  rs_bench *b;
  size_t k;
  int rc;
  if (run == NULL)
    run = json_string_value(json_object_get(e, "name"));
  if (run == NULL) {
    snprintf(err, len, "%s: a benchmark entry without a name", r->path);
    return -1;
  }
  if ((b = bench_slot(r, run)) == NULL)
    goto oom;
  if (json_is_true(json_object_get(e, "error_occurred"))) {
    if (b->nerrors++ == 0 &&
        (b->error_message = xstrdup(
             json_string_value(json_object_get(e, "error_message")))) == NULL)
      goto oom;
    return 0;
  }
  if (unit == NULL || unit_ns(unit) == 0 ||
      !json_is_number(json_object_get(e, "real_time"))) {
    snprintf(err, len, "%s: %s: no real_time with a known time_unit", r->path,
             run);
    return -1;
  }
  if ((rc = add_slot(r, b)) != 0)
    goto fail;
  k = b->nsamples;
  b->real_ns[k] = num_or_nan(e, "real_time") * unit_ns(unit);
  b->cpu_ns[k] = num_or_nan(e, "cpu_time") * unit_ns(unit);
  b->bytes_per_second[k] = num_or_nan(e, "bytes_per_second");
  b->items_per_second[k] = num_or_nan(e, "items_per_second");
  b->iterations[k] = json_integer_value(json_object_get(e, "iterations"));
  if (b->label == NULL && json_is_string(json_object_get(e, "label")) &&
      (b->label = xstrdup(json_string_value(json_object_get(e, "label")))) ==
          NULL)
    goto oom;
  json_object_foreach((json_t *)e, key, v) {
    rs_counter *c;
    if (is_gbench_field(key) || !json_is_number(v))
      continue;
    if ((c = counter_slot(r, b, key, &rc)) == NULL)
      goto fail;
    c->values[k] = json_number_value(v);
  }
  b->nsamples++;
  return 0;
oom:
  rc = -1;
fail:
  if (rc == -2)
    snprintf(err, len,
             "%s: too many counter values (counters x repetitions over "
             "%zu): not a benchmark result",
             r->path, MAX_VALUES);
  else
    snprintf(err, len, "%s: out of memory", r->path);
  return -1;
}

/* 1 if the jansson call that failed with JE ran out of memory; E is errno
 * after the call (0 before it). jansson 2.14 reports a failed allocation
 * in its parser as json_error_out_of_memory only at times, else as
 * "invalid token" or with no text at all: malloc's ENOMEM tells then. */
static int out_of_memory(const json_error_t *je, int e) {
  return json_error_code(je) == json_error_out_of_memory || e == ENOMEM;
}

static int load_gbench(rs_result *r, char *err, size_t len) {
  json_t *list = json_object_get(r->root, "benchmarks"), *e;
  const char *fp;
  size_t i;
  r->kind = RS_RESULT_GBENCH;
  r->context = json_object_get(r->root, "context");
  if (!json_is_array(list) || !json_is_object(r->context)) {
    snprintf(err, len,
             "%s: \"benchmarks\" must be an array and \"context\" "
             "an object",
             r->path);
    return -1;
  }
  fp = json_string_value(json_object_get(r->context, "mmaplab_fingerprint"));
  if (fp != NULL) {
    json_error_t je;
    int saved;
    memset(&je, 0, sizeof je);
    errno = 0;
    r->fingerprint = json_loads(fp, 0, &je);
    saved = errno;
    if (r->fingerprint == NULL && out_of_memory(&je, saved)) {
      snprintf(err, len, "%s: out of memory", r->path);
      return -1;
    }
    if (!json_is_object(r->fingerprint)) {
      snprintf(err, len,
               "%s: context.mmaplab_fingerprint is not a JSON "
               "object: %s",
               r->path, r->fingerprint ? "another kind of value" : je.text);
      return -1;
    }
  }
  json_array_foreach(list, i, e) {
    const char *type = json_string_value(json_object_get(e, "run_type"));
    if (!json_is_object(e)) {
      snprintf(err, len, "%s: benchmarks[%zu] is not an object", r->path, i);
      return -1;
    }
    if (type != NULL && strcmp(type, "iteration") != 0)
      continue; /* aggregates: recomputed from the samples */
    if (add_iteration(r, e, err, len) != 0)
      return -1;
  }
  return 0;
}

/* Recognises the kind of OUT->root and loads it; 0, or -1 with ERR set and
 * OUT freed. */
static int load_root(const char *path, rs_result *out, char *err, size_t len) {
  if (json_is_object(json_object_get(out->root, "context")) ||
      json_object_get(out->root, "benchmarks") != NULL) {
    if (load_gbench(out, err, len) == 0)
      return 0;
  } else if (json_is_array(json_object_get(out->root, "results"))) {
    json_t *fp =
        json_object_get(json_object_get(out->root, "mmaplab"), "fingerprint");
    out->kind = RS_RESULT_HYPERFINE;
    if (json_is_object(fp))
      out->fingerprint = json_incref(fp);
    return 0;
  } else if (json_is_array(json_object_get(out->root, "cases")) &&
             json_is_object(json_object_get(out->root, "counts"))) {
    out->kind = RS_RESULT_CONFORMANCE;
    return 0;
  } else {
    snprintf(err, len,
             "%s: not a Google Benchmark, hyperfine or conformance result",
             path);
  }
  rs_result_free(out);
  return -1;
}

/* Sets ERR from the parse error JE of PATH (E: errno after the parse) and
 * frees OUT; -1. */
static int parse_failed(const char *path, rs_result *out,
                        const json_error_t *je, int e, char *err, size_t len) {
  if (out->path == NULL || out_of_memory(je, e))
    snprintf(err, len, "%s: out of memory", path);
  else if (je->line > 0)
    snprintf(err, len, "%s: line %d: %s", path, je->line, je->text);
  else
    snprintf(err, len, "%s: %s", path, je->text);
  rs_result_free(out);
  return -1;
}

/* The token among NaN, Infinity, -Infinity at S (N bytes left) that ends
 * there (not followed by a letter or digit): its length, or 0. */
static size_t nonfinite_token(const char *s, size_t n) {
  static const char *const tokens[] = {"NaN", "Infinity", "-Infinity"};
  for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
    const size_t k = strlen(tokens[i]);
    if (k <= n && memcmp(s, tokens[i], k) == 0 &&
        (k == n || !isalnum((unsigned char)s[k])))
      return k;
  }
  return 0;
}

/* TEXT (LEN bytes) with every NaN, Infinity and -Infinity outside strings
 * replaced by null: a new buffer of *OUTLEN bytes, or NULL. */
static char *nonfinite_to_null(const char *text, size_t len, size_t *outlen) {
  char *out = malloc(len + len / 3 + 1), *o = out;
  int in_string = 0;
  if (out == NULL)
    return NULL;
  for (size_t i = 0; i < len; i++) {
    size_t k;
    if (in_string) {
      if (text[i] == '\\' && i + 1 < len)
        *o++ = text[i++];
      else if (text[i] == '"')
        in_string = 0;
    } else if (text[i] == '"') {
      in_string = 1;
    } else if ((k = nonfinite_token(text + i, len - i)) != 0) {
      memcpy(o, "null", 4);
      o += 4;
      i += k - 1;
      continue;
    }
    *o++ = text[i];
  }
  *outlen = (size_t)(o - out);
  return out;
}

/* ERR made one line: jansson's messages quote the input near the error,
 * newlines included, and benchmark names may hold any character. */
static void one_line(char *err, size_t len) {
  for (size_t i = 0; i < len && err[i] != '\0'; i++)
    if ((unsigned char)err[i] < 0x20 || err[i] == 0x7f)
      err[i] = '?';
}

/* Parses N bytes of TEXT into OUT. OWNED (TEXT itself, or NULL) becomes
 * OUT->data, freed with OUT on every path. */
static int load_text(const char *path, char *owned, const char *text, size_t n,
                     rs_result *out, char *err, size_t len) {
  json_error_t je;
  size_t m = 0;
  char *clean;
  int e;
  memset(out, 0, sizeof *out);
  out->data = owned;
  out->size = owned != NULL ? n : 0;
  out->path = xstrdup(path);
  clean = nonfinite_to_null(text, n, &m);
  if (clean == NULL) {
    snprintf(err, len, "%s: out of memory", path);
    rs_result_free(out);
    return -1;
  }
  memset(&je, 0, sizeof je); /* jansson leaves the code unset at times */
  errno = 0;
  out->root = json_loadb(clean, m, JSON_REJECT_DUPLICATES, &je);
  e = errno;
  free(clean);
  if (out->path == NULL || out->root == NULL)
    return parse_failed(path, out, &je, e, err, len);
  return load_root(path, out, err, len);
}

int rs_result_load(const char *path, rs_result *out, char *err, size_t len) {
  size_t n = 0;
  char *text;
  int rc;
  memset(out, 0, sizeof *out);
  /* Read once, whole, within a limit: a pipe is not read twice, a FIFO
   * without a writer is empty at once, a device is refused. */
  if (ut_read_input(path, UT_INPUT_MAX, &text, &n, err, len) != 0)
    return -1;
  /* OUT keeps the bytes read: the report copies them into data/ */
  rc = load_text(path, text, text, n, out, err, len);
  if (rc != 0)
    one_line(err, len);
  return rc;
}

int rs_result_load_text(const char *path, const char *text, size_t n,
                        rs_result *out, char *err, size_t len) {
  const int rc = load_text(path, NULL, text, n, out, err, len);
  if (rc != 0)
    one_line(err, len);
  return rc;
}

/* Appends the samples of S to B (same name) of R; 0 or -1. */
static int append_samples(rs_result *r, rs_bench *b, const rs_bench *s) {
  int rc;
  for (size_t k = 0; k < s->nsamples; k++) {
    if (add_slot(r, b) != 0)
      return -1;
    b->real_ns[b->nsamples] = s->real_ns[k];
    b->cpu_ns[b->nsamples] = s->cpu_ns[k];
    b->bytes_per_second[b->nsamples] = s->bytes_per_second[k];
    b->items_per_second[b->nsamples] = s->items_per_second[k];
    b->iterations[b->nsamples] = s->iterations[k];
    for (size_t c = 0; c < s->ncounters; c++) {
      rs_counter *d = counter_slot(r, b, s->counters[c].name, &rc);
      if (d == NULL)
        return -1;
      d->values[b->nsamples] = s->counters[c].values[k];
    }
    b->nsamples++;
  }
  if (s->nerrors > 0 && b->nerrors == 0 && s->error_message != NULL &&
      (b->error_message = xstrdup(s->error_message)) == NULL)
    return -1;
  b->nerrors += s->nerrors;
  return 0;
}

int rs_result_merge(rs_result *dst, rs_result *src) {
  for (size_t i = 0; i < src->nbenches; i++) {
    const rs_bench *s = &src->benches[i];
    rs_bench *b = bench_slot(dst, s->name);
    if (b == NULL || append_samples(dst, b, s) != 0)
      return -1;
  }
  rs_result_free(src);
  return 0;
}

void rs_result_free(rs_result *r) {
  for (size_t i = 0; i < r->nbenches; i++) {
    rs_bench *b = &r->benches[i];
    for (size_t c = 0; c < b->ncounters; c++) {
      free(b->counters[c].name);
      free(b->counters[c].values);
    }
    free(b->counters);
    free(b->name);
    free(b->family);
    free(b->impl);
    free(b->real_ns);
    free(b->cpu_ns);
    free(b->bytes_per_second);
    free(b->items_per_second);
    free(b->iterations);
    free(b->error_message);
    free(b->label);
    json_decref(b->counter_index);
  }
  free(r->benches);
  json_decref(r->bench_index);
  free(r->path);
  free(r->data);
  json_decref(r->fingerprint);
  json_decref(r->root);
  memset(r, 0, sizeof *r);
}

const rs_bench *rs_result_bench(const rs_result *r, const char *name) {
  long i;
  if (r->bench_index != NULL)
    return (i = index_get(r->bench_index, name)) >= 0 ? &r->benches[i] : NULL;
  for (size_t k = 0; k < r->nbenches; k++)
    if (strcmp(r->benches[k].name, name) == 0)
      return &r->benches[k];
  return NULL;
}

const rs_counter *rs_bench_counter(const rs_bench *b, const char *name) {
  long i;
  if (b->counter_index != NULL)
    return (i = index_get(b->counter_index, name)) >= 0 ? &b->counters[i]
                                                        : NULL;
  for (size_t k = 0; k < b->ncounters; k++)
    if (strcmp(b->counters[k].name, name) == 0)
      return &b->counters[k];
  return NULL;
}

int rs_name_part(const char *name, size_t i, char *buf, size_t len) {
  const char *p = name, *end;
  size_t n;
  for (; i > 0; i--) {
    if ((p = strchr(p, '/')) == NULL)
      return 0;
    p++;
  }
  end = strchr(p, '/');
  n = end != NULL ? (size_t)(end - p) : strlen(p);
  if (len == 0 || n >= len)
    return 0;
  memcpy(buf, p, n);
  buf[n] = '\0';
  return 1;
}

int rs_name_param(const char *name, const char *key, char *buf, size_t len) {
  const size_t klen = strlen(key);
  char part[256];
  for (size_t i = 0; rs_name_part(name, i, part, sizeof part); i++)
    if (strncmp(part, key, klen) == 0 && part[klen] == ':') {
      if (strlen(part + klen + 1) >= len)
        return 0;
      strcpy(buf, part + klen + 1);
      return 1;
    }
  return 0;
}

int rs_name_param_int(const char *name, const char *key, int64_t *out) {
  char buf[32], *end;
  long long v;
  if (!rs_name_param(name, key, buf, sizeof buf) || buf[0] == '\0')
    return 0;
  v = strtoll(buf, &end, 10);
  if (*end != '\0')
    return 0;
  *out = (int64_t)v;
  return 1;
}

static int cmp_double(const void *a, const void *b) {
  const double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The mean of A and B, also where A + B overflows (1e308 and 1e308). */
static double midpoint(double a, double b) {
  const double m = (a + b) / 2;
  return isinf(m) && !isinf(a) && !isinf(b) ? a / 2 + b / 2 : m;
}

double rs_median(const double *v, size_t n) {
  double *s = malloc((n ? n : 1) * sizeof *s), m = NAN;
  size_t k = 0;
  if (s == NULL)
    return NAN;
  for (size_t i = 0; i < n; i++)
    if (!isnan(v[i]))
      s[k++] = v[i];
  if (k > 0) {
    qsort(s, k, sizeof *s, cmp_double);
    m = k % 2 ? s[k / 2] : midpoint(s[k / 2 - 1], s[k / 2]);
  }
  free(s);
  return m;
}

json_t *rs_result_fp_get(const rs_result *r, const char *path) {
  char key[128];
  json_t *v = r->fingerprint;
  const char *p = path;
  while (v != NULL && *p != '\0') {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (n >= sizeof key)
      return NULL;
    memcpy(key, p, n);
    key[n] = '\0';
    v = json_object_get(v, key);
    p += n + (dot != NULL);
  }
  return v;
}

void rs_result_machine(const rs_result *r, char *buf, size_t len) {
  const char *host = json_string_value(rs_result_fp_get(r, "hostname"));
  const char *rel = json_string_value(rs_result_fp_get(r, "kernel.release"));
  const char *cpu = json_string_value(rs_result_fp_get(r, "cpu.model"));
  const char *thp = json_string_value(rs_result_fp_get(r, "thp.enabled"));
  json_int_t ncpu = json_integer_value(rs_result_fp_get(r, "cpu.online"));
  const char *sys = json_string_value(rs_result_fp_get(r, "kernel.sysname"));
  const char *runtime = json_string_value(rs_result_fp_get(r, "runtime"));
  if (r->fingerprint == NULL) {
    const char *base = strrchr(r->path, '/');
    snprintf(buf, len, "%s", base ? base + 1 : r->path);
    return;
  }
  if (runtime != NULL && strcmp(runtime, "wine") == 0) {
    /* The Windows bench under Wine (bench/fingerprint_windows.h): Wine's
     * figures on the host's kernel, never a Windows measurement. */
    const char *wv = json_string_value(rs_result_fp_get(r, "wine.version"));
    const char *hs =
        json_string_value(rs_result_fp_get(r, "wine.host_sysname"));
    const char *hr =
        json_string_value(rs_result_fp_get(r, "wine.host_release"));
    snprintf(buf, len, "%s: Wine %s on %s %s (not Windows), %s x%lld",
             host ? host : "?", wv ? wv : "?", hs ? hs : "?", hr ? hr : "?",
             cpu ? cpu : "?", (long long)ncpu);
  } else if (sys != NULL && strcmp(sys, "Linux") != 0)
    snprintf(buf, len, "%s: %s %s, %s x%lld", host ? host : "?", sys,
             rel ? rel : "?", cpu ? cpu : "?", (long long)ncpu);
  else
    snprintf(buf, len, "%s: Linux %s, %s x%lld, THP %s", host ? host : "?",
             rel ? rel : "?", cpu ? cpu : "?", (long long)ncpu,
             thp ? thp : "?");
}
