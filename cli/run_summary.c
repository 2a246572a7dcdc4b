/* run_summary.c - the closing summary of `mmaplab run` (run_summary.h). */
#include "run_summary.h"

#include <math.h>
#include <string.h>

#include "results.h"

#define HEADLINE "random/miss/page:4k/hay:67108864/needle:16"

void cli_summary_note(cli_summary *s, const char *note) {
  if (s->nnotes < sizeof s->notes / sizeof s->notes[0])
    snprintf(s->notes[s->nnotes++], sizeof s->notes[0], "%s", note);
}

static void add_bench_line(cli_summary *s, const char *line) {
  if (s->nbench < sizeof s->bench / sizeof s->bench[0])
    snprintf(s->bench[s->nbench++], sizeof s->bench[0], "%s", line);
}

void cli_summary_conformance(cli_summary *s, const char *label,
                             const char *golden, const char *report_path) {
  char err[512];
  mml_result r;
  json_t *counts;
  if (s->nconformance >= sizeof s->conformance / sizeof s->conformance[0])
    return;
  if (mml_result_load(report_path, &r, err, sizeof err) != 0 ||
      r.kind != MML_RESULT_CONFORMANCE) {
    snprintf(s->conformance[s->nconformance++], sizeof s->conformance[0],
             "%-8s unreadable report: %s", label, err);
    return;
  }
  counts = json_object_get(r.root, "counts");
  snprintf(s->conformance[s->nconformance++], sizeof s->conformance[0],
           "%-8s against %s: %lld passed, %lld failed, %lld skipped", label,
           golden,
           (long long)(json_integer_value(json_object_get(counts, "pass")) +
                       json_integer_value(json_object_get(counts, "expected")) +
                       json_integer_value(
                           json_object_get(counts, "reference-crash"))),
           (long long)json_integer_value(json_object_get(counts, "fail")),
           (long long)json_integer_value(json_object_get(counts, "skip")));
  mml_result_free(&r);
}

/* The median GB/s of benchmark NAME in R, NAN if absent. */
static double gbs(const mml_result *r, const char *name) {
  const mml_bench *b = mml_result_bench(r, name);
  return b ? mml_median(b->bytes_per_second, b->nsamples) / 1e9 : NAN;
}

/* The benchmark whose name is PREFIX or starts with PREFIX "/" (Google
 * Benchmark appends "/iterations:N/manual_time" to some), or NULL. */
static const mml_bench *bench_prefix(const mml_result *r, const char *prefix) {
  const size_t n = strlen(prefix);
  for (size_t i = 0; i < r->nbenches; i++)
    if (strncmp(r->benches[i].name, prefix, n) == 0 &&
        (r->benches[i].name[n] == '\0' || r->benches[i].name[n] == '/'))
      return &r->benches[i];
  return NULL;
}

static double counter(const mml_result *r, const char *name, const char *key) {
  const mml_bench *b = bench_prefix(r, name);
  const mml_counter *c = b ? mml_bench_counter(b, key) : NULL;
  return c ? mml_median(c->values, b->nsamples) : NAN;
}

static void headlines(cli_summary *s, const mml_result *r) {
  char line[600];
  double core = gbs(r, "find/core/" HEADLINE),
         glibc = gbs(r, "find/glibc/" HEADLINE);
  double cpy = gbs(r, "find/cpython/" HEADLINE),
         rf = gbs(r, "rfind/core/" HEADLINE);
  double mv = gbs(r, "move/core/disjoint/page:4k/size:16777216");
  double mm = gbs(r, "move/glibc/disjoint/page:4k/size:16777216");
  const char *fault = "fault/anon-private/write/plain/page:4k/size:16777216";
  double ns = counter(r, fault, "ns_per_page"),
         fpp = counter(r, fault, "faults_per_page");
  if (!isnan(core)) {
    s->core_find_gbs = core;
    snprintf(line, sizeof line,
             "find, 64 MiB random, needle 16: core %.2f GB/s, glibc memmem "
             "%.2f GB/s",
             core, glibc);
    add_bench_line(s, line);
  }
  if (!isnan(rf)) {
    snprintf(line, sizeof line, "rfind, same: core %.2f GB/s", rf);
    add_bench_line(s, line);
  }
  if (!isnan(cpy)) {
    snprintf(line, sizeof line, "find, same: CPython mmap.find %.2f GB/s%s",
             cpy, "");
    if (s->core_find_gbs > 0)
      snprintf(line, sizeof line,
               "find, same: CPython mmap.find %.2f GB/s (core %.1fx)", cpy,
               s->core_find_gbs / cpy);
    add_bench_line(s, line);
  }
  if (!isnan(mv)) {
    snprintf(line, sizeof line,
             "move, 16 MiB disjoint: core %.2f GB/s, memmove %.2f GB/s", mv,
             mm);
    add_bench_line(s, line);
  }
  if (!isnan(ns)) {
    snprintf(line, sizeof line,
             "first write of 4 KiB anonymous pages: %.0f ns/page, %.3f "
             "faults/page",
             ns, fpp);
    add_bench_line(s, line);
  }
}

void cli_summary_bench(cli_summary *s, const char *path) {
  char err[512], line[600];
  const char *base = strrchr(path, '/');
  size_t runs = 0, errors = 0;
  mml_result r;
  if (mml_result_load(path, &r, err, sizeof err) != 0) {
    add_bench_line(s, err);
    return;
  }
  for (size_t i = 0; i < r.nbenches; i++) {
    runs += r.benches[i].nsamples + r.benches[i].nerrors;
    errors += r.benches[i].nerrors;
  }
  snprintf(line, sizeof line, "%s: %zu benchmarks, %zu runs, %zu errors",
           base ? base + 1 : path, r.nbenches, runs, errors);
  add_bench_line(s, line);
  headlines(s, &r);
  mml_result_free(&r);
}

void cli_summary_print(const cli_summary *s, const char *out_dir,
                       const char *took, FILE *f) {
  fprintf(f, "\nmmaplab run: done in %s\n", took);
  for (size_t i = 0; i < s->nconformance; i++)
    fprintf(f, "  %-12s %s\n", i == 0 ? "conformance" : "", s->conformance[i]);
  for (size_t i = 0; i < s->nbench; i++)
    fprintf(f, "  %-12s %s\n", i == 0 ? "benchmarks" : "", s->bench[i]);
  for (size_t i = 0; i < s->nnotes; i++)
    fprintf(f, "  %-12s %s\n", i == 0 ? "notes" : "", s->notes[i]);
  fprintf(f, "  %-12s %s/index.html (and summary.md)\n", "report", out_dir);
}
