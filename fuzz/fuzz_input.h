/* fuzz_input.h - a fuzz input read as a stream of choices, shared by the
 * targets of fuzz/ (prefix fz_).
 *
 * Every reader is total: once the input is used up it returns zeros, so a
 * target never fails for want of bytes; fz_done tells it when to stop.
 */
#ifndef MML_FUZZ_INPUT_H
#define MML_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct fz_input {
  const uint8_t *p;
  size_t n; /* bytes left */
} fz_input;

/* The libFuzzer entry point every target defines (libFuzzer's contract:
 * returns 0; a bug aborts). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The optional one-time set-up libFuzzer calls first (fuzz_replay.c does
 * too): a target defines it only if it needs it. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* 1 once every byte was read. */
int fz_done(const fz_input *in);

/* The next byte, or 0. */
uint8_t fz_u8(fz_input *in);

/* The next 2, 4 or 8 bytes little-endian (missing bytes are 0). */
uint16_t fz_u16(fz_input *in);
uint32_t fz_u32(fz_input *in);
uint64_t fz_u64(fz_input *in);

/* A choice among N (N > 0): 0 .. N-1. */
size_t fz_pick(fz_input *in, size_t n);

/* An int64_t that is usually one of the N values at TABLE (the boundaries
 * that matter to the caller) and sometimes any 64-bit value. */
int64_t fz_int64(fz_input *in, const int64_t *table, size_t n);

/* Up to MAX bytes taken from the input (fewer when it ends): *len is set
 * and the returned pointer points into the input itself. */
const uint8_t *fz_bytes(fz_input *in, size_t max, size_t *len);

/* Prints "fuzz: " and the message on stderr, then aborts: a finding. */
void fz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif /* MML_FUZZ_INPUT_H */
