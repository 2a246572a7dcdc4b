/* gate_write.h - writing an output file whole or not at all. */
#ifndef MMAPLAB_BENCH_GATE_WRITE_H
#define MMAPLAB_BENCH_GATE_WRITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the LEN bytes at DATA to PATH through a temporary file in the
 * same directory, flushed to disk and renamed over PATH, so PATH is either
 * untouched or complete (mode 0644). Returns 0, or -1 with one line in ERR
 * (ERRLEN bytes) and no file left behind. */
int mml_gate_write_atomic(const char *path, const char *data, size_t len,
                          char *err, size_t errlen);

/* The two halves of mml_gate_write_atomic, for writing several files all
 * or none: mml_gate_stage writes DATA to a new temporary file beside PATH
 * and returns its name (malloc'd; NULL with ERR set on failure, leaving no
 * file); mml_gate_commit renames it over PATH (0, or -1 with ERR set and
 * the temporary removed); mml_gate_discard removes it. Both free TMP. */
char *mml_gate_stage(const char *path, const char *data, size_t len, char *err,
                     size_t errlen);
int mml_gate_commit(char *tmp, const char *path, char *err, size_t errlen);
void mml_gate_discard(char *tmp);

/* Reads all of PATH into a new NUL-terminated buffer (*LEN bytes before
 * the NUL) that the caller frees. NULL with one line in ERR on failure. */
char *mml_gate_read_all(const char *path, size_t *len, char *err,
                        size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* MMAPLAB_BENCH_GATE_WRITE_H */
