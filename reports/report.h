/* report.h - the report and compare subcommands of the mmaplab CLI.
 *
 * Both read result files only (mmaplab-bench and bench/python JSON,
 * hyperfine exports, conformance report.json; directories stand for their
 * *.json files) and write a directory: index.html (static), summary.md,
 * charts/ (gnuplot PNG and SVG with their .dat and .gp files) and data/
 * (copies of the inputs). The directory is built as a hidden sibling
 * .DIR.tmp-XXXXXX and renamed into place at the end, so a failure (or a
 * fatal signal) never leaves a partial DIR.
 */
#ifndef MMAPLAB_REPORTS_REPORT_H
#define MMAPLAB_REPORTS_REPORT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* mmaplab report [--out DIR] [--title TEXT] [--force] RESULT...
 * ARGV[0] is "report". Returns the exit status: 0 written, 2 misuse or
 * error (one line "mmaplab report: ..." on stderr, no DIR written). */
int rp_cmd_report(int argc, char **argv);

/* mmaplab compare [--out DIR] [--title TEXT] [--force] RESULT...
 * ARGV[0] is "compare". Inputs are grouped into machines by their
 * fingerprints' key fields; two or more machines are needed. Returns 0,
 * or 2 (one line "mmaplab compare: ..." on stderr, no DIR written). */
int rp_cmd_compare(int argc, char **argv);

/* mmaplab pages [--json] RESULT... | mmaplab pages [--json] [--full]
 * [--bench-arg=ARG...]: the page-behaviour profile (rp_pages.h) of the
 * result files, or of a run of mmaplab-bench --pages. ARGV[0] is "pages".
 * Returns 0 printed, 1 printed but a benchmark of the run reported a wrong
 * result, 2 misuse or error (one line "mmaplab pages: ..." on stderr). */
int rp_cmd_pages(int argc, char **argv);

/* Checks, before any work starts, that `mmaplab report --out DIR` can
 * write DIR (no --force): the names fit, DIR does not exist, its parents
 * exist or can be created, the report's files below it fit PATH_MAX.
 * Nothing is created. 0, or -1 with one line in ERR (LEN bytes). */
int rp_report_check_out(const char *dir, char *err, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_REPORTS_REPORT_H */
