/* pagemode.c - page-size modes: detect, map, verify; hugetlb reservation. */
#define _GNU_SOURCE
#include "pagemode.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mntent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* glibc 2.36's <sys/mman.h> has MAP_HUGE_SHIFT but not the size flags. */
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << MAP_HUGE_SHIFT)
#endif
#ifndef MAP_HUGE_1GB
#define MAP_HUGE_1GB (30 << MAP_HUGE_SHIFT)
#endif

#define THP_DIR "/sys/kernel/mm/transparent_hugepage"
#define HUGETLB_DIR "/sys/kernel/mm/hugepages"

/* ---- Small kernel files -------------------------------------------------- */

int pm_sys_read(const char *path, char *buf, size_t len) {
  size_t n = 0;
  int fd;
  if (len == 0)
    return -EINVAL;
  fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  while (n + 1 < len) {
    ssize_t r = read(fd, buf + n, len - 1 - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      int e = errno;
      close(fd);
      return -e;
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = '\0';
  while (n > 0 && isspace((unsigned char)buf[n - 1]))
    buf[--n] = '\0';
  return 0;
}

int pm_sys_read_long(const char *path, long *out) {
  char buf[64], *end;
  long v;
  int rc = pm_sys_read(path, buf, sizeof buf);
  if (rc < 0)
    return rc;
  errno = 0;
  v = strtol(buf, &end, 10);
  if (end == buf || *end != '\0' || errno != 0)
    return -EINVAL;
  *out = v;
  return 0;
}

int pm_sys_write(const char *path, const char *value) {
  char text[64];
  const int n = snprintf(text, sizeof text, "%s\n", value);
  int fd, rc = 0;
  if (n < 0 || (size_t)n >= sizeof text)
    return -ENAMETOOLONG;
  fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  if (write(fd, text, (size_t)n) != n)
    rc = -errno;
  close(fd);
  return rc;
}

int pm_sys_read_choice(const char *path, char *buf, size_t len) {
  char text[512];
  const char *open_b, *close_b;
  size_t n;
  int rc = pm_sys_read(path, text, sizeof text);
  if (rc < 0)
    return rc;
  open_b = strchr(text, '[');
  close_b = open_b ? strchr(open_b, ']') : NULL;
  if (close_b == NULL || len == 0)
    return -EINVAL;
  n = (size_t)(close_b - open_b - 1);
  if (n >= len)
    n = len - 1;
  memcpy(buf, open_b + 1, n);
  buf[n] = '\0';
  return 0;
}

int pm_read_ahead_kb(const char *dir, long *kb) {
  static const char *const where[] = {"queue", "../queue"};
  struct stat st;
  char path[96];
  if (stat(dir, &st) != 0)
    return -errno;
  /* Major 0 is the kernel's unnamed devices (tmpfs, btrfs subvolumes). */
  if (major(st.st_dev) == 0)
    return -ENODEV;
  for (size_t i = 0; i < 2; i++) {
    snprintf(path, sizeof path, "/sys/dev/block/%u:%u/%s/read_ahead_kb",
             major(st.st_dev), minor(st.st_dev), where[i]);
    if (pm_sys_read_long(path, kb) == 0)
      return 0;
  }
  return -ENODEV;
}

/* ---- Modes --------------------------------------------------------------- */

/* The size of an mthp mode in kB: 16 << (mode - PM_MTHP16K). */
static size_t mthp_kb(pm_mode mode) {
  return (size_t)16 << (mode - PM_MTHP16K);
}

static size_t base_page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

size_t pm_mode_size(pm_mode mode) {
  long pmd;
  switch (mode) {
  case PM_THP:
    if (pm_sys_read_long(THP_DIR "/hpage_pmd_size", &pmd) == 0 && pmd > 0)
      return (size_t)pmd;
    return (size_t)2 << 20; /* x86-64's PMD size, for kernels without THP */
  case PM_HUGE2M:
    return (size_t)2 << 20;
  case PM_HUGE1G:
    return (size_t)1 << 30;
  default:
    return pm_mode_is_mthp(mode) ? mthp_kb(mode) * 1024 : base_page_size();
  }
}

/* ---- Detect -------------------------------------------------------------- */

static int detect_4k(pm_status *st) {
  size_t ps = base_page_size();
  st->available = ps == 4096;
  if (st->available)
    snprintf(st->reason, sizeof st->reason,
             "base pages are 4 KiB; THP is switched off for the range "
             "(MADV_NOHUGEPAGE)");
  else
    snprintf(st->reason, sizeof st->reason,
             "base pages are %zu bytes, not 4 KiB", ps);
  return st->available;
}

static int detect_thp(pm_status *st) {
  char enabled[64], defrag[64];
  int rc;
  /* A process (or its parent, e.g. a container runtime) can opt out. */
  if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1) {
    snprintf(st->reason, sizeof st->reason,
             "THP disabled for this process (prctl PR_SET_THP_DISABLE)");
    return st->available = 0;
  }
  rc = pm_sys_read_choice(THP_DIR "/enabled", enabled, sizeof enabled);
  if (rc < 0) {
    snprintf(st->reason, sizeof st->reason, "cannot read %s/enabled: %s%s",
             THP_DIR, strerror(-rc),
             rc == -ENOENT ? " (kernel without THP)" : "");
    return st->available = 0;
  }
  if (pm_sys_read_choice(THP_DIR "/defrag", defrag, sizeof defrag) < 0)
    snprintf(defrag, sizeof defrag, "unknown");
  st->available = strcmp(enabled, "never") != 0;
  snprintf(st->reason, sizeof st->reason,
           "THP enabled is [%s], defrag is [%s]%s", enabled, defrag,
           st->available ? "; MADV_HUGEPAGE asks for it, verify after the run"
                         : "");
  return st->available;
}

static int detect_hugetlb(pm_mode mode, size_t size, pm_status *st) {
  const size_t page = pm_mode_size(mode);
  const char *label = mode == PM_HUGE1G ? "1 GiB" : "2 MiB";
  char dir[128], path[192];
  long nr = 0, free_p = 0, resv = 0, over = 0, surp = 0, usable, need;
  snprintf(dir, sizeof dir, HUGETLB_DIR "/hugepages-%zukB", page / 1024);
  snprintf(path, sizeof path, "%s/free_hugepages", dir);
  if (pm_sys_read_long(path, &free_p) < 0) {
    snprintf(st->reason, sizeof st->reason,
             "kernel has no %s hugetlb pages (no %s)", label, dir);
    return st->available = 0;
  }
  snprintf(path, sizeof path, "%s/nr_hugepages", dir);
  (void)pm_sys_read_long(path, &nr);
  snprintf(path, sizeof path, "%s/resv_hugepages", dir);
  (void)pm_sys_read_long(path, &resv);
  snprintf(path, sizeof path, "%s/nr_overcommit_hugepages", dir);
  (void)pm_sys_read_long(path, &over);
  snprintf(path, sizeof path, "%s/surplus_hugepages", dir);
  (void)pm_sys_read_long(path, &surp);
  /* Reserved pages are promised to other mappings; overcommit pages are
   * allocated on demand up to nr_overcommit_hugepages. */
  usable = free_p - resv + (over > surp ? over - surp : 0);
  need = size ? (long)(size / page + (size % page != 0)) : 1;
  st->available = usable >= need;
  snprintf(st->reason, sizeof st->reason,
           "%ld usable %s hugetlb pages, %ld needed (nr=%ld free=%ld "
           "reserved=%ld overcommit=%ld)%s",
           usable, label, need, nr, free_p, resv, over,
           st->available ? "" : "; root can reserve them for the run");
  return st->available;
}

/* An mthp size: listed by the kernel with an "enabled" file, below the
 * PMD size, and given to madvised memory by the current settings. Root
 * may change the settings for a run (bench_mthp.h): that is the caller's
 * business; this says what the machine gives as it is. */
static int detect_mthp(pm_mode mode, pm_status *st) {
  const size_t kb = mthp_kb(mode);
  char path[160], choice[32], why[200];
  snprintf(path, sizeof path, "%s/enabled", pm_mthp_dir(kb));
  if (pm_sys_read_choice(path, choice, sizeof choice) != 0) {
    snprintf(st->reason, sizeof st->reason,
             "the kernel has no anonymous %zu kB THP size (no %s)", kb, path);
    return st->available = 0;
  }
  if (kb * 1024 >= pm_mode_size(PM_THP)) {
    snprintf(st->reason, sizeof st->reason,
             "%zu kB is not below the PMD size: that is mode thp", kb);
    return st->available = 0;
  }
  if (prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0) == 1) {
    snprintf(st->reason, sizeof st->reason,
             "THP disabled for this process (prctl PR_SET_THP_DISABLE)");
    return st->available = 0;
  }
  st->available = pm_mthp_settings_give(kb, 0, why, sizeof why) == 1;
  snprintf(st->reason, sizeof st->reason, "%s", why);
  return st->available;
}

int pm_detect(pm_mode mode, size_t size, pm_status *st) {
  st->available = 0;
  st->reason[0] = '\0';
  if (pm_mode_is_mthp(mode))
    return detect_mthp(mode, st);
  switch (mode) {
  case PM_4K:
    return detect_4k(st);
  case PM_THP:
    return detect_thp(st);
  case PM_HUGE2M:
  case PM_HUGE1G:
    return detect_hugetlb(mode, size, st);
  case PM_DEFAULT:
    snprintf(st->reason, sizeof st->reason,
             "no madvise: whatever the machine's settings give (recorded)");
    return st->available = 1;
  default:
    snprintf(st->reason, sizeof st->reason, "unknown page mode %d", (int)mode);
    return 0;
  }
}

/* ---- Multi-size THP settings --------------------------------------------- */

const char *pm_mthp_dir(size_t kb) {
  static char dir[96];
  snprintf(dir, sizeof dir, THP_DIR "/hugepages-%zukB", kb);
  return dir;
}

static int cmp_size(const void *a, const void *b) {
  const size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

int pm_thp_sizes(size_t *kbs, int max) {
  DIR *d = opendir(THP_DIR);
  struct dirent *e;
  int n = 0;
  if (d == NULL)
    return -errno;
  while ((e = readdir(d)) != NULL && n < max)
    if (sscanf(e->d_name, "hugepages-%zukB", &kbs[n]) == 1)
      n++;
  closedir(d);
  qsort(kbs, (size_t)n, sizeof kbs[0], cmp_size);
  return n;
}

/* The setting that rules size KB (FILE "enabled" or "shmem_enabled"),
 * "inherit" resolved to the top-level one, into BUF. 0, -ENOENT when the
 * size has no such file, or -errno. */
static int effective(size_t kb, const char *file, char *buf, size_t len) {
  char path[160];
  int rc;
  snprintf(path, sizeof path, "%s/%s", pm_mthp_dir(kb), file);
  if ((rc = pm_sys_read_choice(path, buf, len)) != 0 ||
      strcmp(buf, "inherit") != 0)
    return rc;
  snprintf(path, sizeof path, THP_DIR "/%s", file);
  return pm_sys_read_choice(path, buf, len);
}

/* 1 if CHOICE lets madvised memory have huge pages. */
static int allows_madvised(const char *choice, int shmem) {
  static const char *const anon[] = {"always", "madvise"};
  static const char *const shm[] = {"always", "within_size", "advise", "force"};
  const char *const *yes = shmem ? shm : anon;
  const size_t n = shmem ? 4 : 2;
  for (size_t i = 0; i < n; i++)
    if (strcmp(choice, yes[i]) == 0)
      return 1;
  return 0;
}

int pm_mthp_settings_give(size_t kb, int shmem, char *why, size_t len) {
  const char *file = shmem ? "shmem_enabled" : "enabled";
  size_t kbs[32];
  char choice[32];
  int n = pm_thp_sizes(kbs, 32), rc;
  if (n < 0) {
    snprintf(why, len, "cannot list %s: %s", THP_DIR, strerror(-n));
    return n;
  }
  if ((rc = effective(kb, file, choice, sizeof choice)) != 0) {
    snprintf(why, len, "cannot read %s/%s: %s", pm_mthp_dir(kb), file,
             strerror(-rc));
    return rc == -ENOENT ? 0 : rc;
  }
  if (!allows_madvised(choice, shmem)) {
    snprintf(why, len, "hugepages-%zukB/%s is [%s] (root sets it for the run)",
             kb, file, choice);
    return 0;
  }
  for (int i = 0; i < n; i++) {
    char larger[32];
    if (kbs[i] <= kb || effective(kbs[i], file, larger, sizeof larger) != 0)
      continue;
    if (allows_madvised(larger, shmem)) {
      snprintf(why, len,
               "hugepages-%zukB/%s is [%s]: the larger size comes first "
               "(root turns it off for the run)",
               kbs[i], file, larger);
      return 0;
    }
  }
  snprintf(why, len,
           "the current settings give %zu kB first to madvised %s memory "
           "(hugepages-%zukB/%s [%s], no larger size)",
           kb, shmem ? "shared" : "anonymous", kb, file, choice);
  return 1;
}

/* ---- Map ----------------------------------------------------------------- */

/* Reserves PROT_NONE address space for LENGTH bytes aligned to ALIGN with a
 * guard page on each side, then maps the real thing at the aligned start
 * with MAP_FIXED. FLAGS/FD are those of the real mapping. */
static int map_in_reservation(size_t align, size_t length, int flags, int fd,
                              pm_mapping *out) {
  const size_t guard = base_page_size();
  size_t total;
  uintptr_t start;
  void *res, *addr;
  if (length > SIZE_MAX - align - 2 * guard)
    return -ENOMEM;
  total = length + align + 2 * guard;
  res = mmap(NULL, total, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (res == MAP_FAILED)
    return -errno;
  start = ((uintptr_t)res + guard + align - 1) & ~(uintptr_t)(align - 1);
  addr = mmap((void *)start, length, PROT_READ | PROT_WRITE, flags | MAP_FIXED,
              fd, 0);
  if (addr == MAP_FAILED) {
    int e = errno;
    munmap(res, total);
    return -e;
  }
  out->addr = addr;
  out->length = length;
  out->reservation = res;
  out->reservation_length = total;
  return 0;
}

static int hugetlb_flag(pm_mode mode) {
  return mode == PM_HUGE1G ? MAP_HUGE_1GB : MAP_HUGE_2MB;
}

int pm_map(pm_mode mode, size_t size, pm_mapping *out) {
  const int anon = MAP_PRIVATE | MAP_ANONYMOUS;
  size_t page, length;
  int rc, flags = anon;
  memset(out, 0, sizeof *out);
  out->fd = -1;
  if ((unsigned)mode >= PM_MODE_COUNT || size == 0)
    return -EINVAL;
  page = pm_mode_size(mode);
  if (size > SIZE_MAX - page)
    return -ENOMEM;
  length = (size + page - 1) / page * page;
  if (mode == PM_HUGE2M || mode == PM_HUGE1G)
    flags |= MAP_HUGETLB | hugetlb_flag(mode);
  rc = map_in_reservation(page, length, flags, -1, out);
  if (rc < 0)
    return rc;
  out->size = size;
  out->mode = mode;
  if ((mode == PM_THP || pm_mode_is_mthp(mode)) &&
      madvise(out->addr, length, MADV_HUGEPAGE) < 0) {
    rc = -errno;
    pm_unmap(out);
    return rc;
  }
  /* 4k: keep THP (with THP enabled=always) off the range; EINVAL without
   * THP in the kernel is fine, the range is on base pages anyway. */
  if (mode == PM_4K)
    (void)madvise(out->addr, length, MADV_NOHUGEPAGE);
  return 0;
}

/* Parses a hugetlbfs "pagesize=2M" option value into bytes; 0 if bad. */
static size_t parse_pagesize(const char *s) {
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  switch (toupper((unsigned char)*end)) {
  case 'K':
    return (size_t)(v << 10);
  case 'M':
    return (size_t)(v << 20);
  case 'G':
    return (size_t)(v << 30);
  default:
    return (size_t)v;
  }
}

size_t pm_hugetlbfs_page_size(const char *opts) {
  const char *p = strstr(opts, "pagesize=");
  char line[256];
  size_t kb = 0;
  FILE *f;
  if (p)
    return parse_pagesize(p + strlen("pagesize="));
  f = fopen("/proc/meminfo", "re");
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "Hugepagesize: %zu kB", &kb) == 1)
      break;
  if (f)
    fclose(f);
  return kb * 1024;
}

/* The mount table is /proc/self/mounts rather than mountinfo: getmntent
 * parses it and decodes its escapes, and its options hold the superblock's
 * (pagesize=), which is all the callers need. It is read whole first, so
 * that getmntent_r's line buffer can be as long as its longest line: a
 * mount point may be PATH_MAX long, four times that with escapes (\040),
 * and glibc's getmntent would cut lines at 4 KiB. */
static int read_mount_table(char **text, size_t *len, size_t *longest) {
  FILE *f = fopen("/proc/self/mounts", "re");
  size_t cap = 0, line = 0;
  ssize_t n;
  *text = NULL;
  *len = *longest = 0;
  if (f == NULL)
    return -errno;
  errno = 0;
  n = getdelim(text, &cap, '\0', f); /* the table has no NUL: all of it */
  if (n < 0 && errno != 0) {
    const int e = errno;
    fclose(f);
    free(*text);
    *text = NULL;
    return -e;
  }
  fclose(f);
  *len = n > 0 ? (size_t)n : 0;
  for (size_t i = 0; i < *len; i++) {
    line = (*text)[i] == '\n' ? 0 : line + 1;
    if (line > *longest)
      *longest = line;
  }
  return 0;
}

int pm_mounts_each(int (*fn)(const pm_mount *m, void *ctx), void *ctx) {
  char *text, *line = NULL;
  size_t len, longest;
  struct mntent ent;
  FILE *f = NULL;
  int rc = read_mount_table(&text, &len, &longest);
  if (rc < 0 || len == 0 || longest > INT_MAX - 2) {
    free(text);
    return rc < 0 || len == 0 ? rc : -EOVERFLOW;
  }
  /* Room for the longest line, its newline and the NUL. */
  line = malloc(longest + 2);
  f = line ? fmemopen(text, len, "r") : NULL;
  if (f == NULL)
    rc = line ? -errno : -ENOMEM;
  while (rc == 0 && getmntent_r(f, &ent, line, (int)(longest + 2)) != NULL) {
    const pm_mount m = {ent.mnt_dir, ent.mnt_type, ent.mnt_opts,
                        ent.mnt_fsname};
    rc = fn(&m, ctx);
  }
  if (f)
    fclose(f);
  free(line);
  free(text);
  return rc;
}

typedef struct mount_query {
  const char *path; /* a real path */
  size_t best;      /* the length of the longest point found, 0: none */
  pm_mount found;   /* its copy */
} mount_query;

void pm_mount_free(pm_mount *m) {
  free((char *)m->point);
  free((char *)m->fstype);
  free((char *)m->opts);
  free((char *)m->source);
  memset(m, 0, sizeof *m);
}

static int match_longest(const pm_mount *m, void *ctx) {
  mount_query *q = ctx;
  const size_t n = strlen(m->point);
  pm_mount copy;
  const int prefix = strncmp(q->path, m->point, n) == 0 &&
                     (n == 1 || q->path[n] == '/' || q->path[n] == '\0');
  if (!prefix || n < q->best)
    return 0;
  copy.point = strdup(m->point);
  copy.fstype = strdup(m->fstype);
  copy.opts = strdup(m->opts);
  copy.source = strdup(m->source ? m->source : "");
  if (!copy.point || !copy.fstype || !copy.opts || !copy.source) {
    pm_mount_free(&copy);
    return -ENOMEM;
  }
  pm_mount_free(&q->found);
  q->found = copy;
  q->best = n;
  return 0;
}

int pm_mount_of(const char *path, pm_mount *out) {
  mount_query q = {0};
  char *real = realpath(path, NULL);
  int rc;
  memset(out, 0, sizeof *out);
  if (real == NULL)
    return -errno;
  q.path = real;
  rc = pm_mounts_each(match_longest, &q);
  free(real);
  if (rc < 0 || q.best == 0) {
    pm_mount_free(&q.found);
    return rc < 0 ? rc : -ENOENT;
  }
  *out = q.found;
  return 0;
}

typedef struct hugetlbfs_query {
  size_t page_bytes;
  char *path; /* the mount point found, malloc'd */
} hugetlbfs_query;

static int match_hugetlbfs(const pm_mount *m, void *ctx) {
  hugetlbfs_query *q = ctx;
  if (strcmp(m->fstype, "hugetlbfs") != 0 ||
      pm_hugetlbfs_page_size(m->opts) != q->page_bytes)
    return 0;
  q->path = strdup(m->point);
  return q->path ? 1 : -ENOMEM;
}

int pm_hugetlbfs_mount(size_t page_bytes, char **path) {
  hugetlbfs_query q = {page_bytes, NULL};
  const int rc = pm_mounts_each(match_hugetlbfs, &q);
  *path = q.path;
  return rc == 1 ? 0 : rc < 0 ? rc : -ENOENT;
}

int pm_map_hugetlbfs(pm_mode mode, size_t size, pm_mapping *out) {
  char *dir = NULL, *path = NULL;
  size_t page, length;
  int rc, fd;
  memset(out, 0, sizeof *out);
  out->fd = -1;
  if ((mode != PM_HUGE2M && mode != PM_HUGE1G) || size == 0)
    return -EINVAL;
  page = pm_mode_size(mode);
  if (size > SIZE_MAX - page)
    return -ENOMEM;
  length = (size + page - 1) / page * page;
  rc = pm_hugetlbfs_mount(page, &dir);
  if (rc < 0)
    return rc;
  rc = asprintf(&path, "%s/mmaplab-bench-XXXXXX", dir);
  free(dir);
  if (rc < 0)
    return -ENOMEM;
  fd = mkostemp(path, O_CLOEXEC);
  rc = fd < 0 ? -errno : 0;
  if (fd >= 0)
    unlink(path); /* the file lives as long as the descriptor and the map */
  free(path);
  if (rc < 0)
    return rc;
  if (ftruncate(fd, (off_t)length) < 0 ||
      (rc = map_in_reservation(page, length, MAP_SHARED, fd, out)) < 0) {
    rc = rc < 0 ? rc : -errno;
    close(fd);
    return rc;
  }
  out->fd = fd;
  out->size = size;
  out->mode = mode;
  return 0;
}

void pm_unmap(pm_mapping *m) {
  /* The huge mapping first: munmap of a hugetlb VMA must not split it. */
  if (m->addr)
    munmap(m->addr, m->length);
  if (m->reservation)
    munmap(m->reservation, m->reservation_length);
  if (m->fd >= 0)
    close(m->fd);
  memset(m, 0, sizeof *m);
  m->fd = -1;
}

/* ---- Verify -------------------------------------------------------------- */

/* Adds one "Name: N kB" smaps line of an overlapping VMA to V. */
static void add_smaps_field(const char *line, pm_verdict *v, int *first_kps) {
  static const char *const thp_fields[] = {
      "AnonHugePages:", "ShmemPmdMapped:", "FilePmdMapped:"};
  static const char *const hugetlb_fields[] = {"Private_Hugetlb:",
                                               "Shared_Hugetlb:"};
  char name[64];
  size_t kb;
  if (sscanf(line, "%63s %zu kB", name, &kb) != 2)
    return;
  if (strcmp(name, "Rss:") == 0)
    v->rss_bytes += kb * 1024;
  for (size_t i = 0; i < 3; i++)
    if (strcmp(name, thp_fields[i]) == 0)
      v->thp_bytes += kb * 1024;
  for (size_t i = 0; i < 2; i++)
    if (strcmp(name, hugetlb_fields[i]) == 0)
      v->hugetlb_bytes += kb * 1024;
  if (strcmp(name, "KernelPageSize:") == 0 && *first_kps) {
    v->kernel_page_size = kb * 1024;
    *first_kps = 0;
  }
}

/* Sums the smaps fields of the VMAs overlapping [lo, hi) into V. */
static int scan_smaps(uintptr_t lo, uintptr_t hi, pm_verdict *v) {
  char *line = NULL; /* a VMA's line ends in its file's path: any length */
  size_t cap = 0;
  int in_range = 0, any = 0, first_kps = 1;
  FILE *f = fopen("/proc/self/smaps", "re");
  if (f == NULL)
    return -errno;
  v->exact = 1;
  while (getline(&line, &cap, f) > 0) {
    unsigned long start, end;
    /* VMA headers start with a lowercase hex address, fields with a
     * capitalised name ("Rss:"), so the first character tells them apart. */
    if (isxdigit((unsigned char)line[0]) && !isupper((unsigned char)line[0]) &&
        sscanf(line, "%lx-%lx", &start, &end) == 2) {
      in_range = start < hi && end > lo;
      if (in_range) {
        any = 1;
        v->vma_bytes += end - start;
        if (start < lo || end > hi)
          v->exact = 0;
      }
    } else if (in_range) {
      add_smaps_field(line, v, &first_kps);
    }
  }
  fclose(f);
  free(line);
  return any ? 0 : -ENOENT;
}

int pm_verify(pm_mode mode, const void *addr, size_t size, pm_verdict *v) {
  const size_t page = pm_mode_size(mode);
  uintptr_t lo = (uintptr_t)addr, hi;
  int rc;
  memset(v, 0, sizeof *v);
  v->label = "fallback";
  if ((unsigned)mode >= PM_MODE_COUNT || size == 0 ||
      size > UINTPTR_MAX - lo - page)
    return -EINVAL;
  v->range_bytes = size;
  /* A huge page covers the whole rounded-up range, so that is "inside". */
  hi = lo + (size + page - 1) / page * page;
  rc = scan_smaps(lo, hi, v);
  if (rc < 0)
    return rc;
  if (mode == PM_4K)
    v->backed_bytes =
        v->rss_bytes -
        (v->thp_bytes < v->rss_bytes ? v->thp_bytes : v->rss_bytes);
  else if (mode == PM_THP || mode == PM_DEFAULT || pm_mode_is_mthp(mode))
    v->backed_bytes = v->thp_bytes;
  else if (v->kernel_page_size == page)
    v->backed_bytes = v->hugetlb_bytes;
  v->fraction =
      v->backed_bytes >= size ? 1.0 : (double)v->backed_bytes / (double)size;
  if (mode == PM_DEFAULT || pm_mode_is_mthp(mode))
    v->label = v->backed_bytes > 0 ? "pmd" : "no pmd";
  else if (v->fraction >= PM_VERIFY_MIN)
    v->label = pm_mode_name(mode);
  else if (v->backed_bytes > 0)
    v->label = "partial";
  return 0;
}

/* ---- Hugetlb pool reservation -------------------------------------------- */

static void pool_path(size_t page_kb, const char *file, char *buf, size_t len) {
  snprintf(buf, len, HUGETLB_DIR "/hugepages-%zukB/%s", page_kb, file);
}

static int write_long(const char *path, long value) {
  char text[32];
  snprintf(text, sizeof text, "%ld", value);
  return pm_sys_write(path, text);
}

/* Free pages nobody has reserved, or -1 if the pool cannot be read. */
static long usable_pages(size_t page_kb) {
  char path[160];
  long free_p, resv = 0;
  pool_path(page_kb, "free_hugepages", path, sizeof path);
  if (pm_sys_read_long(path, &free_p) < 0)
    return -1;
  pool_path(page_kb, "resv_hugepages", path, sizeof path);
  (void)pm_sys_read_long(path, &resv);
  return free_p - resv;
}

int pm_hugetlb_plan(size_t page_kb, long count, pm_hugetlb_reservation *r) {
  char path[160];
  long usable;
  int rc;
  memset(r, 0, sizeof *r);
  r->page_kb = page_kb;
  r->wanted = count;
  r->previous_nr = r->written_nr = r->nr_after = r->free_after = -1;
  pool_path(page_kb, "nr_hugepages", path, sizeof path);
  rc = pm_sys_read_long(path, &r->previous_nr);
  usable = usable_pages(page_kb);
  if (rc < 0 || usable < 0) {
    snprintf(r->note, sizeof r->note, "no %zu kB hugetlb pool (%s: %s)",
             page_kb, path, strerror(rc < 0 ? -rc : ENOENT));
    r->previous_nr = -1;
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
  snprintf(r->note, sizeof r->note,
           "nr_hugepages %ld -> %ld planned for %ld free pages of %zu kB",
           r->previous_nr, r->written_nr, count, page_kb);
  return 0;
}

int pm_hugetlb_apply(pm_hugetlb_reservation *r) {
  char path[160];
  int rc;
  if (r->written_nr < 0)
    return 0;
  pool_path(r->page_kb, "nr_hugepages", path, sizeof path);
  rc = write_long(path, r->written_nr);
  if (rc < 0) {
    snprintf(r->note, sizeof r->note, "cannot write %s: %s", path,
             strerror(-rc));
    r->written_nr = -1;
    return rc;
  }
  r->changed = 1;
  (void)pm_sys_read_long(path, &r->nr_after);
  r->free_after = usable_pages(r->page_kb);
  snprintf(r->note, sizeof r->note,
           "nr_hugepages %ld -> %ld (asked %ld), %ld free of %zu kB",
           r->previous_nr, r->nr_after, r->written_nr, r->free_after,
           r->page_kb);
  return r->free_after >= r->wanted ? 0 : -ENOMEM;
}

int pm_hugetlb_reserve(size_t page_kb, long count, pm_hugetlb_reservation *r) {
  const int rc = pm_hugetlb_plan(page_kb, count, r);
  return rc < 0 ? rc : pm_hugetlb_apply(r);
}

int pm_hugetlb_restore(pm_hugetlb_reservation *r) {
  char path[160];
  int rc;
  if (!r->changed || r->restored)
    return 0;
  pool_path(r->page_kb, "nr_hugepages", path, sizeof path);
  rc = write_long(path, r->previous_nr);
  if (rc == 0)
    r->restored = 1;
  return rc;
}
