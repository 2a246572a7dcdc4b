/* gen_fixture.h - the maps the generated cases start from (fixtures) and
 * the states they are put in before the operation under test.
 *
 * A fixture binds "m" (and, for file maps, the file "f" and the
 * descriptor "fd"). Small fixtures are 64 bytes long and hold GEN_CONTENT
 * (anonymous maps that can be written are filled with it, read-only
 * anonymous maps stay zero); page fixtures are PAGESIZE*2 bytes of the
 * a..z pattern, for the operations where page alignment matters.
 */
#ifndef MML_GEN_FIXTURE_H
#define MML_GEN_FIXTURE_H

#include "gen_case.h"

/* 64 bytes: lines of different lengths, an empty line, repeated words and
 * no final newline. Newlines at 6, 18, 19, 26, 34, 45. */
#define GEN_CONTENT                                                            \
  "abcabc\nfoo bar foo\n\nline 4\nxyz abc\n0123456789\nno newline here!!!"

enum {
  FX_ANON = 1 << 0,     /* fileno -1 */
  FX_FILE = 1 << 1,     /* a case file, offset 0 */
  FX_OFFSET = 1 << 2,   /* a case file mapped at offset PAGESIZE */
  FX_READONLY = 1 << 3, /* stored access READ: every mutator refuses */
  FX_COPY = 1 << 4,     /* ACCESS_COPY: writable, private */
  FX_RESIZE = 1 << 5,   /* resize() is allowed (DEFAULT or WRITE) */
  FX_SHARED = 1 << 6,   /* anonymous and shared: growing is a crash */
  FX_NOTRACK = 1 << 7,  /* trackfd=False (3.13+) */
  FX_PAGE = 1 << 8,     /* PAGESIZE*2 bytes instead of 64 */
  FX_ZERO = 1 << 9,     /* content is all zero (read-only anonymous) */
  FX_PRIVATE = 1 << 10, /* MAP_PRIVATE with ACCESS_DEFAULT */
  FX_REP = 1 << 11      /* one of the representative fixtures */
};

typedef struct gen_fixture {
  const char *name;    /* id part: "anon", "file.copy", ... */
  const char *desc;    /* title part: "an anonymous map", ... */
  const char *access;  /* tag: "access-default", "access-read", ... */
  unsigned flags;      /* FX_* */
  const char *fd_mode; /* open_fd mode for file maps */
  const char *kw;      /* constructor keywords (value specs) */
} gen_fixture;

/* The fixtures, terminated by a NULL name. */
extern const gen_fixture gen_fixtures[];

/* Looks a fixture up by name (fatal if absent). */
const gen_fixture *gen_fixture_get(const char *name);

/* Adds the fixture's files, operations and tags to C and sets C->len. */
void fx_setup(gcase *c, const gen_fixture *fx);

/* States applied after fx_setup. */
typedef enum gen_state {
  ST_FRESH,  /* position 0 */
  ST_MID,    /* seek(10) */
  ST_END,    /* seek(0, 2): position == len */
  ST_SHRUNK, /* seek to the end, resize(len/2): position > len (FX_RESIZE) */
  ST_GROWN,  /* resize(len*2) (FX_RESIZE, not FX_SHARED) */
  ST_CLOSED  /* close() */
} gen_state;

/* Whether state S can be reached from fixture FX. */
int st_applies(const gen_fixture *fx, gen_state s);

/* Id part ("" for ST_FRESH) and title part (" at position 10", ...). */
const char *st_name(gen_state s);
const char *st_desc(gen_state s);

/* Adds the state's operations and tags, updating C->len. */
void st_apply(gcase *c, const gen_fixture *fx, gen_state s);

#endif /* MML_GEN_FIXTURE_H */
