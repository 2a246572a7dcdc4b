# windows.cmake - the Windows bench (mingw-w64), include()d by
# bench/CMakeLists.txt instead of the Linux one when WIN32:
#   mmaplab_bench (mmaplab-bench.exe)  the portable families find, rfind,
#       move and granularity (64 KiB views) in page mode 4k, with the
#       Windows fingerprint (fingerprint_windows.h)
#   bench.windows_smoke  runs it under the emulator (Wine) over a few rows
#       of each family and checks the JSON it writes (test_windows/)
# The Linux-only pieces (page modes, THP, hugetlb, /proc and sysfs, the
# filesystem matrix, the comparators, the gate, hyperfine, Python) are not
# built here. Google Benchmark is the one scripts/build-gbench-mingw
# builds from Debian's source: found in MMAPLAB_MINGW_GBENCH_PREFIX or
# CMAKE_PREFIX_PATH; without it the Windows bench is skipped, with the
# reason, at configure time.
set(MMAPLAB_MINGW_GBENCH_PREFIX /usr/local/lib/mmaplab-mingw CACHE PATH
  "Where scripts/build-gbench-mingw installed Google Benchmark for mingw-w64")
# Not re-rooted under the toolchain's find root, and never the host's own
# (Linux) libbenchmark of the system paths.
find_package(benchmark 1.7 CONFIG QUIET
  PATHS ${MMAPLAB_MINGW_GBENCH_PREFIX}
  NO_CMAKE_FIND_ROOT_PATH NO_SYSTEM_ENVIRONMENT_PATH NO_CMAKE_SYSTEM_PATH
  NO_CMAKE_PACKAGE_REGISTRY NO_CMAKE_SYSTEM_PACKAGE_REGISTRY)
if(NOT benchmark_FOUND)
  message(STATUS "mmaplab: the Windows bench is skipped: no Google Benchmark "
    "for mingw-w64 in MMAPLAB_MINGW_GBENCH_PREFIX "
    "(${MMAPLAB_MINGW_GBENCH_PREFIX}) or CMAKE_PREFIX_PATH; "
    "scripts/build-gbench-mingw builds it")
  return()
endif()
message(STATUS "mmaplab: the Windows bench uses Google Benchmark "
  "${benchmark_VERSION} from ${benchmark_DIR}")
enable_language(CXX)

include(${CMAKE_CURRENT_SOURCE_DIR}/fingerprint_build.cmake)

# Every target here: mingw-w64's C99 printf family (%zu, %lld), not
# msvcrt's; statically linked (libstdc++, libgcc, winpthread), so the .exe
# runs under Wine without the toolchain's DLLs beside it.
set(_mmaplab_win_defs __USE_MINGW_ANSI_STDIO=1)
set(_mmaplab_win_link -static)

add_library(mmaplab_gbench STATIC gbench.cc)
target_include_directories(mmaplab_gbench PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(mmaplab_gbench PUBLIC benchmark::benchmark)
target_compile_options(mmaplab_gbench PRIVATE -Wall -Wextra -Wshadow
  $<$<BOOL:${MMAPLAB_WERROR}>:-Werror>)
set_target_properties(mmaplab_gbench PROPERTIES CXX_STANDARD 11
  CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)

# The families and what they share with Linux (bench_families.h); the
# *_windows.c files are the per-OS parts.
add_library(mmaplab_bench_families STATIC
  bench_data.c
  bench_keep.c
  bench_map.c
  bench_map_windows.c
  bench_naive.c
  bench_search.c
  bench_find_windows.c
  bench_move.c
  bench_libc_windows.c
  bench_testfile.c
  bench_testfile_windows.c
  bench_granularity.c
  bench_granularity_windows.c
  faults_common.c
  faults_windows.c
  pagemode_names.c)
target_include_directories(mmaplab_bench_families PUBLIC
  ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(mmaplab_bench_families PUBLIC ${_mmaplab_win_defs})
target_link_libraries(mmaplab_bench_families
  PUBLIC mmaplab_gbench mmaplab::core_static mmaplab_bench_util psapi
  PRIVATE mmaplab_warnings)

# The plain-C helpers of util/ the bench uses (the clock, options, numbers,
# the version line), compiled here: util's own library is POSIX code and
# need not be part of a Windows build. clock_gettime is winpthread's.
set(_mmaplab_util_dir ${PROJECT_SOURCE_DIR}/util)
add_library(mmaplab_bench_util STATIC ${_mmaplab_util_dir}/ut_time.c
  ${_mmaplab_util_dir}/ut_opt.c ${_mmaplab_util_dir}/ut_num.c
  ${_mmaplab_util_dir}/ut_version.c)
target_include_directories(mmaplab_bench_util PUBLIC ${_mmaplab_util_dir}
  PRIVATE ${PROJECT_BINARY_DIR}/core/include)
target_compile_definitions(mmaplab_bench_util PRIVATE ${_mmaplab_win_defs})
target_link_libraries(mmaplab_bench_util PRIVATE mmaplab_warnings)

add_executable(mmaplab_bench bench_main_windows.c bench_flags.c
  bench_getopt.c fingerprint_windows.c fp_jsonw.c)
add_dependencies(mmaplab_bench mmaplab_fp_git)
target_include_directories(mmaplab_bench PRIVATE ${MMAPLAB_FP_GEN})
target_link_libraries(mmaplab_bench PRIVATE mmaplab_bench_families
  mmaplab_warnings)
target_link_options(mmaplab_bench PRIVATE ${_mmaplab_win_link})
# bench_flags.c checks --benchmark_min_time by this library's syntax.
set_source_files_properties(bench_flags.c PROPERTIES COMPILE_DEFINITIONS
  "MMAPLAB_GBENCH_VERSION=\"${benchmark_VERSION}\";MMAPLAB_GBENCH_VERSION_MAJOR=${benchmark_VERSION_MAJOR};MMAPLAB_GBENCH_VERSION_MINOR=${benchmark_VERSION_MINOR}")
set_target_properties(mmaplab_bench PROPERTIES OUTPUT_NAME mmaplab-bench)

if(MMAPLAB_BUILD_TESTS)
  find_package(Python3 COMPONENTS Interpreter)
  if(NOT CMAKE_CROSSCOMPILING_EMULATOR)
    message(STATUS "mmaplab: bench.windows_smoke is skipped: no "
      "CMAKE_CROSSCOMPILING_EMULATOR (Wine) to run mmaplab-bench.exe")
  elseif(NOT Python3_Interpreter_FOUND)
    message(STATUS "mmaplab: bench.windows_smoke is skipped: no python3 "
      "on the build machine to check the JSON")
  else()
    add_test(NAME bench.windows_smoke
      COMMAND ${Python3_EXECUTABLE}
        ${CMAKE_CURRENT_SOURCE_DIR}/test_windows/smoke_windows.py
        --work ${CMAKE_CURRENT_BINARY_DIR}/windows_smoke
        $<TARGET_FILE:mmaplab_bench> -- ${CMAKE_CROSSCOMPILING_EMULATOR})
    # In the build tree's Wine prefix once the fixture of the toolchain
    # (cmake/toolchains/x86_64-w64-mingw32.cmake) has created it.
    set_tests_properties(bench.windows_smoke PROPERTIES TIMEOUT 300
      SKIP_RETURN_CODE 77 FIXTURES_REQUIRED wineprefix)
  endif()
endif()
