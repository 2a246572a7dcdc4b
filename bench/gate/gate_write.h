/* gate_write.h - the gate's output files, all or none, by the rules of
 * util/ut_output.h: a regular file or a new name is replaced by rename from
 * a temporary sibling; a symbolic link is followed and kept; a device, a
 * FIFO or a path under /dev/ or /proc/ is written in place. */
#ifndef MMAPLAB_BENCH_GATE_WRITE_H
#define MMAPLAB_BENCH_GATE_WRITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the N NUL-terminated texts TEXT[i] to PATH[i] (a NULL PATH[i] is
 * skipped): every file is opened and written first, then all are
 * committed, so a failure before the commits leaves every target as it was
 * (nothing but an in-place output can have been written then). Returns 0,
 * or an errno value with one line "cannot write PATH: reason" in ERR
 * (ERRLEN bytes) and no temporary file left behind. */
int gate_write_all(const char *const *path, const char *const *text, size_t n,
                   char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_WRITE_H */
