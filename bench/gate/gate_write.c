/* gate_write.c - the gate's output files, all or none (gate_write.h). */
#include "gate_write.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ut_output.h"

/* Writes LEN bytes of DATA to the descriptor of O: 0 or errno. */
static int write_out(ut_output *o, const char *data, size_t len) {
  while (len > 0) {
    const ssize_t n = write(ut_output_fd(o), data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return errno;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

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
    if (rc == 0 && (rc = write_out(o[i], text[i], strlen(text[i]))) != 0)
      snprintf(err, errlen, "cannot write %s: %s", path[i], strerror(rc));
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
