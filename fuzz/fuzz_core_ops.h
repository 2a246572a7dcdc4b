/* fuzz_core_ops.h - the core_ops target's shared state: up to three maps,
 * each held twice (the core's and the model's), and the checks that
 * compare them (fuzz_core_ops.c, the calls in fuzz_core_calls.c). */
#ifndef MML_FUZZ_CORE_OPS_H
#define MML_FUZZ_CORE_OPS_H

#include "fuzz_core_model.h"
#include "fuzz_input.h"
#include "mmaplab.h"

#define FZ_SLOTS 3

/* One map under test: the core's, the model's, and its file. */
typedef struct fz_slot {
  mml_map *real; /* NULL: the slot is empty */
  cm_map *model; /* NULL exactly when REAL is */
  cm_file file;  /* fd -1 when the map has no file */
  uint8_t *view; /* the core's last export while one is live */
  int view_readonly;
} fz_slot;

typedef struct fz_ctx {
  fz_input in;
  fz_slot slots[FZ_SLOTS];
  int64_t pagesize;
  unsigned op; /* the number of the operation running, for messages */
  int trace;   /* MMAPLAB_FUZZ_TRACE is set: print every call */
} fz_ctx;

/* Aborts unless the core's code GOT is the model's WANT (CM_OS_ANY: any
 * OS error). WHAT names the call. */
void fz_expect(const fz_ctx *c, const char *what, int got, int want);

/* Aborts unless the N bytes at GOT (the core's) equal those at WANT. */
void fz_expect_bytes(const fz_ctx *c, const char *what, const uint8_t *got,
                     int64_t gotlen, const uint8_t *want, int64_t wantlen);

/* Aborts unless the int64 values are equal. */
void fz_expect_i64(const fz_ctx *c, const char *what, int64_t got,
                   int64_t want);

/* Frees the slot's map, model and file. */
void fz_slot_clear(fz_slot *s);

/* The operations, each reading its arguments from the input (calls in
 * fuzz_core_calls.c and fuzz_core_open.c). */
typedef void fz_op_fn(fz_ctx *c, fz_slot *s);
fz_op_fn fz_op_open, fz_op_close, fz_op_destroy, fz_op_read, fz_op_read_byte,
    fz_op_readline, fz_op_write, fz_op_write_self, fz_op_write_byte, fz_op_seek,
    fz_op_size, fz_op_find, fz_op_flush, fz_op_madvise, fz_op_move,
    fz_op_resize, fz_op_past_end, fz_op_getitem, fz_op_setitem, fz_op_delitem,
    fz_op_slice_indices, fz_op_getslice, fz_op_setslice, fz_op_delslice,
    fz_op_export, fz_op_release, fz_op_view_write, fz_op_set_isa;

#endif /* MML_FUZZ_CORE_OPS_H */
