/* rp_fpdiff.h - the fingerprint fields that differ between machines. */
#ifndef MMAPLAB_REPORTS_RP_FPDIFF_H
#define MMAPLAB_REPORTS_RP_FPDIFF_H

#include <jansson.h>
#include <stddef.h>

#include "rp_doc.h"

/* Writes a table "field | LABELS[0] | LABELS[1] ..." of every leaf of the
 * N fingerprints FPS (dotted paths, arrays as [i]; a NULL fingerprint or a
 * missing field shows "-") whose values are not all equal, in path order.
 * Returns the number of such fields, or -1 when out of memory (nothing
 * written then). */
long rp_fpdiff_table(rp_doc *d, const json_t *const *fps,
                     const char *const *labels, size_t n);

#endif /* MMAPLAB_REPORTS_RP_FPDIFF_H */
