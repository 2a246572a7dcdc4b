/* fuzz_core_calls.c - core_ops: one function per method of the map, each
 * calling the core and the model with the same arguments and comparing
 * what comes back (the state is compared after every call). */
#define _GNU_SOURCE /* MADV_DONTDUMP and friends */
#include "fuzz_core_ops.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define NEED_MAP(s)                                                            \
  do {                                                                         \
    if ((s)->real == NULL)                                                     \
      return;                                                                  \
  } while (0)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A position, index or count: the boundaries of this map, or anything. */
static int64_t pos_arg(fz_ctx *c, const cm_map *m) {
  const int64_t n = m->size;
  const int64_t t[] = {0,
                       1,
                       -1,
                       n,
                       n + 1,
                       n - 1,
                       -n,
                       -n - 1,
                       m->pos,
                       n / 2,
                       c->pagesize,
                       INT64_MAX,
                       INT64_MIN,
                       INT64_MAX - 1,
                       INT64_MIN + 1};
  return fz_int64(&c->in, t, COUNT(t));
}

/* LEN bytes of a pattern chosen by the input (LEN <= 64 KiB + 1). */
static uint8_t *pattern(fz_ctx *c, int64_t len) {
  uint8_t *p = malloc(len > 0 ? (size_t)len : 1), b = fz_u8(&c->in);
  const uint8_t step = fz_u8(&c->in) & 3;
  if (p == NULL)
    abort();
  for (int64_t i = 0; i < len; i++, b = (uint8_t)(b + step))
    p[i] = b;
  return p;
}

/* Compares two malloc'd outputs and frees them. */
static void same_output(fz_ctx *c, const char *what, int rc, uint8_t *got,
                        int64_t gotlen, uint8_t *want, int64_t wantlen) {
  if (rc == 0)
    fz_expect_bytes(c, what, got, gotlen, want, wantlen);
  mml_free(got);
  free(want);
}

/* When the call succeeded (RC 0), the core's value GOT is the model's. */
static void same_value(fz_ctx *c, const char *what, int rc, int64_t got,
                       int64_t want) {
  if (rc == 0)
    fz_expect_i64(c, what, got, want);
}

void fz_op_read(fz_ctx *c, fz_slot *s) {
  uint8_t *got = NULL, *want = NULL;
  int64_t n, gotlen = -1, wantlen = -1;
  int rc;
  NEED_MAP(s);
  n = pos_arg(c, s->model);
  rc = mml_read(s->real, n, &got, &gotlen);
  fz_expect(c, "read", rc, cm_read(s->model, n, &want, &wantlen));
  same_output(c, "read", rc, got, gotlen, want, wantlen);
}

void fz_op_read_byte(fz_ctx *c, fz_slot *s) {
  uint8_t got = 0, want = 0;
  int rc;
  NEED_MAP(s);
  rc = mml_read_byte(s->real, &got);
  fz_expect(c, "read_byte", rc, cm_read_byte(s->model, &want));
  same_value(c, "read_byte", rc, got, want);
}

void fz_op_readline(fz_ctx *c, fz_slot *s) {
  uint8_t *got = NULL, *want = NULL;
  int64_t gotlen = -1, wantlen = -1;
  int rc;
  NEED_MAP(s);
  rc = mml_readline(s->real, &got, &gotlen);
  fz_expect(c, "readline", rc, cm_readline(s->model, &want, &wantlen));
  same_output(c, "readline", rc, got, gotlen, want, wantlen);
}

void fz_op_write(fz_ctx *c, fz_slot *s) {
  int64_t rem, len, written = -1;
  uint8_t *data;
  int rc;
  NEED_MAP(s);
  rem = s->model->size - s->model->pos;
  {
    const int64_t t[] = {0, 1, 2, rem, rem + 1, rem - 1, 17, 4096};
    len = t[fz_pick(&c->in, COUNT(t))];
  }
  len = len < 0 ? 0 : len;
  data = pattern(c, len);
  rc = mml_write(s->real, data, len, &written);
  fz_expect(c, "write", rc, cm_write(s->model, data, -1, len));
  same_value(c, "write's count", rc, written, len);
  free(data);
}

/* A range [*AT, *AT + *LEN) inside the open map M, for a source that is
 * the map itself. */
static void self_range(fz_ctx *c, const cm_map *m, int64_t *at, int64_t *len) {
  *at = (int64_t)(fz_u16(&c->in) % (uint64_t)m->size);
  *len = (int64_t)(fz_u16(&c->in) % (uint64_t)(m->size - *at + 1));
}

void fz_op_write_self(fz_ctx *c, fz_slot *s) {
  uint8_t *base;
  int64_t at, len, n, written = -1;
  int ro, rc;
  NEED_MAP(s);
  if (s->model->closed)
    return; /* a pointer into the map needs an open map */
  self_range(c, s->model, &at, &len);
  fz_expect(c, "export for write", mml_buffer_export(s->real, &base, &n, &ro),
            0);
  rc = mml_write(s->real, base + at, len, &written);
  fz_expect(c, "write from the map itself", rc,
            cm_write(s->model, NULL, at, len));
  fz_expect(c, "release after write", mml_buffer_release(s->real), 0);
  same_value(c, "write's count", rc, written, len);
}

void fz_op_write_byte(fz_ctx *c, fz_slot *s) {
  static const int64_t t[] = {0,    255,       256,       -1,   'a',
                              '\n', INT64_MAX, INT64_MIN, 0x1ff};
  int64_t v;
  NEED_MAP(s);
  v = fz_int64(&c->in, t, COUNT(t));
  fz_expect(c, "write_byte", mml_write_byte(s->real, v),
            cm_write_byte(s->model, v));
}

void fz_op_seek(fz_ctx *c, fz_slot *s) {
  static const int64_t whences[] = {
      0, 1, 2, 3, -1, (int64_t)INT_MAX + 1, (int64_t)INT_MIN - 1, INT64_MAX};
  int64_t dist, whence, got = -1, want = -1;
  int rc;
  NEED_MAP(s);
  dist = pos_arg(c, s->model);
  whence = fz_int64(&c->in, whences, COUNT(whences));
  rc = mml_seek(s->real, dist, whence, &got);
  fz_expect(c, "seek", rc, cm_seek(s->model, dist, whence, &want));
  same_value(c, "seek's position", rc, got, want);
}

void fz_op_size(fz_ctx *c, fz_slot *s) {
  int64_t got = -1, want = -1;
  int rc;
  NEED_MAP(s);
  rc = mml_size(s->real, &got);
  fz_expect(c, "size", rc, cm_size(s->model, &want));
  same_value(c, "size", rc, got, want);
}

/* A needle: bytes of the input, or a piece of the map (maybe with one
 * byte changed) so that searches find something. Free it. */
static uint8_t *needle(fz_ctx *c, const cm_map *m, int64_t *nlen) {
  const size_t how = fz_pick(&c->in, 3);
  uint8_t *n;
  if (how == 0 || m->closed) {
    size_t len;
    const uint8_t *p = fz_bytes(&c->in, 16, &len);
    n = malloc(len ? len : 1);
    if (n == NULL)
      abort();
    memcpy(n, p, len);
    *nlen = (int64_t)len;
    return n;
  }
  {
    const int64_t at = (int64_t)(fz_u16(&c->in) % (uint64_t)m->size);
    int64_t len = 1 + fz_u8(&c->in) % 96;
    len = len > m->size - at ? m->size - at : len;
    n = malloc((size_t)len);
    if (n == NULL)
      abort();
    for (int64_t i = 0; i < len; i++)
      n[i] = cm_byte(m, at + i);
    if (how == 2) /* one defect, so that the search must reject it */
      n[fz_u8(&c->in) % len] ^= (uint8_t)(1 + fz_u8(&c->in) % 255);
    *nlen = len;
  }
  return n;
}

void fz_op_find(fz_ctx *c, fz_slot *s) {
  const uint8_t flags = fz_u8(&c->in);
  int64_t nlen, start, end, got = -2, want = -2;
  uint8_t *n;
  int rc;
  NEED_MAP(s);
  n = needle(c, s->model, &nlen);
  start = pos_arg(c, s->model);
  end = pos_arg(c, s->model);
  rc = (flags & 1 ? mml_rfind : mml_find)(s->real, n, nlen,
                                          flags & 2 ? &start : NULL,
                                          flags & 4 ? &end : NULL, &got);
  fz_expect(c, flags & 1 ? "rfind" : "find", rc,
            cm_find(s->model, flags & 1, n, nlen, flags & 2 ? &start : NULL,
                    flags & 4 ? &end : NULL, &want));
  same_value(c, flags & 1 ? "rfind's index" : "find's index", rc, got, want);
  free(n);
}

void fz_op_flush(fz_ctx *c, fz_slot *s) {
  const uint8_t flags = fz_u8(&c->in);
  int64_t offset, size;
  NEED_MAP(s);
  {
    const int64_t ps = c->pagesize, n = s->model->size;
    const int64_t t[] = {0,     ps, 2 * ps,    1,         n,
                         n + 1, -1, INT64_MAX, INT64_MIN, n - ps};
    offset = fz_int64(&c->in, t, COUNT(t));
    size = fz_int64(&c->in, t, COUNT(t));
  }
  fz_expect(
      c, "flush",
      mml_flush(s->real, flags & 1 ? &offset : NULL, flags & 2 ? &size : NULL),
      cm_flush(s->model, flags & 1 ? &offset : NULL, flags & 2 ? &size : NULL));
}

void fz_op_madvise(fz_ctx *c, fz_slot *s) {
  /* Advice whose effect on the data the model knows, and values no
   * kernel defines; never MADV_FREE (its effect is up to memory
   * pressure) or MADV_HWPOISON (it poisons the page for real). */
  static const int64_t options[] = {MADV_NORMAL,
                                    MADV_RANDOM,
                                    MADV_SEQUENTIAL,
                                    MADV_WILLNEED,
                                    MADV_DONTNEED,
                                    MADV_DONTFORK,
                                    MADV_DOFORK,
                                    MADV_DONTDUMP,
                                    MADV_DODUMP,
                                    5,
                                    12345,
                                    -1,
                                    (int64_t)INT_MAX + 1,
                                    INT64_MIN};
  const uint8_t flags = fz_u8(&c->in);
  int64_t option, start, length;
  NEED_MAP(s);
  option = options[fz_pick(&c->in, COUNT(options))];
  {
    const int64_t ps = c->pagesize, n = s->model->size;
    const int64_t t[] = {0, ps, 1, n - 1, n, -1, 2 * ps, INT64_MAX, INT64_MIN};
    start = fz_int64(&c->in, t, COUNT(t));
  }
  length = pos_arg(c, s->model);
  fz_expect(c, "madvise",
            mml_madvise(s->real, option, start, flags & 1 ? &length : NULL),
            cm_madvise(s->model, option, start, flags & 1 ? &length : NULL));
}

void fz_op_move(fz_ctx *c, fz_slot *s) {
  int64_t dest, src, count;
  NEED_MAP(s);
  dest = pos_arg(c, s->model);
  src = pos_arg(c, s->model);
  count = pos_arg(c, s->model);
  fz_expect(c, "move", mml_move(s->real, dest, src, count),
            cm_move(s->model, dest, src, count));
}

void fz_op_resize(fz_ctx *c, fz_slot *s) {
  const cm_map *m = s->model;
  int64_t newsize;
  NEED_MAP(s);
  {
    const int64_t ps = c->pagesize, n = m->size, o = m->offset;
    const int64_t t[] = {0,
                         1,
                         n - 1,
                         n + 1,
                         ps,
                         ps + 1,
                         2 * ps,
                         4 * ps + 3,
                         16 * ps,
                         INT64_MAX,
                         INT64_MAX - o,
                         o > 0 ? INT64_MAX - o + 1 : INT64_MAX,
                         -1,
                         INT64_MIN,
                         (int64_t)1 << 62};
    newsize = t[fz_pick(&c->in, COUNT(t))];
  }
  /* Before 3.13.8 growing a shared anonymous map succeeds and its new
   * pages raise SIGBUS (CPython's own crash): not something to run. */
  if (!m->closed && m->anonymous && m->shared && newsize > m->size &&
      m->pyver < MML_PY(3, 13, 8) && m->exports == 0 && m->trackfd)
    return;
  if (c->trace)
    fprintf(stderr, "op %u: resize(%" PRId64 ")\n", c->op, newsize);
  fz_expect(c, "resize", mml_resize(s->real, newsize),
            cm_resize(s->model, newsize));
}

/* The position past the end, as CPython allows after a shrinking resize:
 * seek to the end, then resize to less (both calls checked). */
void fz_op_past_end(fz_ctx *c, fz_slot *s) {
  int64_t got = -1, want = -1, newsize;
  int rc;
  NEED_MAP(s);
  rc = mml_seek(s->real, 0, 2, &got);
  fz_expect(c, "seek to the end", rc, cm_seek(s->model, 0, 2, &want));
  if (rc != 0)
    return;
  fz_expect_i64(c, "seek's position", got, want);
  newsize = s->model->size > 1 ? s->model->size / 2 : 1;
  fz_expect(c, "resize below the position", mml_resize(s->real, newsize),
            cm_resize(s->model, newsize));
}

void fz_op_getitem(fz_ctx *c, fz_slot *s) {
  int64_t i;
  uint8_t got = 0, want = 0;
  int rc;
  NEED_MAP(s);
  i = pos_arg(c, s->model);
  rc = mml_getitem(s->real, i, &got);
  fz_expect(c, "getitem", rc, cm_getitem(s->model, i, &want));
  same_value(c, "getitem", rc, got, want);
}

void fz_op_setitem(fz_ctx *c, fz_slot *s) {
  static const int64_t t[] = {0, 255, 256, -1, 'x', INT64_MIN, INT64_MAX};
  int64_t i, v;
  NEED_MAP(s);
  i = pos_arg(c, s->model);
  v = fz_int64(&c->in, t, COUNT(t));
  fz_expect(c, "setitem", mml_setitem(s->real, i, v),
            cm_setitem(s->model, i, v));
}

void fz_op_delitem(fz_ctx *c, fz_slot *s) {
  int64_t i;
  NEED_MAP(s);
  i = pos_arg(c, s->model);
  fz_expect(c, "delitem", mml_delitem(s->real, i), cm_delitem(s->model, i));
}

/* A slice whose members are missing, boundaries, or anything. */
static mml_slice slice_arg(fz_ctx *c, const cm_map *m) {
  const int64_t n = m->size;
  const int64_t steps[] = {
      1, -1, 2, -2, 3, -3, 0, INT64_MAX, INT64_MIN, INT64_MIN + 1, n, -n};
  const uint8_t has = fz_u8(&c->in);
  mml_slice sl;
  sl.has_start = has & 1;
  sl.has_stop = (has & 2) != 0;
  sl.has_step = (has & 4) != 0;
  sl.start = pos_arg(c, m);
  sl.stop = pos_arg(c, m);
  sl.step = fz_int64(&c->in, steps, COUNT(steps));
  return sl;
}

void fz_op_slice_indices(fz_ctx *c, fz_slot *s) {
  mml_slice sl;
  int64_t g[3] = {-1, -1, -1}, w[3] = {-1, -1, -1};
  int rc;
  NEED_MAP(s);
  sl = slice_arg(c, s->model);
  rc = mml_slice_indices(s->real, &sl, &g[0], &g[1], &g[2]);
  fz_expect(c, "slice_indices", rc,
            cm_slice_indices(s->model, &sl, &w[0], &w[1], &w[2]));
  if (rc == 0) {
    fz_expect_i64(c, "slice_indices start", g[0], w[0]);
    fz_expect_i64(c, "slice_indices step", g[1], w[1]);
    fz_expect_i64(c, "slice_indices count", g[2], w[2]);
  }
}

void fz_op_getslice(fz_ctx *c, fz_slot *s) {
  mml_slice sl;
  uint8_t *got = NULL, *want = NULL;
  int64_t gotlen = -1, wantlen = -1;
  int rc;
  NEED_MAP(s);
  sl = slice_arg(c, s->model);
  rc = mml_getslice(s->real, &sl, &got, &gotlen);
  fz_expect(c, "getslice", rc, cm_getslice(s->model, &sl, &want, &wantlen));
  same_output(c, "getslice", rc, got, gotlen, want, wantlen);
}

void fz_op_setslice(fz_ctx *c, fz_slot *s) {
  const uint8_t how = fz_u8(&c->in);
  mml_slice sl;
  int64_t start, step, count = 0, len, at = -1, n;
  uint8_t *data = NULL, *base = NULL;
  int ro;
  NEED_MAP(s);
  sl = slice_arg(c, s->model);
  if (!s->model->closed &&
      cm_slice_indices(s->model, &sl, &start, &step, &count) != 0)
    count = 0;
  len = (how & 3) == 0                ? count + 1
        : (how & 3) == 1 && count > 0 ? count - 1
                                      : count;
  if ((how & 4) && !s->model->closed && len <= s->model->size) {
    at = (int64_t)(fz_u16(&c->in) % (uint64_t)(s->model->size - len + 1));
    fz_expect(c, "export for setslice",
              mml_buffer_export(s->real, &base, &n, &ro), 0);
  } else {
    data = pattern(c, len);
  }
  fz_expect(c, "setslice",
            mml_setslice(s->real, &sl, base ? base + at : data, len),
            cm_setslice(s->model, &sl, data, at, len));
  if (base != NULL)
    fz_expect(c, "release after setslice", mml_buffer_release(s->real), 0);
  free(data);
}

void fz_op_delslice(fz_ctx *c, fz_slot *s) {
  mml_slice sl;
  NEED_MAP(s);
  sl = slice_arg(c, s->model);
  fz_expect(c, "delslice", mml_delslice(s->real, &sl),
            cm_delslice(s->model, &sl));
}

void fz_op_export(fz_ctx *c, fz_slot *s) {
  uint8_t *data = NULL;
  int64_t gotlen = -1, wantlen = -1;
  int gotro = -1, wantro = -1, rc;
  NEED_MAP(s);
  rc = mml_buffer_export(s->real, &data, &gotlen, &gotro);
  fz_expect(c, "export", rc, cm_export(s->model, &wantlen, &wantro));
  if (rc != 0)
    return;
  fz_expect_i64(c, "export's length", gotlen, wantlen);
  fz_expect_i64(c, "export's readonly", gotro, wantro);
  s->view = data;
  s->view_readonly = gotro;
}

void fz_op_release(fz_ctx *c, fz_slot *s) {
  NEED_MAP(s);
  fz_expect(c, "release", mml_buffer_release(s->real), cm_release(s->model));
  if (s->model->exports == 0)
    s->view = NULL;
}

void fz_op_view_write(fz_ctx *c, fz_slot *s) {
  int64_t i;
  uint8_t v;
  NEED_MAP(s);
  if (s->view == NULL || s->view_readonly || s->model->closed)
    return; /* writing through a read-only export would be our SIGSEGV */
  i = (int64_t)(fz_u16(&c->in) % (uint64_t)s->model->size);
  v = fz_u8(&c->in);
  s->view[i] = v;
  cm_set_byte(s->model, i, v);
}

void fz_op_set_isa(fz_ctx *c, fz_slot *s) {
  size_t n = 0, pick;
  const char *name;
  (void)s;
  while (mml_search_isa_name(n) != NULL)
    n++;
  pick = fz_pick(&c->in, n + 2);
  name = pick < n ? mml_search_isa_name(pick) : pick == n ? "auto" : "z80";
  fz_expect(c, "search_set_isa", mml_search_set_isa(name),
            pick == n || (pick < n && mml_search_isa_available(name))
                ? 0
                : MML_EMISUSE);
  if (pick < n && mml_search_isa_available(name) &&
      strcmp(mml_search_isa(), name) != 0)
    fz_fail("op %u: search_set_isa(%s) left %s in use", c->op, name,
            mml_search_isa());
}
