# mmaplab_list_tests.cmake - one ctest test per name of a C test list.
#
# A test list is a header of XX(name) entries (an X-macro, as in
# core/test/list_*.h, util/test/ut_tests.h, cli/test/cli_tests.h and
# conformance/runner/test/conform_test.h); XX(name) in a #define line of
# the header itself is not a test.
#
#   mmaplab_list_tests(PREFIX core. LIST file.h COMMAND target
#                      [ARGS arg...] [TIMEOUT seconds] [PROPERTIES prop value...])
#
# registers PREFIXname running `COMMAND name ARGS...` for every name, with
# TIMEOUT (default 60) and exit status 77 as a skip, plus PROPERTIES.
# Adding a name to the list re-runs the configure step, which registers it.
include_guard(GLOBAL)

function(mmaplab_list_tests)
  cmake_parse_arguments(T "" "PREFIX;LIST;COMMAND;TIMEOUT" "ARGS;PROPERTIES"
    ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${T_LIST})
  file(STRINGS ${T_LIST} lines REGEX "XX\\([a-z0-9_]+\\)")
  foreach(line IN LISTS lines) # a line ending in \ may hold several
    string(REGEX MATCHALL "XX\\([a-z0-9_]+\\)" items "${line}")
    foreach(item IN LISTS items)
      string(REGEX REPLACE "XX\\(([a-z0-9_]+)\\)" "\\1" name "${item}")
      if(NOT name STREQUAL "name")
        add_test(NAME ${T_PREFIX}${name} COMMAND ${T_COMMAND} ${name} ${T_ARGS})
        set_tests_properties(${T_PREFIX}${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
          SKIP_RETURN_CODE 77 ${T_PROPERTIES})
      endif()
    endforeach()
  endforeach()
endfunction()
