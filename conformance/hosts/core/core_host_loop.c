/* core_host_loop.c - the message loop: begin/ready, op/result, end/ended
 * (INTERPRETING.md 5.2). Malformed input ends the host with status 2. */
#include "core_host.h"
#include "core_host_os.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Handles one message; returns 0, or -1 with st->misuse set. ACTIVE says
 * whether a case is open. */
static int handle(ch_state *st, int *active, const json_t *msg, FILE *out) {
  const char *type = json_string_value(json_object_get(msg, "type"));
  json_t *reply = NULL, *res, *index = json_object_get(msg, "index");
  json_t *files = json_object_get(msg, "files");
  const char *key;
  json_t *v;
  if (type != NULL && !strcmp(type, "begin")) {
    if (files != NULL && !json_is_object(files))
      return ch_misuse(st, "begin: \"files\" is not an object"), -1;
    json_object_foreach(files, key, v) {
      if (!json_is_string(v))
        return ch_misuse(st, "begin: file \"%s\" is not a path", key), -1;
    }
    ch_state_clear(st); /* the previous case's, or the empty initial one */
    ch_state_init(st, files != NULL ? json_deep_copy(files) : NULL);
    *active = 1;
    reply = json_pack("{s:s}", "type", "ready");
  } else if (type != NULL && !strcmp(type, "op") && *active) {
    if (!json_is_integer(index) || !json_is_object(json_object_get(msg, "op")))
      return ch_misuse(st, "op message needs an integer index and an op"), -1;
    if ((res = ch_run_op(st, json_object_get(msg, "op"))) == NULL) {
      if (st->misuse[0] == '\0') /* only jansson's allocations fail here */
        ch_misuse(st, "cannot build a result (out of memory)");
      return -1;
    }
    reply = json_pack("{s:s,s:O,s:o}", "type", "result", "index", index,
                      "result", res);
  } else if (type != NULL && !strcmp(type, "end") && *active) {
    ch_state_clear(st);
    *active = 0;
    reply = json_pack("{s:s}", "type", "ended");
  } else if (type != NULL && (!strcmp(type, "op") || !strcmp(type, "end"))) {
    return ch_misuse(st, "\"%s\" message outside a case (no begin)", type), -1;
  } else {
    return ch_misuse(st, "unknown message type \"%s\"", type ? type : "(none)"),
           -1;
  }
  if (tv_write_line(out, reply) != 0) {
    json_decref(reply);
    return ch_misuse(st, "cannot write to stdout"), -1;
  }
  json_decref(reply);
  return 0;
}

static int blank(const char *s) {
  for (; *s; s++)
    if (!isspace((unsigned char)*s))
      return 0;
  return 1;
}

int ch_serve(FILE *in, FILE *out) {
  ch_state st;
  char *line = NULL;
  size_t cap = 0;
  int active = 0, status = 0;
  json_t *hello = ch_hello();
  ch_state_init(&st, NULL);
  if (tv_write_line(out, hello) != 0) {
    ch_misuse(&st, "cannot write to stdout");
    status = 2;
  }
  json_decref(hello);
  while (status == 0 && ch_os_getline(&line, &cap, in) >= 0) {
    json_error_t err;
    json_t *msg;
    if (blank(line))
      continue;
    msg = json_loads(line, 0, &err);
    if (msg == NULL) {
      ch_misuse(&st, "malformed JSON: %s", err.text);
      status = 2;
    } else if (!json_is_object(msg) || handle(&st, &active, msg, out) != 0) {
      if (st.misuse[0] == '\0')
        ch_misuse(&st, "a message is not a JSON object");
      status = 2;
    }
    json_decref(msg);
  }
  if (status != 0)
    fprintf(stderr, "mmaplab-core-host: %s\n", st.misuse);
  free(line);
  ch_state_clear(&st);
  return status;
}
