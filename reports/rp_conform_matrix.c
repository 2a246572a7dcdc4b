/* rp_conform_matrix.c - the port matrix of conformance reports
 * (rp_conform_matrix.h). */
#include "rp_conform_matrix.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rp_conform.h"
#include "rp_conform_port.h"
#include "rp_docfile.h"
#include "ut_path.h"
#include "ut_str.h"

/* The longest file stem of a port page: far below NAME_MAX. */
#define SLUG_MAX 64

static const char *hello_str(const rs_result *r, const char *key) {
  return json_string_value(
      json_object_get(json_object_get(r->root, "host"), key));
}

/* A CPython host: implementation cpython, not inside Pyodide. */
static int is_cpython(const rs_result *r) {
  const char *impl = hello_str(r, "implementation");
  return impl != NULL && strcasecmp(impl, "cpython") == 0 &&
         json_object_get(json_object_get(r->root, "host"), "pyodide") == NULL;
}

/* Versions part by part ('.'): numbers by value, the rest by strcmp. */
static int version_cmp(const char *a, const char *b) {
  while (*a != '\0' && *b != '\0') {
    if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
      char *ea, *eb;
      const unsigned long long x = strtoull(a, &ea, 10);
      const unsigned long long y = strtoull(b, &eb, 10);
      if (x != y)
        return x < y ? -1 : 1;
      a = ea;
      b = eb;
    } else if (*a != *b) {
      return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
    } else {
      a++;
      b++;
    }
  }
  return (*a != '\0') - (*b != '\0');
}

static int host_cmp(const void *pa, const void *pb) {
  const rp_cm_host *a = pa, *b = pb;
  const int ca = is_cpython(a->r), cb = is_cpython(b->r);
  int c;
  if (ca != cb)
    return cb - ca; /* CPython first */
  if (ca) {
    const char *va = hello_str(a->r, "version"),
               *vb = hello_str(b->r, "version");
    if ((c = version_cmp(va ? va : "", vb ? vb : "")) != 0)
      return c;
  }
  if ((c = strcmp(rp_conform_host(a->r), rp_conform_host(b->r))) != 0)
    return c;
  return strcmp(a->r->path, b->r->path); /* the same host twice */
}

/* "pyodide (cpython 3.14.2, pyodide 314.0.7)"; the host name alone when
 * the hello has no implementation. */
static char *make_label(const rs_result *r) {
  const char *impl = hello_str(r, "implementation");
  const char *ver = hello_str(r, "version");
  const char *pyo = hello_str(r, "pyodide");
  if (impl == NULL)
    return ut_xstrdup(rp_conform_host(r));
  return ut_xasprintf("%s (%s%s%s%s%s)", rp_conform_host(r), impl,
                      ver ? " " : "", ver ? ver : "", pyo ? ", pyodide " : "",
                      pyo ? pyo : "");
}

/* The host name as a file stem: kept [A-Za-z0-9._-], no leading '.',
 * made unique among the N stems before it with "-2", "-3"... */
static char *make_slug(const char *host, const rp_cm_host *before, size_t n) {
  char base[SLUG_MAX + 1];
  size_t k = 0;
  char *slug;
  for (const char *s = host; *s != '\0' && k < SLUG_MAX; s++) {
    const unsigned char c = (unsigned char)*s;
    const int keep = isalnum(c) || c == '-' || c == '_' || (c == '.' && k > 0);
    base[k++] = keep ? (char)c : '-';
  }
  base[k] = '\0';
  slug = ut_xstrdup(k > 0 ? base : "host");
  for (unsigned dup = 2;; dup++) {
    size_t i = 0;
    while (i < n && strcmp(before[i].slug, slug) != 0)
      i++;
    if (i == n)
      return slug;
    free(slug);
    slug = ut_xasprintf("%s-%u", k > 0 ? base : "host", dup);
  }
}

/* Whether the case KASE carries the note NAME: "note" a string, or an
 * array of strings. */
static int has_note(const json_t *kase, const char *name) {
  const json_t *n = json_object_get(kase, "note");
  size_t i;
  json_t *v;
  if (json_is_string(n))
    return strcmp(json_string_value(n), name) == 0;
  json_array_foreach(n, i, v) {
    if (json_is_string(v) && strcmp(json_string_value(v), name) == 0)
      return 1;
  }
  return 0;
}

static void count_case(rp_cm_counts *c, const json_t *kase) {
  const char *g = json_string_value(json_object_get(kase, "grade"));
  g = g ? g : "";
  c->pass += strcmp(g, "pass") == 0;
  c->expected += strcmp(g, "expected") == 0;
  c->fail += strcmp(g, "fail") == 0;
  c->skip += strcmp(g, "skip") == 0;
  c->needs_golden += strcmp(g, "needs-golden") == 0;
  c->ref_crash += strcmp(g, "reference-crash") == 0;
  c->errno_name += (size_t)has_note(kase, "errno-name");
  c->pagesize += (size_t)has_note(kase, "pagesize");
}

/* The area of a case: its id up to the first '/' (the "area" field when
 * it has no id) into BUF. */
static void case_area(char *buf, size_t len, const json_t *kase) {
  const char *id = json_string_value(json_object_get(kase, "id"));
  const char *a = json_string_value(json_object_get(kase, "area"));
  if (id != NULL)
    snprintf(buf, len, "%.*s", (int)strcspn(id, "/"), id);
  else
    snprintf(buf, len, "%s", a ? a : "?");
}

static int fill_host(rp_cm_host *h, const rp_strs *areas) {
  size_t k;
  json_t *kase;
  if ((h->cells = calloc(areas->n + 1, sizeof *h->cells)) == NULL)
    return -1;
  json_array_foreach(json_object_get(h->r->root, "cases"), k, kase) {
    char area[256];
    case_area(area, sizeof area, kase);
    count_case(&h->cells[rp_strs_find(areas, area)], kase);
    count_case(&h->total, kase);
  }
  return 0;
}

int rp_cmatrix_build(rp_cmatrix *m, const rs_result *res, size_t nres) {
  memset(m, 0, sizeof *m);
  if ((m->hosts = calloc(nres + 1, sizeof *m->hosts)) == NULL)
    return -1;
  for (size_t i = 0; i < nres; i++) {
    size_t k;
    json_t *kase;
    if (res[i].kind != RS_RESULT_CONFORMANCE)
      continue;
    m->hosts[m->nhosts++].r = &res[i];
    json_array_foreach(json_object_get(res[i].root, "cases"), k, kase) {
      char area[256];
      case_area(area, sizeof area, kase);
      if (rp_strs_intern(&m->areas, area) < 0) {
        rp_cmatrix_free(m);
        return -1;
      }
    }
  }
  rp_strs_sort(&m->areas);
  qsort(m->hosts, m->nhosts, sizeof *m->hosts, host_cmp);
  for (size_t i = 0; i < m->nhosts; i++) {
    rp_cm_host *h = &m->hosts[i];
    h->label = make_label(h->r);
    h->slug = make_slug(rp_conform_host(h->r), m->hosts, i);
    if (fill_host(h, &m->areas) != 0) {
      rp_cmatrix_free(m);
      return -1;
    }
  }
  return 0;
}

void rp_cmatrix_free(rp_cmatrix *m) {
  for (size_t i = 0; i < m->nhosts; i++) {
    free(m->hosts[i].label);
    free(m->hosts[i].slug);
    free(m->hosts[i].cells);
  }
  free(m->hosts);
  rp_strs_free(&m->areas);
  memset(m, 0, sizeof *m);
}

void rp_cm_cell_text(char *buf, size_t len, const rp_cm_counts *c) {
  char notes[96] = "";
  if (c->pass + c->expected + c->fail + c->skip + c->needs_golden +
          c->ref_crash ==
      0) {
    snprintf(buf, len, "-");
    return;
  }
  if (c->errno_name && c->pagesize)
    snprintf(notes, sizeof notes, " (errno-name %zu, pagesize %zu)",
             c->errno_name, c->pagesize);
  else if (c->errno_name)
    snprintf(notes, sizeof notes, " (errno-name %zu)", c->errno_name);
  else if (c->pagesize)
    snprintf(notes, sizeof notes, " (pagesize %zu)", c->pagesize);
  snprintf(buf, len, "%zu / %zu / %zu%s", c->pass, c->expected, c->fail, notes);
}

/* The row of the cases neither passed nor failed, per host. */
static void other_text(char *buf, size_t len, const rp_cm_counts *c) {
  int n = snprintf(buf, len, "skip %zu, needs-golden %zu", c->skip,
                   c->needs_golden);
  if (c->ref_crash && n > 0 && (size_t)n < len)
    snprintf(buf + n, len - (size_t)n, ", reference-crash %zu", c->ref_crash);
}

int rp_cmatrix_table(const rp_cmatrix *m, rp_doc *d, const char *ports) {
  const size_t nc = m->nhosts + 1;
  const char **head = calloc(nc, sizeof *head);
  char **md = calloc(nc, sizeof *md), **html = calloc(nc, sizeof *html);
  char(*cells)[96] = calloc(nc, sizeof *cells);
  const char **row = calloc(nc, sizeof *row);
  int rc = head && md && html && cells && row ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < m->nhosts; i++) {
    head[i + 1] = m->hosts[i].label;
    md[i + 1] = ut_xasprintf("%s%s.md", ports, m->hosts[i].slug);
    html[i + 1] = ut_xasprintf("%s%s.html", ports, m->hosts[i].slug);
    row[i + 1] = cells[i + 1];
  }
  if (rc == 0) {
    head[0] = "area: pass / expected / unexpected";
    rp_doc_table_ex(d, nc, head, (const char *const *)md,
                    (const char *const *)html);
    for (size_t a = 0; a <= m->areas.n + 1; a++) {
      row[0] = a < m->areas.n    ? m->areas.v[a]
               : a == m->areas.n ? "total"
                                 : "not graded";
      for (size_t i = 0; i < m->nhosts; i++) {
        const rp_cm_host *h = &m->hosts[i];
        if (a < m->areas.n)
          rp_cm_cell_text(cells[i + 1], sizeof cells[i + 1], &h->cells[a]);
        else if (a == m->areas.n)
          rp_cm_cell_text(cells[i + 1], sizeof cells[i + 1], &h->total);
        else
          other_text(cells[i + 1], sizeof cells[i + 1], &h->total);
      }
      rp_doc_row(d, row);
    }
    rp_doc_table_end(d);
  }
  for (size_t i = 0; md != NULL && html != NULL && i < nc; i++) {
    free(md[i]);
    free(html[i]);
  }
  free(head);
  free(md);
  free(html);
  free(cells);
  free(row);
  return rc;
}

static const char explain[] =
    "Cases per area (rows) and host (columns) as pass / expected / "
    "unexpected: passed, differing as the host's expectations say, and "
    "failed. Notes: errno-name, the same error under another errno number; "
    "pagesize, passed against a golden re-derived for the host's page "
    "size. The last row counts the cases neither passed nor failed. A "
    "host's name leads to its port page.";

int rp_conform_matrix_section(rp_build *b) {
  rp_cmatrix m;
  int rc;
  if (rp_cmatrix_build(&m, b->res, b->nres) != 0) {
    snprintf(b->err, sizeof b->err, "out of memory");
    return -1;
  }
  rp_doc_heading_id(&b->doc, 3, "t-conform-ports", "Port matrix");
  rp_doc_para(&b->doc, explain);
  if ((rc = rp_cmatrix_table(&m, &b->doc, "ports/")) != 0)
    snprintf(b->err, sizeof b->err, "out of memory");
  else
    rc = rp_conform_ports_write(&m, b->tmp_dir, "../summary.md",
                                "../index.html", b->err, sizeof b->err);
  rp_cmatrix_free(&m);
  return rc;
}

int rp_conform_matrix_write(const rs_result *res, size_t nres, const char *dir,
                            char *err, size_t len) {
  rp_cmatrix m;
  rp_docfile f;
  char *md, *html;
  int rc, e;
  if ((e = ut_mkdirs(dir)) != 0) {
    snprintf(err, len, "cannot create %s: %s", dir, strerror(e));
    return -1;
  }
  if (rp_cmatrix_build(&m, res, nres) != 0) {
    snprintf(err, len, "out of memory");
    return -1;
  }
  if ((rc = rp_docfile_open(&f, "Conformance port matrix", err, len)) != 0) {
    rp_cmatrix_free(&m);
    return rc;
  }
  rp_doc_para(&f.doc, explain);
  if ((rc = rp_cmatrix_table(&m, &f.doc, "ports/")) != 0)
    snprintf(err, len, "out of memory");
  else /* the pages first: the matrix never links to a missing one */
    rc = rp_conform_ports_write(&m, dir, "../matrix.md", "../matrix.html", err,
                                len);
  md = ut_xasprintf("%s/matrix.md", dir);
  html = ut_xasprintf("%s/matrix.html", dir);
  if (rc == 0)
    rc = rp_docfile_commit(&f, md, html, err, len);
  else
    rp_docfile_discard(&f);
  free(md);
  free(html);
  rp_cmatrix_free(&m);
  return rc;
}
