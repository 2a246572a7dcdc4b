/* conform_session.c - starting a host, its hello, restarts. */
#define _GNU_SOURCE /* environ */
#include "conform_session.h"

#include "conform_util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Appends the words of CMD to the NULL-terminated ARGV of N words. */
static char **split_into(char **argv, size_t n, const char *cmd) {
  for (const char *p = cmd;;) {
    p += strspn(p, " \t");
    if (*p == '\0')
      break;
    size_t len = strcspn(p, " \t");
    argv = ut_xrealloc(argv, (n + 2) * sizeof *argv);
    argv[n] = ut_xmalloc(len + 1);
    memcpy(argv[n], p, len);
    argv[n++][len] = '\0';
    p += len;
  }
  if (argv != NULL)
    argv[n] = NULL;
  return argv;
}

static size_t count_words(char **argv) {
  size_t n = 0;
  while (argv != NULL && argv[n] != NULL)
    n++;
  return n;
}

static char **split_command(const char *cmd) {
  return split_into(NULL, 0, cmd);
}

/* The runner's environment with the NAME=VALUE strings of ENV replacing
 * or adding to it; NULL after cf_error if one has no name. */
static char **merge_env(char *const *env, size_t nenv) {
  size_t n = 0, k;
  char **out;
  while (environ[n] != NULL)
    n++;
  out = ut_xmalloc((n + nenv + 1) * sizeof *out);
  for (k = 0; k < n; k++)
    out[k] = ut_xstrdup(environ[k]);
  for (size_t i = 0; i < nenv; i++) {
    const char *eq = strchr(env[i], '=');
    size_t len = eq != NULL ? (size_t)(eq - env[i]) : 0, j;
    if (len == 0) {
      cf_error("--host-env wants NAME=VALUE, not '%s'", env[i]);
      out[k] = NULL;
      for (j = 0; j < k; j++)
        free(out[j]);
      free(out);
      return NULL;
    }
    for (j = 0; j < k; j++)
      if (strncmp(out[j], env[i], len + 1) == 0)
        break;
    if (j < k)
      free(out[j]);
    out[j] = ut_xstrdup(env[i]);
    k += j == k;
  }
  out[k] = NULL;
  return out;
}

/* The last line of the host's stderr, for a one-line error message. */
static char *stderr_hint(cf_session *s) {
  char *text = cf_proc_take_stderr(&s->proc, 1024), *line;
  if (text == NULL)
    return ut_xstrdup("");
  size_t len = strlen(text);
  while (len > 0 && text[len - 1] == '\n')
    text[--len] = '\0';
  line = strrchr(text, '\n');
  line = ut_xasprintf("; its stderr ends: %s", line ? line + 1 : text);
  free(text);
  return line;
}

static void hello_failed(cf_session *s, const char *what, json_t *info) {
  char *hint = stderr_hint(s);
  char *how = info ? json_dumps(info, JSON_COMPACT) : ut_xstrdup("");
  cf_error("host %s %s%s%s", s->argv[0], what, how, hint);
  free(hint);
  free(how);
  json_decref(info);
}

/* Reads and checks the hello of a freshly started host. */
static int read_hello(cf_session *s, cf_hello *h) {
  json_t *msg = NULL;
  char why[300];
  int rc = cf_proc_recv(&s->proc, &msg, ut_now() + s->timeout, why, sizeof why);
  if (rc == CF_IO_DEAD) {
    hello_failed(s, "ended before its hello: ", cf_proc_reap(&s->proc));
    return -1;
  }
  if (rc == CF_IO_TIMEOUT) {
    json_decref(cf_proc_kill(&s->proc, "timeout"));
    hello_failed(s, "sent no hello within the timeout", NULL);
    return -1;
  }
  if (rc == CF_IO_BAD || cf_hello_parse(msg, h, why, sizeof why) != 0) {
    json_decref(msg);
    json_decref(cf_proc_kill(&s->proc, "bad hello"));
    cf_error("host %s: %s", s->argv[0], why);
    return -1;
  }
  json_decref(msg);
  return 0;
}

static int start(cf_session *s) {
  cf_hello h;
  if (cf_proc_start_env(&s->proc, s->argv, s->envp) != 0 ||
      read_hello(s, &h) != 0)
    return -1;
  s->starts++;
  if (s->hello.json == NULL) {
    s->hello = h;
    return 0;
  }
  /* A restarted host must be the same implementation on the same machine:
   * results are resolved and graded with the first hello's values. */
  if (strcmp(h.implementation, s->hello.implementation) != 0 ||
      strcmp(h.version, s->hello.version) != 0 ||
      h.pagesize != s->hello.pagesize || h.maxsize != s->hello.maxsize) {
    cf_error("host %s changed its hello after a restart", s->argv[0]);
    cf_hello_clear(&h);
    return -1;
  }
  cf_hello_clear(&h);
  return 0;
}

int cf_session_open(cf_session *s, const char *cmd, double timeout) {
  return cf_session_open_launch(s, cmd, NULL, timeout);
}

int cf_session_open_launch(cf_session *s, const char *cmd,
                           const cf_launch *launch, double timeout) {
  memset(s, 0, sizeof *s);
  cf_proc_init(&s->proc);
  s->opened = 1;
  s->timeout = timeout;
  if (launch != NULL && launch->emulator != NULL) {
    s->argv = split_command(launch->emulator);
    if (s->argv == NULL) {
      cf_error("--emulator: empty command");
      return -1;
    }
  }
  {
    const size_t before = count_words(s->argv);
    s->argv = split_into(s->argv, before, cmd);
    if (count_words(s->argv) == before) {
      cf_error("--host: empty command");
      return -1;
    }
  }
  if (launch != NULL && launch->nenv > 0 &&
      (s->envp = merge_env(launch->env, launch->nenv)) == NULL)
    return -1;
  return start(s);
}

int cf_session_attach(cf_session *s, int to_host, int from_host,
                      double timeout) {
  memset(s, 0, sizeof *s);
  cf_proc_init(&s->proc);
  s->opened = 1;
  s->attached = 1;
  s->timeout = timeout;
  s->argv = ut_xmalloc(2 * sizeof *s->argv);
  s->argv[0] = ut_xstrdup("(attached)");
  s->argv[1] = NULL;
  s->proc.to_host = to_host;
  s->proc.from_host = from_host;
  if (read_hello(s, &s->hello) != 0)
    return -1;
  s->starts = 1;
  return 0;
}

int cf_session_ensure(cf_session *s) {
  return s->proc.pid > 0 || s->attached ? 0 : start(s);
}

void cf_session_stop(cf_session *s) { cf_proc_stop(&s->proc); }

void cf_session_close(cf_session *s) {
  if (!s->opened)
    return;
  if (s->attached) { /* no process owns the descriptors: close them here */
    if (s->proc.to_host >= 0)
      close(s->proc.to_host);
    if (s->proc.from_host >= 0)
      close(s->proc.from_host);
  }
  cf_proc_release(&s->proc);
  cf_hello_clear(&s->hello);
  for (size_t i = 0; s->argv != NULL && s->argv[i] != NULL; i++)
    free(s->argv[i]);
  free(s->argv);
  s->argv = NULL;
  for (size_t i = 0; s->envp != NULL && s->envp[i] != NULL; i++)
    free(s->envp[i]);
  free(s->envp);
  s->envp = NULL;
  s->opened = 0;
}

void cf_case_run_free(cf_case_run *r) {
  json_decref(r->record);
  free(r->skip);
  free(r->stderr_text);
  memset(r, 0, sizeof *r);
}
