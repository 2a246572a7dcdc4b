/* ut_cleanup.c - what a tool puts back when a signal ends it
 * (ut_cleanup.h). */
#define _GNU_SOURCE /* getdents64 */
#include "ut_cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PATHS 32
#define MAX_HOOKS 8
#define MAX_DEPTH 16

static _Atomic(char *) paths[MAX_PATHS];
static _Atomic(void (*)(int)) hooks[MAX_HOOKS];
static atomic_flag installed = ATOMIC_FLAG_INIT;
static const int fatal_signals[] = {SIGINT,  SIGTERM, SIGHUP,
                                    SIGPIPE, SIGXFSZ, SIGALRM};

/* The entries of the open directory FD, then FD itself through PARENT. */
static int remove_at(int parent, const char *name, int depth) {
  char buf[4096];
  ssize_t n;
  int fd, rc = 0;
  if (unlinkat(parent, name, 0) == 0 || errno == ENOENT)
    return 0;
  if (errno != EISDIR && errno != EPERM) /* Linux says EISDIR, POSIX EPERM */
    return errno;
  if (depth >= MAX_DEPTH)
    return ELOOP;
  fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return errno;
  /* Entries removed while reading may or may not be listed again: read to
   * the end, then rmdir; ENOTEMPTY means read once more from the start. */
  for (int pass = 0; pass < 4; pass++) {
    while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
      for (ssize_t off = 0; off < n;) {
        const struct dirent64 *d = (const struct dirent64 *)(buf + off);
        off += d->d_reclen;
        if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0) {
          const int e = remove_at(fd, d->d_name, depth + 1);
          if (e != 0 && rc == 0)
            rc = e;
        }
      }
    }
    if (unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT) {
      close(fd);
      return rc;
    }
    if (errno != ENOTEMPTY && errno != EEXIST)
      break;
    lseek(fd, 0, SEEK_SET);
  }
  rc = rc != 0 ? rc : errno;
  close(fd);
  return rc;
}

int ut_remove_tree(const char *path) { return remove_at(AT_FDCWD, path, 0); }

static void on_fatal_signal(int sig) {
  const int saved = errno;
  struct sigaction dfl;
  sigset_t set;
  for (int i = 0; i < MAX_HOOKS; i++) {
    void (*fn)(int) = atomic_load(&hooks[i]);
    if (fn != NULL)
      fn(sig);
  }
  for (int i = 0; i < MAX_PATHS; i++) {
    char *p = atomic_exchange(&paths[i], NULL);
    if (p != NULL)
      ut_remove_tree(p); /* the string is left allocated: no free here */
  }
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  errno = saved;
  raise(sig);
}

/* Installs the handler for every fatal signal whose action is the default
 * (an ignored signal stays ignored; a handler of the tool's own stays). */
static void install(void) {
  if (atomic_flag_test_and_set(&installed))
    return;
  for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
    struct sigaction old, sa;
    if (sigaction(fatal_signals[i], NULL, &old) != 0 ||
        (old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
      continue;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigfillset(&sa.sa_mask); /* one cleanup at a time */
    sigaction(fatal_signals[i], &sa, NULL);
  }
}

int ut_cleanup_add(const char *path) {
  char *copy = strdup(path);
  if (copy == NULL)
    return ENOMEM;
  install();
  for (int i = 0; i < MAX_PATHS; i++) {
    char *expected = NULL;
    if (atomic_compare_exchange_strong(&paths[i], &expected, copy))
      return 0;
  }
  free(copy);
  return ENOSPC;
}

void ut_cleanup_forget(const char *path) {
  for (int i = 0; i < MAX_PATHS; i++) {
    char *p = atomic_load(&paths[i]);
    if (p != NULL && strcmp(p, path) == 0 &&
        atomic_compare_exchange_strong(&paths[i], &p, NULL)) {
      free(p);
      return;
    }
  }
}

int ut_cleanup_hook(void (*fn)(int sig)) {
  install();
  for (int i = 0; i < MAX_HOOKS; i++) {
    void (*expected)(int) = NULL;
    if (atomic_load(&hooks[i]) == fn)
      return 0;
    if (atomic_compare_exchange_strong(&hooks[i], &expected, fn))
      return 0;
  }
  return ENOSPC;
}

void ut_cleanup_unhook(void (*fn)(int sig)) {
  for (int i = 0; i < MAX_HOOKS; i++) {
    void (*expected)(int) = fn;
    atomic_compare_exchange_strong(&hooks[i], &expected, NULL);
  }
}
