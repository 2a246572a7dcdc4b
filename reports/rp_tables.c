/* rp_tables.c - tables of benchmark medians (rp_tables.h). */
#include "rp_tables.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_search.h"
#include "ut_str.h"

static const char *const known_families[] = {
    "find", "rfind", "move", "fault", "filemap", "granularity", "open", NULL};

/* Implementations in column order; others follow in name order. */
static const char *const impl_order[] = {
    "core",        "core-faultsafe", "glibc", "stringzilla",
    "rust-memchr", "ceiling",        "naive", "raw",
    "cpython",     "cpython-bytes",  "pypy",  NULL};

int rp_families(const rp_pool *p, rp_strs *out) {
  rp_strs rest = {0};
  int rc = 0;
  for (size_t i = 0; known_families[i] != NULL; i++)
    for (size_t k = 0; k < p->n; k++)
      if (strcmp(p->e[k].b->family, known_families[i]) == 0) {
        if (rp_strs_add(out, known_families[i]) < 0)
          rc = -1;
        break;
      }
  for (size_t k = 0; k < p->n; k++)
    if (rp_strs_find(out, p->e[k].b->family) < 0 &&
        rp_strs_intern(&rest, p->e[k].b->family) < 0)
      rc = -1;
  rp_strs_sort(&rest);
  for (size_t i = 0; i < rest.n; i++)
    if (rp_strs_add(out, rest.v[i]) < 0)
      rc = -1;
  rp_strs_free(&rest);
  return rc;
}

/* The implementations of FAMILY in column order into OUT. */
static int impls(const rp_pool *p, const char *family, rp_strs *out) {
  rp_strs all = {0};
  int rc = rp_pool_parts(p, family, 1, &all);
  if (rc == 0)
    rc = rp_strs_add_ordered(out, impl_order, &all);
  rp_strs_free(&all);
  return rc;
}

double rp_pivot_value(const char *family, const rs_bench *b) {
  if (strcmp(family, "open") == 0)
    return rp_time_ns(b) / 1e3;
  return rp_gbps(b);
}

int rp_is_pivot(const char *family) {
  return strcmp(family, "find") == 0 || strcmp(family, "rfind") == 0 ||
         strcmp(family, "move") == 0 || strcmp(family, "open") == 0;
}

/* The value of FAMILY/IMPL/CASE in P, NAN if absent. */
static double cell(const rp_pool *p, const char *family, const char *impl,
                   const char *kase) {
  char name[512];
  const rp_entry *e;
  snprintf(name, sizeof name, "%s/%s/%s", family, impl, kase);
  e = rp_pool_get(p, name);
  return e != NULL ? rp_pivot_value(family, e->b) : NAN;
}

/* 1 if IM (FAMILY's implementations) holds one of the best-peer engines
 * (rp_search_is_peer). */
static int has_peer(const rp_strs *im) {
  for (size_t i = 0; i < im->n; i++)
    if (rp_search_is_peer(im->v[i]))
      return 1;
  return 0;
}

/* The core's ns per call of FAMILY's case KASE, for haystacks under 4 KiB
 * only (NAN otherwise, or without the row). */
static double core_ns_per_call(const rp_pool *p, const char *family,
                               const char *kase) {
  char name[512];
  const rp_entry *e;
  if (!rp_search_small_hay(kase))
    return NAN;
  snprintf(name, sizeof name, "%s/core/%s", family, kase);
  e = rp_pool_get(p, name);
  return e != NULL ? rp_search_ns_per_call(e->b) : NAN;
}

static int pivot_table(rp_build *b, const rp_pool *p, const char *family) {
  rp_strs im = {0}, cases = {0}, head = {0};
  const char *unit = strcmp(family, "open") == 0 ? "us" : "GB/s";
  const int search =
      strcmp(family, "find") == 0 || strcmp(family, "rfind") == 0;
  long core, glibc, cpy, ceiling;
  int peer, small = 0;
  char **cells = NULL;
  int rc = impls(p, family, &im);
  for (size_t k = 0; rc == 0 && k < p->n; k++) {
    char kase[512], rest[512];
    if (strcmp(p->e[k].b->family, family) != 0)
      continue;
    rp_name_drop(p->e[k].b->name, 1, rest, sizeof rest);
    rp_name_drop(rest, 0, kase, sizeof kase);
    if (rp_strs_intern(&cases, kase) < 0)
      rc = -1;
  }
  rp_strs_sort(&cases);
  core = rp_strs_find(&im, "core");
  glibc = rp_strs_find(&im, "glibc");
  cpy = rp_strs_find(&im, "cpython");
  ceiling = rp_strs_find(&im, "ceiling");
  peer = search && core >= 0 && has_peer(&im);
  for (size_t c = 0; search && core >= 0 && c < cases.n; c++)
    small |= rp_search_small_hay(cases.v[c]);
  if (rc == 0 && rp_strs_add(&head, "case") < 0)
    rc = -1;
  for (size_t i = 0; rc == 0 && i < im.n; i++)
    if (rp_strs_take(&head, ut_xasprintf("%s %s", im.v[i], unit)) < 0)
      rc = -1;
  if (rc == 0 && core >= 0 && glibc >= 0 &&
      rp_strs_add(&head, "core/glibc") < 0)
    rc = -1;
  if (rc == 0 && core >= 0 && cpy >= 0 &&
      rp_strs_add(&head, "core/cpython") < 0)
    rc = -1;
  if (rc == 0 && peer && rp_strs_add(&head, "core/best peer") < 0)
    rc = -1;
  if (rc == 0 && search && core >= 0 && ceiling >= 0 &&
      rp_strs_add(&head, "core/ceiling") < 0)
    rc = -1;
  if (rc == 0 && small && rp_strs_add(&head, "core ns/call") < 0)
    rc = -1;
  if (rc == 0 && (cells = calloc(head.n, sizeof *cells)) == NULL)
    rc = -1;
  for (size_t i = 0; rc == 0 && i < head.n; i++)
    if ((cells[i] = malloc(512)) == NULL)
      rc = -1;
  if (rc == 0) {
    rp_doc_table(&b->doc, head.n, (const char *const *)head.v);
    for (size_t c = 0; c < cases.n; c++) {
      size_t j = 0;
      double vcore = NAN;
      char id[600], prefix[64];
      snprintf(cells[j++], 512, "%s", cases.v[c]);
      for (size_t i = 0; i < im.n; i++) {
        const double v = cell(p, family, im.v[i], cases.v[c]);
        if ((long)i == core)
          vcore = v;
        rp_num(cells[j++], 512, v);
      }
      if (core >= 0 && glibc >= 0)
        rp_ratio(cells[j++], 512, vcore,
                 cell(p, family, im.v[glibc], cases.v[c]));
      if (core >= 0 && cpy >= 0)
        rp_ratio(cells[j++], 512, vcore,
                 cell(p, family, im.v[cpy], cases.v[c]));
      if (peer)
        rp_ratio(cells[j++], 512, vcore,
                 rp_search_best_peer(p, family, cases.v[c], NULL));
      if (search && core >= 0 && ceiling >= 0)
        rp_ratio(cells[j++], 512, vcore,
                 cell(p, family, im.v[ceiling], cases.v[c]));
      if (small)
        rp_num(cells[j++], 512, core_ns_per_call(p, family, cases.v[c]));
      snprintf(prefix, sizeof prefix, "r-%s", family);
      rp_doc_id(id, sizeof id, prefix, cases.v[c]);
      rp_build_row(b, id, (const char *const *)cells, NULL);
    }
    rp_doc_table_end(&b->doc);
  }
  for (size_t i = 0; cells != NULL && i < head.n; i++)
    free(cells[i]);
  free(cells);
  rp_strs_free(&im);
  rp_strs_free(&cases);
  rp_strs_free(&head);
  return rc;
}

typedef double (*metric_fn)(const rs_bench *b, const char *arg);

static double m_counter(const rs_bench *b, const char *arg) {
  return rp_counter(b, arg);
}
static double m_gbps(const rs_bench *b, const char *arg) {
  (void)arg;
  return rp_gbps(b);
}
static double m_gib(const rs_bench *b, const char *arg) {
  (void)arg;
  return rp_ns_per_gib(b);
}
static double m_time(const rs_bench *b, const char *arg) {
  (void)arg;
  return rp_time_ns(b);
}

typedef struct column {
  const char *head;
  metric_fn fn;
  const char *arg;
} column;

static const column fault_cols[] = {
    {"ns/page", m_counter, "ns_per_page"},
    {"faults/page", m_counter, "faults_per_page"},
    {"major faults/page", m_counter, "major_faults_per_page"},
    {"prep ns/page", m_counter, "prep_ns_per_page"},
    {"prep faults/page", m_counter, "prep_faults_per_page"},
    {NULL, NULL, NULL}};
static const column filemap_cols[] = {
    {"ns/page", m_counter, "ns_per_page"},
    {"faults/page", m_counter, "faults_per_page"},
    {"major faults/page", m_counter, "major_faults_per_page"},
    {"pages/fault", m_counter, "pages_per_fault"},
    {"resident/fault", m_counter, "resident_per_fault"},
    {"resident before", m_counter, "resident_before"},
    {NULL, NULL, NULL}};
static const column gran_cols[] = {{"ns/GiB", m_gib, NULL},
                                   {"GB/s", m_gbps, NULL},
                                   {"maps", m_counter, "maps"},
                                   {NULL, NULL, NULL}};
static const column other_cols[] = {
    {"time ns", m_time, NULL}, {"GB/s", m_gbps, NULL}, {NULL, NULL, NULL}};

/* One row per benchmark of FAMILY (the name without the family). */
static int list_table(rp_build *b, const rp_pool *p, const char *family,
                      const column *cols) {
  rp_strs names = {0};
  const char *head[8];
  char cells[8][512];
  const char *row[8];
  size_t n = 1;
  head[0] = "case";
  for (; cols[n - 1].head != NULL && n < 8; n++)
    head[n] = cols[n - 1].head;
  for (size_t k = 0; k < p->n; k++)
    if (strcmp(p->e[k].b->family, family) == 0 &&
        rp_strs_add(&names, p->e[k].b->name) < 0) {
      rp_strs_free(&names);
      return -1;
    }
  rp_strs_sort(&names);
  for (size_t i = 0; i < n; i++)
    row[i] = cells[i];
  rp_doc_table(&b->doc, n, head);
  for (size_t i = 0; i < names.n; i++) {
    const rs_bench *bench = rp_pool_get(p, names.v[i])->b;
    char id[600], prefix[64];
    rp_name_drop(names.v[i], 0, cells[0], sizeof cells[0]);
    for (size_t c = 1; c < n; c++)
      rp_num(cells[c], sizeof cells[c], cols[c - 1].fn(bench, cols[c - 1].arg));
    snprintf(prefix, sizeof prefix, "r-%s", family);
    rp_doc_id(id, sizeof id, prefix, cells[0]);
    rp_build_row(b, id, row, NULL);
  }
  rp_doc_table_end(&b->doc);
  rp_strs_free(&names);
  return 0;
}

int rp_table_family(rp_build *b, const rp_pool *p, const char *family) {
  if (rp_is_pivot(family))
    return pivot_table(b, p, family);
  if (strcmp(family, "fault") == 0)
    return list_table(b, p, family, fault_cols);
  if (strcmp(family, "filemap") == 0)
    return list_table(b, p, family, filemap_cols);
  if (strcmp(family, "granularity") == 0)
    return list_table(b, p, family, gran_cols);
  return list_table(b, p, family, other_cols);
}

void rp_table_hyperfine(rp_build *b) {
  static const char *const head[] = {"file", "command", "median ms", "mean ms",
                                     "runs"};
  int any = 0;
  for (size_t i = 0; i < b->nres; i++) {
    const rs_result *r = &b->res[i];
    const json_t *results = json_object_get(r->root, "results");
    const char *base = strrchr(r->path, '/');
    size_t k;
    json_t *res;
    if (r->kind != RS_RESULT_HYPERFINE)
      continue;
    if (!any) {
      rp_doc_heading(&b->doc, 2, "hyperfine: whole commands");
      rp_doc_table(&b->doc, 5, head);
      any = 1;
    }
    json_array_foreach(results, k, res) {
      const json_t *times = json_object_get(res, "times");
      const size_t n = json_array_size(times);
      double *t = malloc((n ? n : 1) * sizeof *t);
      char med[64], mean[64], runs[32];
      const char *row[5];
      if (t == NULL)
        continue;
      for (size_t j = 0; j < n; j++) {
        const json_t *v = json_array_get(times, j);
        t[j] = json_is_number(v) ? json_number_value(v) * 1e3 : NAN;
      }
      rp_num(med, sizeof med, rs_median(t, n));
      rp_num(mean, sizeof mean,
             json_is_number(json_object_get(res, "mean"))
                 ? json_number_value(json_object_get(res, "mean")) * 1e3
                 : NAN);
      snprintf(runs, sizeof runs, "%zu", n);
      free(t);
      row[0] = base ? base + 1 : r->path;
      row[1] = json_string_value(json_object_get(res, "command"));
      row[1] = row[1] ? row[1] : "?";
      row[2] = med;
      row[3] = mean;
      row[4] = runs;
      rp_doc_row(&b->doc, row);
    }
  }
  if (any)
    rp_doc_table_end(&b->doc);
}
