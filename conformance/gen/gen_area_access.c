/* gen_area_access.c - area access (descriptor open modes x access modes,
 * the access/flags/prot validation, flags and prot values and the access
 * they derive) and the descriptor kinds of area new. */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_new.h"
#include "gen_value.h"

#include <stdio.h>
#include <string.h>

/* Each way to ask for an access mode, as constructor keywords. */
static const char *const access_kws[] = {"",
                                         "access=i:ACCESS_READ",
                                         "access=i:ACCESS_WRITE",
                                         "access=i:ACCESS_COPY",
                                         "access=i:ACCESS_DEFAULT",
                                         "prot=i:PROT_READ",
                                         "prot=i:PROT_WRITE",
                                         "prot=i:PROT_READ|PROT_WRITE",
                                         "prot=i:PROT_READ|PROT_EXEC",
                                         "flags=i:MAP_PRIVATE",
                                         "flags=i:MAP_PRIVATE;prot=i:PROT_READ",
                                         "flags=i:MAP_SHARED;prot=i:PROT_READ",
                                         NULL};

/* Open modes x access modes on a 2-page file; reading and writing m[0]
 * shows the access really granted (and the file shows what reached it). */
static void modes(gen_ctx *ctx) {
  static const char *const fd_modes[] = {"r", "w", "r+", "a+", NULL};
  const char *const *mode, *const *kw;
  char id[200], label[120];
  for (mode = fd_modes; *mode; mode++) {
    for (kw = access_kws; *kw; kw++) {
      gv_label(label, sizeof label, "", *kw);
      snprintf(id, sizeof id, "access/fd-%s/%s",
               strcmp(*mode, "r+") == 0   ? "rw"
               : strcmp(*mode, "a+") == 0 ? "append"
                                          : *mode,
               (*kw)[0] ? label + 3 : "default");
      gen_new_case(ctx, id, NF_PAGES, *mode, "fd:fd;i:0", *kw,
                   NO_LEN | NO_TOUCH | NO_WRITE, 0);
    }
  }
}

/* access x (flags, prot): "can't specify both" is a value comparison and
 * comes before the access range check. */
static void validation(gen_ctx *ctx) {
  static const char *const accesses[] = {"i:0", "i:1",  "i:2",     "i:3",
                                         "i:4", "i:-1", "i:2**31", "i:2**63",
                                         "s:1", NULL};
  static const char *const others[] = {
      "",
      "flags=i:MAP_PRIVATE",
      "prot=i:PROT_READ",
      "flags=i:MAP_SHARED",
      "prot=i:PROT_READ|PROT_WRITE",
      "flags=i:MAP_SHARED;prot=i:PROT_READ|PROT_WRITE",
      NULL};
  const char *const *a, *const *o;
  char id[200], kw[160], label[120];
  for (a = accesses; *a; a++) {
    for (o = others; *o; o++) {
      snprintf(kw, sizeof kw, "access=%s%s%s", *a, (*o)[0] ? ";" : "", *o);
      gv_label(label, sizeof label, "", kw);
      snprintf(id, sizeof id, "access/validate/%s", label + 3);
      gen_new_case(ctx, id, NF_NONE, NULL, "i:-1;i:10", kw, NO_LEN, 0);
    }
  }
}

/* flags and prot values on anonymous maps and prot on file maps. A map
 * with neither PROT_READ nor PROT_WRITE is never touched: reading it is a
 * segmentation fault (see the hand-written crash cases). */
static void flags_prot(gen_ctx *ctx) {
  static const char *const flags[] = {"i:0",
                                      "i:MAP_SHARED",
                                      "i:MAP_PRIVATE",
                                      "i:MAP_ANONYMOUS",
                                      "i:MAP_PRIVATE|MAP_ANONYMOUS",
                                      "i:MAP_SHARED|MAP_POPULATE",
                                      "i:MAP_PRIVATE|MAP_NORESERVE",
                                      "i:MAP_PRIVATE|MAP_STACK",
                                      "i:MAP_SHARED|MAP_DENYWRITE",
                                      "i:MAP_SHARED|MAP_EXECUTABLE",
                                      "i:2**31",
                                      "i:-2**31-1",
                                      NULL};
  static const struct {
    const char *v;
    unsigned obs;
  } prots[] = {{"i:0", 0},
               {"i:PROT_READ", NO_TOUCH | NO_WRITE},
               {"i:PROT_WRITE", NO_TOUCH | NO_WRITE},
               {"i:PROT_EXEC", 0},
               {"i:PROT_READ|PROT_WRITE", NO_TOUCH | NO_WRITE},
               {"i:PROT_READ|PROT_EXEC", NO_TOUCH | NO_WRITE},
               {"i:PROT_READ|PROT_WRITE|PROT_EXEC", NO_TOUCH | NO_WRITE},
               {"i:PROT_READ|128", NO_TOUCH | NO_WRITE},
               {"i:2**31", 0},
               {NULL, 0}};
  const char *const *f;
  char id[200], kw[160], label[120];
  size_t i;
  for (f = flags; *f; f++) {
    snprintf(kw, sizeof kw, "flags=%s", *f);
    gv_label(label, sizeof label, *f, NULL);
    snprintf(id, sizeof id, "access/flags/anon.%s", label);
    gen_new_case(ctx, id, NF_NONE, NULL, "i:-1;i:10", kw,
                 NO_LEN | NO_TOUCH | NO_WRITE, 0);
  }
  for (i = 0; prots[i].v != NULL; i++) {
    gv_label(label, sizeof label, prots[i].v, NULL);
    snprintf(kw, sizeof kw, "prot=%s", prots[i].v);
    snprintf(id, sizeof id, "access/prot/anon.%s", label);
    gen_new_case(ctx, id, NF_NONE, NULL, "i:-1;i:10", kw, prots[i].obs, 0);
    snprintf(id, sizeof id, "access/prot/file.%s", label);
    gen_new_case(ctx, id, NF_PAGES, "r+", "fd:fd;i:0", kw,
                 prots[i].obs | NO_LEN, 0);
    snprintf(kw, sizeof kw, "prot=%s;flags=i:MAP_PRIVATE", prots[i].v);
    snprintf(id, sizeof id, "access/prot/file-private.%s", label);
    gen_new_case(ctx, id, NF_PAGES, "r+", "fd:fd;i:0", kw,
                 prots[i].obs | NO_LEN, 0);
  }
}

/* Descriptors that are not regular files: no size checks, the kernel
 * decides. OPEN is the special kind, LENGTH the mapping length. */
static void fd_kind(gen_ctx *ctx, const char *special, const char *length,
                    const char *kw) {
  gcase c;
  char label[80], shown[120];
  gv_label(label, sizeof label, length, kw);
  gc_begin(&c, "new/fd-kind/%s.%s", special, label);
  gv_render(shown, sizeof shown, length, kw);
  gc_title(&c, "mmap(fd, %s) of a %s descriptor", shown, special);
  snprintf(c.len, sizeof c.len, "10");
  if (strcmp(special, "dir") == 0)
    gc_file_dir(&c, "d");
  gc_op(&c, op_open_special("fd", special,
                            strcmp(special, "dir") == 0 ? "d" : NULL));
  {
    char args[64];
    snprintf(args, sizeof args, "fd:fd;%s", length);
    gc_op(&c, op_new(&c, "m", args, kw));
  }
  gc_op(&c, op_named("repr", "on", "m"));
  gc_op(&c, op_call(&c, "m", "size", "", NULL));
  gc_op(&c, op_named("len", "on", "m"));
  gc_tag(&c, "fd-kind");
  gc_done(ctx, &c);
}

static void fd_kinds(gen_ctx *ctx) {
  static const char *const kinds[] = {
      "devzero", "pipe_r", "pipe_w", "socket", "unix_socket", "dir", NULL};
  const char *const *k;
  for (k = kinds; *k; k++) {
    fd_kind(ctx, *k, "i:10", NULL);
    fd_kind(ctx, *k, "i:0", NULL);
  }
  /* Read-only descriptors with the access they allow: the kernel's
   * ENODEV instead of the EACCES of a writable request. */
  fd_kind(ctx, "pipe_r", "i:10", "access=i:ACCESS_READ");
  fd_kind(ctx, "dir", "i:10", "access=i:ACCESS_READ");
  fd_kind(ctx, "dir", "i:10", "access=i:ACCESS_COPY");
  fd_kind(ctx, "devzero", "i:10", "access=i:ACCESS_READ");
  fd_kind(ctx, "devzero", "i:10", "flags=i:MAP_PRIVATE");
  fd_kind(ctx, "devzero", "i:PAGESIZE*2", "offset=i:PAGESIZE");
}

void gen_areas_access(gen_ctx *ctx) {
  modes(ctx);
  validation(ctx);
  flags_prot(ctx);
  fd_kinds(ctx);
}
