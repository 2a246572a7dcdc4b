/* run_progress.h - the progress `mmaplab run` shows on stderr while a
 * helper runs: the helper's progress lines (util/ut_progress.h, "DONE
 * TOTAL NAME" on a descriptor of its own) become "mmaplab run: WHAT:
 * DONE/TOTAL UNIT, ELAPSED, about LEFT left".
 *
 * The time left is estimated from the elapsed time per finished item:
 * elapsed / DONE * (TOTAL - DONE). mmaplab-bench's items are runs (one
 * repetition of one benchmark) that Google Benchmark interleaves at
 * random, so the finished ones are a fair sample of what is left; an
 * estimate from the benchmarks' min_time settings would miss the untimed
 * set-up (test files, page faults outside the timed region, the fault
 * family's manual timing), which is most of the wall time. Conformance
 * cases and CPython's benchmarks run in a fixed order, so their estimate
 * is rougher.
 *
 * On a terminal the line is redrawn in place (at most 5 times a second);
 * otherwise a whole line is printed at most every 5 seconds, so that logs
 * stay readable. The phase's end prints one line with the final count and
 * the time it took.
 */
#ifndef MMAPLAB_CLI_RUN_PROGRESS_H
#define MMAPLAB_CLI_RUN_PROGRESS_H

#include <stddef.h>
#include <stdio.h>

/* One phase's progress; cli_progress_begin sets it up. */
typedef struct cli_progress {
  FILE *f;             /* where it goes: stderr */
  int tty;             /* F is a terminal: one line, redrawn */
  double (*now)(void); /* the clock (ut_now; tests give their own) */
  const char *what;    /* "conformance: core" (borrowed) */
  const char *unit;    /* "cases" (borrowed) */
  double start, shown; /* the phase's start, the last line printed */
  size_t done, total;  /* the helper's last line */
  int drawn;           /* a redrawn line is on the terminal */
} cli_progress;

/* Starts a phase WHAT counting UNIT, printing to F (TTY: it is a
 * terminal) with the clock NOW. */
void cli_progress_begin(cli_progress *p, FILE *f, int tty, double (*now)(void),
                        const char *what, const char *unit);

/* A line from the helper (ut_spawn's on_line; ARG is the cli_progress).
 * Lines that are not progress lines are ignored. */
void cli_progress_line(const char *line, void *arg);

/* Ends the phase: "mmaplab run: WHAT: DONE/TOTAL UNIT in TIME" if the
 * helper said anything (the terminal's line is replaced by it). */
void cli_progress_end(cli_progress *p);

/* SECONDS as "4.2 s", "42 s", "3m05s" or "2h07m" into BUF (LEN bytes). */
void cli_progress_duration(double seconds, char *buf, size_t len);

#endif /* MMAPLAB_CLI_RUN_PROGRESS_H */
