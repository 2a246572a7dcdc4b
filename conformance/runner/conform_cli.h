/* conform_cli.h - the subcommands of mmaplab-conform and their shared
 * option parsing. Each command returns the process exit status: 0 ok,
 * 1 a finding (a failed case, a stale golden), 2 misuse or bad input. */
#ifndef MML_CONFORM_CLI_H
#define MML_CONFORM_CLI_H

#include <stddef.h>

/* The reference golden graded against by default. */
#define CF_DEFAULT_GOLDEN "cpython-3.13.0"

typedef struct cf_opts {
  const char *host, *golden, *expect, *cases, *out, *out_root, *golden_root;
  char **filters; /* --filter, repeatable (malloc'd array, borrowed strings) */
  size_t nfilters;
  const char *emulator; /* --emulator: the command the host runs under */
  char **host_env;      /* --host-env NAME=VALUE, repeatable (as filters) */
  size_t nhost_env;
  double timeout;
  int quiet;
  int progress_fd;    /* --progress-fd (ut_progress.h), or -1 */
  long long pagesize; /* --pagesize: derive a golden for it, or 0 */
} cf_opts;

/* Parses ARGV (ARGV[0] is the subcommand) for the options whose names are
 * in ALLOWED (space-separated; --help and --version are always allowed).
 * Returns 0 (free o->filters and o->host_env when done), or 1 when --help
 * printed USAGE or
 * --version the version line and 2 after one misuse line, with o->filters
 * freed already. */
int cf_parse_opts(int argc, char **argv, const char *allowed, const char *usage,
                  cf_opts *o);

/* The longest --timeout: a day. */
#define CF_TIMEOUT_MAX 86400

/* Parses TEXT as a --timeout: a decimal number of seconds > 0 and
 * <= CF_TIMEOUT_MAX, the whole string. 0, or -1 leaving *OUT as it was. */
int cf_parse_timeout(const char *text, double *out);

/* A path under the data root (ut_layout.h: the source tree from a build
 * tree, PREFIX/share/mmaplab installed), malloc'd. */
char *cf_source_path(const char *rel);

/* The path an option GIVEN names, or the default REL under the data root
 * when GIVEN is NULL; malloc'd. */
char *cf_option_path(const char *given, const char *rel);

/* Where a command writes when not told: REL_IN_TREE under the source tree
 * from a build tree, NAME in the current directory when installed (nothing
 * is written under the install prefix); malloc'd. */
char *cf_output_path(const char *rel_in_tree, const char *name);

int cf_cmd_run(int argc, char **argv);
int cf_cmd_golden(int argc, char **argv);
int cf_cmd_check_golden(int argc, char **argv);
int cf_cmd_list(int argc, char **argv);
int cf_cmd_fuzz(int argc, char **argv);
int cf_cmd_classify(int argc, char **argv);
int cf_cmd_matrix(int argc, char **argv);

#endif /* MML_CONFORM_CLI_H */
