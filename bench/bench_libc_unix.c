/* bench_libc_unix.c - the C library the Linux bench links (bench_families.h).
 */
#include "bench_families.h"

const char bench_libc_name[] = "glibc";
