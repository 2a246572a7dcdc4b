/* ut_progress.h - the progress lines a helper program writes for the
 * program that runs it (`mmaplab run`), on a descriptor of their own so
 * that its stdout, stderr and result files stay as they are.
 *
 * A helper given --progress-fd=N (mmaplab-bench, mmaplab-conform run,
 * bench/python/mmap_bench.py) writes one line per finished item to N:
 *
 *   DONE TOTAL NAME
 *
 * DONE and TOTAL decimal (DONE counts from 1; TOTAL is the items of the
 * whole run, known before the first), NAME the item's name without
 * newlines, each line in one write. What an item is, the helper's --help
 * says (a case, a run of a benchmark, a benchmark).
 *
 * Part of mmaplab_util, the internal library of the tools; never part of
 * the core's API.
 */
#ifndef MMAPLAB_UT_PROGRESS_H
#define MMAPLAB_UT_PROGRESS_H

#include <stddef.h>

/* Reads TEXT, a descriptor open for writing, into *FD. 0, or EINVAL (not
 * a number 0..INT_MAX) or EBADF (not open for writing). A helper that
 * starts other programs marks it close-on-exec (ut_progress_private), so
 * that they do not keep the channel open. */
int ut_progress_fd(const char *text, int *fd);

/* Marks FD close-on-exec; FD < 0: nothing. */
void ut_progress_private(int fd);

/* Writes the line "DONE TOTAL NAME" to FD; after a write fails, none
 * more (progress never fails a run). FD < 0: nothing. */
void ut_progress_write(int fd, size_t done, size_t total, const char *name);

/* 1 if LINE is a progress line, with its numbers in *DONE and *TOTAL and
 * *NAME pointing at its name inside LINE; else 0. */
int ut_progress_parse(const char *line, size_t *done, size_t *total,
                      const char **name);

#endif /* MMAPLAB_UT_PROGRESS_H */
