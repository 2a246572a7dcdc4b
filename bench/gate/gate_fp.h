/* gate_fp.h - the fingerprint fields the gate insists on.
 *
 * Two result files are comparable when their machines agree on the fields
 * that change what the benchmarks measure: the kernel and its memory
 * settings (release, architecture, page size, THP enabled/defrag/shmem and
 * the multi-size THP choices, fault-around, ASLR in the benchmark process),
 * which page modes were available, the filesystem of the test files, the
 * CPU (model, online count) and virtualisation, and the build (compiler,
 * C flags, sanitizers, build type, libbenchmark). For files written by
 * bench/python/mmap_bench.py also the Python implementation and version
 * (context fields). For the Windows bench's also runtime ("wine" or
 * "windows") and wine.version: a run under Wine is never compared with a
 * Windows or a Linux one, nor with another Wine's (kernel.sysname alone
 * would not tell Wine from Windows). Not compared: hostname, date, git
 * revision, mmaplab version (what a gate exists to compare), memory size,
 * hugetlb pool counts (their effect is page_modes.*.available), kernel build
 * string.
 */
#ifndef MMAPLAB_BENCH_GATE_FP_H
#define MMAPLAB_BENCH_GATE_FP_H

#include <jansson.h>

#include "results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The key fields, NULL-terminated: dotted paths into the fingerprint, or
 * "context.KEY" for a field of the file's context object. */
extern const char *const gate_fp_fields[];

/* The key fields on which BASE and CUR differ, as a new JSON array of
 * {"field", "baseline", "current"} (values as JSON; null when absent), or
 * NULL out of memory. A file without a fingerprint has every fingerprint
 * field absent; gate_fp_lacks says so first. */
json_t *gate_fp_diff(const rs_result *base, const rs_result *cur);

/* Whether R's fingerprint can be compared: 0 if it has every key field
 * of gate_fp_fields that every fingerprint has (the context.* ones, runtime
 * and wine.version only some files have; a field may be null, not
 * absent). Else 1, with what is
 * missing in BUF (LEN bytes): "no fingerprint (context.mmaplab_fingerprint)",
 * "an empty fingerprint", or "a fingerprint without the key fields
 * kernel.release, cpu.model" (truncated with "..." when long; BUF may be
 * NULL when LEN is 0). */
int gate_fp_lacks(const rs_result *r, char *buf, size_t len);

/* Formats the differences DIFF (from gate_fp_diff) on one line into
 * BUF (LEN bytes): "kernel.release: baseline \"6.1.0\", current \"6.18.44\";
 * ...", truncated with "..." when long. */
void gate_fp_line(const json_t *diff, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_FP_H */
