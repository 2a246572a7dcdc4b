/* io.c - read, read_byte, readline, write and write_byte at the position. */
#include <stdlib.h>
#include <string.h>

#include "fault.h"

int mml__copy_out(const mml_map *m, const uint8_t *src, int64_t len,
                  uint8_t **out, int64_t *outlen) {
  uint8_t *buf;
  int rc;
  if (out == NULL)
    return MML_EMISUSE;
#if SIZE_MAX < INT64_MAX
  if ((uint64_t)len >= SIZE_MAX)
    return MML_ENOMEM;
#endif
  buf = malloc(len > 0 ? (size_t)len : 1);
  if (buf == NULL)
    return MML_ENOMEM;
  if (len > 0) {
    mml__copy_ctx c = {buf, src, (size_t)len};
    if ((rc = mml__access(m, mml__copy_fn, &c)) < 0) {
      free(buf);
      return rc;
    }
  }
  *out = buf;
  if (outlen != NULL)
    *outlen = len;
  return 0;
}

void mml_free(void *p) { free(p); }

/* Bytes between the position and the end; 0 when the position is past the
 * end after a shrinking resize. */
static int64_t remaining(const mml_map *m) {
  return m->pos < m->size ? m->size - m->pos : 0;
}

int mml_read(mml_map *m, int64_t n, uint8_t **out, int64_t *outlen) {
  int64_t avail;
  int rc;
  MML__CHECK_MAP(m);
  avail = remaining(m);
  if (n < 0 || n > avail)
    n = avail;
  if ((rc = mml__copy_out(m, m->data + (n > 0 ? m->pos : 0), n, out, outlen)) <
      0)
    return rc;
  m->pos += n;
  return 0;
}

int mml_read_byte(mml_map *m, uint8_t *byte) {
  mml__byte_ctx c;
  int rc;
  MML__CHECK_MAP(m);
  if (m->pos >= m->size)
    return MML_EREAD_BYTE_RANGE;
  c.at = m->data + m->pos, c.value = 0, c.store = 0;
  if ((rc = mml__access(m, mml__byte_fn, &c)) < 0)
    return rc;
  if (byte != NULL)
    *byte = c.value;
  m->pos++;
  return 0;
}

/* The end of the line that starts at START (AVAIL bytes), or NULL. */
typedef struct eol_ctx {
  const uint8_t *start, *eol;
  size_t avail;
} eol_ctx;

static void find_eol(void *ctx) {
  eol_ctx *c = ctx;
  c->eol = memchr(c->start, '\n', c->avail);
}

int mml_readline(mml_map *m, uint8_t **out, int64_t *outlen) {
  int64_t avail, n;
  eol_ctx c;
  int rc;
  MML__CHECK_MAP(m);
  avail = remaining(m);
  c.start = m->data + (avail > 0 ? m->pos : 0);
  c.eol = NULL;
  c.avail = (size_t)avail;
  if (avail > 0 && (rc = mml__access(m, find_eol, &c)) < 0)
    return rc;
  n = c.eol != NULL ? (int64_t)(c.eol - c.start) + 1 : avail;
  if ((rc = mml__copy_out(m, c.start, n, out, outlen)) < 0)
    return rc;
  m->pos += n;
  return 0;
}

int mml_write(mml_map *m, const void *data, int64_t len, int64_t *written) {
  int rc;
  MML__CHECK_MAP(m);
  if (len < 0 || (data == NULL && len > 0))
    return MML_EMISUSE;
  MML__CHECK_WRITABLE(m);
  /* All or nothing; written as a subtraction so that it cannot overflow. */
  if (m->pos > m->size || m->size - m->pos < len)
    return MML_EDATA_RANGE;
  if (len > 0) {
    mml__copy_ctx c = {m->data + m->pos, data, (size_t)len}; /* may alias */
    if ((rc = mml__access(m, mml__copy_fn, &c)) < 0)
      return rc; /* a fault: the position stays */
  }
  m->pos += len;
  if (written != NULL)
    *written = len;
  return 0;
}

int mml_write_byte(mml_map *m, int64_t value) {
  mml__byte_ctx c;
  int rc;
  MML__CHECK_MAP(m);
  /* CPython's "b" conversion comes before the readonly check. */
  if (value > 255)
    return MML_EBYTE_TOO_BIG;
  if (value < 0)
    return MML_EBYTE_TOO_SMALL;
  MML__CHECK_WRITABLE(m);
  if (m->pos >= m->size)
    return MML_EWRITE_BYTE_RANGE;
  c.at = m->data + m->pos, c.value = (uint8_t)value, c.store = 1;
  if ((rc = mml__access(m, mml__byte_fn, &c)) < 0)
    return rc;
  m->pos++;
  return 0;
}
