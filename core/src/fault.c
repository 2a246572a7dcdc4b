/* fault.c - the fault-safe mode's process-wide switch (mmaplab.h). */
#include "fault.h"

atomic_int mml__fault_safe_enabled;

int mml_set_fault_safe(int on) {
  int err;
  /* The handlers are in place before any thread can see the switch on. */
  if (on && (err = mml__os_fault_install()) != 0)
    return mml__oserr(err);
  return atomic_exchange_explicit(&mml__fault_safe_enabled, on != 0,
                                  memory_order_acq_rel);
}

int mml_fault_safe(void) {
  return atomic_load_explicit(&mml__fault_safe_enabled, memory_order_acquire);
}
