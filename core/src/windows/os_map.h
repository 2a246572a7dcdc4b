/* os_map.h (Windows) - the OS part of struct mml_map (map.h). Handles are
 * kept as void * (a HANDLE is one) so that map.h needs no <windows.h>. */
#ifndef MML_OS_MAP_H
#define MML_OS_MAP_H

#include <wchar.h>

typedef struct mml__os_map {
  void *file;    /* our duplicate of the file's handle; INVALID_HANDLE_VALUE
                  * for an anonymous map (the paging file); with trackfd 0
                  * the caller's handle, which we do not close */
  int own_file;  /* file is ours to close */
  void *mapping; /* the file-mapping object; NULL once closed */
  /* The tag name as CreateFileMapping gets it, or both NULL (None): the
   * UTF-8 bytes (CreateFileMappingA, before gh-81489) or UTF-16
   * (CreateFileMappingW, 3.11.8 / 3.12.2 / 3.13 on). Owned by the map. */
  char *tag_narrow;
  wchar_t *tag_wide;
} mml__os_map;

#endif /* MML_OS_MAP_H */
