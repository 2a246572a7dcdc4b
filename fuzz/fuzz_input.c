/* fuzz_input.c - reading a fuzz input as choices (fuzz_input.h). */
#include "fuzz_input.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int fz_done(const fz_input *in) { return in->n == 0; }

uint8_t fz_u8(fz_input *in) {
  if (in->n == 0)
    return 0;
  in->n--;
  return *in->p++;
}

uint16_t fz_u16(fz_input *in) {
  uint16_t lo = fz_u8(in);
  return (uint16_t)(lo | (uint16_t)fz_u8(in) << 8);
}

uint32_t fz_u32(fz_input *in) {
  uint32_t lo = fz_u16(in);
  return lo | (uint32_t)fz_u16(in) << 16;
}

uint64_t fz_u64(fz_input *in) {
  uint64_t lo = fz_u32(in);
  return lo | (uint64_t)fz_u32(in) << 32;
}

size_t fz_pick(fz_input *in, size_t n) {
  return n <= 256 ? fz_u8(in) % n : fz_u16(in) % n;
}

int64_t fz_int64(fz_input *in, const int64_t *table, size_t n) {
  const uint8_t b = fz_u8(in);
  if (b < 0xf0 && n > 0)
    return table[b % n];
  if (b < 0xf8) /* a small value near zero, either sign */
    return (int64_t)(int8_t)fz_u8(in);
  return (int64_t)fz_u64(in);
}

const uint8_t *fz_bytes(fz_input *in, size_t max, size_t *len) {
  const size_t want = max == 0 ? 0 : fz_u8(in) % (max + 1);
  const uint8_t *p = in->p;
  *len = want < in->n ? want : in->n;
  in->p += *len;
  in->n -= *len;
  return p;
}

void fz_fail(const char *fmt, ...) {
  va_list ap;
  fputs("fuzz: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  abort();
}
