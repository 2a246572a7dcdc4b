/* fault_win32.c - the fault guard on Windows (see platform.h).
 *
 * CPython 3.13 (gh-118209) wraps its accesses in __try/__except; mingw's
 * gcc has no __try, so this uses a vectored exception handler instead. A
 * guarded access records its address range and a __builtin_setjmp point
 * in a guard on its own stack and publishes it in a TLS slot. For an
 * access violation or an in-page error whose address lies in the range of
 * the faulting thread's guard, the handler records the error and resumes
 * the thread in resume_at_guard (by editing the exception's context: the
 * instruction pointer, and a fresh 16-byte-aligned stack pointer below the
 * faulting frame), which __builtin_longjmp's back to the guard. The
 * exception dispatch thus completes normally (EXCEPTION_CONTINUE_EXECUTION)
 * before the jump. Every other exception goes on to the next handler.
 * x86-64 only (the context's Rip and Rsp).
 */
#include <stdint.h>
#include <windows.h>
#include <winternl.h>

#include "platform.h"

#if !defined(__x86_64__)
#error "fault_win32.c resumes through the x86-64 context (Rip, Rsp)"
#endif

typedef struct guard {
  uintptr_t lo, hi;   /* the guarded range [lo, hi) */
  volatile DWORD err; /* set by the handler before it resumes */
  void *resume[5];    /* __builtin_setjmp's buffer */
} guard;

static DWORD tls_slot = TLS_OUT_OF_INDEXES;
static INIT_ONCE install_once = INIT_ONCE_STATIC_INIT;
static DWORD install_error;

/* Where a faulting guarded access continues: back to its guard. */
static void resume_at_guard(void) {
  guard *g = TlsGetValue(tls_slot);
  __builtin_longjmp(g->resume, 1);
}

static LONG CALLBACK on_exception(EXCEPTION_POINTERS *ep) {
  const EXCEPTION_RECORD *r = ep->ExceptionRecord;
  CONTEXT *c = ep->ContextRecord;
  guard *g;
  uintptr_t addr;
  if (r->ExceptionCode != EXCEPTION_ACCESS_VIOLATION &&
      r->ExceptionCode != EXCEPTION_IN_PAGE_ERROR)
    return EXCEPTION_CONTINUE_SEARCH;
  /* TlsGetValue keeps the last error: the faulting code may read it. */
  g = TlsGetValue(tls_slot);
  if (g == NULL || r->NumberParameters < 2)
    return EXCEPTION_CONTINUE_SEARCH;
  addr = (uintptr_t)r->ExceptionInformation[1];
  if (addr < g->lo || addr >= g->hi)
    return EXCEPTION_CONTINUE_SEARCH;
  /* As CPython: an in-page error is its NTSTATUS (the third parameter)
   * translated to a Windows error; an access violation is ERROR_NOACCESS. */
  if (r->ExceptionCode == EXCEPTION_IN_PAGE_ERROR && r->NumberParameters >= 3)
    g->err = RtlNtStatusToDosError((NTSTATUS)r->ExceptionInformation[2]);
  else
    g->err = ERROR_NOACCESS;
  c->Rsp = ((c->Rsp - 256) & ~(DWORD64)15) - 8; /* as if just called */
  c->Rip = (DWORD64)(uintptr_t)resume_at_guard;
  return EXCEPTION_CONTINUE_EXECUTION;
}

static BOOL CALLBACK install(INIT_ONCE *once, void *param, void **context) {
  (void)once, (void)param, (void)context;
  tls_slot = TlsAlloc();
  if (tls_slot == TLS_OUT_OF_INDEXES) {
    install_error = GetLastError();
    return TRUE;
  }
  /* First in the chain: a fault in a guarded range is ours alone. */
  if (AddVectoredExceptionHandler(1, on_exception) == NULL)
    install_error = GetLastError() ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
  return TRUE;
}

int mml__os_fault_install(void) {
  InitOnceExecuteOnce(&install_once, install, NULL, NULL);
  return (int)install_error;
}

int mml__os_fault_guard(const void *base, size_t len, void (*fn)(void *),
                        void *ctx) {
  guard g;
  guard *outer = TlsGetValue(tls_slot);
  g.lo = (uintptr_t)base;
  g.hi = (uintptr_t)base + len;
  g.err = 0;
  if (__builtin_setjmp(g.resume) == 0) {
    TlsSetValue(tls_slot, &g);
    fn(ctx);
  }
  TlsSetValue(tls_slot, outer);
  return (int)g.err;
}
