/* bench_libc_windows.c - the C library the Windows bench links
 * (bench_families.h): mingw-w64's default C runtime, msvcrt.dll. */
#include "bench_families.h"

const char bench_libc_name[] = "msvcrt";
