/* gate_write.c - the gate's output files, all or none (gate_write.h). */
#include "gate_write.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ut_output.h"

int gate_write_all(const char *const *path, const char *const *text, size_t n,
                   char *err, size_t errlen) {
  ut_output *o[4] = {NULL, NULL, NULL, NULL};
  int rc = 0;
  size_t i;
  if (n > sizeof o / sizeof o[0]) {
    snprintf(err, errlen, "cannot write %zu outputs at once", n);
    return EINVAL;
  }
  for (i = 0; i < n && rc == 0; i++) {
    if (path[i] == NULL)
      continue;
    rc = ut_output_open(&o[i], path[i], err, errlen);
    if (rc == 0)
      rc = ut_output_write(o[i], text[i], strlen(text[i]), err, errlen);
  }
  for (i = 0; i < n; i++) {
    if (o[i] == NULL)
      continue;
    if (rc != 0)
      ut_output_abort(o[i]);
    else
      rc = ut_output_commit(o[i], err, errlen);
    o[i] = NULL;
  }
  return rc;
}
