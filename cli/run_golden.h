/* run_golden.h - which CPython golden a host of `mmaplab run` is graded
 * against, chosen from the goldens on disk (conformance/golden/), never
 * from names written into the code.
 *
 * A golden is a directory "cpython-X.Y.Z" (three decimal numbers of at
 * most nine digits each); anything else in the directory (files, other
 * names, "cpython-3.13.0rc1") is not one. Versions compare as numbers, so
 * 3.10 is newer than 3.9.
 */
#ifndef MMAPLAB_CLI_RUN_GOLDEN_H
#define MMAPLAB_CLI_RUN_GOLDEN_H

/* The name of the newest golden in DIR whose version begins with the
 * numbers of VERSION: "" matches every golden, "3.9" the 3.9.x ones,
 * "3.11.2" only cpython-3.11.2. A malloc'd string the caller frees, or
 * NULL: with errno 0 when no golden matches (also when VERSION is not of
 * the form X, X.Y or X.Y.Z), else the errno of reading DIR. */
char *cli_golden_newest(const char *dir, const char *version);

#endif /* MMAPLAB_CLI_RUN_GOLDEN_H */
