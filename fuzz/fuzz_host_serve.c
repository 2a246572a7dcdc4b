/* fuzz_host_serve.c - host_protocol, the host's side: the input as the
 * runner's messages to the core host (INTERPRETING.md 5.2), served by
 * ch_serve in this process.
 *
 * The paths of a "begin" message are replaced by files of a private
 * directory (a name ending in '/' becomes a directory, any other a file of
 * as many bytes as the path had, at most 16 KiB), so an input never opens
 * a file of the machine. Inputs that would make the host do what CPython
 * itself dies of or what is merely slow are left out: maps of
 * descriptors given as numbers (only those of open_fd), lengths and sizes
 * between 1 MiB and 2**57, MAP_FIXED, a prot without PROT_READ, madvise
 * advice from 100 up (HWPOISON, guard pages), and a resize once two maps
 * of files exist (one shrinking under the other is SIGBUS).
 *
 * What must hold: the host says a valid hello (by the runner's own
 * check), then one line per message it accepted, each a JSON object that
 * answers that message (ready, ended, or a result with the message's index
 * that the runner's check accepts); it answers every message when it exits
 * with 0, and stops short of one when it exits with 2 on a malformed one;
 * and it leaves no descriptor open.
 */
#define _GNU_SOURCE /* fmemopen, open_memstream */
#include "conform_hello.h"
#include "conform_session.h"
#include "conform_util.h"
#include "core_host.h"
#include "fuzz_host_protocol.h"
#include "fuzz_input.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *sandbox; /* the private directory, for the whole process */

static void remove_sandbox(void) {
  DIR *d = opendir(sandbox);
  struct dirent *e;
  while (d != NULL && (e = readdir(d)) != NULL) {
    char *p;
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
      continue;
    p = ut_xasprintf("%s/%s", sandbox, e->d_name);
    if (unlink(p) != 0)
      rmdir(p);
    free(p);
  }
  if (d != NULL)
    closedir(d);
}

static void drop_sandbox(void) {
  remove_sandbox();
  rmdir(sandbox);
}

void fz_host_sandbox_init(void) {
  if (sandbox != NULL)
    return;
  if ((sandbox = cf_make_temp_dir("mmaplab-fuzz-host")) == NULL)
    fz_fail("cannot make a directory for the host's files");
  atexit(drop_sandbox);
}

void fz_open_fds(uint64_t bits[2]) {
  bits[0] = bits[1] = 0;
  for (int fd = 0; fd < 128; fd++)
    if (fcntl(fd, F_GETFD) != -1)
      bits[fd / 64] |= (uint64_t)1 << (fd % 64);
}

/* An int or a bool as the core host reads one (1 if V is one). */
static int int_like(const json_t *v, int64_t *out) {
  if (json_is_boolean(v)) {
    *out = json_is_true(v);
    return 1;
  }
  return tv_get_int64(v, out) != -1;
}

/* Argument NAME of a call: positional I or keyword NAME; NULL if absent. */
static const json_t *arg(const json_t *op, size_t i, const char *name) {
  const json_t *a = json_array_get(json_object_get(op, "args"), i);
  return a != NULL ? a : json_object_get(json_object_get(op, "kwargs"), name);
}

static int size_risky(const json_t *v) {
  int64_t x;
  return int_like(v, &x) && x >= ((int64_t)1 << 20) && x <= ((int64_t)1 << 57);
}

/* Whether the "new" op OP is one to leave out (see the file's comment). */
static int new_risky(const json_t *op) {
  int64_t x;
  if (int_like(arg(op, 0, "fileno"), &x) && x >= 0 && x < 4096)
    return 1;
  if (size_risky(arg(op, 1, "length")))
    return 1;
  if (int_like(arg(op, 2, "flags"), &x) && (x & (0x10 | 0x100000)))
    return 1; /* MAP_FIXED, MAP_FIXED_NOREPLACE: a map at address 0 */
  return int_like(arg(op, 3, "prot"), &x) && x >= INT32_MIN && x <= INT32_MAX &&
         !(x & 1); /* unreadable: reading it is SIGSEGV */
}

/* Per case: maps of files so far. 1 if OP must be left out. */
static int op_risky(const json_t *op, int *file_maps) {
  const char *name = json_string_value(json_object_get(op, "op"));
  const char *method = json_string_value(json_object_get(op, "method"));
  int64_t x;
  if (name != NULL && !strcmp(name, "new")) {
    if (new_risky(op))
      return 1;
    *file_maps += json_object_get(arg(op, 0, "fileno"), "fd") != NULL;
    return 0;
  }
  if (name == NULL || strcmp(name, "call") != 0 || method == NULL)
    return 0;
  if (!strcmp(method, "resize"))
    return *file_maps >= 2 || size_risky(arg(op, 0, "newsize"));
  if (!strcmp(method, "madvise"))
    return int_like(arg(op, 0, "option"), &x) && x >= 100 && x <= INT32_MAX;
  return 0;
}

/* Points the files of a begin message MSG into the sandbox, creating
 * them; N numbers them within the input. */
static void sandbox_files(json_t *msg, unsigned *n) {
  json_t *files = json_object_get(msg, "files"), *v;
  const char *key;
  if (!json_is_object(files))
    return;
  json_object_foreach(files, key, v) {
    const char *was = json_string_value(v);
    char *path;
    if (was == NULL)
      continue; /* the host must refuse it */
    path = ut_xasprintf("%s/f%u", sandbox, (*n)++);
    if (was[0] != '\0' && was[strlen(was) - 1] == '/') {
      mkdir(path, 0700);
    } else {
      size_t len = strlen(was) > 16384 ? 16384 : strlen(was);
      char *bytes = ut_xmalloc(len + 1);
      for (size_t i = 0; i < len; i++)
        bytes[i] = (char)('a' + i % 26);
      if (cf_write_file(path, bytes, len) != 0)
        fz_fail("cannot write a file of the sandbox");
      free(bytes);
    }
    json_object_set_new(files, key, json_string(path));
    free(path);
  }
}

static int blank(const char *s) {
  for (; *s; s++)
    if (!isspace((unsigned char)*s))
      return 0;
  return 1;
}

/* One message as ch_serve will see it. */
typedef struct request {
  char type[8]; /* "begin", "op", "end", or "" for anything else */
  json_t *index;
} request;

/* Rewrites DATA into *OUT (a line per line; begins into the sandbox) and
 * lists the non-blank lines in *REQS; -1 if the input is left out. */
static int prepare(const uint8_t *data, size_t size, ut_str *out,
                   request **reqs, size_t *nreqs) {
  unsigned nfiles = 0;
  int file_maps = 0;
  for (size_t at = 0; at < size;) {
    const uint8_t *nl = memchr(data + at, '\n', size - at);
    const size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
    char *line = ut_xmalloc(len + 1);
    json_t *msg;
    const char *type;
    request *r;
    memcpy(line, data + at, len);
    line[len] = '\0'; /* ch_serve, too, sees the line up to a NUL */
    at += len + 1;
    msg = json_loads(line, 0, NULL);
    type = json_string_value(json_object_get(msg, "type"));
    if (type != NULL && !strcmp(type, "begin")) {
      file_maps = 0;
      sandbox_files(msg, &nfiles);
      free(line);
      line = json_dumps(msg, JSON_COMPACT);
    } else if (type != NULL && !strcmp(type, "op") &&
               op_risky(json_object_get(msg, "op"), &file_maps)) {
      json_decref(msg);
      free(line);
      return -1;
    }
    if (!blank(line)) {
      *reqs = ut_xrealloc(*reqs, (*nreqs + 1) * sizeof **reqs);
      r = &(*reqs)[(*nreqs)++];
      snprintf(r->type, sizeof r->type, "%s",
               json_is_object(msg) && type && strlen(type) < 6 ? type : "");
      r->index = json_incref(json_object_get(msg, "index"));
    }
    ut_str_addn(out, line, strlen(line));
    ut_str_add(out, "\n");
    json_decref(msg);
    free(line);
  }
  return 0;
}

/* Reply K (a parsed line) answers request R. */
static void check_reply(const json_t *reply, const request *r, size_t k) {
  const char *type = json_string_value(json_object_get(reply, "type"));
  const char *want = !strcmp(r->type, "begin") ? "ready"
                     : !strcmp(r->type, "op")  ? "result"
                     : !strcmp(r->type, "end") ? "ended"
                                               : "(none)";
  if (type == NULL || strcmp(type, want) != 0)
    fz_fail("host reply %zu is \"%s\", the message was \"%s\"", k,
            type ? type : "(no type)", r->type);
  if (!strcmp(want, "result") &&
      (!json_equal(json_object_get(reply, "index"), r->index) ||
       !cf_result_ok(json_object_get(reply, "result"))))
    fz_fail("host reply %zu is not a well-formed result of its op", k);
}

static void check_output(const char *out, size_t len, int status,
                         const request *reqs, size_t nreqs) {
  size_t k = 0;
  for (size_t at = 0; at < len; k++) {
    const char *nl = memchr(out + at, '\n', len - at);
    char why[300];
    json_t *line;
    cf_hello h;
    if (nl == NULL)
      fz_fail("the host's output ends without a newline");
    line = json_loadb(out + at, (size_t)(nl - (out + at)),
                      JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(line))
      fz_fail("host line %zu is not a JSON object", k);
    if (k == 0) {
      if (cf_hello_parse(line, &h, why, sizeof why) != 0)
        fz_fail("the core host's hello: %s", why);
      cf_hello_clear(&h);
    } else if (k - 1 >= nreqs) {
      fz_fail("host reply %zu answers no message", k);
    } else {
      check_reply(line, &reqs[k - 1], k);
    }
    json_decref(line);
    at = (size_t)(nl - out) + 1;
  }
  if (status != 0 && status != 2)
    fz_fail("the host exited with %d", status);
  /* Exit status 2 is for a malformed message: the one after the last
   * answered (the host reads no further). */
  if (k == 0 || (status == 0 ? k - 1 != nreqs : k - 1 >= nreqs))
    fz_fail("the host answered %zu of %zu messages and exited with %d",
            k ? k - 1 : 0, nreqs, status);
}

void fz_host_side(const uint8_t *data, size_t size) {
  ut_str in = {0};
  request *reqs = NULL;
  size_t nreqs = 0, outlen = 0;
  char *out = NULL;
  FILE *fin, *fout;
  int status;
  if (size > 0 && prepare(data, size, &in, &reqs, &nreqs) == 0) {
    if ((fin = fmemopen(in.data, in.len, "r")) == NULL ||
        (fout = open_memstream(&out, &outlen)) == NULL)
      fz_fail("cannot open the host's streams in memory");
    status = ch_serve(fin, fout);
    fclose(fin);
    fclose(fout);
    check_output(out, outlen, status, reqs, nreqs);
    free(out);
  }
  for (size_t i = 0; i < nreqs; i++)
    json_decref(reqs[i].index);
  free(reqs);
  free(in.data);
  remove_sandbox();
}
