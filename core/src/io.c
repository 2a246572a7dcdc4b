/* io.c - read, read_byte, readline, write and write_byte at the position. */
#include <stdlib.h>
#include <string.h>

#include "map.h"

int mml__copy_out(const uint8_t *src, int64_t len, uint8_t **out,
                  int64_t *outlen) {
  uint8_t *buf;
  if (out == NULL)
    return MML_EMISUSE;
#if SIZE_MAX < INT64_MAX
  if ((uint64_t)len >= SIZE_MAX)
    return MML_ENOMEM;
#endif
  buf = malloc(len > 0 ? (size_t)len : 1);
  if (buf == NULL)
    return MML_ENOMEM;
  if (len > 0)
    memcpy(buf, src, (size_t)len);
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
  if ((rc = mml__copy_out(m->data + (n > 0 ? m->pos : 0), n, out, outlen)) < 0)
    return rc;
  m->pos += n;
  return 0;
}

int mml_read_byte(mml_map *m, uint8_t *byte) {
  MML__CHECK_MAP(m);
  if (m->pos >= m->size)
    return MML_EREAD_BYTE_RANGE;
  if (byte != NULL)
    *byte = m->data[m->pos];
  m->pos++;
  return 0;
}

int mml_readline(mml_map *m, uint8_t **out, int64_t *outlen) {
  int64_t avail, n;
  const uint8_t *start, *eol;
  int rc;
  MML__CHECK_MAP(m);
  avail = remaining(m);
  start = m->data + (avail > 0 ? m->pos : 0);
  eol = avail > 0 ? memchr(start, '\n', (size_t)avail) : NULL;
  n = eol != NULL ? (int64_t)(eol - start) + 1 : avail;
  if ((rc = mml__copy_out(start, n, out, outlen)) < 0)
    return rc;
  m->pos += n;
  return 0;
}

int mml_write(mml_map *m, const void *data, int64_t len, int64_t *written) {
  MML__CHECK_MAP(m);
  if (len < 0 || (data == NULL && len > 0))
    return MML_EMISUSE;
  MML__CHECK_WRITABLE(m);
  /* All or nothing; written as a subtraction so that it cannot overflow. */
  if (m->pos > m->size || m->size - m->pos < len)
    return MML_EDATA_RANGE;
  if (len > 0)
    memmove(m->data + m->pos, data, (size_t)len); /* data may alias the map */
  m->pos += len;
  if (written != NULL)
    *written = len;
  return 0;
}

int mml_write_byte(mml_map *m, int64_t value) {
  MML__CHECK_MAP(m);
  /* CPython's "b" conversion comes before the readonly check. */
  if (value > 255)
    return MML_EBYTE_TOO_BIG;
  if (value < 0)
    return MML_EBYTE_TOO_SMALL;
  MML__CHECK_WRITABLE(m);
  if (m->pos >= m->size)
    return MML_EWRITE_BYTE_RANGE;
  m->data[m->pos++] = (uint8_t)value;
  return 0;
}
