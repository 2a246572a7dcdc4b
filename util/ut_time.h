/* ut_time.h - the tools' clock for elapsed times.
 *
 * Part of mmaplab_util, the internal library of the tools; never part of
 * the core's API. (Benchmarks time with Google Benchmark's clocks.)
 */
#ifndef MMAPLAB_UT_TIME_H
#define MMAPLAB_UT_TIME_H

/* Seconds on CLOCK_MONOTONIC: only differences between two readings mean
 * anything. */
double ut_now(void);

#endif /* MMAPLAB_UT_TIME_H */
