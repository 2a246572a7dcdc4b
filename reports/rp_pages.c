/* rp_pages.c - the page-behaviour profile (rp_pages.h): its sentences, the
 * rules on file maps per filesystem (filemap rows) and on error entries;
 * the rules on fault rows are in rp_pages_fault.c. */
#include "rp_pages.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rp_bstatus.h"
#include "rp_pages_rules.h"

/* ---- sentences and rows ------------------------------------------------ */

rp_pages_line *rp_pages_line_new(rp_pages *pg, const char *rule, int anomaly) {
  rp_pages_line *l;
  if (ut_grow(&pg->v, &pg->cap, pg->n + 1, sizeof *pg->v, 8) != 0)
    abort(); /* out of memory: as ut_x* do */
  l = &pg->v[pg->n++];
  memset(l, 0, sizeof *l);
  l->rule = rule;
  l->anomaly = anomaly;
  return l;
}

void rp_pages_line_end(rp_pages_line *l, ut_str *s) {
  l->text = s->data ? s->data : ut_xstrdup("");
  memset(s, 0, sizeof *s);
}

/* A new row of L for B: an error entry (ERROR) is anchored in the errors
 * table, any other row in its family's table (rp_tables.h). */
static rp_pages_row *row_new(rp_pages_line *l, const rs_bench *b, int error) {
  rp_pages_row *r;
  char name[512], rest[512], prefix[96], id[600];
  if (ut_grow(&l->rows, &l->cap, l->nrows + 1, sizeof *l->rows, 4) != 0)
    abort(); /* out of memory: as ut_x* do */
  r = &l->rows[l->nrows++];
  memset(r, 0, sizeof *r);
  rp_name_short(b->name, name, sizeof name);
  r->name = ut_xstrdup(name);
  if (error) {
    rp_error_id(id, sizeof id, b);
    r->error = ut_xstrdup(b->error_message ? b->error_message : "no message");
  } else {
    rp_name_drop(b->name, 0, rest, sizeof rest);
    snprintf(prefix, sizeof prefix, "r-%s", b->family);
    rp_doc_id(id, sizeof id, prefix, rest);
  }
  r->id = ut_xstrdup(id);
  return r;
}

rp_pages_row *rp_pages_row_add(rp_pages_line *l, const rs_bench *b,
                               const char *const *keys) {
  rp_pages_row *r = row_new(l, b, b->nsamples == 0);
  for (size_t i = 0; keys != NULL && keys[i] != NULL; i++) {
    const double v = rp_counter(b, keys[i]);
    if (isfinite(v) && r->nval < sizeof r->val / sizeof r->val[0]) {
      r->val[r->nval].key = keys[i];
      r->val[r->nval++].v = v;
    }
  }
  return r;
}

void rp_pages_not_measured(rp_pages *pg, const char *what) {
  if (rp_strs_add(&pg->not_measured, what) < 0)
    abort();
}

void rp_pages_fmt_pages(char *buf, size_t len, double pages) {
  char n[32], bytes[32];
  const double whole = round(pages);
  if (whole >= 1 && fabs(pages - whole) <= 0.05 * whole)
    pages = whole;
  if (pages == whole)
    snprintf(n, sizeof n, "%.0f", pages);
  else
    rp_num(n, sizeof n, pages);
  rp_bytes(bytes, sizeof bytes, round(pages * 4096));
  snprintf(buf, len, "%s page%s (%s)", n, pages == 1 ? "" : "s", bytes);
}

void rp_pages_fmt_times(char *buf, size_t len, double a, double b) {
  rp_num(buf, len, isnan(a) || isnan(b) || b == 0 ? NAN : a / b);
}

void rp_pages_free(rp_pages *out) {
  for (size_t i = 0; i < out->n; i++) {
    for (size_t k = 0; k < out->v[i].nrows; k++) {
      free(out->v[i].rows[k].name);
      free(out->v[i].rows[k].id);
      free(out->v[i].rows[k].error);
    }
    free(out->v[i].rows);
    free(out->v[i].text);
  }
  free(out->v);
  rp_strs_free(&out->not_measured);
  memset(out, 0, sizeof *out);
}

/* ---- file maps per filesystem (filemap rows) ---------------------------- */

/* A filemap row's name, split:
 * filemap/<kind>/<access>/<cache>/<advice>/fs:<fs>/size:<bytes>. */
typedef struct file_name {
  char kind[32], access[16], cache[16], advice[16], fs[128];
  int64_t size;
} file_name;

static int split_file(const rs_bench *b, file_name *f) {
  if (strcmp(b->family, "filemap") != 0 ||
      !rs_name_part(b->name, 1, f->kind, sizeof f->kind) ||
      !rs_name_part(b->name, 2, f->access, sizeof f->access) ||
      !rs_name_part(b->name, 3, f->cache, sizeof f->cache) ||
      !rs_name_part(b->name, 4, f->advice, sizeof f->advice) ||
      !rs_name_param(b->name, "fs", f->fs, sizeof f->fs))
    return 0;
  if (!rs_name_param_int(b->name, "size", &f->size))
    f->size = 0;
  return 1;
}

/* A warm read with MADV_NORMAL of a file map: the row the filesystem's
 * sentences start from; shared maps preferred, then the largest file. */
static int warm_read(const file_name *f) {
  return strcmp(f->access, "read") == 0 && strcmp(f->cache, "warm") == 0 &&
         strcmp(f->advice, "normal") == 0 &&
         (strcmp(f->kind, "file-shared") == 0 ||
          strcmp(f->kind, "file-private") == 0);
}

static int better_warm(const file_name *a, const file_name *b) {
  const int sa = strcmp(a->kind, "file-shared") == 0;
  const int sb = strcmp(b->kind, "file-shared") == 0;
  return sa != sb ? sa > sb : a->size > b->size;
}

/* Per filesystem (sorted by name), its warm read row. */
typedef struct fs_rows {
  rp_strs fs;
  const rs_bench **warm; /* fs.n entries */
} fs_rows;

static void pick_warm(const rp_pool *p, fs_rows *out) {
  file_name f, g;
  for (size_t k = 0; k < p->n; k++)
    if (split_file(p->e[k].b, &f) && warm_read(&f) &&
        rp_strs_intern(&out->fs, f.fs) < 0)
      abort();
  rp_strs_sort(&out->fs);
  out->warm = calloc(out->fs.n + 1, sizeof *out->warm);
  if (out->warm == NULL)
    abort();
  for (size_t k = 0; k < p->n; k++) {
    const rs_bench *b = p->e[k].b;
    long i;
    if (!split_file(b, &f) || !warm_read(&f) ||
        (i = rp_strs_find(&out->fs, f.fs)) < 0)
      continue;
    if (out->warm[i] == NULL ||
        (split_file(out->warm[i], &g) && better_warm(&f, &g)))
      out->warm[i] = b;
  }
}

/* The row named W's name with part 3 (cache) CACHE and part 4 (advice)
 * ADVICE, or NULL. */
static const rs_bench *twin(const rp_pool *p, const rs_bench *w,
                            const char *cache, const char *advice) {
  char a[512], b[512];
  const rp_entry *e;
  if (!rp_name_replace(w->name, 3, cache, a, sizeof a) ||
      !rp_name_replace(a, 4, advice, b, sizeof b))
    return NULL;
  e = rp_pool_get(p, b);
  return e != NULL ? e->b : NULL;
}

/* What PAGES pages per read fault mean. */
static const char *fault_map_meaning(double pages) {
  return pages <= RP_PAGES_ONE_MAX ? "one page a fault: no fault-around"
         : pages <= RP_PAGES_AROUND_MAX
             ? "fault-around (64 KiB, 16 pages, by default), no whole large "
               "folios"
             : "more than fault-around's 16 pages: the file is cached in "
               "large folios, each mapped whole";
}

/* Pages per fault of B: its pages_per_fault, else 1/faults_per_page. */
static double pages_per_fault(const rs_bench *b) {
  const double v = rp_counter(b, "pages_per_fault");
  const double f = rp_counter(b, "faults_per_page");
  return !isnan(v) ? v : f > 0 ? 1 / f : NAN;
}

static const char *const warm_keys[] = {"pages_per_fault", "faults_per_page",
                                        "ns_per_page", NULL};

/* file-read-faults of WHERE ("On ext4", "In the bench directory (ext4)")
 * from row B; 0 if B tells nothing. */
static int read_fault_line(rp_pages *pg, const char *where, const rs_bench *b,
                           const char *what) {
  const double pages = pages_per_fault(b);
  char n[64];
  ut_str s = {0};
  rp_pages_line *l;
  if (!(pages > 0))
    return 0;
  l = rp_pages_line_new(pg, "file-read-faults", 0);
  rp_pages_fmt_pages(n, sizeof n, pages);
  ut_str_addf(&s, "%s, one read fault of a %s maps %s: %s.", where, what, n,
              fault_map_meaning(pages));
  rp_pages_row_add(l, b, warm_keys);
  rp_pages_line_end(l, &s);
  return 1;
}

/* The bench directory's file read (fault/file-shared/read/plain/page:4k,
 * the largest size): its file was just written, so it is warm. */
static int bench_dir_reads(rp_pages *pg, const rp_pool *p) {
  const rp_entry *best = NULL;
  int64_t size, best_size = -1;
  char where[200], kind[32], access[16], prep[16], mode[16];
  const json_t *type;
  for (size_t k = 0; k < p->n; k++) {
    const rs_bench *b = p->e[k].b;
    if (strcmp(b->family, "fault") != 0 ||
        !rs_name_part(b->name, 1, kind, sizeof kind) ||
        !rs_name_part(b->name, 2, access, sizeof access) ||
        !rs_name_part(b->name, 3, prep, sizeof prep) ||
        !rs_name_param(b->name, "page", mode, sizeof mode) ||
        strcmp(kind, "file-shared") != 0 || strcmp(access, "read") != 0 ||
        strcmp(prep, "plain") != 0 || strcmp(mode, "4k") != 0)
      continue;
    if (!rs_name_param_int(b->name, "size", &size))
      size = 0;
    if (size > best_size) {
      best = &p->e[k];
      best_size = size;
    }
  }
  if (best == NULL)
    return 0;
  type = rs_result_fp_get(best->r, "filesystem.type");
  if (json_is_string(type))
    snprintf(where, sizeof where, "In the bench directory (%s)",
             json_string_value(type));
  else
    snprintf(where, sizeof where, "In the bench directory");
  return read_fault_line(pg, where, best->b, "file map just written");
}

static void file_read_faults(rp_pages *pg, const rp_pool *p,
                             const fs_rows *fr) {
  int any = 0;
  for (size_t i = 0; i < fr->fs.n; i++)
    if (fr->warm[i] != NULL) {
      char *where = ut_xasprintf("On %s", fr->fs.v[i]);
      any |= read_fault_line(pg, where, fr->warm[i], "warm file map");
      free(where);
    }
  any |= bench_dir_reads(pg, p);
  if (!any)
    rp_pages_not_measured(pg, "file-read-faults (no filemap/.../read/warm/"
                              "normal or fault/file-shared/read/plain/"
                              "page:4k rows)");
}

/* cold-read: per filesystem, its cold twin against the warm row. */
static void cold_reads(rp_pages *pg, const rp_pool *p, const fs_rows *fr) {
  static const char *const cold_keys[] = {
      "ns_per_page", "major_faults_per_page", "resident_before", NULL};
  static const char *const ns_key[] = {"ns_per_page", NULL};
  int any = 0;
  for (size_t i = 0; i < fr->fs.n; i++) {
    const rs_bench *w = fr->warm[i], *c;
    double cold, warm, major;
    char a[32], b[32], m[32], x[32];
    ut_str s = {0};
    rp_pages_line *l;
    if (w == NULL || (c = twin(p, w, "cold", "normal")) == NULL ||
        isnan(cold = rp_counter(c, "ns_per_page")) ||
        isnan(warm = rp_counter(w, "ns_per_page")))
      continue;
    any = 1;
    l = rp_pages_line_new(pg, "cold-read", 0);
    rp_num(a, sizeof a, cold);
    rp_num(b, sizeof b, warm);
    rp_pages_fmt_times(x, sizeof x, cold, warm);
    ut_str_addf(&s,
                "On %s, a cold read of a file map costs %s ns per page "
                "against %s warm (%sx)",
                fr->fs.v[i], a, b, x);
    major = rp_counter(c, "major_faults_per_page");
    if (major > 0) {
      rp_num(m, sizeof m, major);
      ut_str_addf(&s, ", with %s major faults per page", m);
      if (major < 1 / RP_PAGES_ONE_MAX) {
        rp_num(x, sizeof x, round(1 / major));
        ut_str_addf(&s, " (one per %s pages)", x);
      }
    } else if (major == 0)
      ut_str_add(&s, ", without a major fault");
    ut_str_add(&s, ".");
    rp_pages_row_add(l, c, cold_keys);
    rp_pages_row_add(l, w, ns_key);
    rp_pages_line_end(l, &s);
  }
  if (!any)
    rp_pages_not_measured(pg, "cold-read (no filemap/.../read/cold/normal "
                              "rows beside warm ones)");
}

/* The cold reads of filesystem FS with each of ADVICE (3) into C: those
 * of the warm read row (of FS, shared before private) that has the most
 * of them, the larger size on a tie, since a grid may leave one advice out
 * at one size (filemap's full grid has no cold random read at 64 MiB). */
static void cold_set(const rp_pool *p, const char *fs,
                     const char *const *advice, const rs_bench **c) {
  int best = -1;
  file_name f, g;
  const rs_bench *bw = NULL;
  for (size_t k = 0; k < p->n; k++) {
    const rs_bench *w = p->e[k].b;
    int n = 0;
    if (!split_file(w, &f) || !warm_read(&f) || strcmp(f.fs, fs) != 0)
      continue;
    for (size_t a = 0; a < 3; a++)
      n += twin(p, w, "cold", advice[a]) != NULL;
    if (n > best || (n == best && split_file(bw, &g) && better_warm(&f, &g))) {
      best = n;
      bw = w;
    }
  }
  for (size_t a = 0; a < 3; a++)
    c[a] = bw != NULL ? twin(p, bw, "cold", advice[a]) : NULL;
}

/* readahead: per filesystem, cold reads with each advice. */
static void readahead(rp_pages *pg, const rp_pool *p, const fs_rows *fr) {
  static const char *const advice[] = {"sequential", "normal", "random"};
  static const char *const keys[] = {"major_faults_per_page",
                                     "resident_per_fault", "ns_per_page", NULL};
  int any = 0;
  for (size_t i = 0; i < fr->fs.n; i++) {
    const rs_bench *c[3] = {NULL, NULL, NULL};
    double rand_pages = NAN;
    ut_str s = {0};
    rp_pages_line *l;
    size_t said = 0;
    cold_set(p, fr->fs.v[i], advice, c);
    if (c[0] == NULL && c[2] == NULL) /* no advice but normal: no contrast */
      continue;
    any = 1;
    l = rp_pages_line_new(pg, "readahead", 0);
    ut_str_addf(&s, "Readahead on %s, cold reads:", fr->fs.v[i]);
    for (size_t a = 0; a < 3; a++) {
      const double major =
          c[a] ? rp_counter(c[a], "major_faults_per_page") : NAN;
      const double res = c[a] ? rp_counter(c[a], "resident_per_fault") : NAN;
      char m[32], r[32];
      if (c[a] == NULL || isnan(major))
        continue;
      rp_num(m, sizeof m, major);
      rp_num(r, sizeof r, res);
      ut_str_addf(&s, "%s MADV_%s %s major faults per page", said++ ? ";" : "",
                  a == 0   ? "SEQUENTIAL"
                  : a == 1 ? "NORMAL"
                           : "RANDOM",
                  m);
      if (major > 0 && major < 1 / RP_PAGES_ONE_MAX) {
        char w[32];
        rp_num(w, sizeof w, round(1 / major));
        ut_str_addf(&s, " (one per %s pages)", w);
      }
      if (!isnan(res))
        ut_str_addf(&s, ", %s pages made resident per fault", r);
      if (a == 2)
        rand_pages = res;
      rp_pages_row_add(l, c[a], keys);
    }
    if (said == 0)
      ut_str_add(&s, " no major fault counts");
    if (rand_pages <= RP_PAGES_ONE_MAX)
      ut_str_add(&s, " (MADV_RANDOM: no readahead)");
    ut_str_add(&s, ".");
    rp_pages_line_end(l, &s);
  }
  if (!any)
    rp_pages_not_measured(pg, "readahead (no filemap/.../read/cold/sequential "
                              "or .../random rows)");
}

/* ---- error entries: asked for, not obtained ---------------------------- */

/* The cause of error message M if it says something asked for was not
 * obtained, into BUF: the text before " not obtained" ("page mode
 * mthp64k", "filesystem xfs", "cold cache") and 1, or for "unavailable:
 * WHY" (a cell this machine or filesystem cannot have, such as a cold
 * cache on tmpfs) WHY up to its first ';' or '(' and 2; 0 for any other
 * error. */
static int not_obtained(const char *m, char *buf, size_t len) {
  const char *e;
  size_t n;
  if (m == NULL)
    return 0;
  if ((e = strstr(m, " not obtained")) != NULL) {
    snprintf(buf, len, "%.*s", (int)(e - m), m);
    return 1;
  }
  if (strncmp(m, "unavailable: ", 13) != 0)
    return 0;
  m += 13;
  n = strcspn(m, ";(");
  while (n > 0 && m[n - 1] == ' ')
    n--;
  snprintf(buf, len, "%.*s", (int)n, m);
  return 2;
}

/* not-obtained: one sentence per cause, its rows in file order; one pass
 * (a cause's sentence is at BASE + its index in CAUSES). */
static void not_obtained_lines(rp_pages *pg, const rs_result *res,
                               size_t nres) {
  rp_strs causes = {0};
  const size_t base = pg->n;
  char cause[256];
  for (size_t i = 0; i < nres; i++)
    for (size_t k = 0; k < res[i].nbenches; k++) {
      const rs_bench *b = &res[i].benches[k];
      int kind;
      long c;
      if (b->nerrors == 0 || (kind = not_obtained(b->error_message, cause + 1,
                                                  sizeof cause - 1)) == 0)
        continue;
      cause[0] = (char)('0' + kind); /* the kind keeps causes apart */
      if ((c = rp_strs_intern(&causes, cause)) < 0)
        abort(); /* out of memory: as ut_x* do */
      if ((size_t)c == pg->n - base)
        rp_pages_line_new(pg, kind == 1 ? "not-obtained" : "unavailable",
                          kind == 1);
      row_new(&pg->v[base + (size_t)c], b, 1); /* its whole message */
    }
  for (size_t c = 0; c < causes.n; c++) {
    rp_pages_line *l = &pg->v[base + c];
    ut_str s = {0};
    ut_str_addf(&s, "%s, in %zu row%s: %s.",
                causes.v[c][0] == '1' ? "Asked for and not obtained"
                                      : "Not measurable here",
                l->nrows, l->nrows == 1 ? "" : "s", causes.v[c] + 1);
    rp_pages_line_end(l, &s);
  }
  rp_strs_free(&causes);
}

/* Moves the anomalies after the other sentences, each group in its
 * order. */
static void anomalies_last(rp_pages *pg) {
  rp_pages_line *v;
  size_t n = 0;
  if (pg->n == 0) /* pg->v is NULL: memcpy may not be given it */
    return;
  if ((v = malloc(pg->n * sizeof *v)) == NULL)
    abort();
  for (int anomaly = 0; anomaly < 2; anomaly++)
    for (size_t i = 0; i < pg->n; i++)
      if (pg->v[i].anomaly == anomaly)
        v[n++] = pg->v[i];
  memcpy(pg->v, v, n * sizeof *v);
  free(v);
}

void rp_pages_compute(const rp_pool *p, const rs_result *res, size_t nres,
                      rp_pages *out) {
  fs_rows fr = {0};
  memset(out, 0, sizeof *out);
  pick_warm(p, &fr);
  file_read_faults(out, p, &fr);
  rp_pages_fault_rules(out, p);
  cold_reads(out, p, &fr);
  readahead(out, p, &fr);
  not_obtained_lines(out, res, nres);
  rp_strs_free(&fr.fs);
  free(fr.warm);
  anomalies_last(out);
}
