/* win_version.h - where CPython's Windows behaviour changed by version. */
#ifndef MML_WIN_VERSION_H
#define MML_WIN_VERSION_H

#include <stdint.h>

#include "mmaplab.h"

/* gh-81489: the tagname is a wide string (CreateFileMappingW) from 3.13,
 * 3.12.2 and 3.11.8 on; before, its UTF-8 bytes went to the ANSI call. */
static inline int mml__win_wide_tagname(uint32_t pyver) {
  if (pyver >= MML_PY(3, 13, 0))
    return 1;
  if (pyver >= MML_PY(3, 12, 0))
    return pyver >= MML_PY(3, 12, 2);
  return pyver >= MML_PY(3, 11, 8);
}

/* gh-85092 (bpo-40915): resize was reworked in 3.11 (named mappings held
 * elsewhere refused, anonymous maps copied into a new mapping). */
static inline int mml__win_resize_rework(uint32_t pyver) {
  return pyver >= MML_PY(3, 11, 0);
}

#endif /* MML_WIN_VERSION_H */
