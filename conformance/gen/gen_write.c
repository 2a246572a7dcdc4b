/* gen_write.c - writes the built areas as corpus files, deterministically:
 * one case per line (compact JSON, keys in the order the builder set them,
 * ASCII only), so that a diff of the committed corpus shows whole cases. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "gen_case.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut_output.h"
#include "ut_str.h"

static int write_area(FILE *f, const json_t *cases) {
  size_t i;
  json_t *c;
  if (fputs("{\"format\": 1, \"cases\": [\n", f) == EOF)
    return -1;
  json_array_foreach(cases, i, c) {
    char *text = json_dumps(c, JSON_COMPACT | JSON_ENSURE_ASCII);
    int bad = text == NULL || fputs(text, f) == EOF ||
              fputs(i + 1 < json_array_size(cases) ? ",\n" : "\n", f) == EOF;
    free(text);
    if (bad)
      return -1;
  }
  return fputs("]}\n", f) == EOF ? -1 : 0;
}

/* Writes DIR/AREA.json by the rules of util/ut_output.h (a reader never
 * sees a half-written file; a symbolic link stays a link). */
static int write_one(const char *dir, const char *area, const json_t *cases) {
  char err[PATH_MAX + 128], *text = NULL;
  char *path = ut_xasprintf("%s/%s.json", dir, area);
  size_t len = 0;
  FILE *t = open_memstream(&text, &len);
  int bad = t == NULL;
  if (t != NULL) {
    bad |= write_area(t, cases) != 0;
    bad |= fclose(t) != 0;
  }
  if (bad) {
    fprintf(stderr, "mmaplab-gen-cases: %s.json: %s\n", area, strerror(ENOMEM));
  } else if (ut_write_file(path, text, len, err, sizeof err) != 0) {
    fprintf(stderr, "mmaplab-gen-cases: %s\n", err);
    bad = 1;
  }
  free(path);
  free(text);
  return bad ? -1 : 0;
}

int gen_write_all(const gen_ctx *ctx, const char *dir) {
  const char *area;
  json_t *cases;
  json_object_foreach(ctx->areas, area, cases) {
    if (write_one(dir, area, cases) != 0)
      return -1;
  }
  return 0;
}
