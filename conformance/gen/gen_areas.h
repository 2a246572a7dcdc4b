/* gen_areas.h - one function per group of areas; each adds its cases to
 * the context. The order of the calls in gen_cases.c is the order of the
 * cases in each output file. */
#ifndef MML_GEN_AREAS_H
#define MML_GEN_AREAS_H

#include "gen_case.h"

void gen_areas_new(gen_ctx *ctx);    /* new */
void gen_areas_access(gen_ctx *ctx); /* access, new/fd-kind */
void gen_areas_read(gen_ctx *ctx);   /* read, readline, read_byte */
void gen_areas_write(gen_ctx *ctx);  /* write, write_byte */
void gen_areas_pos(gen_ctx *ctx);    /* seek, tell, size */
void gen_areas_search(gen_ctx *ctx); /* find, rfind */
void gen_areas_items(gen_ctx *ctx);  /* getitem, setitem, delitem, slice */
void gen_areas_mem(gen_ctx *ctx);    /* flush, madvise, move */
void gen_areas_resize(gen_ctx *ctx); /* resize */
void gen_areas_life(gen_ctx *ctx);   /* close, context, export, len, attr */
void gen_areas_misc(gen_ctx *ctx);   /* sequence, repr, const */

#endif /* MML_GEN_AREAS_H */
