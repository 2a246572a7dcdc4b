/* bench_instr.c - mmaplab-bench --instructions: re-execution under
 * callgrind and the instruction counter of each run (bench_instr.h). */
#define _GNU_SOURCE /* mkdtemp, getline */
#include "bench_instr.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MMAPLAB_HAVE_CALLGRIND_H
#define MMAPLAB_HAVE_CALLGRIND_H 0
#endif
#if MMAPLAB_HAVE_CALLGRIND_H
#include <valgrind/callgrind.h>
#else /* built without valgrind's headers: --instructions refuses to run */
#define RUNNING_ON_VALGRIND 0
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(pos) ((void)(pos))
#endif

#include "gbench.h"
#include "mmaplab.h"
#include "ut_cleanup.h"
#include "ut_spawn.h"
#include "ut_path.h"
#include "ut_str.h"

#define PROG "mmaplab-bench"
/* The environment of the child under valgrind: callgrind's directory, and
 * "callgrind X.Y.Z" for the context. */
#define DIR_ENV "MMAPLAB_INSTR_DIR"
#define TOOL_ENV "MMAPLAB_INSTR_TOOL"
/* callgrind's file in that directory; dump N goes to OUT_BASE.N */
#define OUT_BASE "callgrind.out"

const char bench_instr_usage[] =
    "  --instructions         count instructions instead of timing: the\n"
    "                         find, rfind and move benchmarks run under\n"
    "                         valgrind's callgrind (valgrind on PATH or\n"
    "                         $MMAPLAB_VALGRIND; Debian package valgrind),\n"
    "                         each row gets the counter instructions_<isa>,\n"
    "                         the instructions per iteration of the code\n"
    "                         between the loop's checks; <isa> is the core's\n"
    "                         search instruction set under valgrind, at most\n"
    "                         avx2 (valgrind's CPU has no AVX-512). Other\n"
    "                         families are left out, with a note on stderr.\n"
    "                         Defaults --benchmark_min_time=1e-9 (one\n"
    "                         iteration) and --benchmark_repetitions=1 (the\n"
    "                         count is the same every time)\n";

static char min_time_flag[] = "--benchmark_min_time=1e-9";
static char repetitions_flag[] = "--benchmark_repetitions=1";
char *const bench_instr_defaults[BENCH_INSTR_NDEFAULTS] = {min_time_flag,
                                                           repetitions_flag};

int bench_instr_under_valgrind(void) { return RUNNING_ON_VALGRIND ? 1 : 0; }

int bench_instr_counts_family(const char *family) {
  return strcmp(family, "find") == 0 || strcmp(family, "rfind") == 0 ||
         strcmp(family, "move") == 0;
}

/* ---- the parent: valgrind, the directory, the child --------------------- */

/* NAME if it holds a '/' and is executable, else the first executable
 * PATH entry/NAME; malloc'd, or NULL when there is none. */
static char *find_program(const char *name) {
  const char *path = getenv("PATH");
  if (strchr(name, '/') != NULL)
    return access(name, X_OK) == 0 ? ut_xstrdup(name) : NULL;
  if (path == NULL || *path == '\0')
    path = "/usr/bin:/bin";
  while (*path != '\0') {
    const size_t n = strcspn(path, ":");
    /* an empty PATH entry is the current directory */
    char *cand = n == 0 ? ut_xasprintf("./%s", name)
                        : ut_xasprintf("%.*s/%s", (int)n, path, name);
    if (access(cand, X_OK) == 0)
      return cand;
    free(cand);
    path += n + (path[n] == ':');
  }
  return NULL;
}

/* "callgrind X.Y.Z" from `VALGRIND --version` ("valgrind-3.19.0"), run
 * with its output in DIR; "callgrind (version unknown)" if it says none. */
static char *tool_version(const char *valgrind, const char *dir) {
  char *out = ut_xasprintf("%s/version", dir), *line = NULL, *v;
  char *const args[] = {(char *)valgrind, "--version", NULL};
  ut_spawn_opts o = {0};
  size_t cap = 0;
  FILE *f;
  o.argv = args;
  o.out_path = out;
  o.err_to_out = 1;
  if (ut_spawn(&o) == 0 && (f = fopen(out, "r")) != NULL) {
    if (getline(&line, &cap, f) > 0)
      line[strcspn(line, "\r\n")] = '\0';
    fclose(f);
  }
  unlink(out);
  free(out);
  v = line != NULL && strncmp(line, "valgrind-", 9) == 0
          ? ut_xasprintf("callgrind %s", line + 9)
          : ut_xstrdup("callgrind (version unknown)");
  free(line);
  return v;
}

/* The private directory of callgrind's files, registered for removal on
 * fatal signals; malloc'd, or NULL after one line on stderr. */
static char *make_dir(void) {
  const char *tmp = getenv("TMPDIR");
  char *dir = ut_xasprintf("%s/mmaplab-instr-XXXXXX",
                           tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
  int rc;
  if (mkdtemp(dir) == NULL) {
    fprintf(stderr, PROG ": --instructions: cannot create %s: %s\n", dir,
            strerror(errno));
    free(dir);
    return NULL;
  }
  if ((rc = ut_cleanup_add(dir)) != 0) {
    fprintf(stderr, PROG ": --instructions: %s\n", strerror(rc));
    rmdir(dir);
    free(dir);
    return NULL;
  }
  return dir;
}

/* Runs valgrind on SELF with ARGV's options, the output in DIR; the exit
 * status, or 2 after one line on stderr. */
static int run_child(const char *valgrind, const char *self, char **argv,
                     const char *dir) {
  size_t argc = 0, k = 0;
  char **args,
      *out_flag = ut_xasprintf("--callgrind-out-file=%s/" OUT_BASE, dir),
      *tool = tool_version(valgrind, dir);
  int rc;
  ut_spawn_opts o = {0};
  while (argv[argc] != NULL)
    argc++;
  args = ut_xmalloc((argc + 6) * sizeof *args);
  args[k++] = (char *)valgrind;
  args[k++] = "--quiet";
  args[k++] = "--tool=callgrind";
  args[k++] = "--collect-atstart=no";
  args[k++] = out_flag;
  args[k++] = (char *)self;
  for (size_t i = 1; i < argc; i++)
    args[k++] = argv[i];
  args[k] = NULL;
  o.argv = args;
  /* For the child only: this process exits when it ends. */
  if (setenv(DIR_ENV, dir, 1) != 0 || setenv(TOOL_ENV, tool, 1) != 0 ||
      setenv("LD_BIND_NOW", "1", 1) != 0) {
    fprintf(stderr, PROG ": --instructions: %s\n", strerror(errno));
    rc = 2;
  } else if ((rc = ut_spawn(&o)) < 0) {
    fprintf(stderr, PROG ": --instructions: cannot start %s: %s\n", valgrind,
            strerror(errno));
    rc = 2;
  }
  free(args);
  free(out_flag);
  free(tool);
  return rc;
}

int bench_instr_reexec(char **argv) {
  const char *env = getenv("MMAPLAB_VALGRIND");
  const int from_env = env != NULL && *env != '\0';
  char *valgrind = find_program(from_env ? env : "valgrind"), *self, *dir;
  int rc = 2;
  if (!MMAPLAB_HAVE_CALLGRIND_H) { /* the child could not tell it runs there */
    fprintf(stderr, PROG ": --instructions: this build lacks "
                         "valgrind/callgrind.h (Debian package valgrind)\n");
    free(valgrind);
    return 2;
  }
  if (valgrind == NULL) {
    fprintf(stderr,
            PROG ": --instructions needs valgrind (Debian package valgrind): "
                 "not found%s%s%s\n",
            from_env ? " ($MMAPLAB_VALGRIND is '" : "", from_env ? env : "",
            from_env ? "')" : "");
    return 2;
  }
  if ((self = ut_self_exe()) == NULL)
    fprintf(stderr, PROG ": --instructions: /proc/self/exe: %s\n",
            strerror(errno));
  else if ((dir = make_dir()) != NULL) {
    rc = run_child(valgrind, self, argv, dir);
    ut_remove_tree(dir);
    ut_cleanup_forget(dir);
    free(dir);
  }
  free(self);
  free(valgrind);
  return rc;
}

/* ---- the child, under callgrind ----------------------------------------- */

static const char *out_dir; /* $MMAPLAB_INSTR_DIR */
static char *counter_name;  /* "instructions_<isa>" */
static unsigned long dumps; /* callgrind's dumps so far: the file's N */
static int collected;       /* this run turned collection on */

const char *bench_instr_counter_name(void) { return counter_name; }

/* The first number of the "summary:" line (else "totals:") of callgrind's
 * dump FILE into *N: 0, or a static message. */
static const char *read_summary(const char *file, uint64_t *n) {
  FILE *f = fopen(file, "r");
  char *line = NULL;
  size_t cap = 0;
  int found = 0;
  if (f == NULL)
    return "cannot open callgrind's dump";
  while (found != 2 && getline(&line, &cap, f) > 0) {
    const int summary = strncmp(line, "summary:", 8) == 0;
    if (summary || (found == 0 && strncmp(line, "totals:", 7) == 0)) {
      char *end;
      errno = 0;
      *n = strtoull(line + (summary ? 8 : 7), &end, 10);
      if (errno != 0 || end == line + (summary ? 8 : 7))
        break;
      found = summary ? 2 : 1;
    }
  }
  free(line);
  fclose(f);
  return found ? NULL : "no summary in callgrind's dump";
}

/* RUN_END of a run that was counted: dump, read, set the counter. */
static void count_run(gb_state *st) {
  char *file;
  const char *why;
  uint64_t n = 0;
  const int64_t iters = gb_iterations(st);
  CALLGRIND_DUMP_STATS_AT("mmaplab-bench timed region");
  dumps++;
  file = ut_xasprintf("%s/" OUT_BASE ".%lu", out_dir, dumps);
  why = read_summary(file, &n);
  unlink(file); /* read once; the directory stays small */
  free(file);
  if (gb_error_occurred(st) || iters <= 0)
    return; /* a wrong result: the row is an error, no count */
  if (why != NULL) {
    char msg[160];
    snprintf(msg, sizeof msg, "--instructions: %s %s." OUT_BASE ".%lu", why,
             out_dir, dumps);
    gb_skip_with_error(st, msg);
    return;
  }
  gb_set_counter(st, counter_name, (double)n / (double)iters,
                 GB_COUNTER_DEFAULT);
}

/* gb_timing_fn: gbench alternates START and STOP, so a toggle follows the
 * state exactly. */
static void on_timing(gb_state *st, gb_timing_event ev, void *arg) {
  (void)arg;
  if (ev == GB_TIMING_RUN_END) {
    if (collected)
      count_run(st);
    collected = 0;
    return;
  }
  CALLGRIND_TOGGLE_COLLECT;
  collected = 1;
}

int bench_instr_begin(void) {
  const char *tool = getenv(TOOL_ENV);
  const char *isa = mml_search_isa(); /* the dispatch chosen now */
  out_dir = getenv(DIR_ENV);
  if (out_dir == NULL || *out_dir == '\0') {
    fprintf(stderr, PROG ": --instructions starts valgrind itself; run "
                         "mmaplab-bench without valgrind\n");
    return 2;
  }
  counter_name = ut_xasprintf("instructions_%s", isa);
  gb_add_custom_context("instruction_count",
                        tool != NULL ? tool : "callgrind (version unknown)");
  gb_add_custom_context("instruction_isa", isa);
  gb_on_timing(on_timing, NULL);
  return 0;
}
