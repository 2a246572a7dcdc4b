/* faults_windows.c - the Windows part of faults.h's counting: the
 * process's PageFaultCount from GetProcessMemoryInfo, which counts soft
 * and hard faults together (reported as minor; major 0). No second
 * source (the stat fields are -1) and no ASLR part. Wine quirk: it leaves
 * PageFaultCount at 0 (it keeps no count), and a running process has
 * always faulted, so 0 reads as "not counted" (-ENOSYS). */
#include "faults.h"

#include <errno.h>
#include <windows.h>

#include <psapi.h>

static int sample_once(flt_sample *out) {
  PROCESS_MEMORY_COUNTERS pmc;
  if (!GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof pmc))
    return -EIO;
  if (pmc.PageFaultCount == 0)
    return -ENOSYS;
  out->minor = (long)pmc.PageFaultCount;
  out->major = 0;
  out->stat_minor = out->stat_major = -1;
  return 0;
}

void flt_warmup(void) {
  flt_sample s;
  unsigned char byte = 0;
  (void)sample_once(&s);
  (void)flt_touch_write(&byte, 1, 1, 0);
  (void)flt_touch_read(&byte, 1, 1, NULL);
}

int flt_sample_read(flt_sample *out) {
  static int warm; /* the benchmarks run on one thread */
  if (!warm) {
    warm = 1;
    flt_warmup();
  }
  return sample_once(out);
}
