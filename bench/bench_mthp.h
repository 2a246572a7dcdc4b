/* bench_mthp.h - the machine set up for one fault run in a multi-size THP
 * size (pagemode.h's mthp16k .. mthp1024k), and the per-size counters that
 * verify the run got it.
 *
 * A run in mthpN maps its memory with MADV_HUGEPAGE. As root, for that run
 * alone, size N's setting says "madvise" (anonymous: hugepages-NkB/enabled)
 * or "advise" (anonymous shared memory: hugepages-NkB/shmem_enabled) and
 * every other size's says "never", 2048 kB included, written through
 * bench_sysfs.h (put back at the end of the run, at exit, on signals and
 * after SIGKILL). "madvise" rather than "always": only the run's own maps
 * (MADV_HUGEPAGE) get size N, not every anonymous map of every process on
 * the machine while the run lasts. Without root the current settings are
 * used when they give size N first to madvised memory (pm_mthp_settings_give)
 * and the run is refused otherwise.
 *
 * The kernel counts every folio it allocates at fault time per size:
 * hugepages-NkB/stats/anon_fault_alloc and anon_fault_fallback (shmem:
 * shmem_alloc, shmem_fallback). A run is in its size when, over the run,
 * alloc rose by at least the folios its pages need (pages x 4 KiB / N)
 * and fallback did not rise at all. Other processes' madvised memory may
 * add allocations (so "at least"), but a fallback means some of the run's
 * memory may be on smaller pages: the row would be timed under the wrong
 * size, so it is an error instead.
 */
#ifndef MMAPLAB_BENCH_MTHP_H
#define MMAPLAB_BENCH_MTHP_H

#include <stddef.h>
#include <stdint.h>

/* One size's fault-time counters. */
typedef struct mthp_counts {
  long alloc, fallback;
} mthp_counts;

/* Reads hugepages-KBkB/stats: anon_fault_alloc and anon_fault_fallback, or
 * with SHMEM shmem_alloc and shmem_fallback. 0 or -errno. */
int mthp_read_counts(size_t kb, int shmem, mthp_counts *c);

/* Sets the machine up for a run in size KB (SHMEM: anonymous shared
 * memory), as described above. 0, or -errno with one line in WHY: a
 * setting that could not be written, or (without root) the setting that
 * stands in the way. mthp_leave must follow in every case. */
int mthp_enter(size_t kb, int shmem, char *why, size_t len);

/* 1 if a run in size KB (SHMEM) can be set up: this process can write
 * its settings, or the current settings give it; else 0 with WHY. */
int mthp_runnable(size_t kb, int shmem, char *why, size_t len);

/* Puts back what mthp_enter changed. */
void mthp_leave(void);

/* The rule above: 1 if the counters from BEFORE to AFTER show that PAGES
 * base pages of 4 KiB were given folios of KB kibibytes, else 0 with one
 * line in WHY naming the counters. */
int mthp_obtained(size_t kb, int shmem, int64_t pages,
                  const mthp_counts *before, const mthp_counts *after,
                  char *why, size_t len);

/* Remembers the per-size settings found now (call at the start of a run,
 * before anything is changed). */
void mthp_note_start(void);

/* The context mmaplab_mthp: a JSON object (malloc'd string, NULL when out
 * of memory) with "found" (per size and at the top: enabled and
 * shmem_enabled as mthp_note_start saw them), "root" (whether settings
 * are written) and "modes" (per mthp mode, what a run sets for anonymous
 * and for shared memory, or why it cannot). */
char *mthp_context_json(void);

#endif /* MMAPLAB_BENCH_MTHP_H */
