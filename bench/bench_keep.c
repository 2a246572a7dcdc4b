/* bench_keep.c - benchmark contexts that live until exit (bench_keep). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bench_families.h"

/* One kept copy; the list keeps every copy reachable. */
typedef struct kept {
  struct kept *next;
  max_align_t data[]; /* the copy, aligned for any case struct */
} kept;

static kept *all;

void *bench_keep(const void *c, size_t n) {
  kept *k = malloc(sizeof *k + n);
  if (k == NULL)
    abort();
  memcpy(k->data, c, n);
  k->next = all;
  all = k;
  return k->data;
}
