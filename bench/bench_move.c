/* bench_move.c - family move: the core's mml_move against the C library's
 * memmove (glibc on Linux, msvcrt on Windows: bench_libc_name)
 * inside one pre-faulted anonymous map (and, for disjoint moves at 4 KiB
 * pages, the core with its fault-safe mode on: core-faultsafe), sizes
 *   quick: 64 B, 64 KiB, 16 MiB
 *   full:  64 B, 512 B, 4 KiB, 64 KiB, 1 MiB, 16 MiB, 256 MiB
 * in page mode 4k (the other modes: quick 16 MiB; full 64 KiB, 16 MiB,
 * 256 MiB)
 * and kinds fwd-overlap, bwd-overlap, disjoint, misaligned, page-cross,
 * laid out as bench/python/DATA.md says (bd_move_layout): a map of
 * 2R + 3 * 4096 bytes holding body(random), offsets from 0. The timed loop
 * repeats one call; afterwards the span of source and destination is put
 * back to the body, moved once and checked (the moved range against the
 * source's original bytes, 4 KiB either side unchanged), then put back to
 * the body for the next user of the cache. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_families.h"
#include "gbench.h"

static const char *const kind_names[] = {
    "fwd-overlap", "bwd-overlap", "disjoint", "misaligned", "page-cross"};

const char *bench_move_kind_name(bench_move_kind kind) {
  return kind_names[kind];
}

static int core_move(bd_mapping *m, int64_t dest, int64_t src, int64_t n) {
  return mml_move(m->map, dest, src, n);
}

static int libc_move(bd_mapping *m, int64_t dest, int64_t src, int64_t n) {
  memmove(m->data + dest, m->data + src, (size_t)n);
  return 0;
}

/* Bytes either side of the moved span that the check also compares. */
#define GUARD 4096

/* The first offset of P in [FROM, TO) that differs from REF (the body),
 * or -1. */
static int64_t mismatch_in(const uint8_t *p, const uint8_t *ref, int64_t from,
                           int64_t to) {
  if (from >= to || memcmp(p + from, ref + from, (size_t)(to - from)) == 0)
    return -1;
  while (p[from] == ref[from])
    from++;
  return from;
}

/* One move from a freshly restored span, checked against body(random) (its
 * pristine copy REF): 0, or -1 with MSG filled at the first wrong byte. The
 * span [LO, HI) covering source and destination is put back to the body
 * before and after, so the check costs O(size), not O(map): the destination
 * must hold the source's bytes, and GUARD bytes either side of the span
 * must be unchanged. */
static int check_move(const bench_move_case *c, bd_mapping *m,
                      const uint8_t *ref, int64_t len, int64_t src, int64_t dst,
                      int64_t size, char *msg, size_t cap) {
  const int64_t lo = src < dst ? src : dst, hi = (src > dst ? src : dst) + size;
  const int64_t glo = lo > GUARD ? lo - GUARD : 0;
  const int64_t ghi = len - hi > GUARD ? hi + GUARD : len;
  int64_t k = -1;
  int rc;
  memcpy(m->data + lo, ref + lo, (size_t)(hi - lo));
  rc = c->fn(m, dst, src, size);
  if (rc != 0)
    snprintf(msg, cap, "%s/move: the call failed (%d)", c->impl, rc);
  else if (memcmp(m->data + dst, ref + src, (size_t)size) != 0) {
    for (k = 0; m->data[dst + k] == ref[src + k]; k++)
      ;
    snprintf(msg, cap, "%s/move: wrong byte at dest+%" PRId64, c->impl, k);
  } else if ((k = mismatch_in(m->data, ref, glo, dst)) >= 0 ||
             (k = mismatch_in(m->data, ref, dst + size, ghi)) >= 0)
    snprintf(msg, cap,
             "%s/move: byte outside the destination changed at %" PRId64,
             c->impl, k);
  if (rc == 0 && k < 0) {
    memcpy(m->data + lo, ref + lo, (size_t)(hi - lo));
    return 0;
  }
  bd_fill(m->data, m->len, BD_DATA_RANDOM);
  return -1;
}

static void bm_move(gb_state *st, void *ctx) {
  const bench_move_case *c = ctx;
  const int64_t size = gb_range(st, 0);
  int64_t len, src, dst;
  const char *why = NULL;
  char msg[200];
  bd_mapping *m;
  const uint8_t *ref;
  bd_move_layout((int)c->kind, size, &len, &src, &dst);
  m = bd_cached(BD_DATA_RANDOM, c->mode, len, &why);
  ref = bd_pristine(BD_DATA_RANDOM, len);
  if (m == NULL) {
    gb_skip_with_error(st, why);
    return;
  }
  if (!bd_check_mode(st, c->mode, m->mode_ok, &m->verdict))
    return;
  if (mml_set_fault_safe(c->fault_safe) < 0) {
    gb_skip_with_error(st, "the fault-safe mode cannot be turned on");
    return;
  }
  while (gb_keep_running(st)) {
    int rc = c->fn(m, dst, src, size);
    if (rc != 0) {
      snprintf(msg, sizeof msg, "%s/move: the call failed (%d)", c->impl, rc);
      gb_skip_with_error(st, msg);
      bd_fill(m->data, m->len, BD_DATA_RANDOM);
      mml_set_fault_safe(0);
      return;
    }
  }
  if (ref == NULL)
    gb_skip_with_error(st, "out of memory for the reference body");
  else if (check_move(c, m, ref, len, src, dst, size, msg, sizeof msg) != 0)
    gb_skip_with_error(st, msg);
  else
    gb_set_bytes_processed(st, gb_iterations(st) * size);
  mml_set_fault_safe(0);
}

void bench_move_register(const bench_move_case *c, int64_t size) {
  static const char *const argn[] = {"size"};
  int64_t len, src, dst;
  char name[160], full[200];
  gb_bench *b;
  bd_move_layout((int)c->kind, size, &len, &src, &dst);
  snprintf(name, sizeof name, "move/%s/%s/page:%s", c->impl,
           bench_move_kind_name(c->kind), pm_mode_name(c->mode));
  snprintf(full, sizeof full, "%s/size:%lld", name, (long long)size);
  if (gb_selected(full)) /* sized to what will run (bench_find.c) */
    bd_cache_hint(BD_DATA_RANDOM, c->mode, len);
  b = gb_register(name, bm_move, bench_keep(c, sizeof *c));
  gb_arg_names(b, argn, 1);
  gb_args(b, &size, 1);
}

static const int64_t quick_sizes[] = {64, 64 << 10, 16 << 20};
static const int64_t full_sizes[] = {64,      512,      4096,     64 << 10,
                                     1 << 20, 16 << 20, 256 << 20};

/* The modes other than 4k run fewer sizes. */
static const int64_t quick_mode_sizes[] = {16 << 20};
static const int64_t full_mode_sizes[] = {64 << 10, 16 << 20, 256 << 20};

void bench_register_move(const bench_config *cfg) {
  for (size_t md = 0; md < cfg->nmodes; md++) {
    const int quick = cfg->grid == BENCH_GRID_QUICK;
    const int is4k = cfg->modes[md] == PM_4K;
    const int64_t *sizes = quick ? (is4k ? quick_sizes : quick_mode_sizes)
                                 : (is4k ? full_sizes : full_mode_sizes);
    size_t ns = quick ? (is4k ? 3 : 1) : (is4k ? 7 : 3);
    for (size_t s = 0; s < ns; s++)
      for (int k = 0; k < BENCH_MOVE_KIND_COUNT; k++) {
        bench_move_case core = {"core", core_move, (bench_move_kind)k,
                                cfg->modes[md], 0};
        bench_move_case safe = {"core-faultsafe", core_move, (bench_move_kind)k,
                                cfg->modes[md], 1};
        bench_move_case libc = {bench_libc_name, libc_move, (bench_move_kind)k,
                                cfg->modes[md], 0};
        bench_move_register(&core, sizes[s]);
        /* The fault-safe mode on: disjoint moves at 4 KiB pages, each size
         * of the grid (quick: 3 rows). */
        if (is4k && k == BENCH_MOVE_DISJOINT)
          bench_move_register(&safe, sizes[s]);
        bench_move_register(&libc, sizes[s]);
      }
  }
}
