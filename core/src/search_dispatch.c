/* search_dispatch.c - which search kernels find and rfind use: the best
 * instruction set the CPU and OS support, unless the environment variable
 * MMAPLAB_SEARCH_ISA or mml_search_set_isa picks another one. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "search_kernels.h"

/* Every set of this build, best first; "portable" is always last. */
static const mml__search_kernels *const all_sets[] = {
#if defined(__x86_64__)
    &mml__kernels_avx512, &mml__kernels_avx2, &mml__kernels_sse2,
#endif
    &mml__kernels_portable};
#define N_SETS (sizeof all_sets / sizeof all_sets[0])

static int cpu_can_run(const mml__search_kernels *k) {
#if defined(__x86_64__)
  /* libgcc/compiler-rt read CPUID once at start-up; for AVX and AVX-512
   * they also check (XGETBV) that the OS saves the wider registers, which
   * a CPU flag alone does not promise. */
  if (k == &mml__kernels_avx512)
    return __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw");
  if (k == &mml__kernels_avx2)
    return __builtin_cpu_supports("avx2");
#endif
  (void)k;
  return 1; /* SSE2 is baseline on x86-64; portable runs anywhere */
}

static const mml__search_kernels *find_set(const char *name) {
  for (size_t i = 0; i < N_SETS; i++)
    if (strcmp(all_sets[i]->name, name) == 0)
      return all_sets[i];
  return NULL;
}

static const mml__search_kernels *best_set(void) {
  for (size_t i = 0; i < N_SETS; i++)
    if (cpu_can_run(all_sets[i]))
      return all_sets[i];
  return &mml__kernels_portable;
}

/* The choice, made on first use. Racing first uses store the same value. */
static _Atomic(const mml__search_kernels *) current;

const mml__search_kernels *mml__search_kernels_get(void) {
  const mml__search_kernels *k =
      atomic_load_explicit(&current, memory_order_relaxed);
  if (k == NULL) {
    const char *env = getenv("MMAPLAB_SEARCH_ISA");
    k = env != NULL ? find_set(env) : NULL;
    if (k == NULL || !cpu_can_run(k))
      k = best_set(); /* unset, unknown or not runnable here: the best */
    atomic_store_explicit(&current, k, memory_order_relaxed);
  }
  return k;
}

void mml__search_kernels_set(const mml__search_kernels *k) {
  atomic_store_explicit(&current, k, memory_order_relaxed);
}

const char *mml_search_isa(void) { return mml__search_kernels_get()->name; }

int mml_search_isa_available(const char *name) {
  const mml__search_kernels *k;
  if (name == NULL)
    return 0;
  k = find_set(name);
  return k != NULL && cpu_can_run(k);
}

int mml_search_set_isa(const char *name) {
  const mml__search_kernels *k;
  if (name == NULL)
    return MML_EMISUSE;
  k = strcmp(name, "auto") == 0 ? best_set() : find_set(name);
  if (k == NULL || !cpu_can_run(k))
    return MML_EMISUSE;
  atomic_store_explicit(&current, k, memory_order_relaxed);
  return 0;
}

const char *mml_search_isa_name(size_t i) {
  return i < N_SETS ? all_sets[i]->name : NULL;
}
