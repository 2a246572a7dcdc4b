/* conform_test_port.c - what grading a port on another platform needs:
 * errno names, goldens derived for another page size, version and port
 * classes. */
#define _POSIX_C_SOURCE 200809L
#include "conform_test.h"

#include "conform_expect.h"
#include "conform_grade.h"
#include "conform_hello.h"
#include "conform_pagesize.h"

#include <stdlib.h>
#include <unistd.h>

static json_t *parse(const char *text) {
  json_t *j = json_loads(text, 0, NULL);
  if (j == NULL)
    fprintf(stderr, "  does not parse: %s\n", text);
  ASSERT_NOT_NULL(j);
  return j;
}

/* A record of one raised OSError-like exception. */
static json_t *raising(const char *type, int err, const char *message) {
  char text[400];
  snprintf(text, sizeof text,
           "{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": {}, \"results\": "
           "[{\"value\": null}, {\"raise\": {\"type\": \"%s\", \"errno\": %d, "
           "\"message\": \"%s\"}}]}",
           type, err, message);
  return parse(text);
}

void cf_test_errno_name(const char *data) {
  json_t *linux_errnos = parse("{\"ENOMEM\": 12, \"EINVAL\": 22}");
  json_t *emsc_errnos = parse("{\"ENOMEM\": 48, \"EINVAL\": 28}");
  json_t *ref = raising("OSError", 12, "Cannot allocate memory");
  json_t *same_name = raising("OSError", 48, "Out of memory");
  json_t *other_name = raising("OSError", 28, "Invalid argument");
  json_t *other_type = raising("MemoryError", 48, "Out of memory");
  const cf_grade_env env = {linux_errnos, emsc_errnos};
  cf_grade g;
  (void)data;
  /* Same name, other number (and the other libc's text): passed, noted. */
  cf_grade_records_env(ref, same_name, NULL, &env, &g);
  ASSERT_EQ(g.kind, CF_GRADE_PASS);
  ASSERT_EQ(g.note, CF_NOTE_ERRNO_NAME);
  ASSERT_NOT_NULL(strstr(g.note_detail, "ENOMEM"));
  ASSERT_STR_EQ(cf_note_name(g.note), "errno-name");
  cf_grade_clear(&g);
  /* Without the tables the numbers must be equal. */
  cf_grade_records(ref, same_name, NULL, &g);
  ASSERT_EQ(g.kind, CF_GRADE_FAIL);
  ASSERT_EQ(g.level, CF_LEVEL_MESSAGE);
  ASSERT_EQ(g.note, CF_NOTE_NONE);
  cf_grade_clear(&g);
  /* Another error is a difference. */
  cf_grade_records_env(ref, other_name, NULL, &env, &g);
  ASSERT_EQ(g.kind, CF_GRADE_FAIL);
  ASSERT_EQ(g.level, CF_LEVEL_MESSAGE);
  cf_grade_clear(&g);
  /* So is another type, whatever the errno. */
  cf_grade_records_env(ref, other_type, NULL, &env, &g);
  ASSERT_EQ(g.kind, CF_GRADE_FAIL);
  ASSERT_EQ(g.level, CF_LEVEL_TYPE);
  ASSERT_NULL(g.note_detail);
  cf_grade_clear(&g);
  ASSERT_EQ(cf_errnos_same_name(linux_errnos, 22, emsc_errnos, 28), 1);
  ASSERT_EQ(cf_errnos_same_name(linux_errnos, 22, emsc_errnos, 48), 0);
  ASSERT_EQ(cf_errnos_same_name(NULL, 22, emsc_errnos, 28), 0);
  json_decref(linux_errnos);
  json_decref(emsc_errnos);
  json_decref(ref);
  json_decref(same_name);
  json_decref(other_name);
  json_decref(other_type);
}

/* Whether case text KASE is derivable for 64 KiB pages (reference 4096),
 * given the reference's record REC (NULL: a plain ok record): 1, or 0
 * when the reason not to names WHY. */
static int derivable_why(const cf_hello *h, const char *kase, const char *rec,
                         const char *want) {
  json_t *c = parse(kase);
  json_t *r = parse(rec ? rec
                        : "{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": "
                          "{}, \"results\": []}");
  char *why = cf_pagesize_underivable(c, h, r, 4096, 65536);
  const int ok = why == NULL;
  if (why != NULL && (want == NULL || strstr(why, want) == NULL))
    fprintf(stderr, "  not derivable, but not for '%s': %s\n",
            want ? want : "(derivable)", why);
  ASSERT_EQ(why == NULL || (want != NULL && strstr(why, want) != NULL), 1);
  free(why);
  json_decref(c);
  json_decref(r);
  return ok;
}

#define derivable(h, kase, rec) derivable_why(h, kase, rec, NULL)

#define CASE(ops)                                                              \
  "{\"id\": \"t/x\", \"title\": \"t\", \"tags\": [], \"files\": {}, "          \
  "\"ops\": [" ops "]}"
#define NEW "{\"op\": \"new\", \"as\": \"m\", \"args\": [{\"int\": \"-1\"}, "

void cf_test_pagesize(const char *data) {
  cf_hello h;
  json_t *hello, *consts, *rec;
  char *name;
  (void)data;
  cf_test_hello(&h);
  json_object_set_new(h.constants, "MADV_DONTNEED", json_integer(4));
  json_object_set_new(h.constants, "MADV_NORMAL", json_integer(0));
  h.resolve_pagesize = 65536;
  /* PAGESIZE resolves to the derived size, so a page multiple stays one. */
  ASSERT_EQ(derivable(&h,
                      CASE(NEW "{\"int\": \"PAGESIZE*2\"}], \"kwargs\": "
                               "{\"offset\": {\"int\": \"PAGESIZE\"}}}"),
                      NULL),
            1);
  /* A literal 4096 is a page to the reference and not to the host. */
  ASSERT_EQ(derivable_why(&h,
                          CASE(NEW "{\"int\": \"PAGESIZE\"}], \"kwargs\": "
                                   "{\"offset\": {\"int\": \"4096\"}}}"),
                          NULL, "4096 is a multiple"),
            0);
  /* Unaligned values fail alike on both. */
  ASSERT_EQ(derivable(&h, CASE(NEW "{\"int\": \"PAGESIZE+1\"}]}"), NULL), 1);
  /* madvise: discarding advice depends on the page, the rest does not. */
  ASSERT_EQ(derivable_why(&h,
                          CASE(NEW "{\"int\": \"100\"}]}, {\"op\": \"call\", "
                                   "\"on\": \"m\", \"method\": \"madvise\", "
                                   "\"args\": [{\"int\": \"MADV_DONTNEED\"}]}"),
                          NULL, "MADV_DONTNEED"),
            0);
  ASSERT_EQ(derivable(&h,
                      CASE(NEW "{\"int\": \"100\"}]}, {\"op\": \"call\", "
                               "\"on\": \"m\", \"method\": \"madvise\", "
                               "\"args\": [{\"int\": \"MADV_NORMAL\"}]}"),
                      NULL),
            1);
  /* A mapped file cut short of a page boundary. */
  ASSERT_EQ(derivable_why(&h,
                          CASE(NEW "{\"int\": \"100\"}]}, {\"op\": "
                                   "\"file_truncate\", \"file\": \"f\", "
                                   "\"size\": {\"int\": \"10\"}}"),
                          NULL, "truncated to 10 bytes"),
            0);
  /* A SIGBUS of the reference. */
  ASSERT_EQ(derivable_why(&h, CASE(NEW "{\"int\": \"100\"}]}"),
                          "{\"sha\": \"0\", \"outcome\": \"crash\", "
                          "\"crash\": {\"signal\": \"SIGBUS\"}, \"files\": "
                          "{}, \"results\": []}",
                          "SIGBUS"),
            0);
  /* The derived hello and the const results say the derived size. */
  hello = cf_pagesize_hello(h.json, 4096, 65536);
  consts = json_object_get(hello, "constants");
  ASSERT_EQ(json_integer_value(json_object_get(hello, "pagesize")), 65536);
  ASSERT_EQ(json_integer_value(json_object_get(hello, "allocationgranularity")),
            65536);
  ASSERT_EQ(json_integer_value(json_object_get(hello, "derived_pagesize")),
            4096);
  ASSERT_NULL(json_object_get(consts, "PAGESIZE")); /* not in the test's */
  json_decref(hello);
  rec = parse("{\"sha\": \"0\", \"outcome\": \"ok\", \"files\": {}, "
              "\"results\": [{\"value\": {\"int\": \"4096\"}}]}");
  {
    json_t *c = parse(CASE("{\"op\": \"const\", \"name\": \"PAGESIZE\"}"));
    cf_pagesize_fix_record(c, rec, 65536);
    ASSERT_STR_EQ(
        json_string_value(json_object_get(
            json_object_get(json_array_get(json_object_get(rec, "results"), 0),
                            "value"),
            "int")),
        "65536");
    json_decref(c);
  }
  json_decref(rec);
  name = cf_pagesize_golden_name("cpython-3.13.0", 65536);
  ASSERT_STR_EQ(name, "cpython-3.13.0-pagesize-65536");
  free(name);
  cf_hello_clear(&h);
}

/* Loads TEXT as an expectations file: 0 or -1. */
static int load_text(const char *text) {
  char path[] = "/tmp/mmaplab-expect-port-XXXXXX";
  int fd = mkstemp(path), rc;
  FILE *f = fdopen(fd, "w");
  cf_expect e;
  fputs(text, f);
  fclose(f);
  rc = cf_expect_load(path, &e);
  remove(path);
  if (rc == 0)
    cf_expect_free(&e);
  return rc;
}

#define CLASSED(kind, reason)                                                  \
  "{\"format\": 1, \"golden\": \"g\", \"platform\": \"emscripten\", "          \
  "\"classes\": {\"c\": {\"kind\": \"" kind "\", \"reason\": \"" reason        \
  "\"}}, \"expected\": [{\"case\": \"t/a\", \"class\": \"c\", \"level\": "     \
  "\"message\", \"actual\": {\"sha\": \"0\", \"outcome\": \"ok\", "            \
  "\"files\": {}, \"results\": []}}]}"

void cf_test_port_classes(const char *data) {
  (void)data;
  ASSERT_EQ(load_text(CLASSED("port", "Emscripten has no mremap.")), 0);
  ASSERT_EQ(load_text(CLASSED("version", "Argument Clinic (gh-116738).")), 0);
  ASSERT_EQ(load_text(CLASSED("version", "see commit 7f155f9c46e2.")), 0);
  /* A CPython change must say which one (the error line is expected). */
  ASSERT_NE(load_text(CLASSED("version", "CPython changed it.")), 0);
  ASSERT_NE(load_text(CLASSED("version", "gh- without a number")), 0);
  ASSERT_NE(load_text(CLASSED("portable", "no such kind")), 0);
  ASSERT_STR_EQ(cf_class_kind_name(CF_CLASS_VERSION), "version");
  ASSERT_STR_EQ(cf_class_kind_name(CF_CLASS_PORT), "port");
}
