/* fp_tests.h - the tests of the fingerprint, page modes and fault counts.
 *
 * Each test is a function returning 0 when it passed; it asserts with the
 * project's test.h, so a failure aborts the process and a skip exits 77
 * (ctest shows a skip). ctest runs each one in its own process by name
 * (bench/fingerprint.cmake lists the same names). ARG is the path of the
 * mmaplab-fingerprint binary, for the CLI tests.
 */
#ifndef MMAPLAB_BENCH_FP_TESTS_H
#define MMAPLAB_BENCH_FP_TESTS_H

#include "test.h"

#define FP_TEST_LIST(XX)                                                       \
  XX(fp_schema)                                                                \
  XX(fp_notes_explain_nulls)                                                   \
  XX(fp_cli_json)                                                              \
  XX(fp_cli_bogus)                                                             \
  XX(fp_cli_bad_dir)                                                           \
  XX(fp_faults_4k_write)                                                       \
  XX(fp_faults_4k_read)                                                        \
  XX(fp_faults_populate)                                                       \
  XX(fp_faults_sources_agree)                                                  \
  XX(fp_aslr)                                                                  \
  XX(fp_aslr_child)                                                            \
  XX(fp_aslr_reexec_child)                                                     \
  XX(pagemode_names)                                                           \
  XX(pagemode_sys_read)                                                        \
  XX(pagemode_detect)                                                          \
  XX(pagemode_4k_verify)                                                       \
  XX(pagemode_thp)                                                             \
  XX(pagemode_huge2m)                                                          \
  XX(pagemode_huge1g)                                                          \
  XX(pagemode_mounts)

#define XX(name) int fp_test_##name(const char *arg);
FP_TEST_LIST(XX)
#undef XX

#endif
