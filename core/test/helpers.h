/* helpers.h - fixtures shared by the unit tests. */
#ifndef MML_TEST_HELPERS_H
#define MML_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "mmaplab.h"

/* Creates a temporary file holding LEN bytes of DATA (NULL: LEN bytes of
 * the pattern 'a'..'z' repeated), opened O_RDWR. Its path goes to PATH
 * (at least 64 bytes) if not NULL; the file is removed when the test
 * process exits. Aborts the test on failure. */
int th_temp_file(const void *data, size_t len, char *path);

/* Opens PATH with FLAGS (O_RDONLY, ...); aborts on failure. */
int th_open(const char *path, int flags);

/* The current size and contents of the file at PATH: returns a malloc'd
 * buffer (free it) and sets *len. */
uint8_t *th_read_file(const char *path, size_t *len);

/* The size of the file at PATH (stat). */
int64_t th_file_size(const char *path);

/* The number of open descriptors of this process. */
int th_count_fds(void);

/* mml_open with CPython's defaults and the given fileno/length. */
int th_open_map(mml_map **m, int64_t fileno, int64_t length);

/* An anonymous map of LEN bytes filled with DATA (or the 'a'..'z'
 * pattern); aborts on failure. */
mml_map *th_anon(const void *data, int64_t len);

/* A shared file map of a new temporary file with DATA (or the pattern);
 * the path goes to PATH if not NULL; aborts on failure. */
mml_map *th_file_map(const void *data, size_t len, int access, char *path);

/* A map in the closed state (created, then closed). */
mml_map *th_closed_map(void);

/* Restores the real OS calls (tests that inject failures call it). */
void th_reset_os(void);

#endif /* MML_TEST_HELPERS_H */
