/* bench_data.h - what the find/rfind/move benchmarks run on: deterministic
 * data, needles, and pre-faulted anonymous mappings made by the core, one
 * page mode at a time, cached across benchmark calls.
 *
 * The data (reproducible byte for byte by any other harness, e.g. CPython's):
 *   random    bytes 0x00-0xFE: the SplitMix64 stream seeded with 1, each
 *             64-bit output giving 8 bytes (least significant first), each
 *             byte b stored as (b * 255) >> 8. 0xFF never occurs.
 *   text      lowercase English-like words, from bd_fill's word list, picked
 *             by the SplitMix64 stream seeded with 1 (index = r & 63), each
 *             followed by ".\n" if (r >> 8) % 16 == 0, ", " if it is 1, else
 *             " "; cut at the length. 'Q' never occurs.
 *   periodic  'a' repeated. 'b' never occurs.
 * A needle of length n is n - 1 bytes of the same kind generated with seed 2
 * (periodic: 'a's) followed by the kind's marker byte (0xFF, 'Q', 'b'), a
 * byte the haystack never holds: a needle planted in the haystack is its
 * only occurrence, and an unplanted one is a guaranteed miss. The periodic
 * needle "a...ab" in "a...a" is the worst case of a naive search.
 */
#ifndef MMAPLAB_BENCH_DATA_H
#define MMAPLAB_BENCH_DATA_H

#include <stdint.h>

#include "mmaplab.h"

/* How the benchmark's memory is paged. Only BD_PAGE_4K is implemented
 * here; bd_map refuses the others ("not implemented") until a page-mode
 * library provides them. */
typedef enum bd_page_mode {
  BD_PAGE_4K,     /* base pages; MADV_NOHUGEPAGE where the kernel has it */
  BD_PAGE_THP,    /* transparent huge pages (MADV_HUGEPAGE) */
  BD_PAGE_HUGE2M, /* hugetlbfs 2 MiB pages */
  BD_PAGE_HUGE1G, /* hugetlbfs 1 GiB pages */
  BD_PAGE_MODE_COUNT
} bd_page_mode;

/* The mode's name in benchmark names: "4k", "thp", "huge2m", "huge1g". */
const char *bd_page_mode_name(bd_page_mode mode);

/* The content of a mapping. BD_DATA_PATTERN is bd_pattern_byte(offset). */
typedef enum bd_data {
  BD_DATA_RANDOM,
  BD_DATA_TEXT,
  BD_DATA_PERIODIC,
  BD_DATA_PATTERN
} bd_data;

/* "random", "text", "periodic", "pattern". */
const char *bd_data_name(bd_data kind);

/* A core map and its bytes. DATA comes from one mml_buffer_export that
 * lasts until bd_unmap; LEN may exceed what was asked for (a page mode may
 * round it up). */
typedef struct bd_mapping {
  mml_map *map;
  uint8_t *data;
  int64_t len;
  bd_page_mode mode;
} bd_mapping;

/* Maps LEN bytes of private anonymous memory (mml_open, MAP_PRIVATE) in
 * MODE, exports its bytes and pre-faults every page by writing to it.
 * Returns 0, or -1 with *WHY set to a static message (mode unavailable or
 * not implemented, or the core's error). */
int bd_map(bd_mapping *out, bd_page_mode mode, int64_t len, const char **why);

/* Releases the export and destroys the map; *M is zeroed. */
void bd_unmap(bd_mapping *m);

/* Writes one byte in every 4 KiB of [P, P + LEN) (a write fault per page,
 * so no fault is left for the timed loop). */
void bd_prefault(uint8_t *p, int64_t len);

/* Fills P[0, LEN) with KIND's data (see above; PATTERN from offset 0). */
void bd_fill(uint8_t *p, int64_t len, bd_data kind);

/* The byte the move benchmarks write at map offset I. */
static inline uint8_t bd_pattern_byte(int64_t i) {
  return (uint8_t)(((uint32_t)i * 2654435761u) >> 24);
}

/* KIND's marker byte: never in its haystacks, last byte of its needles. */
uint8_t bd_marker(bd_data kind);

/* Writes the NLEN-byte needle of KIND (NLEN >= 1) to OUT. */
void bd_needle(uint8_t *out, int64_t nlen, bd_data kind);

/* A mapping of at least LEN bytes in MODE holding KIND's data, from a small
 * cache (least recently used out first, at most 2 GiB in all), so repeated
 * calls of a benchmark set up once. The caller may change the bytes but must
 * restore them before its next call (the move benchmarks, which rewrite
 * their range each call, use BD_DATA_PATTERN). Valid until the next
 * bd_cached or bd_cache_clear; NULL with *WHY set if bd_map failed. */
bd_mapping *bd_cached(bd_data kind, bd_page_mode mode, int64_t len,
                      const char **why);

/* Unmaps everything the cache holds. */
void bd_cache_clear(void);

#endif /* MMAPLAB_BENCH_DATA_H */
