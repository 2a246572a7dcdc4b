/* os_map.h (Unix) - the OS part of struct mml_map (map.h). */
#ifndef MML_OS_MAP_H
#define MML_OS_MAP_H

typedef struct mml__os_map {
  int fd;    /* our dup of the caller's fd, or -1 */
  int flags; /* the MAP_* flags given to the OS */
} mml__os_map;

#endif /* MML_OS_MAP_H */
