/* bench_test_wrapper.c - the C wrapper over Google Benchmark: names with
 * named arguments, counters and their flags, manual time, repetitions,
 * custom context and errors, as they appear in the JSON report. */
#include <math.h>
#include <string.h>

#include "bench_test_util.h"
#include "gbench.h"

static int magic = 42;

/* n:N/m:M rows with M == 10 * N; every counter flag once. */
static void bm_args(gb_state *st, void *ctx) {
  const int64_t n = gb_range(st, 0), m = gb_range(st, 1);
  int64_t sum = 0;
  if (ctx != &magic || m != 10 * n) {
    gb_skip_with_error(st, "wrong context or arguments");
    return;
  }
  while (gb_keep_running(st)) {
    gb_pause_timing(st);
    sum += n;
    gb_resume_timing(st);
    gb_do_not_optimize(&sum);
  }
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
  while (gb_keep_running(st))
    gb_clobber_memory();
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

static int near(double a, double b) { return fabs(a - b) <= 1e-9 * fabs(b); }

static void check_args(const json_t *root) {
  json_t *b = bt_bench(root, "wrap/args/n:1/m:10");
  double it = bt_num(b, "iterations");
  BT_CHECK(b != NULL && bt_bench(root, "wrap/args/n:2/m:20") != NULL);
  BT_CHECK(!json_is_true(json_object_get(b, "error_occurred")));
  BT_CHECK(it >= 1);
  BT_CHECK(bt_num(b, "plain") == 7);
  BT_CHECK(bt_num(b, "avg") == 3);
  BT_CHECK(bt_num(b, "inv") == 5 * it);
  BT_CHECK(bt_num(b, "rate") > 0);
  BT_CHECK(bt_num(b, "invert") == 0.25);
  BT_CHECK(bt_num(b, "k1024") == 2048);
  BT_CHECK(bt_num(b, "bytes_per_second") > 0);
  BT_CHECK(bt_num(b, "items_per_second") > 0);
  BT_CHECK(strcmp(bt_str(b, "label"), "lbl") == 0);
}

static void check_others(const json_t *root) {
  json_t *m = bt_bench(root, "wrap/manual/iterations:5/manual_time");
  json_t *w = bt_bench(root, "wrap/wrong"), *s;
  BT_CHECK(m != NULL && bt_num(m, "iterations") == 5);
  BT_CHECK(near(bt_num(m, "real_time"), 2000));
  BT_CHECK(strcmp(bt_str(m, "time_unit"), "us") == 0);
  BT_CHECK(bt_bench(root, "wrap/product/a:1/b:3") != NULL);
  BT_CHECK(bt_bench(root, "wrap/product/a:2/b:3") != NULL);
  s = bt_bench(root, "wrap/repeat/min_time:0.001/repeats:2/real_time_mean");
  BT_CHECK(s != NULL && strcmp(bt_str(s, "run_type"), "aggregate") == 0);
  BT_CHECK(w != NULL && json_is_true(json_object_get(w, "error_occurred")));
  BT_CHECK(strcmp(bt_str(w, "error_message"),
                  "checked result wrong: got 1, expected 2") == 0);
  BT_CHECK(bt_num(w, "bytes_per_second") == -1e300);
  s = bt_bench(root, "wrap/setup_fails");
  BT_CHECK(s != NULL && json_is_true(json_object_get(s, "error_occurred")));
  BT_CHECK(strcmp(bt_str(s, "error_message"), "setup failed") == 0);
  BT_CHECK(gb_error_count() == 2);
  BT_CHECK(strcmp(bt_str(json_object_get(root, "context"), "wrap_key"),
                  "wrap_value") == 0);
}

int main(void) {
  json_t *root;
  register_all();
  root = bt_run_gbench(NULL);
  BT_CHECK(root != NULL);
  if (root != NULL) {
    check_args(root);
    check_others(root);
  }
  json_decref(root);
  gb_shutdown();
  return bt_finish("bench.wrapper");
}
