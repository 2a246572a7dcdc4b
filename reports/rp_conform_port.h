/* rp_conform_port.h - a port page: one host's conformance report as the
 * differences that are known (grouped by their expectation class: the
 * class, its kind and reason, the cases with the level that differed),
 * the unexpected failures, and the counts of the notes. */
#ifndef MMAPLAB_REPORTS_RP_CONFORM_PORT_H
#define MMAPLAB_REPORTS_RP_CONFORM_PORT_H

#include "rp_conform_matrix.h"

/* Writes the body of the port page of host H into D, with a link back to
 * BACK_MD (Markdown) and BACK_HTML (HTML). Returns 0, or -1 when out of
 * memory. */
int rp_conform_port_page(const rp_cm_host *h, rp_doc *d, const char *back_md,
                         const char *back_html);

/* Writes DIR/ports/SLUG.md and DIR/ports/SLUG.html for every host of M
 * (creating DIR/ports), linking back to BACK_MD and BACK_HTML (relative to
 * the port page). Returns 0, or -1 with one line in ERR (LEN bytes). */
int rp_conform_ports_write(const rp_cmatrix *m, const char *dir,
                           const char *back_md, const char *back_html,
                           char *err, size_t len);

#endif /* MMAPLAB_REPORTS_RP_CONFORM_PORT_H */
