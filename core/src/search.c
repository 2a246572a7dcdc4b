/* search.c - find and rfind: CPython's argument normalisation. */
#include "fault.h"

/* Slice-style normalisation: negative counts from the end, then clamp
 * into [0, size]. */
static int64_t clamp_index(int64_t i, int64_t size) {
  if (i < 0) {
    i += size; /* i >= INT64_MIN and size >= 0: cannot overflow */
    return i < 0 ? 0 : i;
  }
  return i > size ? size : i;
}

/* One search over [hay, hay + hlen) of the map, the result in FOUND. */
typedef struct search_ctx {
  const uint8_t *hay, *needle;
  int64_t hlen, nlen, found;
  int reverse;
} search_ctx;

static void run_search(void *ctx) {
  search_ctx *c = ctx;
  c->found = c->reverse
                 ? mml__search_reverse(c->hay, c->hlen, c->needle, c->nlen)
                 : mml__search_forward(c->hay, c->hlen, c->needle, c->nlen);
#if MML_TEST_FIND_SLOWDOWN > 0
  /* Test builds only (CMake MMAPLAB_TEST_FIND_SLOWDOWN=N): search N% of the
   * range once more in the same direction (its first N% forward, its last
   * N% backward), so find and rfind both do N% more of the same work: a
   * known slowdown for measuring the gate. */
  {
    const int64_t part = c->hlen / 100 * MML_TEST_FIND_SLOWDOWN;
    volatile int64_t sink =
        c->reverse ? mml__search_reverse(c->hay + (c->hlen - part), part,
                                         c->needle, c->nlen)
                   : mml__search_forward(c->hay, part, c->needle, c->nlen);
    (void)sink;
  }
#endif
}

static int search(const mml_map *m, const void *needle, int64_t nlen,
                  const int64_t *startp, const int64_t *endp, int reverse,
                  int64_t *index) {
  int64_t start, end, raw_start;
  search_ctx c;
  int rc;
  MML__CHECK_MAP(m);
  if (index == NULL || nlen < 0 || (needle == NULL && nlen > 0))
    return MML_EMISUSE;
  raw_start = startp != NULL ? *startp : m->pos;
  start = clamp_index(raw_start, m->size);
  end = clamp_index(endp != NULL ? *endp : m->size, m->size);

  if (nlen == 0) {
    /* 3.15 (gh-151021): a start beyond the end finds nothing, as bytes do. */
    if (m->pyver >= MML_PY(3, 15, 0) &&
        (raw_start < 0 ? raw_start + m->size : raw_start) > m->size) {
      *index = -1;
      return 0;
    }
    /* 3.11.0-3.11.4 answered an empty needle even when end < start. */
    if (end < start &&
        !(m->pyver >= MML_PY(3, 11, 0) && m->pyver < MML_PY(3, 11, 5))) {
      *index = -1;
      return 0;
    }
    *index = reverse ? end : start;
    return 0;
  }
  if (end < start || end - start < nlen) {
    *index = -1;
    return 0;
  }
  c.hay = m->data + start, c.hlen = end - start;
  c.needle = needle, c.nlen = nlen, c.reverse = reverse, c.found = -1;
  if ((rc = mml__access(m, run_search, &c)) < 0)
    return rc;
  *index = c.found < 0 ? -1 : start + c.found;
  return 0;
}

int mml_find(const mml_map *m, const void *needle, int64_t nlen,
             const int64_t *start, const int64_t *end, int64_t *index) {
  return search(m, needle, nlen, start, end, 0, index);
}

int mml_rfind(const mml_map *m, const void *needle, int64_t nlen,
              const int64_t *start, const int64_t *end, int64_t *index) {
  return search(m, needle, nlen, start, end, 1, index);
}
