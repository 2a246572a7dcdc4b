/* hugetlb_pool.h - reserving hugetlb pages for a run, and always giving
 * them back (root only).
 *
 * A reservation raises /sys/kernel/mm/hugepages/hugepages-NkB/nr_hugepages
 * for the run. Before the pool is written, the value to put back is
 * recorded in a state file, HUGETLB_STATE_DIR/hugetlb-NkB.state, with the
 * owner's pid and start time; the restore writes the value back and
 * removes the file, from an exit handler or (async-signal-safe) a fatal
 * signal. A run that is SIGKILLed leaves the file: the next reservation of
 * that pool, or `mmaplab bench --restore`, finds its owner gone and puts
 * the pool back. The directory is under /run, a tmpfs emptied at boot, as
 * the pools are. Functions return 0 or a negative errno unless said
 * otherwise.
 */
#ifndef MMAPLAB_BENCH_HUGETLB_POOL_H
#define MMAPLAB_BENCH_HUGETLB_POOL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HUGETLB_STATE_DIR "/run/mmaplab"

/* The largest share of MemAvailable a reservation may take unless the
 * caller allows more (mmaplab bench --reserve-hugetlb-max=PERCENT). */
#define HUGETLB_DEFAULT_MAX_PERCENT 50

/* What mml_hugetlb_reserve did, for the result file and for the restore. */
typedef struct mml_hugetlb_reservation {
  size_t page_kb;   /* 2048 or 1048576 */
  long wanted;      /* free pages asked for */
  long previous_nr; /* nr_hugepages before; -1 if unknown */
  long written_nr;  /* value written; -1 if nothing was written */
  long nr_after;    /* nr_hugepages read back after the write */
  long free_after;  /* free_hugepages read back after the write */
  int changed;      /* 1 if the pool was written (restore needed) */
  int restored;     /* 1 once mml_hugetlb_restore put it back */
  char note[256];   /* one line: what took effect, or why not */
  char pool[96];    /* the nr_hugepages file */
  char state[96];   /* the state file recording previous_nr */
} mml_hugetlb_reservation;

/* Checks, before any work, that making COUNT pages of PAGE_KB free would
 * take at most MAX_PERCENT of MemAvailable (pages free already cost
 * nothing). 0, or -E2BIG with the reason in WHY (WHYLEN bytes); a pool
 * that does not exist is not refused here (the reservation says so). */
int mml_hugetlb_check_size(size_t page_kb, long count, int max_percent,
                           char *why, size_t whylen);

/* Makes sure COUNT pages of PAGE_KB are free in the hugetlb pool: if fewer
 * are free, records the state file and raises nr_hugepages by the
 * difference (needs root and a writable /sys and /run). First puts back
 * what a dead run left (mml_hugetlb_recover). Returns 0 when COUNT pages
 * are free afterwards, -EPERM/-EACCES/-EROFS when the pool cannot be
 * written, -EBUSY when a running process holds a reservation of the pool,
 * -ENOMEM when the kernel gave fewer; R is filled in every case, and
 * mml_hugetlb_restore must be called whenever R->changed. */
int mml_hugetlb_reserve(size_t page_kb, long count, mml_hugetlb_reservation *r);

/* Writes the previous nr_hugepages back if R->changed and removes the
 * state file. Async-signal-safe (open, write, close, unlink). 0 or
 * -errno. */
int mml_hugetlb_restore(mml_hugetlb_reservation *r);

/* Puts back the pool of PAGE_KB if a state file records a reservation
 * whose owner is no longer running; NOTE (NOTELEN bytes) says what was
 * done. 1 if it restored, 0 if there was nothing to do, -EBUSY if the
 * owner still runs, or -errno. */
int mml_hugetlb_recover(size_t page_kb, char *note, size_t notelen);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_HUGETLB_POOL_H */
