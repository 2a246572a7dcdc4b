/* constants.c - module constants and the library version. */

#include "mmaplab.h"
#include "platform.h"

const char *mml_version_string(void) { return MML_VERSION_STRING; }

int64_t mml_pagesize(void) { return mml__os_pagesize(); }

int64_t mml_allocation_granularity(void) {
  return mml__os_allocation_granularity();
}

const mml_constant *mml_constants(size_t *count) {
  size_t n = 0;
  const mml_constant *c = mml__os_constants(&n);
  if (count != NULL)
    *count = n;
  return c;
}

int mml_constant_value(const char *name, int64_t *value) {
  int64_t v = 0;
  if (name == NULL || !mml__os_constant_value(name, &v))
    return 0;
  if (value != NULL)
    *value = v;
  return 1;
}
