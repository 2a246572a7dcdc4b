/* core_host_call_io.c - the file-position methods: read, read_byte,
 * readline, write, write_byte, seek. */
#include "core_host.h"

#include <string.h>

/* A malloc'd result of the core as bytes (or its error). */
static json_t *bytes_result(int rc, uint8_t *data, int64_t len) {
  json_t *r =
      rc < 0 ? ch_raise_code(rc) : ch_value(tv_bytes(data, (size_t)len));
  if (rc >= 0)
    mml_free(data);
  return r;
}

static json_t *call_read(ch_state *st, mml_map *m, const json_t *args) {
  int64_t n = -1; /* read() and read(None) read to the end */
  uint8_t *data;
  int64_t len;
  json_t *r;
  int rc;
  if (json_array_size(args) == 1 && !json_is_null(json_array_get(args, 0)) &&
      (r = ch_int_args(st, args, 0, 1, "read", &n)) != NULL)
    return r;
  rc = mml_read(m, n, &data, &len);
  return bytes_result(rc, data, len);
}

static json_t *call_write(ch_state *st, mml_map *m, const json_t *args) {
  ch_buf buf;
  int64_t written;
  int raised, rc;
  json_t *r = ch_get_buf(st, json_array_get(args, 0), &buf, &raised);
  if (r != NULL) {
    /* CPython checks that the map is open before converting arguments. */
    if (raised && mml_closed(m)) {
      json_decref(r);
      r = ch_raise_code(MML_ECLOSED);
    }
    return r;
  }
  rc = mml_write(m, buf.data, buf.len, &written);
  ch_buf_done(&buf);
  return rc < 0 ? ch_raise_code(rc) : ch_value(tv_int(written));
}

static json_t *call_seek(ch_state *st, mml_map *m, const json_t *args) {
  int64_t v[2] = {0, 0}; /* whence defaults to SEEK_SET */
  int64_t pos;
  json_t *r;
  int rc;
  if ((r = ch_int_args(st, args, 0, 2, "seek", v)) != NULL)
    return r;
  rc = mml_seek(m, v[0], v[1], &pos);
  /* 3.13 returns the new absolute position. */
  return rc < 0 ? ch_raise_code(rc) : ch_value(tv_int(pos));
}

json_t *ch_call_io(ch_state *st, ch_binding *b, const char *method,
                   const json_t *args) {
  mml_map *m = b->map->m;
  uint8_t *data, byte;
  int64_t len, v;
  json_t *r;
  int rc;
  if (!strcmp(method, "read"))
    return call_read(st, m, args);
  if (!strcmp(method, "write"))
    return call_write(st, m, args);
  if (!strcmp(method, "seek"))
    return call_seek(st, m, args);
  if (!strcmp(method, "readline")) {
    rc = mml_readline(m, &data, &len);
    return bytes_result(rc, data, len);
  }
  if (!strcmp(method, "read_byte")) {
    rc = mml_read_byte(m, &byte);
    return rc < 0 ? ch_raise_code(rc) : ch_value(tv_int(byte));
  }
  /* write_byte */
  if ((r = ch_int_args(st, args, 0, 1, method, &v)) != NULL)
    return r;
  rc = mml_write_byte(m, v);
  return rc < 0 ? ch_raise_code(rc) : ch_none();
}
