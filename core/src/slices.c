/* slices.c - m[a:b:c], m[a:b:c] = data and del m[a:b:c]. */
#include <stdlib.h>
#include <string.h>

#include "fault.h"

/* One bound as PySlice_AdjustIndices adjusts it: negative counts from the
 * end, then clamped into [0, len], or [-1, len - 1] for a negative step.
 * I + LEN cannot overflow: I < 0 <= LEN. */
static int64_t adjust_index(int64_t i, int64_t len, int64_t step) {
  if (i < 0) {
    i += len;
    if (i < 0)
      i = step < 0 ? -1 : 0;
  } else if (i >= len) {
    i = step < 0 ? len - 1 : len;
  }
  return i;
}

/* CPython's PySlice_Unpack followed by PySlice_AdjustIndices. */
static int resolve_slice(const mml_map *m, const mml_slice *sl, int64_t *startp,
                         int64_t *stepp, int64_t *countp) {
  const int64_t len = m->size;
  int64_t start, stop, step = 1, count = 0;
  if (sl == NULL)
    return MML_EMISUSE;
  if (sl->has_step) {
    if (sl->step == 0)
      return MML_ESLICE_STEP_ZERO;
    /* -INT64_MIN does not exist; CPython clamps the step the same way. */
    step = sl->step < -INT64_MAX ? -INT64_MAX : sl->step;
  }
  start = sl->has_start ? sl->start : (step < 0 ? INT64_MAX : 0);
  stop = sl->has_stop ? sl->stop : (step < 0 ? INT64_MIN : INT64_MAX);
  start = adjust_index(start, len, step);
  stop = adjust_index(stop, len, step);
  /* start and stop now lie in [-1, len]: the differences cannot overflow. */
  if (step < 0 && stop < start)
    count = (start - stop - 1) / (-step) + 1;
  else if (step > 0 && start < stop)
    count = (stop - start - 1) / step + 1;
  *startp = start;
  *stepp = step;
  *countp = count;
  return 0;
}

int mml_slice_indices(const mml_map *m, const mml_slice *sl, int64_t *start,
                      int64_t *step, int64_t *count) {
  int64_t a, b, c;
  int rc;
  MML__CHECK_MAP(m);
  if ((rc = resolve_slice(m, sl, &a, &b, &c)) < 0)
    return rc;
  if (start != NULL)
    *start = a;
  /* slice.indices() reports the step as given, INT64_MIN included; only
   * the count needs the clamped one. */
  if (step != NULL)
    *step = sl->has_step ? sl->step : b;
  if (count != NULL)
    *count = c;
  return 0;
}

int mml_getslice(const mml_map *m, const mml_slice *sl, uint8_t **out,
                 int64_t *outlen) {
  int64_t start, step, count;
  mml__stride_ctx c;
  int rc;
  MML__CHECK_MAP(m);
  if ((rc = resolve_slice(m, sl, &start, &step, &count)) < 0)
    return rc;
  if (step == 1 || count == 0)
    return mml__copy_out(m, m->data + (count > 0 ? start : 0), count, out,
                         outlen);
  if (out == NULL)
    return MML_EMISUSE;
  c.into = malloc((size_t)count); /* count <= size: it was mapped */
  if (c.into == NULL)
    return MML_ENOMEM;
  c.data = m->data, c.start = start, c.step = step, c.n = count, c.from = NULL;
  if ((rc = mml__access(m, mml__stride_fn, &c)) < 0) {
    free(c.into);
    return rc;
  }
  *out = c.into;
  if (outlen != NULL)
    *outlen = count;
  return 0;
}

/* The checks before a slice assignment or deletion, in CPython's order:
 * an open map, a writable one, then the slice. */
static int resolve_slice_to_change(const mml_map *m, const mml_slice *sl,
                                   int64_t *start, int64_t *step,
                                   int64_t *count) {
  MML__CHECK_MAP(m);
  MML__CHECK_WRITABLE(m);
  return resolve_slice(m, sl, start, step, count);
}

int mml_setslice(mml_map *m, const mml_slice *sl, const void *data,
                 int64_t len) {
  int64_t start, step, count;
  int rc = resolve_slice_to_change(m, sl, &start, &step, &count);
  if (rc < 0)
    return rc;
  if (len < 0 || (data == NULL && len > 0))
    return MML_EMISUSE;
  if (len != count)
    return MML_ESLICE_SIZE; /* an IndexError in CPython */
  if (count == 0)
    return 0;
  if (step == 1) {
    mml__copy_ctx c = {m->data + start, data, (size_t)count}; /* may alias */
    return mml__access(m, mml__copy_fn, &c);
  } else {
    mml__stride_ctx c = {m->data, start, step, count, NULL, data};
    return mml__access(m, mml__stride_fn, &c);
  }
}

int mml_delslice(mml_map *m, const mml_slice *sl) {
  int64_t start, step, count;
  int rc = resolve_slice_to_change(m, sl, &start, &step, &count);
  return rc < 0 ? rc : MML_ESLICE_DELETE;
}
