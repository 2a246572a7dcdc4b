/* core_host_fds.c - open_fd and close_fd: descriptors of the case's files
 * and of special kinds, opened as Python's os.open/os.pipe/socket do (the
 * OS calls are core_host_os.h's). */
#include "core_host.h"
#include "core_host_os.h"

#include <errno.h>
#include <string.h>

static const char *const modes[] = {"r", "w", "r+", "a+"};

static const char *const specials[] = {"devzero", "pipe_r",      "pipe_w",
                                       "socket",  "unix_socket", "dir"};

static int known(const char *s, const char *const *list, size_t n) {
  for (size_t i = 0; s != NULL && i < n; i++)
    if (!strcmp(list[i], s))
      return 1;
  return 0;
}

int ch_check_open_fd(ch_state *st, const json_t *op) {
  const char *special = json_string_value(json_object_get(op, "special"));
  const char *file = json_string_value(json_object_get(op, "file"));
  const char *mode = json_string_value(json_object_get(op, "mode"));
  if (special != NULL &&
      !known(special, specials, sizeof specials / sizeof *specials))
    return ch_misuse(st, "unknown special descriptor \"%s\"", special), -1;
  if (special == NULL && !known(mode, modes, sizeof modes / sizeof *modes))
    return ch_misuse(st, "open_fd needs a mode r, w, r+ or a+"), -1;
  if ((special == NULL || !strcmp(special, "dir")) &&
      !json_is_string(json_object_get(st->files, file ? file : "")))
    return ch_misuse(st, "open_fd: no file named \"%s\" in this case",
                     file ? file : ""),
           -1;
  return 0;
}

json_t *ch_exec_open_fd(ch_state *st, const json_t *op) {
  const char *special = json_string_value(json_object_get(op, "special"));
  const char *file = json_string_value(json_object_get(op, "file"));
  const char *path =
      json_string_value(json_object_get(st->files, file ? file : ""));
  const char *missing = special ? ch_os_special_missing(special) : NULL;
  int fd, other = -1;
  if (missing != NULL)
    return ch_unsupported("open_fd %s: %s", special, missing);
  if (special == NULL)
    fd = ch_os_open_file(path, json_string_value(json_object_get(op, "mode")));
  else
    fd = ch_os_open_special(special, path, &other);
  if (fd < 0)
    return ch_raise_errno(errno);
  /* The other end of a pipe stays open until the case ends, as in the
   * Python host. */
  if (other >= 0)
    ch_keep_fd(st, other);
  ch_bind_fd(st, json_string_value(json_object_get(op, "as")), fd);
  return ch_none();
}

json_t *ch_exec_truncate_fd(ch_state *st, const json_t *op) {
  ch_fd *f = ch_find_fd(st, json_string_value(json_object_get(op, "fd")));
  int64_t size;
  json_t *r = ch_get_int(st, json_object_get(op, "size"), "size", &size);
  if (r != NULL)
    return r;
  /* os.ftruncate(fd, size) */
  if (ch_os_truncate(f->fd, size) != 0)
    return ch_raise_errno(errno);
  return ch_none();
}

json_t *ch_exec_close_fd(ch_state *st, const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "fd"));
  int fd = ch_unbind_fd(st, name);
  if (fd < 0)
    return ch_name_error(name);
  /* os.close: the binding is gone even if close fails. */
  if (ch_os_close(fd) != 0)
    return ch_raise_errno(errno);
  return ch_none();
}
