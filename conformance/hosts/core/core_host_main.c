/* core_host_main.c - mmaplab-core-host: the conformance host of the core.
 *
 *   mmaplab-core-host [--python X.Y.Z]
 *
 * Speaks protocol 1 of conformance/INTERPRETING.md on stdin and stdout.
 * --python makes the core follow that CPython version where versions
 * differ (mml_open_args.python_version), so that the host can be graded
 * against that version's golden; the hello announces it.
 */
#include "core_host.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

/* "X.Y.Z" (Z optional) with 3 <= X, components below 256. */
static int parse_version(const char *s, uint32_t *out) {
  unsigned x = 0, y = 0, z = 0;
  char tail;
  int n = sscanf(s, "%u.%u.%u%c", &x, &y, &z, &tail);
  if ((n != 2 && n != 3) || x < 3 || x > 255 || y > 255 || z > 255)
    return -1;
  *out = MML_PY(x, y, z);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--python") == 0) {
    if (parse_version(argv[2], &ch_python_version) != 0) {
      fprintf(stderr, "mmaplab-core-host: --python wants X.Y.Z, got \"%s\"\n",
              argv[2]);
      return 2;
    }
  } else if (argc > 1) {
    fprintf(stderr,
            "mmaplab-core-host: usage: mmaplab-core-host [--python X.Y.Z] "
            "(got \"%s\"); it speaks protocol 1 of "
            "conformance/INTERPRETING.md on stdin/stdout\n",
            argv[1]);
    return 2;
  }
  /* Python ignores SIGPIPE too: a write to a closed pipe is an EPIPE
   * error, not the end of the process. */
  signal(SIGPIPE, SIG_IGN);
  return ch_serve(stdin, stdout);
}
