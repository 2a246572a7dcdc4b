/* conform_cmd_run.c - mmaplab-conform run: a host over the corpus, graded
 * against a golden, with the host's expectations applied (INTERPRETING.md
 * 8-10). */
#include "conform_cli.h"
#include "conform_corpus.h"
#include "conform_expect.h"
#include "conform_golden.h"
#include "conform_pagesize.h"
#include "conform_report.h"
#include "conform_requires.h"
#include "conform_session.h"
#include "conform_util.h"
#include "ut_progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: mmaplab-conform run --host 'CMD ARGS' [--golden DIR] [--expect "
    "FILE]\n"
    "                           [--cases DIR] [--filter GLOB]... [--out DIR]\n"
    "                           [--timeout SEC] [--quiet] [--progress-fd N]\n"
    "                           [--emulator 'CMD ARGS'] [--host-env "
    "NAME=VALUE]...\n"
    "\n"
    "Runs the host over the corpus, grades every case against the golden and\n"
    "writes report.json, summary.md, junit.xml and "
    "expectations-suggested.json\n"
    "to the output directory. Prints progress on stderr, then on stdout the\n"
    "counts per level and, last, 'conformance: N passed, N failed, N skipped'\n"
    "(passed includes the expected failures and reference crashes). Exit 0\n"
    "when nothing failed unexpectedly, 1 when something did, 2 on misuse or\n"
    "bad input.\n"
    "\n"
    "  --host 'CMD ARGS'  the host program; split on spaces and tabs, no\n"
    "                     quoting (wrap a path with spaces in a script)\n"
    "  --golden DIR       golden to grade against, or just its name for one\n"
    "                     in conformance/golden of the data directory\n"
    "                     (the source tree, or PREFIX/share/mmaplab; default:\n"
    "                     " CF_DEFAULT_GOLDEN ")\n"
    "  --expect FILE      expectations (default: conformance/expectations/\n"
    "                     HOST.json if it exists, HOST from the hello)\n"
    "  --cases DIR        corpus (default: conformance/cases)\n"
    "  --filter GLOB      select ids by glob, or tags by 'tag:GLOB'; "
    "repeatable\n"
    "  --out DIR          output directory (default: build/conformance/HOST\n"
    "                     of the source tree, ./mmaplab-conform-HOST when\n"
    "                     installed)\n"
    "  --timeout SEC      seconds an operation may take, at most 86400\n"
    "                     (default 10)\n"
    "  --quiet            no progress lines\n"
    "  --progress-fd N    write one line 'DONE TOTAL CASE-ID' per graded case\n"
    "                     to descriptor N (for a program running this one)\n"
    "  --emulator 'CMD ARGS'  run the host through this command (split like\n"
    "                     --host), e.g. /usr/lib/wine/wine64 for a Windows\n"
    "                     host; its files are then named by their Z: paths\n"
    "  --host-env NAME=VALUE  set in the host's environment; repeatable\n"
    "                     (e.g. WINEDEBUG=-all, WINEPREFIX=DIR)\n"
    "  --help             this text\n"
    "  --version          print \"mmaplab-conform run VERSION\" and exit\n";

typedef struct run_ctx {
  cf_opts o;
  cf_corpus corpus;
  cf_golden golden;
  cf_expect expect;
  int have_expect;
  cf_session s;
  cf_report report;
  cf_hello reference; /* the golden's hello */
  size_t stale;       /* selected cases without a current golden record */
  /* For a host whose page size is not the golden's: the golden derived
   * for it (conform_pagesize.h), whose records grade the host. */
  cf_golden derived;
  int have_derived;
  size_t notes[CF_NNOTES]; /* passed cases per note */
} run_ctx;

/* The directory name of a platform in conformance/expectations. */
static const char *platform_dir(const char *platform) {
  return strcmp(platform, "win32") == 0 ? "windows" : platform;
}

/* The default expectations of the host: conformance/expectations/HOST.json
 * for a host on the golden's platform; HOST.PLATFORM/GOLDEN.json (e.g.
 * core.windows/cpython-3.13.0.json) for one on another platform, graded
 * against this golden (INTERPRETING.md 9.1); malloc'd. */
static char *default_expectations(const run_ctx *x) {
  char *rel, *path;
  if (strcmp(x->s.hello.platform, x->reference.platform) == 0)
    rel = ut_xasprintf("conformance/expectations/%s.json", x->s.hello.host);
  else
    rel =
        ut_xasprintf("conformance/expectations/%s.%s/%s.json", x->s.hello.host,
                     platform_dir(x->s.hello.platform), x->golden.name);
  path = cf_source_path(rel);
  free(rel);
  return path;
}

/* An expectations file for another platform than the host's is refused;
 * one without a platform is for hosts on the golden's platform. */
static int check_platform(const run_ctx *x) {
  const char *want =
      x->expect.platform ? x->expect.platform : x->reference.platform;
  if (strcmp(want, x->s.hello.platform) == 0)
    return 0;
  cf_error("%s: made for a host on %s, but this host is on %s", x->expect.path,
           want, x->s.hello.platform);
  return -1;
}

/* The expectations file: explicit, or the host's default if present. */
static int load_expectations(run_ctx *x) {
  char *path;
  if (x->o.expect != NULL) {
    if (cf_expect_load(x->o.expect, &x->expect) != 0)
      return -1;
    x->have_expect = 1;
    if (strcmp(x->expect.golden, x->golden.name) != 0) {
      cf_error("%s: made against golden %s, but this run uses %s", x->o.expect,
               x->expect.golden, x->golden.name);
      return -1;
    }
    return check_platform(x);
  }
  path = default_expectations(x);
  if (cf_is_file(path)) {
    if (cf_expect_load(path, &x->expect) != 0) {
      free(path);
      return -1;
    }
    x->have_expect = 1;
    if (strcmp(x->expect.golden, x->golden.name) != 0) {
      /* Made for the default golden; grading against another one. */
      fprintf(stderr, "mmaplab-conform: note: not using %s (it is for %s)\n",
              path, x->expect.golden);
      cf_expect_free(&x->expect);
      x->have_expect = 0;
    } else if (check_platform(x) != 0) {
      free(path);
      return -1;
    }
  }
  free(path);
  return 0;
}

/* --golden DIR, or a bare name (cpython-3.12.1) for a golden of the source
 * tree; the default reference when not given. */
static char *golden_dir(const char *arg) {
  char *rel, *path;
  if (arg != NULL && (strchr(arg, '/') != NULL || cf_is_dir(arg)))
    return ut_xstrdup(arg);
  rel = ut_xasprintf("conformance/golden/%s", arg ? arg : CF_DEFAULT_GOLDEN);
  path = cf_source_path(rel);
  free(rel);
  return path;
}

/* The golden derived from x->golden for page size N, beside it. */
static int load_derived(run_ctx *x, long long n) {
  char *dir = cf_pagesize_golden_name(x->golden.dir, n);
  const json_t *from;
  int rc = -1;
  if (!cf_is_dir(dir)) {
    cf_error("the golden %s was made with page size %lld; this host has "
             "%lld, and there is no golden derived for it at %s (make it "
             "with: mmaplab-conform golden --pagesize %lld)",
             x->golden.name, x->golden.pagesize, n, dir, n);
  } else if (cf_golden_load(dir, &x->derived) == 0) {
    x->have_derived = 1;
    from = json_object_get(x->derived.hello, "derived_pagesize");
    if (x->derived.pagesize != n || !json_is_integer(from) ||
        json_integer_value(from) != x->golden.pagesize ||
        !json_equal(json_object_get(x->derived.hello, "version"),
                    json_object_get(x->golden.hello, "version")))
      cf_error("%s: not a golden derived from %s for page size %lld", dir,
               x->golden.name, n);
    else
      rc = 0;
  }
  free(dir);
  return rc;
}

static int setup(run_ctx *x) {
  char why[300];
  char *cases = cf_option_path(x->o.cases, "conformance/cases");
  char *golden = golden_dir(x->o.golden);
  int rc = cf_corpus_load(cases, &x->corpus);
  if (rc == 0)
    rc = cf_golden_load(golden, &x->golden);
  free(cases);
  free(golden);
  cf_launch launch = {x->o.emulator, x->o.host_env, x->o.nhost_env};
  if (rc != 0 ||
      cf_session_open_launch(&x->s, x->o.host, &launch, x->o.timeout) != 0)
    return -1;
  if (cf_hello_parse(x->golden.hello, &x->reference, why, sizeof why) != 0) {
    cf_error("%s: %s", x->golden.dir, why);
    return -1;
  }
  if (x->s.hello.pagesize != x->golden.pagesize &&
      load_derived(x, x->s.hello.pagesize) != 0)
    return -1;
  return load_expectations(x);
}

/* The derived entry of case ID in the expectations, or NULL. */
static const cf_expect_entry *derived_entry(const run_ctx *x, const char *id) {
  const cf_expect_entry *e =
      x->have_expect ? cf_expect_find(&x->expect, id) : NULL;
  return e != NULL && e->kind == CF_CLASS_DERIVED ? e : NULL;
}

/* The golden record for C in *REC (*DERIVED set when the expectations
 * derive it), or why the case is skipped: it cannot run on this host, or
 * the golden has no current record of it. */
static char *golden_record(run_ctx *x, const cf_case *c, json_t **rec,
                           int *derived) {
  const cf_expect_entry *e;
  const char *spec = json_string_value(
      json_object_get(json_object_get(c->json, "requires"), "python"));
  char *why;
  if (!cf_python_spec_matches(spec, x->golden.ver))
    return ut_xasprintf("requires python %s; the golden is %s", spec,
                        x->golden.name);
  if ((why = cf_case_unrunnable(c, &x->s.hello)) != NULL)
    return why;
  *rec = json_object_get(
      x->have_derived ? x->derived.records : x->golden.records, c->id);
  if (*rec == NULL && (e = derived_entry(x, c->id)) != NULL) {
    /* No golden record, but the expectations derive one (9.1). */
    *rec = (json_t *)e->derived;
    *derived = 1;
    if (strcmp(json_string_value(json_object_get(*rec, "sha")), c->sha) == 0)
      return NULL;
    x->stale++;
    return ut_xasprintf("the derived record in %s is stale: the case changed "
                        "(derive it again)",
                        x->expect.path);
  }
  if (*rec == NULL && (why = cf_case_unrunnable(c, &x->reference)) != NULL) {
    char *reason;
    /* A host on another platform runs the cases of its own platform that
     * the golden cannot hold: its expectations must derive their records
     * or tag them needs-golden (9.1), or they fail. */
    if (strcmp(x->s.hello.platform, x->reference.platform) != 0) {
      free(why);
      return NULL;
    }
    reason = ut_xasprintf("not in the golden: the reference cannot run "
                          "it (%s)",
                          why);
    free(why);
    return reason;
  }
  if (*rec != NULL &&
      strcmp(json_string_value(json_object_get(*rec, "sha")), c->sha) == 0) {
    const char *nd = json_string_value(json_object_get(*rec, "not_derivable"));
    if (nd == NULL)
      return NULL;
    *rec = NULL;
    return ut_xasprintf("the page size decides it: %s (%s)", nd,
                        x->derived.name);
  }
  x->stale++;
  return ut_xstrdup(*rec == NULL
                        ? "no golden record (regenerate the golden)"
                        : "the golden record is stale: the case changed "
                          "(regenerate the golden)");
}

static void apply_expectation(run_ctx *x, cf_row *row, const cf_grade *g) {
  const cf_expect_entry *e =
      x->have_expect ? cf_expect_find(&x->expect, row->id) : NULL;
  char *old = row->detail;
  const cf_expect_verdict v = cf_expect_apply(e, g, row->actual);
  switch (v) {
  case CF_EXPECT_NONE:
    return;
  case CF_EXPECT_MATCHED:
    row->grade = CF_ROW_EXPECTED;
    row->reason = e->reason;
    row->klass = e->klass;
    row->class_kind = e->klass ? cf_class_kind_name(e->kind) : NULL;
    return;
  case CF_EXPECT_NEEDS_GOLDEN:
    row->grade = CF_ROW_NEEDS_GOLDEN;
    row->reason = e->reason;
    row->klass = e->klass;
    row->class_kind = e->klass ? cf_class_kind_name(e->kind) : NULL;
    return;
  case CF_EXPECT_CHANGED:
    row->reason = e->reason;
    row->klass = e->klass;
    row->class_kind = e->klass ? cf_class_kind_name(e->kind) : NULL;
    row->detail =
        ut_xasprintf("differs from the record pinned in %s "
                     "(pinned %s %s): %s",
                     x->expect.path, e->level >= 0 ? "at level" : "as",
                     e->level >= 0 ? cf_level_name(e->level) : e->klass, old);
    break;
  case CF_EXPECT_PASSES: /* the entry itself is now wrong */
  case CF_EXPECT_NOT_FAIL:
    row->grade = CF_ROW_FAIL;
    row->level = CF_LEVEL_EXPECTATION;
    row->detail =
        v == CF_EXPECT_PASSES
            ? ut_xasprintf("listed in %s as an expected %s failure, but now "
                           "passes: remove it",
                           x->expect.path, cf_level_name(e->level))
            : ut_xasprintf("listed in %s, but graded reference-crash: remove "
                           "it",
                           x->expect.path);
    break;
  }
  free(old);
}

/* ROW ran a case the golden cannot hold: needs-golden, or an expected
 * Wine difference, if the expectations say so and pin its record (an
 * entry of level outcome), else a failure of the expectations. */
static void no_record(run_ctx *x, cf_row *row) {
  const cf_expect_entry *e =
      x->have_expect ? cf_expect_find(&x->expect, row->id) : NULL;
  cf_grade g = {CF_GRADE_FAIL, CF_LEVEL_OUTCOME, NULL, CF_NOTE_NONE, NULL};
  const cf_expect_verdict v = cf_expect_apply(e, &g, row->actual);
  /* Pinned as needing a golden, or as what Wine does where Windows is
   * documented to do otherwise. */
  if (e != NULL && (v == CF_EXPECT_NEEDS_GOLDEN ||
                    (e->kind == CF_CLASS_WINE && v == CF_EXPECT_MATCHED))) {
    row->grade =
        v == CF_EXPECT_NEEDS_GOLDEN ? CF_ROW_NEEDS_GOLDEN : CF_ROW_EXPECTED;
    row->level = e->level;
    row->reason = e->reason;
    row->klass = e->klass;
    row->class_kind = e->klass ? cf_class_kind_name(e->kind) : NULL;
    return;
  }
  row->grade = CF_ROW_FAIL;
  row->level = CF_LEVEL_EXPECTATION;
  row->reason = e != NULL ? e->reason : NULL;
  row->klass = e != NULL ? e->klass : NULL;
  row->class_kind =
      e != NULL && e->klass != NULL ? cf_class_kind_name(e->kind) : NULL;
  row->detail = ut_xasprintf(
      "the golden cannot hold this case (the reference cannot run it) and "
      "%s: derive its record or tag it needs-golden (INTERPRETING.md 9.1)",
      e != NULL ? "its pinned record differs"
                : "the expectations have no entry for it");
}

/* Fills ROW from the run CR (taken over) and the golden record. */
static void grade_case(run_ctx *x, const cf_case *c, json_t *golden,
                       cf_case_run *cr, cf_row *row) {
  cf_grade g;
  const cf_grade_env env = {x->reference.errnos, x->s.hello.errnos};
  const json_t *plain;
  static const cf_row_grade kinds[] = {CF_ROW_PASS, CF_ROW_FAIL,
                                       CF_ROW_REF_CRASH, CF_ROW_SKIP};
  row->golden = json_incref(golden);
  row->actual = cr->record;
  row->stderr_text = cr->stderr_text;
  cr->record = NULL;
  cr->stderr_text = NULL;
  if (cr->skip != NULL) {
    row->grade = CF_ROW_SKIP;
    row->detail = cr->skip;
    cr->skip = NULL;
    return;
  }
  if (golden == NULL) { /* a case only the host's platform has */
    no_record(x, row);
    return;
  }
  cf_grade_records_env(golden, row->actual, json_object_get(c->json, "ops"),
                       &env, &g);
  plain = json_object_get(x->golden.records, c->id);
  if (g.kind == CF_GRADE_PASS && g.note == CF_NOTE_NONE && x->have_derived &&
      (plain == NULL || !cf_pagesize_same_behaviour(plain, golden))) {
    g.note = CF_NOTE_PAGESIZE;
    g.note_detail =
        ut_xasprintf("the reference's record for %lld-byte pages differs (%s)",
                     x->golden.pagesize, x->golden.name);
  }
  row->grade = kinds[g.kind];
  row->level = g.kind == CF_GRADE_FAIL ? (int)g.level : -1;
  row->detail = g.detail;
  if (g.kind == CF_GRADE_PASS) {
    row->note = g.note;
    row->note_detail = g.note_detail;
    g.note_detail = NULL;
  }
  g.detail = NULL;
  apply_expectation(x, row, &g);
  cf_grade_clear(&g);
}

static void progress(run_ctx *x, size_t done, size_t total) {
  size_t g[CF_NROWKINDS], l[CF_NLEVELS + 1];
  if (x->o.quiet || done % 200 != 0 || done == total)
    return;
  cf_report_count(&x->report, g, l);
  fprintf(stderr, "[%zu/%zu] %zu failed, %zu skipped\n", done, total,
          g[CF_ROW_FAIL], g[CF_ROW_SKIP]);
}

static int run_all(run_ctx *x) {
  size_t total = 0, done = 0;
  for (size_t i = 0; i < x->corpus.n; i++)
    total += cf_case_selected(&x->corpus.cases[i], x->o.filters, x->o.nfilters);
  for (size_t i = 0; i < x->corpus.n; i++) {
    const cf_case *c = &x->corpus.cases[i];
    cf_case_run cr = {0};
    json_t *golden = NULL;
    int derived = 0;
    cf_row *row;
    if (!cf_case_selected(c, x->o.filters, x->o.nfilters))
      continue;
    row = cf_report_add(&x->report, c->id);
    row->title = c->title;
    if ((cr.skip = golden_record(x, c, &golden, &derived)) == NULL &&
        cf_run_case(&x->s, c, &cr) != 0)
      return -1;
    grade_case(x, c, golden, &cr, row);
    row->derived = derived;
    cf_case_run_free(&cr);
    progress(x, ++done, total);
    ut_progress_write(x->o.progress_fd, done, total, c->id);
  }
  return 0;
}

/* Listed cases the corpus does not have: the list is stale. */
static void unknown_expectations(run_ctx *x) {
  for (size_t i = 0; x->have_expect && i < x->expect.n; i++) {
    const cf_expect_entry *e = &x->expect.entries[i];
    if (cf_corpus_find(&x->corpus, e->id) != NULL)
      continue;
    cf_row *row = cf_report_add(&x->report, e->id);
    row->grade = CF_ROW_FAIL;
    row->level = CF_LEVEL_EXPECTATION;
    row->detail = ut_xasprintf("listed in %s, but the corpus has no such "
                               "case: remove it",
                               x->expect.path);
  }
}

static const char *const report_names[] = {
    "report.json", "summary.md", "junit.xml", "expectations-suggested.json"};

/* --out, or build/conformance/HOST of the source tree (from a build tree),
 * or ./mmaplab-conform-HOST (installed); malloc'd. */
static char *out_dir(const run_ctx *x) {
  char *rel, *name, *dir;
  if (x->o.out != NULL)
    return ut_xstrdup(x->o.out);
  rel = ut_xasprintf("build/conformance/%s", x->s.hello.host);
  name = ut_xasprintf("mmaplab-conform-%s", x->s.hello.host);
  dir = cf_output_path(rel, name);
  free(rel);
  free(name);
  return dir;
}

/* The output directory can take the report files: checked before the run
 * (--out before anything, the default once the hello names the host). */
static int check_out(const run_ctx *x) {
  char *dir = out_dir(x);
  int rc = cf_check_out_dir("--out", dir, report_names, 4);
  free(dir);
  return rc;
}

static int write_outputs(run_ctx *x) {
  char *dir = out_dir(x);
  const char *const *names = report_names;
  int (*const writers[])(const cf_report *, const char *) = {
      cf_report_write_json, cf_report_write_summary, cf_report_write_junit,
      cf_report_write_suggested};
  int rc = 0;
  for (size_t i = 0; i < 4 && rc == 0; i++) {
    char *path = ut_xasprintf("%s/%s", dir, names[i]);
    rc = writers[i](&x->report, path);
    free(path);
  }
  if (rc == 0 && !x->o.quiet)
    printf("report: %s/summary.md\n", dir);
  free(dir);
  return rc;
}

/* With a classed expectations file (9.1): the expected differences and
 * needs-golden cases per class, one line. */
static void print_classes(const run_ctx *x) {
  json_t *c = cf_report_classes(&x->report), *n;
  const char *name, *sep = "";
  if (json_object_size(c) > 0) {
    printf("classes:");
    json_object_foreach(c, name, n) {
      printf("%s %s %lld", sep, name, (long long)json_integer_value(n));
      sep = ",";
    }
    printf("\n");
  }
  json_decref(c);
  /* The kinds apart: a port graded against an earlier CPython's golden
   * shows CPython's own changes (version) beside its own (port). */
  c = cf_report_class_kinds(&x->report);
  if (json_object_size(c) > 0) {
    printf("kinds:");
    sep = "";
    json_object_foreach(c, name, n) {
      printf("%s %s %lld", sep, name, (long long)json_integer_value(n));
      sep = ",";
    }
    printf("\n");
  }
  json_decref(c);
}

/* The two closing lines (10); returns the number of failed cases. */
static size_t print_counts(run_ctx *x) {
  size_t g[CF_NROWKINDS], l[CF_NLEVELS + 1];
  cf_report_count(&x->report, g, l);
  cf_report_count_notes(&x->report, x->notes);
  if (x->stale > 0)
    fprintf(stderr,
            "mmaplab-conform: warning: %zu cases have no current record in "
            "%s (see mmaplab-conform check-golden)\n",
            x->stale, x->golden.name);
  printf("levels: outcome %zu, type %zu, value %zu, message %zu, file %zu; "
         "expected %zu, reference-crash %zu\n",
         l[CF_LEVEL_OUTCOME], l[CF_LEVEL_TYPE], l[CF_LEVEL_VALUE],
         l[CF_LEVEL_MESSAGE], l[CF_LEVEL_FILE], g[CF_ROW_EXPECTED],
         g[CF_ROW_REF_CRASH]);
  print_classes(x);
  if (g[CF_ROW_PASS] > 0 &&
      (x->notes[CF_NOTE_ERRNO_NAME] > 0 || x->notes[CF_NOTE_PAGESIZE] > 0))
    printf("notes: errno-name %zu, pagesize %zu\n",
           x->notes[CF_NOTE_ERRNO_NAME], x->notes[CF_NOTE_PAGESIZE]);
  /* Cases that need a golden of the host's platform are neither passed
   * nor failed; the line names them when there are any. */
  printf("conformance: %zu passed, %zu failed, %zu skipped",
         g[CF_ROW_PASS] + g[CF_ROW_EXPECTED] + g[CF_ROW_REF_CRASH],
         g[CF_ROW_FAIL], g[CF_ROW_SKIP]);
  if (g[CF_ROW_NEEDS_GOLDEN] > 0)
    printf(", %zu need a %s golden", g[CF_ROW_NEEDS_GOLDEN],
           platform_dir(x->s.hello.platform));
  printf("\n");
  return g[CF_ROW_FAIL];
}

int cf_cmd_run(int argc, char **argv) {
  run_ctx x;
  double start = ut_now();
  int rc;
  memset(&x, 0, sizeof x);
  rc = cf_parse_opts(argc, argv,
                     "host golden expect cases filter out "
                     "timeout quiet progress-fd emulator host-env",
                     usage, &x.o);
  ut_progress_private(x.o.progress_fd); /* the hosts do not get it */
  if (rc == 0 && x.o.host == NULL) {
    cf_error("run: --host is required (see mmaplab-conform run --help)");
    rc = 2;
  }
  if (rc == 0 && x.o.out != NULL && check_out(&x) != 0)
    rc = 2;
  if (rc == 0) {
    rc = 2;
    if (setup(&x) == 0 && (x.o.out != NULL || check_out(&x) == 0) &&
        run_all(&x) == 0) {
      cf_session_stop(&x.s);
      unknown_expectations(&x);
      x.report.hello = x.s.hello.json;
      x.report.host_cmd = x.o.host;
      x.report.emulator = x.o.emulator;
      x.report.golden_name = x.golden.name;
      x.report.derived_golden = x.have_derived ? x.derived.name : NULL;
      x.report.expect_path = x.have_expect ? x.expect.path : NULL;
      x.report.seconds = ut_now() - start;
      x.report.host_starts = x.s.starts;
      if (write_outputs(&x) == 0)
        rc = print_counts(&x) > 0 ? 1 : 0;
    }
  } else {
    rc = rc == 1 ? 0 : 2;
  }
  cf_session_close(&x.s);
  cf_hello_clear(&x.reference);
  cf_report_free(&x.report);
  if (x.have_expect)
    cf_expect_free(&x.expect);
  cf_golden_free(&x.golden);
  if (x.have_derived)
    cf_golden_free(&x.derived);
  cf_corpus_free(&x.corpus);
  free(x.o.filters);
  free(x.o.host_env);
  return rc;
}
