/* mmaplab.c - the `mmaplab` command: one front for the user-facing jobs.
 *
 *   mmaplab SUBCOMMAND [ARGS...]      mmaplab SUBCOMMAND --help
 *
 * Exit status: 0 ok, 1 a finding (a failed gate, a conformance or benchmark
 * failure), 2 misuse or error.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "gate.h"
#include "report.h"
#include "ut_version.h"

typedef struct cli_command {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
} cli_command;

static const cli_command cli_commands[] = {
    {"run", cli_cmd_run,
     "the main job: conformance + quick benchmarks + report"},
    {"report", rp_cmd_report,
     "rebuild a report (HTML, Markdown, charts) from result files"},
    {"gate", gate_cmd,
     "the CI performance gate: current results against a baseline"},
    {"compare", rp_cmd_compare,
     "several machines' results side by side, fingerprint differences first"},
    {"pages", rp_cmd_pages,
     "this machine's page behaviour in plain words, from the page benchmarks"},
    {"fingerprint", cli_cmd_fingerprint,
     "print this machine's fingerprint as JSON"},
    {"conform", cli_cmd_conform,
     "the conformance runner (mmaplab-conform: run, golden, fuzz, ...)"},
    {"bench", cli_cmd_bench,
     "the microbenchmarks (mmaplab-bench: --quick, --full, ...)"},
};

static void usage(FILE *f) {
  fputs("usage: mmaplab SUBCOMMAND [ARGS...]\n"
        "\n"
        "What memory-mapped files really do and how fast they are: mmaplab\n"
        "checks a C reimplementation of CPython's mmap.mmap (its core) and\n"
        "CPython itself against a conformance corpus, measures the core,\n"
        "glibc and CPython side by side, and reports, gates and compares the\n"
        "results. Each subcommand takes --help and --version.\n"
        "\n"
        "Subcommands:\n",
        f);
  for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
    fprintf(f, "  %-12s %s\n", cli_commands[i].name, cli_commands[i].summary);
  fputs("\n"
        "Options:\n"
        "  --help       this text\n"
        "  --version    print \"mmaplab VERSION\" and exit\n"
        "\n"
        "Exit status: 0 ok, 1 a finding (a failed gate, a conformance or\n"
        "benchmark failure), 2 misuse or error.\n",
        f);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("mmaplab: a subcommand is needed (see mmaplab --help)\n", stderr);
    return 2;
  }
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
      !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version"))
    return ut_print_version("mmaplab");
  for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
    if (strcmp(argv[1], cli_commands[i].name) == 0)
      return cli_commands[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "mmaplab: unknown subcommand '%s' (see mmaplab --help)\n",
          argv[1]);
  return 2;
}
