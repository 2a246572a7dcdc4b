/* bench_out.h - mmaplab-bench's --benchmark_out file, written by the rules
 * of util/ut_output.h: a regular file (or a new name) is replaced at the end
 * by renaming a temporary sibling over it, a symbolic link is followed and
 * kept, a device, FIFO or /dev/stdout is written in place (appended to).
 *
 * Google Benchmark opens the file it writes by name, with truncation, so it
 * never gets the target's name: it writes the temporary sibling, or, for a
 * target written in place, a stand-in file in $TMPDIR (or /tmp) whose bytes
 * are appended to the target at the end. Every temporary file is removed
 * when a fatal signal (ut_cleanup.h) ends the run.
 */
#ifndef MMAPLAB_BENCH_OUT_H
#define MMAPLAB_BENCH_OUT_H

#include <stddef.h>

typedef struct bench_out bench_out;

/* Opens PATH for the run into *OUT (a FIFO must have a reader now). 0 or
 * errno, with one line "cannot write PATH: reason" in ERR (ERRLEN bytes). */
int bench_out_open(bench_out **out, const char *path, char *err, size_t errlen);

/* The file name to give Google Benchmark as --benchmark_out; valid until
 * commit or abort. */
const char *bench_out_gbench_path(const bench_out *o);

/* Puts what Google Benchmark wrote in place: renames the temporary sibling
 * over the target, or appends the stand-in's bytes to it; an empty report
 * (--benchmark_list_tests writes none) leaves the target as it was. Frees O
 * in every case, removing the temporary files. 0 or errno, with one line in
 * ERR. */
int bench_out_commit(bench_out *o, char *err, size_t errlen);

/* Frees O, removes its temporary files; the target stays as it was. O may
 * be NULL. */
void bench_out_abort(bench_out *o);

#endif /* MMAPLAB_BENCH_OUT_H */
