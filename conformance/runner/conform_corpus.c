/* conform_corpus.c - reads, validates and indexes the corpus files. */
#include "conform_corpus.h"

#include "conform_sha256.h"
#include "conform_util.h"
#include "conform_validate.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

char *cf_case_canonical(const json_t *kase) {
  return json_dumps(kase, JSON_SORT_KEYS | JSON_COMPACT);
}

/* Cases by id, then by corpus position: a stable order, so that the
 * later of two equal ids is the one reported. */
static int compare_ids(const void *a, const void *b) {
  const cf_case *const *x = a, *const *y = b;
  int c = strcmp((*x)->id, (*y)->id);
  return c != 0 ? c : (*x < *y ? -1 : *x > *y);
}

int cf_corpus_check_ids(const cf_corpus *c) {
  const cf_case **sorted;
  int rc = 0;
  if (c->n < 2)
    return 0;
  sorted = ut_xmalloc(c->n * sizeof *sorted);
  for (size_t i = 0; i < c->n; i++)
    sorted[i] = &c->cases[i];
  qsort(sorted, c->n, sizeof *sorted, compare_ids);
  for (size_t i = 1; i < c->n && rc == 0; i++) {
    if (strcmp(sorted[i - 1]->id, sorted[i]->id) == 0) {
      cf_error("%s: case %s: duplicate id (also in %s)", sorted[i]->path,
               sorted[i]->id, sorted[i - 1]->path);
      rc = -1;
    }
  }
  free(sorted);
  return rc;
}

static void add_case(cf_corpus *c, json_t *kase, const char *path) {
  cf_case *k;
  const char *id = json_string_value(json_object_get(kase, "id"));
  char *canon = cf_case_canonical(kase);
  c->cases = ut_xrealloc(c->cases, (c->n + 1) * sizeof *c->cases);
  k = &c->cases[c->n++];
  k->json = kase;
  k->id = id;
  k->title = json_string_value(json_object_get(kase, "title"));
  k->area = ut_xstrdup(id);
  k->area[strcspn(k->area, "/")] = '\0';
  k->path = path;
  cf_sha256_hex(canon, strlen(canon), k->sha);
  free(canon);
}

int cf_corpus_add_doc(cf_corpus *c, json_t *root, const char *path) {
  json_t *cases, *kase;
  const json_t *format;
  size_t i;
  c->roots = ut_xrealloc(c->roots, (c->nroots + 1) * sizeof *c->roots);
  c->roots[c->nroots++] = root;
  c->paths = ut_xrealloc(c->paths, (c->npaths + 1) * sizeof *c->paths);
  c->paths[c->npaths++] = ut_xstrdup(path);
  path = c->paths[c->npaths - 1]; /* the cases borrow the corpus's copy */
  format = json_object_get(root, "format");
  cases = json_object_get(root, "cases");
  if (!json_is_integer(format) || json_integer_value(format) != 1) {
    cf_error("%s: \"format\" must be 1", path);
    return -1;
  }
  if (!json_is_array(cases) || json_object_size(root) != 2) {
    cf_error("%s: want {\"format\": 1, \"cases\": [...]}", path);
    return -1;
  }
  json_array_foreach(cases, i, kase) {
    char why[512];
    const char *id = json_string_value(json_object_get(kase, "id"));
    if (cf_validate_case(kase, why, sizeof why) != 0) {
      if (id != NULL)
        cf_error("%s: case %s: %s", path, id, why);
      else
        cf_error("%s: case #%zu: %s", path, i, why);
      return -1;
    }
    add_case(c, kase, path);
  }
  return 0;
}

int cf_corpus_load(const char *dir, cf_corpus *out) {
  cf_corpus c = {0};
  char **paths;
  long n;
  int rc = 0;
  if (!cf_is_dir(dir)) {
    cf_error("cases directory %s does not exist", dir);
    return -1;
  }
  if ((n = cf_list_files(dir, ".json", 1, &paths)) < 0)
    return -1;
  for (long i = 0; i < n && rc == 0; i++) {
    json_t *root = cf_load_json(paths[i]);
    rc = root != NULL ? cf_corpus_add_doc(&c, root, paths[i]) : -1;
  }
  cf_free_strings(paths, (size_t)n);
  if (rc != 0 || cf_corpus_check_ids(&c) != 0) {
    cf_corpus_free(&c);
    return -1;
  }
  *out = c;
  return 0;
}

void cf_corpus_free(cf_corpus *c) {
  for (size_t i = 0; i < c->n; i++)
    free(c->cases[i].area);
  free(c->cases);
  for (size_t i = 0; i < c->nroots; i++)
    json_decref(c->roots[i]);
  free(c->roots);
  cf_free_strings(c->paths, c->npaths);
  memset(c, 0, sizeof *c);
}

const cf_case *cf_corpus_find(const cf_corpus *c, const char *id) {
  /* Linear: called once per expectation entry, never per case. */
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->cases[i].id, id) == 0)
      return &c->cases[i];
  return NULL;
}

static int tag_matches(const cf_case *c, const char *glob) {
  size_t i;
  json_t *t;
  json_array_foreach(json_object_get(c->json, "tags"), i, t) {
    if (fnmatch(glob, json_string_value(t), 0) == 0)
      return 1;
  }
  return 0;
}

int cf_case_selected(const cf_case *c, char *const *filters, size_t n) {
  if (n == 0)
    return 1;
  for (size_t i = 0; i < n; i++) {
    /* No FNM_PATHNAME: '*' also matches '/', so "find*" takes a whole
     * area. */
    if (strncmp(filters[i], "tag:", 4) == 0
            ? tag_matches(c, filters[i] + 4)
            : fnmatch(filters[i], c->id, 0) == 0)
      return 1;
  }
  return 0;
}
