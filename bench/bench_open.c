/* bench_open.c - family open: what the core's construct/close costs over
 * the raw system calls it wraps. One iteration opens a read/write map of
 * SIZE bytes, checks it and closes it, touching nothing:
 *   core  mml_open (CPython's argument checks, fstat and dup of a file's
 *         descriptor, mmap), mml_buffer_export/release for the data pointer
 *         (it must be non-NULL and the length SIZE), mml_close (munmap, close
 *         of the dup) and mml_destroy;
 *   raw   mmap (not MAP_FAILED) and munmap, with the same flags.
 * Kinds: anon-private (MAP_PRIVATE | MAP_ANONYMOUS) and file-shared
 * (MAP_SHARED of the first SIZE bytes of the test file of bench_testfile.h,
 * quick 64 MiB, full 1 GiB). Sizes 4 KiB, 1 MiB, 64 MiB in both grids.
 *   open/core/file-shared/size:4096, open/raw/anon-private/size:67108864
 * items_per_second: opens (each with its close). Times are CPU time (the
 * system calls' kernel time included), as in bench_granularity.c.
 *
 * No page dimension: nothing is touched, so no page mode would show, and
 * the maps are opened plainly (not through bd_open_anon, whose madvise would
 * add a system call to the core's side only); page modes are a dimension of
 * find, rfind, move and fault only.
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "bench_families.h"
#include "bench_testfile.h"
#include "gbench.h"

static const char *const kind_names[] = {"anon-private", "file-shared"};

const char *bench_open_kind_name(bench_open_kind kind) {
  return kind_names[kind];
}

static const char *core_open(bench_open_kind kind, int fd, int64_t size) {
  const char *err = NULL;
  mml_open_args a;
  mml_map *m;
  uint8_t *p = NULL;
  int64_t len = -1;
  int readonly;
  mml_open_args_init(&a);
  a.fileno = kind == BENCH_OPEN_ANON_PRIVATE ? -1 : fd;
  a.length = size;
  /* The core hands flags to mmap(2) as CPython does: the OS values. */
  a.flags = kind == BENCH_OPEN_ANON_PRIVATE ? MAP_PRIVATE : MAP_SHARED;
  if (mml_open(&m, &a) != 0)
    return "mml_open failed";
  if (mml_buffer_export(m, &p, &len, &readonly) != 0) {
    err = "mml_buffer_export failed";
  } else {
    if (p == NULL || len != size)
      err = "the map has no data or the wrong length";
    (void)mml_buffer_release(m);
  }
  if (mml_close(m) != 0 && err == NULL)
    err = "mml_close failed";
  mml_destroy(m);
  return err;
}

static const char *raw_open(bench_open_kind kind, int fd, int64_t size) {
  const int anon = kind == BENCH_OPEN_ANON_PRIVATE;
  void *p =
      mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
           anon ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED, anon ? -1 : fd, 0);
  if (p == MAP_FAILED)
    return "mmap failed";
  return munmap(p, (size_t)size) == 0 ? NULL : "munmap failed";
}

static void bm_open(gb_state *st, void *ctx) {
  const bench_open_case *c = ctx;
  const int64_t size = gb_range(st, 0);
  const char *why = NULL;
  int fd = -1;
  if (c->kind == BENCH_OPEN_FILE_SHARED) {
    const bench_testfile *tf = bench_testfile_cached(c->file, &why);
    if (tf == NULL) {
      gb_skip_with_error(st, why);
      return;
    }
    fd = tf->fd;
  }
  while (gb_keep_running(st)) {
    const char *err = c->fn(c->kind, fd, size);
    if (err != NULL) {
      char msg[160];
      snprintf(msg, sizeof msg, "%s/open: %s", c->impl, err);
      gb_skip_with_error(st, msg);
      return;
    }
  }
  gb_set_items_processed(st, gb_iterations(st));
}

void bench_open_register(const bench_open_case *c, int64_t size) {
  static const char *const argn[] = {"size"};
  char name[160];
  gb_bench *b;
  snprintf(name, sizeof name, "open/%s/%s", c->impl,
           bench_open_kind_name(c->kind));
  b = gb_register(name, bm_open, bench_keep(c, sizeof *c));
  gb_arg_names(b, argn, 1);
  gb_args(b, &size, 1);
}

static const int64_t sizes[] = {4096, (int64_t)1 << 20, (int64_t)64 << 20};

void bench_register_open(const bench_config *cfg) {
  const int64_t file = cfg->grid == BENCH_GRID_QUICK ? BENCH_TESTFILE_QUICK_SIZE
                                                     : BENCH_TESTFILE_FULL_SIZE;
  for (int k = 0; k < BENCH_OPEN_KIND_COUNT; k++)
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
      const bench_open_case core = {"core", core_open, (bench_open_kind)k,
                                    file};
      const bench_open_case raw = {"raw", raw_open, (bench_open_kind)k, file};
      bench_open_register(&core, sizes[s]);
      bench_open_register(&raw, sizes[s]);
    }
}
