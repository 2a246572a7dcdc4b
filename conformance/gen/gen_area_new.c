/* gen_area_new.c - areas new and access: the constructor's length x offset
 * against files of several sizes, each parameter with wrong types and
 * extreme integers, flags and prot values, trackfd truthiness, descriptor
 * open modes x access modes, and the access/flags/prot validation. */
#include "gen_areas.h"

#include "gen_matrix.h"
#include "gen_new.h"
#include "gen_value.h"

#include <stdio.h>
#include <string.h>

static void anon_length_offset(gen_ctx *ctx) {
  static const struct {
    const char *v;
    unsigned flags;
  } lengths[] = {{"i:0", 0},          {"i:1", 0},
                 {"i:-1", 0},         {"i:PAGESIZE", 0},
                 {"i:PAGESIZE+1", 0}, {"i:MAXSIZE", 0},
                 {"i:-MAXSIZE-1", 0}, {"i:2**63", 0},
                 {"i:2**64", 0},      {"i:-2**63-1", 0},
                 {"T", GR_PY},        {"F", GR_PY},
                 {"s:10", 0},         {"f:10.0", 0},
                 {"n", GR_PY},        {NULL, 0}};
  static const char *const offsets[] = {"i:0",
                                        "i:1",
                                        "i:-1",
                                        "i:PAGESIZE",
                                        "i:PAGESIZE-1",
                                        "i:ALLOCATIONGRANULARITY",
                                        "i:PAGESIZE*1024",
                                        "i:MAXSIZE",
                                        "i:-MAXSIZE-1",
                                        "i:2**63",
                                        "i:-2**63-1",
                                        "s:0",
                                        NULL};
  char id[200], args[64], kw[64], label[120];
  size_t i;
  for (i = 0; lengths[i].v != NULL; i++) {
    snprintf(args, sizeof args, "i:-1;%s", lengths[i].v);
    gv_label(label, sizeof label, lengths[i].v, NULL);
    snprintf(id, sizeof id, "new/anon/length.%s", label);
    gen_new_case(ctx, id, NF_NONE, NULL, args, NULL, NO_LEN, lengths[i].flags);
  }
  for (i = 0; offsets[i] != NULL; i++) {
    snprintf(kw, sizeof kw, "offset=%s", offsets[i]);
    gv_label(label, sizeof label, offsets[i], NULL);
    snprintf(id, sizeof id, "new/anon/offset.%s", label);
    gen_new_case(ctx, id, NF_NONE, NULL, "i:-1;i:10", kw, NO_LEN, 0);
  }
  /* Both negative: the length error wins. */
  gen_new_case(ctx, "new/anon/length.-1_offset.-1", NF_NONE, NULL, "i:-1;i:-1",
               "offset=i:-1", NO_LEN, 0);
}

/* length x offset on a 2-page, a 10-byte and an empty file. */
static void file_length_offset(gen_ctx *ctx) {
  static const char *const pl[] = {"i:0",
                                   "i:1",
                                   "i:PAGESIZE",
                                   "i:PAGESIZE*2-1",
                                   "i:PAGESIZE*2",
                                   "i:PAGESIZE*2+1",
                                   "i:MAXSIZE",
                                   "i:-1",
                                   NULL};
  static const char *const po[] = {"i:0",          "i:PAGESIZE", "i:PAGESIZE*2",
                                   "i:PAGESIZE*3", "i:1",        "i:-1",
                                   "i:MAXSIZE",    "i:2**63",    NULL};
  static const char *const sl[] = {"i:0", "i:5", "i:10", "i:11", NULL};
  static const char *const so[] = {"i:0", "i:1", "i:10", "i:PAGESIZE", NULL};
  static const char *const el[] = {"i:0", "i:1", NULL};
  static const char *const eo[] = {"i:0", "i:PAGESIZE", NULL};
  static const struct {
    nfile file;
    const char *name;
    const char *const *lens, *const *offs;
  } sets[] = {{NF_PAGES, "pages", pl, po},
              {NF_SHORT, "short", sl, so},
              {NF_EMPTY, "empty", el, eo}};
  char id[200], args[96], kw[96], l1[60], l2[60];
  size_t s;
  for (s = 0; s < sizeof sets / sizeof sets[0]; s++) {
    const char *const *l, *const *o;
    for (l = sets[s].lens; *l; l++) {
      for (o = sets[s].offs; *o; o++) {
        snprintf(args, sizeof args, "fd:fd;%s", *l);
        snprintf(kw, sizeof kw, "offset=%s", *o);
        gv_label(l1, sizeof l1, *l, NULL);
        gv_label(l2, sizeof l2, *o, NULL);
        snprintf(id, sizeof id, "new/%s/length.%s_offset.%s", sets[s].name, l1,
                 l2);
        gen_new_case(ctx, id, sets[s].file, "r+", args, kw, NO_LEN | NO_SIZE,
                     0);
      }
    }
  }
}

/* Each parameter with values of the wrong type or out of its C range. */
static void param_types(gen_ctx *ctx) {
  static const struct {
    const char *v;
    unsigned flags;
  } vals[] = {{"s:1", 0},     {"f:1.0", 0},    {"n", GR_PY},
              {"T", GR_PY},   {"b:01", GR_PY}, {"i:2**31-1", 0},
              {"i:2**31", 0}, {"i:-2**31", 0}, {"i:-2**31-1", 0},
              {"i:2**63", 0}, {"i:2**64", 0},  {"i:-2**63-1", 0},
              {NULL, 0}};
  static const char *const params[] = {"fileno", "flags",  "prot",
                                       "access", "offset", NULL};
  char id[200], args[96], kw[96], label[60];
  size_t i;
  const char *const *p;
  for (p = params; *p; p++) {
    for (i = 0; vals[i].v != NULL; i++) {
      /* fileno True would be stdout, 2**31-1 / -2**31 some unknown fd: the
       * machine's state, not the case's. */
      if (strcmp(*p, "fileno") == 0 &&
          (vals[i].v[0] == 'T' || strcmp(vals[i].v, "i:2**31-1") == 0 ||
           strcmp(vals[i].v, "i:-2**31") == 0))
        continue;
      gv_label(label, sizeof label, vals[i].v, NULL);
      snprintf(id, sizeof id, "new/types/%s.%s", *p, label);
      if (strcmp(*p, "fileno") == 0) {
        snprintf(args, sizeof args, "%s;i:10", vals[i].v);
        gen_new_case(ctx, id, NF_NONE, NULL, args, NULL, NO_LEN, vals[i].flags);
      } else {
        snprintf(kw, sizeof kw, "%s=%s", *p, vals[i].v);
        gen_new_case(ctx, id, NF_NONE, NULL, "i:-1;i:10", kw, NO_LEN,
                     vals[i].flags);
      }
    }
  }
}

/* Arity and keywords. Unknown keywords, arity and duplicates are
 * Python-level argument handling the runner cannot detect. */
static void arity(gen_ctx *ctx) {
  static const struct {
    const char *name, *args, *kw;
    unsigned flags;
  } rows[] = {
      {"noargs", "", NULL, GR_ARITY},
      {"fileno-only", "i:-1", NULL, GR_ARITY},
      {"length-kw-only", "", "length=i:10", GR_ARITY},
      {"all-keywords", "",
       "fileno=i:-1;length=i:10;flags=i:MAP_SHARED;prot=i:PROT_READ|PROT_"
       "WRITE;access=i:ACCESS_DEFAULT;offset=i:0",
       0},
      {"fileno-length-keywords", "", "fileno=i:-1;length=i:10", 0},
      {"six-positional", "i:-1;i:10;i:MAP_PRIVATE;i:PROT_READ;i:0;i:0", NULL,
       0},
      {"seven-positional", "i:-1;i:10;i:MAP_SHARED;i:PROT_READ;i:0;i:0;T", NULL,
       GR_ARITY},
      {"duplicate-length", "i:-1;i:10", "length=i:10", GR_ARITY},
      {"unknown-keyword", "i:-1;i:10", "foo=i:1", GR_ARITY},
      {"tagname-none", "i:-1;i:10", "tagname=n", GR_ARITY},
      {"tagname-str", "i:-1;i:10", "tagname=s:x", GR_ARITY},
      {NULL, NULL, NULL, 0}};
  char id[120];
  size_t i;
  for (i = 0; rows[i].name != NULL; i++) {
    snprintf(id, sizeof id, "new/args/%s", rows[i].name);
    gen_new_case(ctx, id, NF_NONE, NULL, rows[i].args, rows[i].kw, NO_LEN,
                 rows[i].flags);
  }
}

/* trackfd: only its truth value counts (3.13+). */
static void trackfd(gen_ctx *ctx) {
  static const struct {
    const char *v;
    unsigned flags;
  } vals[] = {{"T", 0},   {"F", 0},      {"i:0", 0},   {"i:1", 0},
              {"i:2", 0}, {"n", GR_PY},  {"s:", 0},    {"s:x", 0},
              {"li:", 0}, {"li:i:1", 0}, {"f:0.0", 0}, {NULL, 0}};
  char id[120], kw[64], label[60];
  size_t i;
  for (i = 0; vals[i].v != NULL; i++) {
    snprintf(kw, sizeof kw, "trackfd=%s", vals[i].v);
    gv_label(label, sizeof label, vals[i].v, NULL);
    snprintf(id, sizeof id, "new/trackfd/file.%s", label);
    gen_new_case(ctx, id, NF_PAGES, "r+", "fd:fd;i:0", kw, NO_LEN | NO_SIZE,
                 vals[i].flags);
    snprintf(id, sizeof id, "new/trackfd/anon.%s", label);
    gen_new_case(ctx, id, NF_NONE, NULL, "i:-1;i:10", kw, NO_LEN | NO_SIZE,
                 vals[i].flags);
  }
  /* Positional trackfd is an arity error; before 3.13 the keyword is
   * unknown. */
  gen_new_case(ctx, "new/trackfd/positional", NF_NONE, NULL,
               "i:-1;i:10;i:MAP_SHARED;i:PROT_READ|PROT_WRITE;i:0;i:0;F", NULL,
               NO_LEN, GR_ARITY);
  gen_new_case(ctx, "new/trackfd/before-3.13", NF_NONE, NULL, "i:-1;i:10",
               "trackfd=T", NO_LEN, NEW_PRE313);
}

void gen_areas_new(gen_ctx *ctx) {
  anon_length_offset(ctx);
  file_length_offset(ctx);
  param_types(ctx);
  arity(ctx);
  trackfd(ctx);
}
