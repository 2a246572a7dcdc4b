/* rp_conform_port.c - a host's port page (rp_conform_port.h). */
#include "rp_conform_port.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_conform.h"
#include "rp_docfile.h"
#include "ut_path.h"
#include "ut_str.h"

/* The notes a case may carry, and what each means. */
static const char *const notes[][2] = {
    {"errno-name", "the same error under another errno number"},
    {"pagesize", "passed against a golden re-derived for the host's page "
                 "size, which differs from the plain one"}};

static json_t *cases_of(const rp_cm_host *h) {
  return json_object_get(h->r->root, "cases");
}

static const char *field(const json_t *o, const char *key, const char *none) {
  const char *v = json_string_value(json_object_get(o, key));
  return v != NULL ? v : none;
}

/* The note names of a case, comma-separated, into BUF ("" if none). */
static void case_notes(char *buf, size_t len, const json_t *kase) {
  const json_t *n = json_object_get(kase, "note");
  size_t i, k = 0;
  json_t *v;
  buf[0] = '\0';
  if (json_is_string(n))
    snprintf(buf, len, "%s", json_string_value(n));
  json_array_foreach(n, i, v) {
    if (json_is_string(v) && k < len)
      k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? ", " : "",
                            json_string_value(v));
  }
}

static void summary(const rp_cm_host *h, rp_doc *d, const char *back_md,
                    const char *back_html) {
  const json_t *hello = json_object_get(h->r->root, "host");
  const rp_cm_counts *t = &h->total;
  char line[256];
  rp_doc_list(d);
  rp_doc_item(d);
  rp_doc_link2(d, back_md, back_html, "port matrix");
  rp_doc_item_end(d);
  rp_doc_item(d);
  rp_doc_text(d, "golden: ");
  rp_doc_text(d, field(h->r->root, "golden", "?"));
  rp_doc_item_end(d);
  snprintf(line, sizeof line, "platform: %s, page size: %lld",
           field(hello, "platform", "?"),
           (long long)json_integer_value(json_object_get(hello, "pagesize")));
  rp_doc_item(d);
  rp_doc_text(d, line);
  rp_doc_item_end(d);
  snprintf(line, sizeof line,
           "cases: pass %zu, expected %zu, unexpected %zu, skip %zu, "
           "needs-golden %zu, reference-crash %zu",
           t->pass, t->expected, t->fail, t->skip, t->needs_golden,
           t->ref_crash);
  rp_doc_item(d);
  rp_doc_text(d, line);
  rp_doc_item_end(d);
  rp_doc_list_end(d);
}

/* The cases of class NAME (NULL: the expected and needs-golden cases
 * without one) as a table; the class's kind and reason before it. */
static void class_table(const rp_cm_host *h, rp_doc *d, const char *name) {
  static const char *const head[] = {"case", "grade", "level", "reason"};
  const size_t ncols = name != NULL ? 3 : 4;
  size_t k;
  json_t *kase;
  int first = 1;
  json_array_foreach(cases_of(h), k, kase) {
    const char *c = json_string_value(json_object_get(kase, "class"));
    const char *g = field(kase, "grade", "?");
    const char *row[4];
    if (name != NULL ? c == NULL || strcmp(c, name) != 0
                     : c != NULL || (strcmp(g, "expected") != 0 &&
                                     strcmp(g, "needs-golden") != 0))
      continue;
    if (first && name != NULL) {
      char *kind = ut_xasprintf("class %s (kind %s)", name,
                                field(kase, "class_kind", "not given"));
      rp_doc_heading(d, 3, kind);
      free(kind);
      rp_doc_para(d, field(kase, "reason", "(no reason given)"));
    } else if (first) {
      rp_doc_heading(d, 3, "without a class");
    }
    if (first)
      rp_doc_table(d, ncols, head);
    first = 0;
    row[0] = field(kase, "id", "?");
    row[1] = g;
    row[2] = field(kase, "level", "-");
    row[3] = field(kase, "reason", "-");
    rp_doc_row(d, row);
  }
  if (!first)
    rp_doc_table_end(d);
}

static int classes(const rp_cm_host *h, rp_doc *d) {
  rp_strs names = {0};
  size_t k;
  json_t *kase;
  int unclassed = 0;
  rp_doc_heading(d, 2, "Differences by class");
  json_array_foreach(cases_of(h), k, kase) {
    const char *c = json_string_value(json_object_get(kase, "class"));
    const char *g = field(kase, "grade", "");
    if (c != NULL && rp_strs_intern(&names, c) < 0) {
      rp_strs_free(&names);
      return -1;
    }
    unclassed |= c == NULL &&
                 (strcmp(g, "expected") == 0 || strcmp(g, "needs-golden") == 0);
  }
  rp_strs_sort(&names);
  if (names.n == 0 && !unclassed)
    rp_doc_para(d, "No known differences: nothing expected, nothing "
                   "needing a golden of its own.");
  for (size_t i = 0; i < names.n; i++)
    class_table(h, d, names.v[i]);
  if (unclassed)
    class_table(h, d, NULL);
  rp_strs_free(&names);
  return 0;
}

static void failures(const rp_cm_host *h, rp_doc *d) {
  static const char *const head[] = {"case", "level", "detail"};
  size_t k;
  json_t *kase;
  int any = 0;
  rp_doc_heading(d, 2, "Unexpected failures");
  json_array_foreach(cases_of(h), k, kase) {
    const char *row[3];
    if (strcmp(field(kase, "grade", ""), "fail") != 0)
      continue;
    if (!any)
      rp_doc_table(d, 3, head);
    any = 1;
    row[0] = field(kase, "id", "?");
    row[1] = field(kase, "level", "-");
    row[2] = field(kase, "detail", "-");
    rp_doc_row(d, row);
  }
  if (any)
    rp_doc_table_end(d);
  else
    rp_doc_para(d, "None.");
}

/* The notes' counts: the report's counts.notes where it has them, else
 * the cases' own; then the cases that carry a note. */
static void notes_section(const rp_cm_host *h, rp_doc *d) {
  static const char *const head[] = {"note", "cases", "meaning"};
  static const char *const chead[] = {"case", "grade", "note"};
  const json_t *given =
      json_object_get(json_object_get(h->r->root, "counts"), "notes");
  const size_t own[] = {h->total.errno_name, h->total.pagesize};
  size_t k;
  json_t *kase;
  int any = 0;
  rp_doc_heading(d, 2, "Notes");
  rp_doc_table(d, 3, head);
  for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
    const json_t *n = json_object_get(given, notes[i][0]);
    char count[32];
    const char *row[3] = {notes[i][0], count, notes[i][1]};
    snprintf(count, sizeof count, "%lld",
             json_is_integer(n) ? (long long)json_integer_value(n)
                                : (long long)own[i]);
    rp_doc_row(d, row);
  }
  rp_doc_table_end(d);
  json_array_foreach(cases_of(h), k, kase) {
    char names[128];
    const char *row[3];
    case_notes(names, sizeof names, kase);
    if (names[0] == '\0')
      continue;
    if (!any)
      rp_doc_table(d, 3, chead);
    any = 1;
    row[0] = field(kase, "id", "?");
    row[1] = field(kase, "grade", "?");
    row[2] = names;
    rp_doc_row(d, row);
  }
  if (any)
    rp_doc_table_end(d);
}

int rp_conform_port_page(const rp_cm_host *h, rp_doc *d, const char *back_md,
                         const char *back_html) {
  summary(h, d, back_md, back_html);
  if (classes(h, d) != 0)
    return -1;
  failures(h, d);
  notes_section(h, d);
  return 0;
}

int rp_conform_ports_write(const rp_cmatrix *m, const char *dir,
                           const char *back_md, const char *back_html,
                           char *err, size_t len) {
  char *ports = ut_xasprintf("%s/ports", dir);
  int rc = 0, e;
  if ((e = ut_mkdirs(ports)) != 0) {
    snprintf(err, len, "cannot create %s: %s", ports, strerror(e));
    rc = -1;
  }
  for (size_t i = 0; rc == 0 && i < m->nhosts; i++) {
    const rp_cm_host *h = &m->hosts[i];
    char *title = ut_xasprintf("Port: %s", h->label);
    char *md = ut_xasprintf("%s/%s.md", ports, h->slug);
    char *html = ut_xasprintf("%s/%s.html", ports, h->slug);
    rp_docfile f;
    if ((rc = rp_docfile_open(&f, title, err, len)) == 0) {
      if ((rc = rp_conform_port_page(h, &f.doc, back_md, back_html)) != 0) {
        snprintf(err, len, "out of memory");
        rp_docfile_discard(&f);
      } else {
        rc = rp_docfile_commit(&f, md, html, err, len);
      }
    }
    free(title);
    free(md);
    free(html);
  }
  free(ports);
  return rc;
}
