/* bench_env.c - page modes, hugetlb reservation, ASLR and the result
 * file's context for one mmaplab-bench run (bench_env.h). */
#define _GNU_SOURCE /* setenv */
#include "bench_env.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults.h"
#include "fingerprint.h"
#include "bench_fs.h"
#include "bench_fsmap.h"
#include "bench_fsmount.h"
#include "bench_mthp.h"
#include "bench_peers.h"
#include "bench_pool.h"
#include "bench_sysfs.h"
#include "bench_testfile.h"
#include "gbench.h"
#include "ut_num.h"
#include "ut_str.h"

#define PROG "mmaplab-bench"

const char bench_env_usage[] =
    "  --page-modes=LIST      page modes to run, of 4k,thp,huge2m,huge1g,\n"
    "                         mthp16k,...,mthp1024k (mthp: all of those),\n"
    "                         default (default: each one this machine can\n"
    "                         give; the mthp sizes and default are the fault\n"
    "                         family's; as root each mthp run enables its\n"
    "                         size alone, put back when it ends)\n"
    "  --thp=never|madvise|always  set transparent_hugepage/enabled for the\n"
    "                         whole run (root; put back at exit, on signals,\n"
    "                         and after SIGKILL by the next run or --restore)\n"
    "  --reserve-hugetlb=N[:2M|:1G]  make N hugetlb pages free for the run\n"
    "                         (root; at most half of MemAvailable; the pool\n"
    "                         is put back at exit, on signals, and after\n"
    "                         SIGKILL by the next run or --restore)\n"
    "  --force-reserve        let --reserve-hugetlb take up to all of\n"
    "                         MemAvailable\n"
    "  --bench-dir=DIR        directory for test files (default: $TMPDIR "
    "or /tmp)\n"
    "  --filesystems=LIST     make and mount these filesystems for the\n"
    "                         file-backed rows (fs:NAME), of tmpfs,\n"
    "                         tmpfs-huge,ext4,xfs,btrfs,hugetlbfs or all\n"
    "                         (root; images on loop devices under\n"
    "                         DIR/mmaplab-fs-PID-*, all removed at exit, on\n"
    "                         signals, after SIGKILL by the next run or\n"
    "                         --restore)\n"
    "  --fs-dir=NAME=DIR      run the file-backed rows in DIR as fs:NAME\n"
    "                         (repeatable; no root)\n"
    "  --keep-aslr            do not re-execute with ASLR off\n"
    "  --search-isa=NAME      the core's find/rfind instruction set, of\n"
    "                         avx512,avx2,sse2,portable,auto (default: auto,\n"
    "                         or $MMAPLAB_SEARCH_ISA)\n";

/* What took effect, for the context. */
static char aslr_note[256] = "not examined";
static char thp_note[300] = "not asked for";
static char mode_notes[PM_MODE_COUNT][512];
static char reserve_note[2][300];
static pm_hugetlb_reservation reservations[2]; /* see bench_pool.h */
static const char *bench_dir;

static int bad(const char *what, const char *arg) {
  fprintf(stderr, PROG ": %s '%s' (see --help)\n", what, arg);
  return -1;
}

/* Checks a comma-separated list of page mode names ("mthp": every mthp
 * size). */
static int modes_ok(const char *list) {
  char buf[256], *save = NULL;
  pm_mode m;
  if (*list == '\0' || strlen(list) >= sizeof buf)
    return 0;
  strcpy(buf, list);
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save))
    if (pm_mode_parse(t, &m) != 0 && strcmp(t, "mthp") != 0)
      return 0;
  return list[strlen(list) - 1] != ',' && strstr(list, ",,") == NULL;
}

/* "N", "N:2M" or "N:1G", 1 <= N <= 1000000, into O->reserve. */
static int parse_reserve(bench_env_opts *o, const char *v) {
  const char *colon = strchr(v, ':');
  char num[32];
  uint64_t n;
  int which = 0;
  if (colon != NULL) {
    if (strcmp(colon, ":1G") == 0)
      which = 1;
    else if (strcmp(colon, ":2M") != 0)
      return 0;
  }
  if (snprintf(num, sizeof num, "%.*s",
               (int)(colon ? (size_t)(colon - v) : strlen(v)),
               v) >= (int)sizeof num ||
      ut_parse_u64(num, 1, 1000000, &n) != 0)
    return 0;
  o->reserve[which] = (long)n;
  return 1;
}

/* ---- filesystems ------------------------------------------------------- */

static int set_filesystems(bench_env_opts *o, const char *v, const char *arg) {
  char err[256];
  if (o->filesystems != NULL)
    return bad("give --filesystems once, not again in", arg);
  if (bench_fsmount_check_list(v, err, sizeof err) != 0) {
    fprintf(stderr, PROG ": %s\n", err);
    return -1;
  }
  o->filesystems = v;
  return 0;
}

/* The length of NAME in "NAME=DIR" when NAME is 1 to 64 letters, digits,
 * '.', '_', '+' or '-' (it becomes the fs:NAME of row names) and not
 * "all"; else 0. */
static size_t fs_dir_name_len(const char *v) {
  size_t n = 0;
  while (v[n] != '\0' && v[n] != '=' &&
         ((v[n] >= 'a' && v[n] <= 'z') || (v[n] >= 'A' && v[n] <= 'Z') ||
          (v[n] >= '0' && v[n] <= '9') || strchr("._+-", v[n]) != NULL))
    n++;
  if (v[n] != '=' || n == 0 || n > 64 || (n == 3 && !strncmp(v, "all", 3)))
    return 0;
  return n;
}

static int add_fs_dir(bench_env_opts *o, const char *v, const char *arg) {
  const size_t n = fs_dir_name_len(v);
  if (n == 0)
    return bad("expected --fs-dir=NAME=DIR, NAME of 1 to 64 letters, digits, "
               "'.', '_', '+' or '-' (not 'all'), in",
               arg);
  if (v[n + 1] == '\0')
    return bad("empty directory in", arg);
  for (size_t i = 0; i < o->nfs_dirs; i++)
    if (strncmp(o->fs_dirs[i], v, n + 1) == 0)
      return bad("the name is taken by an earlier --fs-dir:", arg);
  if (o->nfs_dirs == BENCH_ENV_MAX_FS_DIRS)
    return bad("at most 16 --fs-dir options; one more in", arg);
  o->fs_dirs[o->nfs_dirs++] = v;
  return 0;
}

/* --filesystems needs root, and each --fs-dir a writable directory under a
 * name --filesystems does not take; 0, or 2 after one line. */
static int filesystems_ok(const bench_env_opts *o) {
  struct stat sb;
  if (o->filesystems != NULL && geteuid() != 0) {
    fprintf(stderr, PROG ": --filesystems makes and mounts filesystems: it "
                         "needs root (--fs-dir=NAME=DIR does not)\n");
    return 2;
  }
  for (size_t i = 0; i < o->nfs_dirs; i++) {
    const size_t n = fs_dir_name_len(o->fs_dirs[i]);
    const char *dir = o->fs_dirs[i] + n + 1;
    char *name = ut_xasprintf("%.*s", (int)n, o->fs_dirs[i]);
    int e = 0;
    if (o->filesystems != NULL && bench_fsmount_lists(o->filesystems, name)) {
      fprintf(stderr,
              PROG ": --fs-dir=%s: the name %s is taken by --filesystems\n",
              o->fs_dirs[i], name);
      free(name);
      return 2;
    }
    free(name);
    if (stat(dir, &sb) != 0)
      e = errno;
    else if (!S_ISDIR(sb.st_mode))
      e = ENOTDIR;
    else if (access(dir, W_OK | X_OK) != 0) /* test files go there */
      e = errno;
    if (e != 0) {
      fprintf(stderr, PROG ": --fs-dir=%s: '%s': %s\n", o->fs_dirs[i], dir,
              strerror(e));
      return 2;
    }
  }
  return 0;
}

const struct option bench_env_options[BENCH_ENV_NOPTIONS] = {
    {"page-modes", required_argument, NULL, BENCH_ENV_OPT_PAGE_MODES},
    {"reserve-hugetlb", required_argument, NULL, BENCH_ENV_OPT_RESERVE_HUGETLB},
    {"force-reserve", no_argument, NULL, BENCH_ENV_OPT_FORCE_RESERVE},
    {"bench-dir", required_argument, NULL, BENCH_ENV_OPT_BENCH_DIR},
    {"keep-aslr", no_argument, NULL, BENCH_ENV_OPT_KEEP_ASLR},
    {"search-isa", required_argument, NULL, BENCH_ENV_OPT_SEARCH_ISA},
    {"thp", required_argument, NULL, BENCH_ENV_OPT_THP},
    {"filesystems", required_argument, NULL, BENCH_ENV_OPT_FILESYSTEMS},
    {"fs-dir", required_argument, NULL, BENCH_ENV_OPT_FS_DIR}};

int bench_env_set(bench_env_opts *o, int opt, const char *value,
                  const char *arg) {
  switch (opt) {
  case BENCH_ENV_OPT_PAGE_MODES:
    if (!modes_ok(value))
      return bad("page modes are a list of 4k, thp, huge2m, huge1g, "
                 "mthp16k..mthp1024k, mthp, default:",
                 arg);
    o->page_modes = value;
    return 0;
  case BENCH_ENV_OPT_RESERVE_HUGETLB:
    if (!parse_reserve(o, value))
      return bad("expected --reserve-hugetlb=N, N:2M or N:1G with N in "
                 "1..1000000, not",
                 arg);
    return 0;
  case BENCH_ENV_OPT_BENCH_DIR:
    if (value[0] == '\0')
      return bad("empty directory in", arg);
    o->dir = value;
    return 0;
  case BENCH_ENV_OPT_FORCE_RESERVE:
    o->force_reserve = 1;
    return 0;
  case BENCH_ENV_OPT_KEEP_ASLR:
    o->keep_aslr = 1;
    return 0;
  case BENCH_ENV_OPT_THP:
    if (strcmp(value, "never") != 0 && strcmp(value, "madvise") != 0 &&
        strcmp(value, "always") != 0)
      return bad("expected --thp=never, madvise or always, not", arg);
    o->thp = value;
    return 0;
  case BENCH_ENV_OPT_FILESYSTEMS:
    return set_filesystems(o, value, arg);
  case BENCH_ENV_OPT_FS_DIR:
    return add_fs_dir(o, value, arg);
  case BENCH_ENV_OPT_SEARCH_ISA:
    if (mml_search_set_isa(value) != 0)
      return bad("unknown instruction set, or one this machine cannot run, in",
                 arg);
    return 0;
  default:
    return bad("unknown option", arg);
  }
}

static int bench_dir_ok(const bench_env_opts *o);

/* The descriptors a run may still open: the soft RLIMIT_NOFILE minus the
 * ones open now (counted in /proc/self/fd, which itself takes one: none
 * free when it cannot be opened for EMFILE). -1 when unknown. */
static long free_descriptors(struct rlimit *lim) {
  struct dirent *d;
  long open_now = -1; /* the directory's own descriptor is not counted */
  DIR *dir;
  if (getrlimit(RLIMIT_NOFILE, lim) != 0 || lim->rlim_cur == RLIM_INFINITY)
    return -1;
  if ((dir = opendir("/proc/self/fd")) == NULL)
    return errno == EMFILE || errno == ENFILE ? 0 : -1;
  while ((d = readdir(dir)) != NULL)
    open_now += d->d_name[0] != '.';
  closedir(dir);
  return (long)lim->rlim_cur - open_now;
}

/* The hugetlb pages to reserve: what O asks for, and with hugetlbfs in
 * --filesystems and no 2 MiB count given, BENCH_FSMOUNT_HUGETLB_PAGES. */
static void reserve_counts(const bench_env_opts *o, long reserve[2]) {
  reserve[0] = o->reserve[0];
  reserve[1] = o->reserve[1];
  if (reserve[0] == 0 && o->filesystems != NULL &&
      bench_fsmount_lists(o->filesystems, "hugetlbfs"))
    reserve[0] = BENCH_FSMOUNT_HUGETLB_PAGES;
}

int bench_env_check_limits(const bench_env_opts *o) {
  long reserve[2];
  struct rlimit lim;
  char err[512];
  const long n = free_descriptors(&lim);
  reserve_counts(o, reserve);
  if (bench_dir_ok(o) != 0 || filesystems_ok(o) != 0)
    return 2;
  if (n >= 0 && n < BENCH_ENV_MIN_FREE_FDS) {
    fprintf(stderr,
            PROG ": %ld file descriptors free of %llu (ulimit -n); a run "
                 "needs %d\n",
            n, (unsigned long long)lim.rlim_cur, BENCH_ENV_MIN_FREE_FDS);
    return 2;
  }
  if (bench_pool_check_size(reserve, o->force_reserve, err, sizeof err)) {
    fprintf(stderr, PROG ": %s\n", err);
    return 2;
  }
  return 0;
}

void bench_env_aslr(const bench_env_opts *o, char **argv) {
  flt_aslr_state st;
  int rc = 0;
  if (!o->keep_aslr)
    rc = flt_aslr_reexec_disabled(argv); /* returns only if no re-exec */
  flt_aslr_get(&st);
  snprintf(aslr_note, sizeof aslr_note, "%s%s%s", st.how,
           o->keep_aslr ? " (--keep-aslr)" : "",
           rc < 0 ? "; re-executing without it failed: " : "");
  if (rc < 0)
    strncat(aslr_note, strerror(-rc), sizeof aslr_note - strlen(aslr_note) - 1);
}

/* ---- hugetlb pools ------------------------------------------------------ */

void bench_env_restore(void) {
  /* the files first: an open file keeps a mount busy */
  bench_fsmap_clear();
  bench_testfile_cache_clear();
  bench_fsmount_remove();
  bench_pool_restore();
  bench_sysfs_restore_all(); /* --thp, and an mthp run cut short */
}

#define THP_ENABLED "/sys/kernel/mm/transparent_hugepage/enabled"

/* --thp=MODE: the top-level THP setting for the whole run. 0, or 2 after
 * one line on stderr. */
static int set_thp(const bench_env_opts *o) {
  char err[400], was[32];
  if (o->thp == NULL) {
    if (bench_sysfs_read(THP_ENABLED, was, sizeof was) == 0)
      snprintf(thp_note, sizeof thp_note,
               "not asked for: transparent_hugepage/enabled is [%s]", was);
    return 0;
  }
  if (bench_sysfs_set(THP_ENABLED, o->thp, err, sizeof err) != 0) {
    fprintf(stderr, PROG ": --thp=%s: %s\n", o->thp, err);
    return 2;
  }
  snprintf(thp_note, sizeof thp_note,
           "--thp=%s: transparent_hugepage/enabled is [%s] for the run%s%s%s",
           o->thp, o->thp,
           bench_sysfs_previous(THP_ENABLED) ? " (was [" : " (it was already)",
           bench_sysfs_previous(THP_ENABLED) ? bench_sysfs_previous(THP_ENABLED)
                                             : "",
           bench_sysfs_previous(THP_ENABLED) ? "], put back at the end)" : "");
  return 0;
}

static void reserve_pools(const bench_env_opts *o) {
  static const size_t page_kb[2] = {2048, 1048576};
  long reserve[2];
  int any = 0;
  reserve_counts(o, reserve);
  for (int i = 0; i < 2; i++) {
    if (reserve[i] == 0) {
      snprintf(reserve_note[i], sizeof reserve_note[i], "not asked for");
      continue;
    }
    any = 1;
    if (bench_pool_reserve(page_kb[i], reserve[i], &reservations[i]) < 0)
      fprintf(stderr, PROG ": reserving %ld hugetlb pages of %zu kB: %s\n",
              reserve[i], page_kb[i], reservations[i].note);
    snprintf(reserve_note[i], sizeof reserve_note[i], "%s",
             reservations[i].note);
  }
  if (any)
    atexit(bench_env_restore);
}

/* Makes the filesystems of --filesystems, then adds the --fs-dir ones; 0,
 * or 2 after one line on stderr. */
static int make_filesystems(const bench_env_opts *o) {
  const char *name, *why;
  if (o->filesystems != NULL) {
    atexit(bench_env_restore);
    if (bench_fsmount_make(o->filesystems, bench_dir) != 0)
      return 2;
    for (size_t i = 0; (name = bench_fsmount_unavailable(i, &why)); i++)
      fprintf(stderr, PROG ": filesystem %s left out: %s\n", name, why);
  }
  for (size_t i = 0; i < o->nfs_dirs; i++) {
    const size_t n = fs_dir_name_len(o->fs_dirs[i]);
    char *fs_name = ut_xasprintf("%.*s", (int)n, o->fs_dirs[i]);
    const bench_fs *fs = bench_fs_add_dir(fs_name, o->fs_dirs[i] + n + 1, 0);
    free(fs_name);
    if (fs == NULL) {
      fprintf(stderr, PROG ": --fs-dir=%s: %s\n", o->fs_dirs[i],
              strerror(errno));
      return 2;
    }
  }
  return 0;
}

/* ---- page modes --------------------------------------------------------- */

/* Maps one page of MODE (2 MiB for thp, one hugetlb page, 64 KiB of base
 * pages), touches it and verifies it; 1 if it was backed in MODE. */
static int probe(bd_page_mode mode, char *note, size_t cap) {
  const int64_t len = mode == PM_4K ? 65536 : (int64_t)pm_mode_size(mode);
  pm_verdict v;
  const char *why = "";
  mml_map *m = NULL;
  uint8_t *p;
  int64_t n;
  int ro, ok;
  if (bd_open_anon(&m, mode, len, 0, 0, &why) != 0) {
    snprintf(note, cap, "probe failed: %s", why);
    return 0;
  }
  if (mml_buffer_export(m, &p, &n, &ro) != 0) {
    mml_destroy(m);
    snprintf(note, cap, "probe failed: mml_buffer_export");
    return 0;
  }
  bd_prefault(p, n);
  ok = bd_verify(mode, p, n, &v);
  snprintf(note, cap, "%s at probe: %.0f%% of %lld bytes backed (%s)",
           ok == 1 ? "verified" : "fell back", 100.0 * v.fraction, (long long)n,
           v.label);
  (void)mml_buffer_release(m);
  mml_destroy(m);
  return ok == 1;
}

/* An mthp size: listed by the kernel below the PMD size, and a run can
 * set it up (root) or the settings give it; no probe (each run is
 * verified by the size's counters). Records the note; 1 if it can run. */
static int mthp_usable(bd_page_mode mode, char *note, size_t cap) {
  const size_t kb = pm_mode_size(mode) / 1024;
  char path[160], why[300];
  pm_status st;
  snprintf(path, sizeof path, "%s/enabled", pm_mthp_dir(kb));
  /* no such size, or THP refused to this process: pm_detect says which */
  if (access(path, F_OK) != 0 || kb * 1024 >= pm_mode_size(PM_THP) ||
      prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1) {
    (void)pm_detect(mode, 0, &st);
    snprintf(note, cap, "unavailable: %s", st.reason);
    return 0;
  }
  if (!mthp_runnable(kb, 0, why, sizeof why)) {
    snprintf(note, cap, "not run: %s", why);
    return 0;
  }
  snprintf(note, cap, "run: %s; verified per run by %s/stats", why,
           pm_mthp_dir(kb));
  return 1;
}

/* Detects and probes MODE; records the note; 1 if it can run. */
static int mode_usable(bd_page_mode mode) {
  char *note = mode_notes[mode], probe_note[160];
  const size_t cap = sizeof mode_notes[mode];
  pm_status st;
  if (pm_mode_is_mthp(mode))
    return mthp_usable(mode, note, cap);
  if (mode == PM_DEFAULT) {
    char enabled[32] = "?";
    (void)bench_sysfs_read(THP_ENABLED, enabled, sizeof enabled);
    snprintf(note, cap,
             "run: no madvise, the machine's settings (enabled [%s]); each "
             "row records huge_fraction and mthp_fraction",
             enabled);
    return 1;
  }
  if (!pm_detect(mode, 0, &st)) {
    snprintf(note, cap, "unavailable: %s", st.reason);
    return 0;
  }
  if (!probe(mode, probe_note, sizeof probe_note)) {
    snprintf(note, cap, "not run: %s; %s", probe_note, st.reason);
    return 0;
  }
  snprintf(note, cap, "run: %s; %s", probe_note, st.reason);
  return 1;
}

/* Picks the bench directory of O into bench_dir and checks it; 0, or 2
 * after one line on stderr naming the failing call's errno. */
static int bench_dir_ok(const bench_env_opts *o) {
  struct stat sb;
  const char *tmp = getenv("TMPDIR");
  int e = 0;
  bench_dir = o->dir ? o->dir : tmp && *tmp ? tmp : "/tmp";
  if (stat(bench_dir, &sb) != 0)
    e = errno;
  else if (!S_ISDIR(sb.st_mode))
    e = ENOTDIR;
  else if (access(bench_dir, W_OK | X_OK) != 0) /* test files go there */
    e = errno;
  if (e == 0)
    return 0;
  fprintf(stderr, PROG ": bench directory '%s': %s\n", bench_dir, strerror(e));
  return 2;
}

/* Without filesystems asked for, the file-backed rows run in the bench
 * directory, named after its type (fs:ext4): 0, or 2 after one line. */
static int default_filesystem(void) {
  pm_mount mnt;
  const int known = pm_mount_of(bench_dir, &mnt) == 0;
  const bench_fs *fs = NULL;
  if (bench_fs_count() > 0) {
    if (known)
      pm_mount_free(&mnt);
    return 0;
  }
  fs = bench_fs_add_dir(known ? mnt.fstype : "dir", bench_dir, 0);
  if (known)
    pm_mount_free(&mnt);
  if (fs == NULL) {
    fprintf(stderr, PROG ": bench directory '%s': %s\n", bench_dir,
            strerror(errno));
    return 2;
  }
  return 0;
}

/* The filesystems of the run as a JSON array, for the context. */
static void filesystems_context(void) {
  json_t *a = json_array();
  const char *name, *why;
  char *text;
  for (size_t i = 0; i < bench_fs_count(); i++) {
    const bench_fs *fs = bench_fs_at(i);
    json_array_append_new(
        a, json_pack(
               "{s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:I, s:I, s:b, s:b, "
               "s:I, s:s?, s:o}",
               "name", fs->name, "dir", fs->dir, "type", fs->type, "options",
               fs->options, "device", fs->device, "mount_point",
               fs->mount_point, "block_size", (json_int_t)fs->block_size,
               "hugetlb_page", (json_int_t)fs->hugetlb_page, "evictable",
               fs->evictable, "made", fs->made, "image_size",
               (json_int_t)fs->image_size, "mkfs", fs->mkfs, "loop_direct_io",
               fs->loop_direct_io < 0 ? json_null()
                                      : json_boolean(fs->loop_direct_io)));
  }
  text = json_dumps(a, JSON_COMPACT);
  gb_add_custom_context("mmaplab_filesystems", text ? text : "[]");
  free(text);
  json_decref(a);
  a = json_object();
  for (size_t i = 0; (name = bench_fsmount_unavailable(i, &why)); i++)
    json_object_set_new(a, name, json_string(why));
  text = json_dumps(a, JSON_COMPACT);
  gb_add_custom_context("mmaplab_filesystems_unavailable", text ? text : "{}");
  free(text);
  json_decref(a);
}

int bench_env_setup(const bench_env_opts *o, bd_page_mode *modes,
                    size_t *nmodes) {
  if (bench_dir_ok(o) != 0)
    return 2;
  setenv("MMAPLAB_BENCH_DIR", bench_dir, 1);
  /* what runs killed while they held a pool or a setting left (root;
   * quiet otherwise) */
  (void)bench_pool_restore_leftovers(stderr, 0);
  (void)bench_sysfs_restore_leftovers(stderr, 0);
  mthp_note_start();
  if (set_thp(o) != 0)
    return 2;
  (void)bench_fsmount_remove_leftovers(stderr, 0);
  reserve_pools(o);
  if (make_filesystems(o) != 0 || default_filesystem() != 0)
    return 2;
  *nmodes = 0;
  for (int i = 0; i < PM_MODE_COUNT; i++) {
    const char *name = pm_mode_name((pm_mode)i);
    char list[260];
    int asked = o->page_modes == NULL;
    if (o->page_modes != NULL) { /* whole-word match in the list */
      snprintf(list, sizeof list, ",%s,", o->page_modes);
      char word[16];
      snprintf(word, sizeof word, ",%s,", name);
      asked = strstr(list, word) != NULL ||
              (pm_mode_is_mthp((pm_mode)i) && strstr(list, ",mthp,") != NULL);
    }
    if (!asked) {
      snprintf(mode_notes[i], sizeof mode_notes[i], "not asked for");
      continue;
    }
    if (mode_usable((bd_page_mode)i))
      modes[(*nmodes)++] = (bd_page_mode)i;
    else if (o->page_modes != NULL) /* by default only the context says */
      fprintf(stderr, PROG ": page mode %s left out: %s\n", name,
              mode_notes[i]);
  }
  if (*nmodes == 0 && o->page_modes != NULL) {
    fprintf(stderr, PROG ": none of the page modes asked for can run here\n");
    return 2;
  }
  return 0;
}

/* The core's find/rfind instruction set: the one in use, then what this
 * machine can run of what the build has, e.g. "avx2 (of avx2 sse2
 * portable; avx512 not on this CPU)". */
static void search_isa_context(void) {
  char buf[256], missing[128] = "";
  const char *name;
  snprintf(buf, sizeof buf, "%s (of", mml_search_isa());
  for (size_t i = 0; (name = mml_search_isa_name(i)) != NULL; i++) {
    char *to = mml_search_isa_available(name) ? buf : missing;
    const size_t cap = to == buf ? sizeof buf : sizeof missing;
    snprintf(to + strlen(to), cap - strlen(to), " %s", name);
  }
  snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s%s)",
           missing[0] ? ";" : "", missing,
           missing[0] ? " not on this CPU" : "");
  gb_add_custom_context("mmaplab_search_isa", buf);
}

void bench_env_add_context(void) {
  static const char *const res_keys[2] = {"mmaplab_hugetlb_reservation_2m",
                                          "mmaplab_hugetlb_reservation_1g"};
  json_t *fp = fp_fingerprint(bench_dir);
  char *text = fp ? json_dumps(fp, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  char key[64];
  gb_add_custom_context("mmaplab_fingerprint", text ? text : "null");
  free(text);
  json_decref(fp);
  for (int i = 0; i < PM_MODE_COUNT; i++) {
    snprintf(key, sizeof key, "mmaplab_page_mode_%s", pm_mode_name((pm_mode)i));
    gb_add_custom_context(key, mode_notes[i]);
  }
  for (int i = 0; i < 2; i++)
    gb_add_custom_context(res_keys[i], reserve_note[i]);
  gb_add_custom_context("mmaplab_aslr", aslr_note);
  gb_add_custom_context("mmaplab_thp", thp_note);
  text = mthp_context_json();
  gb_add_custom_context("mmaplab_mthp", text ? text : "null");
  free(text);
  gb_add_custom_context("mmaplab_bench_dir", bench_dir);
  search_isa_context();
  bench_peers_add_context();
  filesystems_context();
}
