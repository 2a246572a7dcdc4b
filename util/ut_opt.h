/* ut_opt.h - getopt_long as the tools use it.
 *
 * Part of mmaplab_util, the internal library of the tools; never part of
 * the core's API. getopt_long prints messages of its own and accepts any
 * unique prefix of a long option ("--base" for "--baseline"); the tools
 * print their own one-line messages and accept whole names only, so that
 * a name added later never changes what an old command line means.
 */
#ifndef MMAPLAB_UT_OPT_H
#define MMAPLAB_UT_OPT_H

#include <getopt.h>

/* Starts parsing a new argument vector: getopt's state is reset (optind 0,
 * glibc's full reinitialisation, so a tool may parse more than one vector)
 * and its own messages are silenced (opterr 0). */
void ut_opt_start(void);

/* getopt_long(ARGC, ARGV, SHORTOPTS, LONGOPTS, NULL), with *AT set to the
 * index of the element the result was read from: the option itself (not
 * its value in the next element), the operand returned as 1 (SHORTOPTS
 * starting with '-'), or, when -1 is returned, the first element not
 * parsed ("--" itself when that ended the options; ARGC when all were
 * parsed). An abbreviated long option is returned as '?', also when its
 * value is missing; so is a short option without a value that does not
 * stand alone in its element ("-hx"). Begin SHORTOPTS (after a '+' or '-')
 * with ':' to tell a missing value (':') from an unknown option ('?'). */
int ut_opt_next(int argc, char *const *argv, const char *shortopts,
                const struct option *longopts, int *at);

#endif /* MMAPLAB_UT_OPT_H */
