/* runner.c - runs the unit tests, each in a child process with a timeout.
 *
 *   mmaplab_core_tests            run every test
 *   mmaplab_core_tests NAME...    run the named tests
 *   mmaplab_core_tests --list     print the names
 *
 * Exit status: 0 all passed (or skipped), 1 a test failed, 2 misuse; a
 * single named test that skipped exits 77 so ctest shows it as skipped.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-list.h"
#include "test.h"
#include "ut_cleanup.h"

#define XX(name) void test_##name(void);
TEST_LIST(XX)
#undef XX

static const test_entry tests[] = {
#define XX(name) TEST_ENTRY(name)
    TEST_LIST(XX)
#undef XX
};
static const size_t ntests = sizeof tests / sizeof tests[0];

enum { PASS, FAIL, SKIPPED };

/* Seconds a test may run before it counts as hung. */
static unsigned timeout_seconds(void) {
  const char *s = getenv("MML_TEST_TIMEOUT");
  return s && atoi(s) > 0 ? (unsigned)atoi(s) : 60;
}

/* Runs T in a child process whose TMPDIR is a fresh directory, removed
 * with everything in it when the child has ended, however it ended. */
static int run_one(const test_entry *t) {
  char dir[] = "/tmp/mmaplab-test-XXXXXX";
  int status, result = FAIL;
  pid_t pid;
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return FAIL;
  }
  fflush(NULL);
  pid = fork();
  if (pid < 0) {
    perror("fork");
  } else if (pid == 0) {
    setenv("TMPDIR", dir, 1);
    alarm(timeout_seconds()); /* SIGALRM ends a hung test */
    t->fn();
    exit(0); /* exit, not _exit: atexit handlers and coverage data run */
  } else if (waitpid(pid, &status, 0) != pid) {
    perror("waitpid");
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result = PASS;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == TEST_SKIP_CODE) {
    result = SKIPPED;
  } else if (WIFSIGNALED(status)) {
    fprintf(stderr, "%s: killed by signal %d (%s)%s\n", t->name,
            WTERMSIG(status), strsignal(WTERMSIG(status)),
            WTERMSIG(status) == SIGALRM ? ": timed out" : "");
  } else {
    fprintf(stderr, "%s: exit status %d\n", t->name, WEXITSTATUS(status));
  }
  ut_remove_tree(dir);
  return result;
}

int main(int argc, char **argv) {
  int counts[3] = {0, 0, 0}, last = PASS;
  if (argc == 2 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < ntests; i++)
      puts(tests[i].name);
    return 0;
  }
  for (int i = 1; i < argc; i++) {
    if (test_find(tests, ntests, argv[i]) == NULL) {
      fprintf(stderr, "mmaplab_core_tests: no test named '%s'\n", argv[i]);
      return 2;
    }
  }
  for (size_t i = 0; i < (argc > 1 ? (size_t)argc - 1 : ntests); i++) {
    const test_entry *t =
        argc > 1 ? test_find(tests, ntests, argv[i + 1]) : &tests[i];
    last = run_one(t);
    counts[last]++;
    if (last == FAIL)
      fprintf(stderr, "FAIL %s\n", t->name);
  }
  if (argc == 2)
    return last == FAIL ? 1 : last == SKIPPED ? TEST_SKIP_CODE : 0;
  printf("%d passed, %d failed, %d skipped\n", counts[PASS], counts[FAIL],
         counts[SKIPPED]);
  return counts[FAIL] ? 1 : 0;
}
