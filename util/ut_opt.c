/* ut_opt.c - getopt_long with whole names only (ut_opt.h). */
#include "ut_opt.h"

#include <string.h>

void ut_opt_start(void) {
  optind = 0;
  opterr = 0;
}

/* 1 if the long option typed at ARG ("--name" or "--name=value") is the
 * whole name of one of LONGOPTS. */
static int whole_name(const char *arg, const struct option *longopts) {
  const char *name = arg + 2;
  const size_t n = strcspn(name, "=");
  for (const struct option *o = longopts; o != NULL && o->name != NULL; o++)
    if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
      return 1;
  return 0;
}

int ut_opt_next(int argc, char *const *argv, const char *shortopts,
                const struct option *longopts, int *at) {
  int c;
  *at = optind > 0 ? optind : 1;
  c = getopt_long(argc, argv, shortopts, longopts, NULL);
  if (c == -1) {
    /* "--" ended the options: name it, as its caller may refuse it */
    if (*at < optind && strcmp(argv[*at], "--") == 0)
      return -1;
    *at = optind;
    return -1;
  }
  if (c == 1 || c == '?')
    return c;
  if (argv[*at][0] == '-' && argv[*at][1] == '-')
    return whole_name(argv[*at], longopts) ? c : '?';
  /* a short option: getopt still in the same element means a cluster,
   * unless the option took the rest of the element as its value */
  return optind == *at && c != ':' ? '?' : c;
}
