/* fp_test_hugetlb_pool.c - hugetlb reservations are always given back
 * (hugetlb_pool.h): the state file, recovery after SIGKILL, the size
 * bound. Root only for what writes the pool. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fp_tests.h"
#include "hugetlb_pool.h"
#include "pagemode.h"

#define POOL "/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"
#define STATE HUGETLB_STATE_DIR "/hugetlb-2048kB.state"

static long pool_nr(void) {
  long v = -1;
  return mml_sys_read_long(POOL, &v) == 0 ? v : -1;
}

static int can_write_pool(void) {
  return geteuid() == 0 && access(POOL, W_OK) == 0;
}

/* A run that reserves pages and is SIGKILLed leaves the state file; the
 * next reservation, or mml_hugetlb_recover (`mmaplab bench --restore`),
 * puts the pool back. */
int fp_test_hugetlb_recover_after_kill(const char *arg) {
  char note[256];
  long before, during;
  int status, rc;
  pid_t pid;
  int pipefd[2];
  (void)arg;
  if (!can_write_pool())
    FP_SKIP_BECAUSE("needs root and a writable %s", POOL);
  (void)mml_hugetlb_recover(2048, note, sizeof note); /* a clean start */
  before = pool_nr();
  FP_CHECK(before >= 0, "cannot read %s", POOL);
  FP_CHECK(pipe(pipefd) == 0, "pipe: %s", strerror(errno));
  pid = fork();
  FP_CHECK(pid >= 0, "fork: %s", strerror(errno));
  if (pid == 0) {
    mml_hugetlb_reservation r;
    /* every page in use plus 2 more: the pool must grow */
    const int got = mml_hugetlb_reserve(2048, before + 2, &r);
    (void)!write(pipefd[1], got == 0 || got == -ENOMEM ? "r" : "x", 1);
    pause(); /* SIGKILLed here, restoring nothing */
    _exit(0);
  }
  close(pipefd[1]);
  {
    char c = 0;
    FP_CHECK(read(pipefd[0], &c, 1) == 1 && c == 'r',
             "the child could not reserve");
  }
  during = pool_nr();
  FP_CHECK(during > before, "nr_hugepages %ld, was %ld", during, before);
  FP_CHECK(access(STATE, F_OK) == 0, "no state file %s", STATE);
  /* while the owner runs, nothing is taken from it */
  rc = mml_hugetlb_recover(2048, note, sizeof note);
  FP_CHECK(rc == -EBUSY, "recover while the owner runs: %d (%s)", rc, note);
  FP_CHECK(pool_nr() == during, "pool changed under its owner");
  kill(pid, SIGKILL);
  FP_CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
  FP_CHECK(pool_nr() == during, "a SIGKILL restored something");
  rc = mml_hugetlb_recover(2048, note, sizeof note);
  printf("recover: %s\n", note);
  FP_CHECK(rc == 1, "recover after the kill: %d (%s)", rc, note);
  FP_CHECK(pool_nr() == before, "nr_hugepages %ld, want %ld", pool_nr(),
           before);
  FP_CHECK(access(STATE, F_OK) != 0, "state file left behind");
  rc = mml_hugetlb_recover(2048, note, sizeof note);
  FP_CHECK(rc == 0, "a second recover did something: %d (%s)", rc, note);
  return FP_PASS;
}

/* The normal restore removes the state file too. */
int fp_test_hugetlb_restore_removes_state(const char *arg) {
  mml_hugetlb_reservation r;
  char note[256];
  long before;
  int rc;
  (void)arg;
  if (!can_write_pool())
    FP_SKIP_BECAUSE("needs root and a writable %s", POOL);
  (void)mml_hugetlb_recover(2048, note, sizeof note);
  before = pool_nr();
  rc = mml_hugetlb_reserve(2048, before + 1, &r);
  FP_CHECK(rc == 0 || rc == -ENOMEM, "reserve: %d (%s)", rc, r.note);
  FP_CHECK(r.changed && access(STATE, F_OK) == 0, "no state recorded");
  FP_CHECK(mml_hugetlb_restore(&r) == 0, "restore");
  FP_CHECK(pool_nr() == before, "nr_hugepages %ld, want %ld", pool_nr(),
           before);
  FP_CHECK(access(STATE, F_OK) != 0, "state file left behind");
  return FP_PASS;
}

/* A reservation of more than the share of MemAvailable is refused before
 * anything is touched; a small one is not. */
int fp_test_hugetlb_size_bound(const char *arg) {
  char why[256] = "";
  int rc;
  (void)arg;
  if (access(POOL, R_OK) != 0)
    FP_SKIP_BECAUSE("no 2 MiB hugetlb pool (%s)", POOL);
  rc = mml_hugetlb_check_size(2048, 1000000, HUGETLB_DEFAULT_MAX_PERCENT, why,
                              sizeof why);
  FP_CHECK(rc == -E2BIG, "1,000,000 pages (1.9 TiB) accepted: %d", rc);
  FP_CHECK(strstr(why, "of the") != NULL, "no reason given: \"%s\"", why);
  printf("refused: %s\n", why);
  rc = mml_hugetlb_check_size(2048, 1, HUGETLB_DEFAULT_MAX_PERCENT, why,
                              sizeof why);
  FP_CHECK(rc == 0, "1 page refused: %s", why);
  rc = mml_hugetlb_check_size(2048, 1000000, 100000, why, sizeof why);
  FP_CHECK(rc == 0, "an explicit larger share was not honoured: %s", why);
  return FP_PASS;
}
