/* bench_getopt.c - util's ut_opt_next (whole names only), plus the one
 * value form each bench command documents (bench_getopt.h). */
#include "bench_getopt.h"

#include <string.h>

#include "ut_opt.h"

int bench_getopt(int argc, char **argv, const struct option *longopts,
                 int attached, const char **arg) {
  int at;
  const int c = ut_opt_next(argc, argv, "+:h", longopts, &at);
  const char *typed = at < argc ? argv[at] : NULL;
  *arg = typed;
  if (c == -1) /* a "--" ending the options is refused like any stray */
    return typed != NULL && strcmp(typed, "--") == 0 ? '?' : -1;
  if (c == '?' || c == 'h')
    return c;
  if (c == ':') /* "--name" last, without its value */
    return attached ? '?' : ':';
  for (const struct option *o = longopts; o->name != NULL; o++)
    if (o->val == c && o->has_arg == required_argument &&
        (strchr(typed, '=') != NULL) != (attached != 0))
      return '?'; /* the value in the other form than the documented one */
  return c;
}
