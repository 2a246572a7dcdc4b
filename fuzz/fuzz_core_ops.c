/* fuzz_core_ops.c - fuzz target core_ops: the core's public API
 * (core/include/mmaplab.h) driven as a sequence of operations decoded from
 * the input, each result checked against the naive model of
 * fuzz_core_model.h; a divergence aborts.
 *
 * Input: repeated [a byte naming the operation and the slot (one of three
 * maps), the operation's arguments...] until the input ends. After every
 * operation the whole visible state of the slot is compared: closed, len, tell,
 * exports, access, offset, the python version, repr, every byte of the map and,
 * for a file map, the file's size and bytes. At the end every map is destroyed
 * and no descriptor may be left open. MMAPLAB_FUZZ_TRACE=1 in the environment
 * prints every call and its result on stderr.
 */
#define _GNU_SOURCE
#include "fuzz_core_ops.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Descriptors below this are compared before and after an input. */
#define FZ_FD_PROBE 128

void fz_expect(const fz_ctx *c, const char *what, int got, int want) {
  if (c->trace)
    fprintf(stderr, "op %u: %s: %s\n", c->op, what,
            got ? mml_err_name(got) : "ok");
  if (want == CM_OS_ANY ? (got < 0 && got > -4096) : got == want)
    return;
  fz_fail("op %u: %s: core says %s (%s), the model %s", c->op, what,
          got ? mml_err_name(got) : "0", got ? mml_strerror(got) : "ok",
          want == CM_OS_ANY ? "some OSError"
          : want            ? mml_err_name(want)
                            : "0 (ok)");
}

void fz_expect_i64(const fz_ctx *c, const char *what, int64_t got,
                   int64_t want) {
  if (got != want)
    fz_fail("op %u: %s: core %" PRId64 ", model %" PRId64, c->op, what, got,
            want);
}

void fz_expect_bytes(const fz_ctx *c, const char *what, const uint8_t *got,
                     int64_t gotlen, const uint8_t *want, int64_t wantlen) {
  fz_expect_i64(c, what, gotlen, wantlen);
  if (gotlen == 0 || memcmp(got, want, (size_t)gotlen) == 0)
    return;
  for (int64_t i = 0; i < gotlen; i++)
    if (got[i] != want[i])
      fz_fail("op %u: %s: byte %" PRId64 " of %" PRId64 ": core %u, model %u",
              c->op, what, i, gotlen, got[i], want[i]);
}

void fz_slot_clear(fz_slot *s) {
  mml_destroy(s->real);
  cm_free(s->model);
  if (s->file.fd >= 0)
    close(s->file.fd);
  if (s->file.ro_fd >= 0)
    close(s->file.ro_fd);
  free(s->file.bytes);
  memset(s, 0, sizeof *s);
  s->file.fd = s->file.ro_fd = -1;
}

/* The map's bytes and the attributes that need no argument. */
static void check_map(const fz_ctx *c, const fz_slot *s) {
  const cm_map *m = s->model;
  char want[160], got[160];
  int64_t v, len;
  uint8_t *data, *flat;
  int ro;
  fz_expect_i64(c, "closed", mml_closed(s->real), m->closed);
  fz_expect_i64(c, "access", mml_access(s->real), m->access);
  fz_expect_i64(c, "offset", mml_offset(s->real), m->offset);
  fz_expect_i64(c, "python_version", mml_python_version(s->real), m->pyver);
  fz_expect_i64(c, "exports", mml_exports(s->real), m->exports);
  fz_expect_i64(c, "seekable", mml_seekable(s->real), 1);
  cm_repr(m, want, sizeof want);
  mml_repr(s->real, NULL, got, sizeof got);
  if (strcmp(got, want) != 0)
    fz_fail("op %u: repr: core \"%s\", model \"%s\"", c->op, got, want);
  if (m->closed)
    return;
  fz_expect(c, "len", mml_len(s->real, &v), 0);
  fz_expect_i64(c, "len", v, m->size);
  fz_expect(c, "tell", mml_tell(s->real, &v), 0);
  fz_expect_i64(c, "tell", v, m->pos);
  fz_expect(c, "export for the check",
            mml_buffer_export(s->real, &data, &len, &ro), 0);
  flat = malloc(m->size > 0 ? (size_t)m->size : 1);
  if (flat == NULL)
    abort();
  cm_flatten(m, flat);
  fz_expect_bytes(c, "the map's bytes", data, len, flat, m->size);
  free(flat);
  fz_expect(c, "release after the check", mml_buffer_release(s->real), 0);
}

/* The file's size and bytes. */
static void check_file(const fz_ctx *c, const cm_file *f) {
  struct stat st;
  uint8_t *buf;
  if (fstat(f->fd, &st) != 0)
    fz_fail("op %u: fstat of the test file failed", c->op);
  fz_expect_i64(c, "the file's size", st.st_size, f->size);
  buf = malloc(f->size > 0 ? (size_t)f->size : 1);
  if (buf == NULL)
    abort();
  if (pread(f->fd, buf, (size_t)f->size, 0) != (ssize_t)f->size)
    fz_fail("op %u: cannot read the test file back", c->op);
  fz_expect_bytes(c, "the file's bytes", buf, f->size, f->bytes, f->size);
  free(buf);
}

/* Under MMAPLAB_FUZZ_TRACE: the slot an operation is about to use. */
static void trace_slot(const fz_ctx *c, const fz_slot *s) {
  const cm_map *m = s->model;
  char repr[160];
  if (m == NULL) {
    fprintf(stderr, "op %u: slot %d: empty\n", c->op, (int)(s - c->slots));
    return;
  }
  cm_repr(m, repr, sizeof repr);
  fprintf(stderr,
          "op %u: slot %d: %s %s%s%s, python %x, exports %" PRId64
          ", file size %" PRId64 "\n",
          c->op, (int)(s - c->slots), repr, m->anonymous ? "anonymous" : "file",
          m->shared ? " shared" : "",
          m->readonly_fd ? " read-only fd"
          : m->trackfd   ? ""
                         : " trackfd=0",
          (unsigned)m->pyver, m->exports, m->file ? m->file->size : -1);
}

/* Which of the first FZ_FD_PROBE descriptors are open, as bits. */
static void open_fds(uint64_t bits[FZ_FD_PROBE / 64]) {
  memset(bits, 0, FZ_FD_PROBE / 8);
  for (int fd = 0; fd < FZ_FD_PROBE; fd++)
    if (fcntl(fd, F_GETFD) != -1)
      bits[fd / 64] |= (uint64_t)1 << (fd % 64);
}

static fz_op_fn *const ops[] = {
    fz_op_open,       fz_op_open,       fz_op_close,         fz_op_destroy,
    fz_op_read,       fz_op_read_byte,  fz_op_readline,      fz_op_write,
    fz_op_write_self, fz_op_write_byte, fz_op_seek,          fz_op_size,
    fz_op_find,       fz_op_find,       fz_op_flush,         fz_op_madvise,
    fz_op_move,       fz_op_resize,     fz_op_past_end,      fz_op_getitem,
    fz_op_setitem,    fz_op_delitem,    fz_op_slice_indices, fz_op_getslice,
    fz_op_setslice,   fz_op_delslice,   fz_op_export,        fz_op_release,
    fz_op_view_write, fz_op_set_isa};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_ctx c;
  uint64_t before[FZ_FD_PROBE / 64], after[FZ_FD_PROBE / 64];
  memset(&c, 0, sizeof c);
  c.in.p = data;
  c.in.n = size;
  c.pagesize = mml_pagesize();
  c.trace = getenv("MMAPLAB_FUZZ_TRACE") != NULL;
  for (int i = 0; i < FZ_SLOTS; i++)
    c.slots[i].file.fd = c.slots[i].file.ro_fd = -1;
  open_fds(before);
  mml_search_set_isa("auto"); /* an earlier input may have chosen one */
  while (!fz_done(&c.in)) {
    const size_t nops = sizeof ops / sizeof ops[0], b = fz_u8(&c.in);
    fz_op_fn *op = ops[b % nops];
    fz_slot *s = &c.slots[(b / nops) % FZ_SLOTS]; /* one byte for both */
    c.op++;
    if (c.trace)
      trace_slot(&c, s);
    op(&c, s);
    if (s->real != NULL)
      check_map(&c, s);
    if (s->file.fd >= 0)
      check_file(&c, &s->file);
  }
  for (int i = 0; i < FZ_SLOTS; i++)
    fz_slot_clear(&c.slots[i]);
  open_fds(after);
  if (memcmp(before, after, sizeof before) != 0)
    fz_fail("a descriptor was left open (or closed) by the input's maps");
  return 0;
}
