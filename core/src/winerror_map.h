/* winerror_map.h - Windows error codes as plain data (winerror.c). */
#ifndef MML_WINERROR_MAP_H
#define MML_WINERROR_MAP_H

/* The errno CPython derives from WINERR (Windows C runtime numbering). */
int mml__winerror_errno(int winerr);

/* The symbolic name of WINERR ("ERROR_MAPPED_ALIGNMENT"), or NULL if it is
 * not one the core knows. */
const char *mml__winerror_name(int winerr);

#endif /* MML_WINERROR_MAP_H */
