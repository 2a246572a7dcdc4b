/* gate_junit.h - the gate's verdict as JUnit XML, the test report format
 * CI systems read (GitLab's artifacts:reports:junit, GitHub Actions
 * through a reporting action, Jenkins' junit step). */
#ifndef MMAPLAB_BENCH_GATE_JUNIT_H
#define MMAPLAB_BENCH_GATE_JUNIT_H

#include "gate_render.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The JUnit XML of V: <testsuites> holding one <testsuite name="mmaplab
 * gate"> with the counts tests, failures, errors (always 0: every failing
 * verdict, a benchmark's error too, is a failure of the gate) and skipped,
 * time (the interleaved runs' wall time, else 0), <properties> (verdict
 * line, mode, rounds, seconds, metric, alpha, min_effect, count tolerance
 * and floor, reference and its scale, the files), and one <testcase> per
 * gate_row: classname "mmaplab.gate.FAMILY" (FAMILY: the benchmark name up
 * to its first '/'), name "RUN_NAME METRIC" (or RUN_NAME for a presence
 * row). A failing verdict (gate_verdict_fails) gets <failure type="VERDICT
 * WORD" message="one line of numbers"> with the medians, change, confidence
 * interval (interleaved mode), p, sample sizes and note in its body; "new"
 * and "error in both" get <skipped message="...">; an improvement or a fix
 * passes with its numbers in <system-out>; unchanged rows just pass.
 * Everything from the input is escaped; characters XML 1.0 cannot hold
 * (control characters other than tab, newline and carriage return,
 * U+FFFE, U+FFFF) and bytes that are not UTF-8 become U+FFFD; attribute
 * values are kept on one line. A new malloc'd NUL-terminated string
 * (caller frees), or NULL out of memory. */
char *gate_junit(const gate_view *v);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_JUNIT_H */
