/* helpers_unix.c - the fixtures that need Unix (helpers.h): descriptors,
 * fork, signals, the Unix mml__os table. */
#define _GNU_SOURCE
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform.h"
#include "test.h"

int th_count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  struct dirent *e;
  int n = 0;
  ASSERT_NOT_NULL(d);
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.')
      n++;
  closedir(d);
  return n - 1; /* the directory stream's own descriptor */
}

int th_stat_eio_calls;

int th_stat_eio(int fd, mml__file_info *info) {
  (void)fd, (void)info;
  th_stat_eio_calls++;
  return EIO;
}

/* ---- search references -------------------------------------------------- */

/* What th_truncate_elsewhere's child does. */
typedef struct truncation {
  const char *path;
  int64_t size;
} truncation;

static void truncate_in_child(void *arg) {
  const truncation *t = arg;
  int fd = open(t->path, O_RDWR);
  _exit(fd >= 0 && ftruncate(fd, (off_t)t->size) == 0 ? 0 : 1);
}

void th_truncate_elsewhere(const char *path, int64_t size) {
  truncation t = {path, size};
  th_expect_exited(th_child_status(truncate_in_child, &t), 0);
  ASSERT_EQ(th_file_size(path), size);
}

int th_child_status(void (*fn)(void *), void *arg) {
  int status;
  pid_t pid;
  fflush(NULL);
  pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const struct rlimit no_core = {0, 0};
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    setrlimit(RLIMIT_CORE, &no_core); /* a deliberate crash dumps nothing */
    sigaction(SIGBUS, &dfl, NULL);
    sigaction(SIGSEGV, &dfl, NULL);
    alarm(30);
    fn(arg);
    _exit(0); /* not exit: the parent's atexit handlers stay the parent's */
  }
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  return status;
}

void th_expect_exited(int status, int code) {
  if (WIFEXITED(status) && WEXITSTATUS(status) == code)
    return;
  if (WIFSIGNALED(status))
    TEST_FAIL_("the child died of signal %d (%s), want exit status %d",
               WTERMSIG(status), strsignal(WTERMSIG(status)), code);
  TEST_FAIL_("the child exited with status %d, want %d", WEXITSTATUS(status),
             code);
}

void th_expect_killed_by(int status, int sig) {
  if (WIFSIGNALED(status) && WTERMSIG(status) == sig)
    return;
  if (WIFSIGNALED(status))
    TEST_FAIL_("the child died of signal %d (%s), want %d (%s)",
               WTERMSIG(status), strsignal(WTERMSIG(status)), sig,
               strsignal(sig));
  TEST_FAIL_("the child exited with status %d, want death by signal %d (%s)",
             WEXITSTATUS(status), sig, strsignal(sig));
}

int th_setenv(const char *name, const char *value) {
  return setenv(name, value, 1);
}

void *th_aligned_alloc(size_t align, size_t size) {
  void *p = aligned_alloc(align, (size + align - 1) / align * align);
  ASSERT_NOT_NULL(p);
  return p;
}

void th_aligned_free(void *p) { free(p); }

void th_unix_only(const char *why) { (void)why; }

uint8_t *th_guarded_pages(int64_t pages) {
  const int64_t ps = mml_pagesize();
  uint8_t *p = mmap(NULL, (size_t)((pages + 2) * ps), PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_PTR_NE(p, MAP_FAILED);
  ASSERT_EQ(mprotect(p + ps, (size_t)(pages * ps), PROT_READ | PROT_WRITE), 0);
  return p + ps;
}

void th_guarded_free(uint8_t *p, int64_t pages) {
  const int64_t ps = mml_pagesize();
  ASSERT_EQ(munmap(p - ps, (size_t)((pages + 2) * ps)), 0);
}

/* Where the next map goes (th_guarded_anon_map): the middle of a PROT_NONE
 * reservation, so a guard page stays on each side. */
static uint8_t *guarded_slot;

/* mml__os.map that maps at guarded_slot, replacing that part of the
 * reservation. (Letting the kernel choose and then claiming the pages
 * next to its choice fails where other mappings crowd in, as
 * ThreadSanitizer's own do.) */
static int map_into_guarded_slot(void **out, size_t len, int prot, int flags,
                                 int fd, int64_t offset) {
  void *p = mmap(guarded_slot, len, prot, flags | MAP_FIXED, fd, (off_t)offset);
  if (p == MAP_FAILED)
    return errno;
  *out = p;
  return 0;
}

mml_map *th_guarded_anon_map(int64_t len) {
  const int64_t ps = mml_pagesize();
  mml_open_args args;
  mml_map *m = NULL;
  uint8_t *region, *data = NULL;
  mml_open_args_init(&args);
  args.length = len;
  args.flags = MAP_PRIVATE;
  region = mmap(NULL, (size_t)(len + 2 * ps), PROT_NONE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_PTR_NE(region, MAP_FAILED);
  guarded_slot = region + ps;
  mml__os.map = map_into_guarded_slot;
  ASSERT_OK(mml_open(&m, &args));
  mml__os_reset();
  ASSERT_OK(mml_buffer_export(m, &data, NULL, NULL));
  ASSERT_PTR_EQ(data, guarded_slot);
  ASSERT_OK(mml_buffer_release(m));
  return m;
}

void th_guarded_anon_map_free(int64_t len) {
  const int64_t ps = mml_pagesize();
  munmap(guarded_slot - ps, (size_t)ps);
  munmap(guarded_slot + len, (size_t)ps);
}

int th_readable(const void *p) {
  int fds[2], ok;
  ASSERT_EQ(pipe(fds), 0);
  ok = write(fds[1], p, 1) == 1;
  if (!ok)
    ASSERT_EQ(errno, EFAULT);
  close(fds[0]);
  close(fds[1]);
  return ok;
}

int th_inject_size_failure(void) {
  mml__os.stat = th_stat_eio;
  return -EIO;
}
