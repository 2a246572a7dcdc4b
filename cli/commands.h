/* commands.h - the subcommands of `mmaplab` and the helpers they share.
 *
 * Every subcommand is `int mml_cmd_NAME(int argc, char **argv)`: ARGV[0] is
 * the subcommand's name, the return value the exit status (0 ok, 1 a
 * finding: a failed gate, a conformance or benchmark failure, 2 misuse or
 * error after one line on stderr "mmaplab NAME: what").
 */
#ifndef MMAPLAB_CLI_COMMANDS_H
#define MMAPLAB_CLI_COMMANDS_H

#include <stddef.h>

/* The main job: conformance + quick benchmarks + report (cmd_run.c). */
int mml_cmd_run(int argc, char **argv);

/* Prints this machine's fingerprint as JSON (cmd_passthrough.c). */
int mml_cmd_fingerprint(int argc, char **argv);

/* Run mmaplab-conform / mmaplab-bench with the same arguments
 * (cmd_passthrough.c); they do not return unless the exec failed. */
int mml_cmd_conform(int argc, char **argv);
int mml_cmd_bench(int argc, char **argv);

/* ---- shared by the subcommands (cli_util.c) ----------------------------- */

/* Runs ARGV (argv[0] a path) and waits: stdout and stderr go to OUT_PATH
 * and ERR_PATH when not NULL (created or truncated), else they are
 * inherited; stdin is /dev/null. The child leads a process group of its
 * own: when SIGINT, SIGTERM or SIGHUP ends mmaplab (ut_cleanup), the group
 * gets the same signal and the child up to 10 s to exit before mmaplab
 * dies. Returns the exit status, 128 + signal if it was killed, or -1 (with
 * errno) if it could not be started. */
int mml_spawn(char *const argv[], const char *out_path, const char *err_path);

/* Writes the time since START (a CLOCK_MONOTONIC reading from mml_now) as
 * "12.3 s" into BUF. */
double mml_now(void);
void mml_elapsed(double start, char *buf, size_t len);

#endif /* MMAPLAB_CLI_COMMANDS_H */
