/* bench_move.c - family move: the core's mml_move against glibc's memmove
 * inside one pre-faulted anonymous map, sizes
 *   quick: 64 B, 64 KiB, 16 MiB
 *   full:  64 B, 512 B, 4 KiB, 64 KiB, 1 MiB, 16 MiB, 256 MiB
 * and kinds (P = the page size, S = size, S' = S rounded up to pages):
 *   fwd-overlap  src P,          dest P + S/2     (to higher addresses)
 *   bwd-overlap  src P + S/2,    dest P           (to lower addresses)
 *   disjoint     src P,          dest 2P + S'     (both page-aligned)
 *   misaligned   src P + 1,      dest 2P + S' + P/2 + 3 (differently
 *                unaligned; dest - src is not near a multiple of 4 KiB,
 *                which would add 4K-aliasing stalls to the misalignment)
 *   page-cross   src 2P - 32,    dest 4P + S' - 32 (each starts 32 bytes
 *                before a page boundary, so even 64 B cross one)
 * Each call writes bd_pattern_byte(offset) over the range first, times the
 * moves, then checks a sample of the destination against what the moves
 * must have left there. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_families.h"
#include "gbench.h"

#define SAMPLES 64

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

typedef struct layout {
  int64_t src, dest, len; /* len: the map's length */
} layout;

static layout layout_of(bench_move_kind kind, int64_t size) {
  const int64_t p = mml_pagesize(), span = (size + p - 1) / p * p;
  layout l = {p, p, 0};
  switch (kind) {
  case BENCH_MOVE_FWD_OVERLAP:
    l.dest = p + size / 2;
    break;
  case BENCH_MOVE_BWD_OVERLAP:
    l.src = p + size / 2;
    break;
  case BENCH_MOVE_DISJOINT:
    l.dest = 2 * p + span;
    break;
  case BENCH_MOVE_MISALIGNED:
    l.src = p + 1;
    l.dest = 2 * p + span + p / 2 + 3;
    break;
  default: /* BENCH_MOVE_PAGE_CROSS */
    l.src = 2 * p - 32;
    l.dest = 4 * p + span - 32;
    break;
  }
  l.len = ((l.src > l.dest ? l.src : l.dest) + size + p - 1) / p * p + p;
  return l;
}

/* The byte at DEST + K after N >= 1 moves of SIZE bytes from the pattern.
 * An overlapping move reads bytes the previous one wrote; from the second
 * move on, the destination holds the half that is never overwritten twice:
 * fwd repeats src[0, S/2), bwd repeats src[S/2, S). */
static uint8_t expected_byte(bench_move_kind kind, const layout *l, int64_t k,
                             int64_t size, int64_t n) {
  const int64_t h = size / 2;
  if (n >= 2 && kind == BENCH_MOVE_FWD_OVERLAP)
    return bd_pattern_byte(l->src + k % h);
  if (n >= 2 && kind == BENCH_MOVE_BWD_OVERLAP)
    return bd_pattern_byte(l->src + h + k % h);
  return bd_pattern_byte(l->src + k);
}

/* Checks SAMPLES destination bytes (both ends and a spread between);
 * returns -1 and fills MSG at the first wrong one. */
static int check_sample(const bench_move_case *c, const bd_mapping *m,
                        const layout *l, int64_t size, int64_t n, char *msg,
                        size_t cap) {
  for (int64_t s = 0; s < SAMPLES; s++) {
    int64_t k = s == 0 ? 0 : s == 1 ? size - 1 : (s * 7919 * 4099) % size;
    uint8_t want = expected_byte(c->kind, l, k, size, n);
    uint8_t got = m->data[l->dest + k];
    if (got != want) {
      snprintf(msg, cap,
               "%s/move: wrong byte at dest+%" PRId64 " after %" PRId64
               " moves: 0x%02x, expected 0x%02x",
               c->impl, k, n, got, want);
      return -1;
    }
  }
  return 0;
}

static void bm_move(gb_state *st, void *ctx) {
  const bench_move_case *c = ctx;
  const int64_t size = gb_range(st, 0);
  const layout l = layout_of(c->kind, size);
  const int64_t lo = l.src < l.dest ? l.src : l.dest;
  const int64_t hi = (l.src > l.dest ? l.src : l.dest) + size;
  const char *why = NULL;
  char msg[200];
  bd_mapping *m = bd_cached(BD_DATA_PATTERN, c->mode, l.len, &why);
  if (m == NULL) {
    gb_skip_with_error(st, why);
    return;
  }
  for (int64_t i = lo; i < hi; i++) /* undo earlier calls' moves */
    m->data[i] = bd_pattern_byte(i);
  while (gb_keep_running(st)) {
    int rc = c->fn(m, l.dest, l.src, size);
    if (rc != 0) {
      snprintf(msg, sizeof msg, "%s/move: the call failed (%d)", c->impl, rc);
      gb_skip_with_error(st, msg);
      return;
    }
  }
  if (check_sample(c, m, &l, size, gb_iterations(st), msg, sizeof msg) != 0)
    gb_skip_with_error(st, msg);
  else
    gb_set_bytes_processed(st, gb_iterations(st) * size);
}

/* Registered cases live until exit; the list keeps them reachable. */
typedef struct case_node {
  bench_move_case c;
  struct case_node *next;
} case_node;
static case_node *registered;

void bench_move_register(const bench_move_case *c, int64_t size) {
  static const char *const argn[] = {"size"};
  char name[160];
  case_node *n = malloc(sizeof *n);
  gb_bench *b;
  if (n == NULL)
    abort(); /* at startup, before any benchmark: nothing to report to */
  n->c = *c;
  n->next = registered;
  registered = n;
  snprintf(name, sizeof name, "move/%s/%s/page:%s", c->impl,
           bench_move_kind_name(c->kind), bd_page_mode_name(c->mode));
  b = gb_register(name, bm_move, &n->c);
  gb_arg_names(b, argn, 1);
  gb_args(b, &size, 1);
}

static const int64_t quick_sizes[] = {64, 64 << 10, 16 << 20};
static const int64_t full_sizes[] = {64,      512,      4096,     64 << 10,
                                     1 << 20, 16 << 20, 256 << 20};

void bench_register_move(const bench_config *cfg) {
  const int quick = cfg->grid == BENCH_GRID_QUICK;
  const int64_t *sizes = quick ? quick_sizes : full_sizes;
  size_t ns = quick ? 3 : 7;
  for (size_t md = 0; md < cfg->nmodes; md++)
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
