/* bench_fs.c - the list of filesystems of a run (bench_fs.h). */
#define _GNU_SOURCE /* realpath */
#include "bench_fs.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "pagemode.h"
#include <stdio.h>

static bench_fs *list;
static size_t count, room;

size_t bench_fs_count(void) { return count; }

const bench_fs *bench_fs_at(size_t i) { return i < count ? &list[i] : NULL; }

const bench_fs *bench_fs_find(const char *name) {
  for (size_t i = 0; i < count; i++)
    if (strcmp(list[i].name, name) == 0)
      return &list[i];
  return NULL;
}

/* The mount holding a real path: the longest mount point that is a
 * prefix of it at a '/' boundary (a later mount over the same point hides
 * an earlier one, so ties go to the later). */
typedef struct fs_match {
  const char *path;
  size_t best;
  bench_fs *fs;
  int oom;
} fs_match;

static int covers(const char *point, const char *path, size_t *len) {
  const size_t n = strlen(point);
  if (strcmp(point, "/") == 0) {
    *len = 1;
    return 1;
  }
  if (strncmp(point, path, n) != 0 || (path[n] != '/' && path[n] != '\0'))
    return 0;
  *len = n;
  return 1;
}

static char *dup_or_flag(const char *s, int *oom) {
  char *d = strdup(s);
  if (d == NULL)
    *oom = 1;
  return d;
}

static int match_mount(const pm_mount *m, void *ctx) {
  fs_match *q = ctx;
  size_t len = 0;
  if (!covers(m->point, q->path, &len) || len < q->best)
    return 0;
  q->best = len;
  free(q->fs->type);
  free(q->fs->options);
  free(q->fs->mount_point);
  q->fs->type = dup_or_flag(m->fstype, &q->oom);
  q->fs->options = dup_or_flag(m->opts, &q->oom);
  q->fs->mount_point = dup_or_flag(m->point, &q->oom);
  return 0;
}

/* The source (device) column is not in pm_mount: read it from
 * /proc/self/mounts for the chosen mount point (the last such line). */
static char *mount_source(const char *point) {
  FILE *f = fopen("/proc/self/mounts", "re");
  char *line = NULL, *found = NULL;
  size_t cap = 0;
  if (f == NULL)
    return NULL;
  while (getline(&line, &cap, f) > 0) {
    char *src = strtok(line, " "), *mp = strtok(NULL, " ");
    if (src && mp && strcmp(mp, point) == 0) { /* points with spaces: \040 */
      free(found);
      found = strdup(src);
    }
  }
  free(line);
  fclose(f);
  return found;
}

static void fs_free(bench_fs *fs) {
  free(fs->name);
  free(fs->dir);
  free(fs->type);
  free(fs->options);
  free(fs->device);
  free(fs->mount_point);
  free(fs->mkfs);
  memset(fs, 0, sizeof *fs);
}

static int is_memory_fs(const char *type) {
  return type != NULL &&
         (strcmp(type, "tmpfs") == 0 || strcmp(type, "ramfs") == 0 ||
          strcmp(type, "hugetlbfs") == 0 || strcmp(type, "devtmpfs") == 0);
}

const bench_fs *bench_fs_add_dir(const char *name, const char *dir, int made) {
  struct stat st;
  struct statvfs sv;
  bench_fs fs = {0};
  fs_match q = {0};
  char *real;
  if (bench_fs_find(name) != NULL) {
    errno = EEXIST;
    return NULL;
  }
  if (stat(dir, &st) != 0)
    return NULL;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return NULL;
  }
  real = realpath(dir, NULL);
  if (real == NULL)
    return NULL;
  fs.name = strdup(name);
  fs.dir = strdup(dir);
  q.path = real;
  q.fs = &fs;
  (void)pm_mounts_each(match_mount, &q);
  free(real);
  if (fs.mount_point)
    fs.device = mount_source(fs.mount_point);
  if (statvfs(dir, &sv) == 0)
    fs.block_size = (long)sv.f_bsize;
  if (fs.type && strcmp(fs.type, "hugetlbfs") == 0)
    fs.hugetlb_page = pm_hugetlbfs_page_size(fs.options ? fs.options : "");
  fs.evictable = fs.type != NULL && !is_memory_fs(fs.type);
  fs.made = made;
  if (fs.name == NULL || fs.dir == NULL || q.oom) {
    fs_free(&fs);
    errno = ENOMEM;
    return NULL;
  }
  if (count == room) {
    const size_t n = room ? 2 * room : 8;
    bench_fs *grown = realloc(list, n * sizeof *list);
    if (grown == NULL) {
      fs_free(&fs);
      errno = ENOMEM;
      return NULL;
    }
    list = grown;
    room = n;
  }
  list[count] = fs;
  return &list[count++];
}

int bench_fs_set_image(const char *name, int64_t image_size, const char *mkfs) {
  bench_fs *fs = (bench_fs *)bench_fs_find(name);
  char *copy = NULL;
  if (fs == NULL) {
    errno = ENOENT;
    return -1;
  }
  if (mkfs != NULL && (copy = strdup(mkfs)) == NULL)
    return -1;
  free(fs->mkfs);
  fs->mkfs = copy;
  fs->image_size = image_size;
  return 0;
}

void bench_fs_clear(void) {
  for (size_t i = 0; i < count; i++)
    fs_free(&list[i]);
  free(list);
  list = NULL;
  count = room = 0;
}
