/* bench_test_families.c - the find/rfind/move benchmarks' own checks.
 *
 *   data    the data contract of bench_data.h: markers never in haystacks,
 *           a planted needle is the only match, mappings are pre-faulted
 *   errors  a search or move whose checked result is wrong is reported as an
 *           error in the JSON (error_occurred, error_message); correct ones
 *           are not, and report bytes_per_second
 */
#include <string.h>

#include "bench_families.h"
#include "bench_naive.h"
#include "bench_test_util.h"
#include "gbench.h"

#define HAY 65536

static int test_data(void) {
  for (int d = BD_DATA_RANDOM; d <= BD_DATA_PERIODIC; d++) {
    const char *why = NULL;
    bd_mapping *m = bd_cached((bd_data)d, BD_PAGE_4K, HAY, &why);
    uint8_t needle[64];
    BT_CHECK(m != NULL && m->len >= HAY);
    if (m == NULL)
      continue;
    BT_CHECK(memchr(m->data, bd_marker((bd_data)d), HAY) == NULL);
    BT_CHECK(bd_cached((bd_data)d, BD_PAGE_4K, HAY, &why) == m);
    bd_needle(needle, sizeof needle, (bd_data)d);
    BT_CHECK(needle[63] == bd_marker((bd_data)d));
    BT_CHECK(bench_naive_find(m->data, HAY, needle, 64) == -1);
    memcpy(m->data + 1000, needle, 64);
    BT_CHECK(bench_naive_find(m->data, HAY, needle, 64) == 1000);
    BT_CHECK(bench_naive_rfind(m->data, HAY, needle, 64) == 1000);
  }
  bd_cache_clear();
  return bt_finish("bench.data");
}

/* Off by one: a wrong index for every input. */
static int64_t broken_find(const bd_mapping *m, int64_t hay,
                           const uint8_t *needle, int64_t nlen) {
  return bench_naive_find(m->data, hay, needle, nlen) + 1;
}

static int64_t failing_find(const bd_mapping *m, int64_t hay,
                            const uint8_t *needle, int64_t nlen) {
  (void)m, (void)hay, (void)needle, (void)nlen;
  return BENCH_SEARCH_FAILED;
}

static int64_t naive_rfind(const bd_mapping *m, int64_t hay,
                           const uint8_t *needle, int64_t nlen) {
  return bench_naive_rfind(m->data, hay, needle, nlen);
}

/* Moves from one byte past the source. */
static int broken_move(bd_mapping *m, int64_t dest, int64_t src, int64_t n) {
  memmove(m->data + dest, m->data + src + 1, (size_t)n);
  return 0;
}

static int plain_move(bd_mapping *m, int64_t dest, int64_t src, int64_t n) {
  memmove(m->data + dest, m->data + src, (size_t)n);
  return 0;
}

static void register_cases(void) {
  bench_search_case c = {0, "broken",  broken_find, BD_DATA_RANDOM,
                         0, BD_PAGE_4K};
  bench_search_register(&c, 4096, 16);
  c.impl = "failing", c.fn = failing_find;
  bench_search_register(&c, 4096, 16);
  c.impl = "naive-rev", c.fn = naive_rfind, c.reverse = 1;
  bench_search_register(&c, 4096, 16);
  for (int k = 0; k < BENCH_MOVE_KIND_COUNT; k++) {
    bench_move_case mc = {"plain", plain_move, (bench_move_kind)k, BD_PAGE_4K};
    bench_move_register(&mc, 64);
    bench_move_register(&mc, 8192);
  }
  {
    bench_move_case mc = {"broken", broken_move, BENCH_MOVE_DISJOINT,
                          BD_PAGE_4K};
    bench_move_register(&mc, 4096);
  }
}

static void check_error(const json_t *root, const char *name,
                        const char *message_part) {
  json_t *b = bt_bench(root, name);
  BT_CHECK(b != NULL && json_is_true(json_object_get(b, "error_occurred")));
  BT_CHECK(strstr(bt_str(b, "error_message"), message_part) != NULL);
  BT_CHECK(bt_num(b, "bytes_per_second") == -1e300);
}

static int test_errors(void) {
  json_t *root, *b;
  size_t i;
  register_cases();
  bench_register_find(
      &(bench_config){BENCH_GRID_QUICK, (const bd_page_mode[]){BD_PAGE_4K}, 1});
  root = bt_run_gbench("--benchmark_filter=^(find/(broken|failing|core)/"
                       "random/end/page:4k/hay:4096/needle:16|"
                       "rfind/.*/hay:4096/needle:16|move/.*)$");
  BT_CHECK(root != NULL);
  check_error(root, "find/broken/random/end/page:4k/hay:4096/needle:16",
              "broken/find: wrong result: index 4081, expected 4080");
  check_error(root, "find/failing/random/end/page:4k/hay:4096/needle:16",
              "failing/find: the call failed");
  check_error(root, "move/broken/disjoint/page:4k/size:4096",
              "broken/move: wrong byte at dest+0");
  BT_CHECK(gb_error_count() == 3);
  json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
    const char *name = bt_str(b, "name");
    if (strstr(name, "broken") || strstr(name, "failing"))
      continue;
    BT_CHECK(!json_is_true(json_object_get(b, "error_occurred")));
    BT_CHECK(bt_num(b, "bytes_per_second") > 0);
  }
  BT_CHECK(bt_bench(root, "find/core/random/end/page:4k/hay:4096/needle:16"));
  BT_CHECK(bt_bench(root, "rfind/naive-rev/random/end/page:4k/hay:4096/"
                          "needle:16"));
  json_decref(root);
  bd_cache_clear();
  gb_shutdown();
  return bt_finish("bench.wrong_result_is_error");
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "data") == 0)
    return test_data();
  if (argc == 2 && strcmp(argv[1], "errors") == 0)
    return test_errors();
  fprintf(stderr, "usage: %s data|errors\n", argv[0]);
  return 2;
}
