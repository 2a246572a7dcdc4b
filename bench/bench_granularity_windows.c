/* bench_granularity_windows.c - the Windows part of family granularity
 * (bench_granularity.c's header comment): views at 64 KiB, Windows'
 * ALLOCATIONGRANULARITY (a 4 KiB aligned offset is refused there, as
 * CPython refuses it), and at 2 MiB; ReadFile at an offset as the read
 * ("readfile"); the bench directory's test file alone (the filesystem
 * matrix is Linux's). */
#include "bench_families.h"
#include "bench_testfile.h"
#include "gbench.h"

#define KIB ((int64_t)1 << 10)
#define MIB ((int64_t)1 << 20)

const bench_testfile *bench_gran_testfile(gb_state *st,
                                          const bench_gran_case *c,
                                          int64_t align, int64_t window,
                                          int64_t file) {
  const char *why = NULL;
  const bench_testfile *tf;
  (void)align, (void)window;
  if (c->fs != NULL) {
    gb_skip_with_error(st, "no filesystem rows on Windows");
    return NULL;
  }
  if ((tf = bench_testfile_cached(file, &why)) == NULL)
    gb_skip_with_error(st, why);
  return tf;
}

void bench_register_granularity(const bench_config *cfg) {
  static const int64_t aligns[] = {64 * KIB, 2 * MIB};
  bench_gran_register_grid(cfg, aligns, sizeof aligns / sizeof aligns[0]);
}
