/* bench_fsmap.c - the per-filesystem test file mapped warm (bench_fsmap.h). */
#define _DEFAULT_SOURCE /* mincore */
#include "bench_fsmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench_testfile.h"
#include "faults.h"

/* One map per filesystem, by name (the list is made before any row runs
 * and lives until exit). */
typedef struct fs_map {
  const char *name; /* the bench_fs entry's own string */
  bd_mapping m;
} fs_map;

static fs_map *maps;
static size_t nmaps;

/* The fraction of the LEN bytes at P resident in memory (mincore); -1 if
 * mincore failed. */
static double resident(const uint8_t *p, int64_t len) {
  const long page = sysconf(_SC_PAGESIZE);
  const size_t n = (size_t)((len + page - 1) / page);
  unsigned char *vec = malloc(n);
  size_t in = 0;
  if (vec == NULL || mincore((void *)p, (size_t)len, vec) != 0) {
    free(vec);
    return -1;
  }
  for (size_t i = 0; i < n; i++)
    in += vec[i] & 1;
  free(vec);
  return (double)in / (double)n;
}

/* Maps TF through the core into *M and reads every page once. */
static const char *map_warm(const bench_testfile *tf, bd_mapping *m) {
  mml_open_args a;
  int readonly;
  mml_open_args_init(&a);
  a.fileno = tf->fd;
  a.length = tf->size;
  a.access = MML_ACCESS_WRITE;
  memset(m, 0, sizeof *m);
  if (mml_open(&m->map, &a) != 0)
    return "mml_open of the filesystem's test file failed";
  if (mml_buffer_export(m->map, &m->data, &m->len, &readonly) != 0) {
    mml_destroy(m->map);
    m->map = NULL;
    return "mml_buffer_export of the filesystem's test file failed";
  }
  /* reads, not writes: no page is dirtied, none is written back later */
  (void)flt_touch_read(m->data, (size_t)m->len, 4096, NULL);
  m->mode = PM_4K;
  m->verdict.fraction = resident(m->data, m->len);
  m->mode_ok = m->verdict.fraction == 1.0;
  m->verdict.label = m->mode_ok ? "warm" : "not resident";
  return NULL;
}

bd_mapping *bench_fsmap_cached(const bench_fs *fs, const char **why) {
  const bench_testfile *tf;
  fs_map *grown;
  if (fs == NULL) {
    *why = "no such filesystem in the run's list";
    return NULL;
  }
  for (size_t i = 0; i < nmaps; i++)
    if (strcmp(maps[i].name, fs->name) == 0)
      return &maps[i].m;
  if ((tf = bench_testfile_cached_in(fs->dir, BENCH_FSMAP_FILE, why)) == NULL)
    return NULL;
  if ((grown = realloc(maps, (nmaps + 1) * sizeof *maps)) == NULL) {
    *why = "out of memory";
    return NULL;
  }
  maps = grown;
  maps[nmaps].name = fs->name;
  if ((*why = map_warm(tf, &maps[nmaps].m)) != NULL)
    return NULL;
  return &maps[nmaps++].m;
}

void bench_fsmap_report(gb_state *st, const bench_fs *fs, const char *why) {
  char msg[300];
  if (fs == NULL || fs->hugetlb_page == 0) {
    gb_skip_with_error(st, why);
    return;
  }
  snprintf(msg, sizeof msg,
           "%s: hugetlbfs takes its pages from the hugetlb pool, which has "
           "too few free for the %lld MiB test file (--reserve-hugetlb)",
           why, (long long)(BENCH_FSMAP_FILE >> 20));
  bd_report_unavailable(st, msg);
}

void bench_fsmap_clear(void) {
  for (size_t i = 0; i < nmaps; i++)
    bd_unmap(&maps[i].m);
  free(maps);
  maps = NULL;
  nmaps = 0;
}
