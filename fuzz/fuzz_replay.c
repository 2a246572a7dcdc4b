/* fuzz_replay.c - runs a fuzz target over its committed corpus without
 * libFuzzer, so that every build replays every seed and reproducer as a
 * regular test (ctest fuzz.replay.TARGET).
 *
 *   mmaplab-fuzz-replay-TARGET PATH...
 *
 * Each PATH is an input file or a directory of them (not recursive, in
 * name order). Every input goes through LLVMFuzzerTestOneInput once, as
 * libFuzzer would run it; a finding aborts there, with the target's
 * message and the input's name printed first. Exit status 0 when every
 * input ran, 2 when a path cannot be read or no input was found.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_input.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Weak: a target need not define it (fuzz_input.h). */
#pragma weak LLVMFuzzerInitialize

/* All of PATH in a new buffer (*N bytes); NULL with errno set. */
static uint8_t *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  uint8_t *buf = NULL, *p;
  size_t cap = 0, got;
  *n = 0;
  if (f == NULL)
    return NULL;
  do {
    if (cap - *n < 4096) {
      if ((p = realloc(buf, cap = cap * 2 + 4096)) == NULL) {
        free(buf);
        fclose(f);
        errno = ENOMEM;
        return NULL;
      }
      buf = p;
    }
    got = fread(buf + *n, 1, cap - *n, f);
    *n += got;
  } while (got > 0);
  if (ferror(f)) {
    free(buf);
    fclose(f);
    errno = EIO;
    return NULL;
  }
  fclose(f);
  return buf;
}

static int run_file(const char *path) {
  size_t n;
  uint8_t *data = slurp(path, &n);
  if (data == NULL) {
    fprintf(stderr, "fuzz replay: %s: %s\n", path, strerror(errno));
    return -1;
  }
  /* Named first: a finding aborts inside the target. */
  fprintf(stderr, "fuzz replay: %s (%zu bytes)\n", path, n);
  LLVMFuzzerTestOneInput(data, n);
  free(data);
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of DIR in name order; the count, or -1. */
static long run_dir(const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *e;
  char **names = NULL;
  size_t n = 0;
  long done = 0;
  if (d == NULL) {
    fprintf(stderr, "fuzz replay: %s: %s\n", dir, strerror(errno));
    return -1;
  }
  while ((e = readdir(d)) != NULL) {
    char **grown;
    if (e->d_name[0] == '.')
      continue;
    if ((grown = realloc(names, (n + 1) * sizeof *names)) == NULL)
      abort();
    names = grown;
    if ((names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL)
      abort();
    sprintf(names[n++], "%s/%s", dir, e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (done >= 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
      done = run_file(names[i]) == 0 ? done + 1 : -1;
    free(names[i]);
  }
  free(names);
  return done;
}

int main(int argc, char **argv) {
  long total = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: %s CORPUS-DIR-OR-FILE...\n", argv[0]);
    return 2;
  }
  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; i++) {
    struct stat st;
    long n;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "fuzz replay: %s: %s\n", argv[i], strerror(errno));
      return 2;
    }
    n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]) == 0;
    if (n < 0)
      return 2;
    total += n;
  }
  if (total == 0) {
    fprintf(stderr, "fuzz replay: no inputs in the given paths\n");
    return 2;
  }
  printf("fuzz replay: %ld inputs ran without a finding\n", total);
  return 0;
}
