/* faults.c - page-fault counters (getrusage, /proc/self/stat) and ASLR
 * control: the Linux part of faults.h (faults_common.c has the rest). */
#define _GNU_SOURCE
#include "faults.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pagemode.h"

#define REEXEC_ENV "MMAPLAB_ASLR_REEXEC"

/* ---- Counting ------------------------------------------------------------ */

/* Reads minflt (field 10) and majflt (field 12) of /proc/self/stat. The
 * command name (field 2) may hold spaces and parentheses, so parsing
 * starts after its last ')'. */
static int read_proc_stat(long *minor, long *major) {
  char buf[1024], *p;
  long f[5];
  int rc = pm_sys_read("/proc/self/stat", buf, sizeof buf);
  if (rc < 0)
    return rc;
  p = strrchr(buf, ')');
  /* After ')': state ppid pgrp session tty_nr tpgid flags minflt cminflt
   * majflt, i.e. fields 3..12. */
  if (p == NULL || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %ld %ld %ld",
                          &f[0], &f[1], &f[2]) != 3)
    return -EINVAL;
  *minor = f[0];
  *major = f[2];
  return 0;
}

static int sample_once(flt_sample *out) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) < 0)
    return -errno;
  out->minor = ru.ru_minflt;
  out->major = ru.ru_majflt;
  if (read_proc_stat(&out->stat_minor, &out->stat_major) < 0)
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
  static atomic_int warm;
  if (!atomic_exchange(&warm, 1))
    flt_warmup();
  return sample_once(out);
}

/* ---- ASLR ---------------------------------------------------------------- */

void flt_aslr_get(flt_aslr_state *st) {
  long v = -1;
  int pers = personality(0xffffffff); /* 0xffffffff only queries */
  (void)pm_sys_read_long("/proc/sys/kernel/randomize_va_space", &v);
  st->randomize_va_space = (int)v;
  st->no_randomize = pers != -1 && (pers & ADDR_NO_RANDOMIZE) != 0;
  st->disabled = st->no_randomize || v == 0;
  if (st->no_randomize)
    snprintf(st->how, sizeof st->how,
             "off: personality ADDR_NO_RANDOMIZE (randomize_va_space=%ld)", v);
  else if (v == 0)
    snprintf(st->how, sizeof st->how, "off: randomize_va_space=0");
  else if (v < 0)
    snprintf(st->how, sizeof st->how,
             "unknown: randomize_va_space unreadable, no personality flag");
  else
    snprintf(st->how, sizeof st->how, "on: randomize_va_space=%ld", v);
}

int flt_aslr_disable_for_exec(void) {
  int pers = personality(0xffffffff);
  if (pers == -1)
    return -errno;
  if (pers & ADDR_NO_RANDOMIZE)
    return 0;
  if (personality((unsigned long)pers | ADDR_NO_RANDOMIZE) == -1)
    return -errno;
  /* Read back: a filter may make the call "succeed" without effect. */
  pers = personality(0xffffffff);
  return pers != -1 && (pers & ADDR_NO_RANDOMIZE) ? 0 : -EPERM;
}

int flt_aslr_reexec_disabled(char *const argv[]) {
  flt_aslr_state st;
  int old, rc;
  flt_aslr_get(&st);
  if (st.disabled)
    return 0;
  if (getenv(REEXEC_ENV) != NULL)
    return -ELOOP; /* re-executed once already and the flag did not stick */
  old = personality(0xffffffff);
  rc = flt_aslr_disable_for_exec();
  if (rc < 0)
    return rc;
  setenv(REEXEC_ENV, "1", 1);
  execv("/proc/self/exe", argv);
  rc = -errno;
  unsetenv(REEXEC_ENV);
  (void)personality((unsigned long)old);
  return rc;
}
