/* test.h - the unit-test harness: assertions that print both operands.
 *
 * A test is `TEST_IMPL(name) { ... }` in a test_*.c file and listed in that
 * area's list_*.h. The runner (runner.c) runs each test in a child process
 * with a timeout, so a crash (SIGSEGV/SIGBUS) fails only that test.
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

/* Ends the test as skipped; REASON says why. */
#define SKIP(reason)                                                           \
  do {                                                                         \
    fprintf(stderr, "SKIP: %s\n", reason);                                     \
    exit(TEST_SKIP_CODE);                                                      \
  } while (0)

#define ASSERT(cond)                                                           \
  do {                                                                         \
    if (!(cond))                                                               \
      TEST_FAIL_("assertion failed: %s", #cond);                               \
  } while (0)

#define ASSERT_EQ(a, b)                                                        \
  do {                                                                         \
    int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                              \
    if (a_ != b_)                                                              \
      TEST_FAIL_("%s == %s: %" PRId64 " != %" PRId64, #a, #b, a_, b_);         \
  } while (0)

#define ASSERT_STR_EQ(a, b)                                                    \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if (strcmp(a_, b_) != 0)                                                   \
      TEST_FAIL_("%s == %s: \"%s\" != \"%s\"", #a, #b, a_, b_);                \
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
