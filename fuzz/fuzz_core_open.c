/* fuzz_core_open.c - core_ops: opening, closing and destroying maps, and
 * the files (memfds) behind them. */
#define _GNU_SOURCE /* memfd_create, MAP_POPULATE, MAP_NORESERVE */
#include "fuzz_core_ops.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A file of SIZE bytes over a small alphabet (so that searches hit and
 * readline finds lines), as the model and as a memfd; 0 or -1. */
static int make_file(fz_ctx *c, cm_file *f, int64_t size, int readonly) {
  static const struct {
    const char *chars;
    size_t n; /* 0: any byte */
  } alphabets[] = {{"a", 1}, {"ab", 2}, {"ab\n", 3}, {"abc\n\0", 5}, {"", 0}};
  const size_t which = fz_pick(&c->in, 5), k = alphabets[which].n;
  const char *abc = alphabets[which].chars;
  uint32_t x = fz_u32(&c->in) | 1;
  char path[64];
  f->bytes = malloc(size > 0 ? (size_t)size : 1);
  if (f->bytes == NULL)
    abort();
  for (int64_t i = 0; i < size; i++) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
    f->bytes[i] = k ? (uint8_t)abc[x % k] : (uint8_t)x;
  }
  f->size = size;
  f->fd = memfd_create("mmaplab-fuzz", MFD_CLOEXEC);
  if (f->fd < 0 || pwrite(f->fd, f->bytes, (size_t)size, 0) != size)
    fz_fail("cannot make a memfd test file");
  if (readonly) {
    snprintf(path, sizeof path, "/proc/self/fd/%d", f->fd);
    if ((f->ro_fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
      fz_fail("cannot reopen the memfd read-only");
  }
  return 0;
}

/* The constructor's arguments that are not the descriptor. */
static void choose_args(fz_ctx *c, mml_open_args *a, int64_t fsize) {
  const int64_t ps = c->pagesize;
  const int64_t lengths[] = {
      0,       1,  fsize,     fsize - ps, fsize + 1,
      ps - 1,  ps, ps + 1,    2 * ps,     3 * ps + 5,
      16 * ps, -1, INT64_MIN, INT64_MAX,  (int64_t)1 << 62};
  const int64_t flags[] = {MAP_SHARED,
                           MAP_PRIVATE,
                           0,
                           MAP_SHARED_VALIDATE,
                           MAP_SHARED | MAP_POPULATE,
                           MAP_PRIVATE | MAP_NORESERVE,
                           (int64_t)INT_MAX + 1,
                           (int64_t)INT_MIN - 1};
  const int64_t prots[] = {PROT_READ | PROT_WRITE, PROT_READ,
                           PROT_READ | PROT_EXEC, (int64_t)INT_MAX + 1,
                           INT64_MIN};
  const int64_t accesses[] = {
      0, 1, 2, 3, 4, -1, (int64_t)INT_MAX + 1, (int64_t)INT_MIN - 1};
  /* Anonymous maps only get offsets whose fate the spec records. */
  const int64_t offsets[] = {0,      ps,        1,
                             -1,     INT64_MIN, INT64_MAX,
                             2 * ps, ps - 1,    INT64_MAX - INT64_MAX % ps};
  const uint32_t versions[] = {0,
                               MML_PY_DEFAULT,
                               MML_PY(3, 13, 0),
                               MML_PY(3, 11, 2),
                               MML_PY(3, 15, 0),
                               MML_PY(3, 8, 18)};
  /* Which arguments are given: each with odds 1 in 4, so that most maps
   * open and the calls after them have something to work on. */
  const uint8_t which = fz_u8(&c->in) & fz_u8(&c->in);
  if (which & 1)
    a->length = lengths[fz_pick(&c->in, sizeof lengths / sizeof *lengths)];
  else /* the common cases: the whole file, or a page and a bit */
    a->length = a->fileno >= 0 ? 0 : ps + fz_u8(&c->in);
  if (which & 2)
    a->flags = flags[fz_pick(&c->in, sizeof flags / sizeof *flags)];
  if (which & 4)
    a->prot = prots[fz_pick(&c->in, sizeof prots / sizeof *prots)];
  if (which & 8)
    a->access = accesses[fz_pick(&c->in, sizeof accesses / sizeof *accesses)];
  if (which & 16)
    a->offset = offsets[fz_pick(&c->in, a->fileno == -1 ? 6 : 9)];
  a->trackfd = !(which & 32);
  a->python_version = versions[fz_pick(&c->in, 6)];
}

void fz_op_open(fz_ctx *c, fz_slot *s) {
  static const int64_t bad_fds[] = {-2, INT_MAX, (int64_t)INT_MAX + 1,
                                    INT64_MIN};
  const int64_t fsizes[] = {0,
                            1,
                            100,
                            c->pagesize - 1,
                            c->pagesize,
                            c->pagesize + 1,
                            2 * c->pagesize,
                            3 * c->pagesize + 5,
                            16 * c->pagesize};
  const size_t kind = fz_pick(&c->in, 4); /* anonymous, rw, ro, bad fd */
  cm_fdinfo fd = {NULL, 0};
  mml_open_args a;
  int rc;
  fz_slot_clear(s);
  mml_open_args_init(&a);
  if (kind == 1 || kind == 2) {
    make_file(c, &s->file, fsizes[fz_pick(&c->in, 9)], kind == 2);
    fd.file = &s->file;
    fd.readonly = kind == 2;
    a.fileno = kind == 2 ? s->file.ro_fd : s->file.fd;
  } else if (kind == 3) {
    a.fileno = bad_fds[fz_pick(&c->in, 4)];
  }
  choose_args(c, &a, s->file.fd >= 0 ? s->file.size : 0);
  rc = mml_open(&s->real, &a);
  fz_expect(c, "open", rc, cm_open(&s->model, &a, &fd, c->pagesize));
  if ((s->real == NULL) != (s->model == NULL))
    fz_fail("op %u: open: the map exists on one side only", c->op);
}

void fz_op_close(fz_ctx *c, fz_slot *s) {
  if (s->real == NULL)
    return;
  fz_expect(c, "close", mml_close(s->real), cm_close(s->model));
  if (s->model->exports == 0)
    s->view = NULL;
}

void fz_op_destroy(fz_ctx *c, fz_slot *s) {
  (void)c;
  fz_slot_clear(s); /* live exports are allowed to dangle afterwards */
}
