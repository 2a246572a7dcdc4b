/* cli_tests.h - every C unit test of cli/; CMake reads this list to
 * register each as its own ctest test (cli.NAME). */
#ifndef MMAPLAB_CLI_TESTS_H
#define MMAPLAB_CLI_TESTS_H

#define CLI_TEST_LIST(XX)                                                      \
  XX(golden_numeric_order)                                                     \
  XX(golden_version_prefix)                                                    \
  XX(golden_ignores_non_goldens)                                               \
  XX(golden_bad_version)                                                       \
  XX(golden_none_or_unreadable)                                                \
  XX(golden_extreme_versions)

#define XX(name) void test_##name(void);
CLI_TEST_LIST(XX)
#undef XX

#endif /* MMAPLAB_CLI_TESTS_H */
