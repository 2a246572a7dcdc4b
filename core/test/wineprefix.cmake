# wineprefix.cmake - creates the WINEPREFIX the Windows tests run in, once
# (a ctest fixture: cmake -DWINE64=loader -DPREFIX=dir -P this file).
# An existing, initialised prefix is left as it is.
if(NOT WINE64 OR NOT PREFIX)
  message(FATAL_ERROR "wineprefix.cmake: needs -DWINE64=... -DPREFIX=...")
endif()
if(EXISTS ${PREFIX}/system.reg)
  message(STATUS "WINEPREFIX ${PREFIX} exists")
  return()
endif()
file(MAKE_DIRECTORY ${PREFIX})
set(ENV{WINEPREFIX} ${PREFIX})
set(ENV{WINEDEBUG} -all)
set(ENV{WINEDLLOVERRIDES} "mscoree,mshtml=")
# wineboot --init creates the prefix; wineserver -w waits until it is done.
execute_process(COMMAND ${WINE64} wineboot --init RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "wineboot --init failed (${rc})")
endif()
get_filename_component(_wine_dir ${WINE64} DIRECTORY)
find_program(_wineserver NAMES wineserver PATHS ${_wine_dir} /usr/lib/wine
  NO_DEFAULT_PATH)
if(_wineserver)
  execute_process(COMMAND ${_wineserver} -w)
endif()
if(NOT EXISTS ${PREFIX}/system.reg)
  message(FATAL_ERROR "wineboot did not create ${PREFIX}/system.reg")
endif()
message(STATUS "WINEPREFIX ${PREFIX} created")
