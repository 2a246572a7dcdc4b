/* search_dispatch.c - which search kernels find and rfind use: the set
 * that a short calibration on first use measures fastest among those the
 * CPU and OS support, unless the environment variable MMAPLAB_SEARCH_ISA or
 * mml_search_set_isa picks another one.
 *
 * Why measure rather than take the widest set: a wider set is not always
 * faster (issue 17: on AMD Zen 5 the AVX-512 filter's split 512-bit loads
 * ran at 0.43-0.85x the AVX2 one past the caches; other CPUs split
 * 512-bit work in two or lower their clock). The AVX-512 set now scans
 * ranges past the caches with 256-bit loads (search_kernel_avx512.c), so
 * what still tells the sets apart is their speed in cache, which a
 * calibration over an L1-sized buffer measures in microseconds. */
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

/* The calibration: every runnable set's two-byte filter scans a buffer
 * of CAL_BYTES that holds no candidate (pair offsets 0 and CAL_FAR),
 * CAL_ROUNDS times after one untimed round, the sets interleaved; each
 * keeps its least time (a run that another process interrupted only
 * counts if all of its runs were). The widest set wins unless a narrower
 * one took at most CAL_MARGIN_PCT percent of its time: a tie is no reason
 * to step down, and on a busy machine (here: AMD Zen 5, 2 vCPUs shared
 * with builds) the in-cache gap of avx512 over avx2, about 13%, came out
 * reversed in 1 of 30 processes with 7 rounds and a 90% margin, in none
 * of 60 with 15 rounds and 75%; a set that is really slower, as the
 * 512-bit loads were past the caches, loses by far more.
 * The portable set is not measured where a vector set exists: it scans
 * with memchr for one byte, which this buffer never holds, so it would
 * time libc's memchr rather than its own filter. */
enum { CAL_BYTES = 16384, CAL_FAR = 200, CAL_ROUNDS = 15, CAL_MARGIN_PCT = 75 };

/* A cycle counter: the TSC on x86-64 (the only place with more than one
 * set to choose from); elsewhere no calibration happens. */
static uint64_t ticks(void) {
#if defined(__x86_64__)
  return __builtin_ia32_rdtsc();
#else
  return 0;
#endif
}

/* Whether the calibration times set I. */
static int measurable(size_t i) {
  return cpu_can_run(all_sets[i]) && all_sets[i] != &mml__kernels_portable;
}

static const mml__search_kernels *calibrate(void) {
  /* on the stack: threads racing to the first use each measure their own
   * buffer rather than write a shared one */
  uint8_t buf[CAL_BYTES];
  uint64_t least[N_SETS];
  const mml__search_kernels *best = NULL;
  size_t n_measured = 0, best_i = 0;
  mml__pair pair;
  for (size_t i = 0; i < N_SETS; i++) {
    least[i] = UINT64_MAX;
    n_measured += (size_t)measurable(i);
  }
  if (n_measured == 0) /* portable alone: nothing to measure */
    return &mml__kernels_portable;
  for (size_t i = 0; i < CAL_BYTES; i++)
    buf[i] = (uint8_t)(1 + (i * 131) % 255); /* never 0 */
  pair.n = 2;
  pair.off[0] = 0, pair.off[1] = CAL_FAR;
  pair.byte[0] = 0, pair.byte[1] = 0;
  /* round -1 only warms up: code, buffer, and the vector units, which a
   * CPU may power up only at their first use */
  for (int round = -1; round < CAL_ROUNDS; round++)
    for (size_t i = 0; i < N_SETS; i++) {
      uint64_t t0, t;
      volatile int64_t sink;
      if (!measurable(i))
        continue;
      t0 = ticks();
      sink = all_sets[i]->next(buf, 0, CAL_BYTES - CAL_FAR, &pair);
      t = ticks() - t0;
      (void)sink;
      if (round >= 0)
        least[i] = t < least[i] ? t : least[i];
    }
  for (size_t i = 0; i < N_SETS; i++) {
    if (!measurable(i))
      continue;
    if (best == NULL ||
        least[i] * 100 < least[best_i] * (uint64_t)CAL_MARGIN_PCT)
      best = all_sets[i], best_i = i;
  }
  return best;
}

/* The calibrated choice, measured once. Racing first uses may each
 * measure, but the first answer stored is the one every thread uses. */
static _Atomic(const mml__search_kernels *) measured;

static const mml__search_kernels *best_set(void) {
  const mml__search_kernels *k =
      atomic_load_explicit(&measured, memory_order_relaxed);
  if (k == NULL) {
    const mml__search_kernels *mine = calibrate();
    k = NULL;
    if (atomic_compare_exchange_strong_explicit(
            &measured, &k, mine, memory_order_relaxed, memory_order_relaxed))
      k = mine; /* else K is the answer stored first */
  }
  return k;
}

/* The choice, made on first use. Racing first uses store the same value. */
_Atomic(const mml__search_kernels *) mml__search_current;
#define current mml__search_current

const mml__search_kernels *mml__search_kernels_choose(void) {
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
