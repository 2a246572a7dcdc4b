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

/* The number of open descriptors of this process (Windows: skips the
 * test, it has no such count). */
int th_count_fds(void);

/* mml_open of FD (-1: anonymous) with these arguments in CPython's order;
 * FLAGS or PROT -1 and PYVER 0 keep the defaults. Aborts on failure. */
mml_map *th_open_fd(int fd, int64_t length, int64_t flags, int64_t prot,
                    int access, int64_t offset, int trackfd, uint32_t pyver);

/* An anonymous map of LEN bytes filled with DATA (or the 'a'..'z'
 * pattern); aborts on failure. */
mml_map *th_anon(const void *data, int64_t len);

/* th_anon with FLAGS (MAP_SHARED / MAP_PRIVATE; -1 the default) and
 * python_version PYVER (0 the default; else checked); the position is 0. */
mml_map *th_anon_map(const void *data, int64_t len, int64_t flags,
                     uint32_t pyver);

/* A shared file map of a new temporary file with DATA (or the pattern);
 * the path goes to PATH if not NULL; aborts on failure. */
mml_map *th_file_map(const void *data, size_t len, int access, char *path);

/* A map in the closed state (created, then closed). */
mml_map *th_closed_map(void);

/* The map's position (mml_tell); aborts on failure. */
int64_t th_tell(const mml_map *m);

/* The map's length (mml_len); aborts on failure. */
int64_t th_len(const mml_map *m);

/* A copy of the whole map (m[:]; free it with mml_free); *len gets its
 * size. The position does not move. */
uint8_t *th_content(const mml_map *m, int64_t *len);

/* The map holds exactly the N bytes WANT (read without moving the
 * position). */
void th_expect_map(const mml_map *m, const void *want, int64_t n);

/* The file at PATH holds exactly the LEN bytes WANT. */
void th_expect_file(const char *path, const void *want, size_t len);

/* m[SL] is exactly the N bytes WANT (a buffer, never NULL, even for
 * none). */
void th_expect_slice(const mml_map *m, const mml_slice *sl, const void *want,
                     int64_t n);

/* Both the map and the file at PATH hold exactly the N bytes WANT. */
void th_expect_map_and_file(const mml_map *m, const char *path,
                            const void *want, int64_t n);

/* The file at PATH holds the N bytes WANT at OFFSET. */
void th_expect_file_at(const char *path, int64_t offset, const void *want,
                       int64_t n);

/* Restores the real OS calls (tests that inject failures call it). */
void th_reset_os(void);

/* An injected mml__os.stat that fails with EIO, counting its calls in
 * th_stat_eio_calls. */
struct mml__file_info;
extern int th_stat_eio_calls;
int th_stat_eio(int fd, struct mml__file_info *info);

/* Makes find/rfind use search kernel set I: first the instruction sets
 * this machine can run (0 = the best), then "avx512-emulated" (the AVX-512
 * kernels' logic with plain-C intrinsics, on every machine). Returns 0
 * past the last one. */
int th_use_search_set(size_t i);

/* Makes find/rfind use the set named NAME (an instruction set or
 * "avx512-emulated"), or skips the test saying why it cannot run here. */
void th_require_search_set(const char *name);

/* Back to the default set. */
void th_reset_search_set(void);

/* Truncates the file at PATH to SIZE bytes from another process (a forked
 * child that opens the path itself), as another program would; returns
 * when it has. Aborts the test on failure. Windows: through a handle of
 * its own in this process (the file system sees the same request). */
void th_truncate_elsewhere(const char *path, int64_t size);

/* Runs FN(ARG) in a forked child without core dumps, with SIGBUS and
 * SIGSEGV at SIG_DFL first (not a sanitizer's handler) and an alarm of 30
 * s; the child exits 0 if FN returns. Returns the child's wait status.
 * Windows has no fork: the test is skipped there. */
int th_child_status(void (*fn)(void *), void *arg);

/* The wait status STATUS is an exit with status CODE (or a failure
 * message saying what it was). */
void th_expect_exited(int status, int code);

/* The wait status STATUS is a death by signal SIG (or a failure message). */
void th_expect_killed_by(int status, int sig);

/* setenv(NAME, VALUE, 1); returns 0 or -1. */
int th_setenv(const char *name, const char *value);

/* SIZE bytes aligned to ALIGN (a power of two), freed with
 * th_aligned_free; aborts the test on failure. */
void *th_aligned_alloc(size_t align, size_t size);
void th_aligned_free(void *p);

/* The next value of the splitmix64 sequence whose state is *S. */
uint64_t th_splitmix64(uint64_t *s);

/* The reference search: the first (REV 0) or last (REV 1) offset of the
 * NLEN bytes ND in HAY[0, HLEN), or -1, by memcmp at every offset. */
int64_t th_naive_search(const uint8_t *hay, int64_t hlen, const uint8_t *nd,
                        int64_t nlen, int rev);

#endif /* MML_TEST_HELPERS_H */
