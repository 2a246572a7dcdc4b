/* rp_aligned.c - machines side by side (rp_aligned.h). */
#include "rp_aligned.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rp_bcharts.h"
#include "rp_chart.h"
#include "ut_str.h"

typedef struct metric {
  const char *head;
  const char *counter; /* NULL: computed */
  double (*fn)(const rs_bench *b);
} metric;

static const metric fault_m[] = {{"ns/page", "ns_per_page", NULL},
                                 {"faults/page", "faults_per_page", NULL},
                                 {NULL, NULL, NULL}};
static const metric gran_m[] = {{"ns/GiB", NULL, rp_ns_per_gib},
                                {NULL, NULL, NULL}};
static const metric gbps_m[] = {{"GB/s", NULL, rp_gbps}, {NULL, NULL, NULL}};
static const metric time_m[] = {{"ns", NULL, rp_time_ns}, {NULL, NULL, NULL}};

static const metric *metrics_of(const char *family) {
  if (strcmp(family, "fault") == 0)
    return fault_m;
  if (strcmp(family, "granularity") == 0)
    return gran_m;
  if (strcmp(family, "find") == 0 || strcmp(family, "rfind") == 0 ||
      strcmp(family, "move") == 0)
    return gbps_m;
  return time_m;
}

static double value(const metric *mt, const rp_machine *m, const char *name) {
  const rp_entry *e = rp_pool_get(&m->pool, name);
  if (e == NULL)
    return NAN;
  return mt->counter ? rp_counter(e->b, mt->counter) : mt->fn(e->b);
}

int rp_aligned_table(rp_build *b, const rp_machine *m, size_t n,
                     const char *family) {
  const metric *mt = metrics_of(family);
  rp_strs names = {0}, head = {0};
  size_t nm = 0, ncols;
  char **cells = NULL;
  int rc = 0;
  while (mt[nm].head != NULL)
    nm++;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < m[i].pool.n; k++)
      if (strcmp(m[i].pool.e[k].b->family, family) == 0 &&
          rp_strs_intern(&names, m[i].pool.e[k].b->name) < 0)
        rc = -1;
  rp_strs_sort(&names);
  if (rc == 0 && rp_strs_add(&head, "case") < 0)
    rc = -1;
  for (size_t t = 0; rc == 0 && t < nm; t++) {
    for (size_t i = 0; rc == 0 && i < n; i++)
      rc = rp_strs_take(&head, ut_xasprintf("M%zu %s", i + 1, mt[t].head)) < 0
               ? -1
               : 0;
    for (size_t i = 1; rc == 0 && i < n; i++)
      rc = rp_strs_take(&head, ut_xasprintf("M%zu/M1", i + 1)) < 0 ? -1 : 0;
  }
  ncols = head.n;
  if (rc == 0 && (cells = calloc(ncols, sizeof *cells)) == NULL)
    rc = -1;
  for (size_t c = 0; rc == 0 && c < ncols; c++)
    if ((cells[c] = malloc(512)) == NULL)
      rc = -1;
  if (rc == 0) {
    rp_doc_table(&b->doc, ncols, (const char *const *)head.v);
    for (size_t r = 0; r < names.n; r++) {
      size_t c = 0;
      rp_name_drop(names.v[r], 0, cells[c++], 512);
      for (size_t t = 0; t < nm; t++) {
        const double first = value(&mt[t], &m[0], names.v[r]);
        for (size_t i = 0; i < n; i++)
          rp_num(cells[c++], 512, value(&mt[t], &m[i], names.v[r]));
        for (size_t i = 1; i < n; i++)
          rp_ratio(cells[c++], 512, value(&mt[t], &m[i], names.v[r]), first);
      }
      rp_doc_row(&b->doc, (const char *const *)cells);
    }
    rp_doc_table_end(&b->doc);
  }
  for (size_t c = 0; cells != NULL && c < ncols; c++)
    free(cells[c]);
  free(cells);
  rp_strs_free(&names);
  rp_strs_free(&head);
  return rc;
}

/* The page modes of the fault benchmarks of all machines. */
static int fault_pages(const rp_machine *m, size_t n, rp_strs *out) {
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < m[i].pool.n; k++) {
      char v[64];
      if (strcmp(m[i].pool.e[k].b->family, "fault") == 0 &&
          rs_name_param(m[i].pool.e[k].b->name, "page", v, sizeof v) &&
          rp_strs_intern(out, v) < 0)
        return -1;
    }
  rp_strs_sort(out);
  return 0;
}

/* A fault chart of COUNTER: ns per page (NS) or faults per page. */
static int fault_chart(rp_build *b, const rp_machine *m, size_t n,
                       const char *page, const char *counter, int ns) {
  rp_chart c;
  char stem[128];
  int rc = 0;
  snprintf(stem, sizeof stem, "compare-fault-%s-%s",
           ns ? "ns-per-page" : "faults-per-page", page);
  rp_stem(stem, sizeof stem, stem);
  rp_chart_init(&c, RP_BARS, stem);
  for (size_t i = 0; rc == 0 && i < n; i++)
    for (size_t k = 0; rc == 0 && k < m[i].pool.n; k++) {
      const rs_bench *e = m[i].pool.e[k].b;
      char v[64], kind[64], access[64], prep[64], group[200];
      if (strcmp(e->family, "fault") != 0 ||
          !rs_name_param(e->name, "page", v, sizeof v) ||
          strcmp(v, page) != 0 ||
          !rs_name_part(e->name, 1, kind, sizeof kind) ||
          !rs_name_part(e->name, 2, access, sizeof access) ||
          !rs_name_part(e->name, 3, prep, sizeof prep))
        continue;
      snprintf(group, sizeof group, "%s %s %s", kind, access, prep);
      rc = rp_chart_set(&c, group, 0, m[i].label, rp_counter(e, counter));
    }
  snprintf(c.title, sizeof c.title,
           "first-touch faults: %s per kind, access and preparation, %s "
           "pages\nmachines side by side (M1 is the reference)",
           ns ? "ns per page" : "faults per page", page);
  snprintf(c.xlabel, sizeof c.xlabel, "mapping kind, access, preparation");
  snprintf(c.ylabel, sizeof c.ylabel, "%s",
           ns ? "ns per touched page (median)"
              : "page faults per touched page (median)");
  if (rc == 0)
    rc = rp_chart_render(b, &c, NULL, 1);
  rp_chart_free(&c);
  return rc;
}

/* Whether NAME matches FAMILY/core/KIND[/POS]/.../page:4k. */
static int core_case(const char *name, const char *family, const char *kind,
                     const char *pos) {
  char v[64];
  return rs_name_part(name, 0, v, sizeof v) && strcmp(v, family) == 0 &&
         rs_name_part(name, 1, v, sizeof v) && strcmp(v, "core") == 0 &&
         rs_name_part(name, 2, v, sizeof v) && strcmp(v, kind) == 0 &&
         (pos == NULL ||
          (rs_name_part(name, 3, v, sizeof v) && strcmp(v, pos) == 0)) &&
         rs_name_param(name, "page", v, sizeof v) && strcmp(v, "4k") == 0;
}

/* A line chart of core's GB/s against KEY, one line per machine, for the
 * benchmarks FAMILY/core/KIND[/POS] at 4k pages (and hay:HAY if > 0). */
static int line_chart(rp_build *b, const rp_machine *m, size_t n,
                      const char *family, const char *kind, const char *pos,
                      const char *key, int64_t hay, const char *xlabel) {
  rp_chart c;
  char stem[128], hs[32];
  int rc = 0;
  snprintf(stem, sizeof stem, "compare-%s-%s-%s", family, key, kind);
  rp_stem(stem, sizeof stem, stem);
  rp_chart_init(&c, RP_LINES, stem);
  for (size_t i = 0; rc == 0 && i < n; i++)
    for (size_t k = 0; rc == 0 && k < m[i].pool.n; k++) {
      const rs_bench *e = m[i].pool.e[k].b;
      int64_t x, h;
      if (!core_case(e->name, family, kind, pos) ||
          !rs_name_param_int(e->name, key, &x) ||
          (hay > 0 && (!rs_name_param_int(e->name, "hay", &h) || h != hay)))
        continue;
      rc = rp_chart_set(&c, NULL, (double)x, m[i].label, rp_gbps(e));
    }
  rp_bytes(hs, sizeof hs, (double)hay);
  snprintf(c.title, sizeof c.title,
           "%s (core) throughput: %s%s%s%s%s, 4k pages\nmachines side by side "
           "(M1 is the reference)",
           family, kind, pos ? ", " : "", pos ? pos : "",
           hay > 0 ? ", haystack " : "", hay > 0 ? hs : "");
  snprintf(c.xlabel, sizeof c.xlabel, "%s", xlabel);
  snprintf(c.ylabel, sizeof c.ylabel, "throughput (GB/s, median)");
  c.logx = 1;
  c.xbytes = strcmp(key, "size") == 0;
  if (rc == 0)
    rc = rp_chart_render(b, &c, NULL, 2);
  rp_chart_free(&c);
  return rc;
}

/* The largest hay:N of find/core/random/miss at 4k on machine M1. */
static int64_t largest_hay(const rp_machine *m) {
  int64_t best = 0, h;
  for (size_t k = 0; k < m->pool.n; k++)
    if (core_case(m->pool.e[k].b->name, "find", "random", "miss") &&
        rs_name_param_int(m->pool.e[k].b->name, "hay", &h) && h > best)
      best = h;
  return best;
}

/* NAME with its "page:MODE" part made "page:*" into BUF; 0 if it has none.
 */
static int page_free(const char *name, char *buf, size_t len) {
  char part[128];
  size_t used = 0;
  int found = 0;
  buf[0] = '\0';
  for (size_t k = 0; rs_name_part(name, k, part, sizeof part); k++) {
    const int page = strncmp(part, "page:", 5) == 0;
    found |= page;
    used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
                             k ? "/" : "", page ? "page:*" : part);
    if (used >= len)
      return 0;
  }
  return found;
}

/* Whether B is one of the page-mode cases: core find or rfind of random
 * data without a match, core move of disjoint ranges. */
static int page_mode_case(const rs_bench *b) {
  char kind[64], pos[64];
  if (strcmp(b->impl, "core") != 0 ||
      !rs_name_part(b->name, 2, kind, sizeof kind))
    return 0;
  if (strcmp(b->family, "move") == 0)
    return strcmp(kind, "disjoint") == 0;
  return (strcmp(b->family, "find") == 0 || strcmp(b->family, "rfind") == 0) &&
         strcmp(kind, "random") == 0 &&
         rs_name_part(b->name, 3, pos, sizeof pos) && strcmp(pos, "miss") == 0;
}

/* Core's find and rfind (random, miss) and move (disjoint) throughput for
 * every such case M1 measured in two or more page modes: a group per case
 * and page mode, one bar per machine. */
static int page_mode_chart(rp_build *b, const rp_machine *m, size_t n) {
  rp_strs seen = {0}, multi = {0};
  rp_chart c;
  int rc = 0;
  for (size_t k = 0; rc == 0 && k < m[0].pool.n; k++) {
    const rs_bench *e = m[0].pool.e[k].b;
    char key[512];
    if (!page_mode_case(e) || !page_free(e->name, key, sizeof key))
      continue;
    if (rp_strs_find(&seen, key) >= 0)
      rc = rp_strs_intern(&multi, key) < 0 ? -1 : 0;
    else
      rc = rp_strs_add(&seen, key) < 0 ? -1 : 0;
  }
  rp_chart_init(&c, RP_BARS, "compare-page-modes");
  for (size_t i = 0; rc == 0 && i < n; i++)
    for (size_t k = 0; rc == 0 && k < m[i].pool.n; k++) {
      const rs_bench *e = m[i].pool.e[k].b;
      char key[512], group[512];
      if (strcmp(e->impl, "core") != 0 ||
          !page_free(e->name, key, sizeof key) || rp_strs_find(&multi, key) < 0)
        continue;
      rp_name_drop(e->name, 1, group, sizeof group);
      rc = rp_chart_set(&c, group, 0, m[i].label, rp_gbps(e));
    }
  snprintf(c.title, sizeof c.title,
           "core throughput per page mode: find and rfind of random data "
           "(no match), move of disjoint ranges\nmachines side by side (M1 "
           "is the reference)");
  snprintf(c.xlabel, sizeof c.xlabel, "benchmark (page mode in the name)");
  snprintf(c.ylabel, sizeof c.ylabel, "throughput (GB/s, median)");
  if (rc == 0 && multi.n == 0)
    rp_build_skip(b, "compare-page-modes",
                  "M1 has no core find/rfind random miss or move disjoint case "
                  "in two page modes");
  else if (rc == 0)
    rc = rp_chart_render(b, &c, NULL, 1);
  rp_chart_free(&c);
  rp_strs_free(&seen);
  rp_strs_free(&multi);
  return rc;
}

int rp_aligned_charts(rp_build *b, const rp_machine *m, size_t n) {
  rp_strs pages = {0};
  int64_t hay = largest_hay(&m[0]);
  int rc = fault_pages(m, n, &pages);
  for (size_t i = 0; rc == 0 && i < pages.n; i++) {
    rc = fault_chart(b, m, n, pages.v[i], "ns_per_page", 1);
    if (rc == 0)
      rc = fault_chart(b, m, n, pages.v[i], "faults_per_page", 0);
  }
  if (pages.n == 0)
    rp_build_skip(b, "compare-fault-*", "no fault benchmarks in the inputs");
  rp_strs_free(&pages);
  if (rc == 0 && hay > 0)
    rc = line_chart(b, m, n, "find", "random", "miss", "needle", hay,
                    "needle length (bytes)");
  else if (rc == 0)
    rp_build_skip(b, "compare-find-needle-random",
                  "no find/core/random/miss benchmarks at 4k pages on M1");
  if (rc == 0)
    rc =
        line_chart(b, m, n, "move", "disjoint", NULL, "size", 0, "bytes moved");
  if (rc == 0)
    rc = page_mode_chart(b, m, n);
  return rc;
}

/* The results of M's hyperfine files by command (a jansson object:
 * command -> its first result), so that aligning commands stays linear. */
static json_t *hf_by_command(const rp_machine *m) {
  json_t *map = json_object();
  for (size_t f = 0; map != NULL && f < m->nhf; f++) {
    size_t k;
    json_t *res;
    json_array_foreach(json_object_get(m->hf[f]->root, "results"), k, res) {
      const char *c = json_string_value(json_object_get(res, "command"));
      if (c == NULL || json_object_get(map, c) != NULL)
        continue;
      if (json_object_set_nocheck(map, c, res) != 0) {
        json_decref(map);
        return NULL;
      }
    }
  }
  return map;
}

/* The median of the "times" of COMMAND's result in MAP (hf_by_command),
 * in ms; NAN if there is none. */
static double hf_median(const json_t *map, const char *command) {
  const json_t *times = json_object_get(json_object_get(map, command), "times");
  const size_t nt = json_array_size(times);
  double *t, med;
  if (times == NULL || (t = malloc((nt ? nt : 1) * sizeof *t)) == NULL)
    return NAN;
  for (size_t j = 0; j < nt; j++) {
    const json_t *v = json_array_get(times, j);
    t[j] = json_is_number(v) ? json_number_value(v) * 1e3 : NAN;
  }
  med = rs_median(t, nt);
  free(t);
  return med;
}

/* The table head: "command", the machines' medians, their ratios to M1. */
static int hf_head(rp_strs *head, size_t n) {
  int rc = rp_strs_add(head, "command") < 0 ? -1 : 0;
  for (size_t i = 0; rc == 0 && i < n; i++)
    rc = rp_strs_take(head, ut_xasprintf("M%zu median ms", i + 1)) < 0 ? -1 : 0;
  for (size_t i = 1; rc == 0 && i < n; i++)
    rc = rp_strs_take(head, ut_xasprintf("M%zu/M1", i + 1)) < 0 ? -1 : 0;
  return rc;
}

static void hf_rows(rp_build *b, json_t *const *maps, size_t n,
                    const rp_strs *cmds, char (*cells)[64], const char **row) {
  for (size_t r = 0; r < cmds->n; r++) {
    const double first = hf_median(maps[0], cmds->v[r]);
    row[0] = cmds->v[r];
    for (size_t i = 0; i < n; i++) {
      const double v = hf_median(maps[i], cmds->v[r]);
      rp_num(cells[i + 1], sizeof cells[i + 1], v);
      row[i + 1] = cells[i + 1];
      if (i > 0) {
        rp_ratio(cells[n + i], sizeof cells[n + i], v, first);
        row[n + i] = cells[n + i];
      }
    }
    rp_doc_row(&b->doc, row);
  }
}

int rp_aligned_hyperfine(rp_build *b, const rp_machine *m, size_t n) {
  rp_strs cmds = {0}, head = {0};
  json_t **maps = calloc(n ? n : 1, sizeof *maps);
  char(*cells)[64] = NULL;
  const char **row = NULL;
  int rc = maps != NULL ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    const char *c;
    json_t *res;
    if ((maps[i] = hf_by_command(&m[i])) == NULL)
      rc = -1;
    json_object_foreach(maps[i], c, res) {
      if (rc == 0 && rp_strs_intern(&cmds, c) < 0)
        rc = -1;
    }
  }
  if (rc == 0 && cmds.n > 0) {
    rc = hf_head(&head, n);
    if (rc == 0 && ((cells = calloc(head.n, sizeof *cells)) == NULL ||
                    (row = calloc(head.n, sizeof *row)) == NULL))
      rc = -1;
    if (rc == 0) {
      rp_doc_heading(&b->doc, 2, "hyperfine: whole commands per machine");
      rp_doc_table(&b->doc, head.n, (const char *const *)head.v);
      hf_rows(b, maps, n, &cmds, cells, row);
      rp_doc_table_end(&b->doc);
    }
  }
  for (size_t i = 0; maps != NULL && i < n; i++)
    json_decref(maps[i]);
  free(maps);
  free(cells);
  free(row);
  rp_strs_free(&cmds);
  rp_strs_free(&head);
  return rc;
}
