/* rp_chart.c - chart tables, their data files and gnuplot (rp_chart.h). */
#define _POSIX_C_SOURCE 200809L /* strsignal */
#include "rp_chart.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rp_templates.h"
#include "ut_spawn.h"
#include "ut_str.h"

void rp_chart_init(rp_chart *c, rp_chart_kind kind, const char *name) {
  memset(c, 0, sizeof *c);
  c->kind = kind;
  snprintf(c->name, sizeof c->name, "%s", name);
}

void rp_chart_free(rp_chart *c) {
  rp_strs_free(&c->rows);
  rp_strs_free(&c->series);
  free(c->x);
  free(c->v);
  memset(c, 0, sizeof *c);
}

/* Makes room for R rows and S series, keeping the values. */
static int grow(rp_chart *c, size_t r, size_t s) {
  size_t nr = c->cap_rows, ns = c->cap_series;
  double *v, *x;
  if (r <= nr && s <= ns)
    return 0;
  while (nr < r)
    nr = nr ? 2 * nr : 8;
  while (ns < s)
    ns = ns ? 2 * ns : 8;
  if ((v = malloc(nr * ns * sizeof *v)) == NULL)
    return -1;
  for (size_t i = 0; i < nr * ns; i++)
    v[i] = NAN;
  for (size_t i = 0; i < c->rows.n; i++)
    for (size_t j = 0; j < c->series.n; j++)
      v[i * ns + j] = c->v[i * c->cap_series + j];
  if ((x = realloc(c->x, nr * sizeof *x)) == NULL) {
    free(v);
    return -1;
  }
  free(c->v);
  c->v = v;
  c->x = x;
  c->cap_rows = nr;
  c->cap_series = ns;
  return 0;
}

int rp_chart_set(rp_chart *c, const char *label, double x, const char *series,
                 double v) {
  char buf[64];
  long r, s;
  if (label == NULL) {
    snprintf(buf, sizeof buf, "%.17g", x);
    label = buf;
  }
  r = rp_strs_find(&c->rows, label);
  s = rp_strs_find(&c->series, series);
  if (grow(c, c->rows.n + (r < 0), c->series.n + (s < 0)) != 0)
    return -1;
  if (r < 0 && (r = rp_strs_add(&c->rows, label)) < 0)
    return -1;
  if (s < 0 && (s = rp_strs_add(&c->series, series)) < 0)
    return -1;
  c->x[r] = x;
  if (isnan(c->v[(size_t)r * c->cap_series + (size_t)s]))
    c->v[(size_t)r * c->cap_series + (size_t)s] = v;
  return 0;
}

static double at(const rp_chart *c, size_t r, size_t s) {
  return c->v[r * c->cap_series + s];
}

static int plottable(const rp_chart *c, double v) {
  return isfinite(v) && (!c->logy || v > 0);
}

size_t rp_chart_points(const rp_chart *c) {
  size_t n = 0;
  for (size_t r = 0; r < c->rows.n; r++)
    for (size_t s = 0; s < c->series.n; s++)
      n += plottable(c, at(c, r, s));
  return n;
}

double rp_chart_span(const rp_chart *c) {
  double lo = INFINITY, hi = -INFINITY;
  for (size_t r = 0; r < c->rows.n; r++)
    for (size_t s = 0; s < c->series.n; s++) {
      const double v = at(c, r, s);
      if (isfinite(v) && v > 0) {
        lo = fmin(lo, v);
        hi = fmax(hi, v);
      }
    }
  return hi > 0 ? hi / lo : NAN;
}

int rp_chart_wants_logy(const rp_chart *c) {
  return c->kind != RP_HEATMAP && rp_chart_span(c) > RP_CHART_LOG_SPAN;
}

/* The number of zero or negative values of C (not drawn on a log axis). */
static size_t nonpositive(const rp_chart *c) {
  size_t n = 0;
  for (size_t r = 0; r < c->rows.n; r++)
    for (size_t s = 0; s < c->series.n; s++)
      n += isfinite(at(c, r, s)) && at(c, r, s) <= 0;
  return n;
}

/* The note on C's y axis after its caption, into BUF: which scale and why
 * (nothing for a heatmap). */
static void axis_note(const rp_chart *c, char *buf, size_t len) {
  const double span = rp_chart_span(c);
  const size_t zeros = c->logy ? nonpositive(c) : 0;
  buf[0] = '\0';
  if (c->kind == RP_HEATMAP || isnan(span))
    return;
  snprintf(buf, len, " (y axis: %s, the values span %.3gx, %s %gx%s)",
           c->logy ? "log" : "linear", span, c->logy ? "more than" : "at most",
           RP_CHART_LOG_SPAN, zeros ? "; zero values not drawn" : "");
}

/* A row or series to sort: its position and its keys. */
typedef struct sort_item {
  size_t i;
  double x;
  size_t rank;
  const char *label;
} sort_item;

/* By x, then label, then position: qsort made stable. */
static int cmp_x(const void *pa, const void *pb) {
  const sort_item *a = pa, *b = pb;
  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  return (a->i > b->i) - (a->i < b->i);
}

/* By rank, then label, then position. */
static int cmp_label(const void *pa, const void *pb) {
  const sort_item *a = pa, *b = pb;
  const int c = strcmp(a->label, b->label);
  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  return c != 0 ? c : (a->i > b->i) - (a->i < b->i);
}

/* The N items sorted with CMP (NULL: kept as added), as positions: a new
 * array, or NULL. n log n: a chart may have thousands of rows. */
static size_t *sorted(sort_item *it, size_t n,
                      int (*cmp)(const void *, const void *)) {
  size_t *o = malloc((n + 1) * sizeof *o);
  if (o != NULL && cmp != NULL && n > 1)
    qsort(it, n, sizeof *it, cmp);
  for (size_t k = 0; o != NULL && k < n; k++)
    o[k] = it[k].i;
  free(it);
  return o;
}

/* Series in legend order: the known implementations and preparations
 * first, in this order, then the others by name. */
static const char *const series_order[] = {
    "core",     "core-faultsafe", "glibc",          "glibc memmove", "naive",
    "raw",      "cpython",        "cpython-bytes",  "pypy",          "plain",
    "populate", "populate-read",  "populate-write", "willneed",      NULL};

static size_t series_rank(const char *s) {
  size_t i = 0;
  while (series_order[i] != NULL && strcmp(series_order[i], s) != 0)
    i++;
  return i;
}

/* The rows (ROWS) or the series in plotting order, as positions: rows by
 * x for lines, by label for bars, as added for heatmaps; series in legend
 * order. A new array, or NULL. */
static size_t *order(const rp_chart *c, int rows) {
  const rp_strs *l = rows ? &c->rows : &c->series;
  sort_item *it = calloc(l->n + 1, sizeof *it);
  if (it == NULL)
    return NULL;
  for (size_t i = 0; i < l->n; i++)
    it[i] = rows ? (sort_item){i, c->kind == RP_LINES ? c->x[i] : 0, 0, l->v[i]}
                 : (sort_item){i, 0, series_rank(l->v[i]), l->v[i]};
  return sorted(it, l->n,
                !rows                   ? cmp_label
                : c->kind == RP_HEATMAP ? NULL
                : c->kind == RP_LINES   ? cmp_x
                                        : cmp_label);
}

/* Tabs and newlines would break the data file's columns. */
static void put_field(FILE *f, const char *s) {
  for (; *s != '\0'; s++)
    fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
}

static int write_data(const rp_chart *c, const char *path) {
  FILE *f = fopen(path, "w");
  size_t *o = order(c, 1);
  size_t *so = c->kind == RP_HEATMAP ? NULL : order(c, 0);
  int bad;
  if (f == NULL || o == NULL || (c->kind != RP_HEATMAP && so == NULL)) {
    if (f != NULL)
      fclose(f);
    free(o);
    free(so);
    return -1;
  }
  fputs(c->kind == RP_HEATMAP ? "-" : "x", f);
  for (size_t s = 0; s < c->series.n; s++) {
    fputc('\t', f);
    put_field(f, c->series.v[so ? so[s] : s]);
  }
  fputc('\n', f);
  for (size_t i = 0; i < c->rows.n; i++) {
    const size_t r = o[i];
    if (c->kind == RP_LINES)
      fprintf(f, "%.17g", c->x[r]);
    else
      put_field(f, c->rows.v[r]);
    for (size_t s = 0; s < c->series.n; s++) {
      const double v = at(c, r, so ? so[s] : s);
      if (c->kind == RP_HEATMAP)
        fprintf(f, "\t%.17g", isnan(v) ? 0 : v);
      else if (plottable(c, v))
        fprintf(f, "\t%.17g", v);
      else
        fputs("\tNaN", f);
    }
    fputc('\n', f);
  }
  free(o);
  free(so);
  bad = ferror(f);
  return (fclose(f) != 0 || bad) ? -1 : 0;
}

/* A gnuplot string literal: single quotes, '' for a quote. */
static void gp_str(FILE *f, const char *name, const char *s) {
  fprintf(f, "%s = '", name);
  for (; *s != '\0'; s++) {
    if (*s == '\n') { /* a line break needs a double-quoted "\n" */
      fputs("'.\"\\n\".'", f);
      continue;
    }
    if (*s == '\'')
      fputc('\'', f);
    fputc(*s, f);
  }
  fputs("'\n", f);
}

static void chart_size(const rp_chart *c, int *w, int *h) {
  *w = 900;
  *h = c->kind == RP_HEATMAP ? 160 + 24 * (int)(c->rows.n < 40 ? c->rows.n : 40)
       : c->kind == RP_BARS  ? 600
                             : 540;
  if (*h < 400)
    *h = 400;
}

static int write_script(const rp_chart *c, const char *path) {
  FILE *f = fopen(path, "w");
  const char *tpl = c->kind == RP_LINES  ? rp_template_lines
                    : c->kind == RP_BARS ? rp_template_bars
                                         : rp_template_heatmap;
  int w, h, bad;
  if (f == NULL)
    return -1;
  chart_size(c, &w, &h);
  fprintf(
      f,
      "# %s: written by mmaplab from %s.dat; in charts/, run: gnuplot %s.gp\n",
      c->name, c->name, c->name);
  gp_str(f, "datafile", c->name);
  fprintf(f, "datafile = datafile.'.dat'\n");
  gp_str(f, "out_png", c->name);
  gp_str(f, "out_svg", c->name);
  fprintf(f, "out_png = out_png.'.png'\nout_svg = out_svg.'.svg'\n");
  gp_str(f, "title_text", c->title);
  gp_str(f, "xlabel_text", c->xlabel);
  gp_str(f, "ylabel_text", c->ylabel);
  fprintf(f, "ncols = %zu\nnrows = %zu\nlogx = %d\nlogy = %d\nxbytes = %d\n",
          c->series.n + 1, c->rows.n, c->logx, c->logy, c->xbytes);
  fprintf(f, "width = %d\nheight = %d\n\n", w, h);
  fputs(tpl, f);
  bad = ferror(f);
  return (fclose(f) != 0 || bad) ? -1 : 0;
}

/* The most telling line of gnuplot's log at PATH: the first one that says
 * "error", else the last non-empty one. */
static void log_line(const char *path, char *buf, size_t len) {
  char line[512];
  FILE *f = fopen(path, "r");
  buf[0] = '\0';
  if (f == NULL)
    return;
  while (fgets(line, sizeof line, f) != NULL) {
    line[strcspn(line, "\n")] = '\0';
    if (line[strspn(line, " ^")] == '\0')
      continue;
    snprintf(buf, len, "%s", line);
    if (strstr(line, "rror") != NULL)
      break;
  }
  fclose(f);
}

/* Runs "gnuplot NAME.gp" in DIR with its output in NAME.log, in a
 * process group of its own that a fatal signal ending the tool reaches
 * too (ut_spawn). */
static int run_gnuplot(rp_build *b, const char *dir, const char *name) {
  char *script = ut_xasprintf("%s.gp", name);
  char *logname = ut_xasprintf("%s.log", name);
  char *logpath = ut_xasprintf("%s/%s", dir, logname), msg[512];
  char *argv[] = {"gnuplot", script, NULL};
  ut_spawn_opts o = {0};
  int st, rc = -1;
  o.argv = argv;
  o.dir = dir;
  o.out_path = logname;
  o.err_to_out = 1;
  st = ut_spawn(&o);
  if (st < 0) {
    if (errno == ENOENT)
      snprintf(b->err, sizeof b->err,
               "gnuplot not found (scripts/install-deps installs "
               "gnuplot-nox)");
    else
      snprintf(b->err, sizeof b->err, "cannot run gnuplot: %s",
               strerror(errno));
    goto out;
  }
  log_line(logpath, msg, sizeof msg);
  if (st == 127)
    /* ut_spawn reported a missing program above: 127 here is the dynamic
     * loader (or the program) failing, e.g. under ulimit -v. */
    snprintf(b->err, sizeof b->err, "gnuplot could not start (exit 127): %s",
             msg[0] ? msg : "no message");
  else if (st > 128) /* ut_spawn: 128 + the signal that killed it */
    snprintf(b->err, sizeof b->err, "gnuplot was killed by signal %d (%s)%s%s",
             st - 128, strsignal(st - 128), msg[0] ? ": " : "", msg);
  else if (st != 0)
    snprintf(b->err, sizeof b->err, "gnuplot failed on charts/%s: %s", script,
             msg[0] ? msg : "no message");
  else
    rc = 0;
  unlink(logpath);
out:
  free(script);
  free(logname);
  free(logpath);
  return rc;
}

int rp_chart_render(rp_build *b, rp_chart *c, const char *caption,
                    size_t min_points) {
  char *dir, *dat, *gp, text[600], note[160];
  int rc = -1, w, h;
  c->logy = rp_chart_wants_logy(c);
  if (c->logy) { /* the axis label says so */
    const size_t n = strlen(c->ylabel);
    snprintf(c->ylabel + n, sizeof c->ylabel - n, ", log scale");
  }
  if (rp_chart_points(c) < min_points ||
      (c->kind == RP_LINES && c->rows.n < 2)) {
    char why[128];
    if (c->kind == RP_LINES && c->rows.n < 2)
      snprintf(why, sizeof why, "%zu x value(s) measured, 2 needed for a line",
               c->rows.n);
    else
      snprintf(why, sizeof why, "%zu plottable values, %zu needed",
               rp_chart_points(c), min_points);
    rp_build_skip(b, c->name, why);
    return 0;
  }
  dir = ut_xasprintf("%s/charts", b->tmp_dir);
  dat = ut_xasprintf("%s/%s.dat", dir, c->name);
  gp = ut_xasprintf("%s/%s.gp", dir, c->name);
  errno = 0;
  if (write_data(c, dat) != 0 || write_script(c, gp) != 0) {
    snprintf(b->err, sizeof b->err, "%s: cannot write the chart's files: %s",
             dat, errno ? strerror(errno) : "out of memory");
    goto out;
  }
  if (run_gnuplot(b, dir, c->name) != 0)
    goto out;
  chart_size(c, &w, &h);
  if (caption == NULL) { /* the title on one line */
    size_t n = 0;
    for (const char *t = c->title; *t != '\0' && n + 4 < sizeof text; t++)
      if (*t == '\n') {
        memcpy(text + n, " - ", 3);
        n += 3;
      } else
        text[n++] = *t;
    text[n] = '\0';
  } else
    snprintf(text, sizeof text, "%s", caption);
  axis_note(c, note, sizeof note);
  snprintf(text + strlen(text), sizeof text - strlen(text), "%s", note);
  rp_doc_chart(&b->doc, c->name, text, w, h);
  b->ncharts++;
  rc = 0;
out:
  free(dir);
  free(dat);
  free(gp);
  return rc;
}
