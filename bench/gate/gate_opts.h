/* gate_opts.h - the command line of `mmaplab gate`. */
#ifndef MMAPLAB_BENCH_GATE_OPTS_H
#define MMAPLAB_BENCH_GATE_OPTS_H

#include <stddef.h>

#include "gate_compare.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The parsed command line; strings point into argv. */
typedef struct gate_opts {
  const char *baseline, *current; /* the first --baseline, --current */
  const char *more_base[15], *more_cur[15]; /* later ones: runs pooled */
  size_t nmore_base, nmore_cur;
  const char *markdown, *json; /* --markdown, --json, or NULL */
  const char *filter;          /* --filter REGEX, or NULL */
  const char *reference;       /* --reference IMPL or "none"; NULL: glibc
                                  where both files have it */
  gate_params params;          /* params.only is left NULL */
  int force, save_baseline, help, version;
} gate_opts;

/* The --help text. */
extern const char gate_usage[];

/* Parses ARGV[1..ARGC-1] into O (defaults first). Returns 0, or -1 with
 * one line (no "mmaplab gate: " prefix, no newline) in ERR of LEN bytes.
 * Reals are whole decimal strings (ut_parse_double: no hex, no blanks) in
 * range: 0 < alpha < 1, 0 <= min-effect <= 10,
 * 0 <= count-tolerance <= 1, 0 <= count-floor <= 1e6,
 * 0 <= instr-tolerance <= 1. */
int gate_parse(int argc, char **argv, gate_opts *o, char *err, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_OPTS_H */
