/* rp_docfile.c - documents written whole to named files (rp_docfile.h). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "rp_docfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_output.h"

int rp_docfile_open(rp_docfile *f, const char *title, char *err, size_t len) {
  FILE *md, *html = NULL;
  memset(f, 0, sizeof *f);
  if ((md = open_memstream(&f->md, &f->md_len)) == NULL ||
      (html = open_memstream(&f->html, &f->html_len)) == NULL) {
    snprintf(err, len, "out of memory: %s", strerror(errno));
    if (md != NULL)
      fclose(md);
    free(f->md);
    f->md = NULL;
    return -1;
  }
  rp_doc_begin(&f->doc, md, html, title);
  return 0;
}

int rp_docfile_commit(rp_docfile *f, const char *md_path, const char *html_path,
                      char *err, size_t len) {
  /* the streams' buffers are final once closed */
  int rc = rp_doc_close(&f->doc, err, len);
  if (rc == 0 && ut_write_file(md_path, f->md, f->md_len, err, len) != 0)
    rc = -1;
  if (rc == 0 && ut_write_file(html_path, f->html, f->html_len, err, len) != 0)
    rc = -1;
  free(f->md);
  free(f->html);
  memset(f, 0, sizeof *f);
  return rc;
}

void rp_docfile_discard(rp_docfile *f) {
  char err[8];
  rp_doc_close(&f->doc, err, sizeof err);
  free(f->md);
  free(f->html);
  memset(f, 0, sizeof *f);
}
