/* fingerprint.h - the machine fingerprint stored in every bench result file.
 *
 * A JSON object describing the machine, the kernel's memory settings and
 * the build, so results from different runs and machines can be compared
 * (or refused). Every key below is always present; a value that could not
 * be read is null and "notes" gains one line saying why. Schema 1:
 *
 *   schema_version        integer, 1
 *   mmaplab_version       string  "0.1.0"
 *   date                  string  ISO 8601 UTC, "2025-01-31T12:00:00Z"
 *   hostname              string|null
 *   kernel                {sysname, release, version, machine: string|null}
 *   page_size             integer  base page size in bytes
 *   mem_total_kb          integer|null  MemTotal of /proc/meminfo
 *   thp                   {enabled, defrag, shmem_enabled: string|null (the
 *                          bracketed choice), pmd_size: integer|null,
 *                          mthp: object|null  per-size "enabled" choice of
 *                          the multi-size THP dirs, {"64kB": "never", ...}}
 *   hugetlb               array|null of {page_kb, nr, free, reserved,
 *                          surplus, overcommit: integer|null}, one per
 *                          /sys/kernel/mm/hugepages/hugepages-*kB
 *   hugetlbfs_mounts      array of {path: string, page_kb: integer}
 *   fault_around_bytes    integer|null  (debugfs; usually needs root)
 *   filesystem            {dir: string, type: string|null (the mount
 *                          table's fstype, e.g. "ext4"), magic: string|null
 * (statfs f_type, "0xef53"), magic_name: string|null, mount_point: string|null,
 *                          read_ahead_kb: integer|null (the readahead window
 *                          of its block device; null on none, e.g. tmpfs)}
 *   cpu                   {model: string|null, online, configured: integer,
 *                          affinity: integer|null (CPUs this process may
 *                          use)}
 *   virtualisation        {detect_virt: string|null (systemd-detect-virt),
 *                          hypervisor_flag: boolean|null (cpuinfo),
 *                          sys_vendor, product_name: string|null (DMI)}
 *   aslr                  {randomize_va_space: integer|null,
 *                          no_randomize_personality: boolean,
 *                          disabled: boolean  (off in this process)}
 *   compiler              {c_version: string (__VERSION__), c_id: string,
 *                          c_flags: string, cxx_id: string|null,
 *                          cxx_flags: string|null, sanitize: boolean}
 *   build_type            string  CMAKE_BUILD_TYPE, "" if none was set
 *   libbenchmark_version  string  "1.7.1", or "unknown"
 *   git                   {revision: string (full hash, or "unknown"),
 *                          dirty: boolean|null (tracked files modified)}
 *   page_modes            {"4k"|"thp"|"huge2m"|"huge1g":
 *                          {available: boolean, reason: string}}
 *   notes                 array of string
 */
#ifndef MMAPLAB_BENCH_FINGERPRINT_H
#define MMAPLAB_BENCH_FINGERPRINT_H

#include <jansson.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The schema_version this code writes. */
#define FP_SCHEMA 1

/* Builds the fingerprint of this machine and build. TEST_DIR is the
 * directory holding the benchmark's test files, whose filesystem is
 * recorded; NULL means the current directory. Never fails on an unreadable
 * source (null + note); returns NULL only when out of memory. The caller
 * owns the new reference (json_decref). */
json_t *fp_fingerprint(const char *test_dir);

/* The command line "PROG [--dir DIR] [--compact] | --help" (ARGV[0] is
 * skipped): prints the fingerprint of DIR's machine as JSON on stdout, all
 * or nothing. Returns the exit status: 0, or 2 after one line on stderr
 * starting "PROG: " (misuse, an unusable DIR, a write error). */
int fp_cli(const char *prog, int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif
