/* bench_test_peers.c - the comparator rows of find and rfind
 * (bench_peers.h), for the engines this build has
 * (bench_peers_config.h):
 *
 *   bench_test_peers engines PROGRAM  StringZilla's and Rust memchr's
 *       find/rfind agree with the naive search on found, absent, edge and
 *       overlapping needles; a kept Rust finder is dropped by
 *       bench_peer_forget_needle; the ceiling byte is in no body and the
 *       ceiling returns -1 on every kind's body (PROGRAM unused)
 *   bench_test_peers needle-hook PROGRAM  every run of a search row
 *       starts with no Rust finder kept (PROGRAM unused)
 *   bench_test_peers rows PROGRAM     mmaplab-bench runs small find and
 *       rfind cells per comparator (random and text data, needle absent,
 *       and found at the far end for StringZilla and Rust memchr) without
 *       error, with times and rates; an engine not built has no rows and the
 * context (mmaplab_search_peers) gives its reason
 */
#define _GNU_SOURCE /* asprintf */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_naive.h"
#include "bench_peers.h"
#include "bench_test_util.h"
#include "ut_spawn.h"

#define MIB 1048576

typedef int64_t (*plain_fn)(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);

/* FN agrees with REF on HAY[0, HLEN) for needles cut from it at several
 * places and lengths, and for each of them with one byte changed. */
static void check_engine(const char *name, plain_fn fn, plain_fn ref,
                         const uint8_t *hay, int64_t hlen) {
  static const int64_t lens[] = {1, 2, 3, 4, 8, 16, 17, 32, 64, 255, 1024};
  uint8_t needle[1024];
  for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
    const int64_t nlen = lens[k];
    for (int64_t at = 0; at + nlen <= hlen; at += hlen / 7 + 1) {
      for (int flip = 0; flip < 2; flip++) {
        memcpy(needle, hay + at, (size_t)nlen);
        if (flip)
          needle[nlen / 2] ^= 0x80;
        bench_peer_forget_needle(); /* the bytes at NEEDLE changed */
        const int64_t want = ref(hay, hlen, needle, nlen);
        const int64_t got = fn(hay, hlen, needle, nlen);
        if (got != want)
          fprintf(stderr, "%s: needle %lld at %lld flip %d: %lld, want %lld\n",
                  name, (long long)nlen, (long long)at, flip, (long long)got,
                  (long long)want);
        ASSERT_EQ(got, want);
      }
    }
    memcpy(needle, hay + hlen - nlen, (size_t)nlen); /* the far end */
    bench_peer_forget_needle();
    ASSERT_EQ(fn(hay, hlen, needle, nlen), ref(hay, hlen, needle, nlen));
    bench_peer_forget_needle();
    /* the whole haystack as the needle */
    ASSERT_EQ(fn(hay, nlen, needle, nlen), ref(hay, nlen, needle, nlen));
  }
}

static int test_engines(const char *arg) {
  (void)arg;
  enum { HLEN = 5000 };
  uint8_t *hay = malloc(HLEN);
  ASSERT_NOT_NULL(hay);
  /* a small alphabet, so needles recur: first and last differ */
  for (int64_t i = 0; i < HLEN; i++)
    hay[i] = (uint8_t)("abcab"[(i * 7 + i / 13) % 5]);
  int engines = 0;
#if MMAPLAB_HAVE_STRINGZILLA
  check_engine("stringzilla find", bench_peer_sz_find, bench_naive_find, hay,
               HLEN);
  check_engine("stringzilla rfind", bench_peer_sz_rfind, bench_naive_rfind, hay,
               HLEN);
  engines++;
#endif
#if MMAPLAB_HAVE_RUST_MEMCHR
  check_engine("rust-memchr find", bench_peer_rmemchr_find, bench_naive_find,
               hay, HLEN);
  check_engine("rust-memchr rfind", bench_peer_rmemchr_rfind, bench_naive_rfind,
               hay, HLEN);
  { /* a finder is kept per needle address until forgotten */
    uint8_t needle[4];
    memcpy(needle, hay + 100, 4);
    bench_peer_forget_needle();
    const int64_t first = bench_peer_rmemchr_find(hay, HLEN, needle, 4);
    ASSERT_EQ(first, bench_naive_find(hay, HLEN, needle, 4));
    memcpy(needle, "zzzz", 4); /* absent, same address */
    bench_peer_forget_needle();
    ASSERT_EQ(bench_peer_rmemchr_find(hay, HLEN, needle, 4), -1);
    ASSERT_EQ(bench_peer_rmemchr_rfind(hay, HLEN, needle, 4), -1);
  }
  engines++;
#endif
  /* the ceiling: its byte is in no body, so it scans all and finds none */
  uint8_t *body = malloc(MIB);
  ASSERT_NOT_NULL(body);
  for (int d = 0; d < BD_DATA_COUNT; d++) {
    bd_mapping m = {0};
    bd_fill(body, MIB, (bd_data)d);
    m.data = body;
    ASSERT_NULL(memchr(body, BENCH_CEILING_BYTE, MIB));
    ASSERT_EQ(bench_peers_ceiling_find(&m, MIB, NULL, 0), -1);
    ASSERT_EQ(bench_peers_ceiling_rfind(&m, MIB, NULL, 0), -1);
    body[777] = body[MIB - 777] = BENCH_CEILING_BYTE; /* and it is checked */
    ASSERT_EQ(bench_peers_ceiling_find(&m, MIB, NULL, 0), 777);
    ASSERT_EQ(bench_peers_ceiling_rfind(&m, MIB, NULL, 0), MIB - 777);
  }
  printf("engines checked: %d of 2, and the ceiling\n", engines);
  free(body);
  free(hay);
  return 0;
}

/* The forget counts (bench_peer_forget_count) seen by hook_find, each
 * time it changed. */
static unsigned long seen[64];
static size_t nseen;

static int64_t hook_find(const bd_mapping *m, int64_t hay,
                         const uint8_t *needle, int64_t nlen) {
  const unsigned long c = bench_peer_forget_count();
  if ((nseen == 0 || seen[nseen - 1] != c) && nseen < 64)
    seen[nseen++] = c;
  return bench_naive_find(m->data, hay, needle, nlen);
}

/* Every run of a search row starts with no Rust finder kept: the family
 * calls bench_peer_forget_needle once it has made the row's needle (a
 * finder kept from another row's needle at the same address would
 * search for the wrong bytes, unseen on a needle-absent row). Three rows,
 * so at least three counts. */
static int test_needle_hook(const char *arg) {
  (void)arg;
  bench_search_case c = {0, "hook", hook_find, BD_DATA_RANDOM,
                         1, PM_4K,  0,         NULL};
  bench_search_register(&c, 4096, 16);
  c.data = BD_DATA_TEXT;
  bench_search_register(&c, 4096, 16);
  c.miss = 0;
  bench_search_register(&c, 4096, 16);
  json_t *root = bt_run_gbench(NULL);
  ASSERT_NOT_NULL(root);
  bt_ran(root, "find/hook/random/miss/page:4k/hay:4096/needle:16");
  bt_ran(root, "find/hook/text/miss/page:4k/hay:4096/needle:16");
  bt_ran(root, "find/hook/text/end/page:4k/hay:4096/needle:16");
  ASSERT_GE(nseen, 3);
  json_decref(root);
  return 0;
}

/* The rows of one comparator on random and text data: present, run, with
 * a time and a rate, if BUILT; absent otherwise. Text's rows run after
 * random's with a needle of the same length, likely at the same address
 * (malloc reuses it): a Rust finder kept from random's needle would miss
 * text's "end" needle, an error row. */
static void check_rows(const json_t *root, const char *impl, int built,
                       int rfind_too, int end_rows) {
  static const char *const fams[] = {"find", "rfind"};
  static const char *const wheres[] = {"miss", "end"};
  static const char *const kinds[] = {"random", "text"};
  for (int f = 0; f < 1 + rfind_too; f++)
    for (int w = 0; w < 1 + end_rows; w++)
      for (int d = 0; d < 2; d++) {
        char *name;
        ASSERT_GT(asprintf(&name, "%s/%s/%s/%s/page:4k/hay:4096/needle:16",
                           fams[f], impl, kinds[d], wheres[w]),
                  0);
        if (built) {
          json_t *b = bt_ran(root, name);
          ASSERT_DBL(bt_num(b, "real_time"), >, 0);
          ASSERT_DBL(bt_num(b, "bytes_per_second"), >, 0);
          ASSERT_DBL(bt_num(b, "iterations"), >, 0);
        } else {
          ASSERT_NULL(bt_bench(root, name));
        }
        free(name);
      }
  /* the ceiling has no "end" row: its byte may be an end haystack's S */
  if (!end_rows) {
    char *name;
    ASSERT_GT(
        asprintf(&name, "find/%s/random/end/page:4k/hay:4096/needle:16", impl),
        0);
    ASSERT_NULL(bt_bench(root, name));
    free(name);
  }
}

/* PEERS[KEY] says built as BUILT, with the reason SKIP when not. */
static void check_context(const json_t *peers, const char *key, int built,
                          const char *skip) {
  const json_t *p = json_object_get(peers, key);
  ASSERT_NOT_NULL(p);
  ASSERT_EQ(json_is_true(json_object_get(p, "built")), built);
  if (!built)
    ASSERT_STR_EQ(bt_str(p, "reason"), skip);
}

static int test_rows(const char *prog) {
  char dir[] = "/tmp/mmaplab-bench-peers-XXXXXX";
  char *out, *flag;
  ASSERT_NOT_NULL(mkdtemp(dir));
  ASSERT_GT(asprintf(&out, "%s/out.json", dir), 0);
  ASSERT_GT(asprintf(&flag, "--benchmark_out=%s", out), 0);
  char *const argv[] = {
      (char *)prog,
      "--keep-aslr",
      "--page-modes=4k",
      "--benchmark_filter=^r?find/(stringzilla|rust-memchr|ceiling)/"
      "(random|text)/(miss|end)/page:4k/hay:4096/needle:16$",
      "--benchmark_min_time=0.001",
      "--benchmark_out_format=json",
      flag,
      NULL};
  ut_spawn_opts o = {0};
  o.argv = argv;
  o.out_path = "/dev/null";
  ASSERT_EQ(ut_spawn(&o), 0);
  json_error_t err;
  json_t *root = json_load_file(out, 0, &err);
  ASSERT_NOT_NULL(root);
  check_rows(root, "stringzilla", MMAPLAB_HAVE_STRINGZILLA, 1, 1);
  check_rows(root, "rust-memchr", MMAPLAB_HAVE_RUST_MEMCHR, 1, 1);
  check_rows(root, "ceiling", 1, 1, 0);
  json_t *peers = json_loads(
      bt_str(json_object_get(root, "context"), "mmaplab_search_peers"), 0,
      &err);
  ASSERT_NOT_NULL(peers);
  check_context(peers, "stringzilla", MMAPLAB_HAVE_STRINGZILLA,
                MMAPLAB_STRINGZILLA_SKIP);
  check_context(peers, "rust-memchr", MMAPLAB_HAVE_RUST_MEMCHR,
                MMAPLAB_RUST_MEMCHR_SKIP);
  check_context(peers, "ceiling", 1, "");
#if MMAPLAB_HAVE_STRINGZILLA
  ASSERT_STR_EQ(bt_str(json_object_get(peers, "stringzilla"), "backend"),
                bench_peer_sz_backend());
#endif
  json_decref(peers);
  json_decref(root);
  unlink(out);
  rmdir(dir);
  free(out);
  free(flag);
  return 0;
}

int main(int argc, char **argv) {
  static const bt_test tests[] = {{"engines", test_engines},
                                  {"needle-hook", test_needle_hook},
                                  {"rows", test_rows}};
  return bt_main(argc, argv, tests, sizeof tests / sizeof tests[0], 1);
}
