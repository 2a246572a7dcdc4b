/* gen_write.c - writes the built areas as corpus files, deterministically:
 * one case per line (compact JSON, keys in the order the builder set them,
 * ASCII only), so that a diff of the committed corpus shows whole cases. */
#include "gen_case.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Writes DIR/AREA.json through DIR/.AREA.json.tmp and rename(2), so that a
 * reader never sees a half-written file. */
static int write_one(const char *dir, const char *area, const json_t *cases) {
  char path[4096], tmp[4096];
  FILE *f;
  int bad;
  if (snprintf(path, sizeof path, "%s/%s.json", dir, area) >=
          (int)sizeof path ||
      snprintf(tmp, sizeof tmp, "%s/.%s.json.tmp", dir, area) >=
          (int)sizeof tmp) {
    fprintf(stderr, "mmaplab-gen-cases: output path too long: %s\n", dir);
    return -1;
  }
  f = fopen(tmp, "w");
  if (f == NULL) {
    fprintf(stderr, "mmaplab-gen-cases: cannot write %s: %s\n", tmp,
            strerror(errno));
    return -1;
  }
  bad = write_area(f, cases) != 0;
  bad |= fclose(f) != 0;
  if (bad || rename(tmp, path) != 0) {
    fprintf(stderr, "mmaplab-gen-cases: cannot write %s: %s\n", path,
            strerror(errno));
    remove(tmp);
    return -1;
  }
  return 0;
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
