/* bench_find.c - families find and rfind: the core's mml_find/mml_rfind on
 * a pre-faulted anonymous map, glibc's memmem (find only: libc has no
 * reverse substring search), the comparators of bench_peers.h (StringZilla
 * and Rust memchr where built, and the read ceiling, needle-absent rows
 * only) and the naive reference (and, for random data,
 * needle 16 absent, 4 KiB pages, the core's find with its fault-safe mode
 * on: core-faultsafe, every haystack), over
 *   quick: hay 64 B, 4 KiB, 1 MiB, 64 MiB; needle 2, 16, 256
 *   full:  hay 64 B, 1 KiB, 4 KiB, 64 KiB, 1 MiB, 16 MiB, 64 MiB, 256 MiB;
 *          needle 1, 2, 4, 8, 16, 32, 64, 256, 1024, 4096
 * in page mode 4k, and a smaller grid in the other modes (quick: hay 64 MiB,
 * needle 16; full: hay 1 MiB, 64 MiB, needle 2, 16, 256), in huge1g on
 * random data only
 * times data (random, text, periodic, periodic-ab; full also dna, binary),
 * where (end, miss) and page mode;
 * haystacks, needles and expected indices are bench/python/DATA.md's, the
 * same bytes the CPython side searches. Per filesystem of bench_fs.h's list,
 * the core on random data, needle 16 absent, the haystack a file map on
 * that filesystem, warm (bench_fsmap.h):
 *   find/core/random/miss/fs:<fs>/hay:<n>/needle:16
 * quick: hay 1 MiB; full: 1 MiB and 64 MiB. Left out: needle > hay, and the
 * naive search on periodic data beyond hay * needle = 2^28 byte compares (its
 * O(n*m) worst case would take minutes per iteration).
 * --search (bench_config's search) registers the search grid alone: every
 * data kind, hay 64 B, 1 KiB, 1 MiB, 64 MiB, needle 2 to 4096 (not over the
 * hay), miss, page mode 4k, every engine but naive and core-faultsafe.
 * Every row sets the counter ns_per_call (the timed loop's time per call). */
#define _GNU_SOURCE /* memmem is a GNU extension of libc */
#include <stdio.h>
#include <string.h>

#include "bench_families.h"
#include "bench_fs.h"
#include "bench_fsmap.h"
#include "bench_peers.h"
#include "gbench.h"

/* ---- the implementations beyond bench_search.c's ------------------------ */

static int64_t glibc_find(const bd_mapping *m, int64_t hay,
                          const uint8_t *needle, int64_t nlen) {
  const uint8_t *p = memmem(m->data, (size_t)hay, needle, (size_t)nlen);
  return p != NULL ? (int64_t)(p - m->data) : -1;
}

/* ---- the haystack ------------------------------------------------------- */

/* A per-filesystem haystack must be resident (bench_fsmap.h), else the
 * run is an error entry, not a time under fs:NAME; 1 if it is. */
static int fs_warm(gb_state *st, const char *fs, const bd_mapping *m) {
  char msg[160];
  if (m->mode_ok)
    return 1;
  snprintf(msg, sizeof msg,
           "the test file on fs:%s is not warm: %.0f%% of its pages resident",
           fs, 100.0 * (m->verdict.fraction < 0 ? 0 : m->verdict.fraction));
  bd_report_unavailable(st, msg);
  return 0;
}

/* An anonymous map in the case's page mode, or a filesystem's test file
 * mapped warm (bench_fsmap.h). */
bd_mapping *bench_search_haystack(gb_state *st, const bench_search_case *c,
                                  int64_t hay) {
  const char *why = NULL;
  bd_mapping *m = c->fs ? bench_fsmap_cached(bench_fs_find(c->fs), &why)
                        : bd_cached(c->data, c->mode, hay, &why);
  if (m == NULL && c->fs != NULL)
    bench_fsmap_report(st, bench_fs_find(c->fs), why);
  else if (m == NULL)
    gb_skip_with_error(st, why);
  if (m == NULL ||
      !(c->fs ? fs_warm(st, c->fs, m)
              : bd_check_mode(st, c->mode, m->mode_ok, &m->verdict)))
    return NULL;
  bench_peer_forget_needle(); /* a finder kept for the last needle is stale */
  return m;
}

/* ---- registration ------------------------------------------------------- */

/* The per-filesystem rows: the core alone, random data, needle absent
 * (the whole haystack is scanned), on the test file of each filesystem of
 * the list (quick: hay 1 MiB; full: 1 MiB and 64 MiB; needle 16). */
static void register_fs_rows(bench_search_fn fn, int reverse,
                             const bench_config *cfg) {
  static const int64_t hays[] = {1 << 20, BENCH_FSMAP_FILE};
  const size_t nh = cfg->search ? 0 /* anonymous maps only */
                    : cfg->grid == BENCH_GRID_QUICK ? 1
                                                    : 2;
  for (size_t f = 0; f < bench_fs_count(); f++)
    for (size_t h = 0; h < nh; h++) {
      bench_search_case c = {reverse, "core", fn, BD_DATA_RANDOM,
                             1,       PM_4K,  0,  bench_fs_at(f)->name};
      bench_search_register(&c, hays[h], 16);
    }
}

/* The comparators (bench_peers.h): StringZilla and Rust memchr where this
 * build has them (the run's context, mmaplab_search_peers, says why one is
 * missing), and the read ceiling on needle-absent haystacks. */
void bench_register_find(const bench_config *cfg) {
  static const bench_search_impl impls[] = {
    {"core", bench_search_core_find, 0, 0},
    {"core-faultsafe", bench_search_core_find, 1, 0},
    {"glibc", glibc_find, 0, 0},
#if MMAPLAB_HAVE_STRINGZILLA
    {"stringzilla", bench_peers_sz_find, 0, 0},
#endif
#if MMAPLAB_HAVE_RUST_MEMCHR
    {"rust-memchr", bench_peers_rmemchr_find, 0, 0},
#endif
    {"ceiling", bench_peers_ceiling_find, 0, 1},
    {"naive", bench_search_naive_find, 0, 0}
  };
  bench_search_register_grid(impls, sizeof impls / sizeof impls[0], 0, cfg);
  register_fs_rows(bench_search_core_find, 0, cfg);
}

void bench_register_rfind(const bench_config *cfg) {
  static const bench_search_impl impls[] = {
    {"core", bench_search_core_rfind, 0, 0},
#if MMAPLAB_HAVE_STRINGZILLA
    {"stringzilla", bench_peers_sz_rfind, 0, 0},
#endif
#if MMAPLAB_HAVE_RUST_MEMCHR
    {"rust-memchr", bench_peers_rmemchr_rfind, 0, 0},
#endif
    {"ceiling", bench_peers_ceiling_rfind, 0, 1},
    {"naive", bench_search_naive_rfind, 0, 0}
  };
  bench_search_register_grid(impls, sizeof impls / sizeof impls[0], 1, cfg);
  register_fs_rows(bench_search_core_rfind, 1, cfg);
}
