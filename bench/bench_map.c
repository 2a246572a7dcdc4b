/* bench_map.c - core mappings by page mode (open, advise, verify), the
 * pre-faulted data maps of find/rfind/move, and their cache. */
#define _GNU_SOURCE /* MAP_HUGETLB, MAP_HUGE_* */
#include "bench_data.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* MAP_HUGE_SHIFT (26) encodes log2 of the hugetlb page size in the flags;
 * older headers lack the named constants. */
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << 26)
#endif
#ifndef MAP_HUGE_1GB
#define MAP_HUGE_1GB (30 << 26)
#endif

int64_t bd_mode_length(bd_page_mode mode, int64_t len) {
  const int64_t page = mode == PM_4K ? 1 : (int64_t)pm_mode_size(mode);
  if (page <= 1 || len > INT64_MAX - page)
    return len;
  return (len + page - 1) / page * page;
}

/* The core's value of the constant NAME, or FALLBACK when the core (like
 * CPython) does not export it. */
static int64_t constant_or(const char *name, int64_t fallback) {
  int64_t v;
  return mml_constant_value(name, &v) ? v : fallback;
}

void bd_advise_mode(mml_map *m, bd_page_mode mode) {
  int64_t opt = -1;
  /* MADV_NOHUGEPAGE/MADV_HUGEPAGE exist only where the kernel was built
   * with THP; without them base pages are all there is, so absence or
   * EINVAL is not an error (bd_verify says what took effect). */
  if (mode == PM_4K)
    opt = constant_or("MADV_NOHUGEPAGE", -1);
  else if (mode == PM_THP || pm_mode_is_mthp(mode))
    opt = constant_or("MADV_HUGEPAGE", -1);
  if (opt >= 0)
    (void)mml_madvise(m, opt, 0, NULL);
}

static int evict_one_of(bd_page_mode mode);

int bd_open_anon(mml_map **out, bd_page_mode mode, int64_t len, int shared,
                 int64_t extra_flags, const char **why) {
  mml_open_args a;
  mml_open_args_init(&a);
  a.length = bd_mode_length(mode, len);
  a.flags = (shared ? constant_or("MAP_SHARED", MAP_SHARED)
                    : constant_or("MAP_PRIVATE", MAP_PRIVATE)) |
            extra_flags;
  /* hugetlb: the core hands flags to mmap(2) as CPython does, so
   * MAP_HUGETLB (not one of CPython's constants) is given by value. */
  if (mode == PM_HUGE2M)
    a.flags |= MAP_HUGETLB | MAP_HUGE_2MB;
  else if (mode == PM_HUGE1G)
    a.flags |= MAP_HUGETLB | MAP_HUGE_1GB;
  /* A hugetlb pool can be too small for this map and every cached one at
   * once: give back cached maps of the mode, least recently used first. */
  int rc;
  while ((rc = mml_open(out, &a)) != 0) {
    static char msg[160]; /* the benchmarks run on one thread */
    if ((mode == PM_HUGE2M || mode == PM_HUGE1G) && evict_one_of(mode) >= 0)
      continue;
    snprintf(
        msg, sizeof msg, "mml_open of %s map failed: %s%s",
        mode == PM_HUGE2M || mode == PM_HUGE1G ? "a hugetlb" : "an anonymous",
        mml_strerror(rc),
        (mode == PM_HUGE2M || mode == PM_HUGE1G) && mml_err_errno(rc) == ENOMEM
            ? " (too few free pages in the pool? see --reserve-hugetlb)"
            : "");
    *why = msg;
    return -1;
  }
  bd_advise_mode(*out, mode);
  return 0;
}

int bd_verify(bd_page_mode mode, const void *p, int64_t len, pm_verdict *v) {
  if (pm_verify(mode, p, (size_t)len, v) != 0)
    return -1;
  return v->fraction >= PM_VERIFY_MIN;
}

static size_t fallbacks;

int bd_check_mode(gb_state *st, bd_page_mode mode, int ok,
                  const pm_verdict *v) {
  char msg[160];
  if (ok == 1) {
    gb_set_counter(st, "page_backed", v->fraction, GB_COUNTER_DEFAULT);
    return 1;
  }
  snprintf(msg, sizeof msg,
           "page mode %s not obtained: %.0f%% of the range backed (%s)",
           pm_mode_name(mode), 100.0 * v->fraction, v->label);
  gb_skip_with_error(st, msg);
  fallbacks++;
  return 0;
}

void bd_report_mode_not_obtained(gb_state *st, bd_page_mode mode,
                                 const char *why) {
  char msg[300];
  snprintf(msg, sizeof msg, "page mode %s not obtained: %s", pm_mode_name(mode),
           why);
  bd_report_not_obtained(st, msg);
}

size_t bd_fallback_count(void) { return fallbacks; }

void bd_report_not_obtained(gb_state *st, const char *msg) {
  gb_skip_with_error(st, msg);
  fallbacks++;
}

static size_t unavailables;

void bd_report_unavailable(gb_state *st, const char *what) {
  char msg[200];
  snprintf(msg, sizeof msg, "unavailable: %s", what);
  gb_skip_with_error(st, msg);
  unavailables++;
}

size_t bd_unavailable_count(void) { return unavailables; }

/* ---- pre-faulted data maps ---------------------------------------------- */

void bd_prefault(uint8_t *p, int64_t len) {
  volatile uint8_t *v = p;
  for (int64_t i = 0; i < len; i += 4096)
    v[i] = v[i];
}

int bd_map(bd_mapping *out, bd_page_mode mode, int64_t len, const char **why) {
  int readonly = 0;
  memset(out, 0, sizeof *out);
  if (bd_open_anon(&out->map, mode, len, 0, 0, why) != 0)
    return -1;
  if (mml_buffer_export(out->map, &out->data, &out->len, &readonly) != 0) {
    mml_destroy(out->map);
    out->map = NULL;
    *why = "mml_buffer_export failed";
    return -1;
  }
  out->mode = mode;
  bd_prefault(out->data, out->len);
  out->mode_ok = bd_verify(mode, out->data, out->len, &out->verdict);
  return 0;
}

void bd_unmap(bd_mapping *m) {
  if (m->map != NULL) {
    (void)mml_buffer_release(m->map);
    mml_destroy(m->map);
  }
  memset(m, 0, sizeof *m);
}

/* ---- the cache ---------------------------------------------------------- */

/* Maps of one data kind and page mode are shared by every benchmark that
 * needs at most their length (a haystack is a prefix of the body), so with
 * hints each (kind, mode) is set up once, whatever the run order. */
#define CACHE_SLOTS 48
#define CACHE_BYTES ((int64_t)6 << 30)
#define DATA_KINDS BD_DATA_COUNT

typedef struct slot {
  bd_mapping m;
  bd_data kind;
  uint64_t used; /* clock of the last use; 0: free */
} slot;

static slot cache[CACHE_SLOTS];
static uint64_t cache_clock;
static int64_t hints[DATA_KINDS][PM_MODE_COUNT];

void bd_cache_hint(bd_data kind, bd_page_mode mode, int64_t len) {
  if (len > hints[kind][mode])
    hints[kind][mode] = len;
}

static int64_t cache_bytes(void) {
  int64_t n = 0;
  for (int i = 0; i < CACHE_SLOTS; i++)
    n += cache[i].used ? cache[i].m.len : 0;
  return n;
}

/* Frees the least recently used slot of MODE (any mode if MODE is
 * PM_MODE_COUNT); returns its index, -1 if none. */
static int evict_one_of(bd_page_mode mode) {
  int lru = -1;
  for (int i = 0; i < CACHE_SLOTS; i++)
    if (cache[i].used && (mode == PM_MODE_COUNT || cache[i].m.mode == mode) &&
        (lru < 0 || cache[i].used < cache[lru].used))
      lru = i;
  if (lru >= 0) {
    bd_unmap(&cache[lru].m);
    cache[lru].used = 0;
  }
  return lru;
}

static int evict_one(void) { return evict_one_of(PM_MODE_COUNT); }

static int free_slot(int64_t len) {
  while (cache_bytes() + len > CACHE_BYTES && evict_one() >= 0)
    ;
  for (int i = 0; i < CACHE_SLOTS; i++)
    if (!cache[i].used)
      return i;
  return evict_one();
}

bd_mapping *bd_cached(bd_data kind, bd_page_mode mode, int64_t len,
                      const char **why) {
  const int64_t want = len > hints[kind][mode] ? len : hints[kind][mode];
  int i;
  for (i = 0; i < CACHE_SLOTS; i++) {
    slot *s = &cache[i];
    if (s->used && s->kind == kind && s->m.mode == mode && s->m.len >= len) {
      s->used = ++cache_clock;
      return &s->m;
    }
  }
  i = free_slot(want);
  /* A hugetlb pool may be too small for everything cached at once: give
   * back the least recently used maps until this one fits. */
  while (bd_map(&cache[i].m, mode, want, why) != 0)
    if (evict_one() < 0)
      return NULL;
  {
    const uint8_t *ref = bd_pristine(kind, cache[i].m.len);
    if (ref != NULL) /* a copy is ~10x faster than generating again */
      memcpy(cache[i].m.data, ref, (size_t)cache[i].m.len);
    else
      bd_fill(cache[i].m.data, cache[i].m.len, kind);
  }
  cache[i].kind = kind;
  cache[i].used = ++cache_clock;
  return &cache[i].m;
}

void bd_cache_clear(void) {
  while (evict_one() >= 0)
    ;
  bd_pristine_free();
}
