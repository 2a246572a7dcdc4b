/* bench_sysfs.c - sysfs settings changed for a while and put back, also
 * after the run that changed them was killed (bench_sysfs.h). */
#define _GNU_SOURCE /* flock */
#include "bench_sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench_pool.h"
#include "pagemode.h"
#include "ut_cleanup.h"
#include "ut_input.h"
#include "ut_output.h"

#define PROG "mmaplab-bench"
/* bench_pool.h's directory: emptied at boot, as sysfs settings are reset
 * at boot. */
#define STATE_DIR BENCH_POOL_STATE_DIR
#define RECORD_PREFIX "sysfs-"
#define LOCK_WAIT_MS 10000
#define LOCK_POLL_MS 20

/* One knob this process changed. The strings are made before the knob is
 * written, so that the signal hook only copies bytes. */
typedef struct knob {
  int used;
  int lock_fd;
  volatile sig_atomic_t armed; /* 1 while the knob needs putting back */
  char path[208];
  char previous[64];
  char written[64];
  char text[72]; /* previous and "\n", for the hook */
  size_t textlen;
  char record[320];
} knob;

static knob knobs[BENCH_SYSFS_MAX];
static int atexit_done;

int bench_sysfs_read(const char *path, char *buf, size_t len) {
  const int rc = pm_sys_read_choice(path, buf, len);
  /* -EINVAL: no bracketed word, or no room; a plain value is read whole */
  return rc == -EINVAL && len > 0 ? pm_sys_read(path, buf, len) : rc;
}

/* 1 if PATH is a knob name this module accepts: under /sys/, no "..",
 * only [A-Za-z0-9._/-], short enough for the record's name. */
static int path_ok(const char *path) {
  if (strncmp(path, "/sys/", 5) != 0 || strstr(path, "..") != NULL ||
      strlen(path) >= sizeof knobs[0].path)
    return 0;
  for (const char *p = path; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '/' ||
          *p == '-'))
      return 0;
  return 1;
}

/* STATE_DIR/sysfs-<PATH after /sys/, '/' as '+'>.EXT into BUF. */
static void state_path(const char *path, const char *ext, char *buf,
                       size_t len) {
  size_t n = (size_t)snprintf(buf, len, STATE_DIR "/" RECORD_PREFIX "%s.%s",
                              path + 5, ext);
  for (size_t i = strlen(STATE_DIR "/" RECORD_PREFIX); i < n && i < len; i++)
    if (buf[i] == '/')
      buf[i] = '+';
}

/* Takes the lock file LOCKPATH into *FD, waiting up to WAIT_MS. 0, EBUSY
 * when another process kept it, or errno. */
static int take_lock(const char *lockpath, int wait_ms, int *fd) {
  const struct timespec poll = {0, LOCK_POLL_MS * 1000000L};
  *fd = open(lockpath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (*fd < 0)
    return errno;
  for (int waited = 0;; waited += LOCK_POLL_MS) {
    if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
      return 0;
    if (errno != EWOULDBLOCK || waited >= wait_ms) {
      const int e = errno == EWOULDBLOCK ? EBUSY : errno;
      close(*fd);
      *fd = -1;
      return e;
    }
    nanosleep(&poll, NULL);
  }
}

static void boot_id(char *buf, size_t len) {
  if (pm_sys_read("/proc/sys/kernel/random/boot_id", buf, len) < 0)
    buf[0] = '\0';
}

/* ---- records of a dead run ---------------------------------------------- */

/* Puts back what the record RECORD (of the knob it names) says, the
 * caller holding its lock. One line on OUT. 0 or errno. */
static int put_back(const char *record, FILE *out) {
  char *data, err[512], boot[64], now[64];
  const char *path, *prev, *written, *rboot;
  json_int_t pid;
  json_error_t jerr;
  json_t *root;
  size_t len;
  int rc = ut_read_input(record, 65536, &data, &len, err, sizeof err);
  if (rc == ENOENT)
    return 0;
  if (rc != 0) {
    fprintf(out, PROG ": %s; left alone\n", err);
    return rc;
  }
  root = json_loadb(data, len, 0, &jerr);
  free(data);
  if (root == NULL ||
      json_unpack(root, "{s:s, s:I, s:s, s:s, s:s}", "sysfs", &path, "pid",
                  &pid, "boot_id", &rboot, "previous", &prev, "written",
                  &written) != 0 ||
      !path_ok(path)) {
    fprintf(out, PROG ": %s: not a sysfs record; left alone\n", record);
    json_decref(root);
    return EINVAL;
  }
  boot_id(boot, sizeof boot);
  if (strcmp(rboot, boot) != 0) {
    fprintf(out,
            PROG ": %s: the record of pid %lld is from an earlier boot, "
                 "which reset it; record removed\n",
            path, (long long)pid);
  } else if ((rc = bench_sysfs_read(path, now, sizeof now)) < 0) {
    fprintf(out, PROG ": cannot read %s: %s; record %s kept\n", path,
            strerror(-rc), record);
    json_decref(root);
    return -rc;
  } else if (strcmp(now, prev) == 0) {
    fprintf(out,
            PROG ": %s is %s, as before pid %lld changed it; record "
                 "removed\n",
            path, now, (long long)pid);
  } else if (strcmp(now, written) != 0) {
    fprintf(out,
            PROG ": %s is %s, not the %s pid %lld wrote: changed since by "
                 "someone else; left alone (it was %s), record removed\n",
            path, now, written, (long long)pid, prev);
  } else if ((rc = pm_sys_write(path, prev)) < 0) {
    fprintf(out, PROG ": cannot write %s: %s; record %s kept\n", path,
            strerror(-rc), record);
    json_decref(root);
    return -rc;
  } else {
    fprintf(out,
            PROG ": %s %s -> %s, put back for pid %lld, which ended without "
                 "restoring it\n",
            path, now, prev, (long long)pid);
  }
  json_decref(root);
  return unlink(record) == 0 || errno == ENOENT ? 0 : errno;
}

int bench_sysfs_restore_leftovers(FILE *out, int verbose) {
  DIR *d = opendir(STATE_DIR);
  struct dirent *e;
  int first_error = 0;
  if (d == NULL) {
    if (errno != ENOENT && verbose)
      fprintf(out, PROG ": cannot read %s: %s\n", STATE_DIR, strerror(errno));
    return errno == ENOENT || !verbose ? 0 : errno;
  }
  while ((e = readdir(d)) != NULL) {
    const size_t n = strlen(e->d_name), pre = strlen(RECORD_PREFIX);
    char record[320], lockpath[320];
    int fd, rc;
    if (n <= pre + 5 || strncmp(e->d_name, RECORD_PREFIX, pre) != 0 ||
        strcmp(e->d_name + n - 5, ".json") != 0 ||
        n + sizeof STATE_DIR + 1 >= sizeof record)
      continue;
    snprintf(record, sizeof record, STATE_DIR "/%s", e->d_name);
    snprintf(lockpath, sizeof lockpath, STATE_DIR "/%.*s.lock", (int)(n - 5),
             e->d_name);
    if ((rc = take_lock(lockpath, 0, &fd)) != 0) {
      if (rc == EBUSY && verbose)
        fprintf(out,
                PROG ": %s: in use by a running mmaplab-bench; left to "
                     "it\n",
                record);
      else if (rc != EBUSY)
        fprintf(out, PROG ": cannot lock %s: %s\n", lockpath, strerror(rc));
      first_error = first_error || rc == EBUSY ? first_error : rc;
      continue;
    }
    rc = put_back(record, out);
    close(fd);
    first_error = first_error ? first_error : rc;
  }
  closedir(d);
  return first_error;
}

/* ---- this process's knobs ----------------------------------------------- */

/* Runs in ut_cleanup's signal handler: only open, write, close, unlink. */
static void restore_on_signal(int sig) {
  (void)sig;
  for (int i = BENCH_SYSFS_MAX - 1; i >= 0; i--) {
    if (!knobs[i].armed)
      continue;
    const int fd = open(knobs[i].path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
      continue;
    const ssize_t n = write(fd, knobs[i].text, knobs[i].textlen);
    close(fd);
    if (n == (ssize_t)knobs[i].textlen) {
      knobs[i].armed = 0;
      unlink(knobs[i].record);
    }
  }
}

static knob *find_knob(const char *path) {
  for (int i = 0; i < BENCH_SYSFS_MAX; i++)
    if (knobs[i].used && strcmp(knobs[i].path, path) == 0)
      return &knobs[i];
  return NULL;
}

const char *bench_sysfs_previous(const char *path) {
  const knob *k = find_knob(path);
  return k ? k->previous : NULL;
}

static void release(knob *k) {
  k->armed = 0;
  if (k->lock_fd >= 0)
    close(k->lock_fd);
  k->lock_fd = -1;
  k->used = 0;
}

/* Writes K's record: 0 or errno with one line in ERR. */
static int write_record(const knob *k, char *err, size_t errlen) {
  char boot[64];
  json_t *rec;
  char *text;
  int rc = ENOMEM;
  boot_id(boot, sizeof boot);
  rec = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "program", PROG, "pid",
                  (json_int_t)getpid(), "boot_id", boot, "sysfs", k->path,
                  "previous", k->previous, "written", k->written);
  text = rec ? json_dumps(rec, JSON_INDENT(2)) : NULL;
  if (text != NULL)
    rc = ut_write_file(k->record, text, strlen(text), err, errlen);
  else
    snprintf(err, errlen, "cannot write %s: %s", k->record, strerror(rc));
  free(text);
  json_decref(rec);
  return rc;
}

static int fail(int rc, char *err, size_t errlen, const char *path,
                const char *what) {
  snprintf(err, errlen, "%s %s: %s%s", what, path, strerror(rc),
           rc == EACCES || rc == EPERM ? " (root only)" : "");
  return -rc;
}

int bench_sysfs_set(const char *path, const char *value, char *err,
                    size_t errlen) {
  char now[64], lockpath[320];
  knob *k = find_knob(path);
  int rc;
  if (!path_ok(path) || strlen(value) >= sizeof k->written ||
      strchr(value, '\n') != NULL) {
    snprintf(err, errlen, "not a sysfs knob or value: %s = %s", path, value);
    return -EINVAL;
  }
  if ((rc = bench_sysfs_read(path, now, sizeof now)) < 0)
    return fail(-rc, err, errlen, path, "cannot read");
  if (strcmp(now, value) == 0)
    return 0;
  if (k == NULL) {
    for (int i = 0; i < BENCH_SYSFS_MAX && k == NULL; i++)
      if (!knobs[i].used)
        k = &knobs[i];
    if (k == NULL) {
      snprintf(err, errlen, "more than %d sysfs knobs changed at once",
               BENCH_SYSFS_MAX);
      return -ENOSPC;
    }
    if (access(path, W_OK) != 0)
      return fail(errno, err, errlen, path, "cannot write");
    if ((rc = bench_state_dir_ready()) != 0)
      return fail(rc, err, errlen, STATE_DIR,
                  "cannot record the previous value in");
    state_path(path, "lock", lockpath, sizeof lockpath);
    if ((rc = take_lock(lockpath, LOCK_WAIT_MS, &k->lock_fd)) != 0)
      return fail(rc, err, errlen, path,
                  rc == EBUSY ? "another mmaplab-bench keeps changing"
                              : "cannot lock");
    k->used = 1;
    snprintf(k->path, sizeof k->path, "%s", path);
    state_path(path, "json", k->record, sizeof k->record);
    /* what a killed run left first, then the value found from here on */
    if ((rc = put_back(k->record, stderr)) != 0 ||
        (rc = -bench_sysfs_read(path, now, sizeof now)) != 0) {
      release(k);
      return fail(rc, err, errlen, path,
                  "a killed run's record is in the "
                  "way of");
    }
    if (strcmp(now, value) == 0) {
      release(k);
      return 0;
    }
    snprintf(k->previous, sizeof k->previous, "%s", now);
    k->textlen = (size_t)snprintf(k->text, sizeof k->text, "%s\n", k->previous);
  }
  snprintf(k->written, sizeof k->written, "%s", value);
  if ((rc = write_record(k, err, errlen)) != 0) {
    if (!k->armed)
      release(k);
    return -rc;
  }
  /* armed before the write: a signal between them writes the same */
  k->armed = 1;
  (void)ut_cleanup_hook(restore_on_signal);
  if (!atexit_done)
    atexit_done = atexit(bench_sysfs_restore_all) == 0;
  rc = pm_sys_write(path, value);
  if (rc == 0 && (rc = bench_sysfs_read(path, now, sizeof now)) == 0 &&
      strcmp(now, value) != 0)
    rc = -EIO;
  if (rc != 0) {
    snprintf(err, errlen, "cannot set %s to %s: %s", path, value,
             rc == -EIO ? "it reads back otherwise" : strerror(-rc));
    (void)bench_sysfs_restore(path);
    return rc;
  }
  return 0;
}

int bench_sysfs_restore(const char *path) {
  char now[64];
  knob *k = find_knob(path);
  int rc;
  if (k == NULL)
    return 0;
  rc = bench_sysfs_read(path, now, sizeof now);
  if (rc == 0 && strcmp(now, k->written) != 0 &&
      strcmp(now, k->previous) != 0) {
    fprintf(stderr,
            PROG ": %s is %s, not the %s written: changed since by someone "
                 "else; left alone (it was %s)\n",
            path, now, k->written, k->previous);
  } else if ((rc != 0 || strcmp(now, k->previous) != 0) &&
             (rc = pm_sys_write(path, k->previous)) < 0) {
    fprintf(stderr,
            PROG ": cannot put back %s=%s: %s; mmaplab-bench --restore "
                 "retries\n",
            path, k->previous, strerror(-rc));
    k->armed = 0;
    close(k->lock_fd); /* the record stays for --restore */
    k->lock_fd = -1;
    k->used = 0;
    return rc;
  }
  unlink(k->record);
  release(k);
  return 0;
}

void bench_sysfs_restore_all(void) {
  for (int i = BENCH_SYSFS_MAX - 1; i >= 0; i--)
    if (knobs[i].used)
      (void)bench_sysfs_restore(knobs[i].path);
}
