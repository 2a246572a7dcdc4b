/* pagemode.h - page-size modes for benchmarks: detect, map, verify.
 *
 * A benchmark runs its data in one of four page modes:
 *   4k      anonymous memory on base pages (THP switched off for the range),
 *   thp     transparent huge pages asked for with madvise(MADV_HUGEPAGE),
 *   huge2m  hugetlb 2 MiB pages (MAP_HUGETLB | MAP_HUGE_2MB, or a hugetlbfs
 *           file where one is mounted),
 *   huge1g  hugetlb 1 GiB pages, likewise.
 * pm_detect says whether the machine can give a mode (and why not);
 * pm_map maps memory aligned for it; after the run, pm_verify
 * reads /proc/self/smaps to say how much of the range the mode really
 * backed, so a benchmark is never reported under a mode it did not get.
 *
 * Also here: the small kernel-file readers the fingerprint shares, and the
 * optional hugetlb pool reservation (root only) with its restore.
 * Linux only, but for the mode names (pm_mode_is_mthp, pm_mode_name,
 * pm_mode_parse: pagemode_names.c), which every OS's bench uses.
 * Functions return 0 or a negative errno unless said otherwise.
 */
#ifndef MMAPLAB_BENCH_PAGEMODE_H
#define MMAPLAB_BENCH_PAGEMODE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Small kernel files -------------------------------------------------- */

/* Reads the whole of a small file (sysfs, procfs) into BUF (NUL-terminated,
 * trailing newline removed, truncated to LEN - 1 bytes). 0 or -errno. */
int pm_sys_read(const char *path, char *buf, size_t len);

/* Writes VALUE and a newline to PATH (a sysfs or procfs file) in one
 * write(2). 0 or -errno (-ENAMETOOLONG for a VALUE over 62 bytes). */
int pm_sys_write(const char *path, const char *value);

/* Reads a file holding one decimal integer into *OUT. 0, -errno, or
 * -EINVAL when the content is not an integer. */
int pm_sys_read_long(const char *path, long *out);

/* Reads a sysfs choice file such as "always [madvise] never" and copies the
 * bracketed (selected) word into BUF. -ENOENT/-EACCES..., or -EINVAL when
 * no word is bracketed. */
int pm_sys_read_choice(const char *path, char *buf, size_t len);

/* The readahead window (read_ahead_kb, KiB) of the block device holding
 * DIR: the device's queue setting, or its whole disk's for a partition.
 * -ENODEV for filesystems on no block device (tmpfs, btrfs's anonymous
 * device numbers), or -errno. */
int pm_read_ahead_kb(const char *dir, long *kb);

/* ---- Modes --------------------------------------------------------------- */

/* The first four are the modes of every family with a page dimension; the
 * rest are the fault family's alone:
 *   mthp16k .. mthp1024k  multi-size THP of that size for anonymous memory
 *           (hugepages-NkB; only sizes below the PMD size, which is thp):
 *           MADV_HUGEPAGE on the range, the size enabled for "madvise" and
 *           every other size off for the run (bench_mthp.h); smaps cannot
 *           tell these sizes apart, so they are verified from the per-size
 *           counters, not by pm_verify,
 *   default no madvise at all: what an ordinary program gets from the
 *           machine's settings; never verified, only recorded. */
typedef enum pm_mode {
  PM_4K = 0,
  PM_THP,
  PM_HUGE2M,
  PM_HUGE1G,
  PM_MTHP16K,
  PM_MTHP32K,
  PM_MTHP64K,
  PM_MTHP128K,
  PM_MTHP256K,
  PM_MTHP512K,
  PM_MTHP1024K,
  PM_DEFAULT,
  PM_MODE_COUNT
} pm_mode;

/* The modes of every family (4k, thp, huge2m, huge1g): those below it. */
#define PM_CLASSIC_COUNT 4

/* 1 if MODE is one of the mthp sizes. */
int pm_mode_is_mthp(pm_mode mode);

/* The mode's name as used in benchmark names: "4k", "thp", "huge2m",
 * "huge1g", "mthp16k" .. "mthp1024k", "default" (static storage); "?" for
 * an out-of-range value. */
const char *pm_mode_name(pm_mode mode);

/* Parses a mode name ("4k", ...) into *OUT. 0, or -EINVAL if unknown. */
int pm_mode_parse(const char *name, pm_mode *out);

/* The size of one page of the mode in bytes: the base page size (4k,
 * default), the THP PMD size (hpage_pmd_size, 2 MiB on x86-64), 2 MiB,
 * 1 GiB, or the mthp size. */
size_t pm_mode_size(pm_mode mode);

/* ---- Detect -------------------------------------------------------------- */

/* What pm_detect found. REASON always says why, in one line:
 * for an available mode the setting that allows it, otherwise what is
 * missing ("THP enabled is [never]", "no free 2 MiB hugetlb pages ..."). */
typedef struct pm_status {
  int available; /* 1 the mode can be asked for, 0 not */
  char reason[256];
} pm_status;

/* Says whether MODE can back SIZE bytes (0: at least one page) on this
 * machine and in this process, from the kernel's settings and pools. For
 * thp "available" means allowed, not guaranteed: verify after the run.
 * Returns ST->available. */
int pm_detect(pm_mode mode, size_t size, pm_status *st);

/* ---- Multi-size THP settings --------------------------------------------- */

/* The sysfs directory of the mTHP size of KB kibibytes:
 * /sys/kernel/mm/transparent_hugepage/hugepages-<KB>kB (static storage). */
const char *pm_mthp_dir(size_t kb);

/* The THP sizes the kernel lists (hugepages-*kB dirs), in kB, ascending,
 * into KBS (room for MAX); returns how many, -errno if none can be
 * listed. */
int pm_thp_sizes(size_t *kbs, int max);

/* Whether a range with MADV_HUGEPAGE (and no other advice) gets folios of
 * KB kibibytes first under the current settings: KB's per-size setting
 * (anonymous: "enabled", SHMEM: anonymous shared memory's "shmem_enabled")
 * allows it for madvised memory, and no larger size does. 1 yes, 0 no
 * (WHY says which setting stands in the way), -errno when the settings
 * cannot be read. */
int pm_mthp_settings_give(size_t kb, int shmem, char *why, size_t len);

/* ---- Map ----------------------------------------------------------------- */

/* A mapping made by pm_map / pm_map_hugetlbfs. */
typedef struct pm_mapping {
  void *addr;    /* start, aligned to pm_mode_size(mode) */
  size_t size;   /* the size asked for */
  size_t length; /* the mapped length: size rounded up to a page */
  pm_mode mode;
  int fd;            /* the hugetlbfs file, or -1 */
  void *reservation; /* internal: the whole reserved range with guards */
  size_t reservation_length;
} pm_mapping;

/* Maps SIZE bytes of private anonymous read/write memory for MODE, aligned
 * to the mode's page size, between PROT_NONE guard pages (so the kernel
 * never merges it with a neighbour and smaps describes exactly it). 4k sets
 * MADV_NOHUGEPAGE, thp and mthp sizes MADV_HUGEPAGE, default nothing,
 * huge2m/huge1g use MAP_HUGETLB with the size flag. Nothing is touched. 0 or
 * -errno (-ENOMEM: no hugetlb pages). Free with pm_unmap. */
int pm_map(pm_mode mode, size_t size, pm_mapping *out);

/* Like pm_map for huge2m/huge1g, but backed by an unlinked file in a
 * mounted hugetlbfs of that page size, mapped MAP_SHARED. -ENOENT when no
 * such hugetlbfs is mounted, -EINVAL for 4k/thp. */
int pm_map_hugetlbfs(pm_mode mode, size_t size, pm_mapping *out);

/* One mount of this process's namespace, as the mount table
 * (/proc/self/mounts, read with getmntent) lists it. The strings are valid
 * only during the pm_mounts_each callback that is given them. */
typedef struct pm_mount {
  const char *point;  /* mount point, escapes (\040) decoded */
  const char *fstype; /* "ext4", "overlay", "hugetlbfs", ... */
  const char *opts;   /* mount and superblock options,
                         "rw,relatime,pagesize=2M" */
  const char *source; /* what is mounted: "/dev/vda", "tmpfs" */
} pm_mount;

/* Calls FN(M, CTX) for every mount of this process's namespace, in the
 * table's order (a later mount over the same point hides an earlier one),
 * until FN returns nonzero. Lines of any length are read whole. Returns
 * FN's nonzero value, 0 at the end, or -errno if the table cannot be
 * read. */
int pm_mounts_each(int (*fn)(const pm_mount *m, void *ctx), void *ctx);

/* The mount holding PATH: the one whose mount point is the longest
 * prefix of PATH's real path at a '/' boundary (a later mount over the
 * same point wins, being the visible one), copied into *OUT (malloc'd
 * strings; free with pm_mount_free). 0, -ENOENT when no mount holds it,
 * -ENOMEM, or -errno (PATH cannot be resolved, no mount table). */
int pm_mount_of(const char *path, pm_mount *out);

/* Frees the strings of a pm_mount filled by pm_mount_of; zeroes it. */
void pm_mount_free(pm_mount *m);

/* Finds a mounted hugetlbfs whose page size is PAGE_BYTES and stores its
 * mount point in *PATH (malloc'd; the caller frees it). 0, -ENOENT if
 * none, -ENOMEM, or -errno if the mount table cannot be read. */
int pm_hugetlbfs_mount(size_t page_bytes, char **path);

/* The page size of a hugetlbfs mount given its options (pm_mount's opts,
 * e.g. "rw,relatime,pagesize=2M"): its pagesize= option, else the default
 * huge page size of /proc/meminfo. 0 if unknown. */
size_t pm_hugetlbfs_page_size(const char *opts);

/* Unmaps a mapping from pm_map*, closes its file, zeroes *M.
 * Safe on a zeroed mapping. */
void pm_unmap(pm_mapping *m);

/* ---- Verify -------------------------------------------------------------- */

/* What /proc/self/smaps says about a range after a run. */
typedef struct pm_verdict {
  size_t range_bytes;      /* the range asked about */
  size_t vma_bytes;        /* total size of the VMAs overlapping it */
  size_t rss_bytes;        /* resident bytes of those VMAs (base + THP) */
  size_t thp_bytes;        /* AnonHugePages + ShmemPmdMapped + FilePmdMapped */
  size_t hugetlb_bytes;    /* Private_Hugetlb + Shared_Hugetlb */
  size_t kernel_page_size; /* KernelPageSize of the first VMA, bytes */
  size_t backed_bytes;     /* of those, bytes backed the way MODE means */
  double fraction;         /* backed_bytes / range_bytes, 0..1 */
  int exact;               /* 1 if the VMAs lie inside the range, so the
                              counts are the range's alone */
  const char *label;       /* mode name if fraction >= PM_VERIFY_MIN,
                              "fallback" if nothing was backed by the mode,
                              "partial" in between (static storage) */
} pm_verdict;

/* The fraction from which a run counts as done in its mode. */
#define PM_VERIFY_MIN 0.9

/* Reads /proc/self/smaps for [ADDR, ADDR + SIZE) and fills *V: for 4k the
 * resident base-page bytes, for thp the PMD-mapped bytes, for huge2m/huge1g
 * the hugetlb bytes with the right KernelPageSize. Call it after the range
 * was touched (untouched pages are not backed by anything). 0, -errno, or
 * -ENOENT when no VMA overlaps the range. For default and the mthp sizes
 * (which smaps does not tell apart) it fills the sums and backed_bytes is
 * the PMD-mapped bytes, the label never the mode's: callers verify those
 * modes otherwise. */
int pm_verify(pm_mode mode, const void *addr, size_t size, pm_verdict *v);

/* ---- Hugetlb pool reservation (root) ------------------------------------ */

/* What pm_hugetlb_reserve did, for the result file and for the restore. */
typedef struct pm_hugetlb_reservation {
  size_t page_kb;   /* 2048 or 1048576 */
  long wanted;      /* free pages asked for */
  long previous_nr; /* nr_hugepages before; -1 if unknown */
  long written_nr;  /* value written; -1 if nothing was written */
  long nr_after;    /* nr_hugepages read back after the write */
  long free_after;  /* free_hugepages read back after the write */
  int changed;      /* 1 if the pool was written (restore needed) */
  int restored;     /* 1 once pm_hugetlb_restore put it back */
  char note[256];   /* one line: what took effect, or why not */
} pm_hugetlb_reservation;

/* Makes sure COUNT pages of PAGE_KB are free in the hugetlb pool: if fewer
 * are free, raises nr_hugepages by the difference (needs root and a
 * writable /sys). Records the previous value and what took effect (the
 * kernel may give fewer pages when memory is fragmented). Returns 0 when
 * COUNT pages are free afterwards, -EPERM/-EACCES/-EROFS when the pool
 * cannot be written, -ENOMEM when the kernel gave fewer; R is filled in
 * every case, and pm_hugetlb_restore must be called whenever R->changed. */
int pm_hugetlb_reserve(size_t page_kb, long count, pm_hugetlb_reservation *r);

/* The two halves of pm_hugetlb_reserve, for a caller that records the
 * pool's value before changing it: pm_hugetlb_plan reads the pool and
 * fills R (R->written_nr is the value to write, -1 when COUNT pages are
 * free already); 0 or -ENOENT when there is no such pool. Nothing is
 * written. pm_hugetlb_apply then writes R->written_nr (nothing when -1)
 * and reads back what took effect; it returns as pm_hugetlb_reserve. */
int pm_hugetlb_plan(size_t page_kb, long count, pm_hugetlb_reservation *r);
int pm_hugetlb_apply(pm_hugetlb_reservation *r);

/* Writes the previous nr_hugepages back if R->changed. 0 or -errno. */
int pm_hugetlb_restore(pm_hugetlb_reservation *r);

#ifdef __cplusplus
}
#endif

#endif
