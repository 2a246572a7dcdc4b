/* fp_test_pagemode.c - page modes: names, detect, map and verify. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults.h"
#include "fingerprint.h"
#include "fp_tests.h"
#include "pagemode.h"

int fp_test_pagemode_names(const char *arg) {
  static const char *const names[] = {
      "4k",      "thp",      "huge2m",   "huge1g",   "mthp16k",   "mthp32k",
      "mthp64k", "mthp128k", "mthp256k", "mthp512k", "mthp1024k", "default"};
  pm_mode m;
  (void)arg;
  for (int i = 0; i < PM_MODE_COUNT; i++) {
    ASSERT_STR_EQ(pm_mode_name((pm_mode)i), names[i]);
    ASSERT_EQ(pm_mode_parse(names[i], &m), 0);
    ASSERT_EQ(m, i);
  }
  ASSERT_EQ(pm_mode_parse("2m", &m), -EINVAL);
  ASSERT_STR_EQ(pm_mode_name(PM_MODE_COUNT), "?");
  ASSERT_U64(pm_mode_size(PM_4K), ==, sysconf(_SC_PAGESIZE));
  ASSERT_U64(pm_mode_size(PM_HUGE2M), ==, 2u << 20);
  ASSERT_U64(pm_mode_size(PM_HUGE1G), ==, 1u << 30);
  ASSERT_EQ((int)(sizeof names / sizeof names[0]), PM_MODE_COUNT);
  for (int i = PM_MTHP16K; i <= PM_MTHP1024K; i++) {
    ASSERT(pm_mode_is_mthp((pm_mode)i));
    ASSERT_U64(pm_mode_size((pm_mode)i), ==, (16u << (i - PM_MTHP16K)) * 1024);
  }
  ASSERT(!pm_mode_is_mthp(PM_THP) && !pm_mode_is_mthp(PM_DEFAULT));
  ASSERT_U64(pm_mode_size(PM_DEFAULT), ==, sysconf(_SC_PAGESIZE));
  ASSERT_EQ(pm_mode_parse("mthp", &m), -EINVAL); /* --page-modes' alone */
  return 0;
}

/* Writes TEXT to a fresh file in TMPDIR (or /tmp); returns its path
 * (malloc'd). */
static char *temp_file(const char *text) {
  const char *dir = getenv("TMPDIR");
  char *path = NULL;
  FILE *f;
  int fd;
  ASSERT_GT(asprintf(&path, "%s/mmaplab-fp-XXXXXX", dir ? dir : "/tmp"), 0);
  fd = mkstemp(path);
  if (fd < 0)
    perror(path);
  ASSERT_GE(fd, 0);
  f = fdopen(fd, "w");
  ASSERT_NOT_NULL(f);
  fputs(text, f);
  ASSERT_EQ(fclose(f), 0);
  return path;
}

int fp_test_pagemode_sys_read(const char *arg) {
  char *p1 = temp_file("always [madvise] never\n"), *p2 = temp_file("42\n"),
       *p3 = temp_file("no choice here\n"), buf[64];
  long v = 0;
  (void)arg;
  ASSERT_EQ(pm_sys_read_choice(p1, buf, sizeof buf), 0);
  ASSERT_STR_EQ(buf, "madvise");
  ASSERT_EQ(pm_sys_read(p1, buf, sizeof buf), 0);
  ASSERT_STR_EQ(buf, "always [madvise] never"); /* newline stripped */
  ASSERT_EQ(pm_sys_read_long(p2, &v), 0);
  ASSERT_EQ(v, 42);
  ASSERT_EQ(pm_sys_read_choice(p3, buf, sizeof buf), -EINVAL);
  ASSERT_EQ(pm_sys_read_long(p3, &v), -EINVAL);
  ASSERT_EQ(pm_sys_read_long("/nonexistent/x", &v), -ENOENT);
  ASSERT_EQ(pm_sys_read(p1, buf, 7), 0);
  ASSERT_STR_EQ(buf, "always"); /* truncated to 6 bytes */
  unlink(p1), unlink(p2), unlink(p3);
  free(p1), free(p2), free(p3);
  return 0;
}

int fp_test_pagemode_detect(const char *arg) {
  pm_status st;
  (void)arg;
  for (int i = 0; i < PM_MODE_COUNT; i++) {
    int avail = pm_detect((pm_mode)i, 0, &st);
    printf("%-7s %s: %s\n", pm_mode_name((pm_mode)i),
           avail ? "available  " : "unavailable", st.reason);
    /* Every answer carries its reason, available or not. */
    ASSERT_EQ(avail, st.available);
    ASSERT_STR_NE(st.reason, "");
  }
  ASSERT_EQ(pm_detect(PM_MODE_COUNT, 0, &st), 0);
  /* No machine has 2^40 free 1 GiB pages. */
  ASSERT_EQ(pm_detect(PM_HUGE1G, (size_t)1 << 62, &st), 0);
  return 0;
}

/* Maps SIZE bytes in MODE (from a hugetlbfs file if FILE), write-touches
 * every base page, then verifies; stores the faults per base page in *FPP. */
static int map_touch_verify(pm_mode mode, size_t size, int file, pm_verdict *v,
                            double *fpp) {
  const size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  pm_mapping m;
  flt_sample before, after;
  flt_delta d;
  int rc = file ? pm_map_hugetlbfs(mode, size, &m) : pm_map(mode, size, &m);
  if (rc < 0)
    return rc;
  flt_sample_read(&before);
  flt_touch_write(m.addr, size, ps, 1);
  flt_sample_read(&after);
  d = flt_diff(&before, &after);
  *fpp = flt_per_page(&d, size / ps);
  rc = pm_verify(mode, m.addr, size, v);
  printf("%s%s: %zu bytes, %ld faults, %.6f faults per 4 KiB page (1/%.1f); "
         "verify: %s, %.3f backed, kernel page %zu, exact %d\n",
         pm_mode_name(mode), file ? " (hugetlbfs file)" : "", size,
         d.minor + d.major, *fpp, *fpp > 0 ? 1 / *fpp : 0.0, v->label,
         v->fraction, v->kernel_page_size, v->exact);
  pm_unmap(&m);
  return rc;
}

int fp_test_pagemode_4k_verify(const char *arg) {
  pm_verdict v;
  double fpp;
  int rc;
  (void)arg;
  rc = map_touch_verify(PM_4K, 8u << 20, 0, &v, &fpp);
  ASSERT_EQ(rc, 0); /* -errno */
  ASSERT_STR_EQ(v.label, "4k");
  ASSERT_DBL(v.fraction, ==, 1.0);
  ASSERT_U64(v.thp_bytes, ==, 0);
  ASSERT_U64(v.hugetlb_bytes, ==, 0);
  /* The guard pages keep the kernel from merging the VMA with others. */
  ASSERT_EQ(v.exact, 1);
  ASSERT_U64(v.vma_bytes, ==, 8u << 20);
  return 0;
}

int fp_test_pagemode_thp(const char *arg) {
  const size_t size = 128u << 20; /* 64 huge pages: +-10% is +-6 faults */
  pm_status st;
  pm_verdict v;
  double fpp, want;
  int rc;
  (void)arg;
  if (!pm_detect(PM_THP, size, &st))
    SKIP(st.reason); /* thp unavailable */
  rc = map_touch_verify(PM_THP, size, 0, &v, &fpp);
  ASSERT_EQ(rc, 0); /* -errno */
  /* THP is best effort: without free 2 MiB blocks the kernel falls back to
   * base pages, which is a fact about the machine, not a bug. */
  if (v.fraction < 1.0) {
    char why[160];
    snprintf(why, sizeof why,
             "thp not verified: %s, %.3f of the range on huge pages", v.label,
             v.fraction);
    SKIP(why);
  }
  want = (double)sysconf(_SC_PAGESIZE) / (double)pm_mode_size(PM_THP);
  ASSERT_NEAR(fpp, want, 0.1 * want);
  return 0;
}

/* Checks one hugetlb run: all of it on MODE's pages, one fault per huge
 * page (allowing one stray fault of the test itself). */
static void check_hugetlb(pm_mode mode, long pages, int file) {
  const size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  const size_t size = pm_mode_size(mode) * (size_t)pages;
  const double want = (double)pages / (double)(size / ps);
  pm_verdict v;
  double fpp;
  int rc = map_touch_verify(mode, size, file, &v, &fpp);
  ASSERT_EQ(rc, 0); /* -errno */
  ASSERT_STR_EQ(v.label, pm_mode_name(mode));
  ASSERT_DBL(v.fraction, ==, 1.0);
  ASSERT_NEAR(fpp * (double)(size / ps), want * (double)(size / ps), 1.0);
}

/* Runs FN(CTX) in a child process and returns its wait status, -1 when
 * fork or waitpid failed: a failed assertion there aborts only the child,
 * so the caller can put back what it changed before child_passed fails. */
static int in_child(void (*fn)(const void *ctx), const void *ctx) {
  int status;
  pid_t pid;
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    fn(ctx);
    fflush(NULL);
    _exit(0);
  }
  return pid > 0 && waitpid(pid, &status, 0) == pid ? status : -1;
}

/* Passes when STATUS (in_child's) is exit 0; skips with SKIP_WHY (unless
 * NULL) when it is the skip code. */
static void child_passed(int status, const char *skip_why) {
  ASSERT_NE(status, -1); /* fork and waitpid */
  if (WIFSIGNALED(status))
    fprintf(stderr, "the checks died of signal %d (above)\n", WTERMSIG(status));
  ASSERT(WIFEXITED(status));
  if (skip_why != NULL && WEXITSTATUS(status) == TEST_SKIP_CODE)
    SKIP(skip_why);
  ASSERT_EQ(WEXITSTATUS(status), 0);
}

typedef struct hugetlb_run {
  pm_mode mode;
  long pages;
} hugetlb_run;

/* check_hugetlb over an anonymous map and, where a hugetlbfs of the mode's
 * page size is mounted, a file-backed one (in_child). */
static void check_hugetlb_maps(const void *ctx) {
  const hugetlb_run *run = ctx;
  const pm_mode mode = run->mode;
  const long pages = run->pages;
  const size_t page = pm_mode_size(mode);
  char *mnt = NULL;
  check_hugetlb(mode, pages, 0);
  if (pm_hugetlbfs_mount(page, &mnt) == 0)
    check_hugetlb(mode, pages, 1);
  else
    printf("no hugetlbfs mounted for %zu kB pages: file mapping not tested\n",
           page / 1024);
  free(mnt);
}

/* Map, touch and verify hugetlb MODE over PAGES huge pages, anonymous and
 * (where a hugetlbfs of that size is mounted) file-backed; on a machine
 * without free pages, root reserves them for the test and restores the
 * pool afterwards: the checks run in a child process, so that a failed
 * assertion (an abort) there still lets this process put the pool back. */
static int hugetlb_test(pm_mode mode, long pages, int may_reserve) {
  const size_t page = pm_mode_size(mode), size = page * (size_t)pages;
  const hugetlb_run run = {mode, pages};
  pm_hugetlb_reservation r = {0};
  pm_status st;
  char why[512];
  int rc, status;
  if (!pm_detect(mode, size, &st)) {
    snprintf(why, sizeof why, "%s unavailable: %s", pm_mode_name(mode),
             st.reason);
    if (!may_reserve || geteuid() != 0)
      SKIP(why);
    rc = pm_hugetlb_reserve(page / 1024, pages, &r);
    printf("reservation: %s\n", r.note);
    if (rc < 0) {
      pm_hugetlb_restore(&r);
      snprintf(why + strlen(why), sizeof why - strlen(why),
               "; reserving failed: %s", r.note);
      SKIP(why);
    }
  }
  status = in_child(check_hugetlb_maps, &run);
  rc = pm_hugetlb_restore(&r);
  ASSERT_EQ(rc, 0); /* the pool is back at r.previous_nr */
  child_passed(status, NULL);
  return 0;
}

int fp_test_pagemode_huge2m(const char *arg) {
  (void)arg;
  return hugetlb_test(PM_HUGE2M, 8, 1);
}

int fp_test_pagemode_huge1g(const char *arg) {
  (void)arg;
  /* 1 GiB pages are never reserved for a test: too much memory. */
  return hugetlb_test(PM_HUGE1G, 1, 0);
}

/* ---- The mount table ----------------------------------------------------- */

typedef struct mount_seen {
  const char *point; /* the mount point looked for */
  char *fstype;      /* its type, once seen (malloc'd) */
} mount_seen;

static int find_mount(const pm_mount *m, void *ctx) {
  mount_seen *s = ctx;
  if (strcmp(m->point, s->point) == 0) {
    free(s->fstype);
    s->fstype = strdup(m->fstype);
  }
  return 0;
}

typedef struct mount_dirs {
  const char *long_dir, *huge_dir;
} mount_dirs;

/* In a private mount namespace (in_child): a tmpfs on the long directory,
 * whose line in the mount table is longer than any fixed buffer (a space
 * is \040 there), and a 2 MiB hugetlbfs on the other, as pm_mounts_each,
 * pm_hugetlbfs_mount and the fingerprint see them. */
static void check_mounts(const void *ctx) {
  const mount_dirs *dirs = ctx;
  const char *long_dir = dirs->long_dir, *huge_dir = dirs->huge_dir;
  mount_seen seen = {long_dir, NULL};
  char *found = NULL;
  json_t *fp, *fs, *m;
  size_t i;
  int huge = 0;
  if (unshare(CLONE_NEWNS) != 0) {
    perror("unshare(CLONE_NEWNS)");
    _exit(TEST_SKIP_CODE);
  }
  /* Private, so that nothing mounted here reaches the machine. */
  ASSERT_EQ(mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
  ASSERT_EQ(mount("none", long_dir, "tmpfs", 0, "size=64k"), 0);
  if (mount("none", huge_dir, "hugetlbfs", 0, "pagesize=2M") == 0)
    huge = 1;
  else
    perror("mount hugetlbfs (that part not tested)");
  ASSERT_EQ(pm_mounts_each(find_mount, &seen), 0);
  ASSERT_STR_EQ(seen.fstype, "tmpfs");
  free(seen.fstype);
  /* pm_mount_of: the longest prefix, from a file below it too */
  {
    pm_mount mnt;
    char *below = NULL;
    ASSERT_GT(asprintf(&below, "%s/.", long_dir), 0);
    ASSERT_EQ(pm_mount_of(below, &mnt), 0);
    ASSERT_STR_EQ(mnt.point, long_dir);
    ASSERT_STR_EQ(mnt.fstype, "tmpfs");
    ASSERT_STR_EQ(mnt.source, "none");
    ASSERT_NOT_NULL(strstr(mnt.opts, "size=64k"));
    pm_mount_free(&mnt);
    ASSERT_EQ(pm_mount_of("/nonexistent-mmaplab", &mnt), -ENOENT);
    free(below);
  }
  fp = fp_fingerprint(long_dir);
  ASSERT_NOT_NULL(fp);
  fs = json_object_get(fp, "filesystem");
  ASSERT_STR_EQ(json_string_value(json_object_get(fs, "type")), "tmpfs");
  ASSERT_STR_EQ(json_string_value(json_object_get(fs, "mount_point")),
                long_dir);
  if (huge) {
    ASSERT_EQ(pm_hugetlbfs_mount((size_t)2 << 20, &found), 0);
    ASSERT_STR_EQ(found, huge_dir);
    free(found);
    json_array_foreach(json_object_get(fp, "hugetlbfs_mounts"), i, m) {
      if (strcmp(json_string_value(json_object_get(m, "path")), huge_dir) == 0)
        huge = 2;
    }
    ASSERT_EQ(huge, 2); /* listed in the fingerprint */
  }
  json_decref(fp);
}

int fp_test_pagemode_mounts(const char *arg) {
  const char *tmp = getenv("TMPDIR");
  char *base = NULL, *long_dir, *huge_dir = NULL, *end;
  int status;
  (void)arg;
  if (geteuid() != 0)
    SKIP("mounting a tmpfs needs root");
  ASSERT_GT(asprintf(&base, "%s/mmaplab-fp-mounts-XXXXXX", tmp ? tmp : "/tmp"),
            0);
  ASSERT_NOT_NULL(mkdtemp(base));
  ASSERT_GT(asprintf(&huge_dir, "%s/huge tlb", base), 0);
  ASSERT_EQ(mkdir(huge_dir, 0700), 0);
  /* 10 directories of 200 characters, 199 of them spaces: about 8000
   * bytes on the mount table's line. */
  long_dir = malloc(strlen(base) + 10 * 201 + 1);
  ASSERT_NOT_NULL(long_dir);
  end = long_dir + sprintf(long_dir, "%s", base);
  for (int i = 0; i < 10; i++) {
    end += sprintf(end, "/%c%199s", 'a' + i, "");
    ASSERT_EQ(mkdir(long_dir, 0700), 0);
  }
  status = in_child(check_mounts, &(mount_dirs){long_dir, huge_dir});
  /* The mounts went with the child's namespace: remove the directories. */
  while ((end = strrchr(long_dir, '/')) != NULL &&
         strlen(long_dir) > strlen(base)) {
    rmdir(long_dir);
    *end = '\0';
  }
  rmdir(huge_dir);
  ASSERT_EQ(rmdir(base), 0);
  free(long_dir), free(huge_dir), free(base);
  child_passed(status, "no private mount namespace (unshare refused)");
  return 0;
}
