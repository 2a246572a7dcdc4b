/* gen_new.c - one constructor case: the file, the descriptor, mmap(...)
 * and what is observed afterwards. */
#include "gen_new.h"

#include "gen_matrix.h"
#include "gen_value.h"

#include <stdio.h>
#include <string.h>

void gen_new_case(gen_ctx *ctx, const char *id, nfile file, const char *mode,
                  const char *args, const char *kw, unsigned obs,
                  unsigned flags) {
  gcase c;
  char shown[240];
  gc_begin(&c, "%s", id);
  snprintf(c.len, sizeof c.len, "%s",
           file == NF_PAGES   ? "PAGESIZE*2"
           : file == NF_SHORT ? "10"
                              : "0");
  gv_render(shown, sizeof shown, args, kw);
  if (file == NF_NONE)
    gc_title(&c, "mmap(%s), anonymous", shown);
  else
    gc_title(&c, "mmap(%s) of %s file opened %s", shown,
             file == NF_PAGES   ? "a 2-page"
             : file == NF_SHORT ? "a 10-byte"
                                : "an empty",
             mode);
  gc_tag(&c, file == NF_NONE ? "anonymous" : "file");
  if (file == NF_PAGES)
    gc_file_fill(&c, "f", "pattern", "PAGESIZE*2");
  else if (file == NF_SHORT)
    gc_file_text(&c, "f", "0123456789");
  else if (file == NF_EMPTY)
    gc_file_text(&c, "f", "");
  if (file != NF_NONE)
    gc_op(&c, op_open_fd("fd", "f", mode));
  gc_op(&c, op_new(&c, "m", args, kw));
  gc_op(&c, op_named("repr", "on", "m"));
  if (obs & NO_LEN)
    gc_op(&c, op_named("len", "on", "m"));
  if (obs & NO_SIZE)
    gc_op(&c, op_call(&c, "m", "size", "", NULL));
  if (obs & NO_TOUCH)
    gc_op(&c, op_getitem(&c, "m", "i:0"));
  if (obs & NO_WRITE)
    gc_op(&c, op_setitem(&c, "m", "i:0", "i:65"));
  gen_value_tags(&c, args);
  gen_value_tags(&c, kw);
  if (flags & (GR_PY | GR_ARITY)) {
    gc_tag(&c, "python-args");
    gc_feature(&c, "python-args");
  }
  if (flags & GR_ARITY)
    gc_tag(&c, "arity");
  if (strstr(kw ? kw : "", "trackfd") != NULL) {
    gc_tag(&c, "trackfd");
    gc_python(&c, flags & NEW_PRE313 ? "<3.13" : ">=3.13");
  }
  gc_done(ctx, &c);
}
