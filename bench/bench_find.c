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
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_families.h"
#include "bench_fs.h"
#include "bench_fsmap.h"
#include "bench_naive.h"
#include "bench_peers.h"
#include "gbench.h"
#include "ut_time.h"

#define NAIVE_PERIODIC_BUDGET ((int64_t)1 << 28)

/* ---- the implementations ------------------------------------------------ */

static int64_t core_find(const bd_mapping *m, int64_t hay,
                         const uint8_t *needle, int64_t nlen) {
  int64_t start = 0, idx = -1;
  int rc = mml_find(m->map, needle, nlen, &start, &hay, &idx);
  return rc == 0 ? idx : BENCH_SEARCH_FAILED;
}

static int64_t core_rfind(const bd_mapping *m, int64_t hay,
                          const uint8_t *needle, int64_t nlen) {
  int64_t start = 0, idx = -1;
  int rc = mml_rfind(m->map, needle, nlen, &start, &hay, &idx);
  return rc == 0 ? idx : BENCH_SEARCH_FAILED;
}

static int64_t glibc_find(const bd_mapping *m, int64_t hay,
                          const uint8_t *needle, int64_t nlen) {
  const uint8_t *p = memmem(m->data, (size_t)hay, needle, (size_t)nlen);
  return p != NULL ? (int64_t)(p - m->data) : -1;
}

static int64_t naive_find(const bd_mapping *m, int64_t hay,
                          const uint8_t *needle, int64_t nlen) {
  return bench_naive_find(m->data, hay, needle, nlen);
}

static int64_t naive_rfind(const bd_mapping *m, int64_t hay,
                           const uint8_t *needle, int64_t nlen) {
  return bench_naive_rfind(m->data, hay, needle, nlen);
}

/* ---- the benchmark ------------------------------------------------------ */

/* The timed loop; returns 0, or -1 after reporting a wrong result. Sets
 * the counter ns_per_call: the loop's wall-clock time per call (for the
 * small haystacks, where a rate says less than the cost of a call). */
static int search_loop(gb_state *st, const bench_search_case *c,
                       const bd_mapping *m, int64_t hay, const uint8_t *needle,
                       int64_t nlen, int64_t expect) {
  const double t0 = ut_now();
  while (gb_keep_running(st)) {
    int64_t got = c->fn(m, hay, needle, nlen);
    if (got != expect) {
      char msg[160];
      if (got == BENCH_SEARCH_FAILED)
        snprintf(msg, sizeof msg, "%s/%s: the call failed", c->impl,
                 c->reverse ? "rfind" : "find");
      else
        snprintf(msg, sizeof msg,
                 "%s/%s: wrong result: index %" PRId64 ", expected %" PRId64,
                 c->impl, c->reverse ? "rfind" : "find", got, expect);
      gb_skip_with_error(st, msg);
      return -1;
    }
  }
  if (gb_iterations(st) > 0)
    gb_set_counter(st, "ns_per_call",
                   (ut_now() - t0) * 1e9 / (double)gb_iterations(st),
                   GB_COUNTER_DEFAULT);
  return 0;
}

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

/* The data of bench/python/DATA.md: the cached map holds body(data, hay)
 * (the "miss" haystack); "end" writes S at the far end for the timed loop
 * and puts the body byte back afterwards. */
static void bm_search(gb_state *st, void *ctx) {
  const bench_search_case *c = ctx;
  const int64_t hay = gb_range(st, 0), nlen = gb_range(st, 1);
  uint8_t edit;
  const int64_t far = bd_end_edit(c->data, hay, nlen, c->reverse, &edit);
  const int64_t expect = bd_expected(hay, nlen, c->reverse, c->miss);
  const char *why = NULL;
  bd_mapping *m = c->fs ? bench_fsmap_cached(bench_fs_find(c->fs), &why)
                        : bd_cached(c->data, c->mode, hay, &why);
  uint8_t *needle = malloc((size_t)nlen), saved;
  if (m == NULL || needle == NULL) {
    if (m == NULL && c->fs != NULL)
      bench_fsmap_report(st, bench_fs_find(c->fs), why);
    else
      gb_skip_with_error(st, m == NULL ? why : "out of memory");
    free(needle);
    return;
  }
  if (c->fs ? !fs_warm(st, c->fs, m)
            : !bd_check_mode(st, c->mode, m->mode_ok, &m->verdict)) {
    free(needle);
    return;
  }
  if (mml_set_fault_safe(c->fault_safe) < 0) {
    gb_skip_with_error(st, "the fault-safe mode cannot be turned on");
    free(needle);
    return;
  }
  bd_needle(needle, m->data, hay, nlen, c->reverse, c->data);
  bench_peer_forget_needle(); /* a finder kept for the last needle is stale */
  saved = m->data[far];
  if (!c->miss)
    m->data[far] = edit;
  if (search_loop(st, c, m, hay, needle, nlen, expect) == 0)
    gb_set_bytes_processed(st, gb_iterations(st) * hay);
  mml_set_fault_safe(0);
  m->data[far] = saved;
  free(needle);
}

/* ---- registration ------------------------------------------------------- */

/* One Google Benchmark family per name (engine, data, where, page mode or
 * filesystem), its (hay, needle) rows added to it: Google Benchmark 1.7's
 * FindBenchmarks reserves its instance list anew for every family, which
 * is quadratic in the families (a family per row made listing the full
 * grid take 40 s). The case C is the same for every row of a name. NULL
 * only when out of memory (the row is then left out). */
static gb_bench *family_of(const char *name, const bench_search_case *c) {
  static const char *const argn[] = {"hay", "needle"};
  static struct {
    char *name;
    gb_bench *b;
  } * known;
  static size_t n, cap;
  gb_bench *b;
  for (size_t i = n; i-- > 0;) /* the latest first: rows come in runs */
    if (strcmp(known[i].name, name) == 0)
      return known[i].b;
  if (n == cap) {
    const size_t ncap = cap ? 2 * cap : 256;
    void *p = realloc(known, ncap * sizeof *known);
    if (p == NULL)
      return NULL;
    known = p, cap = ncap;
  }
  if ((known[n].name = strdup(name)) == NULL)
    return NULL;
  b = gb_register(name, bm_search, bench_keep(c, sizeof *c));
  gb_arg_names(b, argn, 2);
  known[n++].b = b;
  return b;
}

void bench_search_register(const bench_search_case *c, int64_t hay,
                           int64_t nlen) {
  const int64_t row[] = {hay, nlen};
  char name[160], full[200];
  gb_bench *b;
  snprintf(name, sizeof name, "%s/%s/%s/%s/%s:%s",
           c->reverse ? "rfind" : "find", c->impl, bd_data_name(c->data),
           c->miss ? "miss" : "end", c->fs ? "fs" : "page",
           c->fs ? c->fs : pm_mode_name(c->mode));
  snprintf(full, sizeof full, "%s/hay:%lld/needle:%lld", name, (long long)hay,
           (long long)nlen);
  /* Only what the filter selects is registered: Google Benchmark 1.7's
   * FindBenchmarks reserves its instance list anew for every family, which
   * is quadratic in the families (the full grid's 10,000 took 40 s to
   * list, each call, whatever the filter). The cached map grows to the
   * largest haystack that will run: a run of small ones prepares no
   * 64 MiB. */
  if (!gb_selected(full))
    return;
  if (c->fs == NULL)
    bd_cache_hint(c->data, c->mode, hay);
  b = family_of(name, c);
  if (b != NULL)
    gb_args(b, row, 2);
}

static const int64_t quick_hays[] = {64, 4096, 1 << 20, 64 << 20};
static const int64_t quick_needles[] = {2, 16, 256};
static const int64_t full_hays[] = {64,      1024,     4096,     64 << 10,
                                    1 << 20, 16 << 20, 64 << 20, 256 << 20};
static const int64_t full_needles[] = {1, 2, 4, 8, 16, 32, 64, 256, 1024, 4096};
/* The modes other than 4k run a smaller grid, enough to see the mode's
 * effect without multiplying the run time: quick one row, full these. */
static const int64_t quick_mode_hays[] = {64 << 20};
static const int64_t quick_mode_needles[] = {16};
static const int64_t full_mode_hays[] = {1 << 20, 64 << 20};
static const int64_t full_mode_needles[] = {2, 16, 256};
/* --search: the search grid alone (page mode 4k, needle absent). */
static const int64_t search_hays[] = {64, 1024, 1 << 20, 64 << 20};
static const int64_t search_needles[] = {2, 4, 8, 16, 32, 64, 256, 1024, 4096};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define GRID(h, n) (*hays = (h), *nh = COUNT(h), *needles = (n), *nn = COUNT(n))

/* The haystack and needle lists for MODE in CFG's grid. */
static void grid_of(const bench_config *cfg, bd_page_mode mode,
                    const int64_t **hays, size_t *nh, const int64_t **needles,
                    size_t *nn) {
  if (cfg->search)
    GRID(search_hays, search_needles);
  else if (cfg->grid == BENCH_GRID_FULL && mode == PM_4K)
    GRID(full_hays, full_needles);
  else if (cfg->grid == BENCH_GRID_FULL)
    GRID(full_mode_hays, full_mode_needles);
  else if (mode == PM_4K)
    GRID(quick_hays, quick_needles);
  else
    GRID(quick_mode_hays, quick_mode_needles);
}

/* The data kinds of MODE in CFG's grid, from BD_DATA_RANDOM to the one
 * returned: huge1g random data only (each data kind would take a whole
 * 1 GiB page, more than most machines can spare); the quick grid leaves
 * out dna and binary (the full grid and --search have them). */
static bd_data last_kind(const bench_config *cfg, bd_page_mode mode) {
  if (mode == PM_HUGE1G)
    return BD_DATA_RANDOM;
  if (cfg->grid == BENCH_GRID_QUICK && !cfg->search)
    return BD_DATA_PERIODIC_AB;
  return BD_DATA_BINARY;
}

typedef struct impl {
  const char *name;
  bench_search_fn fn;
  int fault_safe; /* 1: registered only where fault_safe_cell says */
  int miss_only;  /* 1: needle-absent haystacks only (the ceiling) */
} impl;

/* The cells that also run the core with its fault-safe mode on (impl
 * "core-faultsafe", right after "core"): random data, needle absent, 4 KiB
 * pages, needle 16, every haystack of the grid (quick: 3 rows). */
static int fault_safe_cell(bd_page_mode mode, bd_data data, int miss,
                           int64_t nlen) {
  return mode == PM_4K && data == BD_DATA_RANDOM && miss && nlen == 16;
}

/* 1 if --search runs impl I: every one but the naive reference and
 * core-faultsafe (the search grid compares the fastest engines). */
static int search_impl(const impl *i) {
  return !i->fault_safe && strcmp(i->name, "naive") != 0;
}

/* Registers one (mode, data, hay) group: the same haystack, so the cache
 * sets it up once; the implementations of one case run side by side. */
static void register_hay(const impl *impls, size_t nimpl, int reverse,
                         bd_page_mode mode, bd_data data, int64_t hay,
                         const bench_config *cfg) {
  const int64_t *hays, *needles;
  size_t nh, nn;
  grid_of(cfg, mode, &hays, &nh, &needles, &nn);
  for (int miss = cfg->search ? 1 : 0; miss < 2; miss++)
    for (size_t k = 0; k < nn && needles[k] <= hay; k++)
      for (size_t i = 0; i < nimpl; i++) {
        bench_search_case c;
        if (cfg->search && !search_impl(&impls[i]))
          continue;
        c.reverse = reverse, c.impl = impls[i].name, c.fn = impls[i].fn;
        c.data = data, c.miss = miss, c.mode = mode;
        c.fault_safe = impls[i].fault_safe;
        c.fs = NULL;
        if (c.fault_safe && !fault_safe_cell(mode, data, miss, needles[k]))
          continue;
        if (impls[i].miss_only && !miss)
          continue;
        if (data == BD_DATA_PERIODIC_AB && needles[k] < 2)
          continue; /* a one-byte needle cannot carry a defect */
        if (impls[i].fn == naive_find || impls[i].fn == naive_rfind)
          if ((data == BD_DATA_PERIODIC || data == BD_DATA_PERIODIC_AB) &&
              hay * needles[k] > NAIVE_PERIODIC_BUDGET)
            continue;
        bench_search_register(&c, hay, needles[k]);
      }
}

static void register_family(const impl *impls, size_t nimpl, int reverse,
                            const bench_config *cfg) {
  /* the page matrix has only the per-filesystem rows */
  for (size_t m = 0; m < cfg->nmodes && !cfg->pages; m++) {
    const int64_t *hays, *needles;
    size_t nh, nn;
    if (cfg->search && cfg->modes[m] != PM_4K)
      continue; /* --search: page mode 4k alone */
    grid_of(cfg, cfg->modes[m], &hays, &nh, &needles, &nn);
    const bd_data last = last_kind(cfg, cfg->modes[m]);
    for (int d = BD_DATA_RANDOM; d <= (int)last; d++)
      for (size_t h = 0; h < nh; h++)
        register_hay(impls, nimpl, reverse, cfg->modes[m], (bd_data)d, hays[h],
                     cfg);
  }
}

int bench_family_in_search(const char *name) {
  return strcmp(name, "find") == 0 || strcmp(name, "rfind") == 0;
}

int bench_family_in_pages(const char *name) {
  static const char *const names[] = {"fault", "filemap", "granularity", "find",
                                      "rfind"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0)
      return 1;
  return 0;
}

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
  static const impl impls[] = {
    {"core", core_find, 0, 0},
    {"core-faultsafe", core_find, 1, 0},
    {"glibc", glibc_find, 0, 0},
#if MMAPLAB_HAVE_STRINGZILLA
    {"stringzilla", bench_peers_sz_find, 0, 0},
#endif
#if MMAPLAB_HAVE_RUST_MEMCHR
    {"rust-memchr", bench_peers_rmemchr_find, 0, 0},
#endif
    {"ceiling", bench_peers_ceiling_find, 0, 1},
    {"naive", naive_find, 0, 0}
  };
  register_family(impls, sizeof impls / sizeof impls[0], 0, cfg);
  register_fs_rows(core_find, 0, cfg);
}

void bench_register_rfind(const bench_config *cfg) {
  static const impl impls[] = {
    {"core", core_rfind, 0, 0},
#if MMAPLAB_HAVE_STRINGZILLA
    {"stringzilla", bench_peers_sz_rfind, 0, 0},
#endif
#if MMAPLAB_HAVE_RUST_MEMCHR
    {"rust-memchr", bench_peers_rmemchr_rfind, 0, 0},
#endif
    {"ceiling", bench_peers_ceiling_rfind, 0, 1},
    {"naive", naive_rfind, 0, 0}
  };
  register_family(impls, sizeof impls / sizeof impls[0], 1, cfg);
  register_fs_rows(core_rfind, 1, cfg);
}
