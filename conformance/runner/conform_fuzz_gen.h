/* conform_fuzz_gen.h - random operation sequences for the differential
 * fuzzer, written as corpus cases (INTERPRETING.md 3 and 4). */
#ifndef MML_CONFORM_FUZZ_GEN_H
#define MML_CONFORM_FUZZ_GEN_H

#include <jansson.h>
#include <stdint.h>

/* A splitmix64 generator: the whole sequence follows from its seed. */
typedef struct cf_rng {
  uint64_t state;
} cf_rng;

uint64_t cf_rng_next(cf_rng *r);
/* A value in [0, n) (n > 0). */
uint64_t cf_rng_below(cf_rng *r, uint64_t n);

/* Case number INDEX of the run with SEED: one map (anonymous or of a case
 * file, any access, sometimes at an offset or without trackfd) and up to
 * MAX_OPS operations on it with valid and invalid arguments around the
 * interesting boundaries. PYTHON_ARGS adds Python-level argument shapes
 * (None, str, keywords), for hosts that have them. A new reference. */
json_t *cf_fuzz_case(uint64_t seed, uint64_t index, int max_ops,
                     int python_args);

#endif /* MML_CONFORM_FUZZ_GEN_H */
