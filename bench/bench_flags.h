/* bench_flags.h - the Google Benchmark flags mmaplab-bench passes through,
 * checked before a run starts.
 *
 * Google Benchmark parses its flags loosely: --benchmark_repetitions=-1
 * aborts the run with an uncaught exception, a boolean "maybe" is true, an
 * unknown --benchmark_time_unit prints the usage and exits 0, a filter that
 * is not a regular expression fails only after the run's set-up. Every flag
 * whose value can crash a run or be taken silently wrong is checked here
 * (numbers with ut_num), and so are the BENCHMARK_<FLAG> environment
 * variables Google Benchmark takes its defaults from. Flags not listed here
 * (--benchmark_out, checked by ut_output_check; newer ones) are left to
 * Google Benchmark, which refuses the ones it does not know.
 */
#ifndef MMAPLAB_BENCH_FLAGS_H
#define MMAPLAB_BENCH_FLAGS_H

#include <stddef.h>

/* Checks ARG ("--benchmark_NAME=VALUE" or "--v=N"). Returns 0 when it may
 * be passed on, setting *REPLACEMENT to NULL or to a malloc'd argument to
 * pass instead (the caller frees it): "--benchmark_min_time=0.5s" becomes
 * "=0.5" for a Google Benchmark older than 1.8, which takes no unit.
 * Returns EINVAL with one line in ERR (ERRLEN bytes) naming the flag, the
 * value and what is accepted. */
int bench_flags_check(const char *arg, char **replacement, char *err,
                      size_t errlen);

/* Checks the environment variables BENCHMARK_REPETITIONS, ... of the same
 * flags by the same rules (a unit in BENCHMARK_MIN_TIME is refused for a
 * Google Benchmark older than 1.8). 0, or EINVAL with one line in ERR. */
int bench_flags_check_env(char *err, size_t errlen);

#endif /* MMAPLAB_BENCH_FLAGS_H */
