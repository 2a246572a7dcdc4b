/* rp_conform_matrix.h - the port matrix of conformance reports: one
 * column per host, one row per area (a case id up to its first '/'),
 * each cell "pass / expected / unexpected" with the notes of the cases
 * (errno-name, pagesize) when there are any, a totals row and a row of
 * the cases neither passed nor failed (skip, needs-golden,
 * reference-crash). Each column header links to the host's port page
 * (rp_conform_port.h). */
#ifndef MMAPLAB_REPORTS_RP_CONFORM_MATRIX_H
#define MMAPLAB_REPORTS_RP_CONFORM_MATRIX_H

#include "rp_build.h"

/* Cases of one host in one area (or in all of them), by grade and note. */
typedef struct rp_cm_counts {
  size_t pass, expected, fail, skip, needs_golden, ref_crash;
  size_t errno_name, pagesize; /* cases with the note */
} rp_cm_counts;

/* One host: a column of the matrix. */
typedef struct rp_cm_host {
  const rs_result *r;  /* its report.json (borrowed) */
  char *label;         /* "pyodide (cpython 3.14.2, pyodide 314.0.7)" */
  char *slug;          /* its port pages' file stem: the host name with
                          every byte but [A-Za-z0-9._-] made '-', unique */
  rp_cm_counts *cells; /* per area, in the order of the matrix's areas */
  rp_cm_counts total;
} rp_cm_host;

typedef struct rp_cmatrix {
  rp_strs areas;     /* sorted (rp_name_cmp) */
  rp_cm_host *hosts; /* ordered: CPython hosts by version, then the others
                        (PyPy, the core, Pyodide...) by host name */
  size_t nhosts;
} rp_cmatrix;

/* Builds M from the conformance reports among the NRES results RES
 * (others are passed over); M borrows RES until rp_cmatrix_free. Optional
 * fields of the cases ("note", "class_kind") may be absent. Returns 0, or
 * -1 when out of memory (M is then freed). */
int rp_cmatrix_build(rp_cmatrix *m, const rs_result *res, size_t nres);

/* Frees M and zeroes it; safe on a zeroed matrix. */
void rp_cmatrix_free(rp_cmatrix *m);

/* The text of a matrix cell of C into BUF (LEN bytes): "P / E / U", then
 * " (errno-name N, pagesize N)" for the notes that are not 0; "-" when C
 * has no case at all. */
void rp_cm_cell_text(char *buf, size_t len, const rp_cm_counts *c);

/* Writes M as a table into D; the column headers link to
 * PORTS/SLUG.md in Markdown and PORTS/SLUG.html in HTML. Returns 0, or
 * -1 when out of memory. */
int rp_cmatrix_table(const rp_cmatrix *m, rp_doc *d, const char *ports);

/* The report's port matrix (in its conformance section: the heading
 * "Port matrix", the table, and ports/SLUG.{md,html} in the report's
 * directory). Returns 0, or -1 with B->err. */
int rp_conform_matrix_section(rp_build *b);

/* Writes DIR/matrix.md, DIR/matrix.html and DIR/ports/SLUG.{md,html} for
 * the conformance reports among RES (mmaplab-conform matrix), each file
 * replaced whole; DIR and DIR/ports are created when missing. Returns 0,
 * or -1 with one line in ERR (LEN bytes). */
int rp_conform_matrix_write(const rs_result *res, size_t nres, const char *dir,
                            char *err, size_t len);

#endif /* MMAPLAB_REPORTS_RP_CONFORM_MATRIX_H */
