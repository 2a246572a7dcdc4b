/* gate_fmt.h - the numbers of one gate_row as text, shared by the
 * renderers (gate_render.c's Markdown table, gate_junit.c's failure
 * messages) so that they show the same figures. Each writes into BUF (LEN
 * bytes, at least 32) and returns BUF, or the static "-" when there is no
 * value. */
#ifndef MMAPLAB_BENCH_GATE_FMT_H
#define MMAPLAB_BENCH_GATE_FMT_H

#include <stddef.h>

#include "gate_compare.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X, a value of row R: a time in ns with a readable unit ("2.102 us",
 * 4 significant digits) when R->is_time, else a count ("%.6g"); "-" for
 * NAN. */
const char *gate_fmt_value(const gate_row *r, double x, char *buf, size_t len);

/* A relative change as a signed percentage, "+17.1%"; "-" for NAN. */
const char *gate_fmt_change(double change, char *buf, size_t len);

/* A p-value, "%.3g"; "-" for NAN. */
const char *gate_fmt_p(double p, char *buf, size_t len);

/* R's confidence interval of its change, "[+3.1%, +7.0%]"; "-" unless
 * both ends are finite (only the interleaved mode has one). */
const char *gate_fmt_ci(const gate_row *r, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_FMT_H */
