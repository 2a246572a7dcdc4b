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

/* Starts the document D on the open files MD and HTML (D takes them
 * over; rp_doc_close closes them) and writes their heads with TITLE. */
void rp_doc_begin(rp_doc *d, FILE *md, FILE *html, const char *title);

/* A heading of LEVEL (2 or 3) with TEXT. */
void rp_doc_heading(rp_doc *d, int level, const char *text);

/* A heading as rp_doc_heading, with the anchor ID (made by rp_doc_id):
 * the HTML heading's id, and an <a id> before it in Markdown. */
void rp_doc_heading_id(rp_doc *d, int level, const char *id, const char *text);

/* Writes into BUF (LEN bytes) the anchor id PREFIX-NAME with every run of
 * characters but [a-z0-9.] in NAME made one '-' (letters lowered):
 * rp_doc_id(b, n, "r-find", "random/miss/page:4k") is
 * "r-find-random-miss-page-4k". Tables and the findings that link to
 * their rows make ids with it alike. */
void rp_doc_id(char *buf, size_t len, const char *prefix, const char *name);

/* Starts a section with the anchor ID (an HTML <section>; an <a id> in
 * Markdown), ended by rp_doc_section_end. */
void rp_doc_section(rp_doc *d, const char *id);
void rp_doc_section_end(rp_doc *d);

/* A bulleted list: rp_doc_list, then per item rp_doc_item, its text in
 * pieces (rp_doc_text, rp_doc_link) and rp_doc_item_end, then
 * rp_doc_list_end. */
void rp_doc_list(rp_doc *d);
void rp_doc_item(rp_doc *d);
void rp_doc_item_end(rp_doc *d);
void rp_doc_list_end(rp_doc *d);

/* Plain TEXT inside an item or a paragraph begun with rp_doc_para_begin
 * (escaped for each format). */
void rp_doc_text(rp_doc *d, const char *text);

/* TEXT in bold, inside an item or a paragraph. */
void rp_doc_strong(rp_doc *d, const char *text);

/* A link with TEXT to HREF: "#ID" within the page, or a relative path
 * (percent-encoded here). */
void rp_doc_link(rp_doc *d, const char *href, const char *text);

/* A link as rp_doc_link, to HREF_MD in Markdown and HREF_HTML in HTML: a
 * page written in both formats links to the sibling of its own format. */
void rp_doc_link2(rp_doc *d, const char *href_md, const char *href_html,
                  const char *text);

/* A paragraph of plain TEXT (escaped for each format). */
void rp_doc_para(rp_doc *d, const char *text);

/* Starts a table of NCOLS columns with the header cells HEAD. */
void rp_doc_table(rp_doc *d, size_t ncols, const char *const *head);

/* A table as rp_doc_table whose header cells link: to MD_HREFS in
 * Markdown, HTML_HREFS in HTML (each NULL, or ncols entries, NULL for a
 * plain cell; HTML_HREFS NULL: MD_HREFS in both). */
void rp_doc_table_ex(rp_doc *d, size_t ncols, const char *const *head,
                     const char *const *md_hrefs,
                     const char *const *html_hrefs);

/* One row of the current table: ncols cells. */
void rp_doc_row(rp_doc *d, const char *const *cells);

/* One row as rp_doc_row, with the anchor ID (NULL: none) on the HTML row
 * and, if MD_ANCHOR, as an <a id> in the first Markdown cell; HREFS
 * (NULL, or ncols entries, NULL for a plain cell) make cells links. */
void rp_doc_row_ex(rp_doc *d, const char *id, int md_anchor,
                   const char *const *cells, const char *const *hrefs);

/* Ends the current table. */
void rp_doc_table_end(rp_doc *d);

/* The chart charts/STEM.svg (W x H pixels, linked to its PNG) with the
 * caption TEXT. */
void rp_doc_chart(rp_doc *d, const char *stem, const char *text, int w, int h);

/* Writes the tails and closes both files. Returns 0, or -1 with one line
 * in ERR if any write failed. Safe on a document that failed to open. */
int rp_doc_close(rp_doc *d, char *err, size_t len);

#endif /* MMAPLAB_REPORTS_RP_DOC_H */
