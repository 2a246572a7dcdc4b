/* fp_test_faults.c - fault counts per touched page, and ASLR for a child. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "faults.h"
#include "fp_tests.h"
#include "pagemode.h"

enum { PAGES = 4096 };

/* Counts the faults of one read or write touch of PAGES fresh 4 KiB
 * pages (a 4k-mode mapping, so THP cannot halve the count). */
static int touch_4k(int write, flt_delta *d) {
  const size_t ps = (size_t)sysconf(_SC_PAGESIZE);
  pm_mapping m;
  flt_sample before, after;
  int rc = pm_map(PM_4K, PAGES * ps, &m);
  if (rc < 0)
    return rc;
  flt_sample_read(&before);
  if (write)
    flt_touch_write(m.addr, m.length, ps, 1);
  else
    (void)flt_touch_read(m.addr, m.length, ps, NULL);
  flt_sample_read(&after);
  *d = flt_diff(&before, &after);
  pm_unmap(&m);
  return 0;
}

static int touch_test(int write) {
  flt_delta d;
  double fpp;
  int rc;
  if (sysconf(_SC_PAGESIZE) != 4096)
    SKIP("base pages are not 4 KiB");
  rc = touch_4k(write, &d);
  ASSERT_EQ(rc, 0); /* pm_map's -errno */
  fpp = flt_per_page(&d, PAGES);
  printf("4k anonymous private %s touch: %ld minor + %ld major faults over "
         "%d pages = %.4f per page (/proc/self/stat: %ld + %ld)\n",
         write ? "write" : "read", d.minor, d.major, PAGES, fpp, d.stat_minor,
         d.stat_major);
  /* A first write allocates one page per fault; a first read maps the
   * shared zero page, also one fault per page (fault-around is for file
   * pages only). */
  ASSERT_NEAR(fpp, 1.0, 0.002);
  return 0;
}

int fp_test_fp_faults_4k_write(const char *arg) {
  (void)arg;
  return touch_test(1);
}

int fp_test_fp_faults_4k_read(const char *arg) {
  (void)arg;
  return touch_test(0);
}

int fp_test_fp_faults_populate(const char *arg) {
  const size_t ps = (size_t)sysconf(_SC_PAGESIZE), len = PAGES * ps;
  flt_sample s0, s1, s2;
  flt_delta map_d, touch_d;
  void *p;
  (void)arg;
  flt_sample_read(&s0);
  p = mmap(NULL, len, PROT_READ | PROT_WRITE,
           MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (p == MAP_FAILED)
    perror("mmap(MAP_POPULATE)");
  ASSERT(p != MAP_FAILED);
  flt_sample_read(&s1);
  flt_touch_write(p, len, ps, 1);
  flt_sample_read(&s2);
  map_d = flt_diff(&s0, &s1);
  touch_d = flt_diff(&s1, &s2);
  munmap(p, len);
  printf("MAP_POPULATE: %ld faults in mmap, %ld in the write touch of %d "
         "pages = %.4f per page\n",
         map_d.minor + map_d.major, touch_d.minor + touch_d.major, PAGES,
         flt_per_page(&touch_d, PAGES));
  /* The pages are present, so the touch itself cannot fault; the counter
   * is process-wide, though, so allow 0.002/page (8 faults) for the test's
   * own first touches in between (a new stack page, a lazily bound PLT). */
  ASSERT_DBL(flt_per_page(&touch_d, PAGES), <=, 0.002);
  return 0;
}

int fp_test_fp_faults_sources_agree(const char *arg) {
  flt_delta d;
  int rc;
  (void)arg;
  rc = touch_4k(1, &d);
  ASSERT_EQ(rc, 0); /* pm_map's -errno */
  if (d.agree < 0)
    SKIP("/proc/self/stat is not readable");
  /* One thread, nothing in between: getrusage and /proc count the same. */
  ASSERT_EQ(d.stat_minor, d.minor);
  ASSERT_EQ(d.stat_major, d.major);
  ASSERT_EQ(d.agree, 1);
  return 0;
}

/* ---- ASLR ---------------------------------------------------------------- */

/* Prints where this process's stack, heap and a fresh mapping landed. */
int fp_test_fp_aslr_child(const char *arg) {
  flt_aslr_state st;
  int local = 0;
  void *m = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  (void)arg;
  flt_aslr_get(&st);
  printf("flag=%d stack=%p heap=%p mmap=%p\n", st.no_randomize, (void *)&local,
         sbrk(0), m);
  return 0;
}

/* Re-executes itself with ASLR off (as a benchmark main would), then
 * prints what fp_aslr_child prints. */
int fp_test_fp_aslr_reexec_child(const char *arg) {
  char *const argv[] = {"mmaplab_bench_fp_tests", "fp_aslr_reexec_child", NULL};
  int rc = flt_aslr_reexec_disabled(argv);
  if (rc < 0)
    printf("reexec failed: %s\n", strerror(-rc));
  return fp_test_fp_aslr_child(arg);
}

/* Runs this binary's test CHILD, with ASLR disabled if DISABLE, and
 * copies its line into OUT. Returns 0, or the failing errno negated
 * (the personality refused: child exit status 3, errno on the pipe). */
static int run_child(const char *child, int disable, char *out, size_t len) {
  int fds[2], status;
  ssize_t n;
  pid_t pid;
  if (pipe(fds) < 0)
    return -errno;
  fflush(NULL);
  pid = fork();
  if (pid == 0) {
    int rc = disable ? flt_aslr_disable_for_exec() : 0;
    dup2(fds[1], 1);
    if (rc < 0) {
      printf("errno=%d\n", -rc);
      fflush(stdout);
      _exit(3);
    }
    execl("/proc/self/exe", "mmaplab_bench_fp_tests", child, (char *)NULL);
    _exit(4);
  }
  close(fds[1]);
  n = read(fds[0], out, len - 1);
  out[n > 0 ? n : 0] = '\0';
  close(fds[0]);
  if (pid < 0 || waitpid(pid, &status, 0) != pid)
    return -ECHILD;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
    return -atoi(out + strlen("errno="));
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}

int fp_test_fp_aslr(const char *arg) {
  const char *const child = "fp_aslr_child";
  char a[256], b[256], c[256], d[256], e[256];
  flt_aslr_state st;
  int rc;
  (void)arg;
  flt_aslr_get(&st);
  printf("this process: %s\n", st.how);
  rc = run_child(child, 1, a, sizeof a);
  if (rc < 0 && rc != -ECHILD) {
    char why[160];
    snprintf(why, sizeof why,
             "personality(ADDR_NO_RANDOMIZE) refused: %s (a seccomp filter?)",
             strerror(-rc));
    SKIP(why);
  }
  ASSERT_EQ(rc, 0);
  ASSERT_EQ(run_child(child, 1, b, sizeof b), 0);
  ASSERT_EQ(run_child(child, 0, c, sizeof c), 0);
  printf("ASLR off: %s          %s", a, b);
  printf("ASLR as configured: %s", c);
  ASSERT_STR_HAS(a, "flag=1 "); /* the flag survived the exec */
  /* With the flag, two executions lay out memory identically. */
  ASSERT_STR_EQ(a, b);
  /* flt_aslr_reexec_disabled gets a fixed layout from a normal start. */
  ASSERT_EQ(run_child("fp_aslr_reexec_child", 0, d, sizeof d), 0);
  ASSERT_EQ(run_child("fp_aslr_reexec_child", 0, e, sizeof e), 0);
  printf("re-executed: %s              %s", d, e);
  ASSERT_STR_HAS(d, "flag=1 ");
  ASSERT_STR_EQ(d, e);
  return 0;
}
