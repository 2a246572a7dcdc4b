/* ut_output.h - output files that never destroy what they replace.
 *
 * What an output path names decides how it is written:
 * - a regular file, or a name that does not exist yet: the data goes to a
 *   temporary sibling (ut_tmp_sibling, so its name fits NAME_MAX) that is
 *   renamed over the file at commit; a reader sees the old file or the
 *   whole new one, never a part. A replaced file keeps its permission bits;
 *   a new one gets 0666 & ~umask.
 * - a symbolic link: followed; the file it leads to is written by these
 *   same rules and the link stays a link. A link to nothing is refused.
 * - a character device, a FIFO or a socket (/dev/null, /dev/stdout, a named
 *   pipe), and every path under /dev/ or /proc/: written in place, opened
 *   for appending (so `>> log` through /dev/stdout keeps the log), never
 *   renamed over. A FIFO that no one reads is refused (ENXIO), not waited on.
 * - a directory: refused (EISDIR).
 * Temporary files are registered with ut_cleanup, so a fatal signal
 * removes them. Errors return a positive errno value and write one line
 * "cannot write PATH: reason" into ERR (ERRLEN bytes).
 */
#ifndef MMAPLAB_UT_OUTPUT_H
#define MMAPLAB_UT_OUTPUT_H

#include <stddef.h>

typedef struct ut_output ut_output;

/* Checks, before any work starts, that PATH can be written by the rules
 * above: names fit the limits, the directory exists and is writable, PATH
 * is not a directory or a dangling link. Nothing is created. 0 or errno. */
int ut_output_check(const char *path, char *err, size_t errlen);

/* 1 if PATH would be written in place by the rules above (a path under
 * /dev/ or /proc/, or an existing file that is not a regular file or a
 * directory), 0 if it would be replaced or created. */
int ut_output_writes_in_place(const char *path);

/* Opens PATH for writing by the rules above into *OUT. 0 or errno. */
int ut_output_open(ut_output **out, const char *path, char *err, size_t errlen);

/* The descriptor to write to; valid until commit or abort. */
int ut_output_fd(const ut_output *o);

/* The path that receives the data now: the temporary file, or PATH itself
 * when written in place. For tools that must hand a file name to a library
 * that opens it itself; valid until commit or abort. */
const char *ut_output_path(const ut_output *o);

/* Writes the LEN bytes at DATA to O, all of them (retrying short writes
 * and EINTR). 0 or errno. */
int ut_output_write(ut_output *o, const void *data, size_t len, char *err,
                    size_t errlen);

/* 1 if O writes in place (a device, FIFO or socket), 0 if it replaces. */
int ut_output_in_place(const ut_output *o);

/* Flushes the data to disk and renames the temporary file over the target
 * (nothing to rename in place); closes and frees O in every case, removing
 * the temporary file on error. 0 or errno. */
int ut_output_commit(ut_output *o, char *err, size_t errlen);

/* Closes and frees O and removes its temporary file; the target is left as
 * it was. O may be NULL. */
void ut_output_abort(ut_output *o);

/* Opens PATH, writes LEN bytes of DATA and commits. 0 or errno. */
int ut_write_file(const char *path, const void *data, size_t len, char *err,
                  size_t errlen);

#endif /* MMAPLAB_UT_OUTPUT_H */
