/* core_host_main.c - mmaplab-core-host: the conformance host of the core.
 *
 *   mmaplab-core-host [--python X.Y.Z]
 *   mmaplab-core-host --help | --version
 *
 * Speaks protocol 1 of conformance/INTERPRETING.md on stdin and stdout.
 * --python makes the core follow that CPython version where versions
 * differ (mml_open_args.python_version), so that the host can be graded
 * against that version's golden; the hello announces it.
 */
#include "core_host.h"
#include "core_host_os.h"

#include <stdio.h>
#include <string.h>

#include "ut_num.h"
#include "ut_opt.h"
#include "ut_version.h"

/* "X.Y.Z" (Z optional): decimal components, 3 <= X, each below 256, and
 * nothing else (no signs, blanks or empty components). */
static int parse_version(const char *s, uint32_t *out) {
  static const uint64_t lo[3] = {3, 0, 0};
  uint64_t v[3] = {0, 0, 0};
  char part[8];
  size_t n = 0;
  for (const char *p = s;; n++) {
    const size_t len = strcspn(p, ".");
    if (n == 3 || len >= sizeof part)
      return -1;
    memcpy(part, p, len);
    part[len] = '\0';
    if (ut_parse_u64(part, lo[n], 255, &v[n]) != 0)
      return -1;
    if (p[len] == '\0')
      break;
    p += len + 1;
  }
  if (n < 1)
    return -1;
  *out = MML_PY(v[0], v[1], v[2]);
  return 0;
}

static const char help_text[] =
    "usage: mmaplab-core-host [--python X.Y.Z]\n"
    "\n"
    "The conformance host of mmaplab's core: mmaplab-conform starts it and\n"
    "speaks protocol 1 of conformance/INTERPRETING.md with it, one JSON\n"
    "line per message, on stdin and stdout; it performs each operation on\n"
    "the core and answers with the result or the exception CPython would\n"
    "raise.\n"
    "\n"
    "  --python X.Y.Z  follow that CPython version where versions differ\n"
    "                  (Z may be omitted; default: the core's own profile);\n"
    "                  the hello announces it\n"
    "  --help          this text\n"
    "  --version       print \"mmaplab-core-host VERSION\" and exit\n"
    "\n"
    "Exit status: 0 at the end of the input; 2 misuse, a malformed message\n"
    "or an unwritable stdout (one line on stderr).\n";

/* The one-line usage error about argument ARG; exit status 2. */
static int usage(const char *arg) {
  fprintf(stderr,
          "mmaplab-core-host: usage: mmaplab-core-host [--python X.Y.Z] "
          "(got \"%s\"); it speaks protocol 1 of "
          "conformance/INTERPRETING.md on stdin/stdout\n",
          arg);
  return 2;
}

int main(int argc, char **argv) {
  static const struct option options[] = {
      {"python", required_argument, NULL, 'p'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  int c, at;
  ut_opt_start();
  while ((c = ut_opt_next(argc, argv, "+:", options, &at)) != -1) {
    if (c == 'h') {
      fputs(help_text, stdout);
      return 0;
    }
    if (c == 'V')
      return ut_print_version("mmaplab-core-host");
    if (c != 'p')
      return usage(argv[at]);
    if (parse_version(optarg, &ch_python_version) != 0) {
      fprintf(stderr, "mmaplab-core-host: --python wants X.Y.Z, got \"%s\"\n",
              optarg);
      return 2;
    }
  }
  if (at < argc)
    return usage(argv[at]);
  if (ch_os_init(stdin, stdout) != 0)
    return 2;
  return ch_serve(stdin, stdout);
}
