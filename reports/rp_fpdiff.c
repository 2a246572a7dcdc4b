/* rp_fpdiff.c - fingerprint differences (rp_fpdiff.h). */
#include "rp_fpdiff.h"

#include <stdlib.h>
#include <string.h>

#include "rp_util.h"
#include "ut_str.h"

/* Adds the leaf at PATH with value V to FLAT (a jansson object: dotted path
 * -> the value as text; a path seen before keeps its first value). */
static int add_leaf(json_t *flat, const char *path, const json_t *v) {
  char *s = json_is_string(v) ? ut_xstrdup(json_string_value(v))
                              : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
  json_t *str;
  int rc = -1;
  if (json_object_get(flat, path) != NULL) {
    free(s);
    return 0;
  }
  /* nocheck: keys and values are C strings from valid JSON */
  if (s != NULL && (str = json_stringn_nocheck(s, strlen(s))) != NULL)
    rc = json_object_set_new_nocheck(flat, path, str);
  free(s);
  return rc;
}

/* Flattens V (at PATH) into FLAT. Objects and arrays are walked; every
 * other value and every empty object or array is a leaf. */
static int flatten(json_t *flat, const char *path, const json_t *v) {
  const char *key;
  json_t *child;
  size_t i;
  int rc = 0;
  if (json_is_object(v) && json_object_size(v) > 0) {
    json_object_foreach((json_t *)v, key, child) {
      char *p = *path ? ut_xasprintf("%s.%s", path, key) : ut_xstrdup(key);
      rc = flatten(flat, p, child);
      free(p);
      if (rc != 0)
        return rc;
    }
    return 0;
  }
  if (json_is_array(v) && json_array_size(v) > 0) {
    json_array_foreach((json_t *)v, i, child) {
      char *p = ut_xasprintf("%s[%zu]", path, i);
      rc = flatten(flat, p, child);
      free(p);
      if (rc != 0)
        return rc;
    }
    return 0;
  }
  return add_leaf(flat, path, v);
}

static const char *value_of(const json_t *flat, const char *path) {
  const char *v = json_string_value(json_object_get(flat, path));
  return v != NULL ? v : "-";
}

/* 1 if the N flattened fingerprints FL do not all hold the same value at
 * PATH. */
static int differs(json_t *const *fl, size_t n, const char *path) {
  for (size_t m = 1; m < n; m++)
    if (strcmp(value_of(fl[0], path), value_of(fl[m], path)) != 0)
      return 1;
  return 0;
}

/* The table of the paths ALL (sorted) whose values differ. */
static long write_table(rp_doc *d, json_t *const *fl, const rp_strs *all,
                        const char *const *labels, size_t n) {
  const char **row = calloc(n + 1, sizeof *row);
  long nd = 0;
  if (row == NULL)
    return -1;
  row[0] = "field";
  for (size_t m = 0; m < n; m++)
    row[m + 1] = labels[m];
  rp_doc_table(d, n + 1, row);
  for (size_t k = 0; k < all->n; k++) {
    if (!differs(fl, n, all->v[k]))
      continue;
    row[0] = all->v[k];
    for (size_t m = 0; m < n; m++)
      row[m + 1] = value_of(fl[m], all->v[k]);
    rp_doc_row(d, row);
    nd++;
  }
  rp_doc_table_end(d);
  free(row);
  return nd;
}

long rp_fpdiff_table(rp_doc *d, const json_t *const *fps,
                     const char *const *labels, size_t n) {
  /* One hash table per machine and one list of all paths: linear in the
   * number of fields, however many a fingerprint has. */
  json_t **fl = calloc(n ? n : 1, sizeof *fl);
  rp_strs all = {0};
  long rc = fl != NULL ? 0 : -1;
  for (size_t m = 0; rc == 0 && m < n; m++)
    if ((fl[m] = json_object()) == NULL ||
        (fps[m] != NULL && flatten(fl[m], "", fps[m]) != 0))
      rc = -1;
  for (size_t m = 0; rc == 0 && m < n; m++) {
    const char *path;
    json_t *v;
    json_object_foreach(fl[m], path, v) {
      if (rp_strs_intern(&all, path) < 0) {
        rc = -1;
        break;
      }
    }
  }
  if (rc == 0) {
    rp_strs_sort(&all);
    rc = write_table(d, fl, &all, labels, n);
  }
  for (size_t m = 0; fl != NULL && m < n; m++)
    json_decref(fl[m]);
  free(fl);
  rp_strs_free(&all);
  return rc;
}
