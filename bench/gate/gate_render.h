/* gate_render.h - the gate's verdict as Markdown (for a CI job summary)
 * and as JSON. */
#ifndef MMAPLAB_BENCH_GATE_RENDER_H
#define MMAPLAB_BENCH_GATE_RENDER_H

#include <jansson.h>

#include "gate_compare.h"
#include "results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What the renderers show besides the rows. */
typedef struct gate_view {
  const rs_result *base, *cur;
  const gate_params *params;
  const char *filter;   /* the --filter text, or NULL */
  int force;            /* --force was given */
  const json_t *fpdiff; /* gate_fp_diff's array (may be empty) */
  int fp_missing;       /* a file had no usable fingerprint */
  const gate_report *report;
} gate_view;

/* The one-line verdict: "PASS: 0 regressions, 1 improvement, 14
 * unchanged, 0 new (5 benchmarks, real_time)" into BUF (LEN bytes). */
void gate_verdict_line(const gate_view *v, char *buf, size_t len);

/* The Markdown report, fit for a CI job summary: the verdict line (bold),
 * in interleaved mode (report->rounds > 0) "Interleaved: N ABBA rounds in
 * S s.", the files, the judging rules, a table of regressions then
 * improvements (in interleaved mode with a "CI of change" column, the
 * rows' [lo, hi]), the count of unchanged comparisons, new benchmarks and
 * notes, and any fingerprint differences.
 * A new malloc'd NUL-terminated string (caller frees), or NULL out of
 * memory. */
char *gate_markdown(const gate_view *v);

/* The JSON verdict: {"verdict", "exit_status", "mode" ("interleaved" or
 * "stored baseline"), "rounds", "seconds" (null in stored mode),
 * "parameters", "baseline", "current", "counts",
 * "fingerprint_differences", "comparisons", "reference"}; every compared
 * metric of every benchmark is a comparison, with "ci_low" and "ci_high"
 * (null outside interleaved mode). A new reference
 * (caller decrefs), or NULL out of memory. */
json_t *gate_json(const gate_view *v);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_RENDER_H */
