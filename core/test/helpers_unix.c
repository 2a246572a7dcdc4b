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
