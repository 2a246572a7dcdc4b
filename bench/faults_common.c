/* faults_common.c - the parts of faults.h that every OS's bench uses:
 * differences of two samples and the touch loops. */
#include "faults.h"

/* ASan checks each access against shadow memory, whose first read faults
 * too (one shadow page per 8 data pages): touching must not be checked,
 * or a sanitizer build would count 1.125 faults per page. */
#if defined(__GNUC__) || defined(__clang__)
#define NO_ASAN __attribute__((no_sanitize_address))
#else
#define NO_ASAN
#endif

flt_delta flt_diff(const flt_sample *before, const flt_sample *after) {
  flt_delta d;
  d.minor = after->minor - before->minor;
  d.major = after->major - before->major;
  if (before->stat_minor < 0 || after->stat_minor < 0) {
    d.stat_minor = d.stat_major = -1;
    d.agree = -1;
  } else {
    d.stat_minor = after->stat_minor - before->stat_minor;
    d.stat_major = after->stat_major - before->stat_major;
    d.agree = d.stat_minor == d.minor && d.stat_major == d.major;
  }
  return d;
}

double flt_per_page(const flt_delta *d, size_t pages) {
  return pages ? (double)(d->minor + d->major) / (double)pages : 0.0;
}

/* ---- Touching ------------------------------------------------------------ */

NO_ASAN size_t flt_touch_write(void *addr, size_t size, size_t stride,
                               unsigned char value) {
  volatile unsigned char *p = addr;
  size_t n = 0;
  if (stride == 0)
    return 0;
  for (size_t off = 0; off < size; off += stride, n++)
    p[off] = value;
  return n;
}

NO_ASAN uint64_t flt_touch_read(const void *addr, size_t size, size_t stride,
                                size_t *touched) {
  const volatile unsigned char *p = addr;
  uint64_t sum = 0;
  size_t n = 0;
  if (stride != 0)
    for (size_t off = 0; off < size; off += stride, n++)
      sum += p[off];
  if (touched)
    *touched = n;
  return sum;
}
