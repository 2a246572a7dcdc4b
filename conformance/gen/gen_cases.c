/* gen_cases.c - mmaplab-gen-cases OUTDIR: writes the generated part of the
 * conformance corpus, OUTDIR/<area>.json (INTERPRETING.md section 3).
 *
 * The output is a pure function of this program's source: no clock, no
 * randomness, no environment, keys in a fixed order. The committed copy in
 * conformance/cases/generated/ is checked against a fresh run by the ctest
 * test conformance.corpus_generated_fresh.
 */
#include "gen_areas.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ut_version.h"

static int usage(void) {
  fputs("usage: mmaplab-gen-cases OUTDIR\n", stderr);
  return 2;
}

static const char help_text[] =
    "usage: mmaplab-gen-cases OUTDIR\n"
    "\n"
    "Writes the generated part of the conformance corpus, one file\n"
    "OUTDIR/AREA.json per area, a pure function of this program's source;\n"
    "OUTDIR must exist. The copy in conformance/cases/generated/ is kept\n"
    "equal to it.\n"
    "\n"
    "  --help     this text\n"
    "  --version  print \"mmaplab-gen-cases VERSION\" and exit\n"
    "\n"
    "Exit status: 0 written, 2 misuse or error.\n";

int main(int argc, char **argv) {
  gen_ctx ctx;
  struct stat st;
  int rc, e;
  if (argc == 2 && strcmp(argv[1], "--help") == 0) {
    fputs(help_text, stdout);
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "--version") == 0)
    return ut_print_version("mmaplab-gen-cases");
  if (argc != 2 || argv[1][0] == '\0' || argv[1][0] == '-')
    return usage();
  e = stat(argv[1], &st) != 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
  if (e != 0) {
    fprintf(stderr, "mmaplab-gen-cases: %s: %s\n", argv[1], strerror(e));
    return 2;
  }
  gen_ctx_init(&ctx);
  gen_areas_new(&ctx);
  gen_areas_access(&ctx);
  gen_areas_read(&ctx);
  gen_areas_write(&ctx);
  gen_areas_pos(&ctx);
  gen_areas_search(&ctx);
  gen_areas_items(&ctx);
  gen_areas_mem(&ctx);
  gen_areas_resize(&ctx);
  gen_areas_life(&ctx);
  gen_areas_misc(&ctx);
  rc = gen_write_all(&ctx, argv[1]) == 0 ? 0 : 2;
  gen_ctx_free(&ctx);
  return rc;
}
