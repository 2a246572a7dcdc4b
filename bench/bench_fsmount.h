/* bench_fsmount.h - the filesystems a run makes and mounts itself, as root
 * (--filesystems=LIST), and the removal of all of it, also after the run
 * that made them was killed.
 *
 * Everything a run makes lies in one directory of its own, below the bench
 * directory: <bench dir>/mmaplab-fs-<pid>-<6 letters>/, with img/<name>.img
 * (sparse image files, made by mkfs.ext4, mkfs.xfs or mkfs.btrfs) and
 * mnt/<name>/ (the mount points). Before the directory, an image, a loop
 * device or a mount is made, the run records it in
 * BENCH_POOL_STATE_DIR/fs-<pid>-<letters>.json (written atomically; the
 * lock fs-<pid>-<letters>.lock is held while the run lives), as
 * bench_pool.h does for hugetlb pools. At exit everything is unmounted,
 * detached and deleted; a ut_cleanup hook does the same when SIGINT,
 * SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ or SIGALRM ends the run (umount2 with
 * MNT_DETACH, the loop device's LOOP_CLR_FD ioctl, ut_remove_tree: no call
 * that is not async-signal-safe). SIGKILL leaves the record; the next run
 * that mounts, or mmaplab-bench --restore, finds it with its lock free and
 * removes what lies below that record's directory, and nothing else: the
 * mounts whose mount point is below it, the loop devices whose backing file
 * is below it, then the directory.
 *
 * Loop devices: /dev/loop-control's LOOP_CTL_GET_FREE, then LOOP_CONFIGURE
 * (Linux 5.8; LOOP_SET_FD and LOOP_SET_STATUS64 before) with
 * LO_FLAGS_AUTOCLEAR, rather than losetup: the device is known (and
 * recorded) before it is bound, no output is parsed, and the kernel itself
 * detaches the device when its last user goes, so a killed run's device
 * goes with its unmount, and one bound but never mounted with the run.
 *
 * Root only. Functions print nothing unless said.
 */
#ifndef MMAPLAB_BENCH_FSMOUNT_H
#define MMAPLAB_BENCH_FSMOUNT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The names --filesystems takes, in the order they are made ("all" stands
 * for every one): tmpfs (huge=never), tmpfs-huge (huge=always: shmem huge
 * pages for file maps), ext4, xfs, btrfs (loop-mounted images) and
 * hugetlbfs (pagesize=2M). */
#define BENCH_FSMOUNT_NAMES "tmpfs,tmpfs-huge,ext4,xfs,btrfs,hugetlbfs"

/* The size of every image and tmpfs (size=): 4 GiB, sparse, so only what
 * is written takes room. It holds BENCH_FS_FILE_MAX (bench_fs.h) several
 * times over besides the filesystem's own metadata (xfs needs 300 MiB at
 * the least, btrfs about 120 MiB). */
#define BENCH_FSMOUNT_IMAGE_SIZE ((int64_t)4 << 30)

/* The 2 MiB hugetlb pages a run with hugetlbfs reserves when
 * --reserve-hugetlb does not say (bench_pool.h): 128 pages (256 MiB), for
 * the per-filesystem test file (64 MiB) and the other families' files. */
#define BENCH_FSMOUNT_HUGETLB_PAGES 128

/* Checks LIST, a comma-separated list of BENCH_FSMOUNT_NAMES or "all":
 * 0, or -1 with one line in ERR (ERRLEN bytes) naming the bad entry. */
int bench_fsmount_check_list(const char *list, char *err, size_t errlen);

/* 1 if LIST (checked) makes NAME (one of BENCH_FSMOUNT_NAMES). */
int bench_fsmount_lists(const char *list, const char *name);

/* Makes the filesystems of LIST (checked) below BASE (the bench directory)
 * and adds each that mounted to bench_fs.h's list (made = 1, with its
 * image size and mkfs command); one that cannot be made (mkfs missing, the
 * kernel lacks the type, no free hugetlb page) is left out and listed by
 * bench_fsmount_unavailable with the reason, and the others are made.
 * Removes first what killed runs left (bench_fsmount_remove_leftovers, on
 * stderr). 0, or 2 after one line on stderr when nothing can be made at
 * all (no record can be written, BASE cannot hold the directory). */
int bench_fsmount_make(const char *list, const char *base);

/* The I-th filesystem asked for that could not be made: its name and why
 * (static storage until bench_fsmount_remove), or NULL past the last. */
const char *bench_fsmount_unavailable(size_t i, const char **why);

/* Unmounts (MNT_DETACH when a file is still open on it), detaches and
 * deletes everything this run made, then removes its record and lock; one
 * line on stderr for what could not be removed (the record is then kept
 * for --restore). Safe to call more than once, and when nothing was made.
 * The caller closes its files on the filesystems first. */
void bench_fsmount_remove(void);

/* Removes what runs that ended without removing it left: for each record
 * whose lock is free, the mounts, loop devices and files below its
 * directory (and only there), then the record. One line on OUT for each
 * record; with VERBOSE also for records of running mmaplab-bench processes
 * and when there is nothing to remove. 0 or the errno of the first
 * failure. */
int bench_fsmount_remove_leftovers(FILE *out, int verbose);

#endif /* MMAPLAB_BENCH_FSMOUNT_H */
