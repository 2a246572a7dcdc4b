# x86_64-w64-mingw32.cmake - cross-build for 64-bit Windows with mingw-w64
# (Debian's gcc-mingw-w64-x86-64), its programs run under Wine.
#
#   cmake --preset mingw     (or -DCMAKE_TOOLCHAIN_FILE=this file)
#
# The -posix compilers (winpthreads) give C11 threads, pthreads and C++'s
# std::thread; everything links statically (-static), so the .exe files
# need no mingw DLL beside them. Tests run through
# CMAKE_CROSSCOMPILING_EMULATOR: Wine's 64-bit loader, with a WINEPREFIX of
# the build tree's own (MMAPLAB_WINEPREFIX), created once by the ctest
# fixture `wineprefix` (core/test/CMakeLists.txt) before any test uses it.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MMAPLAB_MINGW_TRIPLE x86_64-w64-mingw32)

find_program(CMAKE_C_COMPILER NAMES ${MMAPLAB_MINGW_TRIPLE}-gcc-posix
  ${MMAPLAB_MINGW_TRIPLE}-gcc REQUIRED)
find_program(CMAKE_CXX_COMPILER NAMES ${MMAPLAB_MINGW_TRIPLE}-g++-posix
  ${MMAPLAB_MINGW_TRIPLE}-g++)
find_program(CMAKE_RC_COMPILER NAMES ${MMAPLAB_MINGW_TRIPLE}-windres)

set(CMAKE_FIND_ROOT_PATH /usr/${MMAPLAB_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")

# Wine's 64-bit loader is not on PATH (Debian's wine64 package puts it
# under /usr/lib/wine); /usr/bin/wine is a wrapper script.
find_program(MMAPLAB_WINE64 NAMES wine64 PATHS /usr/lib/wine
  NO_CMAKE_FIND_ROOT_PATH)
if(NOT DEFINED MMAPLAB_WINEPREFIX)
  set(MMAPLAB_WINEPREFIX "${CMAKE_BINARY_DIR}/wineprefix" CACHE PATH
    "The WINEPREFIX the tests run in (created by the ctest fixture)")
endif()
if(MMAPLAB_WINE64)
  # WINEDEBUG=-all: no fixme/err chatter on stderr; WINEDLLOVERRIDES: no
  # Mono/Gecko installer when the prefix is created.
  set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_COMMAND} -E env
    WINEPREFIX=${MMAPLAB_WINEPREFIX} WINEDEBUG=-all
    WINEDLLOVERRIDES=mscoree,mshtml= ${MMAPLAB_WINE64})
endif()
