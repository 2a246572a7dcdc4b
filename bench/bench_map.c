/* bench_map.c - pre-faulted core mappings by page mode, and their cache. */
#include "bench_data.h"

#include <string.h>

static const char *const mode_names[BD_PAGE_MODE_COUNT] = {"4k"};

const char *bd_page_mode_name(bd_page_mode mode) { return mode_names[mode]; }

/* A private anonymous core map of LEN bytes with EXTRA_FLAGS added. */
static int open_anon(mml_map **out, int64_t len, int64_t extra_flags) {
  mml_open_args a;
  int64_t priv = 0;
  mml_open_args_init(&a);
  mml_constant_value("MAP_PRIVATE", &priv);
  a.length = len;
  a.flags = priv | extra_flags;
  return mml_open(out, &a);
}

/* 4 KiB pages: refuse THP for this range. MADV_NOHUGEPAGE exists only where
 * the kernel was built with THP; without it base pages are all there is,
 * so its absence (or EINVAL) is not an error. */
static int advise_4k(mml_map *m) {
  int64_t opt;
  if (mml_constant_value("MADV_NOHUGEPAGE", &opt))
    (void)mml_madvise(m, opt, 0, NULL);
  return 0;
}

/* The one place that knows page modes: open and advise a map for MODE.
 * Returns 0, or -1 with *WHY set. */
static int map_for_mode(mml_map **out, bd_page_mode mode, int64_t len,
                        const char **why) {
  switch (mode) {
  case BD_PAGE_4K:
    if (open_anon(out, len, 0) != 0) {
      *why = "page mode 4k: mml_open of an anonymous map failed";
      return -1;
    }
    return advise_4k(*out);
  default:
    *why = "unknown page mode";
    return -1;
  }
}

void bd_prefault(uint8_t *p, int64_t len) {
  volatile uint8_t *v = p;
  for (int64_t i = 0; i < len; i += 4096)
    v[i] = v[i];
}

int bd_map(bd_mapping *out, bd_page_mode mode, int64_t len, const char **why) {
  int readonly = 0;
  memset(out, 0, sizeof *out);
  if (map_for_mode(&out->map, mode, len, why) != 0)
    return -1;
  if (mml_buffer_export(out->map, &out->data, &out->len, &readonly) != 0) {
    mml_destroy(out->map);
    out->map = NULL;
    *why = "mml_buffer_export failed";
    return -1;
  }
  out->mode = mode;
  bd_prefault(out->data, out->len);
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

#define CACHE_SLOTS 48
#define CACHE_BYTES ((int64_t)2 << 30)

typedef struct slot {
  bd_mapping m;
  bd_data kind;
  int64_t asked; /* the LEN it was made for */
  uint64_t used; /* clock of the last use; 0: free */
} slot;

static slot cache[CACHE_SLOTS];
static uint64_t cache_clock;

static int64_t cache_bytes(void) {
  int64_t n = 0;
  for (int i = 0; i < CACHE_SLOTS; i++)
    n += cache[i].used ? cache[i].m.len : 0;
  return n;
}

/* Frees the least recently used slot; returns its index, -1 if none. */
static int evict_one(void) {
  int lru = -1;
  for (int i = 0; i < CACHE_SLOTS; i++)
    if (cache[i].used && (lru < 0 || cache[i].used < cache[lru].used))
      lru = i;
  if (lru >= 0) {
    bd_unmap(&cache[lru].m);
    cache[lru].used = 0;
  }
  return lru;
}

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
  int i;
  for (i = 0; i < CACHE_SLOTS; i++) {
    slot *s = &cache[i];
    if (s->used && s->kind == kind && s->m.mode == mode && s->asked == len) {
      s->used = ++cache_clock;
      return &s->m;
    }
  }
  i = free_slot(len);
  if (bd_map(&cache[i].m, mode, len, why) != 0)
    return NULL;
  bd_fill(cache[i].m.data, cache[i].m.len, kind);
  cache[i].kind = kind;
  cache[i].asked = len;
  cache[i].used = ++cache_clock;
  return &cache[i].m;
}

void bd_cache_clear(void) {
  while (evict_one() >= 0)
    ;
}
