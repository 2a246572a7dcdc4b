/* gen_new.h - constructor cases (areas new and access): a file of a
 * chosen size, an open_fd, mmap(...), then observations. */
#ifndef MML_GEN_NEW_H
#define MML_GEN_NEW_H

#include "gen_case.h"

/* The file a constructor case maps, if any. */
typedef enum nfile {
  NF_NONE,  /* anonymous */
  NF_PAGES, /* PAGESIZE*2 bytes of pattern */
  NF_SHORT, /* "0123456789" */
  NF_EMPTY  /* 0 bytes */
} nfile;

/* Observations after the constructor (repr(m) always comes first). */
enum {
  NO_LEN = 1 << 0,   /* len(m) */
  NO_SIZE = 1 << 1,  /* m.size() */
  NO_TOUCH = 1 << 2, /* m[0] (only where reading is safe) */
  NO_WRITE = 1 << 3  /* m[0] = 65 */
};

/* A gen_row flag for gen_new_case only: the case is for CPython < 3.13
 * (trackfd is then an unknown keyword). */
#define NEW_PRE313 (1u << 16)

/* Emits case ID: [open_fd fd on the file with MODE,] new m = mmap(ARGS,
 * **KW), repr(m), then the observations OBS. FLAGS are gen_row flags
 * (GR_PY, GR_ARITY) or NEW_PRE313. A trackfd keyword restricts the case to
 * 3.13+ unless NEW_PRE313. */
void gen_new_case(gen_ctx *ctx, const char *id, nfile file, const char *mode,
                  const char *args, const char *kw, unsigned obs,
                  unsigned flags);

#endif /* MML_GEN_NEW_H */
