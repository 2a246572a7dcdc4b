/* bench_env.h - the environment of one mmaplab-bench run: which page modes
 * it runs (asked for, detected, then probed), the optional hugetlb pool
 * reservation and its restore, ASLR switched off by re-executing, and the
 * custom context every result file carries (the machine fingerprint, what
 * took effect).
 */
#ifndef MMAPLAB_BENCH_ENV_H
#define MMAPLAB_BENCH_ENV_H

#include <getopt.h>
#include <stddef.h>

#include "bench_data.h"

/* At most this many --fs-dir options. */
#define BENCH_ENV_MAX_FS_DIRS 16

/* The run's environment options, as given on the command line. */
typedef struct bench_env_opts {
  const char *page_modes;  /* --page-modes=LIST value; NULL: every mode */
  long reserve[2];         /* --reserve-hugetlb pages: [0] 2 MiB, [1] 1 GiB */
  const char *dir;         /* --bench-dir=DIR; NULL: $TMPDIR or /tmp */
  int keep_aslr;           /* --keep-aslr */
  int force_reserve;       /* --force-reserve: past half of MemAvailable */
  const char *filesystems; /* --filesystems=LIST (bench_fsmount.h), or NULL */
  const char *fs_dirs[BENCH_ENV_MAX_FS_DIRS]; /* --fs-dir=NAME=DIR values */
  size_t nfs_dirs;
  const char *thp; /* --thp=never|madvise|always, or NULL */
} bench_env_opts;

/* The usage lines of the options below, for --help. */
extern const char bench_env_usage[];

/* The options below, as getopt_long's long options (val BENCH_ENV_OPT_*),
 * for the caller's table: --page-modes=4k,thp,huge2m,huge1g,
 * --reserve-hugetlb=N[:2M|:1G], --force-reserve, --bench-dir=DIR,
 * --keep-aslr, --search-isa=NAME, --thp=never|madvise|always,
 * --filesystems=LIST, --fs-dir=NAME=DIR (repeatable). */
enum {
  BENCH_ENV_OPT_PAGE_MODES = 256,
  BENCH_ENV_OPT_RESERVE_HUGETLB,
  BENCH_ENV_OPT_FORCE_RESERVE,
  BENCH_ENV_OPT_BENCH_DIR,
  BENCH_ENV_OPT_KEEP_ASLR,
  BENCH_ENV_OPT_SEARCH_ISA,
  BENCH_ENV_OPT_THP,
  BENCH_ENV_OPT_FILESYSTEMS,
  BENCH_ENV_OPT_FS_DIR,
  BENCH_ENV_OPT_END
};
#define BENCH_ENV_NOPTIONS (BENCH_ENV_OPT_END - BENCH_ENV_OPT_PAGE_MODES)
extern const struct option bench_env_options[BENCH_ENV_NOPTIONS];

/* Records option OPT (a BENCH_ENV_OPT_*) with its VALUE (NULL for one
 * without) in O; ARG is the whole command-line element, for the message.
 * 0, or -1 after printing one line on stderr when the value is bad. */
int bench_env_set(bench_env_opts *o, int opt, const char *value,
                  const char *arg);

/* The file descriptors a run needs free: the benchmark families' files,
 * the kernel files of the probes and the fingerprint, the output files
 * (a run of every family peaks at 4 beyond stdin, stdout and stderr). */
#define BENCH_ENV_MIN_FREE_FDS 16

/* Checks, before any work, that the bench directory is a writable
 * directory, that the process can open the files a run needs (with too few
 * descriptors free Google Benchmark silently leaves the CPU out of the
 * context or exits in the middle), that O's --reserve-hugetlb fits
 * bench_pool_check_size, that --filesystems runs as root and that each
 * --fs-dir names a writable directory under a name not taken. 0, or 2
 * after one line on stderr. */
int bench_env_check_limits(const bench_env_opts *o);

/* Unless O->keep_aslr, re-executes the program (ARGV) with address-space
 * randomisation off so that page-fault runs see the same layout each time;
 * returns when ASLR is already off or cannot be switched off (seccomp
 * profiles refuse the personality call), remembering why for the context.
 * Call first thing in main. */
void bench_env_aslr(const bench_env_opts *o, char **argv);

/* Puts back what killed runs left in the hugetlb pools and sysfs settings
 * (bench_sysfs.h), notes the THP settings found (mmaplab_mthp), sets
 * --thp's top-level THP setting for the run (restored like the pools; 2
 * after one line on stderr when it cannot be set), reserves the pages
 * asked for (bench_pool.h: restored at exit, on fatal signals, and after
 * SIGKILL by the next run; with hugetlbfs in --filesystems and no 2 MiB
 * reservation asked for, BENCH_FSMOUNT_HUGETLB_PAGES), exports
 * MMAPLAB_BENCH_DIR, makes the filesystems of --filesystems (bench_fsmount.h:
 * removed at exit, on fatal signals, and after SIGKILL by the next run;
 * one line on stderr for each left out), adds the --fs-dir directories, or
 * the bench directory when neither is given (bench_fs.h), then picks
 * the page modes to run: each mode asked for (all by default) is detected and
 * probed by mapping, touching and verifying one page. Fills MODES (room for
 * PM_MODE_COUNT) and *NMODES; with --page-modes it prints one line
 * on stderr for each mode asked for and left out (the context always
 * says why). Returns 0, or 2 after one line on stderr when a mode was
 * asked for by name and none of those can run. */
int bench_env_setup(const bench_env_opts *o, bd_page_mode *modes,
                    size_t *nmodes);

/* Adds the custom context: mmaplab_fingerprint (the fingerprint JSON of
 * fingerprint.h, as one string), mmaplab_page_mode_<mode> (what detection
 * and the probe found), mmaplab_hugetlb_reservation, mmaplab_aslr,
 * mmaplab_thp (--thp), mmaplab_mthp (bench_mthp.h), mmaplab_bench_dir,
 * mmaplab_filesystems (a JSON array: per filesystem its name, dir, type,
 * mount options, device, mount point, block size, hugetlb page, evictable,
 * made, and for those made the image size and mkfs command),
 * mmaplab_filesystems_unavailable (a JSON object: the reason for each one
 * asked for and not made). Call after bench_env_setup, before gb_run. */
void bench_env_add_context(void);

/* Closes the families' files on the run's filesystems, unmounts and
 * removes those it made, gives the hugetlb pools back and puts back every
 * sysfs setting changed (also done at exit). */
void bench_env_restore(void);

#endif /* MMAPLAB_BENCH_ENV_H */
