/* rp_pages_fault.c - the profile's rules on fault rows (rp_pages.h):
 * first-write, default-page, populate, and the anomalies lazy-backing and
 * default-vs-setting. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rp_pages_rules.h"

/* The page modes in the order the sentences name them (others are not
 * read): base pages, each anonymous mTHP size, PMD THP, hugetlb, then
 * what an unadvised map gets. */
static const char *const modes[] = {
    "4k",       "mthp16k",   "mthp32k", "mthp64k", "mthp128k", "mthp256k",
    "mthp512k", "mthp1024k", "thp",     "huge2m",  "huge1g",   "default"};
#define NMODES (sizeof modes / sizeof modes[0])
#define DEFAULT_MODE (NMODES - 1)

static long mode_index(const char *m) {
  for (size_t i = 0; i < NMODES; i++)
    if (strcmp(modes[i], m) == 0)
      return (long)i;
  return -1;
}

/* A fault row's name, split: fault/<kind>/<access>/<prep>/page:<mode>/
 * size:<bytes>. */
typedef struct fault_name {
  char kind[32], access[16], prep[32], mode[32];
  int64_t size;
} fault_name;

static int split_fault(const rs_bench *b, fault_name *f) {
  if (strcmp(b->family, "fault") != 0 ||
      !rs_name_part(b->name, 1, f->kind, sizeof f->kind) ||
      !rs_name_part(b->name, 2, f->access, sizeof f->access) ||
      !rs_name_part(b->name, 3, f->prep, sizeof f->prep) ||
      !rs_name_param(b->name, "page", f->mode, sizeof f->mode))
    return 0;
  if (!rs_name_param_int(b->name, "size", &f->size))
    f->size = 0;
  return 1;
}

/* Per mode, the row KIND/ACCESS/PREP of P with the largest size, or NULL;
 * 1 if there is any. */
static int pick(const rp_pool *p, const char *kind, const char *access,
                const char *prep, const rp_entry *out[NMODES]) {
  int64_t best[NMODES];
  int any = 0;
  for (size_t i = 0; i < NMODES; i++) {
    out[i] = NULL;
    best[i] = -1;
  }
  for (size_t k = 0; k < p->n; k++) {
    fault_name f;
    long m;
    if (!split_fault(p->e[k].b, &f) || strcmp(f.kind, kind) != 0 ||
        strcmp(f.access, access) != 0 || strcmp(f.prep, prep) != 0 ||
        (m = mode_index(f.mode)) < 0 || f.size <= best[m])
      continue;
    out[m] = &p->e[k];
    best[m] = f.size;
    any = 1;
  }
  return any;
}

/* The PMD size of R's machine (fingerprint thp.pmd_size), else 2 MiB. */
static double pmd_bytes(const rs_result *r) {
  const json_t *v = rs_result_fp_get(r, "thp.pmd_size");
  return json_is_integer(v) && json_integer_value(v) > 0
             ? (double)json_integer_value(v)
             : 2097152.0;
}

/* MODE in words: "4 KiB pages", "64 KiB mTHP", "2 MiB THP", "2 MiB
 * hugetlb pages", "the pages no advice gives (page:default)". */
static void mode_words(char *buf, size_t len, const char *mode, double pmd) {
  char b[32];
  int kib;
  if (strcmp(mode, "4k") == 0)
    snprintf(buf, len, "4 KiB pages");
  else if (sscanf(mode, "mthp%dk", &kib) == 1) {
    rp_bytes(b, sizeof b, kib * 1024.0);
    snprintf(buf, len, "%s mTHP", b);
  } else if (strcmp(mode, "thp") == 0) {
    rp_bytes(b, sizeof b, pmd);
    snprintf(buf, len, "%s THP", b);
  } else if (strcmp(mode, "huge2m") == 0)
    snprintf(buf, len, "2 MiB hugetlb pages");
  else if (strcmp(mode, "huge1g") == 0)
    snprintf(buf, len, "1 GiB hugetlb pages");
  else
    snprintf(buf, len, "the pages no advice gives (page:%s)", mode);
}

/* "1.00 faults per page" or "0.00195 faults per page, 512 pages (2 MiB)
 * a fault". */
static void faults_words(ut_str *s, double fpp) {
  char n[32], pages[64];
  rp_num(n, sizeof n, fpp);
  ut_str_addf(s, "%s faults per page", n);
  if (fpp > 0 && fpp < 1 / RP_PAGES_ONE_MAX) {
    rp_pages_fmt_pages(pages, sizeof pages, 1 / fpp);
    ut_str_addf(s, ", %s a fault", pages);
  }
}

static const char *const write_keys[] = {"ns_per_page", "faults_per_page",
                                         NULL};

/* first-write: the plain anonymous private write in each mode but
 * default. */
static void first_write(rp_pages *pg, const rp_entry *const pl[NMODES]) {
  size_t n = 0, cheapest = NMODES;
  double low = INFINITY;
  ut_str s = {0};
  rp_pages_line *l = NULL;
  for (size_t m = 0; m < DEFAULT_MODE; m++) {
    double ns, fpp;
    char v[32], words[64];
    if (pl[m] == NULL || isnan(ns = rp_counter(pl[m]->b, "ns_per_page")))
      continue;
    if (l == NULL) {
      l = rp_pages_line_new(pg, "first-write", 0);
      ut_str_add(&s, "A first write to anonymous private memory costs, per "
                     "4 KiB page:");
    }
    rp_num(v, sizeof v, ns);
    mode_words(words, sizeof words, modes[m], pmd_bytes(pl[m]->r));
    ut_str_addf(&s, "%s %s ns with %s", n++ ? ";" : "", v, words);
    if (!isnan(fpp = rp_counter(pl[m]->b, "faults_per_page"))) {
      ut_str_add(&s, " (");
      faults_words(&s, fpp);
      ut_str_add(&s, ")");
    }
    rp_pages_row_add(l, pl[m]->b, write_keys);
    if (ns < low) {
      low = ns;
      cheapest = m;
    }
  }
  if (l == NULL) {
    rp_pages_not_measured(pg, "first-write (no fault/anon-private/write/"
                              "plain rows)");
    return;
  }
  if (n > 1 && pl[0] != NULL && cheapest != 0) {
    char words[64], x[32];
    mode_words(words, sizeof words, modes[cheapest],
               pmd_bytes(pl[cheapest]->r));
    rp_pages_fmt_times(x, sizeof x, rp_counter(pl[0]->b, "ns_per_page"), low);
    ut_str_addf(&s, "; the cheapest, %s, costs %sx less than 4 KiB pages",
                words, x);
  } else if (n > 1 && cheapest == 0)
    ut_str_add(&s, "; no larger page is cheaper than 4 KiB pages");
  ut_str_add(&s, ".");
  rp_pages_line_end(l, &s);
}

/* The page size one fault of FPP faults per 4 KiB page maps: into BUF as
 * "4 KiB" (within RP_PAGES_SIZE_SLACK of a power of two) or "a mix of
 * sizes, 26.5 KiB a fault on average"; returns the bytes a fault maps. */
static double size_got(double fpp, char *buf, size_t len, int *named) {
  const double bytes = 4096 / fpp, r = exp2(round(log2(bytes)));
  char b[32];
  *named = bytes / r <= RP_PAGES_SIZE_SLACK && r / bytes <= RP_PAGES_SIZE_SLACK;
  rp_bytes(b, sizeof b, *named ? r : round(bytes));
  if (*named)
    snprintf(buf, len, "%s", b);
  else
    snprintf(buf, len, "a mix of sizes, %s a fault on average", b);
  return *named ? r : bytes;
}

/* The bytes an unadvised anonymous first write gets by R's THP settings:
 * the largest mTHP size set "always", or "inherit" while thp.enabled is
 * "always" (without thp.mthp: the PMD size if thp.enabled is "always"),
 * else 4 KiB; the settings read into WHY. NAN without thp.enabled. */
static double promised(const rs_result *r, char *why, size_t len) {
  const char *enabled = json_string_value(rs_result_fp_get(r, "thp.enabled"));
  const json_t *mthp = rs_result_fp_get(r, "thp.mthp");
  double best = 4096;
  size_t used;
  const char *key;
  json_t *v;
  if (enabled == NULL)
    return NAN;
  used = (size_t)snprintf(why, len, "thp.enabled %s", enabled);
  if (json_object_size(mthp) == 0)
    return strcmp(enabled, "always") == 0 ? pmd_bytes(r) : best;
  json_object_foreach((json_t *)mthp, key, v) {
    const char *c = json_string_value(v);
    long kb;
    if (c == NULL || sscanf(key, "%ldkB", &kb) != 1 ||
        !(strcmp(c, "always") == 0 ||
          (strcmp(c, "inherit") == 0 && strcmp(enabled, "always") == 0)))
      continue;
    if (used < len)
      used +=
          (size_t)snprintf(why + used, len - used, ", hugepages-%s %s", key, c);
    if (kb * 1024.0 > best)
      best = kb * 1024.0;
  }
  return best;
}

/* default-page, and the anomaly default-vs-setting. */
static void default_page(rp_pages *pg, const rp_entry *e) {
  double fpp, got, want;
  char size[96], n[32], ns[32], why[512], w[32];
  int named;
  ut_str s = {0};
  rp_pages_line *l;
  if (e == NULL || !((fpp = rp_counter(e->b, "faults_per_page")) > 0)) {
    rp_pages_not_measured(pg, "default-page (no fault/anon-private/write/"
                              "plain/page:default row with faults)");
    return;
  }
  got = size_got(fpp, size, sizeof size, &named);
  rp_num(n, sizeof n, fpp);
  rp_num(ns, sizeof ns, rp_counter(e->b, "ns_per_page"));
  l = rp_pages_line_new(pg, "default-page", 0);
  ut_str_addf(&s,
              "A program that asks for no page size (page:default) gets %s%s "
              "on a first write to anonymous private memory: %s faults per "
              "4 KiB page, %s ns per page.",
              size, named ? " pages" : "", n, ns);
  rp_pages_row_add(l, e->b, write_keys);
  rp_pages_line_end(l, &s);
  if (isnan(want = promised(e->r, why, sizeof why))) {
    rp_pages_not_measured(pg, "default-vs-setting (no THP settings in the "
                              "fingerprint)");
    return;
  }
  if (got / want <= RP_PAGES_SIZE_FACTOR && want / got <= RP_PAGES_SIZE_FACTOR)
    return;
  rp_bytes(w, sizeof w, want);
  l = rp_pages_line_new(pg, "default-vs-setting", 1);
  ut_str_addf(
      &s,
      "page:default got %s per fault (%s faults per page) where the THP "
      "settings in the fingerprint (%s) give an unadvised first write "
      "%s pages.",
      size, n, why, w);
  rp_pages_row_add(l, e->b, write_keys);
  rp_pages_line_end(l, &s);
}

static const char *kind_words(const char *kind) {
  return strcmp(kind, "anon-private") == 0  ? "anonymous private memory"
         : strcmp(kind, "anon-shared") == 0 ? "anonymous shared memory"
         : strcmp(kind, "file-shared") == 0 ? "a shared file map"
                                            : "a private file map";
}

/* prep + touch ns per page of B into S as "TOTAL ns per page (MAP PREP +
 * touch TOUCH)"; returns TOTAL (the touch alone without prep_ns_per_page).
 */
static double cost_words(ut_str *s, const rs_bench *b, const char *map) {
  const double prep = rp_counter(b, "prep_ns_per_page");
  const double touch = rp_counter(b, "ns_per_page");
  char t[32], p[32], a[32];
  if (isnan(prep)) {
    rp_num(t, sizeof t, touch);
    ut_str_addf(s, "%s ns per page (the touch; %s not timed)", t, map);
    return touch;
  }
  rp_num(a, sizeof a, prep + touch);
  rp_num(p, sizeof p, prep);
  rp_num(t, sizeof t, touch);
  ut_str_addf(s, "%s ns per page (%s %s + touch %s)", a, map, p, t);
  return prep + touch;
}

static const char *const cost_keys[] = {"prep_ns_per_page", "ns_per_page",
                                        "faults_per_page", NULL};

/* populate: per kind and mode, the plain write against its populated
 * twins. */
static int populate_kind(rp_pages *pg, const rp_pool *p, const char *kind) {
  static const char *const preps[][3] = {
      {"populate", "MAP_POPULATE", "mmap"},
      {"populate-write", "MADV_POPULATE_WRITE", "mmap and madvise"}};
  const rp_entry *pl[NMODES];
  int any = 0;
  pick(p, kind, "write", "plain", pl);
  for (size_t m = 0; m < NMODES; m++) {
    const rp_entry *t[2] = {NULL, NULL};
    char name[512], words[64];
    ut_str s = {0};
    rp_pages_line *l;
    double plain;
    for (size_t i = 0; pl[m] != NULL && i < 2; i++)
      if (rp_name_replace(pl[m]->b->name, 3, preps[i][0], name, sizeof name))
        t[i] = rp_pool_get(p, name);
    if (t[0] == NULL && t[1] == NULL)
      continue;
    any = 1;
    l = rp_pages_line_new(pg, "populate", 0);
    mode_words(words, sizeof words, modes[m], pmd_bytes(pl[m]->r));
    ut_str_addf(&s, "A first write to %s in %s: without preparation ",
                kind_words(kind), words);
    plain = cost_words(&s, pl[m]->b, "mmap");
    rp_pages_row_add(l, pl[m]->b, cost_keys);
    for (size_t i = 0; i < 2; i++) {
      double total;
      if (t[i] == NULL)
        continue;
      ut_str_addf(&s, "; after %s ", preps[i][1]);
      total = cost_words(&s, t[i]->b, preps[i][2]);
      ut_str_addf(&s, ", %.0f%% %s", fabs(100 * (total / plain - 1)),
                  total <= plain ? "less" : "more");
      rp_pages_row_add(l, t[i]->b, cost_keys);
    }
    ut_str_add(&s, ".");
    rp_pages_line_end(l, &s);
  }
  return any;
}

static int by_name(const void *a, const void *b) {
  return rp_name_cmp(((const rp_pages_row *)a)->name,
                     ((const rp_pages_row *)b)->name);
}

/* lazy-backing: populated touches without faults far above the cheapest
 * other touch without faults. */
static void lazy_backing(rp_pages *pg, const rp_pool *p) {
  const rs_bench *low = NULL;
  double v1 = INFINITY, v2 = INFINITY, lo = INFINITY, hi = 0;
  size_t checked = 0, flagged = 0;
  rp_pages_line *l = NULL;
  for (size_t k = 0; k < p->n; k++) {
    const double ns = rp_counter(p->e[k].b, "ns_per_page");
    fault_name f;
    if (!split_fault(p->e[k].b, &f) ||
        !(rp_counter(p->e[k].b, "faults_per_page") < RP_PAGES_NO_FAULT) ||
        !(ns > 0))
      continue;
    if (ns < v1) {
      v2 = v1;
      v1 = ns;
      low = p->e[k].b;
    } else if (ns < v2)
      v2 = ns;
  }
  for (size_t k = 0; low != NULL && k < p->n; k++) {
    const rs_bench *b = p->e[k].b;
    const double ns = rp_counter(b, "ns_per_page");
    fault_name f;
    if (!split_fault(b, &f) ||
        (strcmp(f.prep, "populate") != 0 &&
         strcmp(f.prep, "populate-write") != 0) ||
        !(rp_counter(b, "faults_per_page") < RP_PAGES_NO_FAULT) || !(ns > 0))
      continue;
    checked++;
    if (!(ns > RP_PAGES_LAZY_FACTOR * (b == low ? v2 : v1)))
      continue;
    if (l == NULL)
      l = rp_pages_line_new(pg, "lazy-backing", 1);
    rp_pages_row_add(l, b, write_keys);
    lo = fmin(lo, ns);
    hi = fmax(hi, ns);
    flagged++;
  }
  if (checked == 0)
    rp_pages_not_measured(pg, "lazy-backing (no fault rows after populate or "
                              "populate-write without faults)");
  if (l != NULL) {
    char a[32], b[32], x[32], y[32], r[32], name[512];
    ut_str s = {0};
    qsort(l->rows, l->nrows, sizeof *l->rows, by_name); /* pool order is
                                                          the run's */
    rp_num(a, sizeof a, lo);
    rp_num(b, sizeof b, hi);
    rp_pages_fmt_times(x, sizeof x, lo, v1);
    rp_pages_fmt_times(y, sizeof y, hi, v1);
    rp_num(r, sizeof r, v1);
    rp_name_short(low->name, name, sizeof name);
    ut_str_addf(&s,
                "After MAP_POPULATE or MADV_POPULATE_WRITE, a touch that takes "
                "no fault still costs %s to %s ns per page (%zu row%s), %sx to "
                "%sx the cheapest touch without faults measured (%s ns per "
                "page, %s): the pages are mapped but not backed yet, as when a "
                "hypervisor backs guest memory lazily.",
                a, b, flagged, flagged == 1 ? "" : "s", x, y, r, name);
    rp_pages_row_add(l, low, write_keys);
    { /* the reference first: it stays among the rows shown */
      const rp_pages_row ref = l->rows[l->nrows - 1];
      memmove(l->rows + 1, l->rows, (l->nrows - 1) * sizeof *l->rows);
      l->rows[0] = ref;
    }
    rp_pages_line_end(l, &s);
  }
}

void rp_pages_fault_rules(rp_pages *pg, const rp_pool *p) {
  static const char *const kinds[] = {"anon-private", "anon-shared",
                                      "file-shared", "file-private"};
  const rp_entry *pl[NMODES];
  int any = 0;
  pick(p, "anon-private", "write", "plain", pl);
  first_write(pg, pl);
  default_page(pg, pl[DEFAULT_MODE]);
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    any |= populate_kind(pg, p, kinds[i]);
  if (!any)
    rp_pages_not_measured(pg, "populate (no .../write/populate or "
                              ".../write/populate-write fault rows beside "
                              "plain ones)");
  lazy_backing(pg, p);
}
