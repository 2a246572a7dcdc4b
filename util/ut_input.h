/* ut_input.h - input files read once, whole, within a size limit.
 *
 * Inputs are regular files or pipes (a FIFO, `<(cmd)`): a pipe is read once
 * to its end and processed from memory, so nothing reads it twice, and a
 * named FIFO that no process writes is an empty input at once instead of a
 * wait forever. Directories, devices (/dev/zero) and sockets are refused,
 * and so is anything larger than the limit, which bounds the memory a tool
 * spends on one input.
 */
#ifndef MMAPLAB_UT_INPUT_H
#define MMAPLAB_UT_INPUT_H

#include <stddef.h>
#include <sys/stat.h>

/* The default limit on one input: 256 MiB, far above any result file
 * (a full benchmark run's JSON is a few MiB). */
#define UT_INPUT_MAX ((size_t)256 << 20)

/* Reads all of PATH into *DATA (malloc'd, NUL-terminated after *LEN bytes,
 * the caller frees). Refuses what is not a regular file or a pipe and what
 * is longer than MAX bytes (EFBIG). 0 or errno, with one line "PATH: reason"
 * in ERR (ERRLEN bytes). */
int ut_read_input(const char *path, size_t max, char **data, size_t *len,
                  char *err, size_t errlen);

/* 1 if ST is a kind of file ut_read_input reads (regular file or FIFO). */
int ut_input_kind_ok(const struct stat *st);

#endif /* MMAPLAB_UT_INPUT_H */
