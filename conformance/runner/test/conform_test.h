/* conform_test.h - the runner's unit tests: tiny assertion macros that
 * print both operands and count failures. */
#ifndef MML_CONFORM_TEST_H
#define MML_CONFORM_TEST_H

#include <stdio.h>
#include <string.h>

extern int cf_test_failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      cf_test_failures++;                                                      \
    }                                                                          \
  } while (0)

#define CHECK_STR(got, want)                                                   \
  do {                                                                         \
    const char *g_ = (got), *w_ = (want);                                      \
    if (g_ == NULL || strcmp(g_, w_) != 0) {                                   \
      fprintf(stderr, "%s:%d: %s is \"%s\", want \"%s\"\n", __FILE__,          \
              __LINE__, #got, g_ ? g_ : "(null)", w_);                         \
      cf_test_failures++;                                                      \
    }                                                                          \
  } while (0)

/* The tests, each given the directory of the frozen test data. */
#define CF_TEST_LIST(XX)                                                       \
  XX(expr)                                                                     \
  XX(sha256)                                                                   \
  XX(requires)                                                                 \
  XX(resolve)                                                                  \
  XX(grade)                                                                    \
  XX(expect)                                                                   \
  XX(casedir)

#define XX(name) void cf_test_##name(const char *data);
CF_TEST_LIST(XX)
#undef XX

/* A cf_hello made from JSON text (page size 4096, 64-bit, the usual
 * constants); aborts the test binary if it does not parse. */
struct cf_hello;
void cf_test_hello(struct cf_hello *h);

#endif /* MML_CONFORM_TEST_H */
