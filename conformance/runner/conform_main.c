/* conform_main.c - mmaplab-conform: runs the conformance corpus against a
 * host, makes and checks goldens, lists cases.
 *
 *   mmaplab-conform run --host 'CMD ARGS' [options]
 *   mmaplab-conform golden --host 'CMD' [options]
 *   mmaplab-conform check-golden --host 'CMD' [options]
 *   mmaplab-conform list [options]
 *   mmaplab-conform classify --rules FILE --out FILE REPORT.json
 *   mmaplab-conform matrix [--out DIR] REPORT.json...
 *
 * Exit status: 0 ok, 1 a finding (failures, stale goldens), 2 misuse or
 * bad input. See INTERPRETING.md for the contract.
 */
#define _POSIX_C_SOURCE 200809L
#include "conform_cli.h"
#include "conform_proc.h"
#include "conform_util.h"
#include "ut_cleanup.h"
#include "ut_version.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: mmaplab-conform COMMAND [options]\n"
    "\n"
    "Runs the conformance corpus (conformance/cases: each case a sequence\n"
    "of mmap operations and the expected outcome) against a host, a program\n"
    "that performs the operations on one implementation of Python's mmap\n"
    "(mmaplab-core-host for the core, conformance/hosts/python/host.py for\n"
    "a CPython or PyPy), grades the results against a golden recorded from\n"
    "a reference CPython, and makes and checks those goldens.\n"
    "\n"
    "commands:\n"
    "  run           run a host over the corpus and grade it against a "
    "golden\n"
    "  golden        run a reference CPython host and write its golden\n"
    "  check-golden  regenerate the golden and compare with the committed "
    "one\n"
    "  list          list the cases\n"
    "  fuzz          differential fuzzing against a reference host\n"
    "  classify      a port's differences into a classed expectations file\n"
    "  matrix        the port matrix and port pages of run reports\n"
    "\n"
    "Options:\n"
    "  --help        this text (each command takes --help too)\n"
    "  --version     print \"mmaplab-conform VERSION\" and exit\n"
    "\n"
    "Exit status: 0 ok, 1 failures or stale goldens, 2 misuse or bad input.\n";

/* When a fatal signal ends the runner (ut_cleanup.h: SIGINT, SIGTERM,
 * SIGHUP, SIGXFSZ, SIGALRM), the host's process group goes too (it has a
 * group of its own, so the terminal's signal does not reach it); then the
 * registered temporary files and directories are removed. */
static void kill_host(int sig) {
  const pid_t group = cf_proc_current_group;
  (void)sig;
  if (group > 0)
    kill(-group, SIGKILL);
}

int main(int argc, char **argv) {
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } commands[] = {{"run", cf_cmd_run},
                  {"golden", cf_cmd_golden},
                  {"check-golden", cf_cmd_check_golden},
                  {"list", cf_cmd_list},
                  {"fuzz", cf_cmd_fuzz},
                  {"classify", cf_cmd_classify},
                  {"matrix", cf_cmd_matrix}};
  /* A host that dies mid-write must not kill the runner: EPIPE instead. */
  signal(SIGPIPE, SIG_IGN);
  if (ut_cleanup_hook(kill_host) != 0) {
    cf_error("cannot install the signal handlers");
    return 2;
  }
  if (argc < 2) {
    cf_error("missing command (see mmaplab-conform --help)");
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
      !strcmp(argv[1], "help")) {
    fputs(usage, stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version"))
    return ut_print_version("mmaplab-conform");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0)
      return commands[i].fn(argc - 1, argv + 1);
  cf_error("unknown command %s (see mmaplab-conform --help)", argv[1]);
  return 2;
}
