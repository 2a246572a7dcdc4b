/* bench_data.h - what the find/rfind/move benchmarks run on: the data of
 * bench/python/DATA.md (the contract shared with the CPython side, which
 * gives the exact streams, needles, expected results and checksums), and
 * pre-faulted private anonymous mappings made by the core, one page mode at
 * a time, cached across benchmark calls. Opening, advising and verifying a
 * map are per OS (bench_map_unix.c; bench_map_windows.c, where 4k is the
 * one mode), the rest is shared (bench_data.c, bench_map.c).
 *
 * body(kind, n) is the first n bytes of an infinite stream:
 *   random    xorshift64* (seed 0x9E3779B97F4A7C15), each word low byte
 *             first, every 0x00 replaced by 0x01.
 *   text      a fixed 173-byte ASCII pattern, repeated.
 *   periodic  'a' repeated.
 *   periodic-ab  "ab" repeated.
 *   dna       "ACGT"[v] for each 2 bits v of the random stream's words,
 *             low bits first (32 bytes per word).
 *   binary    "ab"[v] for each bit v of those words, low bit first (64
 *             bytes per word).
 * The sentinel S (bd_marker) never occurs in a body: 0x00 for random,
 * text, dna and binary, 'b' for periodic. A find needle is the body's tail
 * ending in S, an rfind needle S followed by the body's head; the haystack
 * holds S at the far end ("end") or not at all ("miss"), so the expected index
 * is exact. periodic-ab has no sentinel: its needles are the body's tail (find)
 * or head (rfind) with one byte flipped between 'a' and 'b' (a defect), and an
 * "end" haystack has the same defect in the same place.
 */
#ifndef MMAPLAB_BENCH_DATA_H
#define MMAPLAB_BENCH_DATA_H

#include <stdint.h>

#include "gbench.h"
#include "mmaplab.h"
#include "pagemode.h"

/* How the benchmark's memory is paged: pagemode.h's modes (4k, thp,
 * huge2m, huge1g for every family; the mthp sizes and default for the
 * fault family alone), used under this name throughout the families. */
typedef pm_mode bd_page_mode;

/* The length a map of LEN bytes gets in MODE: LEN rounded up to the mode's
 * page (munmap of a hugetlb map needs whole pages; a THP map of whole
 * 2 MiB units is 2 MiB aligned by the kernel). LEN itself for 4k. */
int64_t bd_mode_length(bd_page_mode mode, int64_t len);

/* Opens an anonymous core map (mml_open, fileno -1) of bd_mode_length(MODE,
 * LEN) bytes, MAP_SHARED if SHARED else MAP_PRIVATE, with EXTRA_FLAGS
 * (e.g. MAP_POPULATE) or-ed in, set up for MODE: 4k MADV_NOHUGEPAGE where
 * the kernel has it, thp and the mthp sizes MADV_HUGEPAGE, default no
 * advice at all, huge2m/huge1g MAP_HUGETLB with the size flag. Nothing is
 * touched. When a hugetlb pool is short, maps of MODE held by bd_cached are
 * given back (least recently used first) until this one fits. Returns 0, or -1
 * with *WHY set to a message naming the error (static storage, valid until the
 * next call). */
int bd_open_anon(mml_map **out, bd_page_mode mode, int64_t len, int shared,
                 int64_t extra_flags, const char **why);

/* Sets up an open core map M (any kind, file maps too) for MODE by madvise:
 * 4k MADV_NOHUGEPAGE, thp and the mthp sizes MADV_HUGEPAGE (a file map gets
 * huge pages only where the filesystem supports large folios); nothing for
 * huge2m/huge1g, which only MAP_HUGETLB gives. Failures are ignored: verify
 * afterwards. */
void bd_advise_mode(mml_map *m, bd_page_mode mode);

/* After [P, P + LEN) was touched: reads smaps (pm_verify) into *V and
 * returns 1 if MODE backed at least PM_VERIFY_MIN of it, 0 if it
 * fell back (V->label "fallback" or "partial"), -1 if smaps could not say
 * (V->label "fallback"). */
int bd_verify(bd_page_mode mode, const void *p, int64_t len, pm_verdict *v);

/* Inside a benchmark whose memory did not get MODE: reports the run as an
 * error "page mode thp not obtained: 0% backed (fallback)" rather than a
 * time under the wrong name, and counts it for bd_fallback_count. Also
 * sets the counter page_backed (the fraction) on runs that did get it:
 * call it either way; returns OK (1 backed, 0 not). */
int bd_check_mode(gb_state *st, bd_page_mode mode, int ok, const pm_verdict *v);

/* Inside a benchmark whose memory did not get MODE, with the reason WHY
 * (e.g. what the per-size counters said): reports the run as an error
 * "page mode MODE not obtained: WHY" (bd_report_not_obtained). */
void bd_report_mode_not_obtained(gb_state *st, bd_page_mode mode,
                                 const char *why);

/* How many runs bd_check_mode, bd_report_mode_not_obtained and
 * bd_report_not_obtained reported as not in the
 * state their names say. */
size_t bd_fallback_count(void);

/* Inside a benchmark whose file or memory did not get the state its name
 * says, other than a page mode (e.g. "cold cache not obtained: 3% resident"
 * of the filemap family): reports MSG as the run's error rather than a
 * time, and counts it for bd_fallback_count, like bd_check_mode. */
void bd_report_not_obtained(gb_state *st, const char *msg);

/* Inside a benchmark that cannot run on this machine because the kernel
 * lacks what it measures (e.g. madvise(MADV_POPULATE_READ) gives EINVAL
 * before Linux 5.14): reports the run as an error "unavailable: WHAT"
 * rather than a time, and counts it for bd_unavailable_count. Like a
 * fallback, this is not a wrong result. */
void bd_report_unavailable(gb_state *st, const char *what);

/* How many runs bd_report_unavailable reported. */
size_t bd_unavailable_count(void);

/* The content of a mapping: one of DATA.md's bodies. */
typedef enum bd_data {
  BD_DATA_RANDOM,
  BD_DATA_TEXT,
  BD_DATA_PERIODIC,
  BD_DATA_PERIODIC_AB,
  BD_DATA_DNA,
  BD_DATA_BINARY,
  BD_DATA_COUNT
} bd_data;

/* "random", "text", "periodic", "periodic-ab", "dna", "binary". */
const char *bd_data_name(bd_data kind);

/* A core map and its bytes. DATA comes from one mml_buffer_export that
 * lasts until bd_unmap; LEN may exceed what was asked for (a page mode may
 * round it up). */
typedef struct bd_mapping {
  mml_map *map;
  uint8_t *data;
  int64_t len;
  bd_page_mode mode;
  int mode_ok;        /* bd_verify's answer after the pre-fault */
  pm_verdict verdict; /* and what smaps said */
} bd_mapping;

/* Maps LEN bytes of private anonymous memory (bd_open_anon) in MODE,
 * exports its bytes, pre-faults every page by writing to it and verifies
 * the mode (M->mode_ok, M->verdict).
 * Returns 0, or -1 with *WHY set to a static message (an unknown mode, or
 * the core's error). */
int bd_map(bd_mapping *out, bd_page_mode mode, int64_t len, const char **why);

/* Releases the export and destroys the map; *M is zeroed. */
void bd_unmap(bd_mapping *m);

/* Writes one byte in every 4 KiB of [P, P + LEN) (a write fault per page,
 * so no fault is left for the timed loop). */
void bd_prefault(uint8_t *p, int64_t len);

/* body(KIND) in ordinary heap memory, at least LEN bytes of it, generated
 * once and grown on demand (the largest LEN asked for is kept): copying or
 * comparing against it is ~10x faster than generating random bytes again.
 * Valid until the next call with a larger LEN or bd_pristine_free; NULL if
 * out of memory. */
const uint8_t *bd_pristine(bd_data kind, int64_t len);

/* Frees the buffers of bd_pristine. */
void bd_pristine_free(void);

/* Fills P[0, LEN) with body(KIND, LEN). */
void bd_fill(uint8_t *p, int64_t len, bd_data kind);

/* Writes body(KIND)[OFF, OFF + LEN) to OUT (OFF >= 0). For random this
 * steps the stream over the first OFF bytes: O(OFF), cheap but not free. */
void bd_body_range(uint8_t *out, int64_t off, int64_t len, bd_data kind);

/* The first k < LEN with P[k] != body(KIND)[OFF + k], or -1 if P[0, LEN)
 * equals body(KIND)[OFF, OFF + LEN). */
int64_t bd_body_mismatch(const uint8_t *p, int64_t off, int64_t len,
                         bd_data kind);

/* KIND's sentinel S: never in a body; the far-end byte of an "end"
 * haystack and the last (find) or first (rfind) byte of every needle. */
uint8_t bd_marker(bd_data kind);

/* Writes the NLEN-byte needle for a haystack of HAY bytes (1 <= NLEN <=
 * HAY) to OUT: find (REVERSE 0) body[HAY - NLEN, HAY - 1) + S, rfind
 * (REVERSE 1) S + body[1, NLEN); for periodic-ab (NLEN >= 2) find
 * body[HAY - NLEN, HAY) and rfind body[0, NLEN) with the byte at
 * bd_defect_index flipped ('a' <-> 'b'). BODY must hold body(KIND) over
 * [0, HAY) (the "miss" haystack). */
void bd_needle(uint8_t *out, const uint8_t *body, int64_t hay, int64_t nlen,
               int reverse, bd_data kind);

/* Where that needle is found: -1 if MISS; else HAY - NLEN (find) or 0
 * (rfind). */
int64_t bd_expected(int64_t hay, int64_t nlen, int reverse, int miss);

/* The offset of the far end of a HAY-byte scan, where an "end" haystack
 * holds S: HAY - 1 for find (REVERSE 0), 0 for rfind. */
int64_t bd_far_end(int64_t hay, int reverse);

/* periodic-ab: the needle offset of the defect, NLEN / 2 for find and its
 * mirror NLEN - 1 - NLEN / 2 for rfind. */
int64_t bd_defect_index(int64_t nlen, int reverse);

/* The one byte where the "end" haystack for needle length NLEN differs
 * from body(KIND, HAY): its offset is returned and its value put in *BYTE
 * (S at bd_far_end; for periodic-ab the needle's defect, at HAY - NLEN +
 * bd_defect_index for find and bd_defect_index for rfind). */
int64_t bd_end_edit(bd_data kind, int64_t hay, int64_t nlen, int reverse,
                    uint8_t *byte);

/* The move layout of DATA.md for SIZE bytes (R = SIZE rounded up to 4096):
 * the map length *LEN = 2R + 3 * 4096 and the offsets *SRC, *DST of KIND,
 * in bench_move_kind order: 0 fwd-overlap (0, S/2), 1 bwd-overlap (S/2, 0),
 * 2 disjoint (0, R + 4096), 3 misaligned (1, R + 4096 + 3), 4 page-cross
 * (4096 - 32, R + 2 * 4096 - 32). The map holds body(random, *LEN). */
void bd_move_layout(int kind, int64_t size, int64_t *len, int64_t *src,
                    int64_t *dst);

/* Says that benchmarks will ask bd_cached for up to LEN bytes of KIND in
 * MODE, so the first request maps that much and later ones share it. */
void bd_cache_hint(bd_data kind, bd_page_mode mode, int64_t len);

/* A mapping of at least LEN bytes in MODE holding KIND's data (its first
 * LEN bytes are body(KIND, LEN)), from a small cache (least recently used
 * out first, at most 6 GiB in all, fewer when a hugetlb pool runs short),
 * so repeated calls of a benchmark set up once. It is the largest length
 * hinted for (KIND, MODE) when that is more than LEN. The caller may change the
 * bytes but must restore them to body(KIND) before it returns. Valid until the
 * next bd_cached or bd_cache_clear; NULL with *WHY set if bd_map failed. */
bd_mapping *bd_cached(bd_data kind, bd_page_mode mode, int64_t len,
                      const char **why);

/* Frees the least recently used cached map of MODE (any mode if MODE is
 * PM_MODE_COUNT; bd_open_anon makes room in a hugetlb pool with it).
 * Returns the slot it freed, -1 if none was held. */
int bd_cache_evict_lru(bd_page_mode mode);

/* Unmaps everything the cache holds. */
void bd_cache_clear(void);

#endif /* MMAPLAB_BENCH_DATA_H */
