/* mmaplab-find FILE NEEDLE: the core's find over a whole file, for hyperfine.
 *
 * Maps FILE read-only through mml_open (as mmap.mmap(fd, 0,
 * access=ACCESS_READ) would), searches it with mml_find and prints the
 * offset of the first match or -1. Exit status: 0 found, 1 not found,
 * 2 misuse or error (one line on stderr). An empty file has no match.
 * `mmaplab-find --help` and `mmaplab-find --version` alone are options;
 * with two arguments every word is FILE and NEEDLE, "--version" too. */
#define _POSIX_C_SOURCE 200809L /* open(O_CLOEXEC), fstat under -std=c11 */

#include "mmaplab.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ut_version.h"

static int fail(const char *what, const char *detail) {
  fprintf(stderr, "mmaplab-find: %s: %s\n", what, detail);
  return 2;
}

/* Opens PATH and maps it; 0 and *out set, 1 for an empty file, 2 after
 * reporting an error. */
static int map_file(const char *path, mml_map **out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail(path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return fail(path, "not a readable regular file");
  }
  if (st.st_size == 0) { /* mmap of 0 bytes is EINVAL; CPython says so too */
    close(fd);
    return 1;
  }
  mml_open_args args;
  mml_open_args_init(&args);
  args.fileno = fd;
  args.access = MML_ACCESS_READ;
  int rc = mml_open(out, &args);
  close(fd); /* the map keeps its own duplicate */
  return rc == 0 ? 0 : fail(path, mml_strerror(rc));
}

static const char help_text[] =
    "usage: mmaplab-find FILE NEEDLE\n"
    "\n"
    "Maps FILE read-only with mmaplab's core, as mmap.mmap(fd, 0,\n"
    "access=ACCESS_READ) would, finds the first NEEDLE (not empty) in it and\n"
    "prints its offset, or -1: the core's side of the whole-command search\n"
    "that bench/hyperfine/run-hyperfine times against CPython and grep -F.\n"
    "\n"
    "  --help     this text\n"
    "  --version  print \"mmaplab-find VERSION\" and exit\n"
    "\n"
    "Exit status: 0 found, 1 not found, 2 misuse or error.\n";

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "--help") == 0) {
    fputs(help_text, stdout);
    return 0;
  }
  if (argc == 2 && strcmp(argv[1], "--version") == 0)
    return ut_print_version("mmaplab-find");
  if (argc != 3 || argv[2][0] == '\0') {
    fprintf(stderr, "usage: mmaplab-find FILE NEEDLE (NEEDLE not empty)\n");
    return 2;
  }
  mml_map *m = NULL;
  int rc = map_file(argv[1], &m);
  if (rc == 2)
    return 2;
  int64_t index = -1;
  if (rc == 0) {
    const int64_t start = 0;
    rc = mml_find(m, argv[2], (int64_t)strlen(argv[2]), &start, NULL, &index);
    mml_destroy(m);
    if (rc != 0)
      return fail("find", mml_strerror(rc));
  }
  printf("%" PRId64 "\n", index);
  if (fflush(stdout) != 0)
    return fail("stdout", strerror(errno));
  return index >= 0 ? 0 : 1;
}
