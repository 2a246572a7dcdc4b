/* rp_bstatus.c - the page modes and errors tables (rp_bstatus.h). */
#include "rp_bstatus.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODE_KEY "mmaplab_page_mode_"

int rp_page_modes(const rp_build *b, rp_strs *out) {
  static const char *const known[] = {"4k", "thp", "huge2m", "huge1g", NULL};
  rp_strs seen = {0};
  int rc = 0;
  char mode[64];
  for (size_t i = 0; rc == 0 && i < b->nres; i++) {
    const char *key;
    json_t *v;
    if (b->res[i].kind != RS_RESULT_GBENCH)
      continue;
    json_object_foreach(b->res[i].context, key, v) {
      if (strncmp(key, MODE_KEY, strlen(MODE_KEY)) == 0 && json_is_string(v) &&
          rp_strs_intern(&seen, key + strlen(MODE_KEY)) < 0)
        rc = -1;
    }
    for (size_t k = 0; rc == 0 && k < b->res[i].nbenches; k++)
      if (rp_bench_fallback(&b->res[i].benches[k], mode, sizeof mode) &&
          rp_strs_intern(&seen, mode) < 0)
        rc = -1;
  }
  if (rc == 0)
    rc = rp_strs_add_ordered(out, known, &seen);
  rp_strs_free(&seen);
  return rc;
}

const char *rp_page_mode_note(const rp_build *b, const char *mode) {
  char key[128];
  snprintf(key, sizeof key, MODE_KEY "%s", mode);
  for (size_t i = 0; i < b->nres; i++) {
    const char *note =
        b->res[i].kind == RS_RESULT_GBENCH
            ? json_string_value(json_object_get(b->res[i].context, key))
            : NULL;
    if (note != NULL)
      return note;
  }
  return NULL;
}

int rp_page_mode_missing(const char *note) {
  return note != NULL && (strncmp(note, "unavailable", 11) == 0 ||
                          strncmp(note, "not run", 7) == 0);
}

int rp_bench_fallback(const rs_bench *bench, char *buf, size_t len) {
  const char *m = bench->error_message;
  static const char head[] = "page mode ", tail[] = " not obtained";
  const char *end;
  if (bench->nerrors == 0 || m == NULL || strncmp(m, head, strlen(head)) != 0 ||
      (end = strstr(m, tail)) == NULL)
    return 0;
  snprintf(buf, len, "%.*s", (int)(end - m - strlen(head)), m + strlen(head));
  return 1;
}

void rp_error_id(char *buf, size_t len, const rs_bench *bench) {
  rp_doc_id(buf, len, "e", bench->name);
}

void rp_page_mode_counts(const rp_build *b, const rp_pool *p,
                         const rp_strs *modes, size_t *runs, size_t *fell) {
  char v[64];
  long m;
  for (size_t i = 0; i < modes->n; i++)
    fell[i] = runs ? (runs[i] = 0) : 0;
  for (size_t k = 0; runs != NULL && k < p->n; k++)
    if (rs_name_param(p->e[k].b->name, "page", v, sizeof v) &&
        (m = rp_strs_find(modes, v)) >= 0)
      runs[m]++;
  for (size_t i = 0; i < b->nres; i++)
    for (size_t k = 0; k < b->res[i].nbenches; k++)
      if (rp_bench_fallback(&b->res[i].benches[k], v, sizeof v) &&
          (m = rp_strs_find(modes, v)) >= 0)
        fell[m]++;
}

int rp_bstatus_page_modes(rp_build *b, const rp_pool *p) {
  static const char *const head[] = {"mode", "what the run says",
                                     "benchmarks run", "fell back"};
  rp_strs modes = {0};
  size_t *runs = NULL, *fell = NULL;
  if (rp_page_modes(b, &modes) != 0 ||
      (runs = calloc(modes.n + 1, sizeof *runs)) == NULL ||
      (fell = calloc(modes.n + 1, sizeof *fell)) == NULL) {
    rp_strs_free(&modes);
    free(runs);
    return -1;
  }
  rp_page_mode_counts(b, p, &modes, runs, fell);
  if (modes.n > 0) {
    rp_doc_heading_id(&b->doc, 2, "t-page-modes", "Page modes");
    rp_doc_table(&b->doc, 4, head);
  }
  for (size_t i = 0; i < modes.n; i++) {
    char id[96], nrun[32], nfell[32];
    const char *row[4];
    snprintf(nrun, sizeof nrun, "%zu", runs[i]);
    snprintf(nfell, sizeof nfell, "%zu", fell[i]);
    rp_doc_id(id, sizeof id, "pm", modes.v[i]);
    row[0] = modes.v[i];
    row[1] = rp_page_mode_note(b, modes.v[i]);
    row[1] = row[1] ? row[1] : "-";
    row[2] = nrun;
    row[3] = nfell;
    rp_build_row(b, id, row, NULL);
  }
  if (modes.n > 0)
    rp_doc_table_end(&b->doc);
  rp_strs_free(&modes);
  free(runs);
  free(fell);
  return 0;
}

void rp_bstatus_errors(rp_build *b) {
  static const char *const head[] = {"benchmark", "file", "errors", "message"};
  int any = 0;
  for (size_t i = 0; i < b->nres; i++)
    for (size_t k = 0; k < b->res[i].nbenches; k++) {
      const rs_bench *bench = &b->res[i].benches[k];
      char id[600], n[64];
      const char *row[4], *href[4] = {NULL, NULL, NULL, NULL};
      if (bench->nerrors == 0)
        continue;
      if (!any) {
        rp_doc_heading_id(&b->doc, 2, "t-errors", "Benchmark errors");
        rp_doc_table(&b->doc, 4, head);
        any = 1;
      }
      snprintf(n, sizeof n, "%zu of %zu runs", bench->nerrors,
               bench->nerrors + bench->nsamples);
      rp_error_id(id, sizeof id, bench);
      row[0] = bench->name;
      row[1] = href[1] = b->data.v[i];
      row[2] = n;
      row[3] = bench->error_message ? bench->error_message : "?";
      rp_build_row(b, id, row, href);
    }
  if (any)
    rp_doc_table_end(&b->doc);
}
