/* conform_cmd_fuzz.c - mmaplab-conform fuzz: the differential fuzzer.
 *
 * Generates random operation sequences from a seed (conform_fuzz_gen.c),
 * runs each on the reference and on the host under test, grades the host's
 * record against the reference's as a golden would be (INTERPRETING.md 8),
 * and shrinks every divergence to a minimal case, written in the corpus
 * format so that it can join the corpus as it is.
 */
#include "conform_cli.h"
#include "conform_corpus.h"
#include "conform_fuzz_gen.h"
#include "conform_grade.h"
#include "conform_resolve.h"
#include "conform_session.h"
#include "conform_sha256.h"
#include "conform_util.h"
#include "ut_num.h"
#include "ut_opt.h"
#include "ut_version.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: mmaplab-conform fuzz --reference 'CMD ARGS' --host 'CMD ARGS'\n"
    "                            [--seed N] [--count N] [--ops N] [--out DIR]\n"
    "                            [--known FILE] [--timeout SEC] [--quiet]\n"
    "\n"
    "Runs COUNT random operation sequences (case SEED-0 .. SEED-(COUNT-1))\n"
    "on the reference host (a CPython) and on the host under test, and\n"
    "shrinks every divergence to a minimal case written to\n"
    "OUT/fuzz-sSEED-I.json in the corpus format. Sequences use Python-level\n"
    "argument shapes only when both hosts have the python-args feature.\n"
    "Last line: 'fuzz: N passed, N failed, N skipped'. Exit 0 without\n"
    "divergences, 1 with, 2 on misuse.\n"
    "\n"
    "  --reference 'CMD'  the reference host (split on spaces, no quoting)\n"
    "  --host 'CMD'       the host under test\n"
    "  --seed N           first seed, 0 to 2^64-1 (default 1)\n"
    "  --count N          sequences to run (default 1000)\n"
    "  --ops N            operations per sequence at most, 1 to 1000\n"
    "                     (default 12)\n"
    "  --out DIR          where minimal cases go (default: "
    "build/conformance/fuzz\n"
    "                     of the source tree, ./mmaplab-fuzz when installed)\n"
    "  --known FILE       known differences of the host (default:\n"
    "                     conformance/expectations/HOST.fuzz.json if it "
    "exists):\n"
    "                     {\"format\": 1, \"known\": [{\"method\": M, "
    "\"args\": [E...],\n"
    "                     \"level\": L, \"reason\": R}]}; a minimal case "
    "whose last op\n"
    "                     calls M with those arguments and diverges at "
    "level L\n"
    "                     counts as known, not failed\n"
    "  --timeout SEC      seconds an operation may take, at most 86400\n"
    "                     (default 10)\n"
    "  --quiet            no progress lines (every 1000 sequences, on "
    "stderr)\n"
    "  --help             this text\n"
    "  --version          print \"mmaplab-conform fuzz VERSION\" and exit\n";

typedef struct fuzz_opts {
  const char *reference, *host, *out, *known;
  uint64_t seed, count;
  int max_ops, quiet;
  double timeout;
} fuzz_opts;

typedef struct fuzz_ctx {
  fuzz_opts o;
  cf_session ref, host;
  int python_args;
  json_t *known; /* the "known" array, or NULL */
  size_t passed, failed, skipped, known_hits, attempts;
} fuzz_ctx;

/* The value of --seed, --count or --ops (C is its short code): 0, or 2
 * after the line. */
static int parse_number(int c, const char *text, fuzz_opts *o) {
  const char *name = c == 's' ? "seed" : c == 'c' ? "count" : "ops";
  const uint64_t lo = c == 'n' ? 1 : 0, hi = c == 'n' ? 1000 : UINT64_MAX;
  uint64_t v;
  if (ut_parse_u64(text, lo, hi, &v) != 0) {
    cf_error("fuzz: --%s wants a number from %" PRIu64 " to %" PRIu64
             ", got '%s'",
             name, lo, hi, text);
    return 2;
  }
  if (c == 's')
    o->seed = v;
  else if (c == 'c')
    o->count = v;
  else
    o->max_ops = (int)v;
  return 0;
}

static int parse_args(int argc, char **argv, fuzz_opts *o) {
  static const struct option opts[] = {
      {"reference", required_argument, NULL, 'r'},
      {"host", required_argument, NULL, 'h'},
      {"seed", required_argument, NULL, 's'},
      {"count", required_argument, NULL, 'c'},
      {"ops", required_argument, NULL, 'n'},
      {"out", required_argument, NULL, 'o'},
      {"known", required_argument, NULL, 'k'},
      {"timeout", required_argument, NULL, 't'},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'H'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  int c, at;
  *o = (fuzz_opts){NULL, NULL, NULL, NULL, 1, 1000, 12, 0, 10.0};
  ut_opt_start(); /* our own one-line messages; whole option names only */
  while ((c = ut_opt_next(argc, argv, "+", opts, &at)) != -1) {
    switch (c) {
    case 'r':
      o->reference = optarg;
      break;
    case 'h':
      o->host = optarg;
      break;
    case 's':
    case 'c':
    case 'n':
      if (parse_number(c, optarg, o) != 0)
        return 2;
      break;
    case 'o':
      o->out = optarg;
      break;
    case 'k':
      o->known = optarg;
      break;
    case 't':
      if (cf_parse_timeout(optarg, &o->timeout) != 0) {
        cf_error("fuzz: --timeout wants a number of seconds > 0 and <= %d, "
                 "got '%s'",
                 CF_TIMEOUT_MAX, optarg);
        return 2;
      }
      break;
    case 'q':
      o->quiet = 1;
      break;
    case 'H':
      fputs(usage, stdout);
      return 1;
    case 'V':
      return ut_print_version("mmaplab-conform fuzz") == 0 ? 1 : 2;
    default:
      cf_error("fuzz: unknown or incomplete option '%s' (see --help)",
               argv[at]);
      return 2;
    }
  }
  if (at < argc) {
    cf_error("fuzz: unexpected argument '%s' (see --help)", argv[at]);
    return 2;
  }
  if (o->reference == NULL || o->host == NULL) {
    cf_error("fuzz: --reference and --host are both required (see --help)");
    return 2;
  }
  return 0;
}

/* A cf_case over KASE (borrowed), as the corpus loader would make it. */
static void case_of(json_t *kase, cf_case *c) {
  char *canon = cf_case_canonical(kase);
  memset(c, 0, sizeof *c);
  c->json = kase;
  c->id = json_string_value(json_object_get(kase, "id"));
  c->title = json_string_value(json_object_get(kase, "title"));
  c->area = ut_xstrdup("fuzz");
  c->path = "(fuzzer)";
  cf_sha256_hex(canon, strlen(canon), c->sha);
  free(canon);
}

enum { SAME, DIVERGES, SKIPPED, BROKEN };

/* Runs KASE on both hosts; DIVERGES fills G with the first difference. */
static int compare(fuzz_ctx *x, json_t *kase, cf_grade *g) {
  cf_case c;
  cf_case_run rr = {0}, hr = {0};
  char *why;
  int verdict = SKIPPED;
  case_of(kase, &c);
  x->attempts++;
  if ((why = cf_case_unrunnable(&c, &x->host.hello)) != NULL ||
      (why = cf_case_unrunnable(&c, &x->ref.hello)) != NULL) {
    free(why);
  } else if (cf_run_case(&x->ref, &c, &rr) != 0 ||
             cf_run_case(&x->host, &c, &hr) != 0) {
    verdict = BROKEN;
  } else if (rr.record != NULL && hr.record != NULL) {
    cf_grade_records(rr.record, hr.record, json_object_get(kase, "ops"), g);
    verdict = g->kind == CF_GRADE_FAIL   ? DIVERGES
              : g->kind == CF_GRADE_SKIP ? SKIPPED
                                         : SAME;
  }
  cf_case_run_free(&rr);
  cf_case_run_free(&hr);
  free(c.area);
  return verdict;
}

/* KASE with ops [from, from + n) removed: a new reference. */
static json_t *without(const json_t *kase, size_t from, size_t n) {
  json_t *copy = json_deep_copy(kase), *ops = json_array();
  json_t *old = json_object_get(kase, "ops");
  for (size_t i = 0; i < json_array_size(old); i++)
    if (i < from || i >= from + n)
      json_array_append(ops, json_array_get(old, i));
  json_object_set_new(copy, "ops", ops);
  return copy;
}

/* Delta debugging over the ops: removes chunks while the case still
 * diverges. Returns the smallest diverging case (a new reference) and its
 * grade in G. At most 400 runs. */
static json_t *shrink(fuzz_ctx *x, json_t *kase, cf_grade *g) {
  json_t *best = json_incref(kase);
  size_t parts = 2, budget = 400;
  while (budget > 0) {
    size_t n = json_array_size(json_object_get(best, "ops"));
    size_t chunk = (n + parts - 1) / parts;
    int reduced = 0;
    if (n < 2)
      break;
    for (size_t from = 0; from < n && budget > 0; from += chunk, budget--) {
      json_t *cand = without(best, from, chunk);
      cf_grade cg = {0};
      if (compare(x, cand, &cg) == DIVERGES) {
        json_decref(best);
        best = cand;
        cf_grade_clear(g);
        *g = cg;
        reduced = 1;
        parts = parts > 2 ? parts - 1 : 2;
        break;
      }
      cf_grade_clear(&cg);
      json_decref(cand);
    }
    if (!reduced) {
      if (chunk <= 1)
        break;
      parts = parts * 2 < n ? parts * 2 : n;
    }
  }
  return best;
}

/* Whether the call OP has exactly the integer arguments WANT (expressions
 * resolved with the host's hello). */
static int args_match(const fuzz_ctx *x, const json_t *op, const json_t *want) {
  const json_t *args = json_object_get(op, "args");
  if (json_array_size(args) != json_array_size(want))
    return 0;
  for (size_t i = 0; i < json_array_size(want); i++) {
    const char *e = json_string_value(json_array_get(want, i));
    const char *a =
        json_string_value(json_object_get(json_array_get(args, i), "int"));
    __int128 va, vw;
    char *why = NULL;
    if (e == NULL || a == NULL ||
        cf_resolve_expr(a, &x->host.hello, &va, &why) != 0 ||
        cf_resolve_expr(e, &x->host.hello, &vw, &why) != 0 || va != vw) {
      free(why);
      return 0;
    }
  }
  return 1;
}

/* The reason of the known difference that KASE (minimal) shows at G's
 * level, or NULL. */
static const char *known_reason(const fuzz_ctx *x, const json_t *kase,
                                const cf_grade *g) {
  const json_t *ops = json_object_get(kase, "ops");
  const json_t *last = json_array_get(ops, json_array_size(ops) - 1);
  for (size_t i = 0; i < json_array_size(x->known); i++) {
    const json_t *k = json_array_get(x->known, i);
    const char *method = json_string_value(json_object_get(k, "method"));
    const char *level = json_string_value(json_object_get(k, "level"));
    const char *op_method = json_string_value(json_object_get(last, "method"));
    if (method && level && op_method && strcmp(method, op_method) == 0 &&
        strcmp(level, cf_level_name(g->level)) == 0 &&
        args_match(x, last, json_object_get(k, "args")))
      return json_string_value(json_object_get(k, "reason"));
  }
  return NULL;
}

/* Loads the known-differences file: explicit, or the host's default. */
static int load_known(fuzz_ctx *x) {
  char *rel = NULL, *path = NULL;
  const char *file = x->o.known;
  json_error_t err;
  json_t *doc;
  int rc = 0;
  if (file == NULL) {
    rel = ut_xasprintf("conformance/expectations/%s.fuzz.json",
                       x->host.hello.host);
    path = cf_source_path(rel);
    file = cf_is_file(path) ? path : NULL;
  }
  if (file != NULL) {
    doc = json_load_file(file, 0, &err);
    x->known = doc ? json_incref(json_object_get(doc, "known")) : NULL;
    if (doc == NULL || !json_is_array(x->known) ||
        json_integer_value(json_object_get(doc, "format")) != 1) {
      cf_error("fuzz: %s: not a known-differences file (format 1 with a "
               "\"known\" array)%s%s",
               file, doc ? "" : ": ", doc ? "" : err.text);
      rc = -1;
    }
    json_decref(doc);
  }
  free(rel);
  free(path);
  return rc;
}

/* The longest name write_case gives a file. */
static const char *const longest_case_name =
    "fuzz-s18446744073709551615-18446744073709551615.json";

/* Writes the minimal case to OUT/fuzz-sSEED-I.json. */
static int write_case(const fuzz_ctx *x, json_t *kase, const cf_grade *g) {
  const char *id = json_string_value(json_object_get(kase, "id"));
  char *title, *path, *name = ut_xstrdup(id + strlen("fuzz/"));
  json_t *doc;
  int rc;
  title = ut_xasprintf("fuzzer divergence at the %s level: %.160s",
                       cf_level_name(g->level), g->detail ? g->detail : "");
  for (char *p = title; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  json_object_set_new(kase, "title", json_string(title));
  doc = json_pack("{s:i,s:[O]}", "format", 1, "cases", kase);
  path = ut_xasprintf("%s/fuzz-%s.json", x->o.out, name);
  rc = cf_write_json(path, doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  if (rc == 0)
    printf("divergence: %s (%s level) written to %s\n", id,
           cf_level_name(g->level), path);
  json_decref(doc);
  free(path);
  free(title);
  free(name);
  return rc;
}

static int fuzz_one(fuzz_ctx *x, uint64_t i) {
  json_t *kase = cf_fuzz_case(x->o.seed, i, x->o.max_ops, x->python_args);
  cf_grade g = {0};
  int verdict = compare(x, kase, &g), rc = 0;
  if (verdict == BROKEN) {
    rc = -1;
  } else if (verdict == DIVERGES) {
    json_t *small = shrink(x, kase, &g);
    const char *why = known_reason(x, small, &g);
    if (why != NULL) {
      x->known_hits++;
      if (!x->o.quiet)
        printf("known: %s (%s level): %s\n",
               json_string_value(json_object_get(kase, "id")),
               cf_level_name(g.level), why);
    } else {
      x->failed++;
      rc = write_case(x, small, &g);
    }
    json_decref(small);
  } else if (verdict == SKIPPED) {
    x->skipped++;
  } else {
    x->passed++;
  }
  cf_grade_clear(&g);
  json_decref(kase);
  return rc;
}

int cf_cmd_fuzz(int argc, char **argv) {
  fuzz_ctx x = {0};
  char *out = NULL;
  int rc = parse_args(argc, argv, &x.o);
  if (rc != 0)
    return rc == 1 ? 0 : rc;
  if (x.o.out == NULL)
    x.o.out = out = cf_output_path("build/conformance/fuzz", "mmaplab-fuzz");
  if (cf_check_out_dir("--out", x.o.out, &longest_case_name, 1) != 0) {
    free(out);
    return 2;
  }
  if (cf_session_open(&x.ref, x.o.reference, x.o.timeout) != 0 ||
      cf_session_open(&x.host, x.o.host, x.o.timeout) != 0) {
    rc = 2;
    goto done;
  }
  if (load_known(&x) != 0) {
    rc = 2;
    goto done;
  }
  x.python_args = cf_hello_has_feature(&x.ref.hello, "python-args") &&
                  cf_hello_has_feature(&x.host.hello, "python-args");
  for (uint64_t i = 0; i < x.o.count; i++) {
    if (fuzz_one(&x, i) != 0) {
      rc = 2;
      goto done;
    }
    if (!x.o.quiet && (i + 1) % 1000 == 0) /* progress: on stderr */
      fprintf(stderr, "fuzz: %" PRIu64 "/%" PRIu64 " sequences\n", i + 1,
              x.o.count);
  }
  printf("fuzz: %" PRIu64 " sequences from seed %" PRIu64
         ", %zu runs with shrinking, %s %s (%s) against %s %s (%s)\n",
         x.o.count, x.o.seed, x.attempts, x.host.hello.implementation,
         x.host.hello.version, x.host.hello.host, x.ref.hello.implementation,
         x.ref.hello.version, x.ref.hello.host);
  rc = x.failed > 0 ? 1 : 0;
done:
  if (x.known_hits > 0)
    printf("fuzz: %zu sequences showed a known difference (counted as "
           "passed)\n",
           x.known_hits);
  printf("fuzz: %zu passed, %zu failed, %zu skipped\n", x.passed + x.known_hits,
         x.failed, x.skipped);
  json_decref(x.known);
  cf_session_close(&x.ref);
  cf_session_close(&x.host);
  free(out);
  return rc;
}
