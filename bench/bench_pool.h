/* bench_pool.h - hugetlb pool reservations that are put back, also after
 * the run that made them was killed.
 *
 * Before mmaplab-bench raises a pool's nr_hugepages it takes the pool's
 * lock (BENCH_POOL_STATE_DIR/hugetlb-<kB>kB.lock, held while it runs) and
 * records the value it found, its pid and the boot it ran in, in
 * hugetlb-<kB>kB.json (written atomically with ut_write_file). The value
 * is written back at exit, and by a ut_cleanup hook when SIGINT, SIGTERM,
 * SIGHUP, SIGPIPE, SIGXFSZ or SIGALRM ends the run (open, write and close
 * of the sysfs file, then unlink of the record: all async-signal-safe).
 * SIGKILL leaves the record behind; the next run, or mmaplab-bench
 * --restore, finds it with the lock free (the kernel drops a dead
 * process's locks, which a reused pid cannot fake) and puts the pool back.
 *
 * Root only, as is writing a pool. Functions print nothing unless said.
 */
#ifndef MMAPLAB_BENCH_POOL_H
#define MMAPLAB_BENCH_POOL_H

#include <stddef.h>
#include <stdio.h>

#include "pagemode.h"

/* /run holds a system's run-time state and is emptied at boot, as the
 * pools are (nr_hugepages is not kept across a reboot), so a record does
 * not outlive the value it describes; /var/lib would keep it. Where /run
 * is not a tmpfs (some containers), the record's boot id tells an earlier
 * boot's record apart. Created 0700. */
#define BENCH_POOL_STATE_DIR "/run/mmaplab"

/* Makes BENCH_POOL_STATE_DIR (0700) where it is missing and checks that
 * it is a directory of this user that no one else can write: a root tool
 * must not follow names others can plant there. Every record of a run
 * (pools, sysfs settings, filesystems) lives in it. 0 or errno. */
int bench_state_dir_ready(void);

/* Checks, before any work, what --reserve-hugetlb asks for: COUNT[0]
 * pages of 2 MiB and COUNT[1] of 1 GiB (0: none) may add to the pools at
 * most half of MemAvailable, so that the run's own files and the rest of
 * the machine keep the other half; with FORCE, at most all of it (the
 * kernel cannot give more). Pages a pool has free already count as taken.
 * A pool this kernel lacks is not checked (the reservation says so). 0, or
 * EINVAL / errno with one line in ERR (ERRLEN bytes). */
int bench_pool_check_size(const long count[2], int force, char *err,
                          size_t errlen);

/* Makes COUNT pages of PAGE_KB (2048 or 1048576) free like
 * pm_hugetlb_reserve, with the lock, the record and the restore described
 * above; puts back first what a killed run left in this pool. R is filled
 * in every case, its note says what took effect or why the pool was left
 * alone, and it must stay valid until bench_pool_restore. 0 or -errno. */
int bench_pool_reserve(size_t page_kb, long count, pm_hugetlb_reservation *r);

/* Writes back every pool this process changed, removes the records and
 * drops the locks; a pool that cannot be written back keeps its record
 * (one line on stderr says so). Safe to call more than once. */
void bench_pool_restore(void);

/* Puts back what runs that ended without restoring left: for each record
 * whose lock is free, the pool's value from before that run, unless the
 * pool was changed since by someone else or a reboot reset it; then the
 * record is removed. One line on OUT for each record; with VERBOSE also
 * for pools in use by a running mmaplab-bench and when there is nothing
 * to restore. Returns 0 or the errno of the first failure. */
int bench_pool_restore_leftovers(FILE *out, int verbose);

#endif /* MMAPLAB_BENCH_POOL_H */
