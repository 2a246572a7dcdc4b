/* search.c - find and rfind: CPython's argument normalisation. */
#include "map.h"

/* Slice-style normalisation: negative counts from the end, then clamp
 * into [0, size]. */
static int64_t clamp_index(int64_t i, int64_t size) {
  if (i < 0) {
    i += size; /* i >= INT64_MIN and size >= 0: cannot overflow */
    return i < 0 ? 0 : i;
  }
  return i > size ? size : i;
}

static int search(const mml_map *m, const void *needle, int64_t nlen,
                  const int64_t *startp, const int64_t *endp, int reverse,
                  int64_t *index) {
  int64_t start, end, raw_start, found;
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
  found = reverse ? mml__search_reverse(m->data + start, end - start,
                                        (const uint8_t *)needle, nlen)
                  : mml__search_forward(m->data + start, end - start,
                                        (const uint8_t *)needle, nlen);
  *index = found < 0 ? -1 : start + found;
#if MML_TEST_FIND_SLOWDOWN > 0
  /* Test builds only (CMake MMAPLAB_TEST_FIND_SLOWDOWN=N): search the first
   * N% of the range once more, a known slowdown for measuring the gate. */
  {
    volatile int64_t sink = mml__search_forward(
        m->data + start, (end - start) / 100 * MML_TEST_FIND_SLOWDOWN,
        (const uint8_t *)needle, nlen);
    (void)sink;
  }
#endif
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
