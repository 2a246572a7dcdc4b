/* fp_jsonw.h - a small JSON writer for the Windows fingerprint, which is
 * built where jansson is not (mingw-w64): objects, arrays, strings,
 * integers and booleans into a growing buffer, commas and escapes added.
 *
 *   fpj w = {0};
 *   fpj_open(&w, NULL, '{');
 *   fpj_str(&w, "sysname", "Windows");   // NULL writes null
 *   fpj_close(&w, '}');
 *   char *text = fpj_take(&w);           // NULL if out of memory
 */
#ifndef MMAPLAB_BENCH_FP_JSONW_H
#define MMAPLAB_BENCH_FP_JSONW_H

#include <stddef.h>
#include <stdint.h>

typedef struct fpj {
  char *buf;
  size_t len, cap;
  int first; /* nothing written yet in the innermost object or array */
  int oom;   /* an allocation failed: fpj_take returns NULL */
} fpj;

/* Opens an object ('{') or array ('['), under KEY inside an object (NULL
 * inside an array or at the top). */
void fpj_open(fpj *w, const char *key, char bracket);

/* Closes the innermost object ('}') or array (']'). */
void fpj_close(fpj *w, char bracket);

/* A string VALUE (NULL: null), under KEY (NULL inside an array). Bytes
 * below 0x20, '"' and '\\' are escaped; others are copied (UTF-8). */
void fpj_str(fpj *w, const char *key, const char *value);

/* An integer, a boolean (0 false, else true), or null. */
void fpj_int(fpj *w, const char *key, int64_t value);
void fpj_bool(fpj *w, const char *key, int value);
void fpj_null(fpj *w, const char *key);

/* The text written (malloc'd, the caller frees), W emptied; NULL if an
 * allocation failed on the way. */
char *fpj_take(fpj *w);

#endif /* MMAPLAB_BENCH_FP_JSONW_H */
