/* gen_fixture.c - the starting maps of the generated cases and the states
 * (position, resize, close) applied to them. */
#include "gen_fixture.h"

#include "gen_value.h"

#include <stdio.h>
#include <string.h>

#define RO FX_READONLY
#define SA (FX_ANON | FX_RESIZE | FX_SHARED)

const gen_fixture gen_fixtures[] = {
    /* 64-byte maps. */
    {"anon", "an anonymous map", "access-default", SA | FX_REP, NULL, ""},
    {"anon.private", "an anonymous MAP_PRIVATE map", "access-default",
     FX_ANON | FX_RESIZE | FX_PRIVATE, NULL, "flags=i:MAP_PRIVATE"},
    {"anon.read", "an anonymous ACCESS_READ map", "access-read",
     FX_ANON | RO | FX_ZERO, NULL, "access=i:ACCESS_READ"},
    {"anon.write", "an anonymous ACCESS_WRITE map", "access-write", SA, NULL,
     "access=i:ACCESS_WRITE"},
    {"anon.copy", "an anonymous ACCESS_COPY map", "access-copy",
     FX_ANON | FX_COPY, NULL, "access=i:ACCESS_COPY"},
    {"anon.prot-r", "an anonymous prot=PROT_READ map", "access-read",
     FX_ANON | RO | FX_ZERO, NULL, "prot=i:PROT_READ"},
    {"anon.prot-w", "an anonymous prot=PROT_WRITE map", "access-write", SA,
     NULL, "prot=i:PROT_WRITE"},
    {"anon.notrack", "an anonymous trackfd=False map", "access-default",
     FX_ANON | FX_SHARED | FX_NOTRACK, NULL, "trackfd=F"},
    {"file", "a file map", "access-default", FX_FILE | FX_RESIZE | FX_REP, "r+",
     ""},
    {"file.read", "an ACCESS_READ file map", "access-read",
     FX_FILE | RO | FX_REP, "r+", "access=i:ACCESS_READ"},
    {"file.write", "an ACCESS_WRITE file map", "access-write",
     FX_FILE | FX_RESIZE, "r+", "access=i:ACCESS_WRITE"},
    {"file.copy", "an ACCESS_COPY file map", "access-copy",
     FX_FILE | FX_COPY | FX_REP, "r+", "access=i:ACCESS_COPY"},
    {"file.prot-r", "a prot=PROT_READ file map", "access-read", FX_FILE | RO,
     "r+", "prot=i:PROT_READ"},
    {"file.prot-rx", "a prot=PROT_READ|PROT_EXEC file map", "access-read",
     FX_FILE | RO, "r+", "prot=i:PROT_READ|PROT_EXEC"},
    {"file.prot-w", "a prot=PROT_WRITE file map", "access-write",
     FX_FILE | FX_RESIZE, "r+", "prot=i:PROT_WRITE"},
    {"file.private", "a MAP_PRIVATE file map", "access-default",
     FX_FILE | FX_RESIZE | FX_PRIVATE, "r+", "flags=i:MAP_PRIVATE"},
    {"file.rofd", "an ACCESS_READ map of an O_RDONLY descriptor", "access-read",
     FX_FILE | RO, "r", "access=i:ACCESS_READ"},
    {"file.rofd-copy", "an ACCESS_COPY map of an O_RDONLY descriptor",
     "access-copy", FX_FILE | FX_COPY, "r", "access=i:ACCESS_COPY"},
    {"file.notrack", "a trackfd=False file map", "access-default",
     FX_FILE | FX_NOTRACK, "r+", "trackfd=F"},
    {"offset", "a file map at offset PAGESIZE", "access-default",
     FX_OFFSET | FX_RESIZE | FX_REP, "r+", "offset=i:PAGESIZE"},
    {"offset.read", "an ACCESS_READ file map at offset PAGESIZE", "access-read",
     FX_OFFSET | RO, "r+", "access=i:ACCESS_READ;offset=i:PAGESIZE"},
    /* PAGESIZE*2-byte maps, for page alignment. */
    {"anon.page", "a 2-page anonymous map", "access-default",
     SA | FX_PAGE | FX_REP, NULL, ""},
    {"anon.private.page", "a 2-page anonymous MAP_PRIVATE map",
     "access-default", FX_ANON | FX_RESIZE | FX_PRIVATE | FX_PAGE, NULL,
     "flags=i:MAP_PRIVATE"},
    {"anon.read.page", "a 2-page anonymous ACCESS_READ map", "access-read",
     FX_ANON | RO | FX_ZERO | FX_PAGE, NULL, "access=i:ACCESS_READ"},
    {"file.page", "a 2-page file map", "access-default",
     FX_FILE | FX_RESIZE | FX_PAGE | FX_REP, "r+", ""},
    {"file.read.page", "a 2-page ACCESS_READ file map", "access-read",
     FX_FILE | RO | FX_PAGE | FX_REP, "r+", "access=i:ACCESS_READ"},
    {"file.copy.page", "a 2-page ACCESS_COPY file map", "access-copy",
     FX_FILE | FX_COPY | FX_PAGE | FX_REP, "r+", "access=i:ACCESS_COPY"},
    {"file.private.page", "a 2-page MAP_PRIVATE file map", "access-default",
     FX_FILE | FX_RESIZE | FX_PRIVATE | FX_PAGE, "r+", "flags=i:MAP_PRIVATE"},
    {"offset.page", "a 2-page file map at offset PAGESIZE", "access-default",
     FX_OFFSET | FX_RESIZE | FX_PAGE | FX_REP, "r+", "offset=i:PAGESIZE"},
    {NULL, NULL, NULL, 0, NULL, NULL}};

const gen_fixture *gen_fixture_get(const char *name) {
  const gen_fixture *fx;
  for (fx = gen_fixtures; fx->name != NULL; fx++) {
    if (strcmp(fx->name, name) == 0)
      return fx;
  }
  gen_fail("no fixture named '%s'", name);
}

static void fx_tags(gcase *c, const gen_fixture *fx) {
  gc_tag(c, fx->flags & FX_ANON ? "anonymous" : "file");
  if (fx->flags & FX_OFFSET)
    gc_tag(c, "offset");
  gc_tag(c, fx->access);
  if (fx->flags & FX_PRIVATE)
    gc_tag(c, "map-private");
  if (strstr(fx->kw, "prot=") != NULL)
    gc_tag(c, "prot-derived");
  if (fx->flags & FX_NOTRACK) {
    gc_tag(c, "trackfd");
    gc_python(c, ">=3.13"); /* trackfd is a 3.13 parameter */
  }
  if (fx->fd_mode != NULL && strcmp(fx->fd_mode, "r") == 0)
    gc_tag(c, "rdonly-fd");
}

static void fx_file_map(gcase *c, const gen_fixture *fx) {
  int page = (fx->flags & FX_PAGE) != 0;
  if (fx->flags & FX_OFFSET) {
    /* The mapped part starts one page into the file; it holds the same
     * bytes as the other fixtures, written there by the runner. */
    gc_file_fill(c, "f", page ? "pattern" : "zeros",
                 page ? "PAGESIZE*3" : "PAGESIZE");
    if (!page)
      gc_op(c, op_file_write(c, "f", "PAGESIZE", "t:" GEN_CONTENT));
  } else if (page) {
    gc_file_fill(c, "f", "pattern", "PAGESIZE*2");
  } else {
    gc_file_text(c, "f", GEN_CONTENT);
  }
  gc_op(c, op_open_fd("fd", "f", fx->fd_mode));
  gc_op(c, op_new(c, "m", "fd:fd;i:0", fx->kw));
}

void fx_setup(gcase *c, const gen_fixture *fx) {
  int page = (fx->flags & FX_PAGE) != 0;
  snprintf(c->len, sizeof c->len, "%s", page ? "PAGESIZE*2" : "64");
  fx_tags(c, fx);
  if (!(fx->flags & FX_ANON)) {
    fx_file_map(c, fx);
    return;
  }
  gc_op(c, op_new(c, "m", "i:-1;i:$L", fx->kw));
  /* Writable anonymous maps get the same bytes as the file fixtures. */
  if (!(fx->flags & FX_ZERO))
    gc_op(c,
          op_setitem(c, "m", "sl:i:0,i:$L,", page ? "p:$L" : "t:" GEN_CONTENT));
}

int st_applies(const gen_fixture *fx, gen_state s) {
  switch (s) {
  case ST_SHRUNK:
    return (fx->flags & FX_RESIZE) != 0;
  case ST_GROWN:
    return (fx->flags & FX_RESIZE) && !(fx->flags & FX_SHARED);
  default:
    return 1;
  }
}

const char *st_name(gen_state s) {
  static const char *const names[] = {"",       "mid",   "end",
                                      "shrunk", "grown", "closed"};
  return names[s];
}

const char *st_desc(gen_state s) {
  static const char *const descs[] = {"",
                                      " at position 10",
                                      " at its end",
                                      " shrunk by resize() below its position",
                                      " grown by resize()",
                                      " after close()"};
  return descs[s];
}

void st_apply(gcase *c, const gen_fixture *fx, gen_state s) {
  int page = (fx->flags & FX_PAGE) != 0;
  switch (s) {
  case ST_FRESH:
    break;
  case ST_MID:
    gc_op(c, op_call(c, "m", "seek", "i:10", NULL));
    break;
  case ST_END:
    gc_op(c, op_call(c, "m", "seek", "i:0;i:2", NULL));
    gc_tag(c, "at-end");
    break;
  case ST_SHRUNK:
    snprintf(c->len, sizeof c->len, "%s", page ? "PAGESIZE" : "32");
    gc_op(c, op_call(c, "m", "seek", "i:0;i:2", NULL));
    gc_op(c, op_call(c, "m", "resize", "i:$L", NULL));
    gc_tag(c, "resized");
    gc_tag(c, "pos-past-end");
    break;
  case ST_GROWN:
    snprintf(c->len, sizeof c->len, "%s", page ? "PAGESIZE*4" : "128");
    gc_op(c, op_call(c, "m", "resize", "i:$L", NULL));
    gc_tag(c, "resized");
    break;
  case ST_CLOSED:
    gc_op(c, op_call(c, "m", "close", "", NULL));
    gc_tag(c, "closed");
    break;
  }
}
