/* report.h - the report and compare subcommands of the mmaplab CLI.
 *
 * Both read result files only (mmaplab-bench and bench/python JSON,
 * hyperfine exports, conformance report.json; directories stand for their
 * *.json files) and write a directory: index.html (static), summary.md,
 * charts/ (gnuplot PNG and SVG with their .dat and .gp files) and data/
 * (copies of the inputs). The directory is built as DIR.tmp-PID and
 * renamed into place at the end, so a failure never leaves a partial DIR.
 */
#ifndef MMAPLAB_REPORTS_REPORT_H
#define MMAPLAB_REPORTS_REPORT_H

#ifdef __cplusplus
extern "C" {
#endif

/* mmaplab report [--out DIR] [--title TEXT] [--force] RESULT...
 * ARGV[0] is "report". Returns the exit status: 0 written, 2 misuse or
 * error (one line "mmaplab report: ..." on stderr, no DIR written). */
int mml_cmd_report(int argc, char **argv);

/* mmaplab compare [--out DIR] [--title TEXT] [--force] RESULT...
 * ARGV[0] is "compare". Inputs are grouped into machines by their
 * fingerprints' key fields; two or more machines are needed. Returns 0,
 * or 2 (one line "mmaplab compare: ..." on stderr, no DIR written). */
int mml_cmd_compare(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_REPORTS_REPORT_H */
