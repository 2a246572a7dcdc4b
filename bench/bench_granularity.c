/* bench_granularity.c - family granularity: reading a large file
 * (bench_testfile.h: quick 64 MiB, full 1 GiB, in the page cache) through
 * windows mapped one at a time, against pread.
 *
 * scan    reads the whole file, start to end, in windows of W bytes. The
 *         core maps each window with mml_open(fileno, length, offset,
 *         ACCESS_READ), as mmap.mmap(f.fileno(), n, offset=o,
 *         access=ACCESS_READ) does (trackfd: a dup per map), at the window
 *         start rounded DOWN to the alignment A, adds the window's words,
 *         then closes the map. With W < A several windows share one aligned
 *         start and each map is longer than W: that extra length is the cost
 *         shown. pread reads each window into a W-byte buffer (no alignment).
 *         The words of a scan must add up to the file's checksum.
 *           granularity/core/scan/align:A/window:W/file:F
 *           granularity/pread/scan/window:W/file:F
 *         A in {4 KiB, 64 KiB, 2 MiB}; W in {4 KiB, 64 KiB, 1 MiB, 2 MiB,
 *         16 MiB, F} (quick: 4 KiB, 1 MiB, F). bytes_per_second: file bytes;
 *         counters per scan: maps, mapped_bytes; ns_per_gib scanned.
 * window  maps, touches (one read per 4 KiB page) and unmaps one window of
 *         W bytes, or preads W bytes (and reads the same bytes of the
 *         buffer); successive iterations take successive windows of the
 *         file. The bytes read must be the file's.
 *           granularity/core/window/size:W/file:F
 *           granularity/pread/window/size:W/file:F
 *         W in {4, 16, 64, 256 KiB, 1, 2, 16, 64 MiB} (quick: 4 KiB,
 *         64 KiB, 2 MiB, 64 MiB); counters ns_per_window, ns_per_page,
 *         faults_per_page (left out where the OS counts no faults:
 *         Wine).
 *
 * The alignments: the core's mml_open checks offset % ALLOCATIONGRANULARITY
 * as CPython does, and that is the page size on Linux, so a 4 KiB aligned
 * offset is valid here; a Windows-portable program must use 64 KiB (its
 * ALLOCATIONGRANULARITY); 2 MiB is the huge page size.
 *
 * This file is every OS's; the alignments, the per-filesystem rows and
 * which test file a case reads are per OS: bench_granularity_unix.c (4 KiB,
 * 64 KiB, 2 MiB; pread), bench_granularity_windows.c (64 KiB and 2 MiB,
 * Windows' ALLOCATIONGRANULARITY being 64 KiB; ReadFile as "readfile"). The
 * window rows map at ALLOCATIONGRANULARITY.
 *
 * Per filesystem of bench_fs.h's list, scans of that filesystem's test
 * file (bench_fsmap.h, 64 MiB in every grid):
 *   granularity/core/scan/fs:<fs>/align:A/window:W/file:F
 *   granularity/pread/scan/fs:<fs>/window:W/file:F
 * (A, W) quick: (4 KiB, 2 MiB), (2 MiB, 2 MiB); full also (64 KiB, 2 MiB),
 * (4 KiB, 4 KiB), (4 KiB, F); pread with each W. On hugetlbfs the core's
 * cells with W below its page size are listed as unavailable (a hugetlbfs
 * map starts and ends on a page).
 *
 * No page dimension: these benchmarks are about file offsets and window
 * sizes, and file maps of the page cache are not a page mode the families
 * choose (page modes are a dimension of find, rfind, move and fault only).
 * Times: Google Benchmark's default, the thread's CPU time, which counts
 * the kernel's work for the thread (system calls, faults, copies) and, with
 * the file in the page cache, nothing waits on I/O; the JSON carries the
 * wall-clock real_time too. (gb_use_real_time would append "/real_time" to
 * the names.) Faults: a read fault on a file map also maps the cached pages
 * around it that lie inside the map (fault-around, fault_around_bytes in
 * debugfs, 64 KiB by default), so faults_per_page is below 1 for windows
 * over 4 KiB, and a map longer than its window (W < A) may map pages
 * nobody reads.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_families.h"
#include "bench_testfile.h"
#include "faults.h"
#include "gbench.h"

#define KIB ((int64_t)1 << 10)
#define MIB ((int64_t)1 << 20)

/* ---- the implementations ------------------------------------------------ */

/* The checksum of a window's LEN bytes at P, as W->pages says. */
static uint64_t window_sum(const bench_window *w, const uint8_t *p) {
  if (w->pages)
    return flt_touch_read(p, (size_t)w->len, BENCH_TESTFILE_PAGE, NULL);
  return bench_testfile_sum(p, w->len);
}

const char *bench_gran_core(const bench_window *w, uint64_t *sum,
                            int64_t *mapped) {
  const int64_t base = w->offset / w->align * w->align;
  const char *err = NULL;
  mml_open_args a;
  mml_map *m;
  uint8_t *p;
  int64_t len;
  int readonly;
  mml_open_args_init(&a);
  a.fileno = w->fd;
  a.length = w->offset - base + w->len;
  a.offset = base;
  a.access = MML_ACCESS_READ;
  if (mml_open(&m, &a) != 0)
    return "mml_open failed";
  if (mml_buffer_export(m, &p, &len, &readonly) != 0) {
    err = "mml_buffer_export failed";
  } else {
    if (len != a.length)
      err = "the map has the wrong length";
    else
      *sum += window_sum(w, p + (w->offset - base));
    (void)mml_buffer_release(m);
  }
  if (mml_close(m) != 0 && err == NULL)
    err = "mml_close failed";
  mml_destroy(m);
  *mapped += a.length;
  return err;
}

const char *bench_gran_read(const bench_window *w, uint64_t *sum,
                            int64_t *mapped) {
  (void)mapped;
  if (bench_testfile_read(w->fd, w->buf, w->len, w->offset) != 0)
    return "the read failed or hit the end of the file";
  *sum += window_sum(w, w->buf);
  return NULL;
}

/* The core's ALLOCATIONGRANULARITY (a map's offset must be a multiple of
 * it): the page size on Linux, 64 KiB on Windows. */
static int64_t granularity(void) {
  int64_t g;
  return mml_constant_value("ALLOCATIONGRANULARITY", &g) && g > 0
             ? g
             : BENCH_TESTFILE_PAGE;
}

/* ---- the benchmarks ----------------------------------------------------- */

/* A registered case and its row (kept by bench_keep). */
typedef struct case_node {
  bench_gran_case c;
  int64_t align, window, file;
} case_node;

/* A pre-faulted buffer of at least N bytes for buffered cases, kept across
 * calls (a 1 GiB buffer takes long to fault in); NULL if out of memory.
 * Compiler quirk: gcc turns malloc + memset(0) into calloc, which takes
 * fresh zero pages from mmap and writes nothing, so the pages are written
 * with a non-zero byte instead. */
static uint8_t *scratch(int64_t n) {
  static uint8_t *buf;
  static int64_t cap;
  if (n > cap) {
    free(buf);
    cap = 0;
    if ((buf = malloc((size_t)n)) == NULL)
      return NULL;
    (void)flt_touch_write(buf, (size_t)n, BENCH_TESTFILE_PAGE, 1);
    cap = n;
  }
  return buf;
}

/* The test file and the window of N's case; 0, or -1 after reporting. */
static int setup(gb_state *st, const case_node *n, const bench_testfile **tf,
                 bench_window *w) {
  memset(w, 0, sizeof *w);
  *tf = bench_gran_testfile(st, &n->c, n->align, n->window, n->file);
  if (*tf == NULL)
    return -1;
  w->fd = (*tf)->fd;
  w->align = n->align;
  if (n->c.buffered && (w->buf = scratch(n->window)) == NULL) {
    gb_skip_with_error(st, "out of memory for the read buffer");
    return -1;
  }
  return 0;
}

/* Reports the first failure of a run: what failed, and where. */
static void fail(gb_state *st, const case_node *n, const char *what,
                 int64_t offset) {
  char msg[200];
  snprintf(msg, sizeof msg, "%s/%s: %s (window at %" PRId64 ")", n->c.impl,
           n->c.scan ? "scan" : "window", what, offset);
  gb_skip_with_error(st, msg);
}

/* One scan of the file; returns NULL or what failed, at *OFF. */
static const char *scan_once(const case_node *n, const bench_testfile *tf,
                             bench_window *w, int64_t *off, int64_t *mapped) {
  uint64_t sum = 0;
  const char *err;
  *mapped = 0;
  for (*off = 0; *off < tf->size; *off += n->window) {
    w->offset = *off;
    w->len = tf->size - *off < n->window ? tf->size - *off : n->window;
    if ((err = n->c.fn(w, &sum, mapped)) != NULL)
      return err;
  }
  *off = 0;
  return sum == tf->sum ? NULL : "wrong checksum of the whole file";
}

static void bm_scan(gb_state *st, void *ctx) {
  const case_node *n = ctx;
  const bench_testfile *tf;
  bench_window w;
  int64_t off = 0, mapped = 0;
  double windows;
  if (setup(st, n, &tf, &w) != 0)
    return;
  while (gb_keep_running(st)) {
    const char *err = scan_once(n, tf, &w, &off, &mapped);
    if (err != NULL) {
      fail(st, n, err, off);
      return;
    }
  }
  windows = (double)((tf->size + n->window - 1) / n->window);
  gb_set_bytes_processed(st, gb_iterations(st) * tf->size);
  gb_set_counter(st, "maps", mapped > 0 ? windows : 0, GB_COUNTER_DEFAULT);
  gb_set_counter(st, "mapped_bytes", (double)mapped, GB_COUNTER_DEFAULT);
  /* (GiB scanned / 1e9) per second, inverted: ns per GiB. */
  gb_set_counter(st, "ns_per_gib",
                 (double)gb_iterations(st) * (double)tf->size /
                     (double)(1 << 30) / 1e9,
                 GB_COUNTER_RATE | GB_COUNTER_INVERT);
}

/* Reads window W of TF through N's case and checks its bytes; NULL, or
 * what failed. */
static const char *read_window(const case_node *n, const bench_testfile *tf,
                               bench_window *w, int64_t *mapped) {
  uint64_t sum = 0;
  const char *err = n->c.fn(w, &sum, mapped);
  if (err == NULL && sum != bench_testfile_page_expect(tf, w->offset, w->len))
    err = "wrong bytes read";
  return err;
}

static void bm_window(gb_state *st, void *ctx) {
  const case_node *n = ctx;
  const int64_t pages =
      (n->window + BENCH_TESTFILE_PAGE - 1) / BENCH_TESTFILE_PAGE;
  const bench_testfile *tf;
  bench_window w;
  flt_sample before, after;
  flt_delta d;
  int64_t mapped = 0;
  const char *err;
  double done;
  int counted;
  if (setup(st, n, &tf, &w) != 0)
    return;
  w.len = n->window;
  w.align = granularity();
  w.pages = 1;
  /* One untimed window first, so that faults on code and data the loop
   * uses for the first time are not counted as the window's. */
  if ((err = read_window(n, tf, &w, &mapped)) != NULL) {
    fail(st, n, err, w.offset);
    return;
  }
  counted = flt_sample_read(&before) == 0;
  while (gb_keep_running(st)) {
    if ((err = read_window(n, tf, &w, &mapped)) != NULL) {
      fail(st, n, err, w.offset);
      return;
    }
    w.offset = w.offset + 2 * w.len <= tf->size ? w.offset + w.len : 0;
  }
  counted = counted && flt_sample_read(&after) == 0;
  done = (double)gb_iterations(st);
  gb_set_bytes_processed(st, gb_iterations(st) * n->window);
  gb_set_items_processed(st, gb_iterations(st));
  gb_set_counter(st, "ns_per_window", done / 1e9,
                 GB_COUNTER_RATE | GB_COUNTER_INVERT);
  gb_set_counter(st, "ns_per_page", done * (double)pages / 1e9,
                 GB_COUNTER_RATE | GB_COUNTER_INVERT);
  if (!counted)
    return; /* no counts here (Wine keeps none): no counter, not a 0 */
  d = flt_diff(&before, &after);
  gb_set_counter(st, "faults_per_page",
                 flt_per_page(&d, (size_t)(done * (double)pages)),
                 GB_COUNTER_DEFAULT);
}

/* ---- registration ------------------------------------------------------- */

void bench_gran_register(const bench_gran_case *c, int64_t align,
                         int64_t window, int64_t file) {
  static const char *const scan_aligned[] = {"align", "window", "file"};
  static const char *const scan_plain[] = {"window", "file"};
  static const char *const win_names[] = {"size", "file"};
  const int64_t aligned_row[] = {align, window, file}, row[] = {window, file};
  char name[160];
  const case_node node = {*c, align, window, file};
  const case_node *n = bench_keep(&node, sizeof node);
  gb_bench *b;
  snprintf(name, sizeof name, "granularity/%s/%s%s%s", c->impl,
           c->scan ? "scan" : "window", c->fs ? "/fs:" : "",
           c->fs ? c->fs : "");
  b = gb_register(name, c->scan ? bm_scan : bm_window, (void *)n);
  if (c->scan && c->aligned) {
    gb_arg_names(b, scan_aligned, 3);
    gb_args(b, aligned_row, 3);
  } else {
    gb_arg_names(b, c->scan ? scan_plain : win_names, 2);
    gb_args(b, row, 2);
  }
}

/* 0 stands for the whole file. */
static const int64_t quick_scan[] = {4 * KIB, 1 * MIB, 0};
static const int64_t full_scan[] = {4 * KIB, 64 * KIB, 1 * MIB,
                                    2 * MIB, 16 * MIB, 0};
static const int64_t quick_win[] = {4 * KIB, 64 * KIB, 2 * MIB, 64 * MIB};
static const int64_t full_win[] = {4 * KIB, 16 * KIB, 64 * KIB, 256 * KIB,
                                   1 * MIB, 2 * MIB,  16 * MIB, 64 * MIB};

void bench_gran_register_grid(const bench_config *cfg, const int64_t *aligns,
                              size_t naligns) {
  const int quick = cfg->grid == BENCH_GRID_QUICK;
  const int64_t file =
      quick ? BENCH_TESTFILE_QUICK_SIZE : BENCH_TESTFILE_FULL_SIZE;
  const int64_t *scan = quick ? quick_scan : full_scan;
  const int64_t *win = quick ? quick_win : full_win;
  const size_t nscan = quick ? 3 : 6, nwin = quick ? 4 : 8;
  const bench_gran_case core_scan = {"core", bench_gran_core, 1, 1, 0, NULL};
  const bench_gran_case read_scan = {
      bench_testfile_read_name, bench_gran_read, 1, 0, 1, NULL};
  const bench_gran_case core_win = {"core", bench_gran_core, 0, 0, 0, NULL};
  const bench_gran_case read_win = {
      bench_testfile_read_name, bench_gran_read, 0, 0, 1, NULL};
  for (size_t s = 0; s < nscan; s++) {
    const int64_t w = scan[s] == 0 ? file : scan[s];
    for (size_t a = 0; a < naligns; a++)
      bench_gran_register(&core_scan, aligns[a], w, file);
    bench_gran_register(&read_scan, 0, w, file);
  }
  for (size_t s = 0; s < nwin; s++) {
    bench_gran_register(&core_win, 0, win[s], file);
    bench_gran_register(&read_win, 0, win[s], file);
  }
}
