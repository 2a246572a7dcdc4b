/* ut_spawn.h - running another program and waiting for it.
 *
 * Part of mmaplab_util, the internal library of the tools; never part of
 * the core's API.
 */
#ifndef MMAPLAB_UT_SPAWN_H
#define MMAPLAB_UT_SPAWN_H

/* How ut_spawn starts a program. Zero-initialise, then set ARGV. */
typedef struct ut_spawn_opts {
  /* The program and its arguments, NULL-terminated. ARGV[0] holding a '/'
   * is run as that path, else it is looked up in PATH (posix_spawnp). */
  char *const *argv;
  /* The child's working directory; NULL keeps the parent's. */
  const char *dir;
  /* stdout and stderr go to these files (created or truncated, mode
   * 0644) when not NULL, else they are inherited. */
  const char *out_path;
  const char *err_path;
  /* Non-zero: stderr goes where stdout goes (after OUT_PATH is opened). */
  int err_to_out;
  /* A line channel: when ON_LINE is not NULL the child gets the write end
   * of a pipe as its descriptor LINE_FD (> 2; the caller names it to the
   * child, e.g. "--progress-fd=3"), and ut_spawn calls ON_LINE with every
   * line the child writes there (without its newline, NUL-terminated;
   * longer lines are cut at 4095 bytes) while it waits, with LINE_ARG. A
   * grandchild that keeps the descriptor does not hold ut_spawn up: the
   * channel is read until the child has exited and then drained. */
  int line_fd;
  void (*on_line)(const char *line, void *arg);
  void *line_arg;
} ut_spawn_opts;

/* Runs the program of O and waits for it. Its stdin is /dev/null and it
 * leads a process group of its own: a group outside the terminal's
 * foreground must not read the terminal, and a signal for the child then
 * reaches what the child started too. When a fatal signal ends the tool
 * while it waits (ut_cleanup's SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ,
 * SIGALRM), the child's group gets SIGINT, SIGTERM or SIGHUP as the tool
 * did (SIGTERM for the others, which were about the tool itself) and up
 * to 10 s to exit and put back what it changed, before the tool removes
 * its registered paths and dies.
 *
 * Returns the child's exit status, 128 + the signal that killed it, or -1
 * with errno set when it could not be started (ENOENT for a program not
 * found; then nothing ran). One child at a time per process. */
int ut_spawn(const ut_spawn_opts *o);

#endif /* MMAPLAB_UT_SPAWN_H */
