/* rp_docfile.h - an rp_doc written to two files of any names, each
 * replaced whole (util/ut_output.h): the document is built in memory and
 * written out when committed, so a reader never sees half a page. */
#ifndef MMAPLAB_REPORTS_RP_DOCFILE_H
#define MMAPLAB_REPORTS_RP_DOCFILE_H

#include "rp_doc.h"

typedef struct rp_docfile {
  rp_doc doc; /* write with the rp_doc functions */
  char *md;   /* internal: the memory streams' buffers */
  char *html;
  size_t md_len, html_len;
} rp_docfile;

/* Starts F's document with TITLE, in memory. Returns 0, or -1 with one
 * line in ERR (LEN bytes); nothing to free then. */
int rp_docfile_open(rp_docfile *f, const char *title, char *err, size_t len);

/* Ends F's document and writes it to MD_PATH and HTML_PATH; frees F in
 * every case. Returns 0, or -1 with one line in ERR (LEN bytes). */
int rp_docfile_commit(rp_docfile *f, const char *md_path, const char *html_path,
                      char *err, size_t len);

/* Frees F without writing anything. */
void rp_docfile_discard(rp_docfile *f);

#endif /* MMAPLAB_REPORTS_RP_DOCFILE_H */
