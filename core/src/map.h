/* map.h - the mml_map object and helpers shared by the method files. */
#ifndef MML_MAP_H
#define MML_MAP_H

#include <limits.h>
#include <stdint.h>

#include "mmaplab.h"
#include "os_map.h" /* unix/ or windows/: mml__os_map */
#include "platform.h"

struct mml_map {
  uint8_t *data;   /* base of the mapping; NULL once closed */
  int64_t size;    /* mapping length (len(m)) */
  int64_t pos;     /* file position; may exceed size after a shrink */
  int64_t offset;  /* file offset of the mapping */
  int64_t exports; /* live buffer exports */
  int access;      /* derived MML_ACCESS_* */
  int trackfd;     /* the constructor's trackfd */
  int anonymous;   /* an anonymous map (no file) */
  uint32_t pyver;  /* behaviour profile, MML_PY(...) */
  int fault_guard; /* guard every access whatever the fault-safe mode:
                    * CPython 3.13+ on Windows (SEH, gh-118209) */
  mml__os_map os;  /* descriptor or handles: the OS's own part */
};

/* Releases the OS resources of an open map (unmaps it, closes what it
 * holds, without flushing) and marks it closed (data NULL). Errors are
 * ignored, as in CPython. Defined in the OS's open_*.c. */
void mml__os_map_release(mml_map *m);

/* CPython's C-int argument conversion: OverflowError outside int range. */
static inline int mml__to_int(int64_t v, int *out) {
  if (v > INT_MAX)
    return MML_EINT_TOO_BIG;
  if (v < INT_MIN)
    return MML_EINT_TOO_SMALL;
  *out = (int)v;
  return 0;
}

/* The C-int arguments of the methods CPython 3.14.1 moved to Argument
 * Clinic (gh-116738, backported to 3.14 after 3.14.0): converted before
 * the closed check, with PyLong_AsInt's one message on either side of the
 * range. 0, or the OverflowError of such a profile (M may be closed, not
 * NULL). */
static inline int mml__clinic_int(const mml_map *m, int64_t v) {
  if (m->pyver >= MML_PY(3, 14, 1) && (v > INT_MAX || v < INT_MIN))
    return MML_EINT_OVERFLOW_314;
  return 0;
}

/* The checks that open almost every method. */
#define MML__CHECK_MAP(m)                                                      \
  do {                                                                         \
    if ((m) == NULL)                                                           \
      return MML_EMISUSE;                                                      \
    if ((m)->data == NULL)                                                     \
      return MML_ECLOSED;                                                      \
  } while (0)

#define MML__CHECK_WRITABLE(m)                                                 \
  do {                                                                         \
    if ((m)->access == MML_ACCESS_READ)                                        \
      return MML_EREADONLY;                                                    \
  } while (0)

/* flush's OS step for [OFFSET, OFFSET + SIZE), already range-checked, of a
 * writable map. Defined in the OS's flush_*.c. */
int mml__flush_os(mml_map *m, int64_t offset, int64_t size);

/* Steps 1 and 3-6 of resize, shared by every OS (resize.c): 0, or the
 * error of the first check that fails. */
int mml__resize_check(const mml_map *m, int64_t newsize);

/* A malloc'd copy of the LEN bytes at SRC, inside M's mapping (at least one
 * byte is allocated). The copy is a guarded access (fault.h): on a fault
 * nothing is allocated and the error is returned. */
int mml__copy_out(const mml_map *m, const uint8_t *src, int64_t len,
                  uint8_t **out, int64_t *outlen);

/* The forward and reverse substring search over [hay, hay + hlen). Return
 * the offset of the match or -1. Defined in search_engine.c. */
int64_t mml__search_forward(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);
int64_t mml__search_reverse(const uint8_t *hay, int64_t hlen,
                            const uint8_t *needle, int64_t nlen);

#endif /* MML_MAP_H */
