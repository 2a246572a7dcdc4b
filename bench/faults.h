/* faults.h - page-fault counting around a touch phase, and ASLR control.
 *
 * Counts come from getrusage(RUSAGE_SELF) (ru_minflt, ru_majflt) with
 * /proc/self/stat (fields 10 and 12) read alongside as a cross-check. Both
 * are process-wide: keep other threads idle during a counted phase.
 * Counting and ASLR are per OS (faults.c: Linux; faults_windows.c counts
 * with GetProcessMemoryInfo and has no ASLR part); faults_common.c has the
 * differences and the touch loops. Functions return 0 or a negative errno
 * unless said otherwise.
 */
#ifndef MMAPLAB_BENCH_FAULTS_H
#define MMAPLAB_BENCH_FAULTS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Counting ------------------------------------------------------------ */

/* One reading of the process's fault counters. */
typedef struct flt_sample {
  long minor, major;           /* getrusage(RUSAGE_SELF) */
  long stat_minor, stat_major; /* /proc/self/stat; -1 if unreadable */
} flt_sample;

/* Reads the counters: getrusage first, then /proc/self/stat. 0, or -errno
 * if getrusage failed (a /proc failure only leaves the stat fields -1).
 * Windows: -ENOSYS where faults are not counted (Wine). */
int flt_sample_read(flt_sample *out);

/* Runs the sampling and touching code once on nothing, so that its own
 * first-call faults (code pages, lazy symbol binding) happen now and not
 * inside a counted phase. Call it once before the first counted phase;
 * flt_sample_read calls it on its first use. */
void flt_warmup(void);

/* The faults between two samples. */
typedef struct flt_delta {
  long minor, major;           /* from getrusage */
  long stat_minor, stat_major; /* from /proc/self/stat; -1 if unknown */
  int agree; /* 1 if both sources give the same counts, 0 if not, -1 if
                /proc/self/stat was unreadable */
} flt_delta;

/* AFTER minus BEFORE. The getrusage and /proc reads of one sample are not
 * atomic, but nothing faults between them in a quiet process, so the two
 * sources agree exactly unless another thread faulted. */
flt_delta flt_diff(const flt_sample *before, const flt_sample *after);

/* (minor + major) / pages; 0 when PAGES is 0. */
double flt_per_page(const flt_delta *d, size_t pages);

/* ---- Touching ------------------------------------------------------------ */

/* Writes one byte (VALUE) at every STRIDE bytes of [ADDR, ADDR + SIZE),
 * starting at ADDR: with STRIDE the base page size, every page takes its
 * first-write fault. Returns the number of bytes written (pages touched). */
size_t flt_touch_write(void *addr, size_t size, size_t stride,
                       unsigned char value);

/* Reads one byte at every STRIDE bytes of [ADDR, ADDR + SIZE) through a
 * volatile pointer; stores the number of reads in *TOUCHED (may be NULL) and
 * returns the sum of the bytes, so the reads cannot be optimised away. */
uint64_t flt_touch_read(const void *addr, size_t size, size_t stride,
                        size_t *touched);

/* ---- ASLR ---------------------------------------------------------------- */

/* Whether address-space randomisation is off for this process. */
typedef struct flt_aslr_state {
  int randomize_va_space; /* /proc/sys/kernel/randomize_va_space, -1 unknown */
  int no_randomize;       /* 1 if personality has ADDR_NO_RANDOMIZE */
  int disabled;           /* 1 if ASLR is off here (sysctl 0 or the flag) */
  char how[160];          /* one line: why it is on or off */
} flt_aslr_state;

/* Describes the calling process's ASLR state. */
void flt_aslr_get(flt_aslr_state *st);

/* Sets ADDR_NO_RANDOMIZE in the calling process's personality. It takes
 * effect at the next execve (for this process or a child forked after):
 * call it in a forked child just before exec. 0, or -errno (seccomp
 * filters such as Docker's default profile refuse it with -EPERM). */
int flt_aslr_disable_for_exec(void);

/* Re-executes the calling program (/proc/self/exe, ARGV) with ASLR off,
 * like `setarch -R`, so its own mappings are reproducible. Returns only
 * when it did not re-execute: 0 if ASLR was already off (sysctl 0, or the
 * flag is set, e.g. after the re-exec), -errno if the personality could
 * not be set or execv failed (the personality is then restored). The
 * environment variable MMAPLAB_ASLR_REEXEC guards against a loop. */
int flt_aslr_reexec_disabled(char *const argv[]);

#ifdef __cplusplus
}
#endif

#endif
