/* conform_session.h - a host under test across a run (INTERPRETING.md 5):
 * started on demand, checked by its hello, restarted after a crash or a
 * timeout, and fresh for each isolated case. */
#ifndef MML_CONFORM_SESSION_H
#define MML_CONFORM_SESSION_H

#include "conform_corpus.h"
#include "conform_hello.h"
#include "conform_proc.h"

#include <jansson.h>

typedef struct cf_session {
  char **argv;    /* the host command split on whitespace, NULL-terminated
                   * (after the emulator's words, if there is one) */
  char **envp;    /* the host's environment (owned), NULL: the runner's */
  double timeout; /* seconds per operation (and for the hello) */
  cf_proc proc;
  cf_hello hello;  /* from the first start; later hellos must agree */
  unsigned starts; /* processes started so far */
  int opened;      /* cf_session_open was called: there is state to free */
  int attached;    /* cf_session_attach: no process, never restarted */
} cf_session;

/* Splits CMD on spaces and tabs (no quoting: a path with spaces needs a
 * wrapper script), starts the host and reads its hello. Returns 0, or -1
 * after one error line. Call cf_session_close either way. */
int cf_session_open(cf_session *s, const char *cmd, double timeout);

/* How a host is launched besides its command: through an EMULATOR
 * command (split like the host command, its words put before the host's;
 * NULL for none), with the NAME=VALUE strings of ENV (N of them) replacing
 * or adding to the runner's environment. For a Windows host under Wine:
 * emulator "/usr/lib/wine/wine64", env WINEDEBUG=-all and
 * WINEPREFIX=DIR. */
typedef struct cf_launch {
  const char *emulator;
  char *const *env;
  size_t nenv;
} cf_launch;

/* cf_session_open with LAUNCH (may be NULL: as cf_session_open). Returns
 * 0, or -1 after one error line (an ENV string without '=' included). */
int cf_session_open_launch(cf_session *s, const char *cmd,
                           const cf_launch *launch, double timeout);

/* Speaks to a host over two descriptors the caller opened (TO_HOST
 * written, FROM_HOST read; the session closes both) instead of a process
 * it starts: reads the hello from FROM_HOST. Nothing is ever restarted; a
 * lost host leaves the stream where it is. For tests and the fuzz target
 * host_protocol. Returns 0, or -1 after one error line; call
 * cf_session_close either way. */
int cf_session_attach(cf_session *s, int to_host, int from_host,
                      double timeout);

/* Starts the host again if it is not running. 0, or -1 after cf_error
 * (the host fails to start or now says another hello). */
int cf_session_ensure(cf_session *s);

/* Ends the host process, if any (the session can be ensured again). */
void cf_session_stop(cf_session *s);

/* Ends the host and frees everything; harmless on a zeroed session. */
void cf_session_close(cf_session *s);

/* What running one case produced. */
typedef struct cf_case_run {
  json_t *record; /* {sha, outcome, [crash], results, files}; NULL if skipped */
  char *skip;     /* why the case was skipped (malloc'd), or NULL */
  char *stderr_text; /* what the host wrote to stderr meanwhile, or NULL */
} cf_case_run;

/* Runs case C on the session's host. Returns 0 (see OUT), or -1 after
 * cf_error when the host cannot be (re)started. */
int cf_run_case(cf_session *s, const cf_case *c, cf_case_run *out);

void cf_case_run_free(cf_case_run *r);

/* Whether R is a well-formed result of a host op (INTERPRETING.md 4.3). */
int cf_result_ok(const json_t *r);

/* Why case C cannot run on a host with HELLO (a missing constant, a value
 * out of range, a platform or feature it lacks), malloc'd; NULL if it
 * can. The python version is not checked here. */
char *cf_case_unrunnable(const cf_case *c, const cf_hello *hello);

/* Bytes of host stderr kept per case. */
#define CF_STDERR_KEEP 4096

#endif /* MML_CONFORM_SESSION_H */
