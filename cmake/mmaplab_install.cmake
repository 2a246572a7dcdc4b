# mmaplab_install.cmake - the installed tool, include()d at the end of the
# top CMakeLists.txt when every target exists:
#
#   bin/mmaplab                            the command
#   libexec/mmaplab/mmaplab-conform ...    the programs it runs
#   share/mmaplab/conformance/...          the data they read, at the paths
#   share/mmaplab/bench/...                they have in the source tree
#   share/doc/mmaplab/                     LICENSE, README.md, docs/
#
# (the library, header, CMake package and pkg-config file: core/; the
# Python module: python/; man pages and completion: cli/.) The programs
# find each other and the data from their own executable (util/ut_layout.h),
# so the prefix can move. From the build tree they find the same through
# the file mmaplab-layout written here, which is never installed.
include_guard(GLOBAL)

set(MMAPLAB_HELPER_DIR ${CMAKE_INSTALL_LIBEXECDIR}/mmaplab)
set(MMAPLAB_DATA_DIR ${CMAKE_INSTALL_DATADIR}/mmaplab)

# The programs `mmaplab` runs, with their installed names. mmaplab-find is
# the command bench/hyperfine/run-hyperfine times.
set(_helpers mmaplab_conform mmaplab_core_host mmaplab_bench
  mmaplab_fingerprint mmaplab_find)

set(_layout "# mmaplab build-tree layout, written by CMake; never installed.\n")
string(APPEND _layout "# KEY PATH per line: the source tree, then each program.\n")
string(APPEND _layout "source ${PROJECT_SOURCE_DIR}\n")
if(TARGET mmaplab)
  install(TARGETS mmaplab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
foreach(_t ${_helpers})
  if(TARGET ${_t})
    install(TARGETS ${_t} RUNTIME DESTINATION ${MMAPLAB_HELPER_DIR})
    string(APPEND _layout "$<TARGET_FILE_NAME:${_t}> $<TARGET_FILE:${_t}>\n")
  endif()
endforeach()
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/mmaplab-layout CONTENT "${_layout}")

if(TARGET mmaplab_conform)
  # The corpus, the goldens, the expectations and the Python host.
  install(DIRECTORY conformance/cases conformance/golden
    conformance/expectations DESTINATION ${MMAPLAB_DATA_DIR}/conformance)
  install(FILES conformance/hosts/python/host.py
    DESTINATION ${MMAPLAB_DATA_DIR}/conformance/hosts/python)
  install(FILES conformance/INTERPRETING.md
    DESTINATION ${MMAPLAB_DATA_DIR}/conformance)
endif()
if(TARGET mmaplab_bench)
  # CPython's side of the benchmarks, and the end-to-end search scenario.
  install(FILES bench/python/mmap_bench.py bench/python/DATA.md
    DESTINATION ${MMAPLAB_DATA_DIR}/bench/python)
  install(FILES bench/hyperfine/find_mmap.py bench/hyperfine/SCENARIO.md
    DESTINATION ${MMAPLAB_DATA_DIR}/bench/hyperfine)
  install(PROGRAMS bench/hyperfine/run-hyperfine DESTINATION ${MMAPLAB_HELPER_DIR})
endif()
install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs DESTINATION ${CMAKE_INSTALL_DOCDIR})
