/* avx512_emulation.h - the AVX-512 intrinsics that search_kernel_avx512.c
 * uses, in plain C with the same semantics (loads read exactly the 64
 * bytes the instruction would), so the tests can run that file's logic on
 * any machine. Test builds only. */
#ifndef MML_AVX512_EMULATION_H
#define MML_AVX512_EMULATION_H

#include <stdint.h>
#include <string.h>

typedef struct {
  uint8_t b[64];
} __m512i;

static inline __m512i _mm512_loadu_si512(const void *p) {
  __m512i v;
  memcpy(v.b, p, 64);
  return v;
}

/* Loads only the bytes whose bit of K is set (like the instruction, which
 * never touches a masked-off byte); the others are 0. */
static inline __m512i _mm512_maskz_loadu_epi8(uint64_t k, const void *p) {
  __m512i v;
  for (int i = 0; i < 64; i++)
    v.b[i] = (k >> i & 1) != 0 ? ((const uint8_t *)p)[i] : 0;
  return v;
}

static inline __m512i _mm512_set1_epi8(char c) {
  __m512i v;
  memset(v.b, (unsigned char)c, 64);
  return v;
}

/* Bit i set where byte i of A equals byte i of B. */
static inline uint64_t _mm512_cmpeq_epi8_mask(__m512i a, __m512i b) {
  uint64_t m = 0;
  for (int i = 0; i < 64; i++)
    m |= (uint64_t)(a.b[i] == b.b[i]) << i;
  return m;
}

/* The same, limited to the bits of K. */
static inline uint64_t _mm512_mask_cmpeq_epi8_mask(uint64_t k, __m512i a,
                                                   __m512i b) {
  return k & _mm512_cmpeq_epi8_mask(a, b);
}

static inline uint64_t _mm512_cmpneq_epi8_mask(__m512i a, __m512i b) {
  return ~_mm512_cmpeq_epi8_mask(a, b);
}

#endif /* MML_AVX512_EMULATION_H */
