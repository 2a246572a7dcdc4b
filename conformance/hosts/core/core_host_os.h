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
#include <stdio.h>

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

/* os.close(FD): 0, or -1 with errno set. */
int ch_os_close(int fd);

/* At the end of every case: releases what the special descriptors of the
 * case hold besides their descriptor (Windows sockets). */
void ch_os_end_case(void);

/* Reads one line of IN into *LINE (malloc'd, capacity *CAP), like POSIX
 * getline: its length, or -1 at the end of the input. */
long ch_os_getline(char **line, size_t *cap, FILE *in);

#endif /* MML_CORE_HOST_OS_H */
