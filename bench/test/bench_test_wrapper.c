/* bench_test_wrapper.c - the C wrapper over Google Benchmark: names with
 * named arguments, counters and their flags, manual time, repetitions,
 * custom context and errors, as they appear in the JSON report; the timing
 * hook's events around the benchmarks' own code; counting and clearing
 * registered benchmarks. */
#include <string.h>

#include "bench_test_util.h"
#include "gbench.h"

static int magic = 42;

/* The timing hook's view: whether the benchmark's code is timed now, and
 * the events seen. */
static int timed;
static size_t starts, stops, run_ends;

/* gb_timing_fn: START and STOP alternate, RUN_END comes untimed. */
static void on_timing(gb_state *st, gb_timing_event ev, void *arg) {
  ASSERT(arg == &magic);
  ASSERT_NOT_NULL(st);
  if (ev == GB_TIMING_START) {
    ASSERT(!timed);
    timed = 1;
    starts++;
  } else if (ev == GB_TIMING_STOP) {
    ASSERT(timed);
    timed = 0;
    stops++;
  } else {
    ASSERT_EQ(ev, GB_TIMING_RUN_END);
    ASSERT(!timed);
    run_ends++;
  }
}

/* n:N/m:M rows with M == 10 * N; every counter flag once. */
static void bm_args(gb_state *st, void *ctx) {
  const int64_t n = gb_range(st, 0), m = gb_range(st, 1);
  int64_t sum = 0;
  if (ctx != &magic || m != 10 * n) {
    gb_skip_with_error(st, "wrong context or arguments");
    return;
  }
  ASSERT(!timed);
  while (gb_keep_running(st)) {
    ASSERT(timed);
    gb_pause_timing(st);
    ASSERT(!timed);
    sum += n;
    gb_resume_timing(st);
    ASSERT(timed);
    gb_do_not_optimize(&sum);
  }
  ASSERT(!timed);
  gb_set_bytes_processed(st, gb_iterations(st) * 64);
  gb_set_items_processed(st, gb_iterations(st));
  gb_set_counter(st, "plain", 7, GB_COUNTER_DEFAULT);
  gb_set_counter(st, "avg", (double)gb_iterations(st) * 3,
                 GB_COUNTER_AVG_ITERATIONS);
  gb_set_counter(st, "inv", 5, GB_COUNTER_ITERATION_INVARIANT);
  gb_set_counter(st, "rate", 1, GB_COUNTER_RATE);
  gb_set_counter(st, "invert", 4, GB_COUNTER_INVERT);
  gb_set_counter(st, "k1024", 2048, GB_COUNTER_1024);
  gb_set_label(st, "lbl");
}

/* Manual time: 2 ms per iteration, exactly. */
static void bm_manual(gb_state *st, void *ctx) {
  (void)ctx;
  while (gb_keep_running(st))
    gb_set_iteration_time(st, 0.002);
}

static void bm_plain(gb_state *st, void *ctx) {
  (void)ctx;
  while (gb_keep_running(st)) {
    ASSERT(timed);
    gb_clobber_memory();
  }
  ASSERT(!timed);
}

/* A checked result that is wrong, found inside the loop. */
static void bm_wrong(gb_state *st, void *ctx) {
  (void)ctx;
  while (gb_keep_running(st)) {
    int64_t got = 1, expected = 2;
    if (got != expected) {
      gb_skip_with_error(st, "checked result wrong: got 1, expected 2");
      gb_skip_with_error(st, "a second message is ignored");
      break;
    }
  }
}

/* An error before the loop: the loop is never entered. */
static void bm_setup_fails(gb_state *st, void *ctx) {
  (void)ctx;
  gb_skip_with_error(st, "setup failed");
}

static void register_all(void) {
  static const char *const names[] = {"n", "m"};
  static const int64_t a[] = {1, 2}, b[] = {3};
  static const int64_t *const lists[] = {a, b};
  static const size_t lens[] = {2, 1};
  gb_bench *x = gb_register("wrap/args", bm_args, &magic);
  gb_arg_names(x, names, 2);
  gb_args(x, (const int64_t[]){1, 10}, 2);
  gb_args(x, (const int64_t[]){2, 20}, 2);
  x = gb_register("wrap/manual", bm_manual, NULL);
  gb_use_manual_time(x);
  gb_time_unit_set(x, GB_MICROSECOND);
  gb_fixed_iterations(x, 5);
  x = gb_register("wrap/product", bm_plain, NULL);
  gb_arg_names(x, (const char *const[]){"a", "b"}, 2);
  gb_args_product(x, lists, lens, 2);
  x = gb_register("wrap/repeat", bm_plain, NULL);
  gb_repetitions(x, 2);
  gb_use_real_time(x);
  gb_min_time(x, 0.001);
  gb_register("wrap/wrong", bm_wrong, NULL);
  gb_register("wrap/setup_fails", bm_setup_fails, NULL);
  gb_add_custom_context("wrap_key", "wrap_value");
}

static void check_args(const json_t *root) {
  json_t *b = bt_ran(root, "wrap/args/n:1/m:10");
  double it = bt_num(b, "iterations");
  ASSERT_NOT_NULL(bt_bench(root, "wrap/args/n:2/m:20"));
  ASSERT_DBL(it, >=, 1);
  ASSERT_DBL(bt_num(b, "plain"), ==, 7);
  ASSERT_DBL(bt_num(b, "avg"), ==, 3);
  ASSERT_DBL(bt_num(b, "inv"), ==, 5 * it);
  ASSERT_DBL(bt_num(b, "rate"), >, 0);
  ASSERT_DBL(bt_num(b, "invert"), ==, 0.25);
  ASSERT_DBL(bt_num(b, "k1024"), ==, 2048);
  ASSERT_DBL(bt_num(b, "bytes_per_second"), >, 0);
  ASSERT_DBL(bt_num(b, "items_per_second"), >, 0);
  ASSERT_STR_EQ(bt_str(b, "label"), "lbl");
}

static void check_others(const json_t *root) {
  json_t *m = bt_bench(root, "wrap/manual/iterations:5/manual_time");
  json_t *s;
  ASSERT_NOT_NULL(m);
  ASSERT_DBL(bt_num(m, "iterations"), ==, 5);
  ASSERT_NEAR(bt_num(m, "real_time"), 2000, 2000 * 1e-9);
  ASSERT_STR_EQ(bt_str(m, "time_unit"), "us");
  ASSERT_NOT_NULL(bt_bench(root, "wrap/product/a:1/b:3"));
  ASSERT_NOT_NULL(bt_bench(root, "wrap/product/a:2/b:3"));
  s = bt_bench(root, "wrap/repeat/min_time:0.001/repeats:2/real_time_mean");
  ASSERT_NOT_NULL(s);
  ASSERT_STR_EQ(bt_str(s, "run_type"), "aggregate");
  /* The first message wins; no rate for a failed run. */
  bt_check_error(root, "wrap/wrong", "checked result wrong: got 1, expected 2");
  ASSERT_STR_EQ(bt_str(bt_bench(root, "wrap/wrong"), "error_message"),
                "checked result wrong: got 1, expected 2");
  bt_check_error(root, "wrap/setup_fails", "setup failed");
  ASSERT_STR_EQ(bt_str(bt_bench(root, "wrap/setup_fails"), "error_message"),
                "setup failed");
  ASSERT_EQ(gb_error_count(), 2);
  ASSERT_STR_EQ(bt_str(json_object_get(root, "context"), "wrap_key"),
                "wrap_value");
}

/* gb_selected_count counts argument rows without running them; gb_clear leaves
 * none, and what was registered before never runs. */
static void check_selected_and_clear(void) {
  gb_bench *x = gb_register("gone/args", bm_plain, NULL);
  gb_args(x, (const int64_t[]){1}, 1);
  gb_args(x, (const int64_t[]){2}, 1);
  gb_register("gone/plain", bm_plain, NULL);
  ASSERT_EQ(gb_selected_count(), 3);
  ASSERT_EQ(run_ends, 0);
  gb_clear();
  ASSERT_EQ(gb_selected_count(), 0);
}

int main(void) {
  json_t *root;
  check_selected_and_clear();
  gb_on_timing(on_timing, &magic);
  register_all();
  root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  ASSERT_NULL(bt_bench(root, "gone/plain"));
  /* Every START had its STOP, also in wrap/wrong's loop left by break;
   * a RUN_END per call, also of wrap/setup_fails, which never timed. */
  ASSERT(!timed);
  ASSERT_EQ(starts, stops);
  ASSERT(starts > 0);
  ASSERT(run_ends >= 8);
  check_args(root);
  check_others(root);
  json_decref(root);
  gb_shutdown();
  return 0;
}
