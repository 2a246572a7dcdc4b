/* conform_test.h - the runner's unit tests: their list (ctest runs each
 * by name in a process of its own) and shared helpers. They assert with
 * core/test/test.h. */
#ifndef MML_CONFORM_TEST_H
#define MML_CONFORM_TEST_H

#include "test.h" /* the project's assertions: a failure aborts */

/* The tests, each given the directory of the frozen test data. */
#define CF_TEST_LIST(XX)                                                       \
  XX(expr)                                                                     \
  XX(sha256)                                                                   \
  XX(requires)                                                                 \
  XX(resolve)                                                                  \
  XX(grade)                                                                    \
  XX(expect)                                                                   \
  XX(expect_classed)                                                           \
  XX(casedir)                                                                  \
  XX(host_paths)                                                               \
  XX(out_dir)                                                                  \
  XX(proc)                                                                     \
  XX(errno_name)                                                               \
  XX(pagesize)                                                                 \
  XX(port_classes)

#define XX(name) void cf_test_##name(const char *data);
CF_TEST_LIST(XX)
#undef XX

/* A cf_hello made from JSON text (page size 4096, 64-bit, the usual
 * constants); aborts the test binary if it does not parse. */
struct cf_hello;
void cf_test_hello(struct cf_hello *h);

#endif /* MML_CONFORM_TEST_H */
