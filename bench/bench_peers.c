/* bench_peers.c - the comparator rows of find and rfind (see
 * bench_peers.h). */
#define _GNU_SOURCE /* memrchr is a GNU extension of libc */
#include <stdlib.h>
#include <string.h>

#include "bench_peers.h"
#include "gbench.h"

#if MMAPLAB_HAVE_STRINGZILLA
int64_t bench_peers_sz_find(const bd_mapping *m, int64_t hay,
                            const uint8_t *needle, int64_t nlen) {
  return bench_peer_sz_find(m->data, hay, needle, nlen);
}

int64_t bench_peers_sz_rfind(const bd_mapping *m, int64_t hay,
                             const uint8_t *needle, int64_t nlen) {
  return bench_peer_sz_rfind(m->data, hay, needle, nlen);
}
#endif

#if MMAPLAB_HAVE_RUST_MEMCHR
int64_t bench_peers_rmemchr_find(const bd_mapping *m, int64_t hay,
                                 const uint8_t *needle, int64_t nlen) {
  return bench_peer_rmemchr_find(m->data, hay, needle, nlen);
}

int64_t bench_peers_rmemchr_rfind(const bd_mapping *m, int64_t hay,
                                  const uint8_t *needle, int64_t nlen) {
  return bench_peer_rmemchr_rfind(m->data, hay, needle, nlen);
}
#endif

int64_t bench_peers_ceiling_find(const bd_mapping *m, int64_t hay,
                                 const uint8_t *needle, int64_t nlen) {
  (void)needle, (void)nlen;
  const uint8_t *p = memchr(m->data, BENCH_CEILING_BYTE, (size_t)hay);
  return p != NULL ? (int64_t)(p - m->data) : -1;
}

int64_t bench_peers_ceiling_rfind(const bd_mapping *m, int64_t hay,
                                  const uint8_t *needle, int64_t nlen) {
  (void)needle, (void)nlen;
  const uint8_t *p = memrchr(m->data, BENCH_CEILING_BYTE, (size_t)hay);
  return p != NULL ? (int64_t)(p - m->data) : -1;
}

void bench_peers_add_context(void) {
  char *text = bench_peers_context();
  gb_add_custom_context("mmaplab_search_peers", text ? text : "null");
  free(text);
}
