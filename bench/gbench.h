/* gbench.h - a small C API over Google Benchmark (libbenchmark >= 1.7).
 *
 * Benchmarks are plain C functions registered from code; gbench.cc (the only
 * C++ file of bench/) forwards every call to benchmark::RegisterBenchmark and
 * benchmark::State. Names, flags and JSON output are Google Benchmark's own,
 * so its command-line flags (--benchmark_filter, --benchmark_format=json,
 * --benchmark_out=FILE, --benchmark_repetitions=N,
 * --benchmark_enable_random_interleaving, ...) work unchanged.
 *
 * Typical use:
 *
 *   static void bm_sum(gb_state *st, void *ctx) {
 *     int64_t n = gb_range(st, 0);          // the first argument's value
 *     ... setup, not timed ...
 *     while (gb_keep_running(st)) {
 *       if (work(ctx, n) != expected) {     // check every result
 *         gb_skip_with_error(st, "wrong sum");
 *         break;
 *       }
 *     }
 *     gb_set_bytes_processed(st, gb_iterations(st) * n);
 *   }
 *
 *   gb_bench *b = gb_register("sum/core/random", bm_sum, ctx);
 *   static const char *const names[] = {"size"};
 *   gb_arg_names(b, names, 1);
 *   gb_args(b, (int64_t[]){4096}, 1);       // reported as
 * sum/core/random/size:4096
 *
 * and in main: gb_initialize, gb_report_unrecognized, register, gb_run,
 * gb_shutdown. Registration must be finished before gb_run.
 *
 * No C++ exception leaves these functions: one thrown by Google Benchmark
 * (std::length_error for a negative --benchmark_repetitions, std::bad_alloc)
 * is reported as one line on stderr, "PROGRAM: Google Benchmark failed in
 * WHERE: WHAT", and the process exits with status 2 through exit(), so the
 * program's atexit handlers still run.
 */
#ifndef MMAPLAB_GBENCH_H
#define MMAPLAB_GBENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The running state of one benchmark (a benchmark::State); valid only
 * during the call of the benchmark function that received it. */
typedef struct gb_state gb_state;

/* A registered benchmark (a benchmark::internal::Benchmark); valid until
 * gb_shutdown. Configure it before gb_run. */
typedef struct gb_bench gb_bench;

/* A benchmark function. CTX is the pointer given to gb_register; it must
 * stay valid until gb_run returns. The function may be called several times
 * per argument row (Google Benchmark grows the iteration count). */
typedef void (*gb_fn)(gb_state *st, void *ctx);

/* ---- Program ------------------------------------------------------------ */

/* Parses and removes Google Benchmark's own flags from ARGC/ARGV
 * (benchmark::Initialize). Flags it does not know are left in place. */
void gb_initialize(int *argc, char **argv);

/* Prints "error: unrecognized command-line flag: X" on stderr for the first
 * argument left after gb_initialize, and returns 1; returns 0 if none. */
int gb_report_unrecognized(int argc, char **argv);

/* Checks FILTER as Google Benchmark will read --benchmark_filter (an
 * extended regular expression, "-" in front to negate; "" or "all" for
 * every benchmark), which it does only when the run starts. 0, or EINVAL
 * with one line in ERR (ERRLEN bytes). */
int gb_filter_check(const char *filter, char *err, size_t errlen);

/* 1 if the benchmark reported as NAME (with its "/argname:value" parts)
 * is one --benchmark_filter selects, as gb_run will choose them; 1 also
 * when no filter (or a malformed one, which gb_run reports) was given to
 * gb_initialize. For sizing what a run prepares to what it will run. */
int gb_selected(const char *name);

/* Adds KEY: VALUE to the "context" object of the report (copied). Call
 * before gb_run. */
void gb_add_custom_context(const char *key, const char *value);

/* Runs every registered benchmark that the filter selects and reports them;
 * returns how many ran (argument rows count one each). */
size_t gb_run(void);

/* Called by gb_run each time a run ends (one repetition of one argument
 * row): DONE runs of TOTAL are done, the last of the benchmark registered as
 * NAME (valid during the call). TOTAL is the benchmarks selected times
 * --benchmark_repetitions (or BENCHMARK_REPETITIONS, else 1), counted before
 * the first run; gb_repetitions of a single benchmark is not in it.
 *
 * Google Benchmark (1.7) tells of a benchmark only when all of its
 * repetitions are done, which with random interleaving is mostly near the
 * end; so a run is seen from the calls of the benchmark function instead:
 * the first repetition calls it with a growing iteration count until the
 * time suffices, the later ones once with that count. A call starts a new
 * run unless it is of the same argument row as the one before with more
 * iterations; a run ends when the next starts, the last when gb_run ends.
 * This holds for single-threaded benchmarks without a warm-up
 * (--benchmark_min_warmup_time counts its calls as a run). */
typedef void (*gb_progress_fn)(size_t done, size_t total, const char *name,
                               void *arg);

/* Sets the progress callback (NULL: none) and its ARG. Call before gb_run. */
void gb_on_progress(gb_progress_fn fn, void *arg);

/* How many benchmark runs called gb_skip_with_error so far (a repetition
 * counts once); a program can turn it into its exit status. */
size_t gb_error_count(void);

/* Releases Google Benchmark's global state (benchmark::Shutdown). */
void gb_shutdown(void);

/* How many argument rows of the registered benchmarks the filter
 * (--benchmark_filter) selects, running none (0 when it selects none). */
size_t gb_selected_count(void);

/* Unregisters every benchmark (benchmark::ClearRegisteredBenchmarks); the
 * gb_bench pointers handed out stop being valid. */
void gb_clear(void);

/* ---- Timing hooks ------------------------------------------------------- */

/* What a timing hook is told, in this order per call of a benchmark
 * function: START and STOP alternate, around the benchmark's own code only:
 * START after gb_keep_running let an iteration in and after
 * gb_resume_timing, STOP before the loop's next gb_keep_running, before
 * gb_pause_timing, and after the function returned while still timed (a
 * loop left by gb_skip_with_error and break). RUN_END follows once the
 * function returned, when its state is still valid (a counter may be set
 * then). Google Benchmark's own code (its clocks, the loop's bookkeeping)
 * is outside every START..STOP. */
typedef enum gb_timing_event {
  GB_TIMING_START,
  GB_TIMING_STOP,
  GB_TIMING_RUN_END
} gb_timing_event;

typedef void (*gb_timing_fn)(gb_state *st, gb_timing_event ev, void *arg);

/* Sets the timing hook (NULL: none) and its ARG. Call before gb_run. */
void gb_on_timing(gb_timing_fn fn, void *arg);

/* ---- Registration ------------------------------------------------------- */

/* Registers FN under NAME (copied), to be called with CTX. NAME is the
 * reported name; each argument row appends "/argname:value" (or "/value"
 * without names). Returns the benchmark, never NULL. */
gb_bench *gb_register(const char *name, gb_fn fn, void *ctx);

/* Names the arguments (copied): NAMES[0] is the first argument's name. */
void gb_arg_names(gb_bench *b, const char *const *names, size_t n);

/* Adds one argument row of N values; each row runs as its own instance. */
void gb_args(gb_bench *b, const int64_t *values, size_t n);

/* Adds one row per element of the cartesian product of NLISTS lists;
 * LISTS[i] has LENS[i] values. */
void gb_args_product(gb_bench *b, const int64_t *const *lists,
                     const size_t *lens, size_t nlists);

/* Time from gb_set_iteration_time instead of the clock. */
void gb_use_manual_time(gb_bench *b);

/* Wall-clock time instead of the main thread's CPU time decides the
 * iteration count and the rates. */
void gb_use_real_time(gb_bench *b);

/* The unit the report prints times in. */
typedef enum gb_time_unit {
  GB_NANOSECOND,
  GB_MICROSECOND,
  GB_MILLISECOND,
  GB_SECOND
} gb_time_unit;
void gb_time_unit_set(gb_bench *b, gb_time_unit unit);

/* Per-benchmark overrides of --benchmark_min_time (seconds, > 0),
 * a fixed iteration count (> 0; excludes min time) and
 * --benchmark_repetitions (> 0). */
void gb_min_time(gb_bench *b, double seconds);
void gb_fixed_iterations(gb_bench *b, int64_t n);
void gb_repetitions(gb_bench *b, int n);

/* ---- Inside a benchmark function ---------------------------------------- */

/* The loop condition: returns 1 while another timed iteration should run,
 * then 0 (also at once after gb_skip_with_error). Timing starts at the
 * first call; the function must not return while it still returns 1,
 * unless it reported an error. */
int gb_keep_running(gb_state *st);

/* The value of argument I of this instance's row (0-based). */
int64_t gb_range(const gb_state *st, size_t i);

/* The iterations run so far (after the loop: all of them). */
int64_t gb_iterations(const gb_state *st);

/* Stops and restarts the timer inside the loop (costly: ~100s of ns). */
void gb_pause_timing(gb_state *st);
void gb_resume_timing(gb_state *st);

/* With gb_use_manual_time: the time of this iteration; call it exactly once
 * per iteration. */
void gb_set_iteration_time(gb_state *st, double seconds);

/* Total bytes / items handled by all iterations (after the loop); reported
 * as the rates bytes_per_second / items_per_second. */
void gb_set_bytes_processed(gb_state *st, int64_t bytes);
void gb_set_items_processed(gb_state *st, int64_t items);

/* Counter flags, the values of benchmark::Counter::Flags, plus GB_COUNTER_1024
 * (report with 1024 as "k" instead of 1000). Or them together. */
#define GB_COUNTER_DEFAULT 0u
#define GB_COUNTER_RATE (1u << 0)                /* divided by the duration */
#define GB_COUNTER_AVG_THREADS (1u << 1)         /* divided by the threads */
#define GB_COUNTER_ITERATION_INVARIANT (1u << 2) /* times the iterations */
#define GB_COUNTER_AVG_ITERATIONS (1u << 3)      /* divided by the iterations */
#define GB_COUNTER_1024 (1u << 30)
#define GB_COUNTER_INVERT (1u << 31) /* the reciprocal, applied last */

/* Sets the user counter NAME (copied) to VALUE with FLAGS (GB_COUNTER_*,
 * or-ed); reported as a field of the benchmark's JSON object. */
void gb_set_counter(gb_state *st, const char *name, double value,
                    unsigned flags);

/* Sets the label printed after the result (copied). */
void gb_set_label(gb_state *st, const char *label);

/* Reports this run as an error with MSG (copied) instead of a time: the
 * JSON carries "error_occurred": true and "error_message". The loop ends
 * after the current iteration; the function may also return at once. Only
 * the first call of a run counts. */
void gb_skip_with_error(gb_state *st, const char *msg);

/* 1 if gb_skip_with_error was called in this run. */
int gb_error_occurred(const gb_state *st);

/* Keeps the compiler from proving P's target unused or unchanged. */
static inline void gb_do_not_optimize(const void *p) {
  __asm__ volatile("" : : "r"(p) : "memory");
}

/* Makes every pending store visible, like benchmark::ClobberMemory. */
static inline void gb_clobber_memory(void) {
  __asm__ volatile("" : : : "memory");
}

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_GBENCH_H */
