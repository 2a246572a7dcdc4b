/* hugetlb_pool.c - reserving hugetlb pages for a run, and always giving
 * them back (hugetlb_pool.h). */
#define _GNU_SOURCE
#include "hugetlb_pool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pagemode.h"
#include "ut_output.h"

#define HUGETLB_DIR "/sys/kernel/mm/hugepages"

static void pool_path(size_t page_kb, const char *file, char *buf, size_t len) {
  snprintf(buf, len, HUGETLB_DIR "/hugepages-%zukB/%s", page_kb, file);
}

static void state_path(size_t page_kb, char *buf, size_t len) {
  snprintf(buf, len, HUGETLB_STATE_DIR "/hugetlb-%zukB.state", page_kb);
}

/* Writes VALUE to PATH with open/write/close only (signal handlers call
 * it); the decimal is formatted by hand, snprintf is not async-safe. */
static int write_long(const char *path, long value) {
  char text[32], *p = text + sizeof text;
  unsigned long v = value < 0 ? 0 : (unsigned long)value;
  int fd, rc = 0;
  *--p = '\n';
  do {
    *--p = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  if (write(fd, p, (size_t)(text + sizeof text - p)) < 0)
    rc = -errno;
  close(fd);
  return rc;
}

/* Free pages nobody has reserved, or -1 if the pool cannot be read. */
static long usable_pages(size_t page_kb) {
  char path[160];
  long free_p, resv = 0;
  pool_path(page_kb, "free_hugepages", path, sizeof path);
  if (mml_sys_read_long(path, &free_p) < 0)
    return -1;
  pool_path(page_kb, "resv_hugepages", path, sizeof path);
  (void)mml_sys_read_long(path, &resv);
  return free_p - resv;
}

/* Field 22 of /proc/PID/stat, the start time in clock ticks since boot:
 * with the pid it names a process even after pids wrap. -1 if none. */
static long long start_time(long pid) {
  char path[64], buf[1024];
  const char *p;
  long long t = -1;
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  if (mml_sys_read(path, buf, sizeof buf) < 0 ||
      (p = strrchr(buf, ')')) == NULL) /* the name may hold spaces */
    return -1;
  for (int field = 2; field < 22 && p != NULL; field++)
    p = strchr(p + 1, ' ');
  if (p != NULL)
    t = strtoll(p + 1, NULL, 10);
  return t;
}

int mml_hugetlb_check_size(size_t page_kb, long count, int max_percent,
                           char *why, size_t whylen) {
  char line[256];
  long long avail_kb = -1, add_kb;
  const long usable = usable_pages(page_kb);
  FILE *f;
  if (usable < 0 || count <= usable)
    return 0;
  if ((f = fopen("/proc/meminfo", "re")) == NULL)
    return 0;
  while (fgets(line, sizeof line, f) != NULL)
    if (sscanf(line, "MemAvailable: %lld kB", &avail_kb) == 1)
      break;
  fclose(f);
  add_kb = (long long)(count - usable) * (long long)page_kb;
  if (avail_kb < 0 || add_kb <= avail_kb / 100 * max_percent)
    return 0;
  snprintf(why, whylen,
           "%ld more hugetlb pages of %zu kB would take %lld MiB, more than "
           "%d%% of the %lld MiB available",
           count - usable, page_kb, add_kb / 1024, max_percent,
           avail_kb / 1024);
  return -E2BIG;
}

/* Reads a state file: "pid P start T previous_nr N written_nr W". */
static int read_state(const char *path, long *pid, long long *start,
                      long *previous, long *written) {
  char buf[256];
  int rc = mml_sys_read(path, buf, sizeof buf);
  if (rc < 0)
    return rc;
  if (sscanf(buf, "pid %ld start %lld previous_nr %ld written_nr %ld", pid,
             start, previous, written) != 4)
    return -EINVAL;
  return 0;
}

int mml_hugetlb_recover(size_t page_kb, char *note, size_t notelen) {
  char state[96], pool[96], err[256];
  long pid, previous, written, now = -1;
  long long start;
  int rc;
  state_path(page_kb, state, sizeof state);
  pool_path(page_kb, "nr_hugepages", pool, sizeof pool);
  rc = read_state(state, &pid, &start, &previous, &written);
  if (rc == -ENOENT) {
    snprintf(note, notelen, "%zu kB pool: no reservation left behind", page_kb);
    return 0;
  }
  if (rc == -EINVAL) { /* not ours to interpret: say so, leave it */
    snprintf(note, notelen, "%s: not a reservation record; left as is", state);
    return -EINVAL;
  }
  if (rc < 0) {
    snprintf(note, notelen, "%s: %s", state, strerror(-rc));
    return rc;
  }
  if (start_time(pid) == start) {
    snprintf(note, notelen,
             "%zu kB pool: reserved by process %ld, which is still running",
             page_kb, pid);
    return -EBUSY;
  }
  (void)mml_sys_read_long(pool, &now);
  if ((rc = write_long(pool, previous)) < 0) {
    snprintf(note, notelen, "cannot write %s: %s", pool, strerror(-rc));
    return rc;
  }
  if (unlink(state) != 0) {
    snprintf(err, sizeof err, "%s", strerror(errno));
    snprintf(note, notelen, "put back but cannot remove %s: %s", state, err);
    return -errno;
  }
  snprintf(note, notelen,
           "%zu kB pool: nr_hugepages %ld -> %ld, put back from process %ld "
           "that ended without restoring it",
           page_kb, now, previous, pid);
  return 1;
}

/* Records the value to put back before the pool is written. */
static int record_state(mml_hugetlb_reservation *r) {
  char text[160], err[512];
  int n, rc;
  if (mkdir(HUGETLB_STATE_DIR, 0700) != 0 && errno != EEXIST)
    return -errno;
  n = snprintf(text, sizeof text,
               "pid %ld start %lld previous_nr %ld written_nr %ld\n",
               (long)getpid(), start_time((long)getpid()), r->previous_nr,
               r->written_nr);
  rc = ut_write_file(r->state, text, (size_t)n, err, sizeof err);
  if (rc != 0)
    snprintf(r->note, sizeof r->note, "%.250s", err);
  return -rc;
}

int mml_hugetlb_reserve(size_t page_kb, long count,
                        mml_hugetlb_reservation *r) {
  char recovered[256];
  long usable;
  int rc;
  memset(r, 0, sizeof *r);
  r->page_kb = page_kb;
  r->wanted = count;
  r->previous_nr = r->written_nr = r->nr_after = r->free_after = -1;
  pool_path(page_kb, "nr_hugepages", r->pool, sizeof r->pool);
  state_path(page_kb, r->state, sizeof r->state);
  rc = mml_hugetlb_recover(page_kb, recovered, sizeof recovered);
  if (rc == -EBUSY) {
    snprintf(r->note, sizeof r->note, "%s", recovered);
    return rc;
  }
  if (rc == 1)
    fprintf(stderr, "mmaplab-bench: %s\n", recovered);
  usable = usable_pages(page_kb);
  if (usable < 0 || mml_sys_read_long(r->pool, &r->previous_nr) < 0) {
    snprintf(r->note, sizeof r->note, "no %zu kB hugetlb pool", page_kb);
    return -ENOENT;
  }
  r->nr_after = r->previous_nr;
  r->free_after = usable;
  if (usable >= count) {
    snprintf(r->note, sizeof r->note,
             "%ld pages of %zu kB already free; pool untouched", usable,
             page_kb);
    return 0;
  }
  r->written_nr = r->previous_nr + (count - usable);
  if ((rc = record_state(r)) < 0) {
    r->written_nr = -1;
    return rc;
  }
  r->changed = 1; /* from here on the restore runs, even if the write fails */
  rc = write_long(r->pool, r->written_nr);
  if (rc < 0) {
    snprintf(r->note, sizeof r->note, "cannot write %s: %s", r->pool,
             strerror(-rc));
    mml_hugetlb_restore(r);
    r->written_nr = -1;
    return rc;
  }
  (void)mml_sys_read_long(r->pool, &r->nr_after);
  r->free_after = usable_pages(page_kb);
  snprintf(r->note, sizeof r->note,
           "nr_hugepages %ld -> %ld (asked %ld), %ld free of %zu kB",
           r->previous_nr, r->nr_after, r->written_nr, r->free_after, page_kb);
  return r->free_after >= count ? 0 : -ENOMEM;
}

int mml_hugetlb_restore(mml_hugetlb_reservation *r) {
  int rc;
  if (!r->changed || r->restored)
    return 0;
  rc = write_long(r->pool, r->previous_nr);
  if (rc == 0) {
    r->restored = 1;
    unlink(r->state);
  }
  return rc;
}
