/* bench_fsmount.c - filesystems a run makes and mounts itself, and their
 * removal, also after a killed run (bench_fsmount.h). */
#define _GNU_SOURCE /* flock, umount2's MNT_DETACH */
#include "bench_fsmount.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <linux/loop.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_fs.h"
#include "bench_pool.h" /* BENCH_POOL_STATE_DIR */
#include "ut_cleanup.h"
#include "ut_input.h"
#include "ut_output.h"
#include "ut_spawn.h"
#include "pagemode.h"
#include "ut_str.h"

#define PROG "mmaplab-bench"
#define POOL_2M "/sys/kernel/mm/hugepages/hugepages-2048kB"

/* One filesystem --filesystems can make. */
typedef struct fs_kind {
  const char *name;    /* the --filesystems name and the fs: dimension */
  const char *type;    /* mount(2)'s filesystem type */
  const char *mkfs;    /* the program that makes its image; NULL: none */
  const char *force;   /* mkfs's option to write over an old signature */
  const char *package; /* the Debian package holding MKFS */
  const char *data;    /* mount data beyond size= */
} fs_kind;

static const fs_kind kinds[] = {
    {"tmpfs", "tmpfs", NULL, NULL, NULL, "huge=never"},
    {"tmpfs-huge", "tmpfs", NULL, NULL, NULL, "huge=always"},
    {"ext4", "ext4", "mkfs.ext4", "-F", "e2fsprogs", NULL},
    {"xfs", "xfs", "mkfs.xfs", "-f", "xfsprogs", NULL},
    {"btrfs", "btrfs", "mkfs.btrfs", "-f", "btrfs-progs", NULL},
    {"hugetlbfs", "hugetlbfs", NULL, NULL, NULL, "pagesize=2M"},
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* One filesystem this run makes. Its strings exist before anything is
 * made, so the signal hook only reads them. */
typedef struct made_fs {
  const fs_kind *kind;
  char *image;                   /* the image file, or NULL */
  char *mount_point;             /* <run dir>/mnt/<name> */
  char *loop;                    /* "/dev/loopN" once picked, else NULL */
  char *loop_sysfs;              /* its /sys/block/loopN/loop/backing_file */
  volatile sig_atomic_t mounted; /* set just before mount(2) */
  volatile sig_atomic_t bound;   /* set once the loop device is ours */
} made_fs;

static made_fs made[NKINDS];
static volatile sig_atomic_t nmade;
static char *run_dir, *record_path, *lock_path;
static int lock_fd = -1;
static volatile sig_atomic_t armed; /* 1 while the run's directory exists */

static struct {
  const char *name;
  char why[320];
} unavailable[NKINDS];
static size_t nunavailable;

/* ---- the list ----------------------------------------------------------- */

/* The kind named by the LEN bytes at NAME, or -1; "all" is -2. */
static int kind_of(const char *name, size_t len) {
  if (len == 3 && strncmp(name, "all", 3) == 0)
    return -2;
  for (size_t i = 0; i < NKINDS; i++)
    if (strlen(kinds[i].name) == len && strncmp(kinds[i].name, name, len) == 0)
      return (int)i;
  return -1;
}

/* Calls FN(kind index, ARG) for each entry of LIST (checked), every kind
 * for "all"; the first non-zero return ends the walk and is returned. */
static int each_listed(const char *list, int (*fn)(int k, void *arg),
                       void *arg) {
  const char *p = list;
  for (;;) {
    const char *comma = strchr(p, ',');
    const size_t len = comma ? (size_t)(comma - p) : strlen(p);
    const int k = kind_of(p, len);
    int rc = 0;
    if (k == -2)
      for (size_t i = 0; i < NKINDS && rc == 0; i++)
        rc = fn((int)i, arg);
    else if (k >= 0)
      rc = fn(k, arg);
    if (rc != 0 || comma == NULL)
      return rc;
    p = comma + 1;
  }
}

int bench_fsmount_check_list(const char *list, char *err, size_t errlen) {
  unsigned seen = 0;
  int all = 0;
  for (const char *p = list;;) {
    const char *comma = strchr(p, ',');
    const size_t len = comma ? (size_t)(comma - p) : strlen(p);
    const int k = kind_of(p, len);
    const int shown = len > 64 ? 64 : (int)len;
    int bad = 1;
    if (len == 0)
      snprintf(err, errlen, "an empty name in --filesystems");
    else if (k == -1)
      snprintf(
          err, errlen,
          "unknown filesystem '%.*s' in --filesystems (of " BENCH_FSMOUNT_NAMES
          " or all)",
          shown, p);
    else if (k == -2 ? all : (int)((seen >> k) & 1))
      snprintf(err, errlen, "'%.*s' named twice in --filesystems", shown, p);
    else
      bad = 0;
    if (bad)
      return -1;
    if (k == -2)
      all = 1;
    else
      seen |= 1u << k;
    if (comma == NULL)
      return 0;
    p = comma + 1;
  }
}

typedef struct is_named_q {
  const char *name;
} is_named_q;

static int is_named(int k, void *arg) {
  return strcmp(kinds[k].name, ((const is_named_q *)arg)->name) == 0;
}

int bench_fsmount_lists(const char *list, const char *name) {
  is_named_q q = {name};
  return each_listed(list, is_named, &q) != 0;
}

const char *bench_fsmount_unavailable(size_t i, const char **why) {
  if (i >= nunavailable)
    return NULL;
  *why = unavailable[i].why;
  return unavailable[i].name;
}

/* ---- loop devices ------------------------------------------------------- */

/* 1 if the loop device whose backing_file SYSFS names holds a file below
 * DIR (a prefix at a '/' boundary). open, read and close only: also
 * called from the signal hook. */
static int loop_backed_below(const char *sysfs, const char *dir) {
  char buf[4096];
  const size_t n = strlen(dir);
  ssize_t got;
  const int fd = open(sysfs, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0; /* ENOENT: the device has no file bound now */
  got = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (got <= 0)
    return 0;
  buf[got] = '\0';
  return (size_t)got > n && strncmp(buf, dir, n) == 0 && buf[n] == '/';
}

/* Unbinds the loop device DEV when its backing file lies below DIR: a
 * device the kernel cleared itself (LO_FLAGS_AUTOCLEAR) may since be
 * someone else's. Async-signal-safe. */
static void loop_clear_if_ours(const char *dev, const char *sysfs,
                               const char *dir) {
  int fd;
  if (!loop_backed_below(sysfs, dir))
    return;
  fd = open(dev, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  /* EBUSY while a (lazily detached) mount still holds it: with AUTOCLEAR
   * the kernel unbinds it when that mount goes */
  (void)ioctl(fd, LOOP_CLR_FD, 0);
  close(fd);
}

/* Binds IMG to the loop device FD with LO_FLAGS_AUTOCLEAR and, where the
 * image's filesystem allows it, LO_FLAGS_DIRECT_IO: without it the loop
 * device reads the image through the host's page cache, and a "cold" read
 * of the mounted filesystem would come from memory, not the disk. 0 or -1
 * with errno. */
static int loop_configure(int fd, int img, const char *image) {
  struct loop_config c;
  memset(&c, 0, sizeof c);
  c.fd = (unsigned)img;
  c.info.lo_flags = LO_FLAGS_AUTOCLEAR | LO_FLAGS_DIRECT_IO;
  snprintf((char *)c.info.lo_file_name, sizeof c.info.lo_file_name, "%s",
           image);
  if (ioctl(fd, LOOP_CONFIGURE, &c) == 0)
    return 0;
  /* a backing filesystem without O_DIRECT refuses the flag: without it */
  c.info.lo_flags = LO_FLAGS_AUTOCLEAR;
  if (errno == EINVAL && ioctl(fd, LOOP_CONFIGURE, &c) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOTTY)
    return -1;
  /* Linux before 5.8 has no LOOP_CONFIGURE: bind, then set the flags */
  if (ioctl(fd, LOOP_SET_FD, img) != 0)
    return -1;
  if (ioctl(fd, LOOP_SET_STATUS64, &c.info) != 0) {
    const int e = errno;
    (void)ioctl(fd, LOOP_CLR_FD, 0);
    errno = e;
    return -1;
  }
  return 0;
}

/* Whether the loop device of BACKING_SYSFS (.../loop/backing_file) does
 * direct I/O: its .../loop/dio, 1 or 0; 0 when unreadable. */
static int loop_dio(const char *backing_sysfs) {
  char *path = ut_xstrdup(backing_sysfs);
  char *slash = strrchr(path, '/');
  long v = 0;
  if (slash != NULL) {
    strcpy(slash + 1, "dio"); /* "backing_file" is longer than "dio" */
    (void)pm_sys_read_long(path, &v);
  }
  free(path);
  return v == 1;
}

static int write_record(char *err, size_t errlen);

/* Binds M's image to a free loop device, recorded before it is bound;
 * *FD is the open device (the caller closes it once the filesystem is
 * mounted: AUTOCLEAR unbinds a device at its last close). 0, or -1 with
 * WHY set. */
static int loop_bind(made_fs *m, int *fd, char *why, size_t cap) {
  const int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
  int img = -1, e = 0;
  *fd = -1;
  if (ctl < 0 || (img = open(m->image, O_RDWR | O_CLOEXEC)) < 0) {
    e = errno;
    snprintf(why, cap, "cannot open %s: %s",
             ctl < 0 ? "/dev/loop-control" : m->image, strerror(e));
  }
  /* another process may take the free device first: then the next one */
  for (int tries = 0; e == 0 && tries < 16; tries++) {
    char err[512];
    const int n = ioctl(ctl, LOOP_CTL_GET_FREE);
    if (n < 0) {
      e = errno;
      snprintf(why, cap, "no free loop device (LOOP_CTL_GET_FREE): %s",
               strerror(e));
      break;
    }
    free(m->loop);
    free(m->loop_sysfs);
    m->loop = ut_xasprintf("/dev/loop%d", n);
    m->loop_sysfs = ut_xasprintf("/sys/block/loop%d/loop/backing_file", n);
    if (write_record(err, sizeof err) != 0) {
      e = EIO;
      snprintf(why, cap, "%.250s", err);
      break;
    }
    if ((*fd = open(m->loop, O_RDWR | O_CLOEXEC)) < 0) {
      e = errno;
      snprintf(why, cap, "cannot open %s: %s", m->loop, strerror(e));
      break;
    }
    if (loop_configure(*fd, img, m->image) == 0) {
      m->bound = 1;
      break;
    }
    e = errno;
    close(*fd);
    *fd = -1;
    snprintf(why, cap, "binding %s to %s: %s", m->image, m->loop, strerror(e));
    if (e == EBUSY)
      e = 0;
  }
  if (e == 0 && !m->bound) {
    e = EBUSY;
    snprintf(why, cap, "every free loop device was taken before it was bound");
  }
  if (img >= 0)
    close(img);
  if (ctl >= 0)
    close(ctl);
  return e == 0 ? 0 : -1;
}

/* ---- the record --------------------------------------------------------- */

static void boot_id(char *buf, size_t len) {
  const int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
  ssize_t n = fd >= 0 ? read(fd, buf, len - 1) : -1;
  if (fd >= 0)
    close(fd);
  buf[n > 0 ? n : 0] = '\0';
  if (n > 0 && buf[n - 1] == '\n')
    buf[n - 1] = '\0';
}

/* Writes the run's record: its directory and, for each filesystem it is
 * making, the image, the loop device and the mount point. 0 or errno with
 * one line in ERR. */
static int write_record(char *err, size_t errlen) {
  json_t *list = json_array(), *rec;
  char boot[64], *text;
  int rc = ENOMEM;
  boot_id(boot, sizeof boot);
  for (sig_atomic_t i = 0; i < nmade; i++)
    json_array_append_new(list, json_pack("{s:s, s:s, s:s?, s:s?, s:s}", "name",
                                          made[i].kind->name, "type",
                                          made[i].kind->type, "image",
                                          made[i].image, "loop", made[i].loop,
                                          "mount_point", made[i].mount_point));
  rec = json_pack("{s:s, s:I, s:s, s:s, s:o}", "program", PROG, "pid",
                  (json_int_t)getpid(), "boot_id", boot, "dir", run_dir,
                  "filesystems", list);
  text = rec ? json_dumps(rec, JSON_INDENT(2)) : NULL;
  if (text != NULL)
    rc = ut_write_file(record_path, text, strlen(text), err, errlen);
  else
    snprintf(err, errlen, "cannot write %s: %s", record_path, strerror(rc));
  free(text);
  json_decref(rec);
  return rc;
}

/* ---- removal ------------------------------------------------------------ */

/* Runs in ut_cleanup's signal handler: umount2, the loop ioctl, then the
 * directory with ut_remove_tree (only when no mount is left in it: the
 * removal would go down into a mounted filesystem), the record, the lock. */
static void remove_on_signal(int sig) {
  int left = 0;
  (void)sig;
  if (!armed)
    return;
  for (sig_atomic_t i = nmade; i-- > 0;) {
    made_fs *m = &made[i];
    /* MNT_DETACH: this process's open files would make a plain umount
     * fail with EBUSY; EINVAL: it was not mounted yet */
    if (m->mounted && umount2(m->mount_point, MNT_DETACH) != 0 &&
        errno != EINVAL)
      left = 1;
    if (m->bound)
      loop_clear_if_ours(m->loop, m->loop_sysfs, run_dir);
  }
  if (left)
    return; /* the record stays for the next run and --restore */
  if (ut_remove_tree(run_dir) == 0) {
    unlink(record_path);
    unlink(lock_path);
  }
}

/* Unmounts POINT: plainly, or lazily (MNT_DETACH) when a file is still
 * open on it; 0, or errno (EINVAL: it was not mounted). */
static int unmount(const char *point) {
  if (umount2(point, 0) == 0)
    return 0;
  if (errno == EBUSY && umount2(point, MNT_DETACH) == 0)
    return 0;
  return errno;
}

static void forget_run(void) {
  for (sig_atomic_t i = 0; i < nmade; i++) {
    free(made[i].image);
    free(made[i].mount_point);
    free(made[i].loop);
    free(made[i].loop_sysfs);
    memset(&made[i], 0, sizeof made[i]);
  }
  nmade = 0;
  free(run_dir);
  free(record_path);
  free(lock_path);
  run_dir = record_path = lock_path = NULL;
  if (lock_fd >= 0)
    close(lock_fd);
  lock_fd = -1;
}

void bench_fsmount_remove(void) {
  int left = 0, rc;
  if (run_dir == NULL)
    return;
  for (sig_atomic_t i = nmade; i-- > 0;) {
    made_fs *m = &made[i];
    if (m->mounted && (rc = unmount(m->mount_point)) != 0 && rc != EINVAL) {
      fprintf(stderr, PROG ": cannot unmount %s: %s\n", m->mount_point,
              strerror(rc));
      left = 1;
    } else {
      m->mounted = 0;
    }
    if (m->bound)
      loop_clear_if_ours(m->loop, m->loop_sysfs, run_dir);
    m->bound = 0;
  }
  if (!left && (rc = ut_remove_tree(run_dir)) != 0) {
    fprintf(stderr, PROG ": cannot remove %s: %s\n", run_dir, strerror(rc));
    left = 1;
  }
  armed = 0;
  ut_cleanup_unhook(remove_on_signal);
  if (left)
    fprintf(stderr, PROG ": %s kept; mmaplab-bench --restore retries\n",
            record_path);
  else {
    unlink(record_path);
    unlink(lock_path);
  }
  forget_run();
  nunavailable = 0;
}

/* ---- what killed runs left ---------------------------------------------- */

/* Undoes /proc/self/mounts' octal escapes (\040 for a space, ...) in S. */
static void unescape(char *s) {
  char *out = s;
  for (; *s; s++) {
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
        s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
      *out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
      s += 3;
    } else {
      *out++ = *s;
    }
  }
  *out = '\0';
}

/* The deepest mount point below DIR (malloc'd), or NULL when none is. */
static char *deepest_mount_below(const char *dir) {
  FILE *f = fopen("/proc/self/mounts", "re");
  const size_t n = strlen(dir);
  char *line = NULL, *best = NULL;
  size_t cap = 0;
  if (f == NULL)
    return NULL;
  while (getline(&line, &cap, f) > 0) {
    char *save = NULL, *point;
    (void)strtok_r(line, " ", &save);
    point = strtok_r(NULL, " ", &save);
    if (point == NULL)
      continue;
    unescape(point);
    if (strncmp(point, dir, n) == 0 && point[n] == '/' &&
        (best == NULL || strlen(point) > strlen(best))) {
      free(best);
      best = ut_xstrdup(point);
    }
  }
  free(line);
  fclose(f);
  return best;
}

/* Unmounts every mount below DIR, deepest first; *COUNT of them. 0 or the
 * errno of one that would not go. */
static int unmount_below(const char *dir, int *count) {
  char *point;
  *count = 0;
  while ((point = deepest_mount_below(dir)) != NULL) {
    const int rc = unmount(point);
    free(point);
    if (rc != 0)
      return rc;
    ++*count;
  }
  return 0;
}

/* Unbinds every loop device whose file lies below DIR; *COUNT of them. */
static void unbind_below(const char *dir, int *count) {
  DIR *d = opendir("/sys/block");
  struct dirent *e;
  *count = 0;
  if (d == NULL)
    return;
  while ((e = readdir(d)) != NULL) {
    char *sysfs, *dev;
    if (strncmp(e->d_name, "loop", 4) != 0)
      continue;
    sysfs = ut_xasprintf("/sys/block/%s/loop/backing_file", e->d_name);
    dev = ut_xasprintf("/dev/%s", e->d_name);
    if (loop_backed_below(sysfs, dir)) {
      loop_clear_if_ours(dev, sysfs, dir);
      ++*count;
    }
    free(sysfs);
    free(dev);
  }
  closedir(d);
}

/* 1 if DIR is a run's directory of pid PID: absolute, no "." or ".."
 * component, its last name mmaplab-fs-<PID>-<letters>. */
static int is_run_dir(const char *dir, long long pid) {
  const char *base = strrchr(dir, '/');
  char prefix[64];
  if (dir[0] != '/' || strstr(dir, "/./") || strstr(dir, "/../") ||
      base == NULL)
    return 0;
  snprintf(prefix, sizeof prefix, "mmaplab-fs-%lld-", pid);
  return strncmp(base + 1, prefix, strlen(prefix)) == 0 &&
         strlen(base + 1) > strlen(prefix);
}

/* Removes what the record at PATH names; one line on OUT. 0 or errno. */
static int clean_record(const char *path, FILE *out) {
  char err[512], *data;
  size_t len;
  json_error_t jerr;
  json_t *root;
  json_int_t pid = 0;
  const char *dir = NULL;
  int rc = ut_read_input(path, 1 << 20, &data, &len, err, sizeof err);
  int mounts = 0, loops = 0;
  if (rc == ENOENT)
    return 0; /* removed by another run since it was listed */
  if (rc != 0) {
    fprintf(out, PROG ": %s\n", err);
    return rc;
  }
  root = json_loadb(data, len, 0, &jerr);
  free(data);
  if (root == NULL ||
      json_unpack(root, "{s:I, s:s}", "pid", &pid, "dir", &dir) != 0 ||
      !is_run_dir(dir, (long long)pid)) {
    fprintf(out,
            PROG ": %s: not a filesystem record of mmaplab-bench; "
                 "left alone\n",
            path);
    json_decref(root);
    return EINVAL;
  }
  if ((rc = unmount_below(dir, &mounts)) != 0)
    fprintf(out, PROG ": cannot unmount below %s: %s; record %s kept\n", dir,
            strerror(rc), path);
  else
    unbind_below(dir, &loops);
  if (rc == 0 && (rc = ut_remove_tree(dir)) != 0)
    fprintf(out, PROG ": cannot remove %s: %s; record %s kept\n", dir,
            strerror(rc), path);
  if (rc == 0)
    fprintf(
        out,
        PROG
        ": removed what pid %lld left in %s, which ended without "
        "removing it: %d mount%s, %d loop device%s still bound, the files\n",
        (long long)pid, dir, mounts, mounts == 1 ? "" : "s", loops,
        loops == 1 ? "" : "s");
  json_decref(root);
  return rc;
}

int bench_fsmount_remove_leftovers(FILE *out, int verbose) {
  DIR *d = opendir(BENCH_POOL_STATE_DIR);
  struct dirent *e;
  int found = 0, first_error = 0;
  if (d == NULL) {
    if (verbose)
      fprintf(out, PROG ": no filesystems to remove (no %s)\n",
              BENCH_POOL_STATE_DIR);
    return errno == ENOENT || !verbose ? 0 : errno;
  }
  while ((e = readdir(d)) != NULL) {
    const size_t n = strlen(e->d_name);
    char *json, *lock;
    int fd, rc = 0;
    if (strncmp(e->d_name, "fs-", 3) != 0 || n < 9 ||
        strcmp(e->d_name + n - 5, ".json") != 0)
      continue;
    json = ut_xasprintf("%s/%s", BENCH_POOL_STATE_DIR, e->d_name);
    lock = ut_xasprintf("%s/%.*s.lock", BENCH_POOL_STATE_DIR, (int)(n - 5),
                        e->d_name);
    fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
      rc = errno == EWOULDBLOCK ? 0 : errno;
      if (rc != 0)
        fprintf(out, PROG ": cannot lock %s: %s\n", lock, strerror(rc));
      else if (verbose)
        fprintf(out,
                PROG ": %s: in use by a running mmaplab-bench; left to "
                     "it\n",
                json);
    } else if ((rc = clean_record(json, out)) == 0) {
      unlink(json);
      unlink(lock);
    }
    found++;
    first_error = first_error ? first_error : rc;
    if (fd >= 0)
      close(fd);
    free(json);
    free(lock);
  }
  closedir(d);
  if (found == 0 && verbose)
    fprintf(out, PROG ": no filesystems to remove\n");
  return first_error;
}

/* ---- making ------------------------------------------------------------- */

/* NAME's program in PATH (root's PATH has /usr/sbin, where mkfs is),
 * malloc'd, or NULL. */
static char *find_program(const char *name) {
  const char *path = getenv("PATH");
  char *dirs = ut_xstrdup(path ? path : "/usr/sbin:/sbin:/usr/bin:/bin");
  char *found = NULL, *save = NULL;
  for (char *d = strtok_r(dirs, ":", &save); d && !found;
       d = strtok_r(NULL, ":", &save)) {
    char *p = ut_xasprintf("%s/%s", d, name);
    if (d[0] == '/' && access(p, X_OK) == 0)
      found = p;
    else
      free(p);
  }
  free(dirs);
  return found;
}

static void mark_unavailable(const fs_kind *k, const char *why) {
  unavailable[nunavailable].name = k->name;
  snprintf(unavailable[nunavailable].why, sizeof unavailable[0].why,
           "unavailable: %s", why);
  nunavailable++;
}

/* The first line of the text file PATH into BUF ("" if none). */
static void first_line(const char *path, char *buf, size_t cap) {
  char err[256], *data = NULL;
  size_t len;
  buf[0] = '\0';
  if (ut_read_input(path, 1 << 16, &data, &len, err, sizeof err) == 0)
    snprintf(buf, cap, "%.*s", (int)strcspn(data, "\n"), data);
  free(data);
}

/* Makes M's sparse image and runs mkfs on it; *CMD says how. 0, or -1 with
 * WHY set. */
static int make_image(made_fs *m, char **cmd, char *why, size_t cap) {
  const fs_kind *k = m->kind;
  char *prog = find_program(k->mkfs), *log, line[200];
  char *argv[5];
  ut_spawn_opts o;
  int fd, rc;
  if (prog == NULL) {
    snprintf(why, cap, "%s not found in PATH (Debian package %s)", k->mkfs,
             k->package);
    return -1;
  }
  fd = open(m->image, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 || ftruncate(fd, (off_t)BENCH_FSMOUNT_IMAGE_SIZE) != 0) {
    snprintf(why, cap, "cannot make the image %s: %s", m->image,
             strerror(errno));
    if (fd >= 0)
      close(fd);
    free(prog);
    return -1;
  }
  close(fd);
  argv[0] = prog, argv[1] = "-q", argv[2] = (char *)k->force;
  argv[3] = m->image, argv[4] = NULL;
  log = ut_xasprintf("%s.mkfs.log", m->image);
  memset(&o, 0, sizeof o);
  o.argv = argv;
  o.out_path = log;
  o.err_to_out = 1;
  rc = ut_spawn(&o);
  if (rc != 0) {
    const int e = errno; /* before first_line's calls */
    first_line(log, line, sizeof line);
    snprintf(why, cap, "%s failed: %s%s", k->mkfs, rc < 0 ? strerror(e) : "",
             rc < 0 ? "" : line);
  }
  *cmd = ut_xasprintf("%s -q %s IMAGE", k->mkfs, k->force);
  free(log);
  free(prog);
  return rc == 0 ? 0 : -1;
}

/* hugetlbfs: 0 if the 2 MiB pool has a free page, else -1 with WHY. */
static int hugetlb_free(char *why, size_t cap) {
  long v[2] = {0, 0};
  const char *const files[2] = {POOL_2M "/free_hugepages",
                                POOL_2M "/resv_hugepages"};
  for (int i = 0; i < 2; i++) {
    FILE *f = fopen(files[i], "re");
    if (f == NULL || fscanf(f, "%ld", &v[i]) != 1) {
      snprintf(why, cap, "this kernel has no 2 MiB hugetlb pool (%s)",
               files[i]);
      if (f)
        fclose(f);
      return -1;
    }
    fclose(f);
  }
  if (v[0] - v[1] > 0)
    return 0;
  snprintf(why, cap,
           "no free 2 MiB hugetlb page (free_hugepages %ld, resv_hugepages "
           "%ld); --reserve-hugetlb=%d:2M makes some",
           v[0], v[1], BENCH_FSMOUNT_HUGETLB_PAGES);
  return -1;
}

/* Makes and mounts kind K; adds it to bench_fs.h's list, or to the
 * unavailable ones. */
static void make_one(const fs_kind *k) {
  made_fs *m = &made[nmade];
  char why[300] = "", err[512], *cmd = NULL, *data = NULL, *source;
  int loop_fd = -1, ok = 0;
  m->kind = k;
  m->mount_point = ut_xasprintf("%s/mnt/%s", run_dir, k->name);
  m->image = k->mkfs ? ut_xasprintf("%s/img/%s.img", run_dir, k->name) : NULL;
  nmade++;
  if (write_record(err, sizeof err) != 0) /* before anything is made */
    snprintf(why, sizeof why, "%.250s", err);
  else if (strcmp(k->type, "hugetlbfs") == 0 &&
           hugetlb_free(why, sizeof why) != 0)
    ;
  else if (mkdir(m->mount_point, 0700) != 0)
    snprintf(why, sizeof why, "mkdir %s: %s", m->mount_point, strerror(errno));
  else if (k->mkfs && make_image(m, &cmd, why, sizeof why) != 0)
    ;
  else if (k->mkfs && loop_bind(m, &loop_fd, why, sizeof why) != 0)
    ;
  else
    ok = 1;
  if (ok) {
    if (strcmp(k->type, "tmpfs") == 0)
      data = ut_xasprintf("size=%lld,%s", (long long)BENCH_FSMOUNT_IMAGE_SIZE,
                          k->data);
    else if (k->data != NULL)
      data = ut_xstrdup(k->data);
    source = m->loop ? m->loop : "mmaplab";
    m->mounted = 1; /* first: a signal right after mount(2) unmounts */
    if (mount(source, m->mount_point, k->type, 0, data) != 0) {
      const int e = errno;
      m->mounted = 0;
      ok = 0;
      snprintf(why, sizeof why, "mount -t %s%s%s: %s%s", k->type,
               data ? " -o " : "", data ? data : "", strerror(e),
               e == ENODEV ? " (this kernel lacks the filesystem type)" : "");
    }
  }
  if (loop_fd >= 0)
    close(loop_fd); /* the mount holds the device now, or AUTOCLEAR frees it */
  if (ok && bench_fs_add_dir(k->name, m->mount_point, 1) == NULL) {
    snprintf(why, sizeof why, "reading the mount %s: %s", m->mount_point,
             strerror(errno));
    ok = 0;
  }
  if (ok && m->loop != NULL)
    (void)bench_fs_set_loop(k->name, loop_dio(m->loop_sysfs));
  if (ok) /* hugetlbfs has neither an image nor a size= */
    (void)bench_fs_set_image(
        k->name,
        k->mkfs || strcmp(k->type, "tmpfs") == 0 ? BENCH_FSMOUNT_IMAGE_SIZE : 0,
        cmd);
  else
    mark_unavailable(k, why);
  free(cmd);
  free(data);
}

static int make_listed(int k, void *arg) {
  *(unsigned *)arg |= 1u << k;
  return 0;
}

/* Picks the run's names (6 random letters), takes its lock and writes its
 * first record; 0 or errno with one line in ERR. */
static int start_run(const char *base, char *err, size_t errlen) {
  unsigned char rnd[6];
  char letters[7];
  int rc;
  if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
    for (size_t i = 0; i < sizeof rnd; i++) /* no getrandom: the clock */
      rnd[i] = (unsigned char)(rand() ^ (int)getpid());
  for (size_t i = 0; i < sizeof rnd; i++)
    letters[i] = (char)('a' + rnd[i] % 26);
  letters[6] = '\0';
  run_dir = ut_xasprintf("%s/mmaplab-fs-%ld-%s", base, (long)getpid(), letters);
  record_path = ut_xasprintf(BENCH_POOL_STATE_DIR "/fs-%ld-%s.json",
                             (long)getpid(), letters);
  lock_path = ut_xasprintf(BENCH_POOL_STATE_DIR "/fs-%ld-%s.lock",
                           (long)getpid(), letters);
  if ((rc = bench_state_dir_ready()) != 0) {
    snprintf(err, errlen, "cannot use %s for the record of the mounts: %s",
             BENCH_POOL_STATE_DIR, strerror(rc));
    return rc;
  }
  lock_fd =
      open(lock_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    rc = errno;
    snprintf(err, errlen, "cannot lock %s: %s", lock_path, strerror(rc));
    if (lock_fd >= 0)
      unlink(lock_path);
    return rc;
  }
  if ((rc = write_record(err, errlen)) != 0) {
    unlink(lock_path);
    return rc;
  }
  armed = 1; /* the record exists before the directory does */
  (void)ut_cleanup_hook(remove_on_signal);
  if (mkdir(run_dir, 0700) != 0) {
    rc = errno;
    snprintf(err, errlen, "mkdir %s: %s", run_dir, strerror(rc));
    return rc;
  }
  {
    char *img = ut_xasprintf("%s/img", run_dir);
    char *mnt = ut_xasprintf("%s/mnt", run_dir);
    if (mkdir(img, 0700) != 0 || mkdir(mnt, 0700) != 0) {
      rc = errno;
      snprintf(err, errlen, "mkdir in %s: %s", run_dir, strerror(rc));
    }
    free(img);
    free(mnt);
  }
  return rc;
}

int bench_fsmount_make(const char *list, const char *base) {
  char err[512], *real;
  unsigned wanted = 0;
  int rc;
  (void)bench_fsmount_remove_leftovers(stderr, 0);
  if (run_dir != NULL)
    return 0; /* made already */
  if ((real = realpath(base, NULL)) == NULL) {
    fprintf(stderr, PROG ": bench directory '%s': %s\n", base, strerror(errno));
    return 2;
  }
  rc = start_run(real, err, sizeof err);
  free(real);
  if (rc != 0) {
    fprintf(stderr, PROG ": %s\n", err);
    bench_fsmount_remove();
    return 2;
  }
  (void)each_listed(list, make_listed, &wanted);
  for (size_t i = 0; i < NKINDS; i++)
    if (wanted & (1u << i))
      make_one(&kinds[i]);
  return 0;
}
