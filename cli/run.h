/* run.h - `mmaplab run`, the main job, shared between its option parsing
 * and flow (cmd_run.c) and its steps (run_steps.c). */
#ifndef MMAPLAB_CLI_RUN_H
#define MMAPLAB_CLI_RUN_H

#include <stddef.h>

#include "run_summary.h"

#define CLI_RUN_NAME "mmaplab run"

/* The options; every string points into argv or is a built-in default. */
typedef struct cli_run_opts {
  const char *out;      /* report directory; NULL: reports/out/run-... */
  const char *hosts;    /* comma list of cli_run_hosts names, or "none" */
  const char *families; /* comma list of cli_run_families names, or "none" */
  const char *python;   /* the CPython: a name looked up in PATH, or a path */
  const char *pypy;     /* the PyPy for --hosts pypy, likewise */
  int quiet;            /* --quiet: no progress on stderr */
  int pages; /* --pages: the page matrix alone (mmaplab-bench --pages) */
} cli_run_opts;

/* One run. Strings are malloc'd and freed by cli_run_free. */
typedef struct cli_run {
  cli_run_opts o;
  char *work;           /* .OUT.work-XXXXXX beside OUT */
  char *logs;           /* WORK/logs */
  char *python;         /* the CPython itself (sys.executable); NULL: none */
  char *python_version; /* its version, "3.11.2"; NULL: none */
  char **files;         /* result files for the report */
  size_t nfiles;
  cli_summary sum;
  int findings; /* a step found a failure: exit 1 */
} cli_run;

/* A conformance host --hosts may name, and the step that grades it. */
typedef struct cli_run_host {
  const char *name;
  int (*conform)(cli_run *c); /* 0, or -1 after one line on stderr */
} cli_run_host;

/* A benchmark family --families may name. */
typedef struct cli_run_family {
  const char *name;
  int in_python; /* bench/python/mmap_bench.py measures it too */
} cli_run_family;

/* The tables, in the order the steps run; ended by a NULL name. */
extern const cli_run_host cli_run_hosts[];
extern const cli_run_family cli_run_families[];

/* 1 if WORD is in the comma list LIST. */
int cli_in_list(const char *list, const char *word);

/* Prints "mmaplab run: WHAT" on stderr, the start of a step, unless
 * --quiet. */
void cli_run_step(const cli_run *c, const char *what);

/* The steps (run_steps.c); each 0, or -1 after one line on stderr. */

/* Asks the CPython of --python for its version and executable (into
 * C->python_version and C->python); without one only the steps that need
 * it fail later. */
int cli_run_find_python(cli_run *c);
int cli_run_fingerprint(cli_run *c);
int cli_run_conformance(cli_run *c);
int cli_run_bench(cli_run *c);
int cli_run_report(cli_run *c);

#endif /* MMAPLAB_CLI_RUN_H */
