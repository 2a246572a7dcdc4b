/* run_summary.h - what `mmaplab run` prints at the end: the conformance
 * counts, a few headline benchmark figures, and where the report is. */
#ifndef MMAPLAB_CLI_RUN_SUMMARY_H
#define MMAPLAB_CLI_RUN_SUMMARY_H

#include <stddef.h>
#include <stdio.h>

/* Lines of text, each malloc'd. */
typedef struct cli_lines {
  char **v;
  size_t n;
} cli_lines;

/* Zero-initialise; free with cli_summary_free. */
typedef struct cli_summary {
  cli_lines conformance; /* one line per host */
  cli_lines bench;       /* per result file: counts, then headlines */
  cli_lines notes;
  double core_find_gbs; /* find/core at the headline row, for ratios */
} cli_summary;

/* Adds the counts of the conformance report at REPORT_PATH for host LABEL
 * graded against GOLDEN ("unreadable report" if it cannot be read). */
void cli_summary_conformance(cli_summary *s, const char *label,
                             const char *golden, const char *report_path);

/* Adds the run and error counts of the Google Benchmark file at PATH and
 * its headline figures (find/rfind at 64 MiB, needle 16, random data;
 * move 16 MiB disjoint; first touch of 4 KiB anonymous pages). */
void cli_summary_bench(cli_summary *s, const char *path);

/* Adds a one-line note. */
void cli_summary_note(cli_summary *s, const char *note);

/* Prints the summary: the lines above, the SECONDS it took and where the
 * report in OUT_DIR is. */
void cli_summary_print(const cli_summary *s, const char *out_dir,
                       double seconds, FILE *f);

/* Frees the lines of S. */
void cli_summary_free(cli_summary *s);

#endif /* MMAPLAB_CLI_RUN_SUMMARY_H */
