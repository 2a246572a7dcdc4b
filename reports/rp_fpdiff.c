/* rp_fpdiff.c - fingerprint differences (rp_fpdiff.h). */
#include "rp_fpdiff.h"

#include <stdlib.h>
#include <string.h>

#include "rp_util.h"

/* One fingerprint as parallel lists of paths and values. */
typedef struct flat {
  rp_strs keys, vals;
} flat;

static int add_leaf(flat *f, const char *path, const json_t *v) {
  char *s = json_is_string(v) ? rp_fmt("%s", json_string_value(v))
                              : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
  int rc = -1;
  if (s != NULL && rp_strs_add(&f->keys, path) >= 0 &&
      rp_strs_add(&f->vals, s) >= 0)
    rc = 0;
  free(s);
  return rc;
}

static int flatten(flat *f, const char *path, const json_t *v) {
  const char *key;
  json_t *child;
  size_t i;
  int rc = 0;
  if (json_is_object(v) && json_object_size(v) > 0) {
    json_object_foreach((json_t *)v, key, child) {
      char *p = *path ? rp_fmt("%s.%s", path, key) : rp_fmt("%s", key);
      rc = p ? flatten(f, p, child) : -1;
      free(p);
      if (rc != 0)
        return rc;
    }
    return 0;
  }
  if (json_is_array(v) && json_array_size(v) > 0) {
    json_array_foreach((json_t *)v, i, child) {
      char *p = rp_fmt("%s[%zu]", path, i);
      rc = p ? flatten(f, p, child) : -1;
      free(p);
      if (rc != 0)
        return rc;
    }
    return 0;
  }
  return add_leaf(f, path, v);
}

static const char *value_of(const flat *f, const char *key) {
  const long i = rp_strs_find(&f->keys, key);
  return i >= 0 ? f->vals.v[i] : "-";
}

long rp_fpdiff_table(rp_doc *d, const json_t *const *fps,
                     const char *const *labels, size_t n) {
  flat *fl = calloc(n ? n : 1, sizeof *fl);
  rp_strs all = {0}, diff = {0};
  const char **row = calloc(n + 1, sizeof *row);
  long rc = 0;
  if (fl == NULL || row == NULL)
    rc = -1;
  for (size_t m = 0; rc == 0 && m < n; m++)
    if (fps[m] != NULL && flatten(&fl[m], "", fps[m]) != 0)
      rc = -1;
  for (size_t m = 0; rc == 0 && m < n; m++)
    for (size_t k = 0; rc == 0 && k < fl[m].keys.n; k++)
      if (rp_strs_intern(&all, fl[m].keys.v[k]) < 0)
        rc = -1;
  rp_strs_sort(&all);
  for (size_t k = 0; rc == 0 && k < all.n; k++)
    for (size_t m = 1; m < n; m++)
      if (strcmp(value_of(&fl[0], all.v[k]), value_of(&fl[m], all.v[k]))) {
        if (rp_strs_add(&diff, all.v[k]) < 0)
          rc = -1;
        break;
      }
  if (rc == 0) {
    row[0] = "field";
    for (size_t m = 0; m < n; m++)
      row[m + 1] = labels[m];
    rp_doc_table(d, n + 1, row);
    for (size_t k = 0; k < diff.n; k++) {
      row[0] = diff.v[k];
      for (size_t m = 0; m < n; m++)
        row[m + 1] = value_of(&fl[m], diff.v[k]);
      rp_doc_row(d, row);
    }
    rp_doc_table_end(d);
    rc = (long)diff.n;
  }
  for (size_t m = 0; fl != NULL && m < n; m++) {
    rp_strs_free(&fl[m].keys);
    rp_strs_free(&fl[m].vals);
  }
  free(fl);
  free(row);
  rp_strs_free(&all);
  rp_strs_free(&diff);
  return rc;
}
