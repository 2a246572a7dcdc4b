/* fuzz_conform.h - what the conformance targets share: a reference hello
 * and a bound on what a case expands to. */
#ifndef MML_FUZZ_CONFORM_H
#define MML_FUZZ_CONFORM_H

#include "conform_hello.h"

#include <jansson.h>

/* Parses CPython 3.13.0's hello on Linux x86-64 (from its golden) into
 * *H; aborts if it does not parse. */
void fz_reference_hello(cf_hello *h);

/* The bytes V's "pattern" and "repeat" values expand to for H, added up
 * (a count that does not evaluate adds nothing). */
long long fz_case_expansion(const json_t *v, const cf_hello *h);

#endif /* MML_FUZZ_CONFORM_H */
