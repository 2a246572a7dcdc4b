/* conform_util.h - small helpers of the runner: error lines, files and
 * directories, output files. Growable strings, allocation that cannot fail
 * and the clock come from util/ (ut_str.h, ut_time.h), included here.
 *
 * Errors: functions that can fail on bad input print ONE line on stderr
 * (cf_error) and return -1; the command then exits with status 2. Nothing
 * here exits the process.
 */
#ifndef MML_CONFORM_UTIL_H
#define MML_CONFORM_UTIL_H

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>

#include "ut_str.h"
#include "ut_time.h"

/* Prints "mmaplab-conform: <message>" and a newline on stderr. */
void cf_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Formats a one-line reason into WHY (WHYLEN bytes) and returns -1, for
 * "return cf_why(why, whylen, ...);" in validators. */
int cf_why(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes LEN bytes to PATH by the rules of util/ut_output.h: a regular
 * file or a new name is replaced whole by rename from a temporary sibling,
 * a symbolic link is followed and kept, a device or FIFO is written in
 * place. Creates missing parent directories. Returns 0, or -1 after
 * cf_error. */
int cf_write_file(const char *path, const char *data, size_t len);

/* Writes JSON (flags as json_dumps) plus a trailing newline likewise. */
int cf_write_json(const char *path, const json_t *json, size_t flags);

/* Checks, before any work, that DIR can receive the output files NAMES (N
 * of them; the longest a name can be when it varies): DIR is a writable
 * directory, or ut_mkdirs can create it (its nearest existing ancestor is
 * a writable directory); DIR/NAME fits NAME_MAX and PATH_MAX; each NAME
 * that exists already passes ut_output_check. OPT names the option in the
 * message. 0, or -1 after cf_error. */
int cf_check_out_dir(const char *opt, const char *dir, const char *const *names,
                     size_t n);

/* Loads a JSON file (duplicate keys rejected). NULL after cf_error. */
json_t *cf_load_json(const char *path);

/* Whether PATH is an existing directory / regular file. */
int cf_is_dir(const char *path);
int cf_is_file(const char *path);

/* Makes a fresh directory under $TMPDIR (or /tmp) named PREFIX-XXXXXX,
 * registered with ut_cleanup so that a fatal signal removes it with what
 * is in it. Returns a malloc'd path or NULL after cf_error. */
char *cf_make_temp_dir(const char *prefix);

/* Removes a directory of cf_make_temp_dir with everything in it (no
 * symbolic link followed) and unregisters it. 0, or -1 if some of it
 * stayed. */
int cf_remove_temp_dir(const char *path);

/* Every regular file whose name ends in SUFFIX under DIR, recursively when
 * RECURSE, as sorted malloc'd paths in *out (free each and the array).
 * Returns the count or -1 after cf_error. */
long cf_list_files(const char *dir, const char *suffix, int recurse,
                   char ***out);

/* Frees an array of N malloc'd strings. */
void cf_free_strings(char **v, size_t n);

#endif /* MML_CONFORM_UTIL_H */
