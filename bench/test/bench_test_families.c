/* bench_test_families.c - the find/rfind/move benchmarks' own checks.
 *
 *   data    the data contract of bench/python/DATA.md, from C: the bodies'
 *           FNV-1a checksums and first bytes, the random needle, sentinels
 *           never in a body, each find/rfind needle's expected index, the
 *           move layouts, and cached maps holding the body
 *   modes   page modes: lengths per mode, a 4k map verified as 4k and not as
 *           thp, a thp map verified as thp where THP is available, a run
 *           not in its mode reported as such (counted apart from wrong
 *           results), and maps shared through the cache's hints
 *   errors  a search or move whose checked result is wrong is reported as an
 *           error in the JSON (error_occurred, error_message); correct ones
 *           are not, and report bytes_per_second
 *   fault-safe  the quick grid's core-faultsafe rows (the core's fault-safe
 *           mode on) run correctly, the mode on during them and off after
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "bench_families.h"
#include "bench_naive.h"
#include "bench_test_util.h"
#include "gbench.h"

#define HAY 65536
#define MIB 1048576

/* FNV-1a 64, DATA.md's self-check hash. */
static uint64_t fnv1a64(const uint8_t *p, int64_t len) {
  uint64_t h = 0xcbf29ce484222325u;
  for (int64_t i = 0; i < len; i++)
    h = (h ^ p[i]) * 0x100000001b3u;
  return h;
}

/* How many of P[0, LEN) are not in the string SET. */
static int64_t count_outside(const uint8_t *p, int64_t len, const char *set) {
  int64_t n = 0;
  for (int64_t i = 0; i < len; i++)
    n += p[i] == 0 || strchr(set, p[i]) == NULL;
  return n;
}

/* DATA.md "Self-check values": body(kind, 4096) and body(kind, 1 MiB). */
static void check_bodies(uint8_t *buf) {
  static const uint64_t want[BD_DATA_COUNT][2] = {
      {0x1edf3aa6f4c30282u, 0xd4f4f2688df0d560u},
      {0x89ef3084c754cebdu, 0xaaa643f669aaff60u},
      {0x15a9fd7b219d7325u, 0x509a9b97ff722325u},
      {0xb1dc73b0569a3325u, 0x51b4c334fc322325u},
      {0x826dc5908b388c26u, 0xa5f8796ff65b3f33u},
      {0x806071db6f052b27u, 0x25f7b73161fe3429u}};
  static const uint8_t head[] = {0x7a, 0x48, 0x21, 0x9a, 0xe2,
                                 0xb3, 0x83, 0x0d, 0x67, 0x9d};
  uint8_t part[300];
  for (int d = BD_DATA_RANDOM; d < BD_DATA_COUNT; d++) {
    bd_fill(buf, MIB, (bd_data)d);
    ASSERT_U64(fnv1a64(buf, 4096), ==, want[d][0]);
    ASSERT_U64(fnv1a64(buf, MIB), ==, want[d][1]);
    ASSERT_NULL(memchr(buf, bd_marker((bd_data)d), MIB));
    ASSERT_EQ(bd_body_mismatch(buf, 0, MIB, (bd_data)d), -1);
    ASSERT_EQ(bd_body_mismatch(buf + 12345, 12345, 99999, (bd_data)d), -1);
    for (int64_t off = 0; off < 40; off += 13) {
      bd_body_range(part, MIB - 300 - off, 300, (bd_data)d);
      ASSERT_MEM_EQ(part, buf + MIB - 300 - off, 300);
    }
    buf[777] ^= 0x80;
    ASSERT_EQ(bd_body_mismatch(buf + 700, 700, 1000, (bd_data)d), 77);
  }
  bd_fill(buf, 10, BD_DATA_RANDOM);
  ASSERT_MEM_EQ(buf, head, sizeof head);
  bd_fill(buf, 180, BD_DATA_TEXT);
  ASSERT_MEM_EQ(buf, "The quick", 9);
  ASSERT_EQ(buf[172], '\n');
  ASSERT_MEM_EQ(buf + 173, "The qui", 7);
  ASSERT_EQ(bd_marker(BD_DATA_RANDOM), 0);
  ASSERT_EQ(bd_marker(BD_DATA_TEXT), 0);
  ASSERT_EQ(bd_marker(BD_DATA_PERIODIC), 'b');
  /* periodic-ab: "abab...", from any offset */
  bd_fill(buf, MIB, BD_DATA_PERIODIC_AB);
  ASSERT_MEM_EQ(buf, "ababab", 6);
  ASSERT_EQ(buf[MIB - 1], 'b');
  ASSERT_NULL(memmem(buf, MIB, "aa", 2));
  ASSERT_NULL(memmem(buf, MIB, "bb", 2));
  ASSERT_EQ(bd_body_mismatch(buf + 12345, 12345, 99999, BD_DATA_PERIODIC_AB),
            -1);
  bd_body_range(part, 7, 3, BD_DATA_PERIODIC_AB);
  ASSERT_MEM_EQ(part, "bab", 3);
  /* dna and binary: the random stream's words in 2-bit and 1-bit values,
   * low bits first (its first byte 0x7a: 10 10 11 01, 0 1 0 1 1 1 1 0) */
  bd_fill(buf, 16, BD_DATA_DNA);
  ASSERT_MEM_EQ(buf, "GGTCAGACCAGAGGCG", 16);
  bd_fill(buf, 16, BD_DATA_BINARY);
  ASSERT_MEM_EQ(buf, "ababbbbaaaabaaba", 16);
  ASSERT_EQ(bd_marker(BD_DATA_DNA), 0);
  ASSERT_EQ(bd_marker(BD_DATA_BINARY), 0);
  bd_fill(buf, MIB, BD_DATA_DNA);
  ASSERT_EQ(count_outside(buf, MIB, "ACGT"), 0);
  bd_fill(buf, MIB, BD_DATA_BINARY);
  ASSERT_EQ(count_outside(buf, MIB, "ab"), 0);
}

/* DATA.md's find needle for random, n = 4096, L = 16; and the shape of
 * every needle, from the body alone. */
static void check_needles(uint8_t *buf) {
  static const uint8_t want[16] = {0xbf, 0x29, 0x86, 0x8f, 0x91, 0x1b,
                                   0xf4, 0xab, 0x75, 0x89, 0x53, 0x22,
                                   0x01, 0x14, 0x08, 0x00};
  uint8_t needle[256], part[256];
  bd_fill(buf, 4096, BD_DATA_RANDOM);
  bd_needle(needle, buf, 4096, 16, 0, BD_DATA_RANDOM);
  ASSERT_MEM_EQ(needle, want, 16);
  for (int d = BD_DATA_RANDOM; d < BD_DATA_COUNT; d++) {
    if (d == BD_DATA_PERIODIC_AB)
      continue; /* no sentinel: below */
    bd_fill(buf, HAY, (bd_data)d);
    bd_needle(needle, buf, HAY, 256, 0, (bd_data)d);
    bd_body_range(part, HAY - 256, 255, (bd_data)d);
    ASSERT_MEM_EQ(needle, part, 255);
    ASSERT_EQ(needle[255], bd_marker((bd_data)d));
    bd_needle(needle, buf, HAY, 256, 1, (bd_data)d);
    bd_body_range(part, 1, 255, (bd_data)d);
    ASSERT_EQ(needle[0], bd_marker((bd_data)d));
    ASSERT_MEM_EQ(needle + 1, part, 255);
  }
  /* periodic-ab: the body's tail or head with one byte flipped */
  bd_fill(buf, HAY, BD_DATA_PERIODIC_AB);
  bd_needle(needle, buf, HAY, 5, 0, BD_DATA_PERIODIC_AB);
  ASSERT_MEM_EQ(needle, "baaab", 5); /* HAY is even: tail "babab" */
  bd_needle(needle, buf, HAY, 5, 1, BD_DATA_PERIODIC_AB);
  ASSERT_MEM_EQ(needle, "abbba", 5); /* head "ababa" */
  bd_needle(needle, buf, HAY, 2, 0, BD_DATA_PERIODIC_AB);
  ASSERT_MEM_EQ(needle, "aa", 2);
  bd_needle(needle, buf, HAY, 2, 1, BD_DATA_PERIODIC_AB);
  ASSERT_MEM_EQ(needle, "bb", 2);
}

/* Every (data, family, where, needle) on a cached HAY-byte map: the naive
 * search finds exactly bd_expected, as in DATA.md's tables. */
static void check_searches(void) {
  static const int64_t lens[] = {1, 2, 16, 256, 4096};
  uint8_t needle[4096];
  for (int d = BD_DATA_RANDOM; d < BD_DATA_COUNT; d++) {
    const char *why = NULL;
    bd_mapping *m = bd_cached((bd_data)d, PM_4K, HAY, &why);
    ASSERT_NOT_NULL(m);
    ASSERT_GE(m->len, HAY);
    ASSERT_EQ(bd_body_mismatch(m->data, 0, m->len, (bd_data)d), -1);
    ASSERT(bd_cached((bd_data)d, PM_4K, HAY, &why) == m);
    for (int rev = 0; rev < 2; rev++)
      for (int miss = 0; miss < 2; miss++)
        for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
          const int64_t n = lens[i];
          uint8_t edit;
          const int64_t far = bd_end_edit((bd_data)d, HAY, n, rev, &edit);
          const uint8_t saved = m->data[far];
          if (d == BD_DATA_PERIODIC_AB && n < 2)
            continue; /* no defect fits in one byte */
          bd_needle(needle, m->data, HAY, n, rev, (bd_data)d);
          if (!miss)
            m->data[far] = edit;
          ASSERT_EQ((rev ? bench_naive_rfind : bench_naive_find)(m->data, HAY,
                                                                 needle, n),
                    bd_expected(HAY, n, rev, miss));
          m->data[far] = saved;
        }
  }
  ASSERT_EQ(bd_expected(4096, 16, 0, 0), 4080);
  ASSERT_EQ(bd_expected(4096, 16, 1, 0), 0);
  ASSERT_EQ(bd_expected(4096, 16, 1, 1), -1);
  bd_cache_clear();
}

/* DATA.md's move table, for a size below and one above a page. */
static void check_layouts(void) {
  static const int64_t sizes[] = {64, 65537};
  for (size_t i = 0; i < 2; i++) {
    const int64_t s = sizes[i], r = s == 64 ? 4096 : 69632;
    const int64_t want[5][2] = {{0, s / 2},
                                {s / 2, 0},
                                {0, r + 4096},
                                {1, r + 4096 + 3},
                                {4096 - 32, r + 2 * 4096 - 32}};
    for (int k = 0; k < BENCH_MOVE_KIND_COUNT; k++) {
      int64_t len, src, dst;
      bd_move_layout(k, s, &len, &src, &dst);
      ASSERT_EQ(len, 2 * r + 3 * 4096);
      ASSERT_EQ(src, want[k][0]);
      ASSERT_EQ(dst, want[k][1]);
      ASSERT_LE(src + s, len);
      ASSERT_LE(dst + s, len);
    }
  }
}

static int test_data(const char *arg) {
  (void)arg;
  uint8_t *buf = malloc(MIB);
  ASSERT_NOT_NULL(buf);
  check_bodies(buf);
  check_needles(buf);
  free(buf);
  check_searches();
  check_layouts();
  return 0;
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
  bench_search_case c = {0, "broken", broken_find, BD_DATA_RANDOM,
                         0, PM_4K,    0,           NULL};
  bench_search_register(&c, 4096, 16);
  c.impl = "failing", c.fn = failing_find;
  bench_search_register(&c, 4096, 16);
  c.impl = "naive-rev", c.fn = naive_rfind, c.reverse = 1;
  bench_search_register(&c, 4096, 16);
  for (int k = 0; k < BENCH_MOVE_KIND_COUNT; k++) {
    bench_move_case mc = {"plain", plain_move, (bench_move_kind)k, PM_4K, 0};
    bench_move_register(&mc, 64);
    bench_move_register(&mc, 8192);
  }
  {
    bench_move_case mc = {"broken", broken_move, BENCH_MOVE_DISJOINT, PM_4K, 0};
    bench_move_register(&mc, 4096);
  }
}

static int test_errors(const char *arg) {
  (void)arg;
  json_t *root, *b;
  size_t i;
  register_cases();
  bench_register_find(&(bench_config){
      BENCH_GRID_QUICK, (const bd_page_mode[]){PM_4K}, 1, NULL, 0, 0, 0});
  root = bt_run_gbench("--benchmark_filter=^(find/(broken|failing|core)/"
                       "random/end/page:4k/hay:4096/needle:16|"
                       "rfind/.*/hay:4096/needle:16|move/.*)$");
  ASSERT_NOT_NULL(root);
  bt_check_error(root, "find/broken/random/end/page:4k/hay:4096/needle:16",
                 "broken/find: wrong result: index 4081, expected 4080");
  bt_check_error(root, "find/failing/random/end/page:4k/hay:4096/needle:16",
                 "failing/find: the call failed");
  bt_check_error(root, "move/broken/disjoint/page:4k/size:4096",
                 "broken/move: wrong byte at dest+0");
  ASSERT_EQ(gb_error_count(), 3);
  json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
    const char *name = bt_str(b, "name");
    if (strstr(name, "broken") || strstr(name, "failing"))
      continue;
    ASSERT(!bt_failed(b));
    ASSERT_DBL(bt_num(b, "bytes_per_second"), >, 0);
  }
  ASSERT_NOT_NULL(
      bt_bench(root, "find/core/random/end/page:4k/hay:4096/needle:16"));
  ASSERT_NOT_NULL(bt_bench(root, "rfind/naive-rev/random/end/page:4k/"
                                 "hay:4096/needle:16"));
  json_decref(root);
  bd_cache_clear();
  gb_shutdown();
  return 0;
}

/* Maps 4k memory, then claims it is thp: must be reported, not timed. */
static void bm_wrong_mode(gb_state *st, void *ctx) {
  bd_mapping *m = ctx;
  pm_verdict v;
  int ok = bd_verify(PM_THP, m->data, m->len, &v);
  if (!bd_check_mode(st, PM_THP, ok, &v))
    return;
  while (gb_keep_running(st))
    gb_do_not_optimize(m->data);
}

static int test_modes(const char *arg) {
  (void)arg;
  const int64_t two_mib = 2 << 20;
  pm_status st;
  pm_verdict v;
  bd_mapping m, *a, *b;
  const char *why = NULL;
  json_t *root;
  ASSERT_EQ(bd_mode_length(PM_4K, 5000), 5000);
  ASSERT_EQ(bd_mode_length(PM_THP, 1), two_mib);
  ASSERT_EQ(bd_mode_length(PM_HUGE2M, two_mib + 1), 2 * two_mib);
  ASSERT_EQ(bd_mode_length(PM_HUGE1G, 4096), (int64_t)1 << 30);
  ASSERT_EQ(bd_mode_length(PM_HUGE2M, INT64_MAX), INT64_MAX);
  /* 4 MiB of base pages: backed as 4k, and not at all as thp. */
  ASSERT_EQ(bd_map(&m, PM_4K, 2 * two_mib, &why), 0);
  ASSERT_EQ(m.mode_ok, 1);
  ASSERT_STR_EQ(m.verdict.label, "4k");
  ASSERT_EQ(bd_verify(PM_THP, m.data, m.len, &v), 0);
  ASSERT_STR_EQ(v.label, "fallback");
  ASSERT_DBL(v.fraction, ==, 0.0);
  /* The same mapping reported under thp: an error, counted as a fallback. */
  gb_register("modes/wrong/page:thp", bm_wrong_mode, &m);
  root = bt_run_gbench("--benchmark_repetitions=2");
  ASSERT_NOT_NULL(root);
  bt_check_error(root, "modes/wrong/page:thp",
                 "page mode thp not obtained: 0% of the range backed "
                 "(fallback)");
  ASSERT_EQ(bd_fallback_count(), 2);
  ASSERT_EQ(gb_error_count(), 2);
  json_decref(root);
  bd_unmap(&m);
  if (pm_detect(PM_THP, 0, &st)) {
    ASSERT_EQ(bd_map(&m, PM_THP, 2 * two_mib, &why), 0);
    ASSERT_EQ(m.mode_ok, 1);
    ASSERT_U64(m.verdict.thp_bytes, >=, two_mib);
    bd_unmap(&m);
  } else {
    fprintf(stderr, "bench.modes: thp part skipped: %s\n", st.reason);
  }
  /* Hinted: the first request maps the largest length, later ones share. */
  bd_cache_hint(BD_DATA_TEXT, PM_4K, 1 << 20);
  a = bd_cached(BD_DATA_TEXT, PM_4K, 4096, &why);
  b = bd_cached(BD_DATA_TEXT, PM_4K, 65536, &why);
  ASSERT_NOT_NULL(a);
  ASSERT(a == b);
  ASSERT_GE(a->len, 1 << 20);
  ASSERT_EQ(bd_body_mismatch(a->data, 0, a->len, BD_DATA_TEXT), -1);
  bd_cache_clear();
  gb_shutdown();
  return 0;
}

/* The core's find, failing unless the fault-safe mode is as the row says. */
static int64_t find_mode_on(const bd_mapping *m, int64_t hay,
                            const uint8_t *needle, int64_t nlen) {
  int64_t start = 0, idx = -1;
  if (mml_fault_safe() != 1)
    return BENCH_SEARCH_FAILED;
  return mml_find(m->map, needle, nlen, &start, &hay, &idx) == 0
             ? idx
             : BENCH_SEARCH_FAILED;
}

static int64_t find_mode_off(const bd_mapping *m, int64_t hay,
                             const uint8_t *needle, int64_t nlen) {
  return mml_fault_safe() == 0 ? bench_naive_find(m->data, hay, needle, nlen)
                               : BENCH_SEARCH_FAILED;
}

/* The core-faultsafe rows of the quick grid: three find rows and three
 * move rows, every name outside the gate's `find/core/` and `move/core/`
 * rows, all correct; the mode is on during such a row and off again
 * after it (a row registered after one that turned it on sees it off). */
static int test_fault_safe_rows(const char *arg) {
  (void)arg;
  static const char *const want[] = {
      "find/core-faultsafe/random/miss/page:4k/hay:64/needle:16",
      "find/core-faultsafe/random/miss/page:4k/hay:4096/needle:16",
      "find/core-faultsafe/random/miss/page:4k/hay:1048576/needle:16",
      "find/core-faultsafe/random/miss/page:4k/hay:67108864/needle:16",
      "move/core-faultsafe/disjoint/page:4k/size:64",
      "move/core-faultsafe/disjoint/page:4k/size:65536",
      "move/core-faultsafe/disjoint/page:4k/size:16777216"};
  const bench_config quick = {
      BENCH_GRID_QUICK, (const bd_page_mode[]){PM_4K}, 1, NULL, 0, 0, 0};
  bench_search_case on = {0,     "mode-on", find_mode_on, BD_DATA_RANDOM, 1,
                          PM_4K, 1,         NULL};
  bench_search_case off = on;
  json_t *root, *b;
  size_t i, n = 0;
  off.impl = "mode-off", off.fn = find_mode_off, off.fault_safe = 0;
  bench_register_find(&quick);
  bench_register_move(&quick);
  bench_search_register(&on, 4096, 16);
  bench_search_register(&off, 4096, 16);
  root = bt_run_gbench("--benchmark_filter=^(find|move)/(core-faultsafe|"
                       "mode-on|mode-off)/");
  ASSERT_NOT_NULL(root);
  ASSERT_EQ(gb_error_count(), 0);
  json_array_foreach(json_object_get(root, "benchmarks"), i, b) {
    ASSERT(!bt_failed(b));
    n++;
  }
  ASSERT_EQ(n, 7 + 2);
  for (i = 0; i < sizeof want / sizeof *want; i++)
    ASSERT_NOT_NULL(bt_bench(root, want[i]));
  ASSERT_EQ(mml_fault_safe(), 0);
  json_decref(root);
  bd_cache_clear();
  gb_shutdown();
  return 0;
}

int main(int argc, char **argv) {
  static const bt_test tests[] = {{"data", test_data},
                                  {"modes", test_modes},
                                  {"errors", test_errors},
                                  {"fault-safe", test_fault_safe_rows}};
  return bt_main(argc, argv, tests, sizeof tests / sizeof tests[0], 0);
}
