/* compare_cmd.c - mmaplab compare: several machines' results side by side
 * (report.h). */
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_aligned.h"
#include "rp_build.h"
#include "rp_changed.h"
#include "rp_fpdiff.h"
#include "rp_tables.h"
#include "ut_str.h"

static const char usage[] =
    "usage: mmaplab compare [--out DIR] [--title TEXT] [--force] RESULT...\n"
    "\n"
    "Puts several machines' benchmark results side by side: the report for\n"
    "comparing OS page behaviour (kernels, THP modes, filesystems, page\n"
    "sizes). RESULT is a result file or a directory of them (its *.json):\n"
    "mmaplab-bench or bench/python/mmap_bench.py output, hyperfine exports;\n"
    "inputs are read as by mmaplab report (pipes once, devices refused,\n"
    "what is not a regular file in a directory skipped with a note).\n"
    "Each file must carry a machine fingerprint. Files are grouped into\n"
    "machines by the fingerprint's key fields (hostname, kernel.release,\n"
    "page_size, thp.enabled, thp.defrag, thp.shmem_enabled, thp.mthp (the\n"
    "per-size settings), fault_around_bytes, filesystem.type, cpu.model): the "
    "C\n"
    "and CPython results of one run form one machine; the same host with\n"
    "another THP mode is another machine. Machines are numbered M1, M2...\n"
    "in the order their first file is given; M1 is the reference of the\n"
    "ratios. Two or more machines are needed.\n"
    "\n"
    "DIR gets index.html, summary.md, charts/ and data/ as for mmaplab\n"
    "report: the machines; the fingerprint fields that differ (field, value\n"
    "per machine); the rows that changed against M1 (counts such as faults\n"
    "per page beyond mmaplab gate's count tolerance, median times by 1.5x or\n"
    "more, rows measured on one machine only); charts with one series per\n"
    "machine (fault ns and faults per page per mapping kind for each page\n"
    "mode, core find GB/s against needle length, core move GB/s against\n"
    "size, core throughput per page mode); then per family the benchmarks\n"
    "aligned by name (median per machine, ratio to M1), fault first;\n"
    "hyperfine commands aligned by command.\n"
    "\n"
    "  --out DIR     where to write (default reports/compare-<UTC "
    "date-time>,\n"
    "                or ./mmaplab-compare-<UTC date-time> when installed);\n"
    "                parents are created; DIR must not exist\n"
    "  --title TEXT  the title (default: \"mmaplab compare: N machines\")\n"
    "  --force       replace DIR if it is a report directory made by\n"
    "                mmaplab report or compare (it holds the marker file\n"
    "                .mmaplab-report); any other existing DIR is refused\n"
    "  --help        this text\n"
    "  --version     print \"mmaplab compare VERSION\" and exit\n"
    "\n"
    "Exit status: 0 written; 2 bad arguments, unreadable or malformed input,\n"
    "a file without fingerprint, a conformance report, fewer than two\n"
    "machines, gnuplot missing or failing (one line on stderr, nothing\n"
    "written).\n";

/* The fingerprint fields that tell machines apart. */
static const char *const key_fields[] = {"hostname",
                                         "kernel.release",
                                         "page_size",
                                         "thp.enabled",
                                         "thp.defrag",
                                         "thp.shmem_enabled",
                                         "thp.mthp",
                                         "fault_around_bytes",
                                         "filesystem.type",
                                         "cpu.model",
                                         "runtime",
                                         "wine.version",
                                         NULL};

/* R's grouping key: the key fields' JSON, joined (a malloc'd string). */
static char *group_key(const rs_result *r) {
  ut_str key = {0};
  for (size_t i = 0; key_fields[i] != NULL; i++) {
    const json_t *v = rs_result_fp_get(r, key_fields[i]);
    char *s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    ut_str_addf(&key, "%s\x1f", s ? s : "-");
    free(s);
  }
  return key.data;
}

static const char *fp_str(const rs_result *r, const char *field) {
  const char *s = json_string_value(rs_result_fp_get(r, field));
  return s != NULL ? s : "?";
}

/* The short label of machine I: Linux with its THP mode and filesystem;
 * the Windows bench under Wine named as Wine on its host, never as
 * Windows; any other OS by its name and release. */
static void label(rp_machine *m, size_t i) {
  const rs_result *r = m->fp;
  const char *sys = json_string_value(rs_result_fp_get(r, "kernel.sysname"));
  const char *runtime = json_string_value(rs_result_fp_get(r, "runtime"));
  if (runtime != NULL && strcmp(runtime, "wine") == 0)
    snprintf(m->label, sizeof m->label, "M%zu (%s, Wine %s on %s %s)", i + 1,
             fp_str(r, "hostname"), fp_str(r, "wine.version"),
             fp_str(r, "wine.host_sysname"), fp_str(r, "wine.host_release"));
  else if (sys != NULL && strcmp(sys, "Linux") != 0)
    snprintf(m->label, sizeof m->label, "M%zu (%s, %s %s)", i + 1,
             fp_str(r, "hostname"), sys, fp_str(r, "kernel.release"));
  else
    snprintf(m->label, sizeof m->label, "M%zu (%s, Linux %s, THP %s, %s)",
             i + 1, fp_str(r, "hostname"), fp_str(r, "kernel.release"),
             fp_str(r, "thp.enabled"), fp_str(r, "filesystem.type"));
  rs_result_machine(r, m->long_label, sizeof m->long_label);
}

/* Groups B's inputs into *OUT (*N machines). 0, or -1 with B->err. */
static int group(rp_build *b, rp_machine **out, size_t *n) {
  rp_strs keys = {0};
  rp_machine *m = calloc(b->nres ? b->nres : 1, sizeof *m);
  int rc = m ? 0 : -1;
  *n = 0;
  for (size_t i = 0; rc == 0 && i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    const char *refused =
        r->kind == RS_RESULT_CONFORMANCE
            ? "a conformance report; compare takes benchmark results "
              "(mmaplab report shows conformance)"
        : r->fingerprint == NULL
            ? "no machine fingerprint (compare groups files by it; "
              "bench/python/mmap_bench.py writes one with --fingerprint-cmd)"
            : NULL;
    char *key;
    long g;
    if (refused != NULL) {
      snprintf(b->err, sizeof b->err, "%s: %s", r->path, refused);
      rc = -1;
      break;
    }
    key = group_key(r);
    if ((g = rp_strs_intern(&keys, key)) < 0)
      rc = -1;
    else {
      if ((size_t)g == *n) {
        m[g].fp = r;
        label(&m[g], (size_t)g);
        (*n)++;
      }
      if (r->kind == RS_RESULT_GBENCH && rp_pool_add(&m[g].pool, r) != 0)
        rc = -1;
      if (r->kind == RS_RESULT_HYPERFINE) {
        const rs_result **hf = realloc(m[g].hf, (m[g].nhf + 1) * sizeof *hf);
        if (hf == NULL)
          rc = -1;
        else {
          m[g].hf = hf;
          hf[m[g].nhf++] = r;
        }
      }
      if (rp_strs_add(&m[g].files, r->path) < 0)
        rc = -1;
    }
    free(key);
  }
  if (rc == 0 && *n < 2) {
    snprintf(b->err, sizeof b->err,
             "all inputs are from one machine (%s): compare needs two or more",
             m[0].long_label);
    rc = -1;
  }
  rp_strs_free(&keys);
  *out = m;
  return rc;
}

static void machines_table(rp_build *b, const rp_machine *m, size_t n) {
  static const char *const head[] = {"machine", "fingerprint", "files"};
  rp_doc_heading(&b->doc, 2, "Machines");
  rp_doc_table(&b->doc, 3, head);
  for (size_t i = 0; i < n; i++) {
    char files[1024] = "";
    size_t used = 0;
    const char *row[3];
    for (size_t f = 0; f < m[i].files.n && used < sizeof files; f++)
      used += (size_t)snprintf(files + used, sizeof files - used, "%s%s",
                               f ? ", " : "", m[i].files.v[f]);
    row[0] = m[i].label;
    row[1] = m[i].long_label;
    row[2] = files;
    rp_doc_row(&b->doc, row);
  }
  rp_doc_table_end(&b->doc);
}

/* Families in compare order: OS page behaviour first. */
static int families(const rp_machine *m, size_t n, rp_strs *out) {
  static const char *const first[] = {"fault", "granularity", "move", NULL};
  rp_strs rest = {0};
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = rp_families(&m[i].pool, &rest);
  if (rc == 0)
    rc = rp_strs_add_ordered(out, first, &rest);
  rp_strs_free(&rest);
  return rc;
}

static int body(rp_build *b, const rp_machine *m, size_t n) {
  const json_t **fps = calloc(n, sizeof *fps);
  const char **labels = calloc(n, sizeof *labels);
  rp_strs fams = {0};
  long nd;
  int rc = fps && labels ? 0 : -1;
  if (rc == 0) {
    machines_table(b, m, n);
    for (size_t i = 0; i < n; i++) {
      fps[i] = m[i].fp->fingerprint;
      labels[i] = m[i].label;
    }
    rp_doc_heading(&b->doc, 2, "Fingerprint fields that differ");
    nd = rp_fpdiff_table(&b->doc, fps, labels, n);
    rc = nd < 0 || rp_changed_section(b, m, n) < 0 ? -1 : 0;
  }
  if (rc == 0)
    rc = families(m, n, &fams);
  if (rc == 0) {
    rp_doc_heading(&b->doc, 2, "Charts");
    rc = rp_aligned_charts(b, m, n);
  }
  for (size_t i = 0; rc == 0 && i < fams.n; i++) {
    char *h = ut_xasprintf("%s: medians per machine, ratio to M1", fams.v[i]);
    rp_doc_heading(&b->doc, 2, h);
    free(h);
    if (rc == 0)
      rc = rp_aligned_table(b, m, n, fams.v[i]);
  }
  if (rc == 0)
    rc = rp_aligned_hyperfine(b, m, n);
  if (rc == 0)
    rp_build_skipped_section(b);
  rp_strs_free(&fams);
  free(fps);
  free(labels);
  return rc;
}

int rp_cmd_compare(int argc, char **argv) {
  rp_build b;
  rp_opts o;
  rp_machine *m = NULL;
  size_t n = 0;
  char *title = NULL;
  int rc;
  rc = rp_build_start(&b, &o, "compare", usage, "reports/compare-", argc, argv);
  if (rc == 1)
    return b.done_status; /* --help, --version */
  if (rc == 0)
    rc = group(&b, &m, &n);
  if (rc == 0) {
    title = o.title ? ut_xstrdup(o.title)
                    : ut_xasprintf("mmaplab compare: %zu machines", n);
    rc = rp_build_begin(&b, title);
  }
  if (rc == 0)
    rc = body(&b, m, n);
  if (rc == 0)
    rc = rp_build_commit(&b);
  if (rc == 0)
    printf("mmaplab compare: wrote %s: %zu machines, %zu charts, %zu not "
           "drawn (see summary.md)\n",
           b.final_dir, n, b.ncharts, b.skipped.n);
  rc = rp_build_status(&b, rc);
  for (size_t i = 0; m != NULL && i < b.nres; i++) {
    rp_pool_free(&m[i].pool);
    rp_strs_free(&m[i].files);
    free(m[i].hf);
  }
  free(m);
  free(title);
  free(o.inputs);
  rp_build_free(&b);
  return rc;
}
