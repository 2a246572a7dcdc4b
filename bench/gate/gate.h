/* gate.h - `mmaplab gate`, the CI performance gate.
 *
 *   mmaplab gate --baseline B --current C [--alpha A] [--min-effect E]
 *                [--metric real|cpu] [--count-tolerance T] [--count-floor F]
 *                [--filter REGEX] [--force] [--markdown FILE] [--json FILE]
 *                [--junit FILE]
 *   mmaplab gate --save-baseline --current C --baseline B
 *
 * Judges the Google Benchmark result C against the baseline B: times by a
 * one-sided Mann-Whitney U test plus a minimum effect (gate_stats.h,
 * gate_compare.h), counts within a tolerance, presence and errors; refuses
 * files whose fingerprints differ in key fields (gate_fp.h) unless --force,
 * and sample sizes that cannot reach p < alpha. Writes a Markdown table
 * (stdout or --markdown), a JSON verdict (--json) and JUnit XML for CI
 * test reports (--junit, gate_junit.h), all or none, by the
 * rules of util/ut_output.h (devices and FIFOs in place, links kept).
 * --save-baseline checks that C loads and copies it to B likewise. The
 * full text is gate_usage (gate_opts.h), printed by --help.
 */
#ifndef MMAPLAB_BENCH_GATE_H
#define MMAPLAB_BENCH_GATE_H

#ifdef __cplusplus
extern "C" {
#endif

/* Runs `mmaplab gate` with ARGV[0] = "gate" and the options after it.
 * Returns the exit status: 0 pass (or --help, or a saved baseline), 1
 * regression, 2 misuse, an unreadable or malformed file, or a refusal
 * (differing fingerprints, too few repetitions), always with one line
 * "mmaplab gate: ..." on stderr and no output file written. */
int gate_cmd(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_H */
