/* bench_move.c - family move: the core's mml_move against glibc's memmove
 * inside one pre-faulted anonymous map, sizes
 *   quick: 64 B, 64 KiB, 16 MiB
 *   full:  64 B, 512 B, 4 KiB, 64 KiB, 1 MiB, 16 MiB, 256 MiB
 * in page mode 4k (the other modes: quick 16 MiB; full 64 KiB, 16 MiB,
 * 256 MiB)
 * and kinds fwd-overlap, bwd-overlap, disjoint, misaligned, page-cross,
 * laid out as bench/python/DATA.md says (bd_move_layout): a map of
 * 2R + 3 * 4096 bytes holding body(random), offsets from 0. The timed loop
 * repeats one call; afterwards the map is refilled, moved once and checked
 * in full (the moved range against the source's original bytes, all else
 * unchanged), then put back to the body for the next user of the cache. */
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

static int glibc_move(bd_mapping *m, int64_t dest, int64_t src, int64_t n) {
  memmove(m->data + dest, m->data + src, (size_t)n);
  return 0;
}

/* The first offset outside [DST, DST + SIZE) of P[0, LEN) that differs from
 * body(random), or -1. */
static int64_t outside_mismatch(const uint8_t *p, int64_t len, int64_t dst,
                                int64_t size) {
  const int64_t end = dst + size;
  int64_t k = bd_body_mismatch(p, 0, dst, BD_DATA_RANDOM);
  if (k >= 0)
    return k;
  k = bd_body_mismatch(p + end, end, len - end, BD_DATA_RANDOM);
  return k >= 0 ? end + k : -1;
}

/* One move from a freshly filled map, checked against body(random): 0, or
 * -1 with MSG filled at the first wrong byte. Leaves the map as the body. */
static int check_move(const bench_move_case *c, bd_mapping *m, int64_t len,
                      int64_t src, int64_t dst, int64_t size, char *msg,
                      size_t cap) {
  int64_t k = -1;
  int rc;
  bd_fill(m->data, len, BD_DATA_RANDOM);
  rc = c->fn(m, dst, src, size);
  if (rc != 0)
    snprintf(msg, cap, "%s/move: the call failed (%d)", c->impl, rc);
  else if ((k = bd_body_mismatch(m->data + dst, src, size, BD_DATA_RANDOM)) >=
           0)
    snprintf(msg, cap, "%s/move: wrong byte at dest+%" PRId64, c->impl, k);
  else if ((k = outside_mismatch(m->data, len, dst, size)) >= 0)
    snprintf(msg, cap,
             "%s/move: byte outside the destination changed at %" PRId64,
             c->impl, k);
  if (rc == 0 && k < 0) {
    bd_body_range(m->data + dst, dst, size, BD_DATA_RANDOM);
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
  bd_move_layout((int)c->kind, size, &len, &src, &dst);
  m = bd_cached(BD_DATA_RANDOM, c->mode, len, &why);
  if (m == NULL) {
    gb_skip_with_error(st, why);
    return;
  }
  if (!bd_check_mode(st, c->mode, m->mode_ok, &m->verdict))
    return;
  while (gb_keep_running(st)) {
    int rc = c->fn(m, dst, src, size);
    if (rc != 0) {
      snprintf(msg, sizeof msg, "%s/move: the call failed (%d)", c->impl, rc);
      gb_skip_with_error(st, msg);
      bd_fill(m->data, m->len, BD_DATA_RANDOM);
      return;
    }
  }
  if (check_move(c, m, len, src, dst, size, msg, sizeof msg) != 0)
    gb_skip_with_error(st, msg);
  else
    gb_set_bytes_processed(st, gb_iterations(st) * size);
}

void bench_move_register(const bench_move_case *c, int64_t size) {
  static const char *const argn[] = {"size"};
  int64_t len, src, dst;
  char name[160];
  gb_bench *b;
  bd_move_layout((int)c->kind, size, &len, &src, &dst);
  bd_cache_hint(BD_DATA_RANDOM, c->mode, len);
  snprintf(name, sizeof name, "move/%s/%s/page:%s", c->impl,
           bench_move_kind_name(c->kind), mml_page_mode_name(c->mode));
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
    const int is4k = cfg->modes[md] == MML_PAGE_4K;
    const int64_t *sizes = quick ? (is4k ? quick_sizes : quick_mode_sizes)
                                 : (is4k ? full_sizes : full_mode_sizes);
    size_t ns = quick ? (is4k ? 3 : 1) : (is4k ? 7 : 3);
    for (size_t s = 0; s < ns; s++)
      for (int k = 0; k < BENCH_MOVE_KIND_COUNT; k++) {
        bench_move_case core = {"core", core_move, (bench_move_kind)k,
                                cfg->modes[md]};
        bench_move_case glibc = {"glibc", glibc_move, (bench_move_kind)k,
                                 cfg->modes[md]};
        bench_move_register(&core, sizes[s]);
        bench_move_register(&glibc, sizes[s]);
      }
  }
}
