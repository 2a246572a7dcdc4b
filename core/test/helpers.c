/* helpers.c - fixtures shared by the unit tests. */
#define _GNU_SOURCE
#include "helpers.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"
#include "test.h"

#define MAX_TEMP 64
static char temp_paths[MAX_TEMP][64];
static int temp_count;

static void remove_temps(void) {
  for (int i = 0; i < temp_count; i++)
    unlink(temp_paths[i]);
}

static void fill_pattern(uint8_t *p, size_t len) {
  for (size_t i = 0; i < len; i++)
    p[i] = (uint8_t)('a' + i % 26);
}

int th_temp_file(const void *data, size_t len, char *path) {
  const char *dir = getenv("TMPDIR");
  char buf[64];
  uint8_t *tmp = NULL;
  int fd;
  ASSERT(temp_count < MAX_TEMP);
  snprintf(buf, sizeof buf, "%s/mmltestXXXXXX", dir && *dir ? dir : "/tmp");
  fd = mkstemp(buf);
  ASSERT(fd >= 0);
  if (temp_count == 0)
    atexit(remove_temps);
  memcpy(temp_paths[temp_count++], buf, sizeof buf);
  if (data == NULL && len > 0) {
    tmp = malloc(len);
    ASSERT(tmp != NULL);
    fill_pattern(tmp, len);
    data = tmp;
  }
  for (size_t done = 0; done < len;) {
    ssize_t n = write(fd, (const char *)data + done, len - done);
    ASSERT(n > 0);
    done += (size_t)n;
  }
  free(tmp);
  if (path != NULL)
    memcpy(path, buf, sizeof buf);
  return fd;
}

int th_open(const char *path, int flags) {
  int fd = open(path, flags);
  ASSERT(fd >= 0);
  return fd;
}

uint8_t *th_read_file(const char *path, size_t *len) {
  struct stat st;
  int fd = th_open(path, O_RDONLY);
  uint8_t *buf;
  size_t done = 0;
  ASSERT(fstat(fd, &st) == 0);
  buf = malloc((size_t)st.st_size + 1);
  ASSERT(buf != NULL);
  while (done < (size_t)st.st_size) {
    ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);
    ASSERT(n > 0);
    done += (size_t)n;
  }
  close(fd);
  *len = done;
  return buf;
}

int64_t th_file_size(const char *path) {
  struct stat st;
  ASSERT(stat(path, &st) == 0);
  return (int64_t)st.st_size;
}

int th_count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  struct dirent *e;
  int n = 0;
  ASSERT(d != NULL);
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.')
      n++;
  closedir(d);
  return n - 1; /* the directory stream's own descriptor */
}

int th_open_map(mml_map **m, int64_t fileno, int64_t length) {
  mml_open_args a;
  mml_open_args_init(&a);
  a.fileno = fileno;
  a.length = length;
  return mml_open(m, &a);
}

mml_map *th_anon(const void *data, int64_t len) {
  mml_map *m = NULL;
  uint8_t *buf;
  int64_t written;
  ASSERT_OK(th_open_map(&m, -1, len));
  buf = malloc((size_t)len);
  ASSERT(buf != NULL);
  if (data != NULL)
    memcpy(buf, data, (size_t)len);
  else
    fill_pattern(buf, (size_t)len);
  ASSERT_OK(mml_write(m, buf, len, &written));
  ASSERT_OK(mml_seek(m, 0, 0, NULL));
  free(buf);
  return m;
}

mml_map *th_file_map(const void *data, size_t len, int access, char *path) {
  mml_open_args a;
  mml_map *m = NULL;
  int fd = th_temp_file(data, len, path);
  mml_open_args_init(&a);
  a.fileno = fd;
  a.access = access;
  ASSERT_OK(mml_open(&m, &a));
  close(fd);
  return m;
}

mml_map *th_closed_map(void) {
  mml_map *m = th_anon("hello", 5);
  ASSERT_OK(mml_close(m));
  return m;
}

void th_reset_os(void) { mml__os_reset(); }
