/* bench_getopt.c - getopt_long, accepting options only spelled out whole
 * (bench_getopt.h). */
#include "bench_getopt.h"

#include <stddef.h>
#include <string.h>

/* 1 if ARG spells out option O whole: "--name", or "--name=..." when
 * ATTACHED and O takes a value. */
static int spelled_out(const char *arg, const struct option *o, int attached) {
  const size_t n = strlen(o->name);
  const int has_value = o->has_arg == required_argument;
  if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, o->name, n) != 0)
    return 0;
  return has_value && attached ? arg[2 + n] == '=' : arg[2 + n] == '\0';
}

int bench_getopt(int argc, char **argv, const struct option *longopts,
                 int attached, const char **arg) {
  /* Where this option starts (glibc sets optind to 1 on its first call). */
  const int at = optind > 0 ? optind : 1;
  int index = -1;
  int c;
  opterr = 0; /* the caller prints its own one-line messages */
  c = getopt_long(argc, argv, "+:h", longopts, &index);
  *arg = at < argc ? argv[at] : NULL;
  if (c == -1) {
    if (optind > at) /* it took a "--" as the end of the options */
      return '?';
    *arg = optind < argc ? argv[optind] : NULL;
    return -1;
  }
  if (optind == at) /* still inside a cluster such as -hx */
    return '?';
  if (c == 'h' && index < 0) /* -h, alone */
    return strcmp(*arg, "-h") == 0 ? 'h' : '?';
  if (c == ':') { /* a value missing: fine only for "--name" written whole */
    for (const struct option *o = longopts; o->name != NULL; o++)
      if (!attached && o->has_arg == required_argument &&
          spelled_out(*arg, o, 0))
        return ':';
    return '?';
  }
  if (c == '?' || index < 0 || !spelled_out(*arg, &longopts[index], attached))
    return '?';
  return c;
}
