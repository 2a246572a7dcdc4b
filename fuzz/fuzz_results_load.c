/* fuzz_results_load.c - fuzz target results_load: the results loader
 * (results/results.h) on any bytes as a result file.
 *
 * The input is the file. A file that loads is read through every accessor
 * (names and their parts and parameters, counters, medians, the
 * fingerprint and the machine line) and merged with a second load of
 * itself; what must hold: the name parts put back together are the name,
 * a median lies between the smallest and the largest sample, and merging
 * a file with itself doubles every benchmark's samples and errors and adds
 * no benchmark. A file that does not load must say why in one line.
 */
#include "fuzz_input.h"
#include "results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The median of V[0..N) is NAN exactly when every value is, and lies
 * within them otherwise. */
static void check_median(const char *what, const double *v, size_t n) {
  const double m = rs_median(v, n);
  double lo = INFINITY, hi = -INFINITY;
  int any = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(v[i])) {
      any = 1;
      lo = v[i] < lo ? v[i] : lo;
      hi = v[i] > hi ? v[i] : hi;
    }
  if (!any ? !isnan(m) : (isnan(m) && !(isinf(lo) && isinf(hi) && lo < hi)))
    fz_fail("%s: median %g of %zu samples", what, m, n);
  if (any && !isnan(m) && (m < lo || m > hi))
    fz_fail("%s: median %g outside [%g, %g]", what, m, lo, hi);
}

/* Splitting NAME at '/' and joining the parts gives NAME back (as far as
 * parts fit the buffer); family and impl are parts 0 and 1. */
static void check_name(const rs_bench *b) {
  char part[256], param[64];
  size_t i, at = 0, n = strlen(b->name);
  int64_t v;
  for (i = 0; rs_name_part(b->name, i, part, sizeof part); i++) {
    const size_t k = strlen(part);
    if (at + k > n || memcmp(b->name + at, part, k) != 0)
      fz_fail("name \"%s\": part %zu \"%s\" is not in it", b->name, i, part);
    at += k + 1;
    if (i == 0 && strcmp(part, b->family) != 0)
      fz_fail("name \"%s\": family \"%s\"", b->name, b->family);
    if (i == 1 && strcmp(part, b->impl) != 0)
      fz_fail("name \"%s\": impl \"%s\"", b->name, b->impl);
  }
  if (i > 0 && at - 1 != n && strlen(b->name) < sizeof part)
    fz_fail("name \"%s\": its parts end at %zu of %zu", b->name, at - 1, n);
  (void)rs_name_param(b->name, "page", param, sizeof param);
  (void)rs_name_param_int(b->name, "hay", &v);
  (void)rs_name_param_int(b->name, "needle", &v);
}

static void walk(const rs_result *r) {
  char line[512];
  for (size_t i = 0; i < r->nbenches; i++) {
    const rs_bench *b = &r->benches[i];
    check_name(b);
    if (rs_result_bench(r, b->name) != b)
      fz_fail("bench \"%s\" is not found by its name", b->name);
    check_median("real_ns", b->real_ns, b->nsamples);
    check_median("cpu_ns", b->cpu_ns, b->nsamples);
    check_median("bytes_per_second", b->bytes_per_second, b->nsamples);
    for (size_t k = 0; k < b->ncounters; k++) {
      check_median(b->counters[k].name, b->counters[k].values, b->nsamples);
      if (rs_bench_counter(b, b->counters[k].name) != &b->counters[k])
        fz_fail("counter \"%s\" is not found by its name", b->counters[k].name);
    }
  }
  (void)rs_result_fp_get(r, "kernel.release");
  (void)rs_result_fp_get(r, "page_modes.thp.available");
  rs_result_machine(r, line, sizeof line);
}

/* DST (loaded) merged with SRC (a second load of the same file). */
static void check_merge(rs_result *dst, rs_result *src) {
  const size_t n = dst->nbenches;
  size_t *samples = calloc(n + 1, sizeof *samples);
  size_t *errors = calloc(n + 1, sizeof *errors);
  if (samples == NULL || errors == NULL)
    abort();
  for (size_t i = 0; i < n; i++) {
    samples[i] = dst->benches[i].nsamples;
    errors[i] = dst->benches[i].nerrors;
  }
  if (rs_result_merge(dst, src) != 0)
    fz_fail("merge of a file with itself failed");
  if (dst->nbenches != n)
    fz_fail("merge of a file with itself: %zu benchmarks became %zu", n,
            dst->nbenches);
  for (size_t i = 0; i < n; i++)
    if (dst->benches[i].nsamples != 2 * samples[i] ||
        dst->benches[i].nerrors != 2 * errors[i])
      fz_fail("merge of \"%s\" with itself: %zu samples, %zu errors",
              dst->benches[i].name, dst->benches[i].nsamples,
              dst->benches[i].nerrors);
  walk(dst);
  free(samples);
  free(errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rs_result r, again;
  char err[300] = "";
  if (rs_result_load_text("fuzz.json", (const char *)data, size, &r, err,
                          sizeof err) != 0) {
    if (err[0] == '\0' || strchr(err, '\n') != NULL)
      fz_fail("a failed load must give one line, got \"%s\"", err);
    return 0;
  }
  walk(&r);
  if (rs_result_load_text("fuzz.json", (const char *)data, size, &again, err,
                          sizeof err) != 0)
    fz_fail("the same text loaded once and then not: %s", err);
  if (again.nbenches != r.nbenches || again.kind != r.kind)
    fz_fail("the same text loaded differently");
  check_merge(&r, &again);
  rs_result_free(&again);
  rs_result_free(&r);
  return 0;
}
