/* core_host_fds.c - open_fd and close_fd: descriptors of the case's files
 * and of special kinds, opened as Python's os.open/os.pipe/socket do
 * (close-on-exec, as Python's descriptors are non-inheritable). */
#define _GNU_SOURCE /* pipe2, SOCK_CLOEXEC */
#include "core_host.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const struct {
  const char *mode;
  int flags;
} modes[] = {
    {"r", O_RDONLY},
    {"w", O_WRONLY},
    {"r+", O_RDWR},
    {"a+", O_RDWR | O_APPEND},
};

static const char *const specials[] = {"devzero", "pipe_r",      "pipe_w",
                                       "socket",  "unix_socket", "dir"};

static int mode_flags(const char *mode) {
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if (!strcmp(modes[i].mode, mode))
      return modes[i].flags;
  return -1;
}

int ch_check_open_fd(ch_state *st, const json_t *op) {
  const char *special = json_string_value(json_object_get(op, "special"));
  const char *file = json_string_value(json_object_get(op, "file"));
  const char *mode = json_string_value(json_object_get(op, "mode"));
  int known = 0;
  for (size_t i = 0; special && i < sizeof specials / sizeof *specials; i++)
    known |= !strcmp(specials[i], special);
  if (special != NULL && !known)
    return ch_misuse(st, "unknown special descriptor \"%s\"", special), -1;
  if (special == NULL && (mode == NULL || mode_flags(mode) < 0))
    return ch_misuse(st, "open_fd needs a mode r, w, r+ or a+"), -1;
  if ((special == NULL || !strcmp(special, "dir")) &&
      !json_is_string(json_object_get(st->files, file ? file : "")))
    return ch_misuse(st, "open_fd: no file named \"%s\" in this case",
                     file ? file : ""),
           -1;
  return 0;
}

/* Opens the descriptor OP asks for; -1 with errno set on failure. */
static int open_one(ch_state *st, const json_t *op) {
  const char *special = json_string_value(json_object_get(op, "special"));
  const char *file = json_string_value(json_object_get(op, "file"));
  const char *path =
      json_string_value(json_object_get(st->files, file ? file : ""));
  int p[2];
  if (special == NULL)
    return open(path,
                mode_flags(json_string_value(json_object_get(op, "mode"))) |
                    O_CLOEXEC);
  if (!strcmp(special, "devzero"))
    return open("/dev/zero", O_RDWR | O_CLOEXEC);
  if (!strcmp(special, "dir"))
    return open(path, O_RDONLY | O_CLOEXEC);
  if (!strcmp(special, "socket"))
    return socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (!strcmp(special, "unix_socket"))
    return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (pipe2(p, O_CLOEXEC) != 0)
    return -1;
  /* The other end stays open until the case ends, as in the Python host. */
  ch_keep_fd(st, !strcmp(special, "pipe_r") ? p[1] : p[0]);
  return !strcmp(special, "pipe_r") ? p[0] : p[1];
}

json_t *ch_exec_open_fd(ch_state *st, const json_t *op) {
  int fd = open_one(st, op);
  if (fd < 0)
    return ch_raise_errno(errno);
  ch_bind_fd(st, json_string_value(json_object_get(op, "as")), fd);
  return ch_none();
}

json_t *ch_exec_close_fd(ch_state *st, const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "fd"));
  int fd = ch_unbind_fd(st, name);
  if (fd < 0)
    return ch_name_error(name);
  /* os.close: the binding is gone even if close fails. */
  if (close(fd) != 0)
    return ch_raise_errno(errno);
  return ch_none();
}
