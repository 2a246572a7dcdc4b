/* fuzz_core_model_ops.c - the model's position, I/O, search, item and
 * slice calls (fuzz_core_model.h): CPython's rules written out plainly,
 * with 128-bit arithmetic where a sum could overflow and searches and
 * slices done by walking every index. */
#include "fuzz_core_model.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A malloc'd copy of the N bytes of M from AT. */
static uint8_t *copy_out(const cm_map *m, int64_t at, int64_t n) {
  uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
  if (buf == NULL)
    abort();
  cm_copy(m, at, n, buf);
  return buf;
}

int cm_len(const cm_map *m, int64_t *len) {
  if (m->closed)
    return MML_ECLOSED;
  *len = m->size;
  return 0;
}

int cm_tell(const cm_map *m, int64_t *pos) {
  if (m->closed)
    return MML_ECLOSED;
  *pos = m->pos;
  return 0;
}

int cm_seek(cm_map *m, int64_t dist, int64_t whence, int64_t *newpos) {
  __int128 where;
  /* 3.14.1+ (Argument Clinic): converted before the closed check. */
  if (m->pyver >= MML_PY(3, 14, 1) && (whence > INT_MAX || whence < INT_MIN))
    return MML_EINT_OVERFLOW_314;
  if (m->closed)
    return MML_ECLOSED;
  if (whence > INT_MAX)
    return MML_EINT_TOO_BIG;
  if (whence < INT_MIN)
    return MML_EINT_TOO_SMALL;
  if (whence == 0)
    where = dist;
  else if (whence == 1)
    where = (__int128)m->pos + dist;
  else if (whence == 2)
    where = (__int128)m->size + dist;
  else
    return MML_ESEEK_TYPE;
  if (where < 0 || where > m->size)
    return MML_ESEEK_RANGE;
  *newpos = m->pos = (int64_t)where;
  return 0;
}

int cm_read(cm_map *m, int64_t n, uint8_t **out, int64_t *outlen) {
  const int64_t avail = m->pos < m->size ? m->size - m->pos : 0;
  if (m->closed)
    return MML_ECLOSED;
  if (n < 0 || n > avail)
    n = avail;
  *out = copy_out(m, m->pos, n);
  *outlen = n;
  m->pos += n;
  return 0;
}

int cm_read_byte(cm_map *m, uint8_t *byte) {
  if (m->closed)
    return MML_ECLOSED;
  if (m->pos >= m->size)
    return MML_EREAD_BYTE_RANGE;
  *byte = cm_byte(m, m->pos++);
  return 0;
}

int cm_readline(cm_map *m, uint8_t **out, int64_t *outlen) {
  int64_t end = m->pos;
  if (m->closed)
    return MML_ECLOSED;
  while (end < m->size && cm_byte(m, end) != '\n')
    end++;
  if (end < m->size)
    end++; /* the newline belongs to the line */
  *outlen = end > m->pos ? end - m->pos : 0;
  *out = copy_out(m, m->pos, *outlen);
  m->pos += *outlen;
  return 0;
}

int cm_write(cm_map *m, const uint8_t *data, int64_t src_at, int64_t len) {
  uint8_t *src;
  if (m->closed)
    return MML_ECLOSED;
  if (m->access == MML_ACCESS_READ)
    return MML_EREADONLY;
  if (m->pos > m->size || m->size - m->pos < len)
    return MML_EDATA_RANGE;
  /* As memmove: the source is read whole before anything is written. */
  src = src_at >= 0 ? copy_out(m, src_at, len) : NULL;
  for (int64_t i = 0; i < len; i++)
    cm_set_byte(m, m->pos + i, src ? src[i] : data[i]);
  free(src);
  m->pos += len;
  return 0;
}

int cm_write_byte(cm_map *m, int64_t value) {
  if (m->closed)
    return MML_ECLOSED;
  if (value > 255)
    return MML_EBYTE_TOO_BIG;
  if (value < 0)
    return MML_EBYTE_TOO_SMALL;
  if (m->access == MML_ACCESS_READ)
    return MML_EREADONLY;
  if (m->pos >= m->size)
    return MML_EWRITE_BYTE_RANGE;
  cm_set_byte(m, m->pos++, (uint8_t)value);
  return 0;
}

/* A find/rfind bound: negative counts from the end, then into [0, len]. */
static int64_t clamp(int64_t i, int64_t len) {
  __int128 v = i < 0 ? (__int128)i + len : i;
  return v < 0 ? 0 : v > len ? len : (int64_t)v;
}

int cm_find(const cm_map *m, int reverse, const uint8_t *needle, int64_t nlen,
            const int64_t *startp, const int64_t *endp, int64_t *index) {
  int64_t raw, start, end;
  if (m->closed)
    return MML_ECLOSED;
  raw = startp ? *startp : m->pos;
  start = clamp(raw, m->size);
  end = clamp(endp ? *endp : m->size, m->size);
  *index = -1;
  if (nlen == 0) {
    const int old_311 =
        m->pyver >= MML_PY(3, 11, 0) && m->pyver < MML_PY(3, 11, 5);
    if (m->pyver >= MML_PY(3, 15, 0) && raw > m->size)
      return 0; /* gh-151021: 3.15 finds nothing past the end */
    if (end >= start || old_311)
      *index = reverse ? end : start;
    return 0;
  }
  if (end - start >= nlen) { /* every position, the plain way */
    uint8_t *hay = copy_out(m, start, end - start);
    for (int64_t at = start; at + nlen <= end; at++)
      if (memcmp(hay + (at - start), needle, (size_t)nlen) == 0 &&
          (*index < 0 || reverse))
        *index = at;
    free(hay);
  }
  return 0;
}

int cm_move(cm_map *m, int64_t dest, int64_t src, int64_t count) {
  uint8_t *buf;
  if (m->closed)
    return MML_ECLOSED;
  if (m->access == MML_ACCESS_READ)
    return MML_EREADONLY;
  if (dest < 0 || src < 0 || count < 0 || (__int128)dest + count > m->size ||
      (__int128)src + count > m->size)
    return MML_EMOVE_RANGE;
  buf = copy_out(m, src, count);
  for (int64_t i = 0; i < count; i++)
    cm_set_byte(m, dest + i, buf[i]);
  free(buf);
  return 0;
}

/* Index I of M after CPython's negative fix-up, or -1 out of range. */
static int64_t item_index(const cm_map *m, int64_t i) {
  __int128 v = i < 0 ? (__int128)i + m->size : i;
  return v >= 0 && v < m->size ? (int64_t)v : -1;
}

int cm_getitem(const cm_map *m, int64_t index, uint8_t *value) {
  int64_t i;
  if (m->closed)
    return MML_ECLOSED;
  if ((i = item_index(m, index)) < 0)
    return MML_EINDEX_RANGE;
  *value = cm_byte(m, i);
  return 0;
}

int cm_setitem(cm_map *m, int64_t index, int64_t value) {
  int64_t i;
  if (m->closed)
    return MML_ECLOSED;
  if (m->access == MML_ACCESS_READ)
    return MML_EREADONLY;
  if ((i = item_index(m, index)) < 0)
    return MML_EINDEX_RANGE;
  if (value < 0 || value > 255)
    return MML_EITEM_VALUE_RANGE;
  cm_set_byte(m, i, (uint8_t)value);
  return 0;
}

int cm_delitem(cm_map *m, int64_t index) {
  if (m->closed)
    return MML_ECLOSED;
  if (m->access == MML_ACCESS_READ)
    return MML_EREADONLY;
  return item_index(m, index) < 0 ? MML_EINDEX_RANGE : MML_EITEM_DELETE;
}

/* One bound of PySlice_AdjustIndices. */
static __int128 adjust(__int128 v, int64_t len, __int128 step) {
  if (v < 0) {
    v += len;
    return v < 0 ? (step < 0 ? -1 : 0) : v;
  }
  return v >= len ? (step < 0 ? len - 1 : len) : v;
}

/* PySlice_Unpack and AdjustIndices; the element count by walking. */
static int walk(const cm_map *m, const mml_slice *sl, int64_t *start,
                int64_t *step, int64_t *count) {
  __int128 st = 1, a, b, n = 0;
  if (sl->has_step) {
    if (sl->step == 0)
      return MML_ESLICE_STEP_ZERO;
    st = sl->step < -INT64_MAX ? -INT64_MAX : sl->step;
  }
  a = sl->has_start ? sl->start : (st < 0 ? INT64_MAX : 0);
  b = sl->has_stop ? sl->stop : (st < 0 ? INT64_MIN : INT64_MAX);
  a = adjust(a, m->size, st);
  b = adjust(b, m->size, st);
  for (__int128 i = a; st > 0 ? i < b : i > b; i += st)
    n++;
  *start = (int64_t)a;
  *step = (int64_t)st;
  *count = (int64_t)n;
  return 0;
}

int cm_slice_indices(const cm_map *m, const mml_slice *sl, int64_t *start,
                     int64_t *step, int64_t *count) {
  int64_t clamped;
  int rc;
  if (m->closed)
    return MML_ECLOSED;
  if ((rc = walk(m, sl, start, &clamped, count)) < 0)
    return rc;
  *step = sl->has_step ? sl->step : 1; /* as given, like slice.indices */
  return 0;
}

int cm_getslice(const cm_map *m, const mml_slice *sl, uint8_t **out,
                int64_t *outlen) {
  int64_t start, step, count;
  int rc;
  if (m->closed)
    return MML_ECLOSED;
  if ((rc = walk(m, sl, &start, &step, &count)) < 0)
    return rc;
  *out = malloc(count > 0 ? (size_t)count : 1);
  if (*out == NULL)
    abort();
  for (int64_t i = 0; i < count; i++)
    (*out)[i] = cm_byte(m, start + i * step);
  *outlen = count;
  return 0;
}

/* Before a slice is assigned or deleted: closed, then read-only, then
 * the slice's own errors. */
static int walk_to_change(const cm_map *m, const mml_slice *sl, int64_t *start,
                          int64_t *step, int64_t *count) {
  if (m->closed)
    return MML_ECLOSED;
  if (m->access == MML_ACCESS_READ)
    return MML_EREADONLY;
  return walk(m, sl, start, step, count);
}

int cm_setslice(cm_map *m, const mml_slice *sl, const uint8_t *data,
                int64_t src_at, int64_t len) {
  int64_t start, step, count;
  uint8_t *src = NULL;
  int rc = walk_to_change(m, sl, &start, &step, &count);
  if (rc < 0)
    return rc;
  if (len != count)
    return MML_ESLICE_SIZE;
  /* A plain slice copies as memmove; an extended one element by element,
   * reading the source as it goes (it may be the map itself). */
  if (step == 1 && src_at >= 0)
    src = copy_out(m, src_at, len);
  for (int64_t i = 0; i < count; i++) {
    uint8_t v = src ? src[i] : src_at >= 0 ? cm_byte(m, src_at + i) : data[i];
    cm_set_byte(m, start + i * step, v);
  }
  free(src);
  return 0;
}

int cm_delslice(cm_map *m, const mml_slice *sl) {
  int64_t start, step, count;
  int rc = walk_to_change(m, sl, &start, &step, &count);
  return rc < 0 ? rc : MML_ESLICE_DELETE;
}
