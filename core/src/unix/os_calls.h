/* os_calls.h (Unix) - the mml__os call table of posix.c (platform.h).
 *
 * Every call returns 0 on success or a positive errno value. */
#ifndef MML_OS_CALLS_H
#define MML_OS_CALLS_H

#include <stddef.h>
#include <stdint.h>

struct mml__file_info;

typedef struct mml__os_table {
  /* mmap(NULL, len, prot, flags, fd, offset) into *out. */
  int (*map)(void **out, size_t len, int prot, int flags, int fd,
             int64_t offset);
  int (*unmap)(void *addr, size_t len);
  /* Moves or resizes a mapping (mremap with MREMAP_MAYMOVE) into *out. */
  int (*remap)(void *addr, size_t old_len, size_t new_len, void **out);
  /* msync(addr, len, MS_SYNC). */
  int (*sync)(void *addr, size_t len);
  int (*advise)(void *addr, size_t len, int advice);
  int (*stat)(int fd, struct mml__file_info *info);
  int (*truncate)(int fd, int64_t size);
  /* A close-on-exec duplicate of fd into *out. */
  int (*dup)(int fd, int *out);
  int (*close)(int fd);
} mml__os_table;

/* The flag and protection values the constructor's logic needs. */
typedef struct mml__os_bits {
  int map_shared, map_private, map_anonymous;
  int prot_read, prot_write;
} mml__os_bits;
extern const mml__os_bits mml__os_bits_values;

/* The error code for the OS error value ERR (> 0): here an errno. */
static inline int mml__oserr(int err) { return -err; }

#endif /* MML_OS_CALLS_H */
