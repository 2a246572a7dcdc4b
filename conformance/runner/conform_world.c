/* conform_world.c - file_read, file_size, file_truncate, file_write. */
#define _GNU_SOURCE
#include "conform_world.h"

#include "conform_util.h"

#include "typed.h"
#include "ut_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cf_is_world_op(const char *name) { return strncmp(name, "file_", 5) == 0; }

const char *cf_oserror_class(int err) {
  /* CPython's errno -> OSError subclass table (PEP 3151). */
  switch (err) {
  case EAGAIN:
  case EALREADY:
  case EINPROGRESS:
    return "BlockingIOError";
  case ECHILD:
    return "ChildProcessError";
  case EPIPE:
  case ESHUTDOWN:
    return "BrokenPipeError";
  case ECONNABORTED:
    return "ConnectionAbortedError";
  case ECONNREFUSED:
    return "ConnectionRefusedError";
  case ECONNRESET:
    return "ConnectionResetError";
  case EEXIST:
    return "FileExistsError";
  case ENOENT:
    return "FileNotFoundError";
  case EINTR:
    return "InterruptedError";
  case EISDIR:
    return "IsADirectoryError";
  case ENOTDIR:
    return "NotADirectoryError";
  case EACCES:
  case EPERM:
    return "PermissionError";
  case ESRCH:
    return "ProcessLookupError";
  case ETIMEDOUT:
    return "TimeoutError";
  default:
    return "OSError";
  }
}

static json_t *os_error(int err) {
  return tv_result_raise(cf_oserror_class(err), strerror(err), err);
}

/* An int64 field; OverflowError as os.truncate/os.pwrite raise it. */
static int int_field(const json_t *op, const char *key, int64_t *out,
                     json_t **result) {
  if (tv_get_int64(json_object_get(op, key), out) == 0)
    return 0;
  *result = tv_result_raise("OverflowError",
                            "Python int too large to convert to C long", -1);
  return -1;
}

static json_t *do_read(const char *path) {
  size_t len;
  char *data, err[64];
  json_t *r;
  const int rc =
      ut_read_input(path, UT_INPUT_MAX, &data, &len, err, sizeof err);
  if (rc != 0)
    return os_error(rc);
  r = tv_result_value(tv_bytes(data, len));
  free(data);
  return r;
}

static json_t *do_write(const json_t *op, const char *path) {
  int64_t offset;
  size_t len, done = 0;
  uint8_t *data = tv_get_bytes(json_object_get(op, "data"), &len);
  json_t *r = NULL;
  int fd;
  if (data == NULL)
    return tv_result_raise("TypeError", "file_write data must be bytes", -1);
  if (int_field(op, "offset", &offset, &r) != 0) {
    free(data);
    return r;
  }
  if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0) {
    free(data);
    return os_error(errno);
  }
  while (done < len || len == 0) {
    ssize_t n =
        pwrite(fd, data + done, len - done, (off_t)offset + (off_t)done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      r = os_error(errno);
      break;
    }
    done += (size_t)n;
    if (len == 0)
      break;
  }
  close(fd);
  free(data);
  return r != NULL ? r : tv_result_value(json_null());
}

json_t *cf_world_op(const json_t *op, const json_t *paths) {
  const char *name = json_string_value(json_object_get(op, "op"));
  const char *file = json_string_value(json_object_get(op, "file"));
  const char *path = json_string_value(json_object_get(paths, file));
  struct stat st;
  int64_t size;
  json_t *r = NULL;
  if (!strcmp(name, "file_read"))
    return do_read(path);
  if (!strcmp(name, "file_write"))
    return do_write(op, path);
  if (!strcmp(name, "file_size"))
    return stat(path, &st) == 0 ? tv_result_value(tv_int(st.st_size))
                                : os_error(errno);
  if (int_field(op, "size", &size, &r) != 0)
    return r;
  return truncate(path, (off_t)size) == 0 ? tv_result_value(json_null())
                                          : os_error(errno);
}
