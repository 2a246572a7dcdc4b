/* bench_search.c - the find and rfind benchmark itself, shared by every
 * OS's bench: the core's and the naive searches, the timed loop, the
 * registration of one row and of the grids (bench_families.h). Which
 * implementations run and where the haystack lives are per OS:
 * bench_find.c (Linux: glibc, the comparators, the per-filesystem rows),
 * bench_find_windows.c. The grids are bench_find.c's header comment. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_families.h"
#include "bench_naive.h"
#include "gbench.h"
#include "ut_time.h"

#define NAIVE_PERIODIC_BUDGET ((int64_t)1 << 28)

/* ---- the implementations ------------------------------------------------ */

int64_t bench_search_core_find(const bd_mapping *m, int64_t hay,
                               const uint8_t *needle, int64_t nlen) {
  int64_t start = 0, idx = -1;
  int rc = mml_find(m->map, needle, nlen, &start, &hay, &idx);
  return rc == 0 ? idx : BENCH_SEARCH_FAILED;
}

int64_t bench_search_core_rfind(const bd_mapping *m, int64_t hay,
                                const uint8_t *needle, int64_t nlen) {
  int64_t start = 0, idx = -1;
  int rc = mml_rfind(m->map, needle, nlen, &start, &hay, &idx);
  return rc == 0 ? idx : BENCH_SEARCH_FAILED;
}

int64_t bench_search_naive_find(const bd_mapping *m, int64_t hay,
                                const uint8_t *needle, int64_t nlen) {
  return bench_naive_find(m->data, hay, needle, nlen);
}

int64_t bench_search_naive_rfind(const bd_mapping *m, int64_t hay,
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

/* The data of bench/python/DATA.md: the haystack (bench_search_haystack)
 * holds body(data, hay) (the "miss" haystack); "end" writes S at the far
 * end for the timed loop and puts the body byte back afterwards. */
static void bm_search(gb_state *st, void *ctx) {
  const bench_search_case *c = ctx;
  const int64_t hay = gb_range(st, 0), nlen = gb_range(st, 1);
  uint8_t edit;
  const int64_t far = bd_end_edit(c->data, hay, nlen, c->reverse, &edit);
  const int64_t expect = bd_expected(hay, nlen, c->reverse, c->miss);
  bd_mapping *m = bench_search_haystack(st, c, hay);
  uint8_t *needle, saved;
  if (m == NULL)
    return;
  if ((needle = malloc((size_t)nlen)) == NULL) {
    gb_skip_with_error(st, "out of memory");
    return;
  }
  if (mml_set_fault_safe(c->fault_safe) < 0) {
    gb_skip_with_error(st, "the fault-safe mode cannot be turned on");
    free(needle);
    return;
  }
  bd_needle(needle, m->data, hay, nlen, c->reverse, c->data);
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
  if ((known[n].name = malloc(strlen(name) + 1)) == NULL)
    return NULL;
  memcpy(known[n].name, name, strlen(name) + 1);
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

/* The cells that also run the core with its fault-safe mode on (impl
 * "core-faultsafe", right after "core"): random data, needle absent, 4 KiB
 * pages, needle 16, every haystack of the grid (quick: 3 rows). */
static int fault_safe_cell(bd_page_mode mode, bd_data data, int miss,
                           int64_t nlen) {
  return mode == PM_4K && data == BD_DATA_RANDOM && miss && nlen == 16;
}

/* 1 if --search runs impl I: every one but the naive reference and
 * core-faultsafe (the search grid compares the fastest engines). */
static int search_impl(const bench_search_impl *i) {
  return !i->fault_safe && strcmp(i->name, "naive") != 0;
}

/* Registers one (mode, data, hay) group: the same haystack, so the cache
 * sets it up once; the implementations of one case run side by side. */
static void register_hay(const bench_search_impl *impls, size_t nimpl,
                         int reverse, bd_page_mode mode, bd_data data,
                         int64_t hay, const bench_config *cfg) {
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
        if (impls[i].fn == bench_search_naive_find ||
            impls[i].fn == bench_search_naive_rfind)
          if ((data == BD_DATA_PERIODIC || data == BD_DATA_PERIODIC_AB) &&
              hay * needles[k] > NAIVE_PERIODIC_BUDGET)
            continue;
        bench_search_register(&c, hay, needles[k]);
      }
}

void bench_search_register_grid(const bench_search_impl *impls, size_t nimpl,
                                int reverse, const bench_config *cfg) {
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
