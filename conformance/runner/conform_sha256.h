/* conform_sha256.h - SHA-256 (FIPS 180-4), for case and file digests. */
#ifndef MML_CONFORM_SHA256_H
#define MML_CONFORM_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct cf_sha256 {
  uint32_t h[8];
  uint64_t total; /* bytes hashed so far */
  uint8_t block[64];
  size_t used; /* bytes waiting in block */
} cf_sha256;

void cf_sha256_init(cf_sha256 *s);
void cf_sha256_update(cf_sha256 *s, const void *data, size_t len);
/* Finishes S and writes the 32-byte digest to OUT. */
void cf_sha256_final(cf_sha256 *s, uint8_t out[32]);

/* The lower-case hex digest of LEN bytes at DATA into HEX (65 bytes). */
void cf_sha256_hex(const void *data, size_t len, char hex[65]);

#endif /* MML_CONFORM_SHA256_H */
