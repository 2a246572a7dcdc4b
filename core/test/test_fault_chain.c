/* test_fault_chain.c - what the fault-safe mode leaves to others: faults
 * outside a guarded access reach the handler installed before (with its
 * flags and mask), a default or ignored disposition still ends the
 * process as before, a guard belongs to its own thread, and threads fault
 * and recover side by side. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"
#include "platform.h"
#include "test.h"

/* ---- fixtures ------------------------------------------------------------ */

/* A page that faults with SIGSEGV: PROT_NONE, not part of any mml map. */
static volatile uint8_t *segv_page(void) {
  void *p = mmap(NULL, (size_t)mml_pagesize(), PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_PTR_NE(p, MAP_FAILED);
  return p;
}

/* A page that faults with SIGBUS and is not part of any mml map: the
 * second page of a raw two-page file map whose file was cut to 100 bytes
 * by another process. */
static volatile uint8_t *sigbus_page(void) {
  char path[64];
  const int64_t ps = mml_pagesize();
  int fd = th_temp_file(NULL, (size_t)(2 * ps), path);
  uint8_t *p =
      mmap(NULL, (size_t)(2 * ps), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ASSERT_PTR_NE(p, MAP_FAILED);
  close(fd);
  th_truncate_elsewhere(path, 100);
  return p + ps;
}

/* A cut map (test_fault.c's shape): 3 pages, the file cut to 100 bytes. */
static mml_map *cut_map(void) {
  char path[64];
  mml_map *m =
      th_file_map(NULL, (size_t)(3 * mml_pagesize()), MML_ACCESS_DEFAULT, path);
  th_truncate_elsewhere(path, 100);
  return m;
}

static void set_action(int sig, void (*action)(int, siginfo_t *, void *),
                       void (*handler)(int), int flags, int also_block) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  if (also_block)
    sigaddset(&sa.sa_mask, also_block);
  if (action != NULL)
    sa.sa_sigaction = action, sa.sa_flags = flags | SA_SIGINFO;
  else
    sa.sa_handler = handler, sa.sa_flags = flags;
  ASSERT_OK(sigaction(sig, &sa, NULL));
}

/* What the test's own handlers saw (each test is one process, and the
 * handlers run on the faulting thread). */
static sigjmp_buf back;
static volatile sig_atomic_t calls, seen_sig, seen_code, mask_ok;
static void *volatile seen_addr;

static int blocked(int sig) {
  sigset_t now;
  ASSERT_OK(pthread_sigmask(SIG_BLOCK, NULL, &now));
  return sigismember(&now, sig);
}

/* An SA_SIGINFO handler installed with SIGUSR1 in its sa_mask. */
static void own_action(int sig, siginfo_t *info, void *uctx) {
  (void)uctx;
  calls++;
  seen_sig = sig;
  seen_code = info->si_code;
  seen_addr = info->si_addr;
  mask_ok = blocked(sig) && blocked(SIGUSR1);
  siglongjmp(back, 1);
}

/* A plain handler. */
static void own_handler(int sig) {
  calls++;
  seen_sig = sig;
  mask_ok = blocked(sig);
  siglongjmp(back, 1);
}

/* Reads *P; returns 1 if a handler of this file jumped back instead. */
static int touch(volatile uint8_t *p) {
  if (sigsetjmp(back, 1) != 0)
    return 1;
  (void)*p;
  return 0;
}

/* ---- chaining to handlers ------------------------------------------------ */

/* SIGSEGV to an SA_SIGINFO handler and SIGBUS to a plain one, both
 * installed before the mode: each gets the faults outside the maps, with
 * the signal and its sa_mask blocked as the kernel would have; the faults
 * inside a map stay the mode's. */
TEST_IMPL(fault_chain_to_handlers) {
  volatile uint8_t *segv = segv_page(), *bus = sigbus_page();
  mml_map *m = cut_map();
  uint8_t b;
  set_action(SIGSEGV, own_action, NULL, 0, SIGUSR1);
  set_action(SIGBUS, NULL, own_handler, 0, 0);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_EQ(touch(segv), 1);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(seen_sig, SIGSEGV);
  ASSERT_PTR_EQ(seen_addr, segv);
  ASSERT_EQ(seen_code, SEGV_ACCERR);
  ASSERT_EQ(mask_ok, 1);
  ASSERT(!blocked(SIGUSR1));
  ASSERT(!blocked(SIGSEGV)); /* restored after */
  ASSERT_EQ(touch(bus), 1);
  ASSERT_EQ(calls, 2);
  ASSERT_EQ(seen_sig, SIGBUS);
  ASSERT_EQ(mask_ok, 1);
  ASSERT_ERR(mml_getitem(m, mml_pagesize(), &b), -EFAULT);
  ASSERT_EQ(calls, 2);
  ASSERT(!blocked(SIGBUS));  /* a caught fault leaves the mask as it was */
  ASSERT_EQ(touch(segv), 1); /* and the chain still works afterwards */
  ASSERT_EQ(calls, 3);
  mml_destroy(m);
}

/* A fault inside a map's range but outside any core call (a buffer export
 * is raw memory) is not the mode's: it goes to the handler before. */
TEST_IMPL(fault_chain_export_not_guarded) {
  mml_map *m = cut_map();
  uint8_t *data = NULL, b;
  set_action(SIGBUS, own_action, NULL, 0, 0);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_OK(mml_buffer_export(m, &data, NULL, NULL));
  ASSERT_EQ(touch(data + mml_pagesize()), 1);
  ASSERT_EQ(calls, 1);
  ASSERT_PTR_EQ(seen_addr, data + mml_pagesize());
  ASSERT_EQ(seen_code, BUS_ADRERR);
  ASSERT_OK(mml_buffer_release(m));
  ASSERT_ERR(mml_getitem(m, mml_pagesize(), &b), -EFAULT);
  ASSERT_EQ(calls, 1);
  mml_destroy(m);
}

/* SA_RESETHAND: the kernel resets such a handler to SIG_DFL when it
 * delivers; so does the chain. */
TEST_IMPL(fault_chain_resethand) {
  struct sigaction now;
  set_action(SIGSEGV, own_action, NULL, SA_RESETHAND, 0);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_EQ(touch(segv_page()), 1);
  ASSERT_EQ(calls, 1);
  ASSERT_OK(sigaction(SIGSEGV, NULL, &now));
  ASSERT_PTR_EQ(now.sa_handler, SIG_DFL);
}

/* ---- default and ignored dispositions ------------------------------------ */

static void enable(void) { ASSERT_EQ(mml_set_fault_safe(1), 0); }

static void segv_outside(void *arg) {
  (void)arg;
  enable();
  (void)*segv_page();
}

static void sigbus_outside(void *arg) {
  (void)arg;
  enable();
  (void)*sigbus_page();
}

static void raise_arg(void *arg) {
  enable();
  raise(*(const int *)arg);
}

/* Under SIG_DFL (th_child_status puts it there before the mode goes on),
 * faults outside the maps and signals sent with raise() still kill, with
 * the same signal. */
TEST_IMPL(fault_chain_default_kills) {
  int sig = SIGSEGV;
  th_expect_killed_by(th_child_status(segv_outside, NULL), SIGSEGV);
  th_expect_killed_by(th_child_status(sigbus_outside, NULL), SIGBUS);
  th_expect_killed_by(th_child_status(raise_arg, &sig), SIGSEGV);
  sig = SIGBUS;
  th_expect_killed_by(th_child_status(raise_arg, &sig), SIGBUS);
}

static void ignore_both(void) {
  set_action(SIGSEGV, NULL, SIG_IGN, 0, 0);
  set_action(SIGBUS, NULL, SIG_IGN, 0, 0);
}

static void raise_ignored(void *arg) {
  (void)arg;
  ignore_both();
  enable();
  raise(SIGSEGV);
  raise(SIGBUS);
  kill(getpid(), SIGSEGV);
}

static void fault_ignored(void *arg) {
  (void)arg;
  ignore_both();
  enable();
  (void)*segv_page();
}

/* Under SIG_IGN, a sent signal is ignored, as before; a fault kills, as
 * the kernel does with an ignored SIGSEGV that it raises itself. */
TEST_IMPL(fault_chain_ignored) {
  th_expect_exited(th_child_status(raise_ignored, NULL), 0);
  th_expect_killed_by(th_child_status(fault_ignored, NULL), SIGSEGV);
}

/* ---- guards are per thread ----------------------------------------------- */

/* The thread-local jump point of the handler below. */
static _Thread_local sigjmp_buf thread_back;

static void thread_action(int sig, siginfo_t *info, void *uctx) {
  (void)sig, (void)info, (void)uctx;
  calls++;
  siglongjmp(thread_back, 1);
}

typedef struct other_thread {
  volatile uint8_t *addr;
  int chained; /* 1: the handler before ours got the fault */
} other_thread;

static void *touch_in_thread(void *p) {
  other_thread *o = p;
  if (sigsetjmp(thread_back, 1) != 0) {
    o->chained = 1;
    return NULL;
  }
  (void)*o->addr;
  return NULL;
}

static void start_and_join(void *p) {
  pthread_t t;
  ASSERT_OK(pthread_create(&t, NULL, touch_in_thread, p));
  ASSERT_OK(pthread_join(t, NULL));
}

/* While this thread is inside a guarded access over a map, another thread
 * that faults in the same range without a guard of its own is not caught
 * by this thread's guard: its fault goes to the handler before. */
TEST_IMPL(fault_chain_guard_is_per_thread) {
  mml_map *m = cut_map();
  uint8_t *data = NULL;
  int64_t len = 0;
  other_thread o = {NULL, 0};
  set_action(SIGBUS, thread_action, NULL, 0, 0);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_OK(mml_buffer_export(m, &data, &len, NULL));
  o.addr = data + mml_pagesize();
  ASSERT_EQ(mml__os_fault_guard(data, (size_t)len, start_and_join, &o), 0);
  ASSERT_EQ(o.chained, 1);
  ASSERT_EQ(calls, 1);
  ASSERT_OK(mml_buffer_release(m));
  mml_destroy(m);
}

/* ---- the errno: EFAULT or EIO -------------------------------------------- */

typedef struct sent_fault {
  int code;   /* si_code */
  void *addr; /* si_addr */
  int returned;
} sent_fault;

/* Sends this thread a SIGBUS that looks like the kernel's (si_code > 0,
 * which Linux allows a process to send itself) and records whether the
 * guarded access went on afterwards. */
static void send_sigbus(void *p) {
  sent_fault *f = p;
  siginfo_t si;
  memset(&si, 0, sizeof si);
  si.si_signo = SIGBUS;
  si.si_code = f->code;
  si.si_addr = f->addr;
  ASSERT_OK((int)syscall(SYS_rt_tgsigqueueinfo, getpid(),
                         (pid_t)syscall(SYS_gettid), SIGBUS, &si));
  f->returned = 1;
}

static void count_sigbus(int sig, siginfo_t *info, void *uctx) {
  (void)sig, (void)uctx;
  calls++;
  seen_code = info->si_code;
}

/* A hardware memory error the access consumed (BUS_MCEERR_AR) is EIO; one
 * reported ahead of any access (BUS_MCEERR_AO) is not the access's fault
 * and goes on to the handler before; BUS_ADRERR is EFAULT inside the
 * range and the handler's outside it. */
TEST_IMPL(fault_safe_errno_by_cause) {
  static uint8_t range[64];
  sent_fault f = {BUS_MCEERR_AR, range + 10, 0};
  set_action(SIGBUS, count_sigbus, NULL, 0, 0);
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_EQ(mml__os_fault_guard(range, sizeof range, send_sigbus, &f), EIO);
  ASSERT_EQ(f.returned, 0);
  f.code = BUS_ADRERR;
  ASSERT_EQ(mml__os_fault_guard(range, sizeof range, send_sigbus, &f), EFAULT);
  ASSERT_EQ(f.returned, 0);
  ASSERT_EQ(calls, 0);
  f.code = BUS_MCEERR_AO;
  ASSERT_EQ(mml__os_fault_guard(range, sizeof range, send_sigbus, &f), 0);
  ASSERT_EQ(f.returned, 1);
  ASSERT_EQ(calls, 1);
  ASSERT_EQ(seen_code, BUS_MCEERR_AO);
  f.code = BUS_ADRERR, f.addr = range + sizeof range, f.returned = 0;
  ASSERT_EQ(mml__os_fault_guard(range, sizeof range, send_sigbus, &f), 0);
  ASSERT_EQ(f.returned, 1);
  ASSERT_EQ(calls, 2);
  ASSERT(!blocked(SIGBUS));
}

/* ---- threads --------------------------------------------------------------
 */

enum { FAULTERS = 2, WORKERS = 3, ROUNDS = 400, WLEN = 1 << 16 };

typedef struct worker {
  pthread_t thread;
  mml_map *m;
  int faulter;
  int64_t needle_at;
  int64_t rounds; /* rounds completed with the right results */
} worker;

static pthread_barrier_t start_line;

static void fault_round(const worker *w) {
  const int64_t page = mml_pagesize();
  uint8_t *out = NULL, b = 0;
  int64_t at = 0, idx = -7;
  ASSERT_OK(mml_seek(w->m, page, 0, NULL));
  ASSERT_ERR(mml_read(w->m, 10, &out, NULL), -EFAULT);
  ASSERT_EQ(th_tell(w->m), page);
  ASSERT_ERR(mml_find(w->m, "zz", 2, &at, NULL, &idx), -EFAULT);
  ASSERT_EQ(idx, -7);
  ASSERT_OK(mml_getitem(w->m, 1, &b));
  ASSERT_EQ(b, 'b');
}

static void work_round(const worker *w) {
  static const char needle[] = "needle!";
  uint8_t *out = NULL;
  int64_t idx = -1, len = 0, start = 0;
  ASSERT_OK(mml_find(w->m, needle, 7, &start, NULL, &idx));
  ASSERT_EQ(idx, w->needle_at);
  ASSERT_OK(mml_rfind(w->m, needle, 7, &start, NULL, &idx));
  ASSERT_EQ(idx, w->needle_at);
  /* Move the needle away and back. */
  ASSERT_OK(mml_move(w->m, 0, w->needle_at, 7));
  ASSERT_OK(mml_seek(w->m, 0, 0, NULL));
  ASSERT_OK(mml_read(w->m, 7, &out, &len));
  ASSERT_EQ(len, 7);
  ASSERT_MEM_EQ(out, needle, 7);
  mml_free(out);
  ASSERT_OK(mml_move(w->m, 0, w->needle_at + 26, 7)); /* "abcdefg" back */
}

static void *run_worker(void *p) {
  worker *w = p;
  pthread_barrier_wait(&start_line);
  for (int i = 0; i < ROUNDS; i++) {
    if (w->faulter)
      fault_round(w);
    else
      work_round(w);
    w->rounds++;
  }
  return NULL;
}

/* Threads that fault inside their guarded accesses over truncated files
 * while others search, move and read valid maps: every call of every
 * thread gets its right result. */
TEST_IMPL(fault_safe_threads) {
  worker w[FAULTERS + WORKERS];
  ASSERT_EQ(mml_set_fault_safe(1), 0);
  ASSERT_OK(pthread_barrier_init(&start_line, NULL, FAULTERS + WORKERS));
  for (int i = 0; i < FAULTERS + WORKERS; i++) {
    memset(&w[i], 0, sizeof w[i]);
    w[i].faulter = i < FAULTERS;
    if (w[i].faulter) {
      w[i].m = cut_map();
    } else {
      /* The pattern, with "needle!" at a per-thread multiple of 26 (so the
       * pattern 26 bytes on starts with the "abcdefg" of offset 0). */
      w[i].needle_at = 26 * (100 + 37 * i);
      w[i].m = th_anon(NULL, WLEN);
      ASSERT_OK(mml_seek(w[i].m, w[i].needle_at, 0, NULL));
      ASSERT_OK(mml_write(w[i].m, "needle!", 7, NULL));
    }
  }
  for (int i = 0; i < FAULTERS + WORKERS; i++)
    ASSERT_OK(pthread_create(&w[i].thread, NULL, run_worker, &w[i]));
  for (int i = 0; i < FAULTERS + WORKERS; i++) {
    ASSERT_OK(pthread_join(w[i].thread, NULL));
    ASSERT_EQ(w[i].rounds, ROUNDS);
    mml_destroy(w[i].m);
  }
  ASSERT_OK(pthread_barrier_destroy(&start_line));
  ASSERT_EQ(mml_set_fault_safe(0), 1);
}
