/* bench_map.c - the pre-faulted data maps of find/rfind/move and their
 * cache, and the counts of runs not in their named state. How a map is
 * opened, advised and verified per page mode is per OS: bench_map_unix.c,
 * bench_map_windows.c. */
#include "bench_data.h"

#include <stdio.h>
#include <string.h>

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

int bd_cache_evict_lru(bd_page_mode mode) {
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

static int evict_one(void) { return bd_cache_evict_lru(PM_MODE_COUNT); }

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
