/* ut_path.h - path names for the tools: limits, temporary siblings,
 * identity of files, mkdir -p.
 *
 * Part of mmaplab_util, the one internal library of the tools (cli/,
 * reports/, bench/, bench/gate/, conformance/); never part of the core's
 * API. Functions return 0 or a positive errno value unless said otherwise.
 */
#ifndef MMAPLAB_UT_PATH_H
#define MMAPLAB_UT_PATH_H

#include <stddef.h>

/* Checks that every component of PATH fits NAME_MAX and the whole PATH_MAX
 * (the kernel refuses longer ones with ENAMETOOLONG, possibly after other
 * components were already created). 0, EINVAL for an empty path, or
 * ENAMETOOLONG. */
int ut_path_fits(const char *path);

/* A name for a temporary sibling of PATH, in PATH's directory:
 * "DIR/.BASE.TAG-XXXXXX" with BASE shortened so that the last component
 * fits NAME_MAX; the six X are for mkstemp/mkdtemp. A malloc'd string the
 * caller frees, or NULL when out of memory. */
char *ut_tmp_sibling(const char *path, const char *tag);

/* The directory part of PATH ("." when it has none, "/" for "/x"); a
 * malloc'd string or NULL when out of memory. */
char *ut_dirname(const char *path);

/* 1 if A and B name the same file (same device and inode, following
 * symbolic links), 0 if not or if either does not exist. */
int ut_same_file(const char *a, const char *b);

/* mkdir -p PATH (mode 0777 & ~umask), after checking with ut_path_fits
 * that every name can be created, so that a name that is too long leaves
 * nothing behind. 0 or errno. */
int ut_mkdirs(const char *path);

/* Checks, before any work starts, that ut_mkdirs(PATH) can create PATH as
 * a new directory: every name fits (ut_path_fits), PATH does not exist
 * (EEXIST, also for a symbolic link), and the nearest ancestor that exists
 * is a directory this process may write into. Nothing is created. 0 or
 * errno, with one line "cannot create PATH: reason" in ERR (ERRLEN
 * bytes). */
int ut_mkdirs_check(const char *path, char *err, size_t errlen);

/* The path of this process's executable, a new string, or NULL (errno
 * set). Linux: the /proc/self/exe link; other systems need their own call
 * here. */
char *ut_self_exe(void);

#endif /* MMAPLAB_UT_PATH_H */
