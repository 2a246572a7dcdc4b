/* conform_fake_host.c - a scripted host for the runner's end-to-end tests.
 * It speaks protocol 1 but implements no mmap: `call` methods pick a
 * behaviour, so tests can make it answer, raise, crash, exit or hang on a
 * chosen op.
 *
 *   call echo [V]       value V (null without args)
 *   call fail           raise ValueError("fake failure")
 *   call crash          abort() (SIGABRT)
 *   call exit           exit status 3
 *   call hang           never answer
 *   call unsupported    an "unsupported" result
 *   call env NAME       value {"str": $NAME}, null if unset
 *   call path F         value {"str": the path of file F from "begin"}
 *   call garbage        a line that is not JSON
 *   new                 {"ref": as}
 *   const NAME          the constant, or AttributeError
 *   anything else       value null (NameError if "on" is not bound)
 *
 * Options: --impl NAME, --version X.Y.Z, --host NAME, --pagesize N,
 * --platform NAME (default linux),
 * --features a,b (default: every feature), --protocol N; --bad-hello,
 * --no-hello (exit at once); --variant (another fail message);
 * --survive-crash (crash answers null instead); --stderr (a stderr line
 * per case).
 */
#define _POSIX_C_SOURCE 200809L
#include "typed.h"

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct config {
  const char *impl, *version, *host, *features, *platform;
  long pagesize, protocol;
  int bad_hello, no_hello, variant, survive_crash, stderr_lines;
} config;

static config cfg = {"cpython",
                     "3.13.0",
                     "fake",
                     "python-args,bigint,python-object,sequence,memoryview,"
                     "view-ops,repr,fd-kinds",
                     "linux",
                     4096,
                     1,
                     0,
                     0,
                     0,
                     0,
                     0};

static json_t *names; /* names bound in the current case */
static json_t *files; /* the current case's files, from "begin" */

static void parse_args(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
    int takes = 1;
    if (!strcmp(a, "--impl"))
      cfg.impl = v;
    else if (!strcmp(a, "--version"))
      cfg.version = v;
    else if (!strcmp(a, "--host"))
      cfg.host = v;
    else if (!strcmp(a, "--features"))
      cfg.features = v;
    else if (!strcmp(a, "--platform"))
      cfg.platform = v;
    else if (!strcmp(a, "--pagesize"))
      cfg.pagesize = atol(v);
    else if (!strcmp(a, "--protocol"))
      cfg.protocol = atol(v);
    else {
      takes = 0;
      cfg.bad_hello |= !strcmp(a, "--bad-hello");
      cfg.no_hello |= !strcmp(a, "--no-hello");
      cfg.variant |= !strcmp(a, "--variant");
      cfg.survive_crash |= !strcmp(a, "--survive-crash");
      cfg.stderr_lines |= !strcmp(a, "--stderr");
    }
    i += takes;
  }
}

static json_t *constants(void) {
  return json_pack("{sisisisisisisisIsI}", "MAP_SHARED", 1, "MAP_PRIVATE", 2,
                   "PROT_READ", 1, "PROT_WRITE", 2, "ACCESS_READ", 1,
                   "ACCESS_WRITE", 2, "ACCESS_COPY", 3, "PAGESIZE",
                   (json_int_t)cfg.pagesize, "ALLOCATIONGRANULARITY",
                   (json_int_t)cfg.pagesize);
}

static void hello(void) {
  json_t *features = json_array(), *h;
  char *list = strdup(cfg.features);
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ","))
    json_array_append_new(features, json_string(tok));
  free(list);
  h = json_pack("{sssIsssssssssssIsIsssoso}", "type", "hello", "protocol",
                (json_int_t)cfg.protocol, "host", cfg.host, "implementation",
                cfg.impl, "version", cfg.version, "platform", cfg.platform,
                "machine", "x86_64", "pagesize", (json_int_t)cfg.pagesize,
                "allocationgranularity", (json_int_t)cfg.pagesize, "maxsize",
                "9223372036854775807", "constants", constants(), "features",
                features);
  tv_write_line(stdout, h);
  json_decref(h);
}

static json_t *call(const json_t *op) {
  const char *m = json_string_value(json_object_get(op, "method"));
  const json_t *args = json_object_get(op, "args");
  m = m ? m : "";
  if (!strcmp(m, "echo"))
    return tv_result_value(json_array_size(args)
                               ? json_deep_copy(json_array_get(args, 0))
                               : json_null());
  if (!strcmp(m, "fail"))
    return tv_result_raise(
        "ValueError", cfg.variant ? "fake failure, variant" : "fake failure",
        -1);
  if (!strcmp(m, "crash") && !cfg.survive_crash)
    abort();
  if (!strcmp(m, "exit"))
    exit(3);
  if (!strcmp(m, "hang"))
    for (;;)
      pause();
  if (!strcmp(m, "unsupported"))
    return tv_result_unsupported("the fake host cannot do this");
  if (!strcmp(m, "env") || !strcmp(m, "path")) {
    const char *arg =
        json_string_value(json_object_get(json_array_get(args, 0), "str"));
    const char *v = arg == NULL ? NULL
                    : !strcmp(m, "env")
                        ? getenv(arg)
                        : json_string_value(json_object_get(files, arg));
    return tv_result_value(v ? json_pack("{ss}", "str", v) : json_null());
  }
  if (!strcmp(m, "garbage")) {
    fputs("this is not json\n", stdout);
    fflush(stdout);
    return NULL;
  }
  return tv_result_value(json_null());
}

static json_t *execute(const json_t *op) {
  const char *name = json_string_value(json_object_get(op, "op"));
  const char *on = json_string_value(json_object_get(op, "on"));
  const char *as = json_string_value(json_object_get(op, "as"));
  if (on != NULL && json_object_get(names, on) == NULL)
    return tv_result_raise("NameError", "name is not bound", -1);
  if (!strcmp(name, "new")) {
    json_object_set_new(names, as, json_true());
    return tv_result_value(tv_ref(as));
  }
  if (!strcmp(name, "const")) {
    json_t *all = constants();
    json_t *v =
        json_object_get(all, json_string_value(json_object_get(op, "name")));
    json_t *r = v ? tv_result_value(tv_int(json_integer_value(v)))
                  : tv_result_raise("AttributeError", "no such constant", -1);
    json_decref(all);
    return r;
  }
  if (!strcmp(name, "call"))
    return call(op);
  return tv_result_value(json_null());
}

static void answer(const json_t *msg) {
  const char *type = json_string_value(json_object_get(msg, "type"));
  json_t *reply = NULL;
  if (!strcmp(type, "begin")) {
    json_object_clear(names);
    json_decref(files);
    files = json_deep_copy(json_object_get(msg, "files"));
    if (cfg.stderr_lines)
      fprintf(stderr, "fake host: begin %s\n",
              json_string_value(json_object_get(msg, "case")));
    reply = json_pack("{ss}", "type", "ready");
  } else if (!strcmp(type, "end")) {
    reply = json_pack("{ss}", "type", "ended");
  } else if (!strcmp(type, "op")) {
    json_t *result = execute(json_object_get(msg, "op"));
    if (result == NULL)
      return;
    reply = json_pack("{sssOso}", "type", "result", "index",
                      json_object_get(msg, "index"), "result", result);
  }
  if (reply != NULL)
    tv_write_line(stdout, reply);
  json_decref(reply);
}

int main(int argc, char **argv) {
  char *line = NULL;
  size_t cap = 0;
  parse_args(argc, argv);
  if (cfg.no_hello)
    return 3;
  if (cfg.bad_hello) {
    puts("hello there");
    fflush(stdout);
  } else {
    hello();
  }
  names = json_object();
  while (getline(&line, &cap, stdin) > 0) {
    json_error_t e;
    json_t *msg = json_loads(line, 0, &e);
    if (msg == NULL) {
      fprintf(stderr, "fake host: bad line: %s\n", e.text);
      return 4;
    }
    answer(msg);
    json_decref(msg);
  }
  free(line);
  json_decref(names);
  json_decref(files);
  return 0;
}
