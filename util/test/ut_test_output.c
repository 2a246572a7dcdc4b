/* ut_test_output.c - output files (ut_output.h) and signal-time cleanup
 * (ut_cleanup.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "ut_cleanup.h"
#include "ut_output.h"
#include "ut_tests.h"

static char err[512];

static void write_ok(const char *path, const char *data) {
  const int rc = ut_write_file(path, data, strlen(data), err, sizeof err);
  if (rc != 0)
    TEST_FAIL_("ut_write_file(%s): %s", path, err);
}

TEST_IMPL(output_new_file) {
  char *p = ut_test_path("new.json");
  struct stat st;
  const mode_t mask = umask(027);
  write_ok(p, "{}\n");
  ASSERT_STR_EQ(ut_test_get(p), "{}\n");
  ASSERT_EQ(stat(p, &st), 0);
  ASSERT_EQ(st.st_mode & 0777, 0640); /* 0666 & ~umask, as open(2) */
  ASSERT_EQ(ut_test_entries(), 1);    /* no temporary left */
  umask(mask);
  free(p);
}

TEST_IMPL(output_replaces_keeping_mode) {
  char *p = ut_test_path("old.json");
  struct stat before, after;
  ut_test_put(p, "old contents, longer than the new\n");
  ASSERT_EQ(chmod(p, 0600), 0);
  ASSERT_EQ(stat(p, &before), 0);
  write_ok(p, "new\n");
  ASSERT_EQ(stat(p, &after), 0);
  ASSERT_STR_EQ(ut_test_get(p), "new\n");
  ASSERT_EQ(after.st_mode & 07777, 0600);
  ASSERT_U64(after.st_ino, !=,
             before.st_ino); /* replaced by rename, not rewritten */
  ASSERT_EQ(ut_test_entries(), 1);
  free(p);
}

TEST_IMPL(output_follows_symlink) {
  char *target = ut_test_path("target.json"), *link = ut_test_path("link");
  struct stat st;
  ut_test_put(target, "old\n");
  ASSERT_EQ(symlink(target, link), 0);
  write_ok(link, "new\n");
  ASSERT_EQ(lstat(link, &st), 0);
  ASSERT(S_ISLNK(st.st_mode)); /* the link stays a link */
  ASSERT_STR_EQ(ut_test_get(target), "new\n");
  ASSERT_EQ(ut_test_entries(), 2);
  free(target);
  free(link);
}

TEST_IMPL(output_dev_null_in_place) {
  struct stat before, after;
  ut_output *o;
  ASSERT_EQ(stat("/dev/null", &before), 0);
  ASSERT_EQ(ut_output_open(&o, "/dev/null", err, sizeof err), 0);
  ASSERT_EQ(ut_output_in_place(o), 1);
  ASSERT_STR_EQ(ut_output_path(o), "/dev/null");
  ASSERT_EQ(write(ut_output_fd(o), "x", 1), 1);
  ASSERT_EQ(ut_output_commit(o, err, sizeof err), 0);
  ASSERT_EQ(stat("/dev/null", &after), 0);
  ASSERT(S_ISCHR(after.st_mode));
  ASSERT_EQ(after.st_ino, before.st_ino);
  ASSERT_EQ(after.st_rdev, before.st_rdev);
}

/* `tool --out /dev/stdout >> log`: the log keeps what it had. */
TEST_IMPL(output_stdout_appends) {
  char *log = ut_test_path("log");
  const int saved = dup(1);
  int fd;
  ut_test_put(log, "earlier\n");
  fd = open(log, O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(dup2(fd, 1), 1);
  close(fd);
  write_ok("/dev/stdout", "later\n");
  ASSERT_EQ(dup2(saved, 1), 1);
  ASSERT_STR_EQ(ut_test_get(log), "earlier\nlater\n");
  free(log);
}

TEST_IMPL(output_fifo_in_place) {
  char *fifo = ut_test_path("fifo");
  int fd, status;
  pid_t pid;
  struct stat st;
  char buf[16] = {0};
  ASSERT_EQ(mkfifo(fifo, 0600), 0);
  fd = open(fifo, O_RDONLY | O_NONBLOCK); /* a reader, so writing can start */
  ASSERT_GE(fd, 0);
  pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0)
    _exit(ut_write_file(fifo, "data\n", 5, err, sizeof err) == 0 ? 0 : 1);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  ASSERT_EQ(read(fd, buf, sizeof buf - 1), 5);
  ASSERT_STR_EQ(buf, "data\n");
  ASSERT_EQ(lstat(fifo, &st), 0);
  ASSERT(S_ISFIFO(st.st_mode));
  close(fd);
  free(fifo);
}

TEST_IMPL(output_fifo_without_reader) {
  char *fifo = ut_test_path("fifo");
  struct stat st;
  ASSERT_EQ(mkfifo(fifo, 0600), 0);
  alarm(10); /* a blocking open would hang here */
  ASSERT_EQ(ut_write_file(fifo, "x", 1, err, sizeof err), ENXIO);
  ASSERT_STR_HAS(err, "no process is reading it");
  ASSERT_EQ(lstat(fifo, &st), 0);
  ASSERT(S_ISFIFO(st.st_mode));
  free(fifo);
}

TEST_IMPL(output_refusals) {
  char *dangling = ut_test_path("dangling"), *missing = ut_test_path("none");
  char *nodir = ut_test_path("no/such/dir/out.json");
  ASSERT_EQ(ut_output_check(ut_test_dir(), err, sizeof err), EISDIR);
  ASSERT_EQ(symlink(missing, dangling), 0);
  ASSERT_EQ(ut_output_check(dangling, err, sizeof err), ENOENT);
  ASSERT_STR_HAS(err, "symbolic link");
  ASSERT_EQ(ut_output_check(nodir, err, sizeof err), ENOENT);
  ASSERT_EQ(ut_output_check("", err, sizeof err), EINVAL);
  ASSERT_EQ(ut_output_check("/dev/no-such-device", err, sizeof err), ENOENT);
  ASSERT_EQ(ut_test_entries(), 1); /* checking created nothing */
  free(dangling);
  free(missing);
  free(nodir);
}

/* A name of NAME_MAX bytes can be written (the temporary's is shorter);
 * one byte more is refused before anything is created. */
TEST_IMPL(output_longest_name) {
  char name[NAME_MAX + 2];
  char *p;
  memset(name, 'n', NAME_MAX);
  name[NAME_MAX] = '\0';
  p = ut_test_path(name);
  write_ok(p, "x");
  ASSERT_STR_EQ(ut_test_get(p), "x");
  free(p);
  name[NAME_MAX] = 'n';
  name[NAME_MAX + 1] = '\0';
  p = ut_test_path(name);
  ASSERT_EQ(ut_output_check(p, err, sizeof err), ENAMETOOLONG);
  ASSERT_EQ(ut_test_entries(), 1);
  free(p);
}

TEST_IMPL(output_abort_keeps_target) {
  char *p = ut_test_path("keep");
  ut_output *o;
  ut_test_put(p, "kept\n");
  ASSERT_EQ(ut_output_open(&o, p, err, sizeof err), 0);
  ASSERT_EQ(write(ut_output_fd(o), "lost", 4), 4);
  ASSERT_EQ(ut_test_entries(), 2);
  ut_output_abort(o);
  ASSERT_STR_EQ(ut_test_get(p), "kept\n");
  ASSERT_EQ(ut_test_entries(), 1);
  free(p);
}

/* Runs FN in a child and returns the signal that ended it (0 if none). */
static int child_signal(void (*fn)(void)) {
  int status;
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    fn();
    _exit(0);
  }
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void open_then_sigterm(void) {
  char *p = ut_test_path("out.json");
  ut_output *o;
  if (ut_output_open(&o, p, err, sizeof err) != 0)
    _exit(3);
  raise(SIGTERM);
  _exit(4);
}

TEST_IMPL(output_cleanup_on_sigterm) {
  ASSERT_EQ(child_signal(open_then_sigterm), SIGTERM);
  ASSERT_EQ(ut_test_entries(), 0);
}

static void write_past_fsize_limit(void) {
  char *p = ut_test_path("out.json");
  static char big[8192];
  const struct rlimit lim = {4096, 4096};
  ut_output *o;
  if (setrlimit(RLIMIT_FSIZE, &lim) != 0 ||
      ut_output_open(&o, p, err, sizeof err) != 0)
    _exit(3);
  if (write(ut_output_fd(o), big, sizeof big) < 0 ||
      write(ut_output_fd(o), big, sizeof big) < 0)
    _exit(5);
  _exit(4);
}

TEST_IMPL(output_cleanup_on_sigxfsz) {
  ASSERT_EQ(child_signal(write_past_fsize_limit), SIGXFSZ);
  ASSERT_EQ(ut_test_entries(), 0);
}

TEST_IMPL(cleanup_remove_tree) {
  char *top = ut_test_path("top"), *deep = ut_test_path("top/a/b/c");
  char *outside = ut_test_path("outside"), *kept = ut_test_path("outside/f");
  char *link = ut_test_path("top/a/link");
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "mkdir -p %s", deep);
  ASSERT_EQ(system(cmd), 0);
  for (int i = 0; i < 300; i++) { /* more entries than one getdents64 read */
    char name[64], *f;
    snprintf(name, sizeof name, "top/a/b/file-with-a-long-name-%03d", i);
    f = ut_test_path(name);
    ut_test_put(f, "x");
    free(f);
  }
  ASSERT_EQ(mkdir(outside, 0700), 0);
  ut_test_put(kept, "kept\n");
  ASSERT_EQ(symlink(outside, link), 0); /* not followed */
  ASSERT_EQ(ut_remove_tree(top), 0);
  ASSERT_EQ(access(top, F_OK), -1);
  ASSERT_STR_EQ(ut_test_get(kept), "kept\n");
  ASSERT_EQ(ut_remove_tree(top), 0); /* missing is not an error */
  free(top);
  free(deep);
  free(outside);
  free(kept);
  free(link);
}

static char hook_file[256];

static void hook(int sig) {
  (void)sig;
  const int fd = open(hook_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd >= 0) {
    (void)!write(fd, "hook\n", 5);
    close(fd);
  }
}

static void hook_then_sigint(void) {
  if (ut_cleanup_hook(hook) != 0)
    _exit(3);
  raise(SIGINT);
  _exit(4);
}

static void hook_removed_then_sigint(void) {
  if (ut_cleanup_hook(hook) != 0)
    _exit(3);
  ut_cleanup_unhook(hook);
  raise(SIGINT);
  _exit(4);
}

TEST_IMPL(cleanup_hook_runs) {
  char *p = ut_test_path("hook");
  snprintf(hook_file, sizeof hook_file, "%s", p);
  ASSERT_EQ(child_signal(hook_then_sigint), SIGINT);
  ASSERT_STR_EQ(ut_test_get(p), "hook\n");
  ASSERT_EQ(unlink(p), 0);
  ASSERT_EQ(child_signal(hook_removed_then_sigint), SIGINT);
  ASSERT_EQ(access(p, F_OK), -1);
  /* an ignored signal stays ignored */
  signal(SIGHUP, SIG_IGN);
  ASSERT_EQ(ut_cleanup_hook(hook), 0);
  raise(SIGHUP);
  ASSERT_EQ(access(p, F_OK), -1);
  free(p);
}
