/* ut_version.h - the one `--version` line of every mmaplab program.
 *
 * Part of mmaplab_util (never part of the core's API). The version is
 * MML_VERSION_STRING of the generated mmaplab_version.h, that is CMake's
 * project(VERSION), the one place it is written.
 */
#ifndef MMAPLAB_UT_VERSION_H
#define MMAPLAB_UT_VERSION_H

/* Prints "PROG VERSION\n" on stdout ("mmaplab run 0.1.0") and flushes it.
 * Returns the exit status of --version: 0, or 2 after one line on stderr
 * when stdout cannot be written (a closed pipe, a full disk). */
int ut_print_version(const char *prog);

#endif /* MMAPLAB_UT_VERSION_H */
