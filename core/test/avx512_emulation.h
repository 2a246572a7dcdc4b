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

/* The 256-bit (AVX2) operations the AVX-512 set uses for long ranges. */
typedef struct {
  uint8_t b[32];
} __m256i;

static inline __m256i _mm256_loadu_si256(const __m256i *p) {
  __m256i v;
  memcpy(v.b, p, 32);
  return v;
}

static inline __m256i _mm256_set1_epi8(char c) {
  __m256i v;
  memset(v.b, (unsigned char)c, 32);
  return v;
}

static inline __m256i _mm256_setzero_si256(void) { return _mm256_set1_epi8(0); }

/* 0xff in byte i where byte i of A equals byte i of B, else 0. */
static inline __m256i _mm256_cmpeq_epi8(__m256i a, __m256i b) {
  for (int i = 0; i < 32; i++)
    a.b[i] = a.b[i] == b.b[i] ? 0xff : 0;
  return a;
}

static inline __m256i _mm256_and_si256(__m256i a, __m256i b) {
  for (int i = 0; i < 32; i++)
    a.b[i] &= b.b[i];
  return a;
}

static inline __m256i _mm256_or_si256(__m256i a, __m256i b) {
  for (int i = 0; i < 32; i++)
    a.b[i] |= b.b[i];
  return a;
}

/* 1 when A AND B is all zero. */
static inline int _mm256_testz_si256(__m256i a, __m256i b) {
  for (int i = 0; i < 32; i++)
    if ((a.b[i] & b.b[i]) != 0)
      return 0;
  return 1;
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
