/* gate_render.c - Markdown and JSON of the gate's verdict (gate_render.h).
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "gate_render.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate_fmt.h"

/* Rows counted by what they mean for the verdict. */
typedef struct tally {
  size_t fail, better, same, fresh, notes;
} tally;

static tally count_rows(const gate_report *r) {
  tally t = {0, 0, 0, 0, 0};
  for (size_t i = 0; i < r->nrows; i++) {
    const gate_verdict v = r->rows[i].verdict;
    if (gate_verdict_fails(v))
      t.fail++;
    else if (v == GATE_FASTER || v == GATE_FIXED)
      t.better++;
    else if (v == GATE_SAME)
      t.same++;
    else if (v == GATE_NEW)
      t.fresh++;
    else
      t.notes++;
  }
  return t;
}

static const char *plural(size_t n, const char *one, const char *many) {
  return n == 1 ? one : many;
}

void gate_verdict_line(const gate_view *v, char *buf, size_t len) {
  const tally t = count_rows(v->report);
  snprintf(buf, len,
           "%s: %zu %s, %zu %s, %zu unchanged, %zu new (%zu benchmarks, %s)",
           t.fail ? "REGRESSION" : "PASS", t.fail,
           plural(t.fail, "regression", "regressions"), t.better,
           plural(t.better, "improvement", "improvements"), t.same, t.fresh,
           v->report->benchmarks,
           v->params->metric_cpu ? "cpu_time" : "real_time");
}

/* One table row; with CI (interleaved mode) a confidence-interval column
 * after the change. */
static void md_row(FILE *f, const gate_row *r, int ci) {
  char b[64], c[64], ch[32], iv[64], p[32];
  fprintf(f, "| `%s` | %s | %s | %s | %s |", r->bench, r->metric,
          gate_fmt_value(r, r->base, b, sizeof b),
          gate_fmt_value(r, r->cur, c, sizeof c),
          gate_fmt_change(r->change, ch, sizeof ch));
  if (ci)
    fprintf(f, " %s |", gate_fmt_ci(r, iv, sizeof iv));
  fprintf(f, " %s | %s", gate_fmt_p(r->p, p, sizeof p),
          gate_verdict_name(r->verdict));
  if (r->note != NULL) { /* error messages: keep the table intact */
    fputs(": ", f);
    for (const char *s = r->note; *s; s++)
      if (*s == '|')
        fputs("\\|", f);
      else
        fputc(*s == '\n' ? ' ' : *s, f);
  }
  fputs(" |\n", f);
}

/* The table rows for which PICK is true, under a header once. */
static void md_table(FILE *f, const gate_report *r, int (*pick)(gate_verdict),
                     int *header) {
  for (size_t i = 0; i < r->nrows; i++) {
    if (!pick(r->rows[i].verdict))
      continue;
    if (!*header) {
      if (r->rounds > 0)
        fputs("| benchmark | metric | baseline median | current median | "
              "change | CI of change | p | verdict |\n"
              "|---|---|---:|---:|---:|---:|---:|---|\n",
              f);
      else
        fputs("| benchmark | metric | baseline median | current median | "
              "change | p | verdict |\n|---|---|---:|---:|---:|---:|---|\n",
              f);
      *header = 1;
    }
    md_row(f, &r->rows[i], r->rounds > 0);
  }
}

static int pick_better(gate_verdict v) {
  return v == GATE_FASTER || v == GATE_FIXED;
}
static int pick_notes(gate_verdict v) {
  return v == GATE_NEW || v == GATE_BOTH_ERROR;
}

static void md_fingerprints(FILE *f, const gate_view *v) {
  size_t i;
  json_t *d;
  if (v->fp_missing)
    fputs("\n**Judged with --force although a file has no "
          "fingerprint or lacks its key fields.**\n",
          f);
  if (json_array_size(v->fpdiff) == 0)
    return;
  fputs("\n**Judged with --force although the fingerprints differ:**\n\n"
        "| field | baseline | current |\n|---|---|---|\n",
        f);
  json_array_foreach(v->fpdiff, i, d) {
    char *b = json_dumps(json_object_get(d, "baseline"),
                         JSON_ENCODE_ANY | JSON_COMPACT);
    char *c = json_dumps(json_object_get(d, "current"),
                         JSON_ENCODE_ANY | JSON_COMPACT);
    fprintf(f, "| %s | `%s` | `%s` |\n",
            json_string_value(json_object_get(d, "field")), b ? b : "?",
            c ? c : "?");
    free(b);
    free(c);
  }
}

/* The judging rules, one paragraph. */
static void md_rules(FILE *f, const gate_view *v) {
  const gate_params *p = v->params;
  const gate_report *r = v->report;
  if (r->instructions)
    fprintf(f,
            "Instructions: counted by valgrind (callgrind) in the timed "
            "region, per iteration; more than %g%% more is a regression, as "
            "many fewer an improvement. Times under valgrind are not "
            "judged.",
            p->instr_tol * 100);
  else if (r->rounds > 0)
    fprintf(f,
            "Time (%s): the old and the new build run alternately, rounds "
            "of ABBA or BAAB; each row's round differences of log(time) by "
            "a one-sided Wilcoxon signed-rank test and its Hodges-Lehmann "
            "interval (CI of change), each at p < %.3g: alpha %g shared by "
            "Bonferroni over %zu time rows and up to %d looks. A regression "
            "when the interval is above 0 and reaches %g%%; unchanged when "
            "it lies within +-%g%%; otherwise inconclusive (more rounds "
            "while the budget lasts; it passes at the last look).",
            p->metric_cpu ? "cpu_time" : "real_time", r->level, p->alpha,
            r->ntests, r->looks, p->min_effect * 100, p->min_effect * 100);
  else
    fprintf(f,
            "Time (%s): one-sided Mann-Whitney U, Holm-corrected over %zu "
            "time comparisons to a family-wise p < %g, and a change of the "
            "median of at least %g%%.",
            p->metric_cpu ? "cpu_time" : "real_time", r->ntests, p->alpha,
            p->min_effect * 100);
  fprintf(f, " Counts: within %g%% (at least %g).%s%s%s\n\n",
          p->count_tol * 100, p->count_floor,
          v->filter ? " Benchmarks matching `" : "", v->filter ? v->filter : "",
          v->filter ? "`." : "");
}

char *gate_markdown(const gate_view *v) {
  char *out = NULL, line[512], mb[256], mc[256];
  size_t n = 0;
  int header = 0;
  const tally t = count_rows(v->report);
  FILE *f = open_memstream(&out, &n);
  if (f == NULL)
    return NULL;
  gate_verdict_line(v, line, sizeof line);
  rs_result_machine(v->base, mb, sizeof mb);
  rs_result_machine(v->cur, mc, sizeof mc);
  fprintf(f, "**%s**\n\n", line);
  if (v->report->instructions && v->report->rounds > 0)
    fprintf(f, "Each build run once under valgrind, in %.1f s. ",
            v->report->seconds);
  else if (v->report->rounds > 0)
    fprintf(f, "Interleaved: %zu ABBA rounds in %.1f s. ", v->report->rounds,
            v->report->seconds);
  fprintf(f, "Baseline `%s` (%s); current `%s` (%s).\n", v->base->path, mb,
          v->cur->path, mc);
  md_rules(f, v);
  if (v->params->reference != NULL)
    fprintf(f,
            "Current times divided by %.4f, the drift of the reference `%s` "
            "(geometric mean of %zu benchmarks' median current / baseline), "
            "measured in the same processes.\n\n",
            v->report->scale, v->params->reference, v->report->nreference);
  md_table(f, v->report, gate_verdict_fails, &header);
  md_table(f, v->report, pick_better, &header);
  fprintf(f, "%s%zu %s unchanged.\n", header ? "\n" : "", t.same,
          plural(t.same, "comparison", "comparisons"));
  header = 0;
  if (t.fresh + t.notes > 0) {
    fputs("\nNot judged:\n\n", f);
    md_table(f, v->report, pick_notes, &header);
  }
  md_fingerprints(f, v);
  if (fclose(f) != 0) {
    free(out);
    return NULL;
  }
  return out;
}

/* A JSON number, or null for NAN and infinities. */
static json_t *num(double x) {
  return isfinite(x) ? json_real(x) : json_null();
}

static json_t *json_row(const gate_row *r) {
  return json_pack(
      "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:s, s:b, "
      "s:s?}",
      "benchmark", r->bench, "metric", r->metric, "kind",
      r->is_time                    ? "time"
      : strcmp(r->metric, "-") == 0 ? "presence"
                                    : "count",
      "baseline", num(r->base), "current", num(r->cur), "change",
      num(r->change), "ci_low", num(r->lo), "ci_high", num(r->hi), "p",
      num(r->p), "n_baseline", (json_int_t)r->nbase, "n_current",
      (json_int_t)r->ncur, "verdict", gate_verdict_name(r->verdict), "fails",
      gate_verdict_fails(r->verdict), "note", r->note);
}

static json_t *json_file(const rs_result *r) {
  char m[256];
  rs_result_machine(r, m, sizeof m);
  return json_pack("{s:s, s:s}", "path", r->path, "machine", m);
}

json_t *gate_json(const gate_view *v) {
  const tally t = count_rows(v->report);
  const gate_params *p = v->params;
  const int interleaved = v->report->rounds > 0;
  json_t *rows = json_array(), *o;
  for (size_t i = 0; rows != NULL && i < v->report->nrows; i++)
    if (json_array_append_new(rows, json_row(&v->report->rows[i])) != 0) {
      json_decref(rows);
      rows = NULL;
    }
  if (rows == NULL)
    return NULL;
  o = json_pack(
      "{s:s, s:i, s:s, s:I, s:o, s:{s:f, s:f, s:s, s:f, s:f, s:f, s:f, s:i, "
      "s:s?, s:b, s:s}, "
      "s:o, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:O, s:b, s:o}",
      "verdict", t.fail ? "regression" : "pass", "exit_status", t.fail ? 1 : 0,
      "mode", interleaved ? "interleaved" : "stored baseline", "rounds",
      (json_int_t)v->report->rounds, "seconds",
      interleaved ? num(v->report->seconds) : json_null(), "parameters",
      "alpha", p->alpha, "min_effect", p->min_effect, "metric",
      p->metric_cpu ? "cpu_time" : "real_time", "count_tolerance", p->count_tol,
      "count_floor", p->count_floor, "instruction_tolerance", p->instr_tol,
      "row_level", v->report->level, "looks", v->report->looks, "filter",
      v->filter, "force", v->force, "test",
      interleaved
          ? (v->report->instructions
                 ? "instruction counts under valgrind; times not judged"
                 : "one-sided Wilcoxon signed-rank test on the log ratios of "
                   "the ABBA rounds and the Hodges-Lehmann interval of the "
                   "change, at the level alpha / (time rows x looks) "
                   "(Bonferroni)")
          : "one-sided Mann-Whitney U, exact with mid-ranks up to 40 "
            "samples, normal approximation with tie correction above; "
            "Holm's step-down over the time comparisons",
      "baseline", json_file(v->base), "current", json_file(v->cur), "counts",
      "benchmarks", (json_int_t)v->report->benchmarks, "comparisons",
      (json_int_t)v->report->nrows, "regressions", (json_int_t)t.fail,
      "improvements", (json_int_t)t.better, "unchanged", (json_int_t)t.same,
      "new", (json_int_t)t.fresh, "notes", (json_int_t)t.notes,
      "fingerprint_differences", (json_t *)v->fpdiff, "fingerprint_missing",
      v->fp_missing, "comparisons", rows);
  if (o != NULL &&
      json_object_set_new(
          o, "reference",
          v->params->reference == NULL
              ? json_null()
              : json_pack("{s:s, s:f, s:I}", "impl", v->params->reference,
                          "scale", v->report->scale, "benchmarks",
                          (json_int_t)v->report->nreference)) != 0) {
    json_decref(o);
    return NULL;
  }
  return o;
}
