/* bench_sysfs.h - sysfs settings changed for a while and put back, also
 * after the run that changed them was killed.
 *
 * A knob is a file under /sys, such as
 * /sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled. Before
 * mmaplab-bench writes one it takes the knob's lock
 * (BENCH_POOL_STATE_DIR/sysfs-<path>.lock, '/' written as '+', held until
 * the knob is put back; another mmaplab-bench waits for it) and records the
 * value it found, the value it writes, its pid and the boot it ran in, in
 * sysfs-<path>.json (written atomically with ut_write_file). The knob is put
 * back by bench_sysfs_restore (the end of the benchmark that needed it), at
 * exit (bench_sysfs_restore_all), and by a ut_cleanup hook when SIGINT,
 * SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ or SIGALRM ends the run (pre-formatted
 * path and value: open, write, close, then unlink of the record).
 * SIGKILL leaves the record; the next run, or mmaplab-bench --restore,
 * finds it with the lock free and puts the knob back, but only when the
 * knob still holds what the dead run wrote (otherwise someone changed it
 * since: left alone, and said so).
 *
 * A choice file ("always [madvise] never") is read as its bracketed word,
 * any other file as its content. Root only, as is writing sysfs. Functions
 * print nothing unless said.
 */
#ifndef MMAPLAB_BENCH_SYSFS_H
#define MMAPLAB_BENCH_SYSFS_H

#include <stddef.h>
#include <stdio.h>

/* At most this many knobs changed at once by one process. */
#define BENCH_SYSFS_MAX 32

/* Reads knob PATH into BUF: the bracketed word of a choice file, else the
 * content without its trailing newline. 0 or -errno. */
int bench_sysfs_read(const char *path, char *buf, size_t len);

/* Sets knob PATH (under /sys/, at most 200 bytes of [A-Za-z0-9._/-]) to
 * VALUE (at most 63 bytes) until bench_sysfs_restore: nothing is written
 * or recorded when it holds VALUE already (or this process set it to VALUE
 * before). Otherwise takes the knob's lock (waiting up to 10 s for another
 * mmaplab-bench), puts back what a killed run left in it, writes the
 * record, arms the signal hook, writes VALUE and reads it back. 0, or
 * -errno with one line in ERR (ERRLEN bytes): -EACCES/-EPERM without root,
 * -EBUSY when the lock stayed taken, -EIO when the read-back differs. */
int bench_sysfs_set(const char *path, const char *value, char *err,
                    size_t errlen);

/* The value PATH held before this process set it (static storage until
 * the knob is put back), or NULL when this process has not changed it. */
const char *bench_sysfs_previous(const char *path);

/* Puts back PATH if this process changed it: writes the previous value
 * when the knob still holds the one written (else leaves it and says so
 * on stderr), removes the record, drops the lock. 0 (also when nothing
 * was changed) or -errno; a knob that cannot be written back keeps its
 * record (one line on stderr), for --restore. */
int bench_sysfs_restore(const char *path);

/* bench_sysfs_restore of every knob this process changed, newest first.
 * Safe to call more than once; registered with atexit by the first set. */
void bench_sysfs_restore_all(void);

/* Puts back what runs that ended without restoring left: for each record
 * whose lock is free, the knob's previous value if it still holds the one
 * written (a record from an earlier boot is dropped: the boot reset the
 * knob); then the record is removed. One line on OUT for each record; with
 * VERBOSE also for knobs in use by a running mmaplab-bench. Returns 0 or
 * the errno of the first failure. */
int bench_sysfs_restore_leftovers(FILE *out, int verbose);

#endif /* MMAPLAB_BENCH_SYSFS_H */
