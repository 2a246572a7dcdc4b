/* rp_doc.c - the Markdown and HTML document writer (rp_doc.h). */
#include "rp_doc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_str.h"

static const char css[] =
    "body{font-family:sans-serif;margin:1.5em;max-width:80em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "th,td{border:1px solid #bbb;padding:.2em .5em;font-size:90%}"
    "td{text-align:right;font-variant-numeric:tabular-nums}"
    "td:first-child{text-align:left;font-family:monospace}"
    "th{background:#eee}figure{margin:1em 0}"
    "img{max-width:100%;height:auto;border:1px solid #ddd}"
    "#findings{border-left:4px solid #369;padding:0 .8em;margin:.5em 0}"
    "#findings h2{margin:.3em 0}#findings ul{margin:.3em 0;padding-left:1.2em}"
    "#findings li{margin:.15em 0}tr:target{background:#ffc}";

/* HTML text: the four characters that markup would take as its own. */
static void html_text(FILE *f, const char *s) {
  for (; *s != '\0'; s++) {
    const char *entity = *s == '<'   ? "&lt;"
                         : *s == '>' ? "&gt;"
                         : *s == '&' ? "&amp;"
                         : *s == '"' ? "&quot;"
                                     : NULL;
    if (entity != NULL)
      fputs(entity, f);
    else
      fputc(*s, f);
  }
}

/* Markdown text: '|' would end a table cell, '*' and '`' would start
 * emphasis or code ('_' inside words does not), '[' and ']' a link. */
static void md_text(FILE *f, const char *s) {
  for (; *s != '\0'; s++) {
    if (strchr("|*`\\<[]", *s) != NULL)
      fputc('\\', f);
    fputc(*s == '\n' ? ' ' : *s, f);
  }
}

/* HREF for both formats: a leading '#' kept, every byte but
 * [A-Za-z0-9._~/-] percent-encoded (a file name may hold anything). */
static void href_text(FILE *f, const char *href) {
  const char *s = href;
  if (*s == '#')
    fputc(*s++, f);
  for (; *s != '\0'; s++) {
    const unsigned char c = (unsigned char)*s;
    if (isalnum(c) || strchr("._~/-", c) != NULL)
      fputc(c, f);
    else
      fprintf(f, "%%%02X", c);
  }
}

void rp_doc_id(char *buf, size_t len, const char *prefix, const char *name) {
  size_t n = (size_t)snprintf(buf, len, "%s", prefix);
  int dash = 1; /* a '-' goes before the next kept character */
  for (const char *s = name; *s != '\0' && n + 2 < len; s++) {
    const unsigned char c = (unsigned char)tolower((unsigned char)*s);
    if (!isalnum(c) && c != '.') {
      dash = 1;
      continue;
    }
    if (dash)
      buf[n++] = '-';
    buf[n++] = (char)c;
    dash = 0;
  }
  if (n < len)
    buf[n] = '\0';
}

void rp_doc_begin(rp_doc *d, FILE *md, FILE *html, const char *title) {
  memset(d, 0, sizeof *d);
  d->md = md;
  d->html = html;
  fputs("# ", d->md);
  md_text(d->md, title);
  fputs("\n\n", d->md);
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n<title>",
        d->html);
  html_text(d->html, title);
  fprintf(d->html, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
  html_text(d->html, title);
  fputs("</h1>\n", d->html);
}

int rp_doc_open(rp_doc *d, const char *dir, const char *title, char *err,
                size_t len) {
  char *md = ut_xasprintf("%s/summary.md", dir);
  char *html = ut_xasprintf("%s/index.html", dir);
  FILE *fm = NULL, *fh = NULL;
  memset(d, 0, sizeof *d);
  if ((fm = fopen(md, "w")) == NULL || (fh = fopen(html, "w")) == NULL) {
    snprintf(err, len, "%s: %s", fm ? html : md, strerror(errno));
    if (fm != NULL)
      fclose(fm);
    free(md);
    free(html);
    return -1;
  }
  free(md);
  free(html);
  rp_doc_begin(d, fm, fh, title);
  return 0;
}

void rp_doc_heading(rp_doc *d, int level, const char *text) {
  fprintf(d->md, "%.*s ", level, "######");
  md_text(d->md, text);
  fputs("\n\n", d->md);
  fprintf(d->html, "<h%d>", level);
  html_text(d->html, text);
  fprintf(d->html, "</h%d>\n", level);
}

void rp_doc_heading_id(rp_doc *d, int level, const char *id, const char *text) {
  fprintf(d->md, "<a id=\"%s\"></a>\n\n%.*s ", id, level, "######");
  md_text(d->md, text);
  fputs("\n\n", d->md);
  fprintf(d->html, "<h%d id=\"%s\">", level, id);
  html_text(d->html, text);
  fprintf(d->html, "</h%d>\n", level);
}

void rp_doc_section(rp_doc *d, const char *id) {
  fprintf(d->md, "<a id=\"%s\"></a>\n\n", id);
  fprintf(d->html, "<section id=\"%s\">\n", id);
}

void rp_doc_section_end(rp_doc *d) { fputs("</section>\n", d->html); }

void rp_doc_list(rp_doc *d) { fputs("<ul>\n", d->html); }

void rp_doc_item(rp_doc *d) {
  fputs("- ", d->md);
  fputs("<li>", d->html);
}

void rp_doc_item_end(rp_doc *d) {
  fputs("\n", d->md);
  fputs("</li>\n", d->html);
}

void rp_doc_list_end(rp_doc *d) {
  fputs("\n", d->md);
  fputs("</ul>\n", d->html);
}

void rp_doc_text(rp_doc *d, const char *text) {
  md_text(d->md, text);
  html_text(d->html, text);
}

void rp_doc_strong(rp_doc *d, const char *text) {
  fputs("**", d->md);
  md_text(d->md, text);
  fputs("**", d->md);
  fputs("<strong>", d->html);
  html_text(d->html, text);
  fputs("</strong>", d->html);
}

void rp_doc_link2(rp_doc *d, const char *href_md, const char *href_html,
                  const char *text) {
  fputc('[', d->md);
  md_text(d->md, text);
  fputs("](", d->md);
  href_text(d->md, href_md);
  fputc(')', d->md);
  fputs("<a href=\"", d->html);
  href_text(d->html, href_html);
  fputs("\">", d->html);
  html_text(d->html, text);
  fputs("</a>", d->html);
}

void rp_doc_link(rp_doc *d, const char *href, const char *text) {
  rp_doc_link2(d, href, href, text);
}

void rp_doc_para(rp_doc *d, const char *text) {
  md_text(d->md, text);
  fputs("\n\n", d->md);
  fputs("<p>", d->html);
  html_text(d->html, text);
  fputs("</p>\n", d->html);
}

/* One table row of the current table's cells, HTML cells of TAG ("th"
 * or "td"), with the anchor ID (NULL: none; MD_ANCHOR: in Markdown too)
 * and the links HREFS in Markdown and HTML_HREFS in HTML (NULL: none). */
static void row(rp_doc *d, const char *tag, const char *id, int md_anchor,
                const char *const *cells, const char *const *hrefs,
                const char *const *html_hrefs) {
  if (id != NULL)
    fprintf(d->html, "<tr id=\"%s\">", id);
  else
    fputs("<tr>", d->html);
  for (size_t i = 0; i < d->ncols; i++) {
    fputs("| ", d->md);
    if (i == 0 && id != NULL && md_anchor)
      fprintf(d->md, "<a id=\"%s\"></a>", id);
    fprintf(d->html, "<%s>", tag);
    if (hrefs != NULL && hrefs[i] != NULL)
      rp_doc_link2(d, hrefs[i], html_hrefs[i], cells[i]);
    else
      rp_doc_text(d, cells[i]);
    fputc(' ', d->md);
    fprintf(d->html, "</%s>", tag);
  }
  fputs("|\n", d->md);
  fputs("</tr>\n", d->html);
}

void rp_doc_table(rp_doc *d, size_t ncols, const char *const *head) {
  rp_doc_table_ex(d, ncols, head, NULL, NULL);
}

void rp_doc_table_ex(rp_doc *d, size_t ncols, const char *const *head,
                     const char *const *md_hrefs,
                     const char *const *html_hrefs) {
  d->ncols = ncols;
  fputs("<table>\n", d->html);
  row(d, "th", NULL, 0, head, md_hrefs, html_hrefs ? html_hrefs : md_hrefs);
  /* Markdown's separator line comes after the head row */
  for (size_t i = 0; i < ncols; i++)
    fputs(i == 0 ? "| --- " : "| ---: ", d->md);
  fputs("|\n", d->md);
}

void rp_doc_row(rp_doc *d, const char *const *cells) {
  row(d, "td", NULL, 0, cells, NULL, NULL);
}

void rp_doc_row_ex(rp_doc *d, const char *id, int md_anchor,
                   const char *const *cells, const char *const *hrefs) {
  row(d, "td", id, md_anchor, cells, hrefs, hrefs);
}

void rp_doc_table_end(rp_doc *d) {
  d->ncols = 0;
  fputs("\n", d->md);
  fputs("</table>\n", d->html);
}

void rp_doc_chart(rp_doc *d, const char *stem, const char *text, int w, int h) {
  fprintf(d->md, "![");
  md_text(d->md, text);
  fprintf(d->md, "](charts/%s.svg) ([PNG](charts/%s.png))\n\n", stem, stem);
  fprintf(d->html,
          "<figure><a href=\"charts/%s.png\"><img src=\"charts/%s.svg\" alt=\"",
          stem, stem);
  html_text(d->html, text);
  fprintf(d->html, "\" width=\"%d\" height=\"%d\"></a><figcaption>", w, h);
  html_text(d->html, text);
  fputs("</figcaption></figure>\n", d->html);
}

/* Closes F; 0, or the errno of its first failed write or of the close. */
static int close_file(FILE *f) {
  int e = 0;
  if (f == NULL)
    return 0;
  errno = 0;
  if (ferror(f) || fflush(f) != 0)
    e = errno ? errno : EIO; /* a failed write earlier: errno is lost */
  if (fclose(f) != 0 && e == 0)
    e = errno;
  return e;
}

int rp_doc_close(rp_doc *d, char *err, size_t len) {
  int e;
  if (d->html != NULL)
    fputs("</body>\n</html>\n", d->html);
  e = close_file(d->md);
  if (e != 0)
    close_file(d->html);
  else
    e = close_file(d->html);
  d->md = d->html = NULL;
  if (e != 0) {
    snprintf(err, len, "writing summary.md or index.html failed: %s",
             strerror(e));
    return -1;
  }
  return 0;
}
