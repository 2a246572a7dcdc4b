/* rp_chart.h - a chart as a table of values (rows x series), written as a
 * gnuplot data file and rendered to charts/NAME.png and charts/NAME.svg by
 * gnuplot from one of the templates in reports/gnuplot/. */
#ifndef MMAPLAB_REPORTS_RP_CHART_H
#define MMAPLAB_REPORTS_RP_CHART_H

#include "rp_build.h"
#include "rp_util.h"

typedef enum rp_chart_kind {
  RP_LINES,  /* rows are numeric x values (sorted); one line per series */
  RP_BARS,   /* rows are labels (sorted); clustered bars */
  RP_HEATMAP /* rows are y labels, series are x labels; a count per cell */
} rp_chart_kind;

typedef struct rp_chart {
  rp_chart_kind kind;
  char name[96];    /* file stem under charts/ */
  char title[512];  /* ends with the machine */
  char xlabel[128]; /* with units */
  char ylabel[128]; /* with units */
  int logx;         /* log x scale (the caller's choice) */
  int logy;         /* log y scale: set by rp_chart_render from the values
                       (rp_chart_wants_logy), not by the caller */
  int xbytes;       /* x values are byte counts: tics as "4 KiB" */
  rp_strs rows;     /* row labels (RP_LINES: the x value as text) */
  double *x;        /* RP_LINES: the x value of each row */
  rp_strs series;   /* series (legend) names */
  double *v;        /* rows.n x series.n values, NAN if missing */
  size_t cap_rows, cap_series;
} rp_chart;

/* Initialises C (zeroed) of KIND with the file stem NAME. */
void rp_chart_init(rp_chart *c, rp_chart_kind kind, const char *name);

/* Frees C's memory. */
void rp_chart_free(rp_chart *c);

/* Sets the value of series SERIES at row LABEL (for RP_LINES, at x value
 * X; LABEL may be NULL then) to V, adding the row and series as needed.
 * Returns 0, -1 when out of memory. A value already set is kept. */
int rp_chart_set(rp_chart *c, const char *label, double x, const char *series,
                 double v);

/* The number of finite (for log y: positive) values in C. */
size_t rp_chart_points(const rp_chart *c);

/* Charts whose values span more than this factor get a log y axis. */
#define RP_CHART_LOG_SPAN 10.0

/* The span of C's values: the largest finite positive value over the
 * smallest; NAN if there is none. */
double rp_chart_span(const rp_chart *c);

/* 1 if C (lines or bars) should have a log y axis: its span is more than
 * RP_CHART_LOG_SPAN. Zero values are not drawn on a log axis; the caption
 * then says how many were left out. */
int rp_chart_wants_logy(const rp_chart *c);

/* Renders C into B's charts/ and adds it to B's document with CAPTION
 * (NULL: the title) and a note on its y axis ("y axis: log, the values
 * span 512x"); a chart with fewer than MIN_POINTS plottable values is
 * skipped (noted in B) instead. Sets C->logy by rp_chart_wants_logy.
 * Returns 0, or -1 with B->err (gnuplot missing or failing). */
int rp_chart_render(rp_build *b, rp_chart *c, const char *caption,
                    size_t min_points);

#endif /* MMAPLAB_REPORTS_RP_CHART_H */
