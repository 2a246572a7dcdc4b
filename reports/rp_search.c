/* rp_search.c - the section "Search against the fastest engines"
 * (rp_search.h). */
#include "rp_search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_str.h"

/* The engines a best peer is chosen from. */
static const char *const peers[] = {"glibc",   "stringzilla", "rust-memchr",
                                    "cpython", "pypy",        NULL};

/* The search grid of mmaplab-bench --search. */
static const char *const kinds[] = {"random",   "text",        "dna", "binary",
                                    "periodic", "periodic-ab", NULL};
#define NHAYS 4
static const long long hays[NHAYS] = {64, 1024, 1 << 20, 64 << 20};
static const char *const hay_heads[NHAYS] = {"64 B", "1 KiB", "1 MiB",
                                             "64 MiB"};
#define NNEEDLES 9
static const long long needles[NNEEDLES] = {2,  4,   8,    16,  32,
                                            64, 256, 1024, 4096};
#define HAY_64MIB 3 /* hays[HAY_64MIB] */

#define CELL 64 /* a table cell's text */

static void case_name(char *buf, size_t len, const char *data, long long hay,
                      long long nlen) {
  snprintf(buf, len, "%s/miss/page:4k/hay:%lld/needle:%lld", data, hay, nlen);
}

static const rs_bench *row(const rp_pool *p, const char *family,
                           const char *impl, const char *kase) {
  char name[512];
  const rp_entry *e;
  snprintf(name, sizeof name, "%s/%s/%s", family, impl, kase);
  e = rp_pool_get(p, name);
  return e != NULL ? e->b : NULL;
}

static double gbps(const rp_pool *p, const char *family, const char *impl,
                   const char *kase) {
  const rs_bench *b = row(p, family, impl, kase);
  return b != NULL ? rp_gbps(b) : NAN;
}

int rp_search_is_peer(const char *impl) {
  for (size_t i = 0; peers[i] != NULL; i++)
    if (strcmp(impl, peers[i]) == 0)
      return 1;
  return 0;
}

double rp_search_best_peer(const rp_pool *p, const char *family,
                           const char *kase, const char **which) {
  double best = NAN;
  const char *name = NULL;
  for (size_t i = 0; peers[i] != NULL; i++) {
    const double v = gbps(p, family, peers[i], kase);
    if (!isnan(v) && (isnan(best) || v > best))
      best = v, name = peers[i];
  }
  if (which != NULL)
    *which = name;
  return best;
}

int rp_search_small_hay(const char *kase) {
  const char *h = strstr(kase, "/hay:");
  return h != NULL && strtoll(h + 5, NULL, 10) < 4096;
}

double rp_search_ns_per_call(const rs_bench *b) {
  const double v = rp_counter(b, "ns_per_call");
  return isnan(v) ? rp_time_ns(b) : v;
}

/* 1 if B is a peer's find or rfind row, the needle absent, in page mode
 * 4k. */
static int peer_row(const rs_bench *b) {
  if (strcmp(b->family, "find") != 0 && strcmp(b->family, "rfind") != 0)
    return 0;
  return strstr(b->name, "/miss/page:4k/") != NULL &&
         rp_search_is_peer(b->impl);
}

/* "glibc, stringzilla": the peers with a row in P; a new string. */
static char *peers_present(const rp_pool *p) {
  ut_str s = {0};
  for (size_t i = 0; peers[i] != NULL; i++)
    for (size_t k = 0; k < p->n; k++)
      if (peer_row(p->e[k].b) && strcmp(p->e[k].b->impl, peers[i]) == 0) {
        ut_str_addf(&s, "%s%s", s.len ? ", " : "", peers[i]);
        break;
      }
  return s.data;
}

/* Writes the list LINES (or the paragraph NONE when it is empty). */
static void list_or(rp_build *b, const rp_strs *lines, const char *none) {
  if (lines->n == 0) {
    rp_doc_para(&b->doc, none);
    return;
  }
  rp_doc_list(&b->doc);
  for (size_t i = 0; i < lines->n; i++) {
    rp_doc_item(&b->doc);
    rp_doc_text(&b->doc, lines->v[i]);
    rp_doc_item_end(&b->doc);
  }
  rp_doc_list_end(&b->doc);
}

/* 1 if a cell of FAMILY's search grid has a core and a peer row. */
static int peer_cells(const rp_pool *p, const char *family) {
  for (size_t d = 0; kinds[d] != NULL; d++)
    for (size_t h = 0; h < NHAYS; h++)
      for (size_t n = 0; n < NNEEDLES; n++) {
        char kase[256];
        case_name(kase, sizeof kase, kinds[d], hays[h], needles[n]);
        if (row(p, family, "core", kase) != NULL &&
            !isnan(rp_search_best_peer(p, family, kase, NULL)))
          return 1;
      }
  return 0;
}

/* FAMILY's grid of core / best peer and the cells below the target. */
static int peer_grid(rp_build *b, const rp_pool *p, const char *family) {
  const char *head[2 + NHAYS] = {"data", "needle"};
  char cells[2 + NHAYS][CELL], *t;
  const char *cellp[2 + NHAYS];
  rp_strs below = {0};
  size_t ncells = 0;
  int rc = 0;
  for (size_t h = 0; h < NHAYS; h++)
    head[2 + h] = hay_heads[h];
  for (size_t i = 0; i < 2 + NHAYS; i++)
    cellp[i] = cells[i];
  t = ut_xasprintf("%s: core / best peer", family);
  rp_doc_heading(&b->doc, 3, t);
  free(t);
  if (!peer_cells(p, family)) {
    t = ut_xasprintf("%s: no peer has a row in the search grid.", family);
    rp_doc_para(&b->doc, t);
    free(t);
    return 0;
  }
  rp_doc_table(&b->doc, 2 + NHAYS, head);
  for (size_t d = 0; kinds[d] != NULL; d++)
    for (size_t n = 0; n < NNEEDLES; n++) {
      int any = 0;
      snprintf(cells[0], CELL, "%s", kinds[d]);
      snprintf(cells[1], CELL, "%lld", needles[n]);
      for (size_t h = 0; h < NHAYS; h++) {
        char kase[256];
        const char *which;
        double core, peer;
        case_name(kase, sizeof kase, kinds[d], hays[h], needles[n]);
        core = gbps(p, family, "core", kase);
        peer = rp_search_best_peer(p, family, kase, &which);
        rp_ratio(cells[2 + h], CELL, core, peer);
        if (isnan(core) || isnan(peer) || peer == 0)
          continue;
        any = 1;
        ncells++;
        if (core / peer < RP_SEARCH_PEER_TARGET &&
            rp_strs_take(&below,
                         ut_xasprintf("%s needle %lld, hay %s: %.2fx %s",
                                      kinds[d], needles[n], hay_heads[h],
                                      core / peer, which)) < 0)
          rc = -1;
      }
      if (any)
        rp_doc_row(&b->doc, cellp);
    }
  rp_doc_table_end(&b->doc);
  t = ut_xasprintf("%s: %zu of %zu cells below %.2fx the best peer%s", family,
                   below.n, ncells, RP_SEARCH_PEER_TARGET, below.n ? ":" : ".");
  if (below.n)
    rp_doc_para(&b->doc, t);
  list_or(b, &below, t);
  free(t);
  rp_strs_free(&below);
  return rc;
}

/* 1 if DATA's 64 MiB cells have the ceiling target (random, text,
 * periodic; dna and binary have the best peer's). */
static int ceiling_kind(const char *data) {
  return strcmp(data, "random") == 0 || strcmp(data, "text") == 0 ||
         strcmp(data, "periodic") == 0;
}

/* FAMILY's 64 MiB cells: core / ceiling in percent, the cells of the
 * ceiling kinds below the target listed. Nothing without ceiling rows. */
static int ceiling_grid(rp_build *b, const rp_pool *p, const char *family) {
  const char *head[1 + NNEEDLES] = {"data"};
  char cells[1 + NNEEDLES][CELL], heads[NNEEDLES][CELL], *t;
  const char *cellp[1 + NNEEDLES];
  rp_strs below = {0};
  int rc = 0, any = 0;
  for (size_t d = 0; kinds[d] != NULL && !any; d++)
    for (size_t n = 0; n < NNEEDLES && !any; n++) {
      char kase[256];
      case_name(kase, sizeof kase, kinds[d], hays[HAY_64MIB], needles[n]);
      any = row(p, family, "ceiling", kase) != NULL;
    }
  if (!any)
    return 0;
  for (size_t n = 0; n < NNEEDLES; n++) {
    snprintf(heads[n], CELL, "needle %lld", needles[n]);
    head[1 + n] = heads[n];
  }
  for (size_t i = 0; i < 1 + NNEEDLES; i++)
    cellp[i] = cells[i];
  t = ut_xasprintf("%s: core / read ceiling at 64 MiB (%%)", family);
  rp_doc_heading(&b->doc, 3, t);
  free(t);
  rp_doc_table(&b->doc, 1 + NNEEDLES, head);
  for (size_t d = 0; kinds[d] != NULL; d++) {
    int shown = 0;
    snprintf(cells[0], CELL, "%s", kinds[d]);
    for (size_t n = 0; n < NNEEDLES; n++) {
      char kase[256];
      double core, ceil;
      case_name(kase, sizeof kase, kinds[d], hays[HAY_64MIB], needles[n]);
      core = gbps(p, family, "core", kase);
      ceil = gbps(p, family, "ceiling", kase);
      if (isnan(core) || isnan(ceil) || ceil == 0) {
        snprintf(cells[1 + n], CELL, "-");
        continue;
      }
      shown = 1;
      snprintf(cells[1 + n], CELL, "%.0f", 100 * core / ceil);
      if (ceiling_kind(kinds[d]) && core / ceil < RP_SEARCH_CEILING_TARGET &&
          rp_strs_take(
              &below, ut_xasprintf("%s needle %lld: %.0f%% (%.1f of %.1f GB/s)",
                                   kinds[d], needles[n], 100 * core / ceil,
                                   core, ceil)) < 0)
        rc = -1;
    }
    if (shown)
      rp_doc_row(&b->doc, cellp);
  }
  rp_doc_table_end(&b->doc);
  t = ut_xasprintf("%s at 64 MiB: %zu cells of random, text and periodic "
                   "data below %.0f%% of the read ceiling%s",
                   family, below.n, 100 * RP_SEARCH_CEILING_TARGET,
                   below.n ? ":" : ".");
  if (below.n)
    rp_doc_para(&b->doc, t);
  list_or(b, &below, t);
  free(t);
  rp_strs_free(&below);
  return rc;
}

/* FAMILY's ns per call at 64 bytes on random data, against the target and
 * the best peer. Nothing without such core rows. */
static int small_calls(rp_build *b, const rp_pool *p, const char *family) {
  static const char *const head[] = {"needle", "core ns/call",
                                     "best peer ns/call", "best peer"};
  char cells[4][CELL], *t;
  const char *cellp[4] = {cells[0], cells[1], cells[2], cells[3]};
  rp_strs over = {0};
  int rc = 0, any = 0;
  for (size_t n = 0; n < NNEEDLES && needles[n] <= hays[0]; n++) {
    const rs_bench *core, *peer;
    const char *which;
    char kase[256];
    case_name(kase, sizeof kase, "random", hays[0], needles[n]);
    if ((core = row(p, family, "core", kase)) == NULL)
      continue;
    if (!any) {
      t = ut_xasprintf("%s: ns per call, 64-byte haystack, random data",
                       family);
      rp_doc_heading(&b->doc, 3, t);
      free(t);
      rp_doc_table(&b->doc, 4, head);
      any = 1;
    }
    (void)rp_search_best_peer(p, family, kase, &which);
    peer = which != NULL ? row(p, family, which, kase) : NULL;
    snprintf(cells[0], CELL, "%lld", needles[n]);
    rp_num(cells[1], CELL, rp_search_ns_per_call(core));
    rp_num(cells[2], CELL, peer ? rp_search_ns_per_call(peer) : NAN);
    snprintf(cells[3], CELL, "%s", which ? which : "-");
    rp_doc_row(&b->doc, cellp);
    if (rp_search_ns_per_call(core) > RP_SEARCH_NS_TARGET &&
        rp_strs_take(&over, ut_xasprintf("needle %lld: %.1f ns", needles[n],
                                         rp_search_ns_per_call(core))) < 0)
      rc = -1;
  }
  if (!any)
    return 0;
  rp_doc_table_end(&b->doc);
  t = ut_xasprintf("%s at 64 bytes: %zu needles over %.0f ns per call%s",
                   family, over.n, RP_SEARCH_NS_TARGET, over.n ? ":" : ".");
  if (over.n)
    rp_doc_para(&b->doc, t);
  list_or(b, &over, t);
  free(t);
  rp_strs_free(&over);
  return rc;
}

/* 1 if P has a core row of FAMILY in the search grid. */
static int family_present(const rp_pool *p, const char *family) {
  for (size_t d = 0; kinds[d] != NULL; d++)
    for (size_t h = 0; h < NHAYS; h++)
      for (size_t n = 0; n < NNEEDLES; n++) {
        char kase[256];
        case_name(kase, sizeof kase, kinds[d], hays[h], needles[n]);
        if (row(p, family, "core", kase) != NULL)
          return 1;
      }
  return 0;
}

int rp_search_section(rp_build *b, const rp_pool *p) {
  static const char *const families[] = {"find", "rfind"};
  char *present = peers_present(p), *t;
  int rc = 0;
  if (present == NULL)
    return 0; /* no peer row */
  rp_doc_heading_id(&b->doc, 2, "t-search",
                    "Search against the fastest engines");
  t = ut_xasprintf(
      "The needle absent, page mode 4k (mmaplab-bench --search). core / best "
      "peer per cell, the best peer being the fastest of glibc, stringzilla, "
      "rust-memchr, cpython and pypy with a row in the cell (here: %s). "
      "Targets: at least %.2fx the best peer in every cell; at 64 MiB at "
      "least %.0f%% of the read ceiling (the row \"ceiling\": memchr of an "
      "absent byte) on random, text and periodic data; at most %.0f ns per "
      "call at 64 bytes on random data.",
      present, RP_SEARCH_PEER_TARGET, 100 * RP_SEARCH_CEILING_TARGET,
      RP_SEARCH_NS_TARGET);
  rp_doc_para(&b->doc, t);
  free(t);
  free(present);
  for (size_t f = 0; rc == 0 && f < 2; f++) {
    if (!family_present(p, families[f]))
      continue;
    rc = peer_grid(b, p, families[f]);
    if (rc == 0)
      rc = ceiling_grid(b, p, families[f]);
    if (rc == 0)
      rc = small_calls(b, p, families[f]);
  }
  return rc;
}
