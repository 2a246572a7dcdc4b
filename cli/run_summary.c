/* run_summary.c - the closing summary of `mmaplab run` (run_summary.h). */
#include "run_summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"
#include "ut_str.h"

#define HEADLINE "random/miss/page:4k/hay:67108864/needle:16"

/* Adds LINE (taken over: freed with the summary) to L. */
static void add(cli_lines *l, char *line) {
  l->v = ut_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
  l->v[l->n++] = line;
}

void cli_summary_note(cli_summary *s, const char *note) {
  add(&s->notes, ut_xstrdup(note));
}

void cli_summary_conformance(cli_summary *s, const char *label,
                             const char *golden, const char *report_path) {
  char err[512];
  rs_result r;
  json_t *counts;
  if (rs_result_load(report_path, &r, err, sizeof err) != 0 ||
      r.kind != RS_RESULT_CONFORMANCE) {
    add(&s->conformance,
        ut_xasprintf("%-8s unreadable report: %s", label, err));
    return;
  }
  counts = json_object_get(r.root, "counts");
  add(&s->conformance,
      ut_xasprintf(
          "%-8s against %s: %lld passed, %lld failed, %lld skipped", label,
          golden,
          (long long)(json_integer_value(json_object_get(counts, "pass")) +
                      json_integer_value(json_object_get(counts, "expected")) +
                      json_integer_value(
                          json_object_get(counts, "reference-crash"))),
          (long long)json_integer_value(json_object_get(counts, "fail")),
          (long long)json_integer_value(json_object_get(counts, "skip"))));
  rs_result_free(&r);
}

/* The median GB/s of benchmark NAME in R, NAN if absent. */
static double gbs(const rs_result *r, const char *name) {
  const rs_bench *b = rs_result_bench(r, name);
  return b ? rs_median(b->bytes_per_second, b->nsamples) / 1e9 : NAN;
}

/* The benchmark whose name is PREFIX or starts with PREFIX "/" (Google
 * Benchmark appends "/iterations:N/manual_time" to some), or NULL. */
static const rs_bench *bench_prefix(const rs_result *r, const char *prefix) {
  const size_t n = strlen(prefix);
  for (size_t i = 0; i < r->nbenches; i++)
    if (strncmp(r->benches[i].name, prefix, n) == 0 &&
        (r->benches[i].name[n] == '\0' || r->benches[i].name[n] == '/'))
      return &r->benches[i];
  return NULL;
}

static double counter(const rs_result *r, const char *name, const char *key) {
  const rs_bench *b = bench_prefix(r, name);
  const rs_counter *c = b ? rs_bench_counter(b, key) : NULL;
  return c ? rs_median(c->values, b->nsamples) : NAN;
}

static void headlines(cli_summary *s, const rs_result *r) {
  double core = gbs(r, "find/core/" HEADLINE),
         glibc = gbs(r, "find/glibc/" HEADLINE);
  double cpy = gbs(r, "find/cpython/" HEADLINE),
         rf = gbs(r, "rfind/core/" HEADLINE);
  /* the peers of bench/peers (absent where they could not be built) */
  double sz = gbs(r, "find/stringzilla/" HEADLINE),
         rs = gbs(r, "find/rust-memchr/" HEADLINE),
         ceil = gbs(r, "find/ceiling/" HEADLINE),
         rsz = gbs(r, "rfind/stringzilla/" HEADLINE);
  double mv = gbs(r, "move/core/disjoint/page:4k/size:16777216");
  double mm = gbs(r, "move/glibc/disjoint/page:4k/size:16777216");
  const char *fault = "fault/anon-private/write/plain/page:4k/size:16777216";
  double ns = counter(r, fault, "ns_per_page"),
         fpp = counter(r, fault, "faults_per_page");
  if (!isnan(core)) {
    s->core_find_gbs = core;
    add(&s->bench, ut_xasprintf("find, 64 MiB random, needle 16: core %.2f "
                                "GB/s, glibc memmem %.2f GB/s",
                                core, glibc));
  }
  if (!isnan(sz) || !isnan(rs))
    add(&s->bench, ut_xasprintf("find, same: StringZilla %.2f GB/s, Rust "
                                "memchr %.2f GB/s, read ceiling %.2f GB/s",
                                sz, rs, ceil));
  if (!isnan(rf) && !isnan(rsz))
    add(&s->bench,
        ut_xasprintf("rfind, same: core %.2f GB/s, StringZilla %.2f GB/s", rf,
                     rsz));
  else if (!isnan(rf))
    add(&s->bench, ut_xasprintf("rfind, same: core %.2f GB/s", rf));
  if (!isnan(cpy) && s->core_find_gbs > 0)
    add(&s->bench,
        ut_xasprintf("find, same: CPython mmap.find %.2f GB/s (core %.1fx)",
                     cpy, s->core_find_gbs / cpy));
  else if (!isnan(cpy))
    add(&s->bench,
        ut_xasprintf("find, same: CPython mmap.find %.2f GB/s", cpy));
  if (!isnan(mv))
    add(&s->bench, ut_xasprintf("move, 16 MiB disjoint: core %.2f GB/s, "
                                "memmove %.2f GB/s",
                                mv, mm));
  if (!isnan(ns))
    add(&s->bench, ut_xasprintf("first write of 4 KiB anonymous pages: %.0f "
                                "ns/page, %.3f faults/page",
                                ns, fpp));
}

void cli_summary_bench(cli_summary *s, const char *path) {
  char err[512];
  const char *base = strrchr(path, '/');
  size_t runs = 0, errors = 0;
  rs_result r;
  if (rs_result_load(path, &r, err, sizeof err) != 0) {
    add(&s->bench, ut_xstrdup(err));
    return;
  }
  for (size_t i = 0; i < r.nbenches; i++) {
    runs += r.benches[i].nsamples + r.benches[i].nerrors;
    errors += r.benches[i].nerrors;
  }
  add(&s->bench,
      ut_xasprintf("%s: %zu benchmarks, %zu runs, %zu errors",
                   base ? base + 1 : path, r.nbenches, runs, errors));
  headlines(s, &r);
  rs_result_free(&r);
}

/* Prints the lines of L, the first under HEADING. */
static void print_lines(const cli_lines *l, const char *heading, FILE *f) {
  for (size_t i = 0; i < l->n; i++)
    fprintf(f, "  %-12s %s\n", i == 0 ? heading : "", l->v[i]);
}

void cli_summary_print(const cli_summary *s, const char *out_dir,
                       double seconds, FILE *f) {
  fprintf(f, "\nmmaplab run: done in %.1f s\n", seconds);
  print_lines(&s->conformance, "conformance", f);
  print_lines(&s->bench, "benchmarks", f);
  print_lines(&s->notes, "notes", f);
  fprintf(f, "  %-12s %s/index.html (and summary.md)\n", "report", out_dir);
}

static void free_lines(cli_lines *l) {
  for (size_t i = 0; i < l->n; i++)
    free(l->v[i]);
  free(l->v);
  l->v = NULL;
  l->n = 0;
}

void cli_summary_free(cli_summary *s) {
  free_lines(&s->conformance);
  free_lines(&s->bench);
  free_lines(&s->notes);
}
