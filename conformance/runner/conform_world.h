/* conform_world.h - world operations (INTERPRETING.md 4.2), performed by
 * the runner between host operations, never sent to a host. */
#ifndef MML_CONFORM_WORLD_H
#define MML_CONFORM_WORLD_H

#include <jansson.h>

/* Whether op name NAME is a world operation. */
int cf_is_world_op(const char *name);

/* Performs resolved world op OP on the case's files (PATHS: name ->
 * path) and returns its result (4.3): {"value": V} or, when the system
 * call fails, {"raise": ...} with the OSError subclass Python would
 * raise. A new reference. */
json_t *cf_world_op(const json_t *op, const json_t *paths);

/* The Python exception class of an OSError with errno ERR ("OSError",
 * "FileNotFoundError", ...). */
const char *cf_oserror_class(int err);

#endif /* MML_CONFORM_WORLD_H */
