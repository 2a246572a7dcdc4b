/* ut_meter.h - a progress line on stderr for a long phase: "PREFIX: WHAT:
 * DONE/TOTAL UNIT, ELAPSED, about LEFT left", from the counts of finished
 * items (`mmaplab run` takes them from its helpers' progress lines,
 * ut_progress.h; mmaplab-bench from its own runs).
 *
 * The time left is estimated from the time per finished item since the
 * first one finished (so that a helper's start-up, one host start, the
 * bench's set-up, is not spread over the rest): (now - first) / (DONE -
 * DONE at first) * (TOTAL - DONE). mmaplab-bench's items are runs (one
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
 *
 * Part of mmaplab_util, the internal library of the tools; never part of
 * the core's API.
 */
#ifndef MMAPLAB_UT_METER_H
#define MMAPLAB_UT_METER_H

#include <stddef.h>
#include <stdio.h>

/* One phase's progress; ut_meter_begin sets it up. */
typedef struct ut_meter {
  FILE *f;             /* where it goes: stderr */
  int tty;             /* F is a terminal: one line, redrawn */
  double (*now)(void); /* the clock (ut_now; tests give their own) */
  const char *prefix;  /* "mmaplab run: conformance: core" (borrowed) */
  const char *unit;    /* "cases" (borrowed) */
  double start, shown; /* the phase's start, the last line printed */
  size_t done, total;  /* the last counts */
  double first;        /* when the first count came, with FIRST_DONE */
  size_t first_done;   /* 0: none came yet */
} ut_meter;

/* Starts a phase counting UNIT, its lines starting with PREFIX, printed to
 * F (TTY: it is a terminal) with the clock NOW. */
void ut_meter_begin(ut_meter *m, FILE *f, int tty, double (*now)(void),
                    const char *prefix, const char *unit);

/* DONE of TOTAL items are finished: a line if it is time for one. */
void ut_meter_update(ut_meter *m, size_t done, size_t total);

/* A helper's progress line (ut_progress.h) as ut_meter_update; other lines
 * are ignored. ARG is the ut_meter (ut_spawn's on_line). */
void ut_meter_line(const char *line, void *arg);

/* Ends the phase: "PREFIX: DONE/TOTAL UNIT in TIME", if there was any
 * count (on a terminal it replaces the redrawn line). */
void ut_meter_end(ut_meter *m);

/* SECONDS as "4.2 s", "42 s", "3m05s" or "2h07m" into BUF (LEN bytes). */
void ut_meter_duration(double seconds, char *buf, size_t len);

#endif /* MMAPLAB_UT_METER_H */
