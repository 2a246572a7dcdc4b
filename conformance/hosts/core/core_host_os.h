/* core_host_os.h - what the core host needs from its operating system:
 * one implementation per OS (posix/core_host_os.c, windows/core_host_os.c),
 * chosen by CMake, so that the shared files carry no #ifdef.
 *
 * Descriptors are C runtime descriptors on every OS (on Windows the ones
 * _open gives, which mml_open_args.fileno takes there too).
 */
#ifndef MML_CORE_HOST_OS_H
#define MML_CORE_HOST_OS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A parameter of mmap.mmap() on this OS and the mml_open_args field it
 * sets (offsetof). */
typedef enum {
  CH_PARAM_INT,   /* an int64_t field (Py_ssize_t, off_t) */
  CH_PARAM_CINT,  /* an int64_t field CPython converts to a C int */
  CH_PARAM_TRUTH, /* an int field from the value's truth (trackfd) */
  CH_PARAM_TEXT   /* a const char * field from a str or None (tagname) */
} ch_param_kind;

typedef struct ch_param {
  const char *name;
  ch_param_kind kind;
  size_t field;
} ch_param;

/* The most parameters any OS's table has. */
#define CH_MAX_PARAMS 8

/* The constructor's parameters in CPython's order on this OS: *N of them,
 * the first *NPOS positional, the rest keyword-only. A table entry may be
 * a parameter this OS's CPython lacks, which the core refuses with
 * CPython's unknown-keyword TypeError (flags and prot on Windows). */
const ch_param *ch_os_mmap_params(size_t *n, size_t *npos);

/* The OSError of an OS error code of the core (mml_err_kind MML_EXC_OS)
 * when this OS reports it its own way, else NULL: on Windows an error
 * carrying a winerror, as CPython's OSError has it (errno from its
 * winerror table, the subclass from that errno, and str()'s "[WinError N]
 * text" as the message, so that the winerror is graded too,
 * INTERPRETING.md 4.3). */
json_t *ch_os_raise_error(int code);

/* Once at start: stdin/stdout made ready for JSON Lines (SIGPIPE ignored
 * on POSIX, binary mode on Windows). 0, or -1 after one stderr line. */
int ch_os_init(FILE *in, FILE *out);

/* sys.platform as CPython reports it ("linux", "darwin", "win32"). */
const char *ch_os_platform(void);

/* platform.machine() ("x86_64", "AMD64"); static storage. */
const char *ch_os_machine(void);

/* Adds what the OS has to say to the hello (on Windows: "wine", the Wine
 * version when the host runs under Wine, else null). */
void ch_os_hello_extra(json_t *hello);

/* Opens the case file PATH with the open_fd MODE ("r", "w", "r+", "a+") as
 * os.open does (non-inheritable). The descriptor, or -1 with errno set. */
int ch_os_open_file(const char *path, const char *mode);

/* Why Python on this OS cannot make the special descriptor KIND (a
 * static text), or NULL when it can. */
const char *ch_os_special_missing(const char *kind);

/* Opens the special descriptor KIND (a name ch_check_open_fd accepted)
 * as Python does; PATH is the case file of "dir". The descriptor, or -1
 * with errno set. *OTHER gets the other end of a pipe (kept open until the
 * case ends) or -1. */
int ch_os_open_special(const char *kind, const char *path, int *other);

/* os.ftruncate(FD, SIZE): 0, or -1 with errno set (on Windows the C
 * runtime's _chsize_s, which CPython's os.ftruncate calls there). */
int ch_os_truncate(int fd, int64_t size);

/* os.close(FD): 0, or -1 with errno set. */
int ch_os_close(int fd);

/* At the end of every case: releases what the special descriptors of the
 * case hold besides their descriptor (Windows sockets). */
void ch_os_end_case(void);

/* Reads one line of IN into *LINE (malloc'd, capacity *CAP), like POSIX
 * getline: its length, or -1 at the end of the input. */
long ch_os_getline(char **line, size_t *cap, FILE *in);

#endif /* MML_CORE_HOST_OS_H */
