/* fingerprint_windows.h - the machine fingerprint of the Windows bench.
 *
 * The keys of fingerprint.h's schema 1, filled where Windows has the fact
 * and null (with a line in "notes") where it has not (THP's fields,
 * hugetlb, fault-around, the kernel's ASLR switch, DMI), plus:
 *   runtime                 string  "wine" when ntdll exports
 *                           wine_get_version, else "windows"
 *   wine                    {version: string, build: string|null,
 *                            host_sysname, host_release: string|null}
 *                           or null on Windows
 *   allocation_granularity  integer (GetSystemInfo; 65536)
 * kernel is {sysname: "Windows", release: "MAJOR.MINOR.BUILD"
 * (RtlGetVersion), version: the service pack text or null, machine}.
 * Under Wine the figures are Wine's on the host's kernel, not a Windows
 * measurement: "notes" says so first, and runtime/wine.version tell the
 * reports and the gate.
 */
#ifndef MMAPLAB_BENCH_FINGERPRINT_WINDOWS_H
#define MMAPLAB_BENCH_FINGERPRINT_WINDOWS_H

/* The fingerprint as compact JSON text (malloc'd; the caller frees), for
 * the test files in TEST_DIR (NULL: the current directory). NULL only
 * when out of memory. */
char *fpw_fingerprint(const char *test_dir);

/* The Wine version ("8.0") when running under Wine, else NULL (static). */
const char *fpw_wine_version(void);

#endif /* MMAPLAB_BENCH_FINGERPRINT_WINDOWS_H */
