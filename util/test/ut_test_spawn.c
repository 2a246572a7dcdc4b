/* ut_test_spawn.c - tests of ut_spawn, ut_str and ut_time. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test.h"
#include "ut_progress.h"
#include "ut_spawn.h"
#include "ut_str.h"
#include "ut_tests.h"
#include "ut_time.h"

/* Runs the shell script SCRIPT with ut_spawn and O's other settings. */
static int sh(ut_spawn_opts o, const char *script) {
  char *argv[] = {"sh", "-c", (char *)script, NULL};
  o.argv = argv;
  return ut_spawn(&o);
}

TEST_IMPL(spawn_exit_status) {
  ut_spawn_opts o = {0};
  ASSERT_EQ(sh(o, "exit 0"), 0);
  ASSERT_EQ(sh(o, "exit 3"), 3);
  ASSERT_EQ(sh(o, "kill -TERM $$"), 128 + SIGTERM);
}

TEST_IMPL(spawn_not_found) {
  char *argv[] = {"mmaplab-no-such-program-anywhere", NULL};
  char *abs[] = {"/nonexistent/mmaplab-program", NULL};
  ut_spawn_opts o = {0};
  o.argv = argv;
  errno = 0;
  ASSERT_EQ(ut_spawn(&o), -1);
  ASSERT_EQ(errno, ENOENT);
  o.argv = abs;
  errno = 0;
  ASSERT_EQ(ut_spawn(&o), -1);
  ASSERT_EQ(errno, ENOENT);
  o.argv = NULL;
  ASSERT_EQ(ut_spawn(&o), -1);
  ASSERT_EQ(errno, EINVAL);
}

TEST_IMPL(spawn_redirects) {
  char *out = ut_test_path("out"), *err = ut_test_path("err");
  ut_spawn_opts o = {0};
  o.out_path = out;
  o.err_path = err;
  ASSERT_EQ(sh(o, "echo to-out; echo to-err >&2; read x && echo stdin"), 1);
  ASSERT_STR_EQ(ut_test_get(out), "to-out\n");
  ASSERT_STR_EQ(ut_test_get(err), "to-err\n");
  o.err_path = NULL;
  o.err_to_out = 1;
  ASSERT_EQ(sh(o, "echo one; echo two >&2"), 0);
  ASSERT_STR_EQ(ut_test_get(out), "one\ntwo\n");
  o.dir = ut_test_dir();
  o.err_to_out = 0;
  ASSERT_EQ(sh(o, "pwd -P"), 0);
  char *real = realpath(ut_test_dir(), NULL);
  ASSERT_NOT_NULL(real);
  char *want = ut_xasprintf("%s\n", real);
  ASSERT_STR_EQ(ut_test_get(out), want);
  free(want);
  free(real);
  free(out);
  free(err);
}

TEST_IMPL(spawn_own_group) {
  char *out = ut_test_path("out");
  ut_spawn_opts o = {0};
  long pid = 0, pgrp = 0;
  o.out_path = out;
  /* field 5 of /proc/PID/stat is the process group */
  ASSERT_EQ(sh(o, "echo $$ $(cut -d' ' -f5 /proc/$$/stat)"), 0);
  ASSERT_EQ(sscanf(ut_test_get(out), "%ld %ld", &pid, &pgrp), 2);
  ASSERT_EQ(pgrp, pid);
  ASSERT_NE(pgrp, (long)getpgrp());
  free(out);
}

/* A fatal signal to the tool reaches the child's group, and the tool
 * waits for the child to put things back before it dies. */
TEST_IMPL(spawn_signal_reaches_child) {
  char *ready = ut_test_path("ready"), *got = ut_test_path("got");
  char *script = ut_xasprintf("trap 'sleep 0.2; echo got > %s; exit 0' TERM; "
                              "echo > %s; while :; do sleep 0.05; done",
                              got, ready);
  struct stat st;
  int status;
  const pid_t tool = fork();
  ASSERT_GE(tool, 0);
  if (tool == 0) {
    ut_spawn_opts o = {0};
    sh(o, script);
    _exit(0);
  }
  for (int i = 0; i < 1000 && stat(ready, &st) != 0; i++)
    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
  ASSERT_EQ(stat(ready, &st), 0);
  ASSERT_EQ(kill(tool, SIGTERM), 0);
  ASSERT_EQ(waitpid(tool, &status, 0), tool);
  ASSERT(WIFSIGNALED(status));
  ASSERT_EQ(WTERMSIG(status), SIGTERM);
  ASSERT_STR_EQ(ut_test_get(got), "got\n");
  free(script);
  free(ready);
  free(got);
}

/* Collects the lines of the line channel, joined by '|'. */
static void collect(const char *line, void *arg) {
  ut_str_addf(arg, "%s|", line);
}

/* The child's lines on the channel reach ON_LINE whole, stdout and stderr
 * stay where they were sent, a long line is cut, a last line without its
 * newline counts, and a grandchild holding the channel does not hold the
 * wait up. */
TEST_IMPL(spawn_line_channel) {
  char *out = ut_test_path("out"), *err = ut_test_path("err");
  char *pid_file = ut_test_path("grandchild"), *script;
  long grandchild = 0;
  ut_str got = {0};
  ut_spawn_opts o = {0};
  const double start = ut_now();
  o.out_path = out;
  o.err_path = err;
  o.line_fd = 3;
  o.on_line = collect;
  o.line_arg = &got;
  ASSERT_EQ(sh(o, "echo 1 2 a >&3; echo result; echo note >&2; "
                  "printf '2 2 b\\n\\nlast' >&3"),
            0);
  ASSERT_STR_EQ(got.data, "1 2 a|2 2 b||last|");
  ASSERT_STR_EQ(ut_test_get(out), "result\n");
  ASSERT_STR_EQ(ut_test_get(err), "note\n");
  got.len = 0;
  script = ut_xasprintf("{ head -c 5000 /dev/zero | tr '\\0' x; echo; } >&3; "
                        "echo next >&3; sleep 30 >&3 & echo $! > %s; exit 4",
                        pid_file);
  ASSERT_EQ(sh(o, script), 4);
  ASSERT_EQ(sscanf(ut_test_get(pid_file), "%ld", &grandchild), 1);
  kill((pid_t)grandchild, SIGKILL);
  ASSERT_EQ(strlen(got.data), 4096 + strlen("next|"));
  ASSERT_STR_EQ(got.data + 4096, "next|");
  ASSERT_LT(ut_now() - start, 20.0); /* not the grandchild's 30 s */
  o.line_fd = 2;                     /* the channel must be a new descriptor */
  errno = 0;
  ASSERT_EQ(sh(o, "exit 0"), -1);
  ASSERT_EQ(errno, EINVAL);
  free(script);
  free(pid_file);
  free(got.data);
  free(out);
  free(err);
}

/* --progress-fd's descriptor and the lines on it, written and read. */
TEST_IMPL(progress_lines) {
  int p[2], fd = -1, ro;
  char buf[256] = {0};
  size_t done = 0, total = 0;
  const char *name = NULL;
  ASSERT_EQ(pipe(p), 0);
  ASSERT_EQ(ut_progress_fd("-1", &fd), EINVAL);
  ASSERT_EQ(ut_progress_fd("3x", &fd), EINVAL);
  ASSERT_EQ(ut_progress_fd("2147483648", &fd), EINVAL);
  ASSERT_EQ(ut_progress_fd("2147483647", &fd), EBADF);
  ro = p[0];
  char *ro_text = ut_xasprintf("%d", ro);
  ASSERT_EQ(ut_progress_fd(ro_text, &fd), EBADF); /* the read end */
  char *text = ut_xasprintf("%d", p[1]);
  ASSERT_EQ(ut_progress_fd(text, &fd), 0);
  ASSERT_EQ(fd, p[1]);
  ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
  ut_progress_private(fd);
  ASSERT_EQ(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  ut_progress_write(fd, 1, 36, "open/core/x\nnot this");
  ut_progress_write(-1, 2, 36, "nowhere");
  ut_progress_write(fd, 2, 36, "");
  ASSERT_GT(read(p[0], buf, sizeof buf - 1), 0);
  ASSERT_STR_EQ(buf, "1 36 open/core/x\n2 36 \n");
  ASSERT_EQ(ut_progress_parse("12 345 a b", &done, &total, &name), 1);
  ASSERT_EQ(done, 12);
  ASSERT_EQ(total, 345);
  ASSERT_STR_EQ(name, "a b");
  ASSERT_EQ(ut_progress_parse("7 9", &done, &total, &name), 1);
  ASSERT_STR_EQ(name, "");
  ASSERT_EQ(ut_progress_parse("18446744073709551615 1 x", &done, &total, &name),
            1);
  ASSERT_U64(done, ==, SIZE_MAX);
  ASSERT_EQ(ut_progress_parse("18446744073709551616 1 x", &done, &total, &name),
            0);
  ASSERT_EQ(ut_progress_parse("", &done, &total, &name), 0);
  ASSERT_EQ(ut_progress_parse("a 1 x", &done, &total, &name), 0);
  ASSERT_EQ(ut_progress_parse("1  2 x", &done, &total, &name), 0);
  ASSERT_EQ(ut_progress_parse("1 2x", &done, &total, &name), 0);
  ASSERT_EQ(ut_progress_parse("-1 2 x", &done, &total, &name), 0);
  close(p[0]);
  close(p[1]);
  free(text);
  free(ro_text);
}

TEST_IMPL(str_grows) {
  ut_str s = {0};
  ut_str_add(&s, "");
  ASSERT_NOT_NULL(s.data);
  ASSERT_STR_EQ(s.data, "");
  for (int i = 0; i < 1000; i++)
    ut_str_addf(&s, "%d,", i % 10);
  ASSERT_EQ(s.len, 2000);
  ASSERT_EQ(strlen(s.data), 2000);
  ut_str_addn(&s, "xyz", 2);
  ASSERT_STR_EQ(s.data + 1996, "8,9,xy");
  free(s.data);
  char *f = ut_xasprintf("%s-%d", "a", 7);
  ASSERT_STR_EQ(f, "a-7");
  free(f);
  f = ut_xstrdup("copy");
  ASSERT_STR_EQ(f, "copy");
  free(f);
}

TEST_IMPL(grow_array) {
  int *v = NULL;
  size_t cap = 0;
  ASSERT_EQ(ut_grow(&v, &cap, 0, sizeof *v, 8), 0); /* no room needed */
  ASSERT_NULL(v);
  ASSERT_EQ(ut_grow(&v, &cap, 1, sizeof *v, 8), 0);
  ASSERT_NOT_NULL(v);
  ASSERT_U64(cap, ==, 8);
  for (int i = 0; i < 1000; i++) {
    ASSERT_EQ(ut_grow(&v, &cap, (size_t)i + 1, sizeof *v, 8), 0);
    v[i] = i;
  }
  ASSERT_U64(cap, ==, 1024); /* doubled */
  ASSERT_EQ(v[999], 999);
  /* an impossible size fails and leaves the array as it was */
  ASSERT_EQ(ut_grow(&v, &cap, SIZE_MAX / 2, sizeof *v, 8), -1);
  ASSERT_U64(cap, ==, 1024);
  ASSERT_EQ(v[500], 500);
  free(v);
}

TEST_IMPL(time_monotonic) {
  const double a = ut_now();
  nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
  const double b = ut_now();
  ASSERT_DBL(a, >, 0);
  ASSERT_DBL(b - a, >=, 0.019);
}
