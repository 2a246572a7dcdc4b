/* gen_area_resize.c - area resize: grow and shrink every kind of map (the
 * file follows, the offset included), the refusals in their order (trackfd,
 * access, range), position past the end, reading the grown part.
 *
 * Nothing here touches a map after a resize that leaves it longer than its
 * file (resize(0) of a file map, growing a shared anonymous map): those
 * are the hand-written crash cases. Nor is a file map ever resized to a
 * huge size: ftruncate could then create a huge sparse file on some file
 * systems, which the runner would read back. */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_value.h"

#include <string.h>

static const int fresh[] = {ST_FRESH, -1};

/* Sizes safe for every map (len, tell and repr are observed, not bytes). */
static const gen_row sizes[] = {{"i:0", NULL, GR_LEN | GR_TELL},
                                {"i:1", NULL, GR_LEN | GR_TELL},
                                {"i:$L-1", NULL, GR_LEN | GR_TELL},
                                {"i:$L", NULL, GR_LEN | GR_TELL},
                                {"i:$L+1", NULL, GR_LEN | GR_TELL},
                                {"i:$L*2", NULL, GR_LEN | GR_TELL},
                                {"i:PAGESIZE", NULL, GR_LEN | GR_TELL},
                                {"i:PAGESIZE+1", NULL, GR_LEN | GR_TELL},
                                {"i:-1", NULL, GR_LEN | GR_TELL},
                                {"i:-MAXSIZE-1", NULL, GR_LEN | GR_TELL},
                                {"i:2**63", NULL, GR_LEN | GR_TELL},
                                {"i:-2**63-1", NULL, GR_LEN | GR_TELL},
                                {"s:1", NULL, GR_LEN | GR_TELL},
                                {"f:1.0", NULL, GR_LEN | GR_TELL},
                                {"n", NULL, GR_LEN | GR_TELL | GR_PY},
                                {"", NULL, GR_LEN | GR_TELL | GR_ARITY},
                                {"i:1;i:2", NULL, GR_LEN | GR_TELL | GR_ARITY},
                                {"", "newsize=i:1", GR_LEN | GR_TELL},
                                {NULL, NULL, 0}};

static const gen_row core[] = {{"i:$L*2", NULL, GR_LEN | GR_TELL},
                               {"i:$L-1", NULL, GR_LEN | GR_TELL},
                               {"i:-1", NULL, GR_LEN | GR_TELL},
                               {NULL, NULL, 0}};

/* MAXSIZE: "new size out of range" when offset + size overflows (offset
 * maps), ENOMEM from mremap for anonymous maps, and for every map that
 * cannot be resized at all the earlier refusal. Never ftruncate. */
static const gen_row huge[] = {{"i:MAXSIZE", NULL, GR_LEN | GR_TELL},
                               {NULL, NULL, 0}};

/* Resize, then read across the old end (where it is safe). */
static void resize_read(gen_ctx *ctx, const gen_fixture *fx, const char *size) {
  gcase c;
  gc_begin(&c, "resize/%s/%s-then-read", fx->name,
           strcmp(size, "i:$L*2") == 0 ? "grow" : "shrink");
  gc_title(&c, "resize(%s), then read around the old end of %s",
           strcmp(size, "i:$L*2") == 0 ? "len*2" : "len/2", fx->desc);
  fx_setup(&c, fx);
  gc_op(&c, op_call(&c, "m", "resize", size, NULL));
  gc_op(&c, op_getitem(&c, "m", "sl:i:28,i:36,"));
  gc_op(&c, op_getitem(&c, "m", "sl:i:60,i:70,"));
  gc_op(&c, op_named("len", "on", "m"));
  gc_op(&c, op_call(&c, "m", "size", "", NULL));
  gc_tag(&c, "resized");
  gc_done(ctx, &c);
}

void gen_areas_resize(gen_ctx *ctx) {
  static const char *const full[] = {
      "anon",      "anon.private", "file",   "file.private", "file.prot-w",
      "file.read", "file.copy",    "offset", "file.notrack", NULL};
  const gen_fixture *fx;
  gen_call_named(ctx, "resize", full, fresh, "resize", sizes, 0);
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    const gen_row *row;
    if ((fx->flags & FX_PAGE) || gen_name_in(fx->name, full))
      continue;
    for (row = core; row->args != NULL; row++)
      gen_call_case(ctx, "resize", fx, ST_FRESH, "resize", row);
  }
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    gen_row row = huge[0];
    /* Anonymous, offset and non-resizable maps only (see above). */
    if ((fx->flags & FX_FILE) && (fx->flags & FX_RESIZE))
      continue;
    if (!(fx->flags & FX_PAGE))
      gen_call_case(ctx, "resize", fx, ST_FRESH, "resize", &row);
  }
  gen_call_matrix(ctx, "resize", (gen_select){FX_PAGE, 0}, fresh, "resize",
                  (const gen_row[]){{"i:PAGESIZE", NULL, GR_LEN | GR_TELL},
                                    {"i:PAGESIZE*3", NULL, GR_LEN | GR_TELL},
                                    {"i:PAGESIZE+1", NULL, GR_LEN | GR_TELL},
                                    {NULL, NULL, 0}},
                  0);
  /* Resizing again from the shrunk and grown states. */
  gen_call_matrix(ctx, "resize", (gen_select){FX_RESIZE, FX_PAGE},
                  (const int[]){ST_SHRUNK, ST_GROWN, -1}, "resize",
                  (const gen_row[]){{"i:64", NULL, GR_LEN | GR_TELL},
                                    {"i:$L", NULL, GR_LEN | GR_TELL},
                                    {NULL, NULL, 0}},
                  0);
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if (!(fx->flags & FX_RESIZE) || (fx->flags & FX_PAGE))
      continue;
    if (!(fx->flags & FX_SHARED))
      resize_read(ctx, fx, "i:$L*2");
    resize_read(ctx, fx, "i:32");
  }
}
