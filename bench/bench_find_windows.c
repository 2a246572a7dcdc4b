/* bench_find_windows.c - families find and rfind on Windows: the core and
 * the naive reference (and core-faultsafe where the core can turn its
 * fault-safe mode on) over bench_search.c's grid in page mode 4k, on
 * anonymous maps. Left out, being Linux's: glibc's memmem, the comparators
 * of bench_peers.h (msvcrt has no memrchr for the ceiling) and the
 * per-filesystem rows. */
#include "bench_families.h"
#include "gbench.h"

bd_mapping *bench_search_haystack(gb_state *st, const bench_search_case *c,
                                  int64_t hay) {
  const char *why = NULL;
  bd_mapping *m;
  if (c->fs != NULL) {
    gb_skip_with_error(st, "no filesystem rows on Windows");
    return NULL;
  }
  if ((m = bd_cached(c->data, c->mode, hay, &why)) == NULL) {
    gb_skip_with_error(st, why);
    return NULL;
  }
  return bd_check_mode(st, c->mode, m->mode_ok, &m->verdict) ? m : NULL;
}

/* 1 if the core can turn its fault-safe mode on here (it is left off). */
static int fault_safe_works(void) {
  const int ok = mml_set_fault_safe(1) >= 0;
  (void)mml_set_fault_safe(0);
  return ok;
}

void bench_register_find(const bench_config *cfg) {
  const bench_search_impl impls[] = {
      {"core", bench_search_core_find, 0, 0},
      {"core-faultsafe", bench_search_core_find, 1, 0},
      {"naive", bench_search_naive_find, 0, 0}};
  const bench_search_impl plain[] = {impls[0], impls[2]};
  if (fault_safe_works())
    bench_search_register_grid(impls, 3, 0, cfg);
  else
    bench_search_register_grid(plain, 2, 0, cfg);
}

void bench_register_rfind(const bench_config *cfg) {
  static const bench_search_impl impls[] = {
      {"core", bench_search_core_rfind, 0, 0},
      {"naive", bench_search_naive_rfind, 0, 0}};
  bench_search_register_grid(impls, 2, 1, cfg);
}
