/* rp_doc.h - one document written twice as it is built: summary.md
 * (Markdown) and index.html (a static page, no scripts, no network). */
#ifndef MMAPLAB_REPORTS_RP_DOC_H
#define MMAPLAB_REPORTS_RP_DOC_H

#include <stddef.h>
#include <stdio.h>

typedef struct rp_doc {
  FILE *md;
  FILE *html;
  size_t ncols; /* of the table being written, 0 outside tables */
} rp_doc;

/* Creates DIR/summary.md and DIR/index.html and writes their heads with
 * TITLE. Returns 0, or -1 with one line in ERR (LEN bytes). */
int rp_doc_open(rp_doc *d, const char *dir, const char *title, char *err,
                size_t len);

/* A heading of LEVEL (2 or 3) with TEXT. */
void rp_doc_heading(rp_doc *d, int level, const char *text);

/* A paragraph of plain TEXT (escaped for each format). */
void rp_doc_para(rp_doc *d, const char *text);

/* Starts a table of NCOLS columns with the header cells HEAD. */
void rp_doc_table(rp_doc *d, size_t ncols, const char *const *head);

/* One row of the current table: ncols cells. */
void rp_doc_row(rp_doc *d, const char *const *cells);

/* Ends the current table. */
void rp_doc_table_end(rp_doc *d);

/* The chart charts/STEM.svg (W x H pixels, linked to its PNG) with the
 * caption TEXT. */
void rp_doc_chart(rp_doc *d, const char *stem, const char *text, int w, int h);

/* Writes the tails and closes both files. Returns 0, or -1 with one line
 * in ERR if any write failed. Safe on a document that failed to open. */
int rp_doc_close(rp_doc *d, char *err, size_t len);

#endif /* MMAPLAB_REPORTS_RP_DOC_H */
