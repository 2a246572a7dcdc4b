/* fault.h - guarded access to a map's bytes (the fault-safe mode).
 *
 * Every method that reads or writes the mapped bytes does it through
 * mml__access with a small access function: with the mode off (the
 * default) that is a plain call the compiler inlines; with it on (or the
 * map's fault_guard set: CPython 3.13+ on Windows), the
 * platform layer runs the function so that a SIGBUS/SIGSEGV at an address
 * inside the mapping abandons it and the method returns -EFAULT or -EIO.
 * An access function may therefore stop at any load or store into the
 * map: it must not allocate, lock, or leave anything half-updated that is
 * not the map's bytes themselves. Allocate before, commit state after.
 */
#ifndef MML_FAULT_H
#define MML_FAULT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "map.h"
#include "platform.h"

/* The process-wide switch (mml_set_fault_safe); read once per access.
 * Hidden: a load without the GOT in the shared library. */
#if defined(__GNUC__) && defined(__ELF__) /* an ELF notion */
__attribute__((visibility("hidden")))
#endif
extern atomic_int mml__fault_safe_enabled;

/* Runs FN(CTX), which touches only M's mapped bytes (and memory of its
 * own). Returns 0, or with the mode on -EFAULT/-EIO when FN faulted inside
 * the mapping (FN was abandoned at the fault). */
static inline int mml__access(const mml_map *m, void (*fn)(void *), void *ctx) {
  int err;
  if (!m->fault_guard &&
      !atomic_load_explicit(&mml__fault_safe_enabled, memory_order_acquire)) {
    fn(ctx);
    return 0;
  }
  err = mml__os_fault_guard(m->data, (size_t)m->size, fn, ctx);
  return err != 0 ? mml__oserr(err) : 0;
}

/* ---- access functions shared by the method files ------------------------ */

/* memmove(dst, src, n): either side may lie in the map. */
typedef struct mml__copy_ctx {
  uint8_t *dst;
  const uint8_t *src;
  size_t n;
} mml__copy_ctx;

static inline void mml__copy_fn(void *ctx) {
  const mml__copy_ctx *c = ctx;
  memmove(c->dst, c->src, c->n);
}

/* One byte: loaded from *at into value (store 0), or value stored at *at
 * (store 1). */
typedef struct mml__byte_ctx {
  uint8_t *at;
  uint8_t value;
  int store;
} mml__byte_ctx;

static inline void mml__byte_fn(void *ctx) {
  mml__byte_ctx *c = ctx;
  if (c->store)
    *c->at = c->value;
  else
    c->value = *c->at;
}

/* N bytes at DATA + START + i * STEP (i < N), the map's: gathered into
 * INTO[i] when INTO is not NULL, else scattered from FROM[i]. */
typedef struct mml__stride_ctx {
  uint8_t *data;
  int64_t start, step, n;
  uint8_t *into;
  const uint8_t *from;
} mml__stride_ctx;

static inline void mml__stride_fn(void *ctx) {
  const mml__stride_ctx *c = ctx;
  /* start + i * step lies in [0, size) for every i < n: no overflow. */
  if (c->into != NULL)
    for (int64_t i = 0; i < c->n; i++)
      c->into[i] = c->data[c->start + i * c->step];
  else
    for (int64_t i = 0; i < c->n; i++)
      c->data[c->start + i * c->step] = c->from[i];
}

#endif /* MML_FAULT_H */
