/* conform_cmd_golden.c - mmaplab-conform golden and check-golden: record a
 * reference run (INTERPRETING.md 7), and compare a fresh one with the
 * committed golden. */
#include "conform_cli.h"
#include "conform_corpus.h"
#include "conform_golden.h"
#include "conform_pagesize.h"
#include "conform_requires.h"
#include "conform_session.h"
#include "conform_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_input.h"
#include "ut_layout.h"

static const char golden_usage[] =
    "usage: mmaplab-conform golden --host 'CMD ARGS' [--cases DIR]\n"
    "                              [--out-root DIR] [--timeout SEC]\n"
    "                              [--pagesize N]\n"
    "\n"
    "Runs a reference host (a CPython) over every case whose requirements it\n"
    "meets and writes OUT-ROOT/IMPLEMENTATION-VERSION/AREA.json, one file per\n"
    "area, named from the host's hello (e.g. cpython-3.13.0). Keys are sorted\n"
    "and each case is one line, so an unchanged golden regenerates\n"
    "byte-identical. Area files no longer in the corpus are removed.\n"
    "\n"
    "  --host 'CMD ARGS'  the host; split on spaces and tabs, no quoting\n"
    "  --cases DIR        corpus (default: conformance/cases)\n"
    "  --out-root DIR     golden root (default: conformance/golden of the\n"
    "                     source tree; needed when installed)\n"
    "  --timeout SEC      seconds an operation may take, at most 86400\n"
    "                     (default 10)\n"
    "  --pagesize N       derive the golden for a host of page size N (a\n"
    "                     bigger power of two than the reference's): cases\n"
    "                     resolve PAGESIZE and ALLOCATIONGRANULARITY as N,\n"
    "                     a record the reference's smaller page could\n"
    "                     change is marked not derivable, and the golden is\n"
    "                     IMPLEMENTATION-VERSION-pagesize-N\n"
    "  --help             this text\n"
    "  --version          print \"mmaplab-conform golden VERSION\" and exit\n";

static const char check_usage[] =
    "usage: mmaplab-conform check-golden --host 'CMD ARGS' [--cases DIR]\n"
    "                                    [--golden-root DIR] [--timeout SEC]\n"
    "                                    [--pagesize N]\n"
    "\n"
    "Regenerates the golden of the host's version into a temporary directory\n"
    "and compares it with GOLDEN-ROOT/IMPLEMENTATION-VERSION. Exit 0 when\n"
    "identical; 1 with the stale, missing, extra and differing cases when\n"
    "not (regenerate with mmaplab-conform golden); 2 on misuse.\n"
    "\n"
    "  --host 'CMD ARGS'  the host; split on spaces and tabs, no quoting\n"
    "  --cases DIR        corpus (default: conformance/cases)\n"
    "  --golden-root DIR  golden root (default: conformance/golden)\n"
    "  --timeout SEC      seconds an operation may take, at most 86400\n"
    "                     (default 10)\n"
    "  --pagesize N       check the golden derived for page size N\n"
    "  --help             this text\n"
    "  --version          print \"mmaplab-conform check-golden VERSION\" and\n"
    "                     exit\n";

/* A reference run: the hello and id -> record. */
typedef struct reference {
  cf_corpus corpus;
  cf_session s;
  json_t *records;
  size_t skipped, died;
  long long pagesize; /* --pagesize: the page size derived for, or 0 */
  size_t underivable; /* records marked not derivable for it */
} reference;

/* With --pagesize: marks or rewrites the record REC of case C for a host
 * of that page size (conform_pagesize.h). */
static void derive(reference *r, const cf_case *c, json_t *rec) {
  char *why = cf_pagesize_underivable(c->json, &r->s.hello, rec,
                                      r->s.hello.pagesize, r->pagesize);
  cf_pagesize_fix_record(c->json, rec, r->pagesize);
  if (why != NULL) {
    json_object_set_new(rec, "not_derivable", json_string(why));
    r->underivable++;
    free(why);
  }
}

/* The name and hello of the golden R writes (new). */
static char *golden_name(const reference *r) {
  char *plain = cf_hello_golden_name(&r->s.hello), *name;
  if (r->pagesize == 0)
    return plain;
  name = cf_pagesize_golden_name(plain, r->pagesize);
  free(plain);
  return name;
}

static json_t *golden_hello(const reference *r) {
  return r->pagesize == 0 ? json_incref(r->s.hello.json)
                          : cf_pagesize_hello(r->s.hello.json,
                                              r->s.hello.pagesize, r->pagesize);
}

static int record_all(reference *r) {
  for (size_t i = 0; i < r->corpus.n; i++) {
    const cf_case *c = &r->corpus.cases[i];
    const char *spec = json_string_value(
        json_object_get(json_object_get(c->json, "requires"), "python"));
    cf_case_run cr = {0};
    /* Outside the reference's version range: absent from its golden. */
    if (!cf_python_spec_matches(spec, r->s.hello.ver)) {
      r->skipped++;
      continue;
    }
    if (cf_run_case(&r->s, c, &cr) != 0)
      return -1;
    if (cr.record != NULL) {
      if (r->pagesize != 0)
        derive(r, c, cr.record);
      const char *outcome =
          json_string_value(json_object_get(cr.record, "outcome"));
      r->died += strcmp(outcome, "ok") != 0;
      json_object_set(r->records, c->id, cr.record);
    } else {
      r->skipped++;
    }
    cf_case_run_free(&cr);
  }
  cf_session_stop(&r->s);
  return 0;
}

static int run_reference(reference *r, const cf_opts *o) {
  char *cases = cf_option_path(o->cases, "conformance/cases");
  int rc = cf_corpus_load(cases, &r->corpus);
  free(cases);
  r->records = json_object();
  if (rc != 0 || cf_session_open(&r->s, o->host, o->timeout) != 0)
    return -1;
  if (o->pagesize != 0) {
    const long long real = r->s.hello.pagesize;
    if (o->pagesize <= real || o->pagesize % real != 0 ||
        r->s.hello.granularity != real) {
      cf_error("--pagesize %lld: the reference's page size is %lld (its "
               "granularity %lld); a golden can only be derived for a "
               "bigger multiple of it, from a reference whose granularity "
               "is its page size",
               o->pagesize, real, r->s.hello.granularity);
      return -1;
    }
    r->pagesize = o->pagesize;
    r->s.hello.resolve_pagesize = o->pagesize;
  }
  return record_all(r);
}

static void reference_free(reference *r) {
  cf_session_close(&r->s);
  cf_corpus_free(&r->corpus);
  json_decref(r->records);
}

/* Parses the options of golden/check-golden: -1 to go on, else the exit
 * status to end with (0 after --help), o->filters freed. */
static int parse(int argc, char **argv, const char *allowed, const char *usage,
                 cf_opts *o) {
  int rc = cf_parse_opts(argc, argv, allowed, usage, o);
  if (rc == 0 && o->host == NULL) {
    cf_error("%s: --host is required (see mmaplab-conform %s --help)", argv[0],
             argv[0]);
    free(o->filters);
    return 2;
  }
  return rc == 0 ? -1 : rc == 1 ? 0 : rc;
}

int cf_cmd_golden(int argc, char **argv) {
  cf_opts o;
  reference r;
  char *root, *name, *dir;
  int rc = parse(argc, argv, "host cases out-root timeout pagesize",
                 golden_usage, &o);
  json_t *hello;
  if (rc >= 0)
    return rc;
  memset(&r, 0, sizeof r);
  rc = 2;
  if (o.out_root == NULL && ut_layout_installed()) {
    cf_error("golden: --out-root DIR is needed: an installed mmaplab writes "
             "nothing under its prefix");
    return 2;
  }
  root = cf_option_path(o.out_root, "conformance/golden");
  if (cf_check_out_dir("--out-root", root, NULL, 0) == 0 &&
      run_reference(&r, &o) == 0) {
    name = golden_name(&r);
    dir = ut_xasprintf("%s/%s", root, name);
    hello = golden_hello(&r);
    if (cf_golden_write(dir, hello, r.records) == 0) {
      printf("golden: %zu cases recorded in %s (%zu crashed or timed out, "
             "%zu not run: requirements or unsupported",
             json_object_size(r.records), dir, r.died, r.skipped);
      if (r.pagesize != 0)
        printf("; %zu not derivable for page size %lld", r.underivable,
               r.pagesize);
      printf(")\n");
      rc = 0;
    }
    json_decref(hello);
    free(name);
    free(dir);
  }
  free(root);
  reference_free(&r);
  free(o.filters);
  return rc;
}

typedef struct findings {
  char **v;
  size_t n;
} findings;

static void add_finding(findings *f, char *line) {
  f->v = ut_xrealloc(f->v, (f->n + 1) * sizeof *f->v);
  f->v[f->n++] = line;
}

/* Case by case: stale (the case text changed), missing, extra, differing
 * (same case, another result: the reference behaves differently now). */
static void compare_cases(const json_t *fresh, const cf_golden *g,
                          findings *f) {
  const char *id;
  json_t *rec;
  json_object_foreach((json_t *)fresh, id, rec) {
    const json_t *old = json_object_get(g->records, id);
    if (old == NULL)
      add_finding(f, ut_xasprintf("missing: %s", id));
    else if (!json_equal(json_object_get(old, "sha"),
                         json_object_get(rec, "sha")))
      add_finding(f, ut_xasprintf("stale: %s", id));
    else if (!json_equal(old, rec))
      add_finding(f, ut_xasprintf("differs: %s", id));
  }
  json_object_foreach(g->records, id, rec) {
    if (json_object_get(fresh, id) == NULL)
      add_finding(f, ut_xasprintf("extra: %s", id));
  }
}

/* File by file, for what the case lists cannot show (the hello, the
 * formatting, a stray file). */
static void compare_files(const char *fresh_dir, const char *old_dir,
                          findings *f) {
  char **a, **b;
  long na = cf_list_files(fresh_dir, ".json", 0, &a);
  long nb = cf_list_files(old_dir, ".json", 0, &b);
  for (long i = 0; i < na; i++) {
    const char *base = strrchr(a[i], '/') + 1;
    char *other = ut_xasprintf("%s/%s", old_dir, base);
    size_t la, lb;
    char *x = NULL, *y = NULL, err[64];
    int rc = ut_read_input(a[i], UT_INPUT_MAX, &x, &la, err, sizeof err);
    if (rc != 0)
      add_finding(f, ut_xasprintf("cannot read %s: %s", a[i], strerror(rc)));
    else if ((rc = ut_read_input(other, UT_INPUT_MAX, &y, &lb, err,
                                 sizeof err)) != 0)
      add_finding(f, rc == ENOENT ? ut_xasprintf("file missing: %s", other)
                                  : ut_xasprintf("cannot read %s: %s", other,
                                                 strerror(rc)));
    else if (la != lb || memcmp(x, y, la) != 0)
      add_finding(f, ut_xasprintf("file differs: %s", other));
    free(x);
    free(y);
    free(other);
  }
  for (long i = 0; i < nb; i++) {
    char *other = ut_xasprintf("%s/%s", fresh_dir, strrchr(b[i], '/') + 1);
    if (!cf_is_file(other))
      add_finding(f, ut_xasprintf("file not expected: %s", b[i]));
    free(other);
  }
  cf_free_strings(a, na > 0 ? (size_t)na : 0);
  cf_free_strings(b, nb > 0 ? (size_t)nb : 0);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes the fresh golden to a temporary directory and compares. Returns
 * the exit status. */
static int check(reference *r, const char *root, const char *host) {
  char *name = golden_name(r);
  json_t *hello = golden_hello(r);
  char *tmp = cf_make_temp_dir("mmaplab-golden"), *fresh, *old;
  findings f = {0};
  cf_golden g;
  int rc = 2;
  if (tmp == NULL) {
    free(name);
    return 2;
  }
  fresh = ut_xasprintf("%s/%s", tmp, name);
  old = ut_xasprintf("%s/%s", root, name);
  if (cf_golden_write(fresh, hello, r->records) != 0)
    goto out;
  if (!cf_is_dir(old)) {
    printf("check-golden: %s: no committed golden at %s\n", name, old);
    rc = 1;
    goto out;
  }
  if (cf_golden_load(old, &g) != 0)
    goto out;
  compare_cases(r->records, &g, &f);
  if (f.n == 0) /* else the files differ anyway, as the cases say */
    compare_files(fresh, old, &f);
  cf_golden_free(&g);
  if (f.n > 1)
    qsort(f.v, f.n, sizeof *f.v, compare_strings);
  for (size_t i = 0; i < f.n; i++)
    printf("  %s\n", f.v[i]);
  if (f.n == 0)
    printf("check-golden: %s: up to date (%zu cases)\n", name,
           json_object_size(r->records));
  else
    printf("check-golden: %s is out of date; regenerate with: "
           "mmaplab-conform golden --host '%s'%s\n",
           name, host, r->pagesize != 0 ? " --pagesize N" : "");
  rc = f.n == 0 ? 0 : 1;
out:
  cf_free_strings(f.v, f.n);
  cf_remove_temp_dir(tmp);
  json_decref(hello);
  free(tmp);
  free(fresh);
  free(old);
  free(name);
  return rc;
}

int cf_cmd_check_golden(int argc, char **argv) {
  cf_opts o;
  reference r;
  char *root;
  int rc = parse(argc, argv, "host cases golden-root timeout pagesize",
                 check_usage, &o);
  if (rc >= 0)
    return rc;
  memset(&r, 0, sizeof r);
  rc = 2;
  if (run_reference(&r, &o) == 0) {
    root = cf_option_path(o.golden_root, "conformance/golden");
    rc = check(&r, root, o.host);
    free(root);
  }
  reference_free(&r);
  free(o.filters);
  return rc;
}
