/* gate_paths.h - the gate's files checked before any work: no output may
 * be an input or the other output, and each must be writable. */
#ifndef MMAPLAB_BENCH_GATE_PATHS_H
#define MMAPLAB_BENCH_GATE_PATHS_H

#include <stddef.h>

#include "gate_opts.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Checks the files of O (from gate_parse): every output can be
 * written (ut_output_check: its directory exists and is writable, it is
 * not a directory or a dangling link, its names fit); no output (--markdown,
 * --json, --junit, or --baseline with --save-baseline) is the same file as
 * an input (every --baseline and --current), whatever the path says (by
 * device and inode: "d//x", "./x", links); and no two outputs are the same
 * file
 * (for names not created yet: the same name in the same directory), unless
 * both are written in place (a device, a FIFO, /dev/stdout). 0, or -1 with
 * one line in ERR (LEN bytes). */
int gate_check_paths(const gate_opts *o, char *err, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_PATHS_H */
