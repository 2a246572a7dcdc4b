/* report_cmd.c - mmaplab report: one machine's results as Markdown, HTML
 * and gnuplot charts (report.h). */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_bcharts.h"
#include "rp_bstatus.h"
#include "rp_build.h"
#include "rp_conform.h"
#include "rp_findings.h"
#include "rp_search.h"
#include "rp_pages.h"
#include "rp_pool.h"
#include "rp_tables.h"
#include "ut_str.h"

static const char usage[] =
    "usage: mmaplab report [--out DIR] [--title TEXT] [--force] RESULT...\n"
    "\n"
    "Rebuilds a report from result files alone. RESULT is a result file or\n"
    "a directory of them (its *.json files): mmaplab-bench or\n"
    "bench/python/mmap_bench.py output (Google Benchmark JSON), hyperfine\n"
    "exports of bench/hyperfine/run-hyperfine, conformance report.json.\n"
    "A RESULT may be a pipe (<(cmd), a FIFO): every input is read once, up\n"
    "to 256 MiB; devices are refused. In a directory, what is not a regular\n"
    "file is skipped with a note on stderr.\n"
    "Benchmarks of several files are pooled by name (the first file wins).\n"
    "\n"
    "DIR gets index.html (static: no scripts, no network), summary.md (per\n"
    "family a table of medians with the ratios core/glibc and core/cpython,\n"
    "conformance counts and matrix), charts/ (PNG and SVG rendered by\n"
    "gnuplot, with the .dat and .gp files to re-render them) and data/\n"
    "(copies of the inputs). Charts: find/rfind GB/s against needle length\n"
    "and haystack size, move GB/s against size beside glibc memmove, fault\n"
    "ns and faults per page per mapping kind and page mode, granularity ns\n"
    "per GiB against window size, conformance matrix; a chart without data\n"
    "is listed under \"Charts not drawn\" with the reason. A chart whose\n"
    "values span more than 10x has a log y axis, others a linear one.\n"
    "\n"
    "Both pages open with Findings, each computed from the inputs and\n"
    "linked to its table or row: per conformance host its verdict and\n"
    "failed cases; per family the median of the ratios core/glibc and\n"
    "core/cpython over its rows; and the anomalies: page modes not\n"
    "obtained, benchmarks that reported errors, faults per page off the\n"
    "expected 1 per 4 KiB page or 1/512 per 2 MiB page (by more than\n"
    "25%), touches after MAP_POPULATE costing more than 10% of the same\n"
    "touch without it (or, for each rule, how many rows it checked).\n"
    "Then \"Page behaviour\": the sentences of mmaplab pages (see its\n"
    "--help), each linked to the rows it comes from.\n"
    "\n"
    "  --out DIR     where to write (default reports/out/<UTC date-time>,\n"
    "                or ./mmaplab-report-<UTC date-time> when installed);\n"
    "                parents are created; DIR must not exist\n"
    "  --title TEXT  the report's title (default: the machine)\n"
    "  --force       replace DIR if it is a report directory made by\n"
    "                mmaplab report or compare (it holds the marker file\n"
    "                .mmaplab-report); any other existing DIR is refused\n"
    "  --help        this text\n"
    "  --version     print \"mmaplab report VERSION\" and exit\n"
    "\n"
    "DIR is checked before any input is read, built as a hidden sibling\n"
    ".DIR.tmp-XXXXXX (removed if SIGINT, SIGTERM or SIGHUP ends the\n"
    "command) and renamed into place at the end. Exit status: 0 written;\n"
    "2 bad arguments, a DIR that cannot be written, unreadable or malformed\n"
    "input, gnuplot missing or failing (one line on stderr, nothing\n"
    "written).\n";

static const char *kind_name(rs_result_kind k) {
  return k == RS_RESULT_GBENCH      ? "benchmarks"
         : k == RS_RESULT_HYPERFINE ? "hyperfine"
                                    : "conformance";
}

/* The inputs, each linked to its copy in data/ (the path given may be
 * gone: mmaplab run removes its work directory). */
static void inputs_table(rp_build *b) {
  static const char *const head[] = {"file", "kind", "machine", "entries"};
  rp_doc_heading_id(&b->doc, 2, "t-inputs", "Inputs");
  rp_doc_table(&b->doc, 4, head);
  for (size_t i = 0; i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    char machine[256], n[32];
    const char *row[4], *href[4] = {NULL, NULL, NULL, NULL};
    if (r->kind == RS_RESULT_CONFORMANCE) { /* no fingerprint: the host */
      const char *host = json_string_value(
          json_object_get(json_object_get(r->root, "host"), "host"));
      const char *golden =
          json_string_value(json_object_get(r->root, "golden"));
      snprintf(machine, sizeof machine, "host %s against %s", host ? host : "?",
               golden ? golden : "?");
    } else
      rs_result_machine(r, machine, sizeof machine);
    snprintf(n, sizeof n, "%zu",
             r->kind == RS_RESULT_GBENCH
                 ? r->nbenches
                 : json_array_size(json_object_get(
                       r->root,
                       r->kind == RS_RESULT_HYPERFINE ? "results" : "cases")));
    row[0] = href[0] = b->data.v[i];
    row[1] = kind_name(r->kind);
    row[2] = machine;
    row[3] = n;
    rp_doc_row_ex(&b->doc, NULL, 0, row, href);
  }
  rp_doc_table_end(&b->doc);
}

static const char *family_heading(const char *f) {
  return strcmp(f, "find") == 0    ? "find: GB/s (median) per implementation"
         : strcmp(f, "rfind") == 0 ? "rfind: GB/s (median) per implementation"
         : strcmp(f, "move") == 0  ? "move: GB/s (median), core beside glibc "
                                     "memmove"
         : strcmp(f, "fault") == 0 ? "fault: first touch, per page (medians)"
         : strcmp(f, "filemap") == 0
             ? "filemap: file maps per filesystem, cold and warm (medians)"
         : strcmp(f, "granularity") == 0
             ? "granularity: windowed scans of a file (medians)"
         : strcmp(f, "open") == 0
             ? "open: us per open+close (median) per implementation"
             : NULL;
}

static int family_charts(rp_build *b, const rp_pool *p, const char *f) {
  if (strcmp(f, "find") == 0 || strcmp(f, "rfind") == 0)
    return rp_charts_search(b, p, f);
  if (strcmp(f, "move") == 0)
    return rp_charts_move(b, p);
  if (strcmp(f, "fault") == 0)
    return rp_charts_fault(b, p);
  if (strcmp(f, "granularity") == 0)
    return rp_charts_granularity(b, p);
  return 0;
}

/* A note when the inputs' fingerprints name more than one machine: the
 * report pools them, compare is the tool to set them side by side. */
static void machines_note(rp_build *b) {
  char first[256] = "", m[256];
  for (size_t i = 0; i < b->nres; i++) {
    if (b->res[i].fingerprint == NULL)
      continue;
    rs_result_machine(&b->res[i], m, sizeof m);
    if (first[0] == '\0')
      snprintf(first, sizeof first, "%s", m);
    else if (strcmp(first, m) != 0) {
      char *t = ut_xasprintf(
          "Note: the inputs come from more than one machine (%s; %s); "
          "benchmarks are pooled by name, the first file wins. mmaplab "
          "compare sets machines side by side.",
          first, m);
      rp_doc_para(&b->doc, t);
      free(t);
      return;
    }
  }
}

static int body(rp_build *b, const rp_pool *p, const char *machine) {
  static const char *const charted[] = {"find",  "rfind",       "move",
                                        "fault", "granularity", NULL};
  rp_strs fams = {0};
  int rc = rp_families(p, &fams);
  if (rc == 0)
    rc = rp_findings_section(b, p);
  if (rc == 0)
    rc = rp_search_section(b, p);
  if (rc == 0)
    rc = rp_pages_section(b, p);
  if (rc == 0) {
    inputs_table(b);
    machines_note(b);
    rc = rp_bstatus_page_modes(b, p);
  }
  if (rc == 0)
    rp_bstatus_errors(b);
  for (size_t i = 0; rc == 0 && i < fams.n; i++) {
    const char *h = family_heading(fams.v[i]);
    char other[128], id[160];
    snprintf(other, sizeof other, "%s: medians", fams.v[i]);
    rp_doc_id(id, sizeof id, "t", fams.v[i]);
    rp_doc_heading_id(&b->doc, 2, id, h ? h : other);
    rc = family_charts(b, p, fams.v[i]);
    if (rc == 0)
      rc = rp_table_family(b, p, fams.v[i]);
  }
  for (size_t i = 0; rc == 0 && charted[i] != NULL; i++)
    if (rp_strs_find(&fams, charted[i]) < 0) {
      char name[64];
      snprintf(name, sizeof name, "%s charts", charted[i]);
      rp_build_skip(b, name, "no benchmarks of this family in the inputs");
    }
  rp_strs_free(&fams);
  if (rc == 0) {
    rp_table_hyperfine(b);
    rc = rp_conform_section(b, machine);
  }
  if (rc == 0)
    rp_build_skipped_section(b);
  return rc;
}

int rp_cmd_report(int argc, char **argv) {
  rp_build b;
  rp_opts o;
  rp_pool p = {0};
  char machine[256], *title = NULL;
  int rc;
  rc = rp_build_start(&b, &o, "report", usage, "reports/out/", argc, argv);
  if (rc == 1)
    return b.done_status; /* --help, --version */
  for (size_t i = 0; rc == 0 && i < b.nres; i++)
    if (b.res[i].kind == RS_RESULT_GBENCH)
      rc = rp_pool_add(&p, &b.res[i]);
  if (rc == 0) {
    machine[0] = '\0';
    for (size_t i = 0; i < b.nres && machine[0] == '\0'; i++)
      if (b.res[i].fingerprint != NULL)
        rs_result_machine(&b.res[i], machine, sizeof machine);
    if (machine[0] == '\0')
      rs_result_machine(&b.res[0], machine, sizeof machine);
    title = o.title ? ut_xstrdup(o.title)
                    : ut_xasprintf("mmaplab report: %s", machine);
    rc = rp_build_begin(&b, title);
  }
  if (rc == 0)
    rc = body(&b, &p, machine);
  if (rc == 0)
    rc = rp_build_commit(&b);
  if (rc == 0)
    printf("mmaplab report: wrote %s: %zu charts, %zu not drawn (see "
           "summary.md)\n",
           b.final_dir, b.ncharts, b.skipped.n);
  rc = rp_build_status(&b, rc);
  free(title);
  free(o.inputs);
  rp_pool_free(&p);
  rp_build_free(&b);
  return rc;
}
