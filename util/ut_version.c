/* ut_version.c - the `--version` line (ut_version.h). */
#include "ut_version.h"

#include <stdio.h>

#include "mmaplab_version.h"

int ut_print_version(const char *prog) {
  if (printf("%s %s\n", prog, MML_VERSION_STRING) < 0 || fflush(stdout) != 0) {
    fprintf(stderr, "%s: cannot write to stdout\n", prog);
    return 2;
  }
  return 0;
}
