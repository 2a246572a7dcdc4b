/* conform_golden.c - reading and writing golden directories. */
#include "conform_golden.h"

#include "conform_hello.h"
#include "conform_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ut_path.h"

char *cf_area_of(const char *id) {
  char *a = ut_xstrdup(id);
  a[strcspn(a, "/")] = '\0';
  return a;
}

int cf_record_valid(const json_t *r, char *why, size_t whylen) {
  const char *outcome = json_string_value(json_object_get(r, "outcome"));
  const json_t *sha = json_object_get(r, "sha");
  size_t i;
  json_t *v;
  if (!json_is_object(r) || !json_is_string(sha))
    return cf_why(why, whylen, "a record must be an object with \"sha\"");
  if (outcome == NULL || (strcmp(outcome, "ok") && strcmp(outcome, "crash") &&
                          strcmp(outcome, "timeout")))
    return cf_why(why, whylen, "\"outcome\" must be ok, crash or timeout");
  if (!json_is_array(json_object_get(r, "results")) ||
      !json_is_object(json_object_get(r, "files")))
    return cf_why(why, whylen, "a record needs \"results\" and \"files\"");
  json_array_foreach(json_object_get(r, "results"), i, v) {
    if (!json_is_object(v) || json_object_size(v) != 1)
      return cf_why(why, whylen, "result %zu is not a result object", i);
  }
  return 0;
}

int cf_golden_add_area(cf_golden *g, json_t *root, const char *path) {
  json_t *cases, *rec;
  const json_t *fmt = json_object_get(root, "format");
  const char *id;
  int rc = -1;
  char why[200];
  if (g->records == NULL)
    g->records = json_object();
  cases = json_object_get(root, "cases");
  if (!json_is_integer(fmt) || json_integer_value(fmt) != 1 ||
      !json_is_object(cases) ||
      !json_is_object(json_object_get(root, "hello"))) {
    cf_error("%s: want {\"format\": 1, \"hello\": {...}, \"cases\": {...}}",
             path);
    goto out;
  }
  if (g->hello == NULL) {
    g->hello = json_incref(json_object_get(root, "hello"));
  } else if (!json_equal(g->hello, json_object_get(root, "hello"))) {
    cf_error("%s: its hello differs from the other files of %s", path, g->dir);
    goto out;
  }
  json_object_foreach(cases, id, rec) {
    if (cf_record_valid(rec, why, sizeof why) != 0 ||
        json_object_get(g->records, id) != NULL) {
      cf_error("%s: case %s: %s", path, id,
               json_object_get(g->records, id) ? "in two area files" : why);
      goto out;
    }
    json_object_set(g->records, id, rec);
  }
  rc = 0;
out:
  json_decref(root);
  return rc;
}

int cf_golden_check_hello(cf_golden *g) {
  const char *version = json_string_value(json_object_get(g->hello, "version"));
  const json_t *ps = json_object_get(g->hello, "pagesize");
  int nparts;
  if (version == NULL || cf_version_parse(version, g->ver, &nparts) != 0 ||
      !json_is_integer(ps)) {
    cf_error("%s: the golden's hello has no usable version or pagesize",
             g->dir);
    return -1;
  }
  g->pagesize = json_integer_value(ps);
  return 0;
}

int cf_golden_load(const char *dir, cf_golden *g) {
  char **paths;
  long n;
  memset(g, 0, sizeof *g);
  if (!cf_is_dir(dir)) {
    cf_error("no golden at %s (make it with: mmaplab-conform golden)", dir);
    return -1;
  }
  if ((n = cf_list_files(dir, ".json", 0, &paths)) < 0)
    return -1;
  g->dir = ut_xstrdup(dir);
  for (size_t len = strlen(g->dir); len > 1 && g->dir[len - 1] == '/';)
    g->dir[--len] = '\0';
  g->name =
      ut_xstrdup(strrchr(g->dir, '/') ? strrchr(g->dir, '/') + 1 : g->dir);
  g->records = json_object();
  for (long i = 0; i < n; i++) {
    json_t *root = cf_load_json(paths[i]);
    if (root == NULL || cf_golden_add_area(g, root, paths[i]) != 0) {
      cf_free_strings(paths, (size_t)n);
      cf_golden_free(g);
      return -1;
    }
  }
  cf_free_strings(paths, (size_t)n);
  if (n == 0)
    cf_error("%s: no golden files (*.json) in it", dir);
  if (n == 0 || cf_golden_check_hello(g) != 0) {
    cf_golden_free(g);
    return -1;
  }
  return 0;
}

void cf_golden_free(cf_golden *g) {
  free(g->dir);
  free(g->name);
  json_decref(g->hello);
  json_decref(g->records);
  memset(g, 0, sizeof *g);
}

static int compare_strings(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of OBJ, sorted (borrowed strings in a malloc'd array). */
static const char **sorted_keys(const json_t *obj, size_t *n) {
  const char **keys = ut_xmalloc(json_object_size(obj) * sizeof *keys);
  const char *k;
  json_t *v;
  *n = 0;
  json_object_foreach((json_t *)obj, k, v) { keys[(*n)++] = k; }
  if (*n > 1)
    qsort(keys, *n, sizeof *keys, compare_strings);
  return keys;
}

char *cf_golden_area_text(const json_t *hello, const json_t *records) {
  size_t n;
  const char **ids = sorted_keys(records, &n);
  const size_t flags = JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY;
  ut_str s = {0};
  char *h = json_dumps(hello, flags);
  ut_str_add(&s, "{\n  \"cases\": {");
  for (size_t i = 0; i < n; i++) {
    json_t *key = json_string(ids[i]);
    char *k = json_dumps(key, flags);
    char *r = json_dumps(json_object_get(records, ids[i]), flags);
    ut_str_addf(&s, "%s\n    %s: %s", i ? "," : "", k, r);
    free(k);
    free(r);
    json_decref(key);
  }
  ut_str_addf(&s, "%s},\n  \"format\": 1,\n  \"hello\": %s\n}\n",
              n ? "\n  " : "", h);
  free(h);
  free(ids);
  return s.data;
}

/* Removes the *.json files of DIR that are not among AREAS. */
static int remove_stale(const char *dir, const json_t *areas) {
  char **paths;
  long n = cf_list_files(dir, ".json", 0, &paths);
  int rc = 0;
  if (n < 0)
    return -1;
  for (long i = 0; i < n; i++) {
    char *base = strrchr(paths[i], '/') + 1;
    base[strlen(base) - 5] = '\0'; /* drop ".json" */
    if (json_object_get(areas, base) == NULL) {
      base[strlen(base)] = '.';
      if (remove(paths[i]) != 0 && errno != ENOENT) {
        cf_error("cannot remove the stale area file %s: %s", paths[i],
                 strerror(errno));
        rc = -1;
      }
    }
  }
  cf_free_strings(paths, (size_t)n);
  return rc;
}

int cf_golden_write(const char *dir, const json_t *hello,
                    const json_t *records) {
  json_t *areas = json_object(), *rec;
  const char *id, *area;
  int rc = 0;
  json_object_foreach((json_t *)records, id, rec) {
    char *a = cf_area_of(id);
    if (json_object_get(areas, a) == NULL)
      json_object_set_new(areas, a, json_object());
    json_object_set(json_object_get(areas, a), id, rec);
    free(a);
  }
  if ((rc = ut_mkdirs(dir)) != 0) {
    cf_error("cannot create %s: %s", dir, strerror(rc));
    json_decref(areas);
    return -1;
  }
  json_object_foreach(areas, area, rec) {
    char *path = ut_xasprintf("%s/%s.json", dir, area);
    char *text = cf_golden_area_text(hello, rec);
    if (rc == 0)
      rc = cf_write_file(path, text, strlen(text));
    free(text);
    free(path);
  }
  if (rc == 0)
    rc = remove_stale(dir, areas);
  json_decref(areas);
  return rc;
}
