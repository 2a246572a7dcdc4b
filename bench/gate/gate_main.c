/* gate_main.c - `mmaplab gate` (gate.h): options, loading, refusals,
 * judging, output. */
#include "gate.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gate_ab.h"
#include "gate_compare.h"
#include "gate_fp.h"
#include "gate_junit.h"
#include "gate_opts.h"
#include "gate_paths.h"
#include "gate_render.h"
#include "gate_stats.h"
#include "gate_write.h"
#include "results.h"
#include "ut_input.h"
#include "ut_output.h"
#include "ut_version.h"

/* Everything one run holds, freed by run_free. */
typedef struct gate_run {
  gate_opts o;
  regex_t re;
  int have_re;
  rs_result base, cur;
  json_t *fpdiff;
  gate_report report;
  char *markdown;
  char *json;
  char *junit;
} gate_run;

static void run_free(gate_run *g) {
  if (g->have_re)
    regfree(&g->re);
  gate_report_free(&g->report);
  rs_result_free(&g->base);
  rs_result_free(&g->cur);
  json_decref(g->fpdiff);
  free(g->markdown);
  free(g->json);
  free(g->junit);
}

/* Prints "mmaplab gate: MSG" and returns 2. */
static int misuse(const char *msg) {
  fprintf(stderr, "mmaplab gate: %s\n", msg);
  return 2;
}

/* Loads PATH into R as a Google Benchmark result: 0, or 2 after the line. */
static int load_gbench(const char *path, rs_result *r) {
  char err[1024];
  if (rs_result_load(path, r, err, sizeof err) != 0)
    return misuse(err);
  if (r->kind != RS_RESULT_GBENCH) {
    snprintf(err, sizeof err,
             "%s: a %s result; the gate compares Google Benchmark results",
             path,
             r->kind == RS_RESULT_HYPERFINE ? "hyperfine" : "conformance");
    return misuse(err);
  }
  return 0;
}

/* The smallest number of samples of any benchmark of R. */
static size_t fewest_samples(const rs_result *r) {
  size_t k = (size_t)-1;
  for (size_t i = 0; i < r->nbenches; i++)
    if (r->benches[i].nerrors == 0 && r->benches[i].nsamples < k)
      k = r->benches[i].nsamples;
  return k == (size_t)-1 ? 0 : k;
}

static int save_baseline(gate_run *g) {
  char err[1024];
  size_t len, reps, errors = 0;
  char *data;
  struct stat st;
  int rc;
  /* The file is read twice, to check it and to copy it: a pipe would give
   * its data to the first read only. */
  if (stat(g->o.current, &st) == 0 && !S_ISREG(st.st_mode)) {
    snprintf(err, sizeof err,
             "%s: --save-baseline copies a regular file, not a pipe or a "
             "device",
             g->o.current);
    return misuse(err);
  }
  if ((rc = load_gbench(g->o.current, &g->cur)) != 0)
    return rc;
  if (g->cur.nbenches == 0) {
    snprintf(err, sizeof err, "%s: no benchmarks", g->o.current);
    return misuse(err);
  }
  if (ut_read_input(g->o.current, UT_INPUT_MAX, &data, &len, err, sizeof err) !=
          0 ||
      ut_write_file(g->o.baseline, data, len, err, sizeof err) != 0) {
    free(data);
    return misuse(err);
  }
  free(data);
  reps = fewest_samples(&g->cur);
  printf("mmaplab gate: saved %s as the baseline %s (%zu benchmarks, at "
         "least %zu repetitions each)\n",
         g->o.current, g->o.baseline, g->cur.nbenches, reps);
  if (!(gate_mwu_min_p(reps, reps) < g->o.params.alpha))
    printf("mmaplab gate: note: %zu repetitions cannot give p < %g; a gate "
           "needs at least %zu\n",
           reps, g->o.params.alpha, gate_mwu_reps_needed(g->o.params.alpha));
  for (size_t i = 0; i < g->cur.nbenches; i++)
    errors += g->cur.benches[i].nerrors > 0;
  if (errors > 0)
    printf("mmaplab gate: note: %zu benchmark(s) failed in %s; the gate will "
           "not judge them\n",
           errors, g->o.current);
  if (gate_fp_lacks(&g->cur, err, sizeof err))
    printf("mmaplab gate: note: %s has %s; the gate will refuse it without "
           "--force\n",
           g->o.current, err);
  return 0;
}

/* Refuses (2) when a file has no fingerprint or the key fields differ,
 * unless --force; 0 to go on. */
static int check_fingerprints(gate_run *g) {
  char line[2048], msg[2300];
  if ((g->fpdiff = gate_fp_diff(&g->base, &g->cur)) == NULL)
    return misuse("out of memory");
  if (g->o.force)
    return 0;
  for (int side = 0; side < 2; side++) {
    const rs_result *r = side == 0 ? &g->base : &g->cur;
    if (gate_fp_lacks(r, line, sizeof line)) {
      snprintf(msg, sizeof msg, "%s has %s; --force judges %s",
               side == 0 ? g->o.baseline : g->o.current, line,
               r->fingerprint == NULL ? "without one" : "anyway");
      return misuse(msg);
    }
  }
  if (json_array_size(g->fpdiff) == 0)
    return 0;
  gate_fp_line(g->fpdiff, line, sizeof line);
  snprintf(msg, sizeof msg, "fingerprints differ (--force judges anyway): %s",
           line);
  return misuse(msg);
}

/* Loads each of the N files MORE and pools its samples into INTO, after
 * checking that its fingerprint matches the first file's (unless
 * --force): 0, or 2 after one line. */
static int pool(gate_run *g, rs_result *into, const char *const *more,
                size_t n) {
  char line[2048], msg[2400];
  for (size_t i = 0; i < n; i++) {
    rs_result r;
    json_t *diff;
    int rc = load_gbench(more[i], &r);
    if (rc != 0)
      return rc;
    diff = gate_fp_diff(into, &r);
    if (diff == NULL) {
      rs_result_free(&r);
      return misuse("out of memory");
    }
    if (!g->o.force &&
        (gate_fp_lacks(&r, line, sizeof line) || json_array_size(diff) > 0)) {
      if (line[0] == '\0')
        gate_fp_line(diff, line, sizeof line);
      snprintf(msg, sizeof msg,
               "%s: not from the same machine and build as %s (%s); "
               "--force pools it anyway",
               more[i], into->path, line);
      json_decref(diff);
      rs_result_free(&r);
      return misuse(msg);
    }
    json_decref(diff);
    rc = rs_result_merge(into, &r);
    rs_result_free(&r);
    if (rc != 0)
      return misuse("out of memory");
  }
  return 0;
}

/* Refuses (2) when nothing was compared or the sample sizes cannot give
 * p < alpha; 0 to go on. */
static int check_power(const gate_run *g) {
  const gate_row *w = g->report.weakest;
  const double alpha = g->o.params.alpha;
  char msg[1024];
  if (g->base.nbenches == 0 || g->cur.nbenches == 0) {
    snprintf(msg, sizeof msg,
             "%s holds no per-repetition results (a run with "
             "--benchmark_report_aggregates_only cannot be judged)",
             g->base.nbenches == 0 ? g->o.baseline : g->o.current);
    return misuse(msg);
  }
  if (g->report.benchmarks == 0)
    return misuse("no benchmark matches --filter");
  const size_t m = g->report.ntests > 0 ? g->report.ntests : 1;
  const double level = alpha / (double)m; /* Holm's first step */
  if (w == NULL || gate_mwu_min_p(w->nbase, w->ncur) < level)
    return 0;
  snprintf(msg, sizeof msg,
           "too few repetitions: %zu in the baseline and %zu in the current "
           "(%s) cannot give p < %g / %zu time comparisons = %.3g (at best "
           "%.3g); at least %zu on each side are needed, or a larger --alpha",
           w->nbase, w->ncur, w->bench, alpha, m, level,
           gate_mwu_min_p(w->nbase, w->ncur), gate_mwu_reps_needed(level));
  return misuse(msg);
}

/* Renders and writes the outputs; 0, or 2 after the line. */
static int write_outputs(gate_run *g) {
  const gate_view v = {.base = &g->base,
                       .cur = &g->cur,
                       .params = &g->o.params,
                       .filter = g->o.filter,
                       .force = g->o.force,
                       .fpdiff = g->fpdiff,
                       .fp_missing = gate_fp_lacks(&g->base, NULL, 0) ||
                                     gate_fp_lacks(&g->cur, NULL, 0),
                       .report = &g->report};
  char err[1024], line[512];
  json_t *j = NULL;
  if ((g->markdown = gate_markdown(&v)) == NULL)
    return misuse("out of memory");
  if (g->o.json != NULL) {
    if ((j = gate_json(&v)) == NULL ||
        (g->json = json_dumps(j, JSON_INDENT(1))) == NULL) {
      json_decref(j);
      return misuse("out of memory");
    }
    json_decref(j);
  }
  if (g->o.junit != NULL && (g->junit = gate_junit(&v)) == NULL)
    return misuse("out of memory");
  {
    const char *const paths[] = {g->o.markdown, g->o.json, g->o.junit};
    const char *const texts[] = {g->markdown, g->json, g->junit};
    if (gate_write_all(paths, texts, 3, err, sizeof err) != 0)
      return misuse(err);
  }
  if (g->o.markdown == NULL) {
    fputs(g->markdown, stdout);
  } else {
    gate_verdict_line(&v, line, sizeof line);
    printf("%s\n", line);
  }
  return 0;
}

static int run(gate_run *g, int argc, char **argv) {
  char err[1024];
  int rc;
  if (gate_parse(argc, argv, &g->o, err, sizeof err) != 0)
    return misuse(err);
  if (g->o.help) {
    fputs(gate_usage, stdout);
    return 0;
  }
  if (g->o.version)
    return ut_print_version("mmaplab gate");
  if (gate_check_paths(&g->o, err, sizeof err) != 0)
    return misuse(err);
  if (g->o.save_baseline)
    return save_baseline(g);
  if (g->o.filter != NULL) {
    if ((rc = regcomp(&g->re, g->o.filter, REG_EXTENDED | REG_NOSUB)) != 0) {
      char why[256];
      regerror(rc, NULL, why, sizeof why);
      snprintf(err, sizeof err, "--filter '%s': %s", g->o.filter, why);
      return misuse(err);
    }
    g->have_re = 1;
    g->o.params.only = &g->re;
  }
  if (g->o.ab_old != NULL) { /* the interleaved mode: no default reference */
    if (g->o.reference != NULL && strcmp(g->o.reference, "none") != 0)
      g->o.params.reference = g->o.reference;
    if ((rc = gate_ab_run(&g->o, &g->o.params, &g->base, &g->cur, &g->fpdiff,
                          &g->report)) != 0 ||
        (rc = write_outputs(g)) != 0)
      return rc;
    return g->report.failures > 0 ? 1 : 0;
  }
  if ((rc = load_gbench(g->o.baseline, &g->base)) != 0 ||
      (rc = load_gbench(g->o.current, &g->cur)) != 0 ||
      (rc = check_fingerprints(g)) != 0 ||
      (rc = pool(g, &g->base, g->o.more_base, g->o.nmore_base)) != 0 ||
      (rc = pool(g, &g->cur, g->o.more_cur, g->o.nmore_cur)) != 0)
    return rc;
  if (g->o.reference == NULL)
    g->o.params.reference =
        gate_has_impl(&g->base, &g->cur, &g->o.params, "glibc") ? "glibc"
                                                                : NULL;
  else if (strcmp(g->o.reference, "none") != 0)
    g->o.params.reference = g->o.reference;
  rc = gate_compare(&g->base, &g->cur, &g->o.params, &g->report);
  if (rc == -2) {
    snprintf(err, sizeof err,
             "--reference %s: no benchmark of that impl ran in both files",
             g->o.params.reference);
    return misuse(err);
  }
  if (rc != 0)
    return misuse("out of memory");
  if ((rc = check_power(g)) != 0 || (rc = write_outputs(g)) != 0)
    return rc;
  return g->report.failures > 0 ? 1 : 0;
}

int gate_cmd(int argc, char **argv) {
  gate_run g;
  int rc;
  memset(&g, 0, sizeof g);
  rc = run(&g, argc, argv);
  run_free(&g);
  fflush(stdout);
  return rc;
}
