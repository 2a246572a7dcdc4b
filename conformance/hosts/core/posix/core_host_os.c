/* posix/core_host_os.c - the core host's OS part on Linux and other POSIX
 * systems (core_host_os.h): descriptors as Python's os.open, os.pipe and
 * socket.socket make them (close-on-exec: Python's are non-inheritable). */
#define _GNU_SOURCE /* pipe2, SOCK_CLOEXEC, getline */
#include "core_host_os.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "mmaplab.h"

/* CPython 3.13's Unix signature: mmap(fileno, length, flags=MAP_SHARED,
 * prot=PROT_WRITE|PROT_READ, access=ACCESS_DEFAULT, offset=0, *,
 * trackfd=True). */
static const ch_param params[] = {
    {"fileno", CH_PARAM_CINT, offsetof(mml_open_args, fileno)},
    {"length", CH_PARAM_INT, offsetof(mml_open_args, length)},
    {"flags", CH_PARAM_CINT, offsetof(mml_open_args, flags)},
    {"prot", CH_PARAM_CINT, offsetof(mml_open_args, prot)},
    {"access", CH_PARAM_CINT, offsetof(mml_open_args, access)},
    {"offset", CH_PARAM_INT, offsetof(mml_open_args, offset)},
    {"trackfd", CH_PARAM_TRUTH, offsetof(mml_open_args, trackfd)},
    /* No tagname: CPython refuses the keyword on Unix even as None, which
     * mml_open_args.tagname (NULL for None) cannot tell from absent; the
     * host answers unsupported for it. */
};

const ch_param *ch_os_mmap_params(size_t *n, size_t *npos) {
  *n = sizeof params / sizeof params[0];
  *npos = 6;
  return params;
}

int ch_os_init(FILE *in, FILE *out) {
  (void)in;
  (void)out;
  /* Python ignores SIGPIPE too: a write to a closed pipe is an EPIPE
   * error, not the end of the process. */
  signal(SIGPIPE, SIG_IGN);
  return 0;
}

const char *ch_os_platform(void) {
#if defined(__linux__)
  return "linux";
#elif defined(__APPLE__)
  return "darwin";
#else
  return "unknown";
#endif
}

const char *ch_os_machine(void) {
  static struct utsname u;
  if (u.machine[0] == '\0' && uname(&u) != 0)
    strcpy(u.machine, "unknown");
  return u.machine;
}

void ch_os_hello_extra(json_t *hello) { (void)hello; }

json_t *ch_os_raise_error(int code) {
  (void)code; /* errno codes: the shared ch_raise_errno */
  return NULL;
}

static const struct {
  const char *mode;
  int flags;
} modes[] = {
    {"r", O_RDONLY},
    {"w", O_WRONLY},
    {"r+", O_RDWR},
    {"a+", O_RDWR | O_APPEND},
};

int ch_os_open_file(const char *path, const char *mode) {
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if (!strcmp(modes[i].mode, mode))
      return open(path, modes[i].flags | O_CLOEXEC);
  errno = EINVAL;
  return -1;
}

const char *ch_os_special_missing(const char *kind) {
  (void)kind;
  return NULL;
}

int ch_os_open_special(const char *kind, const char *path, int *other) {
  int p[2];
  *other = -1;
  if (!strcmp(kind, "devzero"))
    return open("/dev/zero", O_RDWR | O_CLOEXEC);
  if (!strcmp(kind, "dir"))
    return open(path, O_RDONLY | O_CLOEXEC);
  if (!strcmp(kind, "socket"))
    return socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (!strcmp(kind, "unix_socket"))
    return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (pipe2(p, O_CLOEXEC) != 0)
    return -1;
  *other = !strcmp(kind, "pipe_r") ? p[1] : p[0];
  return !strcmp(kind, "pipe_r") ? p[0] : p[1];
}

int ch_os_truncate(int fd, int64_t size) {
  /* off_t is 64 bits here (_FILE_OFFSET_BITS or a 64-bit system). */
  return ftruncate(fd, (off_t)size);
}

int ch_os_close(int fd) { return close(fd); }

void ch_os_end_case(void) {}

long ch_os_getline(char **line, size_t *cap, FILE *in) {
  return (long)getline(line, cap, in);
}
