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
  const char *junit;           /* --junit, or NULL */
  const char *filter;          /* --filter REGEX, or NULL */
  const char *reference;       /* --reference IMPL or "none"; NULL: glibc
                                  where both files have it */
  gate_params params;          /* params.only is left NULL */
  int force, save_baseline, help, version;
  /* The interleaved mode (gate_ab.h): --ab OLD NEW and its options. */
  const char *ab_old, *ab_new;
  double budget;     /* --budget SECONDS (default 240) */
  size_t rounds;     /* --rounds N: exactly N rounds, one look (0: adapt) */
  size_t min_rounds; /* --min-rounds N (0: from alpha and the rows) */
  long cpu;          /* --cpu N; -1: the last CPU allowed; -2: none */
  const char *keep;  /* --keep DIR, or NULL: a temporary directory */
  int instructions;  /* --instructions */
  int have_seed;     /* --seed given */
  unsigned long long seed;
  char **bench_args; /* the arguments after "--", or NULL: the defaults */
  int nbench_args;
} gate_opts;

/* The --help text. */
extern const char gate_usage[];

/* Parses ARGV[1..ARGC-1] into O (defaults first). With --ab, the
 * arguments after "--" go to both builds' mmaplab-bench (O->bench_args).
 * Returns 0, or -1 with one line (no "mmaplab gate: " prefix, no newline) in
 * ERR of LEN bytes. Reals are whole decimal strings (ut_parse_double: no hex,
 * no blanks) in range: 0 < alpha < 1, 0 <= min-effect <= 10, 0 <=
 * count-tolerance <= 1, 0 <= count-floor <= 1e6, 0 <= instr-tolerance <= 1. */
int gate_parse(int argc, char **argv, gate_opts *o, char *err, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_OPTS_H */
