/* core_host_errnos.c - the hello's "errnos": the errno names this C
 * library defines with their numbers, so that the runner can tell an
 * error of the same name under another number (another libc, Windows'
 * CRT) from a real difference (INTERPRETING.md 5.2). */
#include "core_host.h"

#include <errno.h>

/* The names the core and the corpus can meet, each only where the C
 * library defines it (Windows' CRT lacks several). */
#define ERRNO_ENTRY(name)                                                      \
  { #name, name }
static const struct {
  const char *name;
  int number;
} errnos[] = {
    ERRNO_ENTRY(E2BIG),       ERRNO_ENTRY(EACCES),  ERRNO_ENTRY(EAGAIN),
    ERRNO_ENTRY(EBADF),       ERRNO_ENTRY(EBUSY),   ERRNO_ENTRY(EEXIST),
    ERRNO_ENTRY(EFAULT),      ERRNO_ENTRY(EFBIG),   ERRNO_ENTRY(EINTR),
    ERRNO_ENTRY(EINVAL),      ERRNO_ENTRY(EIO),     ERRNO_ENTRY(EISDIR),
    ERRNO_ENTRY(EMFILE),      ERRNO_ENTRY(ENFILE),  ERRNO_ENTRY(ENODEV),
    ERRNO_ENTRY(ENOENT),      ERRNO_ENTRY(ENOMEM),  ERRNO_ENTRY(ENOSPC),
    ERRNO_ENTRY(ENOSYS),      ERRNO_ENTRY(ENOTDIR), ERRNO_ENTRY(ENXIO),
    ERRNO_ENTRY(EPERM),       ERRNO_ENTRY(EPIPE),   ERRNO_ENTRY(ERANGE),
    ERRNO_ENTRY(EROFS),       ERRNO_ENTRY(ESPIPE),  ERRNO_ENTRY(EDOM),
#ifdef EOVERFLOW
    ERRNO_ENTRY(EOVERFLOW),
#endif
#ifdef ENOTSUP
    ERRNO_ENTRY(ENOTSUP),
#endif
#ifdef EOPNOTSUPP
    ERRNO_ENTRY(EOPNOTSUPP),
#endif
#ifdef ETXTBSY
    ERRNO_ENTRY(ETXTBSY),
#endif
#ifdef EWOULDBLOCK
    ERRNO_ENTRY(EWOULDBLOCK),
#endif
#ifdef EHWPOISON
    ERRNO_ENTRY(EHWPOISON),
#endif
};

json_t *ch_errnos(void) {
  json_t *o = json_object();
  for (size_t i = 0; i < sizeof errnos / sizeof *errnos; i++)
    json_object_set_new(o, errnos[i].name, json_integer(errnos[i].number));
  return o;
}
