/* conform_casedir.h - the private directory of one case (INTERPRETING.md
 * 3): created fresh, filled from the case's "files", read back after the
 * case (7), removed. */
#ifndef MML_CONFORM_CASEDIR_H
#define MML_CONFORM_CASEDIR_H

#include <jansson.h>

/* Files up to this size are recorded as bytes, larger ones by digest. */
#define CF_FILE_INLINE_MAX 256

/* Makes a fresh directory under $TMPDIR (or /tmp) and creates FILES (as
 * resolved by cf_resolve_case) in it. On success returns 0, *DIR (malloc'd)
 * and *PATHS (name -> absolute path, a new reference). Returns -1 with
 * *WHY malloc'd if a file cannot be created (the directory is then already
 * removed), or with *WHY NULL after cf_error if the directory itself cannot
 * be made (no case can run then). */
int cf_casedir_create(const json_t *files, char **dir, json_t **paths,
                      char **why);

/* The record of every regular file of PATHS: name -> {"bytes": hex} or
 * {"size": N, "sha256": hex}. A new reference. */
json_t *cf_casedir_read(const json_t *paths);

/* Removes DIR and everything in it. */
void cf_casedir_remove(const char *dir);

/* The paths the host is given for PATHS (name -> absolute path), as a new
 * object: the same for a host on this system; for a Windows host
 * (platform "win32", run under Wine by the emulator) the Wine path of each
 * file, its Unix path on drive Z:. */
json_t *cf_casedir_host_paths(const json_t *paths, const char *platform);

#endif /* MML_CONFORM_CASEDIR_H */
