/* test.h - the one test-assertion header of the project: every C test
 * (core, util, bench, gate, reports, conformance) asserts with it.
 *
 * A failed assertion prints "file:line: what: operand vs operand" on
 * stderr and aborts the test process, so each test runs in a process of
 * its own (ctest runs one test name per process). Comparisons print both
 * operands; ASSERT is only for truths that are not comparisons.
 *
 * In the core, a test is `TEST_IMPL(name) { ... }` in a test_*.c file and
 * listed in that area's list_*.h. The runner (runner.c) runs each test in
 * a child process with a timeout, so a crash (SIGSEGV/SIGBUS) fails only
 * that test.
 */
#ifndef MML_TEST_H
#define MML_TEST_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mmaplab.h"

#define TEST_IMPL(name)                                                        \
  void test_##name(void);                                                      \
  void test_##name(void)

/* Exit status of a skipped test (ctest's SKIP_RETURN_CODE). */
#define TEST_SKIP_CODE 77

#define TEST_FAIL_(...)                                                        \
  do {                                                                         \
    fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                            \
    fprintf(stderr, __VA_ARGS__);                                              \
    fputc('\n', stderr);                                                       \
    abort();                                                                   \
  } while (0)

/* One test of a list: a test binary's table is built from the list's
 * X-macro with TEST_ENTRY (XX(name) -> {"name", test_name}). */
typedef struct test_entry {
  const char *name;
  void (*fn)(void);
} test_entry;
#define TEST_ENTRY(name) {#name, test_##name},

/* The test named NAME among the N of LIST, or NULL. */
static inline const test_entry *test_find(const test_entry *list, size_t n,
                                          const char *name) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i].name, name) == 0)
      return &list[i];
  return NULL;
}

/* The main of a test binary whose tests run in-process, one per process
 * (ctest gives each its own): "PROG --list" prints the names, "PROG NAME"
 * runs BEFORE (when not NULL) and that test, and exits 0 if it returns (a
 * failed assertion aborts, SKIP exits 77); anything else is misuse, 2. */
static inline int test_main_named(const test_entry *list, size_t n, int argc,
                                  char **argv, void (*before)(void)) {
  const test_entry *t = argc == 2 ? test_find(list, n, argv[1]) : NULL;
  if (argc == 2 && strcmp(argv[1], "--list") == 0) {
    for (size_t i = 0; i < n; i++)
      puts(list[i].name);
    return 0;
  }
  if (t == NULL) {
    fprintf(stderr, "usage: %s NAME | --list (no test %s)\n", argv[0],
            argc == 2 ? argv[1] : "named");
    return 2;
  }
  if (before != NULL)
    before();
  t->fn();
  return 0;
}

/* Ends the test as skipped; REASON says why. */
#define SKIP(reason)                                                           \
  do {                                                                         \
    fprintf(stderr, "SKIP: %s\n", reason);                                     \
    exit(TEST_SKIP_CODE);                                                      \
  } while (0)

/* A truth that is not a comparison (a flag, a predicate). Comparisons use
 * the macros below, which print both operands; a compound condition is
 * split into one assertion per part, so that a failure names its side. */
#define ASSERT(cond)                                                           \
  do {                                                                         \
    if (!(cond))                                                               \
      TEST_FAIL_("assertion failed: %s", #cond);                               \
  } while (0)

/* A OP B for values of type T, printed with FMT (a <inttypes.h> or printf
 * conversion); the base of the typed comparisons below. SA and SB are A
 * and B as written (stringified by the caller, before macro expansion). */
#define TEST_CMP_(T, fmt, a, op, b, sa, sb)                                    \
  do {                                                                         \
    const T a_ = (T)(a), b_ = (T)(b);                                          \
    if (!(a_ op b_))                                                           \
      TEST_FAIL_("%s %s %s: " fmt " vs " fmt, sa, #op, sb, a_, b_);            \
  } while (0)

/* Signed integers (anything that fits int64_t: int, ssize_t, off_t...). */
#define ASSERT_EQ(a, b) TEST_CMP_(int64_t, "%" PRId64, a, ==, b, #a, #b)
#define ASSERT_NE(a, b) TEST_CMP_(int64_t, "%" PRId64, a, !=, b, #a, #b)
#define ASSERT_LT(a, b) TEST_CMP_(int64_t, "%" PRId64, a, <, b, #a, #b)
#define ASSERT_LE(a, b) TEST_CMP_(int64_t, "%" PRId64, a, <=, b, #a, #b)
#define ASSERT_GT(a, b) TEST_CMP_(int64_t, "%" PRId64, a, >, b, #a, #b)
#define ASSERT_GE(a, b) TEST_CMP_(int64_t, "%" PRId64, a, >=, b, #a, #b)

/* Unsigned integers beyond INT64_MAX (size_t, uint64_t): A OP B. */
#define ASSERT_U64(a, op, b) TEST_CMP_(uint64_t, "%" PRIu64, a, op, b, #a, #b)

/* Floating point: A OP B, and |A - B| <= TOL. */
#define ASSERT_DBL(a, op, b) TEST_CMP_(double, "%.17g", a, op, b, #a, #b)
#define ASSERT_NEAR(a, b, tol)                                                 \
  do {                                                                         \
    const double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);       \
    if (!(a_ - b_ <= t_ && b_ - a_ <= t_))                                     \
      TEST_FAIL_("%s ~ %s within %s: %.17g vs %.17g", #a, #b, #tol, a_, b_);   \
  } while (0)

/* Pointers. */
#define ASSERT_NULL(p)                                                         \
  do {                                                                         \
    const void *p_ = (const void *)(p);                                        \
    if (p_ != NULL)                                                            \
      TEST_FAIL_("%s == NULL: %p", #p, p_);                                    \
  } while (0)
#define ASSERT_NOT_NULL(p)                                                     \
  do {                                                                         \
    if ((const void *)(p) == NULL)                                             \
      TEST_FAIL_("%s != NULL", #p);                                            \
  } while (0)
/* Two pointers (object or function) are the same address, or are not. */
#define TEST_PTR_CMP_(a, op, b, sa, sb)                                        \
  do {                                                                         \
    const void *a_ = (const void *)(a), *b_ = (const void *)(b);               \
    if (!(a_ op b_))                                                           \
      TEST_FAIL_("%s %s %s: %p vs %p", sa, #op, sb, a_, b_);                   \
  } while (0)
#define ASSERT_PTR_EQ(a, b) TEST_PTR_CMP_(a, ==, b, #a, #b)
#define ASSERT_PTR_NE(a, b) TEST_PTR_CMP_(a, !=, b, #a, #b)

/* Strings; NULL is a value of its own, printed as (null). */
#define TEST_STR_(s) ((s) != NULL ? (s) : "(null)")
#define ASSERT_STR_EQ(a, b)                                                    \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (a_ == NULL || b_ == NULL ? a_ != b_ : strcmp(a_, b_) != 0)             \
      TEST_FAIL_("%s == %s: \"%s\" vs \"%s\"", #a, #b, TEST_STR_(a_),          \
                 TEST_STR_(b_));                                               \
  } while (0)
#define ASSERT_STR_NE(a, b)                                                    \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (a_ == NULL || b_ == NULL ? a_ == b_ : strcmp(a_, b_) == 0)             \
      TEST_FAIL_("%s != %s: both \"%s\"", #a, #b, TEST_STR_(a_));              \
  } while (0)
/* HAY holds NEEDLE (ASSERT_STR_HAS) or does not (ASSERT_STR_LACKS). */
#define ASSERT_STR_HAS(hay, needle)                                            \
  do {                                                                         \
    const char *h_ = (hay), *n_ = (needle);                                    \
    if (h_ == NULL || strstr(h_, n_) == NULL)                                  \
      TEST_FAIL_("%s holds %s: \"%s\" lacks \"%s\"", #hay, #needle,            \
                 TEST_STR_(h_), n_);                                           \
  } while (0)
#define ASSERT_STR_LACKS(hay, needle)                                          \
  do {                                                                         \
    const char *h_ = (hay), *n_ = (needle);                                    \
    if (h_ != NULL && strstr(h_, n_) != NULL)                                  \
      TEST_FAIL_("%s lacks %s: \"%s\" holds \"%s\"", #hay, #needle, h_, n_);   \
  } while (0)

#define ASSERT_MEM_EQ(a, b, n)                                                 \
  do {                                                                         \
    size_t n_ = (size_t)(n);                                                   \
    if (memcmp((a), (b), n_) != 0)                                             \
      TEST_FAIL_("%s == %s over %zu bytes: \"%.*s\" != \"%.*s\"", #a, #b, n_,  \
                 (int)(n_ > 64 ? 64 : n_), (const char *)(a),                  \
                 (int)(n_ > 64 ? 64 : n_), (const char *)(b));                 \
  } while (0)

/* EXPR returns 0. */
#define ASSERT_OK(expr)                                                        \
  do {                                                                         \
    int rc_ = (expr);                                                          \
    if (rc_ != 0)                                                              \
      TEST_FAIL_("%s failed: %s %s: %s", #expr,                                \
                 mml_exc_name(mml_err_kind(rc_)), mml_err_name(rc_),           \
                 mml_strerror(rc_));                                           \
  } while (0)

/* EXPR returns the error code CODE (an MML_E* name or -errno). */
#define ASSERT_ERR(expr, code)                                                 \
  do {                                                                         \
    int rc_ = (expr), want_ = (code);                                          \
    if (rc_ != want_)                                                          \
      TEST_FAIL_("%s: got %s (%s: %s), want %s (%s: %s)", #expr,               \
                 mml_err_name(rc_), mml_exc_name(mml_err_kind(rc_)),           \
                 mml_strerror(rc_), mml_err_name(want_),                       \
                 mml_exc_name(mml_err_kind(want_)), mml_strerror(want_));      \
  } while (0)

#endif /* MML_TEST_H */
