/* conform_fuzz_gen.c - random operation sequences for the fuzzer.
 *
 * Integers are written as expressions over the map's length L, PAGESIZE
 * and MAXSIZE, so that the boundaries (0, L, L +- 1, MAXSIZE, -MAXSIZE-1)
 * come up far more often than uniform numbers would make them. Nothing
 * here predicts a result: the reference host says what is right.
 *
 * Left out on purpose: truncating the file under a live map, reading a
 * prot=0 map, MADV_HWPOISON/REMOVE/SOFT_OFFLINE (they crash by design or
 * damage the machine when run as root).
 */
#include "conform_fuzz_gen.h"

#include "typed.h"

#include <stdio.h>
#include <string.h>

uint64_t cf_rng_next(cf_rng *r) {
  uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t cf_rng_below(cf_rng *r, uint64_t n) { return cf_rng_next(r) % n; }

/* The generator's state for one case. */
typedef struct gen {
  cf_rng rng;
  int python_args;
  char len[64]; /* the map's length as an expression */
  int small;    /* the map is small enough to iterate */
  int views;    /* views exported so far (v0, v1, ...) */
  json_t *ops;
} gen;

static int chance(gen *g, unsigned percent) {
  return cf_rng_below(&g->rng, 100) < percent;
}

/* An integer expression near the interesting boundaries of a length. */
static json_t *some_int(gen *g) {
  static const char *const forms[] = {
      "0",          "1",          "-1",      "2",          "L",
      "L-1",        "L+1",        "-L",      "-L-1",       "PAGESIZE",
      "PAGESIZE+1", "PAGESIZE-1", "MAXSIZE", "-MAXSIZE-1", "MAXSIZE-1",
      "L*2",        "3",          "-2",      "L-2",        "L/2"};
  char buf[160];
  const char *f = forms[cf_rng_below(&g->rng, sizeof forms / sizeof *forms)];
  if (strcmp(f, "L/2") == 0) /* no division in expressions: pick a value */
    snprintf(buf, sizeof buf, "%u", (unsigned)cf_rng_below(&g->rng, 64));
  else if (f[0] == 'L' || (f[0] == '-' && f[1] == 'L'))
    snprintf(buf, sizeof buf, "%s(%s)%s", f[0] == '-' ? "-" : "", g->len,
             f + (f[0] == '-' ? 2 : 1));
  else
    snprintf(buf, sizeof buf, "%s", f);
  return tv_int_expr(buf);
}

/* A small index-like value: mostly inside the map. */
static json_t *some_index(gen *g) {
  if (chance(g, 70)) {
    char buf[96];
    snprintf(buf, sizeof buf, "%u", (unsigned)cf_rng_below(&g->rng, 12));
    return tv_int_expr(buf);
  }
  return some_int(g);
}

/* Short bytes over a small alphabet, so that searches hit and miss. */
static json_t *some_bytes(gen *g, size_t max) {
  static const char alphabet[] = "abcz\n";
  char buf[32];
  size_t n = (size_t)cf_rng_below(&g->rng, max + 1);
  for (size_t i = 0; i < n; i++)
    buf[i] = alphabet[cf_rng_below(&g->rng, sizeof alphabet - 1)];
  return tv_bytes(buf, n);
}

/* A Python-level oddity in place of an int, for hosts with python-args. */
static json_t *odd_value(gen *g) {
  switch (cf_rng_below(&g->rng, 4)) {
  case 0:
    return json_null();
  case 1:
    return tv_str("1");
  case 2:
    return tv_float("1.0");
  default:
    return tv_int_expr("2**64");
  }
}

static json_t *int_arg(gen *g) {
  return g->python_args && chance(g, 5) ? odd_value(g) : some_int(g);
}

static void add_op(gen *g, json_t *op) { json_array_append_new(g->ops, op); }

static json_t *call(const char *method, json_t *args) {
  return json_pack("{s:s,s:s,s:s,s:o}", "op", "call", "on", "m", "method",
                   method, "args", args);
}

/* Up to MAX optional int arguments after FIRST (stolen, may be NULL). */
static json_t *args_upto(gen *g, json_t *first, int max) {
  json_t *a = json_array();
  int n = (int)cf_rng_below(&g->rng, (uint64_t)max + 1);
  if (first != NULL)
    json_array_append_new(a, first);
  for (int i = 0; i < n; i++)
    json_array_append_new(a, int_arg(g));
  return a;
}

static json_t *some_slice(gen *g) {
  json_t *m[3];
  for (int i = 0; i < 3; i++) {
    unsigned r = (unsigned)cf_rng_below(&g->rng, 10);
    m[i] = r < 3               ? json_null()
           : (i == 2 && r < 6) ? tv_int_expr(chance(g, 50) ? "2" : "-1")
                               : some_index(g);
  }
  return tv_slice(m[0], m[1], m[2]);
}

static json_t *madvise_option(gen *g) {
  static const char *const opts[] = {"MADV_NORMAL",     "MADV_RANDOM",
                                     "MADV_SEQUENTIAL", "MADV_WILLNEED",
                                     "MADV_DONTNEED",   "12345"};
  return tv_int_expr(opts[cf_rng_below(&g->rng, sizeof opts / sizeof *opts)]);
}

/* One method call with plausible, boundary and wrong arguments. */
static json_t *method_op(gen *g) {
  switch (cf_rng_below(&g->rng, 17)) {
  case 0:
    return call("read", args_upto(g, NULL, 1));
  case 1:
    return call("read_byte", json_array());
  case 2:
    return call("readline", json_array());
  case 3:
    return call("write", json_pack("[o]", some_bytes(g, 6)));
  case 4:
    return call("write_byte",
                json_pack("[o]", chance(g, 80)
                                     ? tv_int(cf_rng_below(&g->rng, 256))
                                     : int_arg(g)));
  case 5:
    return call("seek", args_upto(g, int_arg(g), 1));
  case 6:
    return call("tell", json_array());
  case 7:
    return call("size", json_array());
  case 8:
    return call("find", args_upto(g, some_bytes(g, 3), 2));
  case 9:
    return call("rfind", args_upto(g, some_bytes(g, 3), 2));
  case 10:
    return call("flush", chance(g, 50) ? json_array() : args_upto(g, NULL, 2));
  case 11:
    return call("madvise", args_upto(g, madvise_option(g), 2));
  case 12:
    return call("move", json_pack("[o,o,o]", some_index(g), some_index(g),
                                  some_index(g)));
  case 13:
    return call("resize",
                json_pack("[o]", chance(g, 70) ? some_index(g) : int_arg(g)));
  case 14:
    return call("close", json_array());
  case 15:
    return call("seekable", json_array());
  default:
    return call("flush", json_array());
  }
}

static json_t *on_m(const char *kind) {
  return json_pack("{s:s,s:s}", "op", kind, "on", "m");
}

/* The item op KIND on m with a key: an index INDEX_PERCENT times in 100,
 * else a slice. */
static json_t *on_m_key(gen *g, const char *kind, unsigned index_percent) {
  json_t *op = on_m(kind);
  json_object_set_new(op, "key",
                      chance(g, index_percent) ? some_index(g) : some_slice(g));
  return op;
}

/* One protocol operation: items, slices, views, the sequence protocol. */
static json_t *protocol_op(gen *g) {
  json_t *op;
  switch (cf_rng_below(&g->rng, 12)) {
  case 0:
    return on_m_key(g, "getitem", 60);
  case 1:
    op = on_m("setitem");
    json_object_set_new(op, "key", some_index(g));
    json_object_set_new(op, "value",
                        chance(g, 85) ? tv_int(cf_rng_below(&g->rng, 256))
                                      : int_arg(g));
    return op;
  case 2:
    op = on_m("setitem");
    json_object_set_new(op, "key", some_slice(g));
    json_object_set_new(op, "value", some_bytes(g, 4));
    return op;
  case 3:
    return on_m_key(g, "delitem", 50);
  case 4:
    return on_m(chance(g, 50) ? "len" : "bool");
  case 5:
    return on_m("repr");
  case 6:
    return on_m(g->small ? (chance(g, 50) ? "iter" : "reversed") : "len");
  case 7:
    op = on_m("contains");
    json_object_set_new(op, "value", some_bytes(g, 1));
    return op;
  case 8: {
    char name[16];
    snprintf(name, sizeof name, "v%d", g->views++);
    op = on_m("export");
    json_object_set_new(op, "as", json_string(name));
    return op;
  }
  case 9: {
    char name[16];
    snprintf(name, sizeof name, "v%d",
             g->views > 0 ? (int)cf_rng_below(&g->rng, (uint64_t)g->views) : 0);
    return json_pack("{s:s,s:s}", "op", "release", "view", name);
  }
  case 10:
    return json_pack("{s:s,s:s,s:s}", "op", "getattr", "on", "m", "name",
                     "closed");
  default:
    return on_m(chance(g, 50) ? "bytes" : "enter");
  }
}

/* The map: anonymous or over file "f", in one of the access modes. */
static void make_map(gen *g, json_t *kase) {
  static const char *const lens[] = {"1", "10", "100", "PAGESIZE",
                                     "PAGESIZE*2+5"};
  static const char *const access[] = {NULL, "ACCESS_READ", "ACCESS_WRITE",
                                       "ACCESS_COPY"};
  json_t *args = json_array(), *kwargs = json_object();
  const char *acc = access[cf_rng_below(&g->rng, 4)];
  int file = chance(g, 60);
  snprintf(g->len, sizeof g->len, "%s", lens[cf_rng_below(&g->rng, 5)]);
  g->small = strcmp(g->len, "PAGESIZE*2+5") != 0;
  if (file) {
    json_t *files = json_object();
    json_object_set_new(
        files, "f", json_pack("{s:s,s:s}", "fill", "pattern", "size", g->len));
    json_object_set_new(kase, "files", files);
    add_op(g, json_pack("{s:s,s:s,s:s,s:s}", "op", "open_fd", "as", "f", "file",
                        "f", "mode", chance(g, 85) ? "r+" : "r"));
    json_array_append_new(args, tv_fd("f"));
    json_array_append_new(args, tv_int_expr(chance(g, 50) ? "0" : g->len));
  } else {
    json_array_append_new(args, tv_int(-1));
    json_array_append_new(args, tv_int_expr(g->len));
  }
  if (acc != NULL)
    json_object_set_new(kwargs, "access", tv_int_expr(acc));
  else if (chance(g, 30))
    json_object_set_new(kwargs, "flags", tv_int_expr("MAP_PRIVATE"));
  if (chance(g, 10))
    json_object_set_new(kwargs, "trackfd", json_false());
  add_op(g, json_pack("{s:s,s:s,s:o,s:o}", "op", "new", "as", "m", "args", args,
                      "kwargs", kwargs));
  if (file && chance(g, 50))
    add_op(g, json_pack("{s:s,s:s}", "op", "close_fd", "fd", "f"));
}

json_t *cf_fuzz_case(uint64_t seed, uint64_t index, int max_ops,
                     int python_args) {
  gen g = {{seed * 0x100000001b3ULL + index}, python_args, "", 0, 0, NULL};
  json_t *kase = json_object();
  char id[64];
  int n;
  snprintf(id, sizeof id, "fuzz/s%llu-%llu", (unsigned long long)seed,
           (unsigned long long)index);
  json_object_set_new(kase, "id", json_string(id));
  json_object_set_new(kase, "title", json_string("fuzzer sequence"));
  json_object_set_new(kase, "tags", json_pack("[s]", "fuzz"));
  g.ops = json_array();
  make_map(&g, kase);
  n = 1 + (int)cf_rng_below(&g.rng, (uint64_t)(max_ops > 0 ? max_ops : 1));
  for (int i = 0; i < n; i++) {
    unsigned r = (unsigned)cf_rng_below(&g.rng, 100);
    if (r < 55)
      add_op(&g, method_op(&g));
    else if (r < 95)
      add_op(&g, protocol_op(&g));
    else if (json_object_get(kase, "files") != NULL)
      add_op(&g, json_pack("{s:s,s:s}", "op", "file_read", "file", "f"));
  }
  json_object_set_new(kase, "ops", g.ops);
  return kase;
}
