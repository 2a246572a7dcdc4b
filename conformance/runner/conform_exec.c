/* conform_exec.c - one case on one host (INTERPRETING.md 5.2-5.4): begin,
 * ops and world ops in order, end; crashes and timeouts recorded. */
#include "conform_casedir.h"
#include "conform_requires.h"
#include "conform_resolve.h"
#include "conform_session.h"
#include "conform_util.h"
#include "conform_world.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The state of a case in flight. */
typedef struct flight {
  cf_session *s;
  json_t *results;
  const char *outcome; /* "ok" until the host dies or hangs */
  json_t *crash;       /* how it died, with the phase */
} flight;

/* Records that the host was lost in PHASE (at op INDEX if >= 0). */
static void lost(flight *f, int rc, const char *phase, long index,
                 const char *why) {
  json_t *info;
  if (rc == CF_IO_DEAD) {
    info = cf_proc_reap(&f->s->proc);
    f->outcome = "crash";
  } else if (rc == CF_IO_TIMEOUT) {
    info = cf_proc_kill(&f->s->proc, "timeout");
    f->outcome = "timeout";
  } else {
    /* A host that breaks the protocol is as lost as one that crashed. */
    json_decref(cf_proc_kill(&f->s->proc, "protocol error"));
    info = json_pack("{ss}", "protocol_error", why);
    f->outcome = "crash";
  }
  json_object_set_new(info, "phase", json_string(phase));
  if (index >= 0)
    json_object_set_new(info, "index", json_integer(index));
  f->crash = info;
}

/* Whether REPLY is {"type": TYPE[, "index": INDEX]}; sets WHY if not. */
static int reply_ok(const json_t *reply, const char *type, long index,
                    char *why, size_t whylen) {
  const char *t = json_string_value(json_object_get(reply, "type"));
  const json_t *i = json_object_get(reply, "index");
  if (t == NULL || strcmp(t, type) != 0) {
    cf_why(why, whylen, "expected a \"%s\" message, got type %s", type,
           t ? t : "(none)");
    return 0;
  }
  if (index >= 0 && (!json_is_integer(i) || json_integer_value(i) != index)) {
    cf_why(why, whylen, "expected the result of op %ld", index);
    return 0;
  }
  return 1;
}

/* Sends MSG and waits for its answer of TYPE. Returns the answer or NULL
 * when the host was lost (recorded in F). */
static json_t *exchange(flight *f, json_t *msg, const char *type,
                        const char *phase, long index) {
  double deadline = ut_now() + f->s->timeout;
  json_t *reply = NULL;
  char why[300] = "";
  int rc = cf_proc_send(&f->s->proc, msg, deadline);
  json_decref(msg);
  if (rc == CF_IO_OK)
    rc = cf_proc_recv(&f->s->proc, &reply, deadline, why, sizeof why);
  if (rc == CF_IO_OK && !reply_ok(reply, type, index, why, sizeof why))
    rc = CF_IO_BAD;
  if (rc != CF_IO_OK) {
    json_decref(reply);
    lost(f, rc, phase, index, why);
    return NULL;
  }
  return reply;
}

int cf_result_ok(const json_t *r) {
  const json_t *raise = json_object_get(r, "raise");
  const json_t *err = json_object_get(raise, "errno");
  if (!json_is_object(r) || json_object_size(r) != 1)
    return 0;
  if (json_object_get(r, "value") != NULL)
    return 1;
  if (json_object_get(r, "unsupported") != NULL)
    return json_is_string(json_object_get(r, "unsupported"));
  return json_is_string(json_object_get(raise, "type")) &&
         json_is_string(json_object_get(raise, "message")) &&
         (json_is_null(err) || json_is_integer(err));
}

static int host_op(flight *f, const json_t *op, long index) {
  json_t *msg =
      json_pack("{sssIsO}", "type", "op", "index", (json_int_t)index, "op", op);
  json_t *reply = exchange(f, msg, "result", "op", index), *result;
  if (reply == NULL)
    return -1;
  result = json_object_get(reply, "result");
  if (!cf_result_ok(result)) {
    json_decref(reply);
    json_decref(cf_proc_kill(&f->s->proc, "protocol error"));
    f->crash = json_pack("{sssssI}", "protocol_error", "malformed result",
                         "phase", "op", "index", (json_int_t)index);
    f->outcome = "crash";
    return -1;
  }
  json_array_append(f->results, result);
  json_decref(reply);
  return 0;
}

/* begin, every op, end; stops at the first lost host. */
static void drive(flight *f, const cf_case *c, const json_t *ops,
                  const json_t *paths) {
  json_t *reply, *op;
  size_t i;
  /* The host names the files its own way; world ops use the runner's. */
  reply = exchange(
      f,
      json_pack("{s:s,s:s,s:o}", "type", "begin", "case", c->id, "files",
                cf_casedir_host_paths(paths, f->s->hello.platform)),
      "ready", "begin", -1);
  if (reply == NULL)
    return;
  json_decref(reply);
  json_array_foreach(ops, i, op) {
    const char *name = json_string_value(json_object_get(op, "op"));
    if (cf_is_world_op(name))
      json_array_append_new(f->results, cf_world_op(op, paths));
    else if (host_op(f, op, (long)i) != 0)
      return;
  }
  reply = exchange(f, json_pack("{ss}", "type", "end"), "ended", "end", -1);
  json_decref(reply);
}

static json_t *make_record(const cf_case *c, flight *f, json_t *files) {
  json_t *r = json_pack("{ssss}", "sha", c->sha, "outcome", f->outcome);
  if (f->crash != NULL)
    json_object_set_new(r, "crash", f->crash);
  json_object_set_new(r, "results", f->results);
  json_object_set_new(r, "files", files);
  return r;
}

/* Resolution and requirements: NULL if the case can run with HELLO (RES
 * is then filled). */
static char *why_skip(const cf_hello *hello, const cf_case *c,
                      cf_resolved *res) {
  char *why = NULL, *reason;
  if (cf_resolve_case(c->json, hello, res, &why) != 0) {
    reason = ut_xasprintf("unsupported: %s", why);
    free(why);
    return reason;
  }
  if ((why = cf_requires_unmet(c->json, hello, res->implied)) != NULL)
    cf_resolved_free(res);
  return why;
}

char *cf_case_unrunnable(const cf_case *c, const cf_hello *hello) {
  cf_resolved res;
  char *why = why_skip(hello, c, &res);
  if (why == NULL)
    cf_resolved_free(&res);
  return why;
}

int cf_run_case(cf_session *s, const cf_case *c, cf_case_run *out) {
  cf_resolved res;
  flight f = {s, NULL, "ok", NULL};
  int isolate = json_is_true(json_object_get(c->json, "isolate"));
  char *dir;
  json_t *paths;
  memset(out, 0, sizeof *out);
  if ((out->skip = why_skip(&s->hello, c, &res)) != NULL)
    return 0;
  if (isolate)
    cf_session_stop(s); /* a process of its own, started just below */
  if (cf_session_ensure(s) != 0) {
    cf_resolved_free(&res);
    return -1;
  }
  if (cf_casedir_create(res.files, &dir, &paths, &out->skip) != 0) {
    cf_resolved_free(&res);
    return out->skip != NULL ? 0 : -1;
  }
  f.results = json_array();
  drive(&f, c, res.ops, paths);
  out->record = make_record(c, &f, cf_casedir_read(paths));
  cf_casedir_remove(dir);
  if (isolate)
    cf_session_stop(s);
  out->stderr_text = cf_proc_take_stderr(&s->proc, CF_STDERR_KEEP);
  free(dir);
  json_decref(paths);
  cf_resolved_free(&res);
  return 0;
}
