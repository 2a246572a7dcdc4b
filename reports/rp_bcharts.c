/* rp_bcharts.c - the report's benchmark charts (rp_bcharts.h). */
#include "rp_bcharts.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rp_chart.h"

void rp_stem(char *buf, size_t len, const char *s) {
  size_t i = 0;
  for (; s[i] != '\0' && i + 1 < len; i++)
    buf[i] =
        isalnum((unsigned char)s[i]) || s[i] == '.' || s[i] == '-' ? s[i] : '-';
  buf[i] = '\0';
}

/* Whether E is of FAMILY with part 2 KIND (NULL: any). */
static int is(const rp_entry *e, const char *family, const char *kind) {
  char part[128];
  return strcmp(e->b->family, family) == 0 &&
         (kind == NULL || (rs_name_part(e->b->name, 2, part, sizeof part) &&
                           strcmp(part, kind) == 0));
}

/* PREFER if some entry of FAMILY/KIND has part I (or param KEY) equal to
 * it, else the first value seen, into BUF; 0 if there is none. */
static int choose(const rp_pool *p, const char *family, const char *kind,
                  size_t i, const char *key, const char *prefer, char *buf,
                  size_t len) {
  char v[128];
  int found = 0;
  for (size_t k = 0; k < p->n; k++) {
    const char *n = p->e[k].b->name;
    if (!is(&p->e[k], family, kind) ||
        !(key ? rs_name_param(n, key, v, sizeof v)
              : rs_name_part(n, i, v, sizeof v)))
      continue;
    if (!found || strcmp(v, prefer) == 0)
      snprintf(buf, len, "%s", v);
    found = 1;
    if (strcmp(v, prefer) == 0)
      return 1;
  }
  return found;
}

static const char *pos_text(const char *pos) {
  return strcmp(pos, "miss") == 0  ? "needle absent"
         : strcmp(pos, "end") == 0 ? "needle at the end"
                                   : pos;
}

/* One search chart: AXIS ("needle" or "hay") varies, FIXED_KEY=FIXED. */
static int search_chart(rp_build *b, const rp_pool *p, const char *family,
                        const char *kind, const char *pos, const char *page,
                        const char *axis, const char *fixed_key,
                        int64_t fixed) {
  rp_chart c;
  char stem[128], machine[256], fixed_text[64], v[64];
  int rc;
  snprintf(stem, sizeof stem, "%s-%s-%s", family,
           strcmp(axis, "needle") == 0 ? "needle" : "haystack", kind);
  rp_stem(stem, sizeof stem, stem);
  rp_chart_init(&c, RP_LINES, stem);
  for (size_t k = 0; k < p->n; k++) {
    const rp_entry *e = &p->e[k];
    int64_t x, f;
    if (!is(e, family, kind) || !rs_name_part(e->b->name, 3, v, sizeof v) ||
        strcmp(v, pos) != 0 ||
        !rs_name_param(e->b->name, "page", v, sizeof v) ||
        strcmp(v, page) != 0 || !rs_name_param_int(e->b->name, axis, &x) ||
        !rs_name_param_int(e->b->name, fixed_key, &f) || f != fixed)
      continue;
    if (rp_chart_set(&c, NULL, (double)x, e->b->impl, rp_gbps(e->b)) != 0) {
      rp_chart_free(&c);
      return -1;
    }
  }
  rp_pool_machine(p, family, machine, sizeof machine);
  if (strcmp(fixed_key, "hay") == 0)
    rp_bytes(fixed_text, sizeof fixed_text, (double)fixed);
  else
    snprintf(fixed_text, sizeof fixed_text, "%lld", (long long)fixed);
  snprintf(c.title, sizeof c.title,
           "%s throughput vs %s: %s data, %s, %s %s, %s pages\n%s", family,
           strcmp(axis, "needle") == 0 ? "needle length" : "haystack size",
           kind, pos_text(pos),
           strcmp(fixed_key, "hay") == 0 ? "haystack" : "needle", fixed_text,
           page, machine);
  snprintf(c.xlabel, sizeof c.xlabel, "%s",
           strcmp(axis, "needle") == 0 ? "needle length (bytes)"
                                       : "haystack size (bytes)");
  snprintf(c.ylabel, sizeof c.ylabel, "throughput (GB/s, median)");
  c.logx = 1;
  c.xbytes = strcmp(axis, "hay") == 0;
  rc = rp_chart_render(b, &c, NULL, 2);
  rp_chart_free(&c);
  return rc;
}

/* The largest (LARGEST) or the PREFER value of KEY among the matching
 * entries; 0 if none. */
static int64_t pick(const rp_pool *p, const char *family, const char *kind,
                    const char *key, int64_t prefer) {
  int64_t best = 0, v;
  for (size_t k = 0; k < p->n; k++)
    if (is(&p->e[k], family, kind) &&
        rs_name_param_int(p->e[k].b->name, key, &v)) {
      if (v == prefer)
        return v;
      if (v > best)
        best = v;
    }
  return best;
}

int rp_charts_search(rp_build *b, const rp_pool *p, const char *family) {
  rp_strs kinds = {0};
  int rc = rp_pool_parts(p, family, 2, &kinds);
  for (size_t i = 0; rc == 0 && i < kinds.n; i++) {
    char pos[128], page[128];
    int64_t hay, needle;
    if (!choose(p, family, kinds.v[i], 3, NULL, "miss", pos, sizeof pos) ||
        !choose(p, family, kinds.v[i], 0, "page", "4k", page, sizeof page))
      continue;
    hay = pick(p, family, kinds.v[i], "hay", INT64_MAX);
    needle = pick(p, family, kinds.v[i], "needle", 16);
    rc =
        search_chart(b, p, family, kinds.v[i], pos, page, "needle", "hay", hay);
    if (rc == 0)
      rc = search_chart(b, p, family, kinds.v[i], pos, page, "hay", "needle",
                        needle);
  }
  rp_strs_free(&kinds);
  return rc;
}

int rp_charts_move(rp_build *b, const rp_pool *p) {
  rp_strs kinds = {0};
  char machine[256];
  int rc = rp_pool_parts(p, "move", 2, &kinds);
  rp_pool_machine(p, "move", machine, sizeof machine);
  for (size_t i = 0; rc == 0 && i < kinds.n; i++) {
    rp_chart c;
    char stem[128], page[128], v[64];
    if (!choose(p, "move", kinds.v[i], 0, "page", "4k", page, sizeof page))
      continue;
    snprintf(stem, sizeof stem, "move-%s", kinds.v[i]);
    rp_stem(stem, sizeof stem, stem);
    rp_chart_init(&c, RP_LINES, stem);
    for (size_t k = 0; rc == 0 && k < p->n; k++) {
      const rp_entry *e = &p->e[k];
      int64_t size;
      if (is(e, "move", kinds.v[i]) &&
          rs_name_param(e->b->name, "page", v, sizeof v) &&
          strcmp(v, page) == 0 && rs_name_param_int(e->b->name, "size", &size))
        rc = rp_chart_set(&c, NULL, (double)size,
                          strcmp(e->b->impl, "glibc") == 0 ? "glibc memmove"
                                                           : e->b->impl,
                          rp_gbps(e->b));
    }
    snprintf(c.title, sizeof c.title,
             "move throughput vs size: %s, %s pages\n%s", kinds.v[i], page,
             machine);
    snprintf(c.xlabel, sizeof c.xlabel, "bytes moved");
    snprintf(c.ylabel, sizeof c.ylabel, "throughput (GB/s, median)");
    c.logx = c.xbytes = 1;
    if (rc == 0)
      rc = rp_chart_render(b, &c, NULL, 2);
    rp_chart_free(&c);
  }
  rp_strs_free(&kinds);
  return rc;
}

/* One fault chart of page mode PAGE: COUNTER per kind/access and prep. */
static int fault_chart(rp_build *b, const rp_pool *p, const char *page,
                       const char *counter, const char *stem_part,
                       const char *what, const char *ylabel) {
  rp_chart c;
  char stem[128], machine[256], v[64];
  int rc = 0;
  snprintf(stem, sizeof stem, "fault-%s-%s", stem_part, page);
  rp_stem(stem, sizeof stem, stem);
  rp_chart_init(&c, RP_BARS, stem);
  for (size_t k = 0; rc == 0 && k < p->n; k++) {
    const rp_entry *e = &p->e[k];
    char kind[64], access[64], prep[64], group[160];
    if (!is(e, "fault", NULL) ||
        !rs_name_param(e->b->name, "page", v, sizeof v) ||
        strcmp(v, page) != 0 ||
        !rs_name_part(e->b->name, 1, kind, sizeof kind) ||
        !rs_name_part(e->b->name, 2, access, sizeof access) ||
        !rs_name_part(e->b->name, 3, prep, sizeof prep))
      continue;
    snprintf(group, sizeof group, "%s %s", kind, access);
    rc = rp_chart_set(&c, group, 0, prep, rp_counter(e->b, counter));
  }
  rp_pool_machine(p, "fault", machine, sizeof machine);
  snprintf(c.title, sizeof c.title,
           "first-touch faults: %s by mapping kind and preparation, %s "
           "pages\n%s",
           what, page, machine);
  snprintf(c.xlabel, sizeof c.xlabel, "mapping kind and access");
  snprintf(c.ylabel, sizeof c.ylabel, "%s", ylabel);
  if (rc == 0)
    rc = rp_chart_render(b, &c, NULL, 1);
  rp_chart_free(&c);
  return rc;
}

int rp_charts_fault(rp_build *b, const rp_pool *p) {
  rp_strs pages = {0};
  int rc = 0;
  for (size_t k = 0; rc == 0 && k < p->n; k++) {
    char v[64];
    if (is(&p->e[k], "fault", NULL) &&
        rs_name_param(p->e[k].b->name, "page", v, sizeof v) &&
        rp_strs_intern(&pages, v) < 0)
      rc = -1;
  }
  for (size_t i = 0; rc == 0 && i < pages.n; i++) {
    rc = fault_chart(b, p, pages.v[i], "ns_per_page", "ns-per-page",
                     "ns per page", "ns per touched page (median)");
    if (rc == 0)
      rc = fault_chart(b, p, pages.v[i], "faults_per_page", "faults-per-page",
                       "faults per page",
                       "page faults per touched page (median)");
  }
  rp_strs_free(&pages);
  return rc;
}

int rp_charts_granularity(rp_build *b, const rp_pool *p) {
  rp_chart c;
  char machine[256];
  int rc = 0;
  rp_chart_init(&c, RP_LINES, "granularity-scan");
  for (size_t k = 0; rc == 0 && k < p->n; k++) {
    const rp_entry *e = &p->e[k];
    char series[128], align[64];
    int64_t window, a;
    if (!is(e, "granularity", "scan") ||
        !rs_name_param_int(e->b->name, "window", &window))
      continue;
    if (rs_name_param_int(e->b->name, "align", &a)) {
      rp_bytes(align, sizeof align, (double)a);
      snprintf(series, sizeof series, "%s, windows at %s", e->b->impl, align);
    } else
      snprintf(series, sizeof series, "%s", e->b->impl);
    rc = rp_chart_set(&c, NULL, (double)window, series, rp_ns_per_gib(e->b));
  }
  rp_pool_machine(p, "granularity", machine, sizeof machine);
  snprintf(c.title, sizeof c.title,
           "granularity: cost of scanning a file through windows\n%s", machine);
  snprintf(c.xlabel, sizeof c.xlabel, "window size (bytes)");
  snprintf(c.ylabel, sizeof c.ylabel, "ns per GiB scanned (median)");
  c.logx = c.xbytes = 1;
  if (rc == 0)
    rc = rp_chart_render(b, &c, NULL, 2);
  rp_chart_free(&c);
  return rc;
}
