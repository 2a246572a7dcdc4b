# fingerprint.cmake - the bench's system layer, include()d by bench/CMakeLists.txt:
#   mmaplab_bench_sys     static library: fingerprint.c, pagemode.c, faults.c,
#                         bench_getopt.c
#   mmaplab_fingerprint   the CLI mmaplab-fingerprint
#   bench.fp_* / bench.pagemode_*   ctest tests (bench/test_fp)
# Build facts the fingerprint records (compiler, flags, build type,
# libbenchmark version) are written to a generated header at the end of
# the including directory, when every language and package is known; the
# git revision is refreshed at every build.
include_guard(GLOBAL)

include(${CMAKE_CURRENT_LIST_DIR}/fingerprint_build.cmake)

find_package(PkgConfig REQUIRED)
if(NOT TARGET PkgConfig::JANSSON)
  pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
endif()

add_library(mmaplab_bench_sys STATIC
  ${MMAPLAB_FP_DIR}/fingerprint.c
  ${MMAPLAB_FP_DIR}/fingerprint_cli.c
  ${MMAPLAB_FP_DIR}/bench_getopt.c
  ${MMAPLAB_FP_DIR}/pagemode.c
  ${MMAPLAB_FP_DIR}/faults.c
  ${MMAPLAB_FP_DIR}/faults_common.c
  ${MMAPLAB_FP_DIR}/pagemode_names.c)
add_dependencies(mmaplab_bench_sys mmaplab_fp_git)
target_include_directories(mmaplab_bench_sys PUBLIC ${MMAPLAB_FP_DIR}
  PRIVATE ${MMAPLAB_FP_GEN})
target_link_libraries(mmaplab_bench_sys PUBLIC PkgConfig::JANSSON
  PRIVATE mmaplab_util mmaplab_warnings)

add_executable(mmaplab_fingerprint ${MMAPLAB_FP_DIR}/fingerprint_main.c)
target_link_libraries(mmaplab_fingerprint PRIVATE mmaplab_bench_sys
  mmaplab_warnings)
set_target_properties(mmaplab_fingerprint PROPERTIES
  OUTPUT_NAME mmaplab-fingerprint)

if(MMAPLAB_BUILD_TESTS)
  add_executable(mmaplab_bench_fp_tests
    ${MMAPLAB_FP_DIR}/test_fp/fp_test_main.c
    ${MMAPLAB_FP_DIR}/test_fp/fp_test_faults.c
    ${MMAPLAB_FP_DIR}/test_fp/fp_test_fingerprint.c
    ${MMAPLAB_FP_DIR}/test_fp/fp_test_pagemode.c)
  target_include_directories(mmaplab_bench_fp_tests PRIVATE
    ${MMAPLAB_FP_DIR}/test_fp)
  # bench_test_util (bench/test) for bt_slurp.
  target_link_libraries(mmaplab_bench_fp_tests PRIVATE mmaplab_bench_sys
    mmaplab_bench_test_util mmaplab_test_assert mmaplab_warnings)
  # The same names as FP_TEST_LIST in test_fp/fp_tests.h.
  set(_mmaplab_fp_tests
    fp_schema fp_notes_explain_nulls fp_cli_json fp_cli_bogus fp_cli_bad_dir
    fp_faults_4k_write fp_faults_4k_read fp_faults_populate
    fp_faults_sources_agree fp_aslr
    pagemode_names pagemode_sys_read pagemode_detect pagemode_4k_verify
    pagemode_thp pagemode_huge2m pagemode_huge1g pagemode_mounts)
  foreach(t IN LISTS _mmaplab_fp_tests)
    add_test(NAME bench.${t} COMMAND mmaplab_bench_fp_tests ${t}
      $<TARGET_FILE:mmaplab_fingerprint>)
    set_tests_properties(bench.${t} PROPERTIES TIMEOUT 120
      SKIP_RETURN_CODE 77)
  endforeach()
  # These may resize the hugetlb pools (root): one at a time with anything
  # else that takes the same lock.
  set_tests_properties(bench.pagemode_huge2m bench.pagemode_huge1g
    PROPERTIES RESOURCE_LOCK "mmaplab_hugetlb_pool;mmaplab_page_faults")
  # Fault counts are the whole process's (see bench/test/CMakeLists.txt).
  set_tests_properties(bench.fp_faults_4k_write bench.fp_faults_4k_read
    bench.fp_faults_populate bench.fp_faults_sources_agree bench.pagemode_thp
    PROPERTIES RESOURCE_LOCK mmaplab_page_faults)
  # THP as the machine has it: never beside a test that changes it for a
  # moment (the mthp runs, --thp; bench/test/CMakeLists.txt).
  set_property(TEST bench.pagemode_thp bench.pagemode_detect APPEND PROPERTY
    RESOURCE_LOCK mmaplab_thp_settings)
endif()
