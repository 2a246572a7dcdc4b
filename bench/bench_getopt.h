/* bench_getopt.h - getopt_long for the bench's command lines, as strict as
 * the strcmp parsers it replaced, so the same command lines are refused
 * with the same messages.
 *
 * util's ut_opt_next already refuses abbreviations ("--comp" for
 * "--compact") and short-option clusters ("-hx"); this adds what only the
 * bench's commands refuse: a "--" ending the options, and an option's
 * value in the other form than the one documented ("--dir=D" for
 * "--dir D", or "--bench-dir D" for "--bench-dir=D"). Options are read
 * with "+:h": no permutation (parsing stops at the first non-option, which
 * the caller refuses), -h as the only short option, and ':' for a value
 * that is missing.
 */
#ifndef MMAPLAB_BENCH_GETOPT_H
#define MMAPLAB_BENCH_GETOPT_H

#include <getopt.h>

/* The next option of ARGV by LONGOPTS (whose "help" should have val 'h',
 * like -h). Call ut_opt_start() before the first call. ATTACHED says how an
 * option with a value (required_argument) is written: 1 "--name=VALUE" only, 0
 * "--name" VALUE only.
 *
 * Returns the option's val (optarg holds its value), or:
 *   -1   the end of the options: *ARG is the first element that is not an
 *        option (a stray argument), or NULL when all were options;
 *   ':'  with ATTACHED 0, "--name" written whole as the last element,
 *        without its value: *ARG is "--name";
 *   '?'  anything else: *ARG is the element, written as it was (an unknown
 *        or abbreviated option, "--name=VALUE" in the other form, a
 *        cluster such as "-hx", a "--").
 * *ARG is also set, to the element the option came from, when an option is
 * returned. */
int bench_getopt(int argc, char **argv, const struct option *longopts,
                 int attached, const char **arg);

#endif /* MMAPLAB_BENCH_GETOPT_H */
