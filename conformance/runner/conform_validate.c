/* conform_validate.c - fields of a case and of its operations. */
#include "conform_validate.h"

#include "conform_requires.h"
#include "conform_util.h"

#include <stdio.h>
#include <string.h>

int cf_id_valid(const char *id) {
  if (id == NULL || !((*id >= 'a' && *id <= 'z') || (*id >= '0' && *id <= '9')))
    return 0;
  for (const char *p = id; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
          strchr("._/+-", *p) != NULL))
      return 0;
  return 1;
}

/* Every operation with its required and optional fields (space-separated);
 * "op" and "comment" are allowed everywhere. */
static const struct op_spec {
  const char *name, *required, *optional;
} op_specs[] = {
    {"open_fd", "as", "file mode special"},
    {"close_fd", "fd", ""},
    {"truncate_fd", "fd size", ""},
    {"new", "as", "args kwargs"},
    {"call", "on method", "args kwargs"},
    {"getattr", "on name", ""},
    {"setattr", "on name value", ""},
    {"getitem", "on key", ""},
    {"setitem", "on key value", ""},
    {"delitem", "on key", ""},
    {"len", "on", ""},
    {"bool", "on", ""},
    {"repr", "on", ""},
    {"iter", "on", ""},
    {"reversed", "on", ""},
    {"contains", "on value", ""},
    {"bytes", "on", ""},
    {"enter", "on", ""},
    {"exit", "on", "args"},
    {"export", "on as", ""},
    {"release", "view", ""},
    {"view_getitem", "view key", ""},
    {"view_setitem", "view key value", ""},
    {"const", "name", ""},
    {"del", "name", ""},
    {"pickle", "on protocol", ""},
    {"reduce_ex", "on protocol", ""},
    {"copy", "on", ""},
    {"deepcopy", "on", ""},
    {"module_dir", "", ""},
    {"module_constants", "", ""},
    {"audit_start", "", ""},
    {"audit_events", "", "prefix"},
    {"buffer", "on flags as", ""},
    {"view_cast", "view format as", "shape"},
    {"view_tolist", "view", ""},
    {"view_getattr", "view name", ""},
    {"file_read", "file", ""},
    {"file_size", "file", ""},
    {"file_truncate", "file size", ""},
    {"file_write", "file offset data", ""},
};

static const struct op_spec *find_spec(const char *name) {
  for (size_t i = 0; i < sizeof op_specs / sizeof op_specs[0]; i++)
    if (strcmp(op_specs[i].name, name) == 0)
      return &op_specs[i];
  return NULL;
}

/* Whether the space-separated LIST contains WORD. */
static int in_list(const char *list, const char *word) {
  size_t n = strlen(word);
  if (n == 0) /* strstr finds "" everywhere and p += 0 never moves on */
    return 0;
  for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return 1;
  return 0;
}

/* Checks the value of field KEY by what the field holds. */
static int field_ok(const char *key, const json_t *v, const json_t *files,
                    char *why, size_t whylen) {
  size_t i;
  const char *k;
  json_t *m;
  if (!strcmp(key, "key") || !strcmp(key, "value") || !strcmp(key, "data") ||
      !strcmp(key, "flags"))
    return cf_validate_value(v, why, whylen);
  if (!strcmp(key, "args") || !strcmp(key, "shape")) {
    if (!json_is_array(v))
      return cf_why(why, whylen, "\"%s\" must be an array", key);
    json_array_foreach(v, i, m) {
      if (cf_validate_value(m, why, whylen) != 0)
        return -1;
    }
    return 0;
  }
  if (!strcmp(key, "kwargs")) {
    if (!json_is_object(v))
      return cf_why(why, whylen, "\"kwargs\" must be an object");
    json_object_foreach((json_t *)v, k, m) {
      if (cf_validate_value(m, why, whylen) != 0)
        return -1;
    }
    return 0;
  }
  if (!strcmp(key, "protocol")) { /* pickle's: an integer expression */
    if (!json_is_object(v) || json_object_size(v) != 1 ||
        json_object_get(v, "int") == NULL)
      return cf_why(why, whylen, "\"protocol\" must be {\"int\": E}");
    return cf_validate_value(v, why, whylen);
  }
  if (!strcmp(key, "offset") || !strcmp(key, "size")) {
    /* World-op integers: {"int": "E"} or a bare expression string. */
    if (json_is_string(v))
      return cf_validate_expr(json_string_value(v), why, whylen);
    if (json_is_object(v) && json_object_get(v, "int") != NULL)
      return cf_validate_value(v, why, whylen);
    return cf_why(why, whylen, "\"%s\" must be {\"int\": E}", key);
  }
  if (!json_is_string(v))
    return cf_why(why, whylen, "\"%s\" must be a string", key);
  if (!strcmp(key, "file") && !json_object_get(files, json_string_value(v)))
    return cf_why(why, whylen, "file \"%s\" is not in \"files\"",
                  json_string_value(v));
  return 0;
}

/* open_fd: either a file with a mode, or a special kind. */
static int open_fd_ok(const json_t *op, char *why, size_t whylen) {
  const char *mode = json_string_value(json_object_get(op, "mode"));
  const char *special = json_string_value(json_object_get(op, "special"));
  const json_t *file = json_object_get(op, "file");
  static const char *const specials = "devzero pipe_r pipe_w socket "
                                      "unix_socket dir";
  if (special != NULL) {
    if (!in_list(specials, special) || mode != NULL ||
        (file != NULL) != (strcmp(special, "dir") == 0))
      return cf_why(why, whylen,
                    "open_fd: bad special \"%s\" (dir takes "
                    "a file, the others none; no mode)",
                    special);
    return 0;
  }
  if (file == NULL || mode == NULL || !in_list("r w r+ a+", mode))
    return cf_why(why, whylen,
                  "open_fd needs file and mode (r, w, r+ or a+), or special");
  return 0;
}

/* view_getattr: the memoryview attributes 4.1 lists. */
static int view_attr_ok(const json_t *op, char *why, size_t whylen) {
  static const char *const names = "readonly format itemsize nbytes shape "
                                   "strides ndim c_contiguous contiguous";
  const char *name = json_string_value(json_object_get(op, "name"));
  if (name == NULL || !in_list(names, name))
    return cf_why(why, whylen, "view_getattr: unknown attribute \"%s\"", name);
  return 0;
}

static int op_ok(const json_t *op, const json_t *files, char *why,
                 size_t whylen) {
  const char *name = json_string_value(json_object_get(op, "op"));
  const struct op_spec *spec = name ? find_spec(name) : NULL;
  const char *key;
  json_t *v;
  if (!json_is_object(op) || name == NULL)
    return cf_why(why, whylen, "an op must be an object with \"op\"");
  if (spec == NULL)
    return cf_why(why, whylen, "unknown op \"%s\"", name);
  json_object_foreach((json_t *)op, key, v) {
    if (!strcmp(key, "op") || !strcmp(key, "comment"))
      continue;
    if (!in_list(spec->required, key) && !in_list(spec->optional, key))
      return cf_why(why, whylen, "%s: unknown field \"%s\"", name, key);
    if (field_ok(key, v, files, why, whylen) != 0)
      return -1;
  }
  for (const char *p = spec->required; *p;) {
    char field[16];
    size_t n = strcspn(p, " ");
    snprintf(field, sizeof field, "%.*s", (int)n, p);
    if (json_object_get(op, field) == NULL)
      return cf_why(why, whylen, "%s: missing field \"%s\"", name, field);
    p += n + (p[n] == ' ');
  }
  if (strcmp(name, "view_getattr") == 0)
    return view_attr_ok(op, why, whylen);
  return strcmp(name, "open_fd") == 0 ? open_fd_ok(op, why, whylen) : 0;
}

int cf_validate_inner_op(const json_t *op, char *why, size_t whylen) {
  static const char *const outside = "open_fd file_read file_size "
                                     "file_truncate file_write";
  const char *name = json_string_value(json_object_get(op, "op"));
  if (name != NULL && in_list(outside, name))
    return cf_why(why, whylen, "%s cannot run inside __index__", name);
  return op_ok(op, NULL, why, whylen);
}

/* A file entry: bytes, text, fill with a size, or an empty directory. */
static int file_ok(const char *name, const json_t *f, char *why,
                   size_t whylen) {
  const char *fill = json_string_value(json_object_get(f, "fill"));
  if (name[0] == '.' ||
      strspn(name, "abcdefghijklmnopqrstuvwxyz"
                   "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != strlen(name))
    return cf_why(why, whylen, "file name \"%s\": use [A-Za-z0-9_.-]", name);
  if (json_is_object(f) && json_object_size(f) == 1 &&
      (json_object_get(f, "bytes") || json_object_get(f, "text")))
    return cf_validate_value(f, why, whylen);
  if (json_is_object(f) && json_object_size(f) == 1 &&
      json_is_true(json_object_get(f, "dir")))
    return 0;
  if (json_is_object(f) && json_object_size(f) == 2 && fill != NULL &&
      (!strcmp(fill, "pattern") || !strcmp(fill, "zeros")) &&
      json_is_string(json_object_get(f, "size")))
    return cf_validate_expr(json_string_value(json_object_get(f, "size")), why,
                            whylen);
  return cf_why(why, whylen,
                "file \"%s\": want {\"bytes\"}, {\"text\"}, "
                "{\"fill\", \"size\"} or {\"dir\": true}",
                name);
}

static int string_array_ok(const json_t *a, const char *what, char *why,
                           size_t whylen) {
  size_t i;
  json_t *v;
  if (!json_is_array(a))
    return cf_why(why, whylen, "\"%s\" must be an array of strings", what);
  json_array_foreach(a, i, v) {
    if (!json_is_string(v) || json_string_length(v) == 0)
      return cf_why(why, whylen, "\"%s\" must be an array of strings", what);
  }
  return 0;
}

static int requires_ok(const json_t *req, char *why, size_t whylen) {
  const char *key;
  json_t *v;
  if (!json_is_object(req))
    return cf_why(why, whylen, "\"requires\" must be an object");
  json_object_foreach((json_t *)req, key, v) {
    if (!strcmp(key, "python")) {
      if (!json_is_string(v))
        return cf_why(why, whylen, "requires.python must be a string");
      if (cf_python_spec_check(json_string_value(v), why, whylen) != 0)
        return -1;
    } else if (!strcmp(key, "platforms") || !strcmp(key, "features")) {
      if (string_array_ok(v, key, why, whylen) != 0)
        return -1;
    } else {
      return cf_why(why, whylen, "requires: unknown field \"%s\"", key);
    }
  }
  return 0;
}

static int files_and_ops_ok(const json_t *kase, char *why, size_t whylen) {
  const json_t *files = json_object_get(kase, "files");
  const json_t *ops = json_object_get(kase, "ops");
  const char *name;
  json_t *v;
  size_t i;
  if (files != NULL && !json_is_object(files))
    return cf_why(why, whylen, "\"files\" must be an object");
  json_object_foreach((json_t *)files, name, v) {
    if (file_ok(name, v, why, whylen) != 0)
      return -1;
  }
  if (!json_is_array(ops))
    return cf_why(why, whylen, "\"ops\" must be an array");
  json_array_foreach(ops, i, v) {
    char inner[400];
    if (op_ok(v, files, inner, sizeof inner) != 0)
      return cf_why(why, whylen, "op %zu: %s", i, inner);
  }
  return 0;
}

int cf_validate_case(const json_t *kase, char *why, size_t whylen) {
  static const char *const known = "id title tags requires isolate files ops "
                                   "comment";
  const char *title = json_string_value(json_object_get(kase, "title"));
  const json_t *tags = json_object_get(kase, "tags");
  const json_t *req = json_object_get(kase, "requires");
  const json_t *iso = json_object_get(kase, "isolate");
  const char *key;
  json_t *v;
  if (!json_is_object(kase))
    return cf_why(why, whylen, "a case must be an object");
  if (!cf_id_valid(json_string_value(json_object_get(kase, "id"))))
    return cf_why(why, whylen, "\"id\" must match [a-z0-9][a-z0-9._/+-]*");
  json_object_foreach((json_t *)kase, key, v) {
    if (!in_list(known, key))
      return cf_why(why, whylen, "unknown field \"%s\"", key);
  }
  if (title == NULL || *title == '\0' || strchr(title, '\n') != NULL)
    return cf_why(why, whylen, "\"title\" must be one non-empty line");
  if (tags != NULL && string_array_ok(tags, "tags", why, whylen) != 0)
    return -1;
  if (req != NULL && requires_ok(req, why, whylen) != 0)
    return -1;
  if (iso != NULL && !json_is_boolean(iso))
    return cf_why(why, whylen, "\"isolate\" must be true or false");
  return files_and_ops_ok(kase, why, whylen);
}
