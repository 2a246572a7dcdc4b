/* conform_proc.h - one host process (INTERPRETING.md 5.1): started with
 * posix_spawnp, JSON Lines over pipes, every wait bounded by a deadline.
 *
 * The host runs in a process group of its own so that killing it also
 * kills whatever it started. Its stderr goes to an unlinked temporary file
 * that the runner reads back per case for the report.
 */
#ifndef MML_CONFORM_PROC_H
#define MML_CONFORM_PROC_H

#include "conform_util.h"

#include <jansson.h>
#include <sys/types.h>

typedef struct cf_proc {
  pid_t pid; /* 0 when no process is running */
  int to_host, from_host, err_fd;
  off_t err_mark; /* stderr bytes already handed out */
  ut_str buf;     /* stdout bytes read but not yet consumed */
} cf_proc;

enum {
  CF_IO_OK = 0,
  CF_IO_DEAD = -1,    /* stdout closed or stdin broken: the host is gone */
  CF_IO_TIMEOUT = -2, /* the deadline passed */
  CF_IO_BAD = -3      /* a line that is not a JSON object */
};

/* Prepares P (no process, no files). */
void cf_proc_init(cf_proc *p);

/* Starts ARGV[0] (searched in PATH) with ARGV. Returns 0, or -1 after
 * cf_error (no pipes, or the program could not be run: "cannot run ARGV[0]:
 * reason"). */
int cf_proc_start(cf_proc *p, char *const *argv);

/* As cf_proc_start, with ENVP (NAME=VALUE strings, NULL-terminated) as the
 * host's environment; NULL means the runner's own. */
int cf_proc_start_env(cf_proc *p, char *const *argv, char *const *envp);

/* Sends MSG as one line; DEADLINE is a ut_now() time. */
int cf_proc_send(cf_proc *p, const json_t *msg, double deadline);

/* Receives one line into *MSG (a new reference). On CF_IO_BAD, WHY holds
 * the reason. */
int cf_proc_recv(cf_proc *p, json_t **msg, double deadline, char *why,
                 size_t whylen);

/* Kills the process group now and reaps the host; returns how it ended
 * as a crash object ({"signal": "SIGSEGV"}, {"exit_status": N}) if it had
 * ended by itself, or DETAIL ({"detail": DETAIL}) if it had to be killed. */
json_t *cf_proc_kill(cf_proc *p, const char *detail);

/* After CF_IO_DEAD: gives the host a moment to exit by itself, then as
 * cf_proc_kill(p, "stdout closed"). */
json_t *cf_proc_reap(cf_proc *p);

/* Ends a healthy host: closes its stdin, waits up to 2 s, then kills. */
void cf_proc_stop(cf_proc *p);

/* The host's stderr written since the last call (at most MAX bytes, the
 * last ones; bytes outside printable ASCII, newline and tab become '?'),
 * or NULL if none. Free it. Works after the host ended, until
 * the next cf_proc_start. */
char *cf_proc_take_stderr(cf_proc *p, size_t max);

/* Stops the host if it runs, releases its stderr file and buffer; P can
 * be started again. */
void cf_proc_release(cf_proc *p);

/* The group of the running host, for a signal handler; 0 when none. */
extern volatile pid_t cf_proc_current_group;

#endif /* MML_CONFORM_PROC_H */
