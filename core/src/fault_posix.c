/* fault_posix.c - the fault guard on POSIX systems (see platform.h).
 *
 * A guarded access records its address range and a sigsetjmp point in a
 * guard on its own stack and publishes it in a thread-local pointer. The
 * SIGBUS/SIGSEGV handler jumps back there when a fault raised by the
 * kernel (si_code > 0) has its address (si_addr) inside the range of the
 * faulting thread's guard. Everything else is passed on to the disposition
 * installed before ours, as the kernel would have delivered it:
 *   - a handler is called with its own sa_mask (SA_SIGINFO or not, SA_RESETHAND
 * honoured);
 *   - SIG_DFL, and SIG_IGN for a kernel fault, is put back and the handler
 *     returns, so that the faulting instruction runs again and meets it
 *     (a blocked or ignored SIGSEGV/SIGBUS from a fault kills, as before);
 *   - a signal sent with kill()/raise() is raised again under SIG_DFL, or
 *     dropped under SIG_IGN.
 * The handlers stay installed for the life of the process: another thread
 * may be inside a guarded access at any moment, and a handler installed
 * after ours may chain to it.
 */
#define _GNU_SOURCE /* BUS_MCEERR_AR, SA_ONSTACK, ucontext_t's uc_sigmask */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

#include "platform.h"

typedef struct guard {
  uintptr_t lo, hi;  /* the guarded range [lo, hi) */
  volatile int err;  /* set by the handler before it jumps */
  sigjmp_buf resume; /* where the handler jumps */
} guard;

/* The innermost guarded access of this thread, or NULL. The handler reads
 * it: with the initial-exec model that is one load from the thread pointer,
 * safe in a signal handler (the general-dynamic model may call
 * __tls_get_addr, which may allocate on a thread's first access). */
#if defined(__GNUC__)
#define MML_TLS_INITIAL_EXEC __attribute__((tls_model("initial-exec")))
#else
#define MML_TLS_INITIAL_EXEC
#endif
static _Thread_local guard *volatile current MML_TLS_INITIAL_EXEC;

/* The dispositions found at installation, [0] SIGBUS, [1] SIGSEGV; read by
 * the handler only after `published` says they are complete. */
static struct sigaction previous[2];
static atomic_int published;
/* 0 not installed, 1 being installed, 2 done (install_error says how). */
static atomic_int install_state;
static int install_error;

static const struct sigaction *previous_of(int sig) {
  if (!atomic_load_explicit(&published, memory_order_acquire))
    return NULL;
  return &previous[sig == SIGBUS ? 0 : 1];
}

/* The errno a fault inside a guarded range turns into, or 0 if it is not
 * the access's own fault. EFAULT is what the kernel's read(2)/write(2)
 * report for a buffer on the same pages (beyond the end of a truncated
 * file: BUS_ADRERR; protection: SEGV_ACCERR); EIO for a hardware memory
 * error the access consumed (BUS_MCEERR_AR). BUS_MCEERR_AO reports a
 * poisoned page nobody touched yet: not this access's fault. */
static int error_of(int sig, int code) {
#if defined(BUS_MCEERR_AR) && defined(BUS_MCEERR_AO)
  if (sig == SIGBUS && code == BUS_MCEERR_AR)
    return EIO;
  if (sig == SIGBUS && code == BUS_MCEERR_AO)
    return 0;
#else
  (void)sig, (void)code;
#endif
  return EFAULT;
}

/* SA_RESETHAND: the kernel would have reset the disposition on delivery. */
static void chain_reset(int sig) {
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
}

/* Delivers SIG to the disposition that was there before ours. */
static void chain(int sig, siginfo_t *info, void *uctx) {
  const struct sigaction *old = previous_of(sig);
  const int sent = info == NULL || info->si_code <= 0; /* kill(), raise() */
  sigset_t mask;
  if (old == NULL || old->sa_handler == SIG_DFL || old->sa_handler == SIG_IGN) {
    if (old != NULL && old->sa_handler == SIG_IGN && sent)
      return; /* an ignored signal that someone sent: ignored, as before */
    if (old != NULL)
      sigaction(sig, old, NULL);
    else
      chain_reset(sig);
    if (sent)
      raise(sig); /* pending until this handler returns, then fatal */
    return;       /* a fault: the instruction runs again and meets it */
  }
  /* The mask the kernel would have given the old handler: the interrupted
   * code's, plus its sa_mask, plus SIG unless it asked for SA_NODEFER. */
  if (uctx != NULL)
    pthread_sigmask(SIG_SETMASK, &((ucontext_t *)uctx)->uc_sigmask, NULL);
  pthread_sigmask(SIG_BLOCK, &old->sa_mask, NULL);
  sigemptyset(&mask);
  sigaddset(&mask, sig);
  pthread_sigmask((old->sa_flags & SA_NODEFER) ? SIG_UNBLOCK : SIG_BLOCK, &mask,
                  NULL);
  if (old->sa_flags & SA_SIGINFO) {
    void (*action)(int, siginfo_t *, void *) = old->sa_sigaction;
    if (old->sa_flags & SA_RESETHAND)
      chain_reset(sig);
    action(sig, info, uctx);
  } else {
    void (*handler)(int) = old->sa_handler;
    if (old->sa_flags & SA_RESETHAND)
      chain_reset(sig);
    handler(sig);
  }
}

static void on_fault(int sig, siginfo_t *info, void *uctx) {
  guard *const g = current;
  const int saved_errno = errno;
  if (g != NULL && info != NULL && info->si_code > 0 &&
      (uintptr_t)info->si_addr >= g->lo && (uintptr_t)info->si_addr < g->hi) {
    const int err = error_of(sig, info->si_code);
    if (err != 0) {
      g->err = err;
      /* Back to the mask of the interrupted access (the handler runs with
       * SIG blocked, and some runtimes block more). */
      if (uctx != NULL)
        pthread_sigmask(SIG_SETMASK, &((ucontext_t *)uctx)->uc_sigmask, NULL);
      errno = saved_errno;
      siglongjmp(g->resume, 1);
    }
  }
  chain(sig, info, uctx);
  errno = saved_errno;
}

/* Saves the dispositions in place, then installs on_fault for both
 * signals. SA_ONSTACK: where a thread has an alternate signal stack (ASan
 * and Python's faulthandler set one up), the handler runs on it, so that a
 * stack overflow still reaches the handler we chain to. */
static int install(void) {
  static const int sigs[2] = {SIGBUS, SIGSEGV};
  struct sigaction sa;
  for (int i = 0; i < 2; i++)
    if (sigaction(sigs[i], NULL, &previous[i]) != 0)
      return errno;
  atomic_store_explicit(&published, 1, memory_order_release);
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sigemptyset(&sa.sa_mask);
  for (int i = 0; i < 2; i++) {
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | (previous[i].sa_flags & SA_RESTART);
    if (sigaction(sigs[i], &sa, NULL) != 0) {
      const int err = errno;
      if (i == 1)
        sigaction(sigs[0], &previous[0], NULL); /* all or nothing */
      return err;
    }
  }
  return 0;
}

int mml__os_fault_install(void) {
  int expected = 0;
  if (atomic_compare_exchange_strong(&install_state, &expected, 1)) {
    install_error = install();
    atomic_store_explicit(&install_state, 2, memory_order_release);
  } else {
    while (atomic_load_explicit(&install_state, memory_order_acquire) != 2)
      sched_yield(); /* another thread is installing: a few system calls */
  }
  return install_error;
}

int mml__os_fault_guard(const void *base, size_t len, void (*fn)(void *),
                        void *ctx) {
  guard g;
  guard *const outer = current; /* not changed after sigsetjmp */
  g.lo = (uintptr_t)base;
  g.hi = g.lo + len;
  g.err = 0;
  if (sigsetjmp(g.resume, 0) != 0) {
    current = outer;
    return g.err;
  }
  current = &g;
  atomic_signal_fence(memory_order_seq_cst); /* armed before the access */
  fn(ctx);
  atomic_signal_fence(memory_order_seq_cst);
  current = outer;
  return 0;
}
