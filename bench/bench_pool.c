/* bench_pool.c - hugetlb pool reservations that are put back, also after
 * the run that made them was killed (bench_pool.h). */
#define _GNU_SOURCE /* flock */
#include "bench_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ut_cleanup.h"
#include "ut_input.h"
#include "ut_output.h"

#define PROG "mmaplab-bench"
#define HUGETLB_DIR "/sys/kernel/mm/hugepages"

static const size_t page_kbs[2] = {2048, 1048576};

/* One pool this process changed. The strings are made before the pool is
 * written, so the signal hook only copies bytes. */
typedef struct changed_pool {
  pm_hugetlb_reservation *r; /* NULL: slot free */
  int lock_fd;
  volatile sig_atomic_t armed; /* 1 while the pool needs putting back */
  char sysfs[96];              /* .../nr_hugepages */
  char text[32];               /* the previous value and "\n" */
  size_t textlen;
  char record[64];
} changed_pool;

static changed_pool pools[2] = {{.lock_fd = -1}, {.lock_fd = -1}};

static void path_of(size_t page_kb, const char *ext, char *buf, size_t len) {
  snprintf(buf, len, BENCH_POOL_STATE_DIR "/hugetlb-%zukB.%s", page_kb, ext);
}

static void sysfs_of(size_t page_kb, char *buf, size_t len) {
  snprintf(buf, len, HUGETLB_DIR "/hugepages-%zukB/nr_hugepages", page_kb);
}

/* Runs in the signal handler of ut_cleanup: only open, write, close and
 * unlink. The record goes only when the pool was written back. */
static void restore_on_signal(int sig) {
  (void)sig;
  for (size_t i = 0; i < sizeof pools / sizeof pools[0]; i++) {
    if (!pools[i].armed)
      continue;
    const int fd = open(pools[i].sysfs, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    const ssize_t n = write(fd, pools[i].text, pools[i].textlen);
    close(fd);
    if (n == (ssize_t)pools[i].textlen)
      unlink(pools[i].record);
  }
}

int bench_state_dir_ready(void) {
  struct stat st;
  if (mkdir(BENCH_POOL_STATE_DIR, 0700) != 0 && errno != EEXIST)
    return errno;
  if (lstat(BENCH_POOL_STATE_DIR, &st) != 0)
    return errno;
  if (!S_ISDIR(st.st_mode))
    return ENOTDIR;
  return st.st_uid != geteuid() || (st.st_mode & 022) != 0 ? EPERM : 0;
}

/* Takes the lock of PAGE_KB's pool into *FD without waiting. 0, EBUSY
 * when a running process holds it, or errno. */
static int lock_pool(size_t page_kb, int *fd) {
  char path[64];
  path_of(page_kb, "lock", path, sizeof path);
  *fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (*fd < 0)
    return errno;
  if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno == EWOULDBLOCK ? EBUSY : errno;
    close(*fd);
    *fd = -1;
    return e;
  }
  return 0;
}

/* The kernel's id of this boot, into BUF ("" when unknown). */
static void boot_id(char *buf, size_t len) {
  if (pm_sys_read("/proc/sys/kernel/random/boot_id", buf, len) < 0)
    buf[0] = '\0';
}

/* What a record says. */
typedef struct record {
  json_int_t pid, previous_nr, written_nr;
  const char *boot; /* valid while root is */
  json_t *root;
} record;

/* Reads PATH into *REC; 0, ENOENT, or errno / EINVAL with one line in ERR. */
static int read_record(const char *path, record *rec, char *err,
                       size_t errlen) {
  char *data;
  size_t len;
  json_error_t jerr;
  int rc = ut_read_input(path, 65536, &data, &len, err, errlen);
  if (rc != 0)
    return rc;
  rec->root = json_loadb(data, len, 0, &jerr);
  free(data);
  if (rec->root == NULL ||
      json_unpack(rec->root, "{s:I, s:s, s:I, s:I}", "pid", &rec->pid,
                  "boot_id", &rec->boot, "previous_nr", &rec->previous_nr,
                  "written_nr", &rec->written_nr) != 0) {
    snprintf(err, errlen, "%s: not a pool record", path);
    json_decref(rec->root);
    return EINVAL;
  }
  return 0;
}

/* Puts back the record of PAGE_KB's pool left by a run that is gone; the
 * caller holds the pool's lock. *FOUND says whether there was a record.
 * One line on OUT for a record. 0 or errno. */
static int put_back(size_t page_kb, FILE *out, int *found) {
  char path[64], sysfs[96], err[512], boot[64];
  pm_hugetlb_reservation r = {0};
  record rec;
  long now;
  int rc;
  path_of(page_kb, "json", path, sizeof path);
  sysfs_of(page_kb, sysfs, sizeof sysfs);
  *found = 0;
  if ((rc = read_record(path, &rec, err, sizeof err)) == ENOENT)
    return 0;
  *found = 1;
  if (rc != 0) {
    fprintf(out, PROG ": %s; left alone\n", err);
    return rc;
  }
  boot_id(boot, sizeof boot);
  if (strcmp(rec.boot, boot) != 0) {
    fprintf(out,
            PROG ": %zu kB pool: the record of pid %lld is from an earlier "
                 "boot, which reset the pool; record removed\n",
            page_kb, (long long)rec.pid);
  } else if ((rc = pm_sys_read_long(sysfs, &now)) < 0) {
    fprintf(out, PROG ": cannot read %s: %s; record %s kept\n", sysfs,
            strerror(-rc), path);
    json_decref(rec.root);
    return -rc;
  } else if (now == rec.previous_nr) {
    fprintf(out,
            PROG ": %zu kB pool: nr_hugepages is %ld, as before pid %lld "
                 "changed it; record removed\n",
            page_kb, now, (long long)rec.pid);
  } else if (now < (rec.previous_nr < rec.written_nr ? rec.previous_nr
                                                     : rec.written_nr) ||
             now > (rec.previous_nr > rec.written_nr ? rec.previous_nr
                                                     : rec.written_nr)) {
    /* outside what that run wrote (the kernel may have given fewer pages
     * than asked): someone else changed it since */
    fprintf(out,
            PROG ": %zu kB pool: nr_hugepages is %ld, not between %lld "
                 "and the %lld pid %lld wrote: changed since by someone "
                 "else; left alone, record removed\n",
            page_kb, now, (long long)rec.previous_nr, (long long)rec.written_nr,
            (long long)rec.pid);
  } else {
    r.page_kb = page_kb;
    r.previous_nr = (long)rec.previous_nr;
    r.changed = 1;
    if ((rc = pm_hugetlb_restore(&r)) < 0) {
      fprintf(out, PROG ": cannot write %s: %s; record %s kept\n", sysfs,
              strerror(-rc), path);
      json_decref(rec.root);
      return -rc;
    }
    fprintf(out,
            PROG ": %zu kB pool: nr_hugepages %ld -> %lld, put back for pid "
                 "%lld, which ended without restoring it\n",
            page_kb, now, (long long)rec.previous_nr, (long long)rec.pid);
  }
  json_decref(rec.root);
  return unlink(path) == 0 || errno == ENOENT ? 0 : errno;
}

int bench_pool_restore_leftovers(FILE *out, int verbose) {
  struct stat st;
  int found = 0, first_error = 0;
  if (stat(BENCH_POOL_STATE_DIR, &st) != 0 ||
      access(BENCH_POOL_STATE_DIR, R_OK | X_OK) != 0) {
    const int e = errno;
    if (e != ENOENT && verbose)
      fprintf(out, PROG ": cannot read %s: %s\n", BENCH_POOL_STATE_DIR,
              strerror(e));
    else if (verbose)
      fprintf(out, PROG ": nothing to restore (no %s)\n", BENCH_POOL_STATE_DIR);
    return e == ENOENT || !verbose ? 0 : e;
  }
  for (size_t i = 0; i < 2; i++) {
    char path[64];
    int fd, one = 0, rc;
    path_of(page_kbs[i], "json", path, sizeof path);
    if (access(path, F_OK) != 0) {
      if (errno != ENOENT && verbose) {
        fprintf(out, PROG ": cannot read %s: %s\n", path, strerror(errno));
        first_error = first_error ? first_error : errno;
      }
      continue;
    }
    if ((rc = lock_pool(page_kbs[i], &fd)) != 0) {
      if (rc == EBUSY && verbose)
        fprintf(out,
                PROG ": %zu kB pool: in use by a running mmaplab-bench; "
                     "left to it\n",
                page_kbs[i]);
      else if (rc != EBUSY)
        fprintf(out, PROG ": cannot lock the %zu kB pool's record: %s\n",
                page_kbs[i], strerror(rc));
      found += rc == EBUSY;
      first_error = first_error || rc == EBUSY ? first_error : rc;
      continue;
    }
    rc = put_back(page_kbs[i], out, &one);
    close(fd);
    found += one;
    first_error = first_error ? first_error : rc;
  }
  if (found == 0 && first_error == 0 && verbose)
    fprintf(out, PROG ": nothing to restore\n");
  return first_error;
}

/* Arms slot P to write back R's previous value: the strings first. */
static void arm(changed_pool *p, pm_hugetlb_reservation *r) {
  p->r = r;
  sysfs_of(r->page_kb, p->sysfs, sizeof p->sysfs);
  path_of(r->page_kb, "json", p->record, sizeof p->record);
  p->textlen =
      (size_t)snprintf(p->text, sizeof p->text, "%ld\n", r->previous_nr);
  p->armed = 1;
}

static void release(changed_pool *p) {
  p->armed = 0;
  p->r = NULL;
  if (p->lock_fd >= 0)
    close(p->lock_fd);
  p->lock_fd = -1;
}

/* Writes R's record: the value to put back, this pid and boot. 0 or errno
 * with one line in ERR. */
static int write_record(const pm_hugetlb_reservation *r, char *err,
                        size_t errlen) {
  char path[64], boot[64], sysfs[96];
  json_t *rec;
  char *text;
  int rc = ENOMEM;
  path_of(r->page_kb, "json", path, sizeof path);
  sysfs_of(r->page_kb, sysfs, sizeof sysfs);
  boot_id(boot, sizeof boot);
  rec = json_pack("{s:s, s:I, s:s, s:I, s:I, s:I, s:s}", "program", PROG, "pid",
                  (json_int_t)getpid(), "boot_id", boot, "page_kb",
                  (json_int_t)r->page_kb, "previous_nr",
                  (json_int_t)r->previous_nr, "written_nr",
                  (json_int_t)r->written_nr, "sysfs", sysfs);
  text = rec ? json_dumps(rec, JSON_INDENT(2)) : NULL;
  if (text != NULL)
    rc = ut_write_file(path, text, strlen(text), err, errlen);
  else
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(rc));
  free(text);
  json_decref(rec);
  return rc;
}

/* Leaves the pool alone for reason RC (errno), saying so in R's note. */
static int left_alone(pm_hugetlb_reservation *r, int rc, const char *why) {
  snprintf(r->note, sizeof r->note,
           "pool left alone (nr_hugepages %ld): %.160s%s%s", r->previous_nr,
           why, rc != 0 && rc != EBUSY ? ": " : "",
           rc != 0 && rc != EBUSY ? strerror(rc) : "");
  r->written_nr = -1;
  return -rc;
}

int bench_pool_reserve(size_t page_kb, long count, pm_hugetlb_reservation *r) {
  changed_pool *p = pools[0].r == NULL ? &pools[0] : &pools[1];
  char err[512], sysfs[96];
  int rc, found;
  if (p->r != NULL)
    return -EBUSY; /* one reservation per pool size and run */
  if ((rc = pm_hugetlb_plan(page_kb, count, r)) < 0 || r->written_nr < 0)
    return rc; /* no such pool, or enough pages free: nothing to change */
  sysfs_of(page_kb, sysfs, sizeof sysfs);
  if (access(sysfs, W_OK) != 0) { /* not root, a read-only /sys */
    snprintf(err, sizeof err, "cannot write %s", sysfs);
    return left_alone(r, errno, err);
  }
  if ((rc = bench_state_dir_ready()) != 0)
    return left_alone(r, rc,
                      "cannot record its value in " BENCH_POOL_STATE_DIR);
  if ((rc = lock_pool(page_kb, &p->lock_fd)) != 0)
    return left_alone(r, rc,
                      rc == EBUSY ? "another mmaplab-bench is changing it"
                                  : "cannot lock its record");
  /* what a killed run left first, then the plan from what is there now */
  if ((rc = put_back(page_kb, stderr, &found)) != 0 ||
      (rc = pm_hugetlb_plan(page_kb, count, r)) < 0 || r->written_nr < 0) {
    release(p);
    return rc > 0 ? left_alone(r, rc, "a killed run's record is in the way")
                  : rc;
  }
  if ((rc = write_record(r, err, sizeof err)) != 0) {
    release(p);
    return left_alone(r, 0, err);
  }
  arm(p, r); /* before the write: a signal between them writes the same */
  (void)ut_cleanup_hook(restore_on_signal);
  rc = pm_hugetlb_apply(r);
  if (!r->changed) { /* the write failed: nothing to put back */
    unlink(p->record);
    release(p);
  }
  return rc;
}

void bench_pool_restore(void) {
  for (size_t i = 0; i < sizeof pools / sizeof pools[0]; i++) {
    changed_pool *p = &pools[i];
    int rc;
    if (p->r == NULL)
      continue;
    if ((rc = pm_hugetlb_restore(p->r)) < 0)
      fprintf(stderr,
              PROG ": cannot put back nr_hugepages=%ld in %s: %s; "
                   "mmaplab bench --restore retries\n",
              p->r->previous_nr, p->sysfs, strerror(-rc));
    else
      unlink(p->record);
    release(p);
  }
}

int bench_pool_check_size(const long count[2], int force, char *err,
                          size_t errlen) {
  unsigned long long extra_kb = 0, avail_kb = 0;
  char line[256];
  int found;
  FILE *f;
  for (size_t i = 0; i < 2; i++) {
    pm_hugetlb_reservation r;
    if (count[i] > 0 && pm_hugetlb_plan(page_kbs[i], count[i], &r) == 0 &&
        r.written_nr > r.previous_nr) /* at most 1e6 x 2^20 kB: no overflow */
      extra_kb +=
          (unsigned long long)(r.written_nr - r.previous_nr) * page_kbs[i];
  }
  if (extra_kb == 0)
    return 0;
  if ((f = fopen("/proc/meminfo", "re")) == NULL) {
    snprintf(err, errlen, "cannot read /proc/meminfo: %s", strerror(errno));
    return errno;
  }
  while ((found = fgets(line, sizeof line, f) != NULL) &&
         sscanf(line, "MemAvailable: %llu kB", &avail_kb) != 1)
    ;
  fclose(f);
  if (!found) { /* kernels before 3.14 */
    snprintf(err, errlen,
             "no MemAvailable in /proc/meminfo to check "
             "--reserve-hugetlb against; --force-reserve skips "
             "the check");
    return force ? 0 : EINVAL;
  }
  if (extra_kb <= (force ? avail_kb : avail_kb / 2))
    return 0;
  snprintf(err, errlen,
           "--reserve-hugetlb asks for %llu MiB more hugetlb pages, more "
           "than %s MemAvailable (%llu MiB)%s",
           extra_kb >> 10, force ? "all of" : "half of", avail_kb >> 10,
           force ? "" : "; --force-reserve allows up to all of it");
  return EINVAL;
}
