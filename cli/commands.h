/* commands.h - the subcommands of `mmaplab` that live in cli/.
 *
 * Every subcommand is `int NAME(int argc, char **argv)`: ARGV[0] is the
 * subcommand's name, the return value the exit status (0 ok, 1 a finding:
 * a failed gate, a conformance or benchmark failure, 2 misuse or error
 * after one line on stderr "mmaplab NAME: what"). report, gate and compare
 * come from reports/ and bench/gate/.
 */
#ifndef MMAPLAB_CLI_COMMANDS_H
#define MMAPLAB_CLI_COMMANDS_H

/* The main job: conformance + quick benchmarks + report (cmd_run.c). */
int cli_cmd_run(int argc, char **argv);

/* Prints this machine's fingerprint as JSON (cmd_passthrough.c). */
int cli_cmd_fingerprint(int argc, char **argv);

/* Run mmaplab-conform / mmaplab-bench with the same arguments
 * (cmd_passthrough.c); they do not return unless the exec failed. */
int cli_cmd_conform(int argc, char **argv);
int cli_cmd_bench(int argc, char **argv);

#endif /* MMAPLAB_CLI_COMMANDS_H */
