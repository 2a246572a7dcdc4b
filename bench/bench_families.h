/* bench_families.h - the list of benchmark families of mmaplab-bench, and
 * the one-case registration functions they are built from.
 *
 * Names follow `<family>/<impl>/<params...>`, numbers as Google Benchmark
 * named arguments: find/core/random/miss/page:4k/hay:67108864/needle:16,
 * move/glibc/fwd-overlap/page:4k/size:1048576. Every benchmark checks its
 * result and reports an error (gb_skip_with_error) instead of a time when it
 * is wrong; bytes_per_second is the bytes scanned (find/rfind) or moved.
 */
#ifndef MMAPLAB_BENCH_FAMILIES_H
#define MMAPLAB_BENCH_FAMILIES_H

#include <stddef.h>
#include <stdint.h>

#include "bench_data.h"
#include "bench_testfile.h"

/* Which argument grid to register. */
typedef enum bench_grid {
  BENCH_GRID_FULL, /* the documented grid (default) */
  BENCH_GRID_QUICK /* the CI subset */
} bench_grid;

/* What every family's registration function gets. */
typedef struct bench_config {
  bench_grid grid;
  const bd_page_mode *modes; /* the page modes to register, in order (of
                                the first PM_CLASSIC_COUNT) */
  size_t nmodes;
  /* The fault family's: modes and the mthp sizes and default that can run
   * (pagemode.h); NULL: modes. */
  const bd_page_mode *fault_modes;
  size_t nfault_modes;
  int pages;  /* 1: the page matrix alone (--pages): only the families
                 bench_family_in_pages names run, and find and rfind only
                 their per-filesystem rows */
  int search; /* 1: the search grid alone (--search): find and rfind
                 (bench_family_in_search), every data kind, hay 64, 1 KiB,
                 1 MiB, 64 MiB, needles 2 to 4096, absent, page mode 4k,
                 every implementation but naive and core-faultsafe */
} bench_config;

/* 1 if family NAME has rows in the page matrix (mmaplab-bench --pages):
 * fault, filemap, granularity, and find and rfind on file maps. */
int bench_family_in_pages(const char *name);

/* 1 if family NAME has rows in the search grid (mmaplab-bench --search):
 * find and rfind. */
int bench_family_in_search(const char *name);

/* The families, in registration (and so run) order: XX(name) declares
 * void bench_register_<name>(const bench_config *). */
#define BENCH_FAMILIES(XX)                                                     \
  XX(find) XX(rfind) XX(move) XX(fault) XX(filemap) XX(granularity) XX(open)

#define BENCH_XX_DECLARE_(name)                                                \
  void bench_register_##name(const bench_config *);
BENCH_FAMILIES(BENCH_XX_DECLARE_)
#undef BENCH_XX_DECLARE_

/* A copy of the N bytes at C that lives until exit, for a registered
 * benchmark's context (kept reachable, so leak checkers stay quiet).
 * Registration happens at startup, before any benchmark runs: out of
 * memory then aborts, there being nothing to report to yet. */
void *bench_keep(const void *c, size_t n);

/* ---- find / rfind ------------------------------------------------------- */

/* Searches M->data[0, HAY) (through M->map for the core) for NEEDLE: the
 * lowest (find) or highest (rfind) index, -1 if absent, or
 * BENCH_SEARCH_FAILED if the call itself failed. */
#define BENCH_SEARCH_FAILED INT64_MIN
typedef int64_t (*bench_search_fn)(const bd_mapping *m, int64_t hay,
                                   const uint8_t *needle, int64_t nlen);

/* One search benchmark. WHERE: "end" plants the needle at the far end of
 * the scan (find: at hay - needle, rfind: at 0), "miss" does not plant it. */
typedef struct bench_search_case {
  int reverse;      /* 0: family find, 1: rfind */
  const char *impl; /* static: "core", "glibc", "naive", ... */
  bench_search_fn fn;
  bd_data data;
  int miss; /* 0: where=end, 1: where=miss */
  bd_page_mode mode;
  int fault_safe; /* the core's fault-safe mode during the run (impl
                     "core-faultsafe"); 0 for every other row */
  const char *fs; /* NULL: an anonymous map in MODE; else the name of a
                     bench_fs.h entry: the haystack is its test file mapped
                     warm (bench_fsmap.h; DATA random only), MODE unused */
} bench_search_case;

/* Registers C (copied) as <family>/<impl>/<data>/<where>/page:<mode>, or
 * <family>/<impl>/<data>/<where>/fs:<fs> when C->fs is set, with one row
 * hay:HAY/needle:NLEN (1 <= NLEN <= HAY). */
void bench_search_register(const bench_search_case *c, int64_t hay,
                           int64_t nlen);

/* The core's mml_find/mml_rfind on M->map and the naive reference on
 * M->data (bench_search.c), as bench_search_fn. */
int64_t bench_search_core_find(const bd_mapping *m, int64_t hay,
                               const uint8_t *needle, int64_t nlen);
int64_t bench_search_core_rfind(const bd_mapping *m, int64_t hay,
                                const uint8_t *needle, int64_t nlen);
int64_t bench_search_naive_find(const bd_mapping *m, int64_t hay,
                                const uint8_t *needle, int64_t nlen);
int64_t bench_search_naive_rfind(const bd_mapping *m, int64_t hay,
                                 const uint8_t *needle, int64_t nlen);

/* One implementation of a find or rfind grid. */
typedef struct bench_search_impl {
  const char *name; /* static: the <impl> of the names */
  bench_search_fn fn;
  int fault_safe; /* 1: the core's fault-safe mode on, registered only in
                     the fault-safe cells (random, miss, 4k, needle 16) */
  int miss_only;  /* 1: needle-absent haystacks only (the ceiling) */
} bench_search_impl;

/* Registers the NIMPL implementations IMPLS over CFG's grid of anonymous
 * maps (every page mode of CFG, the data kinds, hays and needles of
 * bench_find.c's header comment), side by side per haystack; find if
 * REVERSE is 0, else rfind. */
void bench_search_register_grid(const bench_search_impl *impls, size_t nimpl,
                                int reverse, const bench_config *cfg);

/* Per OS: the haystack of case C for a run over HAY bytes, in the state
 * its name says (page mode verified, a filesystem's file warm); NULL after
 * reporting the run's error (gb_skip_with_error or bd_report_*). Valid
 * until the next call. bench_find.c: anonymous maps in every page mode
 * and the per-filesystem test files; bench_find_windows.c: anonymous maps
 * in 4k. */
bd_mapping *bench_search_haystack(gb_state *st, const bench_search_case *c,
                                  int64_t hay);

/* ---- move --------------------------------------------------------------- */

/* The C library's name, the <impl> of its memmove rows: "glibc"
 * (bench_libc_unix.c) or "msvcrt", mingw-w64's C runtime
 * (bench_libc_windows.c). */
extern const char bench_libc_name[];

/* Where source and destination lie (bench_move.c documents each). */
typedef enum bench_move_kind {
  BENCH_MOVE_FWD_OVERLAP,
  BENCH_MOVE_BWD_OVERLAP,
  BENCH_MOVE_DISJOINT,
  BENCH_MOVE_MISALIGNED,
  BENCH_MOVE_PAGE_CROSS,
  BENCH_MOVE_KIND_COUNT
} bench_move_kind;

/* "fwd-overlap", "bwd-overlap", "disjoint", "misaligned", "page-cross". */
const char *bench_move_kind_name(bench_move_kind kind);

/* Moves N bytes from offset SRC to DEST of M; 0 or a negative code. */
typedef int (*bench_move_fn)(bd_mapping *m, int64_t dest, int64_t src,
                             int64_t n);

typedef struct bench_move_case {
  const char *impl; /* static: "core", "glibc", ... */
  bench_move_fn fn;
  bench_move_kind kind;
  bd_page_mode mode;
  int fault_safe; /* as in bench_search_case */
} bench_move_case;

/* Registers C (copied) as move/<impl>/<kind>/page:<mode> with one row
 * size:SIZE (an even number >= 2). */
void bench_move_register(const bench_move_case *c, int64_t size);

/* ---- fault ------------------------------------------------------------- */

/* What is mapped (bench_fault.c documents each). */
typedef enum bench_fault_kind {
  BENCH_FAULT_ANON_PRIVATE,
  BENCH_FAULT_ANON_SHARED,
  BENCH_FAULT_FILE_SHARED,
  BENCH_FAULT_FILE_PRIVATE, /* copy-on-write */
  BENCH_FAULT_KIND_COUNT
} bench_fault_kind;

/* "anon-private", "anon-shared", "file-shared", "file-private". */
const char *bench_fault_kind_name(bench_fault_kind kind);

/* What is done between mapping and touching. */
typedef enum bench_fault_prep {
  BENCH_FAULT_PLAIN,          /* nothing */
  BENCH_FAULT_POPULATE,       /* MAP_POPULATE given to mmap */
  BENCH_FAULT_WILLNEED,       /* madvise(MADV_WILLNEED) */
  BENCH_FAULT_POPULATE_READ,  /* madvise(MADV_POPULATE_READ), Linux 5.14 */
  BENCH_FAULT_POPULATE_WRITE, /* madvise(MADV_POPULATE_WRITE), Linux 5.14 */
  BENCH_FAULT_PREP_COUNT
} bench_fault_prep;

/* "plain", "populate", "willneed", "populate-read", "populate-write". */
const char *bench_fault_prep_name(bench_fault_prep prep);

typedef struct bench_fault_case {
  bench_fault_kind kind;
  int write; /* 0: the touch reads, 1: it writes */
  bench_fault_prep prep;
  bd_page_mode mode;
} bench_fault_case;

/* 1 if C is measured at all on this machine, 0 if it makes no sense (the
 * rules are in bench_fault.c's header comment; anon-shared in thp asks the
 * kernel whether shmem may use huge pages). */
int bench_fault_makes_sense(const bench_fault_case *c);

/* Registers C (copied) as fault/<kind>/<access>/<prep>/page:<mode> with one
 * row size:SIZE (bytes touched, a multiple of 4096), running exactly
 * ITERATIONS (> 0) iterations of map, prep, touch, unmap per run. */
void bench_fault_register(const bench_fault_case *c, int64_t size,
                          int64_t iterations);

/* ---- filemap ------------------------------------------------------------ */

/* The page cache before the touch (bench_filemap.c documents both). */
typedef enum bench_filemap_cache {
  BENCH_FILEMAP_WARM, /* every page of the file resident */
  BENCH_FILEMAP_COLD, /* none resident */
  BENCH_FILEMAP_CACHE_COUNT
} bench_filemap_cache;

/* "warm", "cold". */
const char *bench_filemap_cache_name(bench_filemap_cache cache);

/* The madvise advice given after mmap, before the touch. */
typedef enum bench_filemap_advice {
  BENCH_FILEMAP_NORMAL,     /* MADV_NORMAL */
  BENCH_FILEMAP_SEQUENTIAL, /* MADV_SEQUENTIAL */
  BENCH_FILEMAP_RANDOM,     /* MADV_RANDOM */
  BENCH_FILEMAP_ADVICE_COUNT
} bench_filemap_advice;

/* "normal", "sequential", "random". */
const char *bench_filemap_advice_name(bench_filemap_advice advice);

typedef struct bench_filemap_case {
  bench_fault_kind kind; /* BENCH_FAULT_FILE_SHARED or _FILE_PRIVATE */
  int write;             /* 0: the touch reads, 1: it writes */
  bench_filemap_cache cache;
  bench_filemap_advice advice;
  size_t fs; /* the filesystem: bench_fs_at(FS) (bench_fs.h) */
} bench_filemap_case;

/* Registers C (copied) as
 * filemap/<kind>/<access>/<cache>/<advice>/fs:<name> with one row
 * size:SIZE (bytes, a multiple of 4096 and of a hugetlbfs page), running
 * exactly ITERATIONS (> 0) iterations of map, advise, touch, unmap per
 * run. A cold case on a filesystem whose pages cannot be evicted (tmpfs,
 * hugetlbfs) runs as unavailable, with the reason. */
void bench_filemap_register(const bench_filemap_case *c, int64_t size,
                            int64_t iterations);

/* For tests: FN replaces posix_fadvise(POSIX_FADV_DONTNEED) of the cold
 * runs and gets the file's descriptor and size; NULL puts it back. What
 * follows is kept: drop_caches as root when pages are left, then the
 * check, so a FN that evicts nothing makes a cold run use drop_caches
 * (root) or report "cold cache not obtained" (not root). */
typedef void (*bench_filemap_evict_fn)(int fd, int64_t size);
void bench_filemap_set_evict(bench_filemap_evict_fn fn);

/* ---- granularity -------------------------------------------------------- */

/* One window of a test file (bench_testfile.h) to read. */
typedef struct bench_window {
  int fd;         /* the test file */
  int64_t offset; /* the window's first byte in the file */
  int64_t len;    /* its length */
  int64_t align;  /* a map starts at OFFSET rounded down to this */
  uint8_t *buf;   /* a buffer of LEN bytes, pre-faulted (for pread) */
  int pages;      /* 0: check all words (bench_testfile_sum), 1: read one
                     byte per 4 KiB page (flt_touch_read, stride 4096) */
} bench_window;

/* Reads window W: adds its checksum (as W->pages says) to *SUM and the
 * bytes it mapped to *MAPPED. Returns NULL, or a static message saying
 * which call failed. */
typedef const char *(*bench_window_fn)(const bench_window *w, uint64_t *sum,
                                       int64_t *mapped);

/* The two implementations: the core maps [OFFSET rounded down to ALIGN,
 * OFFSET + LEN) with mml_open(ACCESS_READ), reads it and closes it; the
 * read (bench_testfile_read: pread, or ReadFile on Windows, named
 * bench_testfile_read_name) reads the window into BUF. */
const char *bench_gran_core(const bench_window *w, uint64_t *sum,
                            int64_t *mapped);
const char *bench_gran_read(const bench_window *w, uint64_t *sum,
                            int64_t *mapped);

/* One granularity benchmark. */
typedef struct bench_gran_case {
  const char *impl; /* static: "core", "pread", ... */
  bench_window_fn fn;
  int scan;       /* 1: granularity/<impl>/scan, 0: granularity/<impl>/window */
  int aligned;    /* 1: the map alignment is a dimension (align:A) */
  int buffered;   /* 1: FN reads into bench_window.buf */
  const char *fs; /* NULL: the test file in the bench directory; else the
                     name of a bench_fs.h entry whose test file is read,
                     named granularity/<impl>/<scan|window>/fs:<fs>/... */
} bench_gran_case;

/* Registers C (copied) on a test file of FILE bytes (a multiple of 4096):
 * scan as granularity/<impl>/scan[/align:ALIGN]/window:WINDOW/file:FILE,
 * window as granularity/<impl>/window/size:WINDOW/file:FILE (ALIGN is then
 * unused: a window starts at a multiple of its size). WINDOW is a multiple
 * of 4096 no larger than FILE; ALIGN a multiple of the page size. */
void bench_gran_register(const bench_gran_case *c, int64_t align,
                         int64_t window, int64_t file);

/* Registers the grid of the bench directory's test file (quick 64 MiB,
 * full 1 GiB): scans by the core at each of the NALIGNS alignments ALIGNS
 * and by the read, and windows by both (bench_granularity.c's header
 * comment has the sizes). */
void bench_gran_register_grid(const bench_config *cfg, const int64_t *aligns,
                              size_t naligns);

/* Per OS: the test file of case C (ALIGN, WINDOW, FILE as registered),
 * created on first use; NULL after reporting the run's error (a
 * filesystem's file that cannot be made, a cell hugetlbfs cannot map).
 * bench_granularity_unix.c: the bench directory's or a filesystem's of
 * bench_fs.h; bench_granularity_windows.c: the bench directory's. */
const bench_testfile *bench_gran_testfile(gb_state *st,
                                          const bench_gran_case *c,
                                          int64_t align, int64_t window,
                                          int64_t file);

/* ---- open --------------------------------------------------------------- */

/* The kind of map opened: MAP_PRIVATE anonymous, or MAP_SHARED of the test
 * file's first bytes. */
typedef enum bench_open_kind {
  BENCH_OPEN_ANON_PRIVATE,
  BENCH_OPEN_FILE_SHARED,
  BENCH_OPEN_KIND_COUNT
} bench_open_kind;

/* "anon-private", "file-shared". */
const char *bench_open_kind_name(bench_open_kind kind);

/* Opens, checks and closes one read/write map of SIZE bytes of KIND (FD -1
 * for anonymous maps), touching nothing. NULL, or a static message saying
 * what failed. */
typedef const char *(*bench_open_fn)(bench_open_kind kind, int fd,
                                     int64_t size);

typedef struct bench_open_case {
  const char *impl; /* static: "core", "raw", ... */
  bench_open_fn fn;
  bench_open_kind kind;
  int64_t file; /* the test file's size, >= the sizes (file kinds) */
} bench_open_case;

/* Registers C (copied) as open/<impl>/<kind>/size:SIZE. */
void bench_open_register(const bench_open_case *c, int64_t size);

#endif /* MMAPLAB_BENCH_FAMILIES_H */
