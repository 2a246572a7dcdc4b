/* bench_fs.c - the list of filesystems of a run (bench_fs.h). */
#define _GNU_SOURCE /* strdup under -std=c11 */
#include "bench_fs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "pagemode.h"

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
  pm_mount mnt;
  int oom = 0;
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
  fs.name = strdup(name);
  fs.dir = strdup(dir);
  oom = fs.name == NULL || fs.dir == NULL;
  if (pm_mount_of(dir, &mnt) == 0) {
    /* the strings move into the entry */
    fs.type = (char *)mnt.fstype;
    fs.options = (char *)mnt.opts;
    fs.device = (char *)mnt.source;
    fs.mount_point = (char *)mnt.point;
  }
  if (statvfs(dir, &sv) == 0)
    fs.block_size = (long)sv.f_bsize;
  if (fs.type && strcmp(fs.type, "hugetlbfs") == 0)
    fs.hugetlb_page = pm_hugetlbfs_page_size(fs.options);
  fs.evictable = fs.type != NULL && !is_memory_fs(fs.type);
  fs.made = made;
  fs.loop_direct_io = -1;
  if (oom) {
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

int bench_fs_set_loop(const char *name, int direct_io) {
  bench_fs *fs = (bench_fs *)bench_fs_find(name);
  if (fs == NULL) {
    errno = ENOENT;
    return -1;
  }
  fs->loop_direct_io = direct_io;
  return 0;
}

void bench_fs_clear(void) {
  for (size_t i = 0; i < count; i++)
    fs_free(&list[i]);
  free(list);
  list = NULL;
  count = room = 0;
}
