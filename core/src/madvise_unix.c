/* madvise_unix.c - madvise over a range of the map. */
#include "map.h"
#include "platform.h"

int mml_madvise(mml_map *m, int64_t option, int64_t start,
                const int64_t *lengthp) {
  int advice, rc, err;
  int64_t length;
  if (m != NULL && (rc = mml__clinic_int(m, option)) < 0)
    return rc;
  MML__CHECK_MAP(m);
  if ((rc = mml__to_int(option, &advice)) < 0)
    return rc;
  length = lengthp != NULL ? *lengthp : m->size;
  if (start < 0 || start >= m->size)
    return MML_EMADV_START;
  if (length < 0)
    return MML_EMADV_LENGTH;
  if (INT64_MAX - start < length)
    return MML_EMADV_TOO_LARGE;
  if (m->size - start < length)
    length = m->size - start; /* clipped to the end of the map */
  if ((err = mml__os.advise(m->data + start, (size_t)length, advice)) != 0)
    return mml__oserr(err);
  return 0;
}
