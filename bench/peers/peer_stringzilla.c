/* peer_stringzilla.c - StringZilla's find and rfind (see peers.h). Its
 * headers are included as system headers: their warnings are not ours,
 * while this file keeps the project's -Werror. */
#include <stringzilla/stringzilla.h>

#include "peers.h"

int64_t bench_peer_sz_find(const uint8_t *hay, int64_t hlen,
                           const uint8_t *needle, int64_t nlen) {
  sz_cptr_t p = sz_find((sz_cptr_t)hay, (sz_size_t)hlen, (sz_cptr_t)needle,
                        (sz_size_t)nlen);
  return p != NULL ? (int64_t)((const uint8_t *)p - hay) : -1;
}

int64_t bench_peer_sz_rfind(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen) {
  sz_cptr_t p = sz_rfind((sz_cptr_t)hay, (sz_size_t)hlen, (sz_cptr_t)needle,
                         (sz_size_t)nlen);
  return p != NULL ? (int64_t)((const uint8_t *)p - hay) : -1;
}

/* The order of c/stringzilla/find.c's dispatch: the last backend it
 * installs for find that the CPU has wins. */
const char *bench_peer_sz_backend(void) {
  const sz_capability_t caps = sz_capabilities();
#if defined(__x86_64__) || defined(__i386__)
  if (caps & sz_cap_skylake_k)
    return "skylake";
  if (caps & sz_cap_haswell_k)
    return "haswell";
  if (caps & sz_cap_westmere_k)
    return "westmere";
#elif defined(__aarch64__)
  if (caps & sz_cap_sve_k)
    return "neon or sve (sve where its vectors are wider than 128 bits)";
  if (caps & sz_cap_neon_k)
    return "neon";
#else
  (void)caps;
#endif
  return "serial";
}
