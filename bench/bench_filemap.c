/* bench_filemap.c - family filemap: the first touch of a file map with the
 * page cache warm or cold, after madvise advice, on every filesystem of
 * the run (bench_fs.h),
 *
 *   filemap/<kind>/<access>/<cache>/<advice>/fs:<fs>/size:<bytes>
 *
 * kind    file-shared (MAP_SHARED) or file-private (MAP_PRIVATE: a write
 *         copies the page); access read or write;
 * cache   warm (every page of the file resident before the touch) or cold
 *         (none resident);
 * advice  normal, sequential or random: madvise(MADV_NORMAL,
 *         MADV_SEQUENTIAL or MADV_RANDOM) on the whole map after mmap and
 *         before the touch (untimed). On a cold page Linux reads around the
 *         faulting page (normal: a window of the device's read_ahead_kb),
 *         reads ahead and keeps going (sequential), or reads that page alone
 *         (random); on a warm one fault-around maps cached pages next to it
 *         (normal, sequential; up to fault_around_bytes or a whole folio).
 * fs      the name of an entry of the run's list of filesystems.
 * Grids, per filesystem: quick, 16 MiB, file-shared read, warm and cold
 * under each advice (6 rows); full, 16 MiB and 64 MiB, every case (44
 * rows) but cold random at 64 MiB: there each page is its own synchronous
 * 4 KiB read, a cost per page that 16 MiB shows as well, at ~75 us a page
 * on a virtio disk (12 s for 3 repetitions of 4 such rows). A hugetlbfs
 * file rounds up to whole huge pages (1 GiB pages: one size, 1 GiB).
 *
 * The test file of a filesystem and size (bench_faultfile.h: a known
 * pattern, fsynced so its pages are clean, unlinked at once) is made on
 * first use and kept until exit; on hugetlbfs it lives for one run only,
 * so that its huge pages go back to the pool the page modes draw from.
 *
 * One iteration, untimed but for step 5:
 *  1. a new descriptor of the file, opened again through /proc/self/fd:
 *     readahead state lives in the open file (and Linux stops reading
 *     around for a file after 100 mmap misses), so every iteration starts
 *     as a file opened afresh;
 *  2. the cache state. cold: posix_fadvise(POSIX_FADV_DONTNEED), once more
 *     if mincore still shows pages (it skips pages locked at that moment),
 *     then, as root only, `echo 1 > /proc/sys/vm/drop_caches`: 1 drops
 *     clean page-cache pages, all a cold file needs (2 and 3 also drop every
 *     dentry and inode of the machine). It is global, so it is used only
 *     when fadvise did not suffice, and the run's label says so. warm: the
 *     same fadvise, then one pread of the whole file, so every warm run
 *     starts from the same folios (how pages came into the page cache
 *     decides their folio sizes, and so how many pages one fault maps);
 *  3. the map (mml_open of the descriptor), then the advice;
 *  4. resident_before, from mincore over a probe map of the whole file that
 *     is never touched (for a page no page table maps, mincore asks the
 *     page cache). A cold run with a page resident, or a warm one with a
 *     page missing, is an error entry, "cold cache not obtained: 0.49%
 *     resident (20 of 4096 pages)", never a time;
 *  5. the touch, the only time Google Benchmark sees (manual time): one
 *     byte read or written every 4096 bytes, start to end, faults counted
 *     around it with getrusage (faults.h);
 *  6. resident_after (the probe again), the checks, the undo of a shared
 *     write (the pattern written back and fsynced, so the pages are clean
 *     and evictable again), unmap, close.
 * hugetlbfs: mincore reports a hugetlb map's own page tables, not the
 * file's pages, so there the resident pages are the file's blocks
 * (st_blocks counts the huge pages it holds); they cannot be evicted, and
 * neither can tmpfs pages (the page cache is the file's only copy): cold
 * rows of such filesystems (bench_fs.evictable 0) report themselves
 * unavailable with that reason.
 *
 * Counters, summed over the iterations of a run and then divided; "page"
 * is a 4 KiB page everywhere:
 *   ns_per_page            touch time per page,
 *   faults_per_page        (minor + major) faults of the touch per page,
 *   minor_faults_per_page, major_faults_per_page (a major fault waited for
 *                          the file's data: its own read, or a page that
 *                          readahead still had in flight),
 *   pages_per_fault        pages touched per fault (left out without
 *                          faults),
 *   resident_per_fault     pages the file gained in the page cache during
 *                          the touch, per fault (left out without faults):
 *                          readahead made visible,
 *   resident_before, resident_after  the fraction of the file's pages
 *                          resident just before and after the touch (mean
 *                          of the iterations): 1 and 1 warm, 0 and 1 cold.
 *
 * Checks, every iteration: a read touch sums what it read (the pattern's
 * page sum); a write touch stores 0xff, then the first, middle and last
 * pages are checked (the byte written, its untouched neighbour) and the
 * file itself: a shared write reaches it, a private write must not.
 *
 * As in the fault family, an iteration's setup is untimed, so the iteration
 * count is fixed and --benchmark_min_time does not apply: one iteration
 * per run (its touch covers 4096 pages or more; a cold one costs a whole
 * file's eviction and reads), the spread comes from the repetitions.
 */
#define _GNU_SOURCE /* posix_fadvise, pread */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_families.h"
#include "bench_faultfile.h"
#include "bench_fs.h"
#include "faults.h"
#include "gbench.h"
#include "ut_str.h"

#define PAGE 4096
#define WRITE_VALUE BENCH_FAULTFILE_WRITTEN
#define MIB ((int64_t)1 << 20)

static const char *const cache_names[] = {"warm", "cold"};
static const char *const advice_names[] = {"normal", "sequential", "random"};
static const char *const advice_constants[] = {"MADV_NORMAL", "MADV_SEQUENTIAL",
                                               "MADV_RANDOM"};

const char *bench_filemap_cache_name(bench_filemap_cache cache) {
  return cache_names[cache];
}

const char *bench_filemap_advice_name(bench_filemap_advice advice) {
  return advice_names[advice];
}

/* ---- the test files and their residency --------------------------------- */

typedef struct filemap_file {
  size_t fs;
  int64_t size;
  int fd;             /* unlinked */
  int hugetlb;        /* on hugetlbfs: residency from st_blocks */
  void *probe;        /* PROT_READ map of the whole file, never touched */
  unsigned char *vec; /* mincore's answer for the probe */
} filemap_file;

static filemap_file **files;
static size_t nfiles;

static void file_drop(filemap_file *f) {
  for (size_t i = 0; i < nfiles; i++)
    if (files[i] == f)
      files[i] = files[--nfiles];
  if (f->probe != NULL)
    munmap(f->probe, (size_t)f->size);
  free(f->vec);
  close(f->fd);
  free(f);
}

/* The test file of FS (the FSI-th entry) and SIZE, made on first use; NULL
 * with *WHY set. */
static filemap_file *file_get(const bench_fs *fs, size_t fsi, int64_t size,
                              const char **why) {
  const size_t sys_page = (size_t)sysconf(_SC_PAGESIZE);
  filemap_file *f;
  for (size_t i = 0; i < nfiles; i++)
    if (files[i]->fs == fsi && files[i]->size == size)
      return files[i];
  f = calloc(1, sizeof *f);
  if (f == NULL) {
    *why = "out of memory";
    return NULL;
  }
  f->fs = fsi;
  f->size = size;
  f->hugetlb = fs->hugetlb_page > 0;
  f->fd = bench_faultfile_create(fs->dir, size, fs->hugetlb_page, why);
  if (f->fd < 0) {
    free(f);
    return NULL;
  }
  files = ut_xrealloc(files, (nfiles + 1) * sizeof *files);
  files[nfiles++] = f;
  if (f->hugetlb)
    return f;
  f->vec = malloc((size_t)size / sys_page + 1);
  f->probe = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, f->fd, 0);
  if (f->vec == NULL || f->probe == MAP_FAILED) {
    f->probe = NULL;
    file_drop(f);
    *why = "cannot map the test file for mincore";
    return NULL;
  }
  return f;
}

/* The 4 KiB pages of F in the page cache now, or -1 if that cannot be
 * told. */
static int64_t resident_pages(const filemap_file *f) {
  const size_t sys_page = (size_t)sysconf(_SC_PAGESIZE);
  int64_t n = 0;
  if (f->hugetlb) {
    struct stat sb;
    int64_t bytes;
    if (fstat(f->fd, &sb) != 0)
      return -1;
    bytes = (int64_t)sb.st_blocks * 512; /* st_blocks: 512-byte units */
    return (bytes < f->size ? bytes : f->size) / PAGE;
  }
  if (mincore(f->probe, (size_t)f->size, f->vec) != 0)
    return -1;
  for (size_t i = 0; i < (size_t)f->size / sys_page; i++)
    n += f->vec[i] & 1;
  return n * (int64_t)(sys_page / PAGE);
}

/* ---- the cache state ---------------------------------------------------- */

static bench_filemap_evict_fn evict_hook;

void bench_filemap_set_evict(bench_filemap_evict_fn fn) { evict_hook = fn; }

/* `echo 1 > /proc/sys/vm/drop_caches`: 0, or -1 (not root, no /proc). */
static int drop_page_cache(void) {
  const int fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  ssize_t w;
  if (fd < 0)
    return -1;
  w = write(fd, "1", 1);
  close(fd);
  return w == 1 ? 0 : -1;
}

/* Evicts F's pages through FD (as the header says); sets *DROPPED when it
 * took drop_caches. */
static void make_cold(int fd, const filemap_file *f, int *dropped) {
  for (int i = 0; i < 2; i++) {
    if (evict_hook != NULL)
      evict_hook(fd, f->size);
    else
      (void)posix_fadvise(fd, 0, (off_t)f->size, POSIX_FADV_DONTNEED);
    if (resident_pages(f) == 0)
      return;
  }
  if (geteuid() == 0 && drop_page_cache() == 0)
    *dropped = 1;
}

/* Reads the whole file through FD once (after evicting it where its pages
 * can be): 0, or -1 with errno set. */
static int make_warm(int fd, const filemap_file *f, const bench_fs *fs) {
  uint8_t *buf = malloc((size_t)MIB);
  int64_t off = 0;
  if (buf == NULL)
    return -1;
  if (fs->evictable)
    (void)posix_fadvise(fd, 0, (off_t)f->size, POSIX_FADV_DONTNEED);
  while (off < f->size) {
    const ssize_t n = pread(fd, buf, (size_t)MIB, (off_t)off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (n == 0)
        errno = EIO; /* shorter than it was written */
      free(buf);
      return -1;
    }
    off += n;
  }
  free(buf);
  return 0;
}

/* Reports (as not obtained) and returns -1 unless RESIDENT of F's pages is
 * what C's cache state needs. */
static int check_state(gb_state *st, const bench_filemap_case *c,
                       const filemap_file *f, int64_t resident) {
  const int64_t pages = f->size / PAGE;
  char msg[200];
  if (resident < 0) {
    gb_skip_with_error(st, "cannot tell the file's resident pages (mincore)");
    return -1;
  }
  if (c->cache == BENCH_FILEMAP_COLD ? resident == 0 : resident == pages)
    return 0;
  snprintf(msg, sizeof msg,
           "%s cache not obtained: %.2f%% resident (%" PRId64 " of %" PRId64
           " pages)%s",
           bench_filemap_cache_name(c->cache),
           100.0 * (double)resident / (double)pages, resident, pages,
           c->cache == BENCH_FILEMAP_COLD && geteuid() != 0
               ? "; posix_fadvise did not suffice and drop_caches needs root"
               : "");
  bd_report_not_obtained(st, msg);
  return -1;
}

/* ---- one iteration ------------------------------------------------------ */

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* What the iterations of one run add up. */
typedef struct filemap_totals {
  int64_t pages, touch_ns, gained, iterations;
  long minor, major;
  double before, after; /* sums of resident fractions */
  int dropped;          /* iterations that took drop_caches */
} filemap_totals;

/* An iteration's descriptor, map and its exported bytes. */
typedef struct filemap_map {
  int fd;
  mml_map *map;
  uint8_t *data;
  int64_t len;
} filemap_map;

static void unmap(filemap_map *m) {
  if (m->data != NULL)
    (void)mml_buffer_release(m->map);
  mml_destroy(m->map);
  if (m->fd >= 0)
    close(m->fd);
  m->fd = -1;
  m->map = NULL;
  m->data = NULL;
}

/* Steps 1-3 of an iteration: 0, or -1 after reporting why. */
static int setup(gb_state *st, const bench_filemap_case *c, const bench_fs *fs,
                 const filemap_file *f, int *dropped, filemap_map *m) {
  char *path = ut_xasprintf("/proc/self/fd/%d", f->fd);
  char msg[200];
  int64_t opt = 0, len = f->size;
  int readonly = 0, rc;
  mml_open_args a;
  m->fd = open(path, O_RDWR | O_CLOEXEC);
  free(path);
  if (m->fd < 0) {
    snprintf(msg, sizeof msg,
             "cannot open the test file again through /proc/self/fd: %s",
             strerror(errno));
    gb_skip_with_error(st, msg);
    return -1;
  }
  if (c->cache == BENCH_FILEMAP_COLD)
    make_cold(m->fd, f, dropped);
  else if (make_warm(m->fd, f, fs) != 0) {
    snprintf(msg, sizeof msg, "cannot read the test file: %s", strerror(errno));
    gb_skip_with_error(st, msg);
    return -1;
  }
  mml_open_args_init(&a);
  a.fileno = m->fd;
  a.length = f->size;
  a.flags = c->kind == BENCH_FAULT_FILE_SHARED ? MAP_SHARED : MAP_PRIVATE;
  a.trackfd = 0;
  if ((rc = mml_open(&m->map, &a)) != 0 && f->hugetlb && rc == -ENOMEM) {
    /* the pool, not a wrong result */
    bd_report_unavailable(st, "hugetlbfs: too few free huge pages in the "
                              "pool for the map's reservation (a private "
                              "map reserves its copies)");
    return -1;
  }
  if (rc != 0) {
    snprintf(msg, sizeof msg, "mml_open of the test file failed: %s",
             mml_strerror(rc));
    gb_skip_with_error(st, msg);
    return -1;
  }
  if (mml_buffer_export(m->map, &m->data, &m->len, &readonly) != 0) {
    gb_skip_with_error(st, "mml_buffer_export failed");
    return -1;
  }
  (void)mml_constant_value(advice_constants[c->advice], &opt);
  if ((rc = mml_madvise(m->map, opt, 0, &len)) != 0) {
    snprintf(msg, sizeof msg, "madvise(%s) failed: %s",
             advice_constants[c->advice], mml_strerror(rc));
    gb_skip_with_error(st, msg);
    return -1;
  }
  return 0;
}

/* Checks the touch of F through M (SUM: what a read touch summed): 0, or
 * -1 with MSG filled. */
static int check_touch(const bench_filemap_case *c, const filemap_map *m,
                       const filemap_file *f, uint64_t sum, char *msg,
                       size_t cap) {
  const bench_touch_check t = {m->data,  f->size,
                               c->write, sum,
                               m->fd,    c->kind == BENCH_FAULT_FILE_SHARED};
  return bench_faultfile_check_touch(&t, msg, cap);
}

/* Steps 4-6 (the touch timed alone, into T): 0, or -1 after reporting. */
static int measure(gb_state *st, const bench_filemap_case *c,
                   const filemap_file *f, filemap_map *m, filemap_totals *t) {
  const int64_t pages = f->size / PAGE;
  const int64_t before = resident_pages(f);
  flt_sample s0, s1;
  flt_delta d;
  int64_t t0, t1, after;
  uint64_t sum = 0;
  char msg[200];
  if (check_state(st, c, f, before) != 0)
    return -1;
  (void)flt_sample_read(&s0);
  t0 = now_ns();
  if (c->write)
    (void)flt_touch_write(m->data, (size_t)f->size, PAGE, WRITE_VALUE);
  else
    sum = flt_touch_read(m->data, (size_t)f->size, PAGE, NULL);
  t1 = now_ns();
  (void)flt_sample_read(&s1);
  after = resident_pages(f);
  d = flt_diff(&s0, &s1);
  t->touch_ns += t1 - t0;
  t->minor += d.minor;
  t->major += d.major;
  t->pages += pages;
  t->gained += after > before ? after - before : 0;
  t->before += (double)before / (double)pages;
  t->after += (double)(after > 0 ? after : 0) / (double)pages;
  t->iterations++;
  if (check_touch(c, m, f, sum, msg, sizeof msg) != 0) {
    gb_skip_with_error(st, msg);
    return -1;
  }
  if (c->kind == BENCH_FAULT_FILE_SHARED && c->write) {
    for (int64_t off = 0; off < f->size; off += PAGE)
      m->data[off] = bench_faultfile_byte(off);
    if (fsync(m->fd) != 0) { /* clean again: evictable */
      gb_skip_with_error(st, "fsync after undoing the shared write failed");
      return -1;
    }
  }
  return 0;
}

/* One iteration: 0 with *SECONDS the touch time, or -1 after reporting. */
static int iteration(gb_state *st, const bench_filemap_case *c,
                     const bench_fs *fs, const filemap_file *f,
                     filemap_totals *t, double *seconds) {
  filemap_map m = {-1, NULL, NULL, 0};
  const int64_t ns = t->touch_ns;
  int dropped = 0;
  int rc = setup(st, c, fs, f, &dropped, &m);
  if (rc == 0)
    rc = measure(st, c, f, &m, t);
  t->dropped += dropped;
  unmap(&m);
  *seconds = (double)(t->touch_ns - ns) * 1e-9;
  return rc;
}

static void set_counters(gb_state *st, const filemap_totals *t, int64_t size) {
  const double pages = (double)t->pages, faults = (double)(t->minor + t->major);
  gb_set_counter(st, "ns_per_page", (double)t->touch_ns / pages, 0);
  gb_set_counter(st, "faults_per_page", faults / pages, 0);
  gb_set_counter(st, "minor_faults_per_page", (double)t->minor / pages, 0);
  gb_set_counter(st, "major_faults_per_page", (double)t->major / pages, 0);
  if (faults > 0) {
    gb_set_counter(st, "pages_per_fault", pages / faults, 0);
    gb_set_counter(st, "resident_per_fault", (double)t->gained / faults, 0);
  }
  gb_set_counter(st, "resident_before", t->before / (double)t->iterations, 0);
  gb_set_counter(st, "resident_after", t->after / (double)t->iterations, 0);
  if (t->dropped > 0) {
    char label[120];
    snprintf(label, sizeof label,
             "cold via drop_caches in %d of %" PRId64
             " iterations (posix_fadvise did not suffice)",
             t->dropped, t->iterations);
    gb_set_label(st, label);
  }
  gb_set_items_processed(st, t->pages);
  gb_set_bytes_processed(st, gb_iterations(st) * size);
}

/* Reports C as unavailable on FS (and returns 1) when it cannot run there
 * or on this platform. */
static int unavailable(gb_state *st, const bench_filemap_case *c,
                       const bench_fs *fs) {
  int64_t opt = 0;
  char msg[200];
  if (c->cache == BENCH_FILEMAP_COLD && !fs->evictable) {
    snprintf(msg, sizeof msg,
             "cold cache on %s: its pages cannot be evicted (the page cache "
             "is the file's only copy)",
             fs->type != NULL ? fs->type : "this filesystem");
    bd_report_unavailable(st, msg);
    return 1;
  }
  if (!mml_constant_value(advice_constants[c->advice], &opt)) {
    snprintf(msg, sizeof msg, "%s: not an option of this platform",
             advice_constants[c->advice]);
    bd_report_unavailable(st, msg);
    return 1;
  }
  return 0;
}

static void bm_filemap(gb_state *st, void *ctx) {
  const bench_filemap_case *c = ctx;
  const bench_fs *fs = bench_fs_at(c->fs);
  const int64_t size = gb_range(st, 0);
  filemap_totals t = {0};
  filemap_file *f;
  const char *why = NULL;
  if (fs == NULL) {
    gb_skip_with_error(st, "the filesystem is no longer in the run's list");
    return;
  }
  if (unavailable(st, c, fs))
    return;
  if ((f = file_get(fs, c->fs, size, &why)) == NULL) {
    if (fs->hugetlb_page > 0) /* the pool, not a wrong result */
      bd_report_unavailable(st, why);
    else
      gb_skip_with_error(st, why);
    return;
  }
  while (gb_keep_running(st)) {
    double seconds = 0;
    if (iteration(st, c, fs, f, &t, &seconds) != 0)
      break; /* reported */
    gb_set_iteration_time(st, seconds);
  }
  if (f->hugetlb) /* its huge pages back to the pool */
    file_drop(f);
  if (!gb_error_occurred(st))
    set_counters(st, &t, size);
}

/* ---- registration ------------------------------------------------------- */

void bench_filemap_register(const bench_filemap_case *c, int64_t size,
                            int64_t iterations) {
  static const char *const argn[] = {"size"};
  const bench_fs *fs = bench_fs_at(c->fs);
  char *name = ut_xasprintf(
      "filemap/%s/%s/%s/%s/fs:%s", bench_fault_kind_name(c->kind),
      c->write ? "write" : "read", bench_filemap_cache_name(c->cache),
      bench_filemap_advice_name(c->advice), fs != NULL ? fs->name : "?");
  gb_bench *b = gb_register(name, bm_filemap, bench_keep(c, sizeof *c));
  free(name);
  gb_arg_names(b, argn, 1);
  gb_args(b, &size, 1);
  gb_use_manual_time(b);
  gb_fixed_iterations(b, iterations);
  gb_time_unit_set(b, GB_MICROSECOND);
}

static const int64_t quick_sizes[] = {16 * MIB};
static const int64_t full_sizes[] = {16 * MIB, 64 * MIB};

/* 1 if C is registered in the full grid at a filesystem's FIRST size or
 * a later one: cold random only at the first (see the header). */
static int full_row(const bench_filemap_case *c, int first) {
  return first || c->cache != BENCH_FILEMAP_COLD ||
         c->advice != BENCH_FILEMAP_RANDOM;
}

/* The rows of filesystem FS at SIZE: quick, a shared read warm and cold
 * under each advice; full, every case (but one, full_row). */
static void register_size(size_t fs, int64_t size, int quick, int first) {
  static const bench_fault_kind kinds[] = {BENCH_FAULT_FILE_SHARED,
                                           BENCH_FAULT_FILE_PRIVATE};
  for (int k = 0; k < (quick ? 1 : 2); k++)
    for (int w = 0; w < (quick ? 1 : 2); w++)
      for (int ca = 0; ca < BENCH_FILEMAP_CACHE_COUNT; ca++)
        for (int a = 0; a < BENCH_FILEMAP_ADVICE_COUNT; a++) {
          const bench_filemap_case c = {kinds[k], w, (bench_filemap_cache)ca,
                                        (bench_filemap_advice)a, fs};
          if (quick || full_row(&c, first))
            bench_filemap_register(&c, size, 1);
        }
}

void bench_register_filemap(const bench_config *cfg) {
  const int quick = cfg->grid == BENCH_GRID_QUICK;
  const int64_t *sizes = quick ? quick_sizes : full_sizes;
  const size_t ns = quick ? 1 : 2;
  for (size_t i = 0; i < bench_fs_count(); i++) {
    const int64_t unit = bench_fs_at(i)->hugetlb_page > 0
                             ? (int64_t)bench_fs_at(i)->hugetlb_page
                             : PAGE;
    int64_t last = 0;
    for (size_t s = 0; s < ns; s++) {
      const int64_t size = (sizes[s] + unit - 1) / unit * unit;
      if (size != last)
        register_size(i, size, quick, last == 0);
      last = size;
    }
  }
}
