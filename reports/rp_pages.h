/* rp_pages.h - this machine's page behaviour in short sentences, each
 * computed by a rule from benchmark rows and naming the rows (and values)
 * it comes from. `mmaplab pages` prints them; `mmaplab report` writes them
 * as its "Page behaviour" section. The rules (rp_pages.c; every threshold
 * below):
 *
 *   file-read-faults  per filesystem, the 4 KiB pages one read fault of a
 *               warm file map maps (filemap/file-shared/read/warm/normal/
 *               fs:FS, pages_per_fault; and fault/file-shared/read/plain/
 *               page:4k on the bench directory, 1/faults_per_page): 1 is no
 *               fault-around, up to RP_PAGES_AROUND_MAX fault-around, more
 *               large folios mapped whole;
 *   first-write the ns and faults per 4 KiB page of a first write to
 *               anonymous private memory (fault/anon-private/write/plain)
 *               in each page mode measured, the cheapest against 4k;
 *   default-page  what a program that asks for nothing gets (page:default):
 *               the page size one fault maps, from faults_per_page;
 *   populate    per mapping kind and page mode, a write after MAP_POPULATE
 *               or MADV_POPULATE_WRITE: prep + touch ns per page against
 *               the plain map's, the difference in percent;
 *   cold-read   per filesystem, a cold read against a warm one (ns_per_page
 *               of .../read/cold/normal against .../read/warm/normal) and
 *               its major faults per page;
 *   readahead   per filesystem, the cold read with MADV_SEQUENTIAL, NORMAL
 *               and RANDOM: major faults per page and the pages each made
 *               resident (resident_per_fault);
 * and the anomalies:
 *   lazy-backing  a touch after MAP_POPULATE or MADV_POPULATE_WRITE that
 *               takes no fault (below RP_PAGES_NO_FAULT per page) and yet
 *               costs more than RP_PAGES_LAZY_FACTOR times the cheapest
 *               other touch without faults: pages the guest kernel holds
 *               resident that are not backed yet (a hypervisor backing
 *               guest memory lazily);
 *   not-obtained  error entries of rows whose page mode, filesystem or
 *               cache state was asked for and not obtained ("... not
 *               obtained: ..."), per cause;
 *   default-vs-setting  page:default got a page size other than the one
 *               the fingerprint's THP settings (thp.enabled, thp.mthp)
 *               promise an unadvised first write, by more than a factor
 *               RP_PAGES_SIZE_FACTOR.
 * Not an anomaly, and said before them: cells this machine or filesystem
 * cannot have ("unavailable: ...", such as a cold cache on tmpfs), one
 * "Not measurable here" sentence per reason (rule "unavailable").
 * A rule whose rows are absent says nothing; the rules that found no rows
 * are named in one "not measured" list.
 */
#ifndef MMAPLAB_REPORTS_RP_PAGES_H
#define MMAPLAB_REPORTS_RP_PAGES_H

#include <jansson.h>
#include <stdio.h>

#include "rp_build.h"
#include "rp_pool.h"

/* One page per fault at most this: no fault-around (1, with slack for a
 * fault-around window cut short at the file's or the map's end). */
#define RP_PAGES_ONE_MAX 1.5
/* Fault-around maps fault_around_bytes, 64 KiB = 16 pages by default; up
 * to this (16 with 25% slack) it is fault-around, beyond it whole large
 * folios are mapped (filemap_map_pages maps a folio at once). */
#define RP_PAGES_AROUND_MAX 20.0
/* A touch without faults: fewer than this per 4 KiB page (one fault in a
 * hundred pages; a populated touch counts 0). */
#define RP_PAGES_NO_FAULT 0.01
/* lazy-backing: a populated touch above this multiple of the cheapest
 * other fault-free touch. A resident 4 KiB page costs a TLB miss, tens of
 * ns; a host fault behind it costs microseconds, a hundred times more. */
#define RP_PAGES_LAZY_FACTOR 10.0
/* The page size one fault maps is named when 4096 / faults_per_page is
 * within this factor of a power of two (2^0.25: 19%); else it is a mix. */
#define RP_PAGES_SIZE_SLACK 1.19
/* default-vs-setting: the size got and the size the settings promise
 * differ by more than this factor. */
#define RP_PAGES_SIZE_FACTOR 2.0

/* Rows named per sentence in the text and in the report; the rest are
 * counted there (and listed in the JSON): a sentence stays readable when
 * a rule flags hundreds of rows of the full matrix. */
#define RP_PAGES_ROWS_SHOWN 8

/* A row a sentence comes from, with the values it read. */
typedef struct rp_pages_row {
  char *name;  /* the benchmark's name without "iterations:N", "manual_time"
                  and "real_time" */
  char *id;    /* its anchor in a report: its row in the family's table, or
                  in the errors table for an error entry */
  char *error; /* an error entry's message, or NULL */
  size_t nval;
  struct {
    const char *key; /* a counter ("pages_per_fault") or "ns_per_page" */
    double v;
  } val[6];
} rp_pages_row;

/* One sentence. */
typedef struct rp_pages_line {
  const char *rule; /* "file-read-faults", ... (above) */
  int anomaly;      /* 1 for the anomaly rules */
  char *text;       /* the sentence, ending with '.' */
  rp_pages_row *rows;
  size_t nrows;
  size_t cap; /* internal: room in rows */
} rp_pages_line;

/* The profile. Zero-initialise; free with rp_pages_free. */
typedef struct rp_pages {
  rp_pages_line *v;
  size_t n;
  size_t cap;           /* internal: room in v */
  rp_strs not_measured; /* per rule without rows: "cold-read (no filemap
                           .../read/cold rows)" */
} rp_pages;

/* Computes the profile of P (pooled benchmarks) and RES (NRES loaded
 * result files, for their error entries and fingerprints) into OUT. Out
 * of memory aborts (ut_str.h). */
void rp_pages_compute(const rp_pool *p, const rs_result *res, size_t nres,
                      rp_pages *out);

/* Frees OUT's sentences and zeroes it. */
void rp_pages_free(rp_pages *out);

/* Writes PG as plain text to F: per sentence a "- " line, then per row (the
 * first RP_PAGES_ROWS_SHOWN, then "and N more rows") an indented
 * "    NAME: KEY VALUE, ..." line, then the "not measured" line. 0, or -1
 * if a write failed. */
int rp_pages_print(const rp_pages *pg, FILE *f);

/* PG as JSON: {"sentences": [{"rule", "anomaly", "text", "rows": [{"name",
 * "values": {KEY: VALUE}, "error"}]}], "not_measured": [...]}; a new
 * reference, NULL out of memory. */
json_t *rp_pages_json(const rp_pages *pg);

/* Writes the "Page behaviour" section (anchor "pages") of P and B's inputs
 * into B's document: each sentence, then links to its rows' anchors (the
 * first RP_PAGES_ROWS_SHOWN, then "and N more" linked to the table of the
 * next; recorded in B->linked, so that the tables written after it anchor
 * them in summary.md too). Call it before the tables. 0, or -1 out of memory.
 */
int rp_pages_section(rp_build *b, const rp_pool *p);

#endif /* MMAPLAB_REPORTS_RP_PAGES_H */
