/* bench_fs.h - the filesystems the file-backed benchmarks run on.
 *
 * A run keeps one list of filesystems, made before the benchmarks are
 * registered: directories the user names (--fs-dir=NAME=DIR), filesystems
 * the run mounts itself as root (--filesystems=LIST: tmpfs, ext4, xfs,
 * btrfs, hugetlbfs, on loop-mounted images where they need a device), or,
 * when neither is given, the bench directory alone, named after its type.
 * File-backed families register their rows once per entry, with the
 * entry's name as the fs:NAME dimension, so rows of one name mean the
 * same filesystem on every machine that ran them.
 */
#ifndef MMAPLAB_BENCH_FS_H
#define MMAPLAB_BENCH_FS_H

#include <stddef.h>
#include <stdint.h>

/* The largest file a family may put on a filesystem of the list: the
 * images and tmpfs mounts of bench_fsmount.h hold it several times over. */
#define BENCH_FS_FILE_MAX ((int64_t)1 << 30)

/* One filesystem of the list. Strings are malloc'd and live until
 * bench_fs_clear; a value that could not be read is NULL (0 for sizes). */
typedef struct bench_fs {
  char *name;    /* the row dimension: "ext4", "tmpfs-huge", a user's NAME */
  char *dir;     /* the directory test files are created in */
  char *type;    /* the mount table's fstype: "ext4", "tmpfs", ... */
  char *options; /* the mount options: "rw,relatime,huge=always" */
  char *device;  /* the mount's source: "/dev/loop3", "tmpfs" */
  char *mount_point;
  long block_size;     /* statvfs f_bsize of DIR */
  size_t hugetlb_page; /* hugetlbfs: its page size in bytes, else 0 */
  int evictable;       /* 1: its clean pages can be dropped from the page
                          cache (a cold run is possible); 0 for tmpfs,
                          ramfs and hugetlbfs, whose pages are the data */
  int made;            /* 1: mounted by this run, 0: a directory given */
  int64_t image_size;  /* made: the image's (or tmpfs's size=) bytes, else 0 */
  char *mkfs;          /* made on an image: the mkfs command, else NULL */
  int loop_direct_io;  /* made on a loop device: 1 if the device reads its
                          image with direct I/O, so a cold read reaches the
                          disk and not the host's page cache of the image
                          file; 0 if not; -1 no loop device */
} bench_fs;

/* The number of filesystems in the list. */
size_t bench_fs_count(void);

/* The I-th filesystem (I < bench_fs_count()), in the order added. */
const bench_fs *bench_fs_at(size_t i);

/* The filesystem named NAME, or NULL. */
const bench_fs *bench_fs_find(const char *name);

/* Adds DIR (an existing directory) under NAME, reading its type, mount
 * options, device and mount point from the mount table (the longest
 * mount point that is a prefix of DIR's real path) and its block size
 * with statvfs. MADE says whether this run mounted it. Returns the entry,
 * or NULL with errno set: EEXIST (NAME is taken), ENOTDIR, ENOENT, or
 * ENOMEM. */
const bench_fs *bench_fs_add_dir(const char *name, const char *dir, int made);

/* Records on NAME's entry (made by this run) the size of its image or
 * tmpfs and the mkfs command that made it (NULL: none). 0, or -1 with
 * errno ENOENT (no such entry) or ENOMEM. */
int bench_fs_set_image(const char *name, int64_t image_size, const char *mkfs);

/* Records on NAME's entry whether its loop device does direct I/O
 * (bench_fs.loop_direct_io). 0, or -1 with errno ENOENT. */
int bench_fs_set_loop(const char *name, int direct_io);

/* Empties the list (frees the entries; unmounts nothing). */
void bench_fs_clear(void);

#endif /* MMAPLAB_BENCH_FS_H */
