/* ut_test_input.c - inputs read once within a limit (ut_input.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"
#include "ut_input.h"
#include "ut_tests.h"

static char err[512];

TEST_IMPL(input_regular) {
  char *p = ut_test_path("in.json"), *data;
  size_t len;
  ut_test_put(p, "{\"a\": 1}\n");
  ASSERT_EQ(ut_read_input(p, UT_INPUT_MAX, &data, &len, err, sizeof err), 0);
  ASSERT_EQ(len, 9);
  ASSERT_STR_EQ(data, "{\"a\": 1}\n");
  free(data);
  ut_test_put(p, "");
  ASSERT_EQ(ut_read_input(p, UT_INPUT_MAX, &data, &len, err, sizeof err), 0);
  ASSERT_EQ(len, 0);
  ASSERT_STR_EQ(data, "");
  free(data);
  free(p);
}

/* `tool <(cmd)`: a pipe whose writer starts late and writes in pieces is
 * read to its end, once. */
TEST_IMPL(input_pipe_read_once) {
  int fds[2], status;
  char path[64], *data;
  size_t len;
  pid_t pid;
  ASSERT_EQ(pipe(fds), 0);
  pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    usleep(200000);
    for (int i = 0; i < 1000; i++)
      if (write(fds[1], "0123456789", 10) != 10)
        _exit(1);
    _exit(0);
  }
  close(fds[1]);
  snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
  ASSERT_EQ(ut_read_input(path, UT_INPUT_MAX, &data, &len, err, sizeof err), 0);
  ASSERT_EQ(len, 10000);
  ASSERT_EQ(memcmp(data + 9990, "0123456789", 10), 0);
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  free(data);
  close(fds[0]);
}

TEST_IMPL(input_fifo_without_writer) {
  char *fifo = ut_test_path("fifo"), *data;
  size_t len;
  ASSERT_EQ(mkfifo(fifo, 0600), 0);
  alarm(10); /* a blocking open would hang here */
  ASSERT_EQ(ut_read_input(fifo, UT_INPUT_MAX, &data, &len, err, sizeof err), 0);
  ASSERT_EQ(len, 0);
  free(data);
  free(fifo);
}

TEST_IMPL(input_refusals) {
  char *data;
  size_t len;
  alarm(10); /* reading /dev/zero would not end */
  ASSERT_EQ(
      ut_read_input("/dev/zero", UT_INPUT_MAX, &data, &len, err, sizeof err),
      EINVAL);
  ASSERT_STR_EQ(err, "/dev/zero: a device, not a regular file or a pipe");
  ASSERT_EQ(
      ut_read_input(ut_test_dir(), UT_INPUT_MAX, &data, &len, err, sizeof err),
      EISDIR);
  ASSERT_EQ(ut_read_input("/no/such/file", UT_INPUT_MAX, &data, &len, err,
                          sizeof err),
            ENOENT);
  ASSERT_STR_EQ(err, "/no/such/file: No such file or directory");
  ASSERT_NULL(data);
}

TEST_IMPL(input_limit) {
  char *p = ut_test_path("big"), *data;
  size_t len;
  int fds[2];
  ut_test_put(p, "0123456789");
  ASSERT_EQ(ut_read_input(p, 10, &data, &len, err, sizeof err), 0);
  free(data);
  ASSERT_EQ(ut_read_input(p, 9, &data, &len, err, sizeof err), EFBIG);
  ASSERT_STR_HAS(err, "larger than the input limit of 9 bytes");
  /* a pipe is cut off at the limit, not read to its end */
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_EQ(write(fds[1], "0123456789abcdef", 16), 16);
  {
    char path[64];
    snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
    ASSERT_EQ(ut_read_input(path, 12, &data, &len, err, sizeof err), EFBIG);
  }
  close(fds[0]);
  close(fds[1]);
  free(p);
}
