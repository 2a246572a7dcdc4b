/* bench_fault.c - family fault: the first touch of fresh core maps,
 *
 *   fault/<kind>/<access>/<prep>/page:<mode>/size:<bytes>
 *
 * kind    anon-private, anon-shared (shmem), file-shared, file-private
 *         (copy-on-write); access read or write; prep
 *   plain           nothing between mmap and the touch,
 *   populate        MAP_POPULATE given to mmap,
 *   willneed        madvise(MADV_WILLNEED),
 *   populate-read   madvise(MADV_POPULATE_READ)  (Linux 5.14),
 *   populate-write  madvise(MADV_POPULATE_WRITE) (Linux 5.14).
 * Sizes: quick 16 MiB; full 4 MiB, 64 MiB, 256 MiB (hugetlb modes round them
 * up to whole pages: huge1g is one size, 1 GiB).
 *
 * One iteration: map and prep (timed on their own: prep_ns_per_page), the
 * touch phase (the only time Google Benchmark sees, manual time: one byte
 * read or written every 4096 bytes, faults counted around it with
 * getrusage), the checks, then unmap (untimed). Counters, summed over all
 * iterations of a run and then divided:
 *   faults_per_page        (minor + major) faults of the touch per page,
 *   major_faults_per_page  major faults of the touch per page,
 *   ns_per_page            touch time per page,
 *   ns_per_fault           touch time per fault (left out without faults),
 *   prep_ns_per_page       map + prep time per page,
 *   prep_faults_per_page   faults during map + prep (populate faults in the
 *                          pages through get_user_pages, counted as minor).
 * "page" is always a 4 KiB base page, in every mode: the touch steps by 4096
 * bytes, so a THP or hugetlb 2 MiB map shows 1/512 faults per page.
 *
 * An iteration maps, preps and unmaps untimed, so Google Benchmark's usual
 * growth of the iteration count from a touch of a few microseconds would run
 * thousands of untimed setups: every run has a fixed iteration count instead
 * (quick: 64 MiB touched per run, full: 128 MiB, at least one iteration), and
 * --benchmark_min_time does not apply to this family.
 *
 * File maps use one file per size (bench_faultfile.h) in the bench directory
 * ($MMAPLAB_BENCH_DIR, else $TMPDIR, else /tmp), written once with a known
 * pattern and fsynced, and unlinked as soon as it is created (the open
 * descriptor keeps it, so no exit path leaves it behind). Its pages stay in
 * the page cache: "first touch" of a file map is a minor fault on a cached
 * page. (Measured on ext4, Linux 6.18: ext4 caches the file in large folios,
 * and one read fault maps a whole folio's worth, ~50-250 base pages (more in
 * larger files), as does a shared write fault, so faults_per_page of those is
 * ~0.004-0.02, not 1; a private write copies each page, 1 fault per page.)
 * A cold cache is the filemap family's (bench_filemap.c).
 *
 * Checks, every iteration: a read touch sums the bytes it read (0 for
 * anonymous memory, the pattern's sum for files); a write touch writes 0xff,
 * then the first, middle and last page are checked (the byte written, its
 * untouched neighbour), and for file maps the file itself: a shared write
 * reaches it, a private write must not (the shared write is undone before
 * unmap, so the file keeps its pattern). The page mode is verified after
 * the touch of the first iteration (bd_verify, outside the timed part).
 * Anonymous private memory read before any write maps the shared zero page
 * (4k) or the huge zero page (thp), which smaps counts nowhere: there the
 * mode is verified by the faults of prep + touch instead (at least 0.9 per
 * page for 4k, at most 2 per 2 MiB for thp).
 *
 * Combinations not registered (bench_fault_makes_sense), and why:
 * - willneed on anonymous kinds: MADV_WILLNEED only starts swap-in of
 *   swapped-out pages, which a fresh map does not have; measured (private
 *   and shared): the same 1 fault per page as plain.
 * - populate in thp: MAP_POPULATE faults the pages in inside mmap, before
 *   MADV_HUGEPAGE can be given (enabled=madvise), so they are base pages.
 * - file kinds in thp: measured on ext4, Linux 6.18, after MADV_HUGEPAGE:
 *   FilePmdMapped 0 kB (large folios, but mapped by PTEs), so the run could
 *   never be in its mode; other filesystems may differ.
 * - file kinds in huge2m/huge1g: hugetlb pages back only hugetlbfs files,
 *   and the bench directory is a regular filesystem.
 * - anon-shared in thp when the kernel's shmem THP setting
 *   (transparent_hugepage/shmem_enabled and its per-size override) does not
 *   allow huge pages for madvised shmem ("never", "deny").
 * Kept on purpose: populate-read before a write (maps the zero page or the
 * file's pages read-only, so every write still faults) and MAP_POPULATE on a
 * shared file map before a write (the kernel populates shared maps
 * read-only: each write then takes a write-protect fault and page_mkwrite);
 * MADV_POPULATE_WRITE on a private file map breaks copy-on-write ahead of the
 * touch (documented in madvise(2); measured: 0 touch faults).
 *
 * A kernel without MADV_POPULATE_* (EINVAL) or a core without MAP_POPULATE
 * reports the run as unavailable (bd_report_unavailable), not as wrong.
 *
 * Multi-size THP (page:mthp16k .. page:mthp1024k, the anonymous sizes the
 * kernel lists below the PMD size): each run sets the machine up for its
 * size alone and puts it back when it ends (bench_mthp.h: as root size N
 * "madvise"/"advise" and every other size "never", through bench_sysfs.h;
 * without root only the sizes the current settings give are registered),
 * maps with MADV_HUGEPAGE, and is verified over the whole run by the
 * size's counters: anon_fault_alloc (anon-shared: shmem_alloc) must rise
 * by at least pages x 4 KiB / N and anon_fault_fallback (shmem_fallback)
 * not at all, or the run is an error entry "page mode mthp64k not
 * obtained: ..." (smaps cannot tell these sizes apart). A first write of
 * mthp64k thus shows 1/16 faults per page. Not registered there, and why:
 * - populate (MAP_POPULATE): the pages are faulted in inside mmap, before
 *   MADV_HUGEPAGE can be given, so they are base pages (as for thp);
 * - anon-private read with plain or populate-read, and anon-private write
 *   after populate-read: a read maps the shared zero page (there is no
 *   zero folio of an mTHP size), and a write to it copies one base page,
 *   so no folio of the size is ever allocated;
 * - willneed and the file kinds: as for every mode but 4k (file maps at
 *   mTHP sizes are the filemap family's, bench_filemap.c).
 * Kept: anon-private write plain/populate-write and read after
 * populate-write (the folios come from the prep), anon-shared (shmem) read
 * or write after plain, populate-read or populate-write (a shmem read
 * allocates, there is no zero page).
 *
 * page:default gives no madvise at all and no setting: what an ordinary
 * program gets from the machine's settings (--thp=MODE sets the top-level
 * one for a whole run). It is never an error for its page size; it records
 * what it got: huge_fraction (PMD-mapped bytes of the first iteration's
 * map, smaps AnonHugePages + ShmemPmdMapped, / size) and mthp_fraction
 * (bytes the per-size counters say were allocated in sizes below the PMD
 * size during the run / bytes touched; other processes' allocations count
 * too, so it is an upper bound on a busy machine). Its kinds and preps are
 * those of 4k. */
#define _GNU_SOURCE /* MADV_POPULATE_*, pread */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bench_families.h"
#include "bench_faultfile.h"
#include "bench_mthp.h"
#include "bench_testfile.h"
#include "faults.h"
#include "gbench.h"

/* <sys/mman.h> of glibc < 2.35 lacks them; the kernel values. */
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define PAGE 4096
#define WRITE_VALUE BENCH_FAULTFILE_WRITTEN
#define MIB ((int64_t)1 << 20)

static const char *const kind_names[] = {"anon-private", "anon-shared",
                                         "file-shared", "file-private"};
static const char *const prep_names[] = {"plain", "populate", "willneed",
                                         "populate-read", "populate-write"};

const char *bench_fault_kind_name(bench_fault_kind kind) {
  return kind_names[kind];
}

const char *bench_fault_prep_name(bench_fault_prep prep) {
  return prep_names[prep];
}

static int is_file(bench_fault_kind kind) {
  return kind == BENCH_FAULT_FILE_SHARED || kind == BENCH_FAULT_FILE_PRIVATE;
}

/* ---- the test files ----------------------------------------------------- */

typedef struct fault_file {
  int fd; /* unlinked; -1: slot free */
  int64_t size;
} fault_file;

#define FILE_SLOTS 4
static fault_file files[FILE_SLOTS] = {{-1, 0}, {-1, 0}, {-1, 0}, {-1, 0}};

/* The test file of SIZE bytes (bench_faultfile.h), made on first use; NULL
 * with *WHY set. */
static const fault_file *file_get(int64_t size, const char **why) {
  int slot = 0; /* a free slot, else the first one is dropped */
  for (int i = FILE_SLOTS - 1; i >= 0; i--) {
    if (files[i].fd >= 0 && files[i].size == size)
      return &files[i];
    if (files[i].fd < 0)
      slot = i;
  }
  if (files[slot].fd >= 0)
    close(files[slot].fd);
  files[slot].fd = bench_faultfile_create(bench_testfile_dir(), size, 0, why);
  files[slot].size = size;
  return files[slot].fd >= 0 ? &files[slot] : NULL;
}

/* ---- one iteration ------------------------------------------------------ */

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* What the iterations of one run add up. */
typedef struct fault_totals {
  int64_t pages, touch_ns, prep_ns;
  long faults, major, prep_faults;
  double huge_fraction; /* default: smaps after the first touch */
} fault_totals;

/* An iteration's map: the core map and its exported bytes. */
typedef struct fault_map {
  mml_map *map;
  uint8_t *data;
  int64_t len;
} fault_map;

static void unmap(fault_map *fm) {
  if (fm->data != NULL)
    (void)mml_buffer_release(fm->map);
  mml_destroy(fm->map);
  memset(fm, 0, sizeof *fm);
}

/* Opens C's map of SIZE bytes (FILE for the file kinds): 0, or -1 after
 * reporting why. */
static int open_map(gb_state *st, const bench_fault_case *c, int64_t size,
                    const fault_file *file, fault_map *fm) {
  const int shared =
      c->kind == BENCH_FAULT_ANON_SHARED || c->kind == BENCH_FAULT_FILE_SHARED;
  int64_t extra = 0;
  const char *why = "mml_open of a file map failed";
  int readonly = 0;
  /* MAP_POPULATE is Linux's; the core exports it where mmap has it. */
  if (c->prep == BENCH_FAULT_POPULATE &&
      !mml_constant_value("MAP_POPULATE", &extra)) {
    bd_report_unavailable(st, "MAP_POPULATE: not a flag of this platform");
    return -1;
  }
  if (!is_file(c->kind)) {
    if (bd_open_anon(&fm->map, c->mode, size, shared, extra, &why) != 0) {
      gb_skip_with_error(st, why);
      return -1;
    }
  } else {
    mml_open_args a;
    mml_open_args_init(&a);
    a.fileno = file->fd;
    a.length = size;
    a.flags = (shared ? MAP_SHARED : MAP_PRIVATE) | extra;
    a.trackfd = 0;
    if (mml_open(&fm->map, &a) != 0) {
      gb_skip_with_error(st, why);
      return -1;
    }
    bd_advise_mode(fm->map, c->mode);
  }
  if (mml_buffer_export(fm->map, &fm->data, &fm->len, &readonly) != 0) {
    gb_skip_with_error(st, "mml_buffer_export failed");
    unmap(fm);
    return -1;
  }
  return 0;
}

/* The madvise of C's prep on FM's first SIZE bytes: 0, or -1 after
 * reporting why (a kernel without MADV_POPULATE_* as unavailable). */
static int run_prep(gb_state *st, const bench_fault_case *c, fault_map *fm,
                    int64_t size) {
  int64_t opt = -1;
  int rc;
  char msg[200];
  if (c->prep == BENCH_FAULT_WILLNEED &&
      !mml_constant_value("MADV_WILLNEED", &opt)) {
    bd_report_unavailable(st, "MADV_WILLNEED: not an option of this platform");
    return -1;
  }
  /* Not among CPython's constants: <sys/mman.h>'s values. */
  if (c->prep == BENCH_FAULT_POPULATE_READ)
    opt = MADV_POPULATE_READ;
  else if (c->prep == BENCH_FAULT_POPULATE_WRITE)
    opt = MADV_POPULATE_WRITE;
  if (opt < 0)
    return 0;
  rc = mml_madvise(fm->map, opt, 0, &size);
  if (rc == 0)
    return 0;
  if (rc == -EINVAL && opt != MADV_WILLNEED) { /* Linux < 5.14 */
    snprintf(msg, sizeof msg,
             "madvise(MADV_%s): this kernel lacks it (EINVAL; Linux >= 5.14)",
             c->prep == BENCH_FAULT_POPULATE_READ ? "POPULATE_READ"
                                                  : "POPULATE_WRITE");
    bd_report_unavailable(st, msg);
  } else {
    snprintf(msg, sizeof msg, "madvise(%s) failed: %s",
             bench_fault_prep_name(c->prep), mml_strerror(rc));
    gb_skip_with_error(st, msg);
  }
  return -1;
}

/* Checks the touch of SIZE bytes of FM (SUM: what a read touch summed):
 * 0, or -1 with MSG filled. */
static int check_touch(const bench_fault_case *c, const fault_map *fm,
                       int64_t size, uint64_t sum, const fault_file *file,
                       char *msg, size_t cap) {
  const bench_touch_check t = {fm->data,
                               size,
                               c->write,
                               sum,
                               file != NULL ? file->fd : -1,
                               c->kind == BENCH_FAULT_FILE_SHARED};
  return bench_faultfile_check_touch(&t, msg, cap);
}

/* Anonymous private memory read before any write: the zero page (4k) or
 * the huge zero page (thp), invisible in smaps. */
static int zero_page_case(const bench_fault_case *c) {
  return c->kind == BENCH_FAULT_ANON_PRIVATE && !c->write &&
         (c->prep == BENCH_FAULT_PLAIN || c->prep == BENCH_FAULT_WILLNEED ||
          c->prep == BENCH_FAULT_POPULATE_READ) &&
         (c->mode == PM_4K || c->mode == PM_THP);
}

/* After the first touch: is FM in C's mode? Reports it (bd_check_mode) and
 * returns 1 if so. FAULTS: the faults of that iteration's prep and touch. */
static int verify_mode(gb_state *st, const bench_fault_case *c,
                       const fault_map *fm, int64_t size, long faults) {
  pm_verdict v;
  int ok = bd_verify(c->mode, fm->data, size, &v);
  if (ok != 1 && zero_page_case(c)) {
    /* One fault per base page (4k), or one per 2 MiB (thp). */
    const double per_page = (double)faults / (double)(size / PAGE);
    const double huge = (double)pm_mode_size(PM_THP) / PAGE;
    ok = c->mode == PM_4K ? per_page >= 0.9
                          : faults > 0 && per_page <= 2.0 / huge;
    v.fraction = ok ? 1.0 : 0.0;
    v.label = ok ? pm_mode_name(c->mode) : "fallback";
  }
  return bd_check_mode(st, c->mode, ok, &v);
}

/* The touch phase: faults counted and time taken around the touch alone.
 * Returns what a read summed. */
static uint64_t touch(const bench_fault_case *c, fault_map *fm, int64_t size,
                      fault_totals *t, long *faults) {
  flt_sample before, after;
  flt_delta d;
  uint64_t sum = 0;
  int64_t t0, t1;
  (void)flt_sample_read(&before);
  t0 = now_ns();
  if (c->write)
    (void)flt_touch_write(fm->data, (size_t)size, PAGE, WRITE_VALUE);
  else
    sum = flt_touch_read(fm->data, (size_t)size, PAGE, NULL);
  t1 = now_ns();
  (void)flt_sample_read(&after);
  d = flt_diff(&before, &after);
  t->touch_ns += t1 - t0;
  t->faults += d.minor + d.major;
  t->major += d.major;
  t->pages += size / PAGE;
  *faults = d.minor + d.major;
  return sum;
}

/* Map and prep, touch, check, (first: verify), unmap. Returns 0 and sets
 * *SECONDS to the touch time, or -1 after reporting the run. */
static int iteration(gb_state *st, const bench_fault_case *c, int64_t size,
                     const fault_file *file, int first, fault_totals *t,
                     double *seconds) {
  fault_map fm = {0};
  flt_sample s0, s1;
  int64_t t0, touch_before = t->touch_ns;
  long prep_faults, touch_faults;
  uint64_t sum;
  char msg[200];
  int rc = 0;
  (void)flt_sample_read(&s0);
  t0 = now_ns();
  if (open_map(st, c, size, file, &fm) != 0)
    return -1;
  if (run_prep(st, c, &fm, size) != 0) {
    unmap(&fm);
    return -1;
  }
  t->prep_ns += now_ns() - t0;
  (void)flt_sample_read(&s1);
  prep_faults = (s1.minor + s1.major) - (s0.minor + s0.major);
  t->prep_faults += prep_faults;
  sum = touch(c, &fm, size, t, &touch_faults);
  if (check_touch(c, &fm, size, sum, file, msg, sizeof msg) != 0) {
    gb_skip_with_error(st, msg);
    rc = -1;
  } else if (first && c->mode == PM_DEFAULT) {
    pm_verdict v;
    t->huge_fraction =
        pm_verify(PM_DEFAULT, fm.data, (size_t)size, &v) == 0 ? v.fraction : 0;
  } else if (first && c->mode < PM_CLASSIC_COUNT &&
             !verify_mode(st, c, &fm, size, prep_faults + touch_faults)) {
    rc = -1; /* the mthp sizes are verified over the run by bm_fault */
  }
  if (c->kind == BENCH_FAULT_FILE_SHARED && c->write) /* undo, untimed */
    for (int64_t off = 0; off < size; off += PAGE)
      fm.data[off] = bench_faultfile_byte(off);
  unmap(&fm);
  *seconds = (double)(t->touch_ns - touch_before) * 1e-9;
  return rc;
}

static void set_counters(gb_state *st, const fault_totals *t, int64_t size) {
  const double pages = (double)t->pages;
  gb_set_counter(st, "faults_per_page", (double)t->faults / pages, 0);
  gb_set_counter(st, "major_faults_per_page", (double)t->major / pages, 0);
  gb_set_counter(st, "ns_per_page", (double)t->touch_ns / pages, 0);
  if (t->faults > 0)
    gb_set_counter(st, "ns_per_fault", (double)t->touch_ns / (double)t->faults,
                   0);
  gb_set_counter(st, "prep_ns_per_page", (double)t->prep_ns / pages, 0);
  gb_set_counter(st, "prep_faults_per_page", (double)t->prep_faults / pages, 0);
  gb_set_items_processed(st, t->pages);
  gb_set_bytes_processed(st, gb_iterations(st) * size);
}

/* Every THP size's fault-time counters, for page:default. */
typedef struct size_counts {
  size_t kb[32];
  mthp_counts c[32];
  int n;
} size_counts;

static void read_all_counts(int shmem, size_counts *s) {
  s->n = pm_thp_sizes(s->kb, 32);
  for (int i = 0; i < s->n; i++)
    if (mthp_read_counts(s->kb[i], shmem, &s->c[i]) != 0)
      s->c[i].alloc = s->c[i].fallback = 0;
}

/* page:default's mthp_fraction: bytes allocated below the PMD size from
 * A to B per byte touched (at most 1). */
static double mthp_fraction(const size_counts *a, const size_counts *b,
                            int64_t pages) {
  const size_t pmd_kb = pm_mode_size(PM_THP) / 1024;
  double kb = 0;
  for (int i = 0; i < a->n && i < b->n; i++)
    if (a->kb[i] == b->kb[i] && a->kb[i] < pmd_kb)
      kb += (double)(b->c[i].alloc - a->c[i].alloc) * (double)a->kb[i];
  kb /= 4.0 * (double)pages;
  return kb < 1 ? kb : 1;
}

static void bm_fault(gb_state *st, void *ctx) {
  const bench_fault_case *c = ctx;
  const int64_t size = gb_range(st, 0);
  const int shmem = c->kind == BENCH_FAULT_ANON_SHARED;
  const int mthp = pm_mode_is_mthp(c->mode);
  const size_t kb = pm_mode_size(c->mode) / 1024;
  const fault_file *file = NULL;
  fault_totals t = {0};
  const char *why = NULL;
  char msg[300] = "";
  mthp_counts before = {0, 0}, after = {0, 0};
  size_counts all_before, all_after;
  int first = 1, rc;
  if (is_file(c->kind) && (file = file_get(size, &why)) == NULL) {
    gb_skip_with_error(st, why);
    return;
  }
  /* the machine set up for this run's size alone, until it ends */
  if (mthp && ((rc = mthp_enter(kb, shmem, msg, sizeof msg)) != 0 ||
               (rc = mthp_read_counts(kb, shmem, &before)) != 0)) {
    if (rc != 0 && msg[0] == '\0')
      snprintf(msg, sizeof msg, "cannot read %s/stats: %s", pm_mthp_dir(kb),
               strerror(-rc));
    mthp_leave();
    bd_report_mode_not_obtained(st, c->mode, msg);
    return;
  }
  if (c->mode == PM_DEFAULT)
    read_all_counts(shmem, &all_before);
  while (gb_keep_running(st)) {
    double seconds = 0;
    if (iteration(st, c, size, file, first, &t, &seconds) != 0) {
      mthp_leave();
      return; /* reported */
    }
    gb_set_iteration_time(st, seconds);
    first = 0;
  }
  if (mthp) {
    rc = mthp_read_counts(kb, shmem, &after);
    mthp_leave();
    if (rc != 0 ||
        !mthp_obtained(kb, shmem, t.pages, &before, &after, msg, sizeof msg)) {
      if (rc != 0)
        snprintf(msg, sizeof msg, "cannot read %s/stats: %s", pm_mthp_dir(kb),
                 strerror(-rc));
      bd_report_mode_not_obtained(st, c->mode, msg);
      return;
    }
    /* as bd_check_mode does for the other modes: here from the counters */
    gb_set_counter(st, "page_backed", 1.0, 0);
  }
  if (c->mode == PM_DEFAULT) {
    read_all_counts(shmem, &all_after);
    gb_set_counter(st, "huge_fraction", t.huge_fraction, 0);
    gb_set_counter(st, "mthp_fraction",
                   mthp_fraction(&all_before, &all_after, t.pages), 0);
  }
  set_counters(st, &t, size);
}

/* ---- registration ------------------------------------------------------- */

/* 1 if shmem may use PMD-sized huge pages when madvised: the per-size
 * setting, or the global one when that says "inherit" (or is absent). */
static int shmem_thp_allowed(void) {
  static const char *const yes[] = {"always", "within_size", "advise", "force"};
  char path[160], choice[32];
  const size_t kb = pm_mode_size(PM_THP) / 1024;
  snprintf(path, sizeof path,
           "/sys/kernel/mm/transparent_hugepage/hugepages-%zukB/shmem_enabled",
           kb);
  if (pm_sys_read_choice(path, choice, sizeof choice) != 0 ||
      strcmp(choice, "inherit") == 0)
    if (pm_sys_read_choice("/sys/kernel/mm/transparent_hugepage/"
                           "shmem_enabled",
                           choice, sizeof choice) != 0)
      return 0;
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
    if (strcmp(choice, yes[i]) == 0)
      return 1;
  return 0;
}

/* The mthp rules of the header: 0 for the cases that could never get the
 * size; 1 for the others when a run can set the size up (bench_mthp.h). */
static int mthp_makes_sense(const bench_fault_case *c) {
  const int shmem = c->kind == BENCH_FAULT_ANON_SHARED;
  char why[256];
  if (c->prep == BENCH_FAULT_POPULATE)
    return 0;
  if (!shmem && (c->prep == BENCH_FAULT_POPULATE_READ ||
                 (c->prep == BENCH_FAULT_PLAIN && !c->write)))
    return 0;
  return mthp_runnable(pm_mode_size(c->mode) / 1024, shmem, why, sizeof why);
}

int bench_fault_makes_sense(const bench_fault_case *c) {
  if (is_file(c->kind))
    return c->mode == PM_4K;
  if (c->prep == BENCH_FAULT_WILLNEED)
    return 0;
  if (pm_mode_is_mthp(c->mode))
    return mthp_makes_sense(c);
  if (c->mode == PM_THP && c->prep == BENCH_FAULT_POPULATE)
    return 0;
  if (c->mode == PM_THP && c->kind == BENCH_FAULT_ANON_SHARED)
    return shmem_thp_allowed();
  return 1;
}

void bench_fault_register(const bench_fault_case *c, int64_t size,
                          int64_t iterations) {
  static const char *const argn[] = {"size"};
  char name[160];
  gb_bench *b;
  snprintf(name, sizeof name, "fault/%s/%s/%s/page:%s",
           bench_fault_kind_name(c->kind), c->write ? "write" : "read",
           bench_fault_prep_name(c->prep), pm_mode_name(c->mode));
  b = gb_register(name, bm_fault, bench_keep(c, sizeof *c));
  gb_arg_names(b, argn, 1);
  gb_args(b, &size, 1);
  gb_use_manual_time(b);
  gb_fixed_iterations(b, iterations);
  gb_time_unit_set(b, GB_MICROSECOND);
}

#define QUICK_BYTES (64 * MIB) /* touched per run */
#define FULL_BYTES (128 * MIB)

static const int64_t quick_sizes[] = {16 * MIB};
static const int64_t full_sizes[] = {4 * MIB, 64 * MIB, 256 * MIB};

/* Quick rows of the modes other than 4k: a first write, plain and
 * populated ahead (anon-shared for hugetlb, where shmem is the other). */
static void register_quick_row(bd_page_mode mode, int64_t size) {
  const bench_fault_kind second =
      mode == PM_THP ? BENCH_FAULT_ANON_PRIVATE : BENCH_FAULT_ANON_SHARED;
  const bench_fault_case rows[] = {
      {BENCH_FAULT_ANON_PRIVATE, 1, BENCH_FAULT_PLAIN, mode},
      {second, 1, BENCH_FAULT_POPULATE_WRITE, mode}};
  /* the mthp sizes and default: the first write alone, to stay quick */
  const size_t n = mode < PM_CLASSIC_COUNT ? 2 : 1;
  for (size_t i = 0; i < n; i++)
    if (bench_fault_makes_sense(&rows[i]))
      bench_fault_register(&rows[i], size, 1 + (QUICK_BYTES - 1) / size);
}

/* Every sensible case of MODE at SIZE, grouped by size so that the file
 * maps of one size share one test file. */
static void register_size(bd_page_mode mode, int64_t size, int64_t budget) {
  const int64_t iterations = size >= budget ? 1 : budget / size;
  for (int k = 0; k < BENCH_FAULT_KIND_COUNT; k++)
    for (int w = 0; w < 2; w++)
      for (int p = 0; p < BENCH_FAULT_PREP_COUNT; p++) {
        const bench_fault_case c = {(bench_fault_kind)k, w, (bench_fault_prep)p,
                                    mode};
        if (bench_fault_makes_sense(&c))
          bench_fault_register(&c, size, iterations);
      }
}

void bench_register_fault(const bench_config *cfg) {
  const int quick = cfg->grid == BENCH_GRID_QUICK;
  const int64_t *sizes = quick ? quick_sizes : full_sizes;
  const size_t ns = quick ? 1 : 3;
  /* the fault family's modes: cfg->modes and the mthp sizes and default */
  const bd_page_mode *modes = cfg->fault_modes ? cfg->fault_modes : cfg->modes;
  const size_t nmodes = cfg->fault_modes ? cfg->nfault_modes : cfg->nmodes;
  for (size_t m = 0; m < nmodes; m++) {
    const bd_page_mode mode = modes[m];
    int64_t last = 0;
    for (size_t s = 0; s < ns; s++) {
      /* hugetlb maps whole pages: 4 MiB .. 256 MiB are one 1 GiB size */
      const int64_t size = bd_mode_length(mode, sizes[s]);
      if (size == last)
        continue;
      last = size;
      if (quick && mode != PM_4K)
        register_quick_row(mode, size);
      else
        register_size(mode, size, quick ? QUICK_BYTES : FULL_BYTES);
    }
  }
}
