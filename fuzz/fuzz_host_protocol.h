/* fuzz_host_protocol.h - the two sides of the host protocol target
 * (fuzz_host_protocol.c): the core host serving a runner's messages
 * (fuzz_host_serve.c) and the runner reading a host's replies. */
#ifndef MML_FUZZ_HOST_PROTOCOL_H
#define MML_FUZZ_HOST_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

/* Makes the directory the host side's files live in; once per process. */
void fz_host_sandbox_init(void);

/* Feeds DATA to the core host (ch_serve) as the runner's messages and
 * checks its answers; fuzz_host_serve.c. */
void fz_host_side(const uint8_t *data, size_t size);

/* Which of the first 128 descriptors are open, as bits; for leak checks. */
void fz_open_fds(uint64_t bits[2]);

#endif /* MML_FUZZ_HOST_PROTOCOL_H */
