/* test_threads.c - the core used from many threads at once: a map of its
 * own per thread, one map handed between threads under a lock, and the
 * process-wide state every thread shares (the constants table, PAGESIZE,
 * error strings, the search kernel set chosen on first use).
 *
 * Each test starts its threads together at a barrier, so first uses race
 * for real; the checks hold with or without a sanitizer, and under
 * ThreadSanitizer (the tsan preset) they are what it watches. The runner
 * forks a fresh process per test, so every lazy choice is made here for
 * the first time. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers.h"
#include "search_kernels.h"
#include "test.h"

enum { NTHREADS = 8 };

/* One worker: its index, what the test gives it, what it reports back. */
typedef struct worker {
  pthread_t tid;
  int index;
  void *shared;
  const char *isa;        /* threads_search_first_use */
  int64_t constant_count; /* threads_constants */
  const mml_constant *table;
} worker;

static pthread_barrier_t start_line;

static void *start(void *arg);

/* The function the workers of the running test call after the barrier. */
static void (*work)(worker *);

static void *start(void *arg) {
  int rc = pthread_barrier_wait(&start_line);
  if (rc != PTHREAD_BARRIER_SERIAL_THREAD)
    ASSERT_EQ(rc, 0);
  work((worker *)arg);
  return NULL;
}

/* Runs FN in N threads started together; SHARED goes to every worker. */
static void run_workers(worker *w, int n, void (*fn)(worker *), void *shared) {
  work = fn;
  ASSERT_EQ(pthread_barrier_init(&start_line, NULL, (unsigned)n), 0);
  for (int i = 0; i < n; i++) {
    w[i].index = i;
    w[i].shared = shared;
    ASSERT_EQ(pthread_create(&w[i].tid, NULL, start, &w[i]), 0);
  }
  for (int i = 0; i < n; i++)
    ASSERT_EQ(pthread_join(w[i].tid, NULL), 0);
  ASSERT_EQ(pthread_barrier_destroy(&start_line), 0);
}

/* ---- process-wide state ------------------------------------------------- */

static int64_t constant(const mml_constant *c, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(c[i].name, name) == 0)
      return c[i].value;
  TEST_FAIL_("no constant %s", name);
}

static void use_constants(worker *w) {
  const int64_t page = (int64_t)sysconf(_SC_PAGESIZE);
  for (int round = 0; round < 200; round++) {
    size_t n = 0;
    const mml_constant *c = mml_constants(&n);
    int64_t v = -1;
    ASSERT_EQ(constant(c, n, "PAGESIZE"), page);
    ASSERT_EQ(constant(c, n, "ALLOCATIONGRANULARITY"), page);
    ASSERT_EQ(constant(c, n, "MAP_SHARED"), MAP_SHARED);
    ASSERT_EQ(constant(c, n, "PROT_WRITE"), PROT_WRITE);
    ASSERT_EQ(mml_constant_value("PAGESIZE", &v), 1);
    ASSERT_EQ(v, page);
    ASSERT_EQ(mml_constant_value("ALLOCATIONGRANULARITY", &v), 1);
    ASSERT_EQ(v, page);
    ASSERT_EQ(mml_constant_value("NO_SUCH_CONSTANT", &v), 0);
    ASSERT_EQ(mml_pagesize(), page);
    ASSERT_EQ(mml_allocation_granularity(), page);
    ASSERT_STR_EQ(mml_version_string(), MML_TEST_PROJECT_VERSION);
    w->constant_count = (int64_t)n;
    w->table = c;
  }
}

/* Every thread's first mml_constants at once: the table, PAGESIZE and
 * ALLOCATIONGRANULARITY (filled in at run time) are the same for all. */
TEST_IMPL(threads_constants) {
  worker w[NTHREADS];
  memset(w, 0, sizeof w);
  run_workers(w, NTHREADS, use_constants, NULL);
  for (int i = 1; i < NTHREADS; i++) {
    ASSERT_PTR_EQ(w[i].table, w[0].table);
    ASSERT_EQ(w[i].constant_count, w[0].constant_count);
  }
}

static void use_error_strings(worker *w) {
  /* errnos glibc has no text for: formatted into a per-thread buffer */
  const int unknown = 4000 + w->index;
  char want[32];
  const char *mine;
  mml_map *m = NULL;
  mml_open_args a;
  snprintf(want, sizeof want, "Unknown error %d", unknown);
  for (int round = 0; round < 200; round++) {
    ASSERT_STR_EQ(mml_strerror(MML_ECLOSED), "mmap closed or invalid");
    ASSERT_STR_EQ(mml_err_name(MML_ECLOSED), "MML_ECLOSED");
    ASSERT_STR_EQ(mml_exc_name(mml_err_kind(MML_EREADONLY)), "TypeError");
    ASSERT_STR_EQ(mml_strerror(-EBADF), strerrordesc_np(EBADF));
    ASSERT_STR_EQ(mml_err_name(-EBADF), "EBADF");
    ASSERT_STR_EQ(mml_strerror(-unknown), want);
    ASSERT_STR_EQ(mml_err_name(-unknown), "UNKNOWN");
    /* the same errors coming out of a failing constructor */
    mml_open_args_init(&a);
    a.fileno = 1000000 + w->index; /* no such descriptor */
    a.length = 4096;
    ASSERT_ERR(mml_open(&m, &a), -EBADF);
    a.fileno = -1;
    a.length = -1;
    ASSERT_ERR(mml_open(&m, &a), MML_ELENGTH_NEGATIVE);
  }
  /* The text stays this thread's while the others format theirs. */
  mine = mml_strerror(-unknown);
  {
    int rc = pthread_barrier_wait(&start_line);
    if (rc != PTHREAD_BARRIER_SERIAL_THREAD)
      ASSERT_EQ(rc, 0);
  }
  ASSERT_STR_EQ(mine, want);
}

/* Error names and messages from every thread at once, the unknown-errno
 * text (formatted at run time) included. */
TEST_IMPL(threads_error_strings) {
  worker w[NTHREADS];
  memset(w, 0, sizeof w);
  run_workers(w, NTHREADS, use_error_strings, NULL);
}

/* A haystack of LEN pattern bytes in its own map with NEEDLE at AT. */
static mml_map *hay_with(int64_t len, const uint8_t *needle, int64_t nlen,
                         int64_t at) {
  mml_map *m = th_anon(NULL, len);
  mml_slice sl = {at, at + nlen, 1, 1, 1, 0};
  ASSERT_OK(mml_setslice(m, &sl, needle, nlen));
  return m;
}

static void search_first_use(worker *w) {
  static const int64_t lens[] = {1, 2, 3, 7, 16, 33, 64, 300, 5000};
  const int64_t hlen = 1 << 16;
  uint64_t s = 77 + (uint64_t)w->index;
  uint8_t needle[5000];
  for (size_t k = 0; k < sizeof needle; k++) /* bytes the pattern lacks */
    needle[k] = (uint8_t)(0x80 | (th_splitmix64(&s) & 0x7f));
  for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
    const int64_t nlen = lens[li];
    const int64_t at = (int64_t)(th_splitmix64(&s) % (uint64_t)(hlen - nlen));
    mml_map *m = hay_with(hlen, needle, nlen, at);
    int64_t zero = 0, index = -2;
    ASSERT_OK(mml_find(m, needle, nlen, &zero, NULL, &index));
    ASSERT_EQ(index, at);
    ASSERT_OK(mml_rfind(m, needle, nlen, &zero, NULL, &index));
    ASSERT_EQ(index, at);
    if (nlen >= 2) { /* the filtered engine ran, in this thread */
      mml__search_counts c;
      mml__search_counts_last(&c);
      ASSERT_GE(c.scanned, 0);
      ASSERT_LE(c.scanned, hlen);
    }
    mml_destroy(m);
  }
  w->isa = mml_search_isa();
}

/* Every thread's first find at once: each finds what is there, and all of
 * them end up with the same instruction set. */
TEST_IMPL(threads_search_first_use) {
  worker w[NTHREADS];
  memset(w, 0, sizeof w);
  run_workers(w, NTHREADS, search_first_use, NULL);
  for (int i = 0; i < NTHREADS; i++)
    ASSERT_STR_EQ(w[i].isa, mml_search_isa());
  if (getenv("MMAPLAB_SEARCH_ISA") == NULL) {
    /* the calibrated choice (search_dispatch.c): one answer for all the
     * racing first uses, the one "auto" gives */
    const char *chosen = mml_search_isa();
    ASSERT(mml_search_isa_available(chosen));
    ASSERT_OK(mml_search_set_isa("auto"));
    ASSERT_STR_EQ(mml_search_isa(), chosen);
  }
}

/* ---- maps --------------------------------------------------------------- */

/* The life of one map, start to end, by one thread. */
static void map_life(mml_map *m, int index) {
  static const uint8_t line[] = "line\n";
  const int64_t len = th_len(m);
  mml_slice odd = {1, len, 2, 1, 1, 1};
  uint8_t mark = (uint8_t)('A' + index);
  uint8_t *out = NULL, b = 0;
  int64_t n = 0, at = -1, zero = 0, end = 100;
  uint8_t *view = NULL;
  int readonly = 1;
  ASSERT_OK(mml_seek(m, 0, 0, NULL));
  ASSERT_OK(mml_write(m, line, 5, NULL));
  ASSERT_OK(mml_write_byte(m, mark));
  ASSERT_OK(mml_seek(m, 0, 0, NULL));
  ASSERT_OK(mml_readline(m, &out, &n));
  ASSERT_EQ(n, 5);
  ASSERT_MEM_EQ(out, line, 5);
  mml_free(out);
  ASSERT_OK(mml_read_byte(m, &b));
  ASSERT_EQ(b, mark);
  ASSERT_OK(mml_find(m, &mark, 1, &zero, NULL, &at));
  ASSERT_EQ(at, 5);
  ASSERT_OK(mml_find(m, "ine", 3, NULL, &end, &at));
  ASSERT_EQ(at, -1); /* from the position (6) on: not there */
  ASSERT_OK(mml_rfind(m, "ine", 3, &zero, &end, &at));
  ASSERT_EQ(at, 1);
  ASSERT_OK(mml_move(m, 100, 0, 6));
  ASSERT_OK(mml_getitem(m, 105, &b));
  ASSERT_EQ(b, mark);
  ASSERT_OK(mml_getslice(m, &odd, &out, &n));
  ASSERT_EQ(n, len / 2);
  ASSERT_OK(mml_setslice(m, &odd, out, n)); /* the odd bytes, unchanged */
  mml_free(out);
  ASSERT_OK(mml_buffer_export(m, &view, &n, &readonly));
  ASSERT_EQ(n, len);
  ASSERT_EQ(readonly, 0);
  ASSERT_EQ(view[5], mark);
  view[len - 1] = mark;
  ASSERT_ERR(mml_resize(m, len), MML_ERESIZE_EXPORTED);
  ASSERT_OK(mml_buffer_release(m));
  ASSERT_OK(mml_getitem(m, -1, &b));
  ASSERT_EQ(b, mark);
  ASSERT_OK(mml_madvise(m, MADV_WILLNEED, 0, NULL));
  ASSERT_OK(mml_flush(m, NULL, NULL));
}

/* Each thread maps, uses, resizes and closes maps of its own (anonymous
 * private, anonymous shared, and a file of its own), round after round,
 * so mmap, mremap and munmap from different threads interleave. */
static void separate_maps(worker *w) {
  const int *fds = w->shared;
  const int64_t page = mml_pagesize();
  for (int round = 0; round < 20; round++) {
    mml_map *priv = th_anon_map(NULL, 4 * page, MAP_PRIVATE, 0);
    mml_map *shared = th_anon_map(NULL, 3 * page, MAP_SHARED, 0);
    mml_map *file =
        th_open_fd(fds[w->index], 0, -1, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
    int64_t size = -1;
    uint8_t b = 0;
    map_life(priv, w->index);
    map_life(shared, w->index);
    map_life(file, w->index);
    /* grow and shrink: the data may move (mremap) */
    ASSERT_OK(mml_resize(priv, 64 * page));
    ASSERT_OK(mml_getitem(priv, 5, &b));
    ASSERT_EQ(b, 'A' + w->index);
    ASSERT_OK(mml_setitem(priv, 64 * page - 1, b));
    ASSERT_OK(mml_resize(priv, page));
    ASSERT_OK(mml_resize(file, 8 * page));
    ASSERT_OK(mml_size(file, &size));
    ASSERT_EQ(size, 8 * page);
    ASSERT_OK(mml_resize(file, 2 * page));
    ASSERT_OK(mml_close(file));
    mml_destroy(file);
    mml_destroy(shared);
    mml_destroy(priv);
  }
}

TEST_IMPL(threads_separate_maps) {
  worker w[NTHREADS];
  int fds[NTHREADS];
  memset(w, 0, sizeof w);
  /* the files are made here: th_temp_file keeps a list that is not for
   * threads */
  for (int i = 0; i < NTHREADS; i++)
    fds[i] = th_temp_file(NULL, (size_t)(2 * mml_pagesize()), NULL);
  run_workers(w, NTHREADS, separate_maps, fds);
  for (int i = 0; i < NTHREADS; i++)
    close(fds[i]);
}

/* One map handed from thread to thread under a lock, as the contract asks
 * (one thread at a time): each appends records at the shared position. */
typedef struct locked_map {
  pthread_mutex_t lock;
  mml_map *map;
} locked_map;

enum { RECORD = 8, RECORDS_PER_THREAD = 256 };

static void append_records(worker *w) {
  locked_map *lm = w->shared;
  for (int r = 0; r < RECORDS_PER_THREAD; r++) {
    char rec[RECORD + 1];
    int64_t index = -1, zero = 0;
    snprintf(rec, sizeof rec, "%c%06d\n", 'a' + w->index, r);
    ASSERT_EQ(pthread_mutex_lock(&lm->lock), 0);
    ASSERT_OK(mml_write(lm->map, rec, RECORD, NULL));
    ASSERT_OK(mml_find(lm->map, rec, RECORD, &zero, NULL, &index));
    ASSERT_EQ(index, th_tell(lm->map) - RECORD);
    ASSERT_EQ(pthread_mutex_unlock(&lm->lock), 0);
  }
}

TEST_IMPL(threads_one_map_with_lock) {
  const int64_t len = (int64_t)NTHREADS * RECORDS_PER_THREAD * RECORD;
  worker w[NTHREADS];
  locked_map lm;
  int seen[NTHREADS][RECORDS_PER_THREAD];
  uint8_t *all;
  int64_t n = 0;
  memset(w, 0, sizeof w);
  memset(seen, 0, sizeof seen);
  ASSERT_EQ(pthread_mutex_init(&lm.lock, NULL), 0);
  lm.map = th_open_fd(-1, len, -1, -1, MML_ACCESS_DEFAULT, 0, 1, 0);
  run_workers(w, NTHREADS, append_records, &lm);
  ASSERT_EQ(th_tell(lm.map), len);
  /* every record exactly once, none torn */
  all = th_content(lm.map, &n);
  ASSERT_EQ(n, len);
  for (int64_t at = 0; at < len; at += RECORD) {
    int t = all[at] - 'a', r = atoi((const char *)all + at + 1);
    ASSERT_GE(t, 0);
    ASSERT_LT(t, NTHREADS);
    ASSERT_GE(r, 0);
    ASSERT_LT(r, RECORDS_PER_THREAD);
    ASSERT_EQ(all[at + RECORD - 1], '\n');
    ASSERT_EQ(seen[t][r]++, 0);
  }
  mml_free(all);
  mml_destroy(lm.map);
  ASSERT_EQ(pthread_mutex_destroy(&lm.lock), 0);
}
