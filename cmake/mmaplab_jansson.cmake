# PkgConfig::JANSSON, the jansson every JSON-reading target links: from
# pkg-config on Linux; in a mingw-w64 build, the one scripts/build-jansson-
# mingw cross-built into the prefix the mingw libraries share, found
# through its CMake package outside the toolchain's find root (it is not
# in the mingw sysroot). Include it before using the target; it defines it
# once in the including directory (and below).
if(TARGET PkgConfig::JANSSON)
  return()
endif()
if(WIN32)
  set(MMAPLAB_MINGW_JANSSON_PREFIX "$ENV{MMAPLAB_MINGW_PREFIX}" CACHE PATH
    "Where scripts/build-jansson-mingw installed jansson for mingw")
  if(NOT MMAPLAB_MINGW_JANSSON_PREFIX)
    set(MMAPLAB_MINGW_JANSSON_PREFIX /usr/local/lib/mmaplab-mingw CACHE PATH
      "Where scripts/build-jansson-mingw installed jansson for mingw" FORCE)
  endif()
  find_package(jansson CONFIG PATHS ${MMAPLAB_MINGW_JANSSON_PREFIX}
    NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT jansson_FOUND)
    message(FATAL_ERROR "mmaplab: no jansson for mingw in "
      "${MMAPLAB_MINGW_JANSSON_PREFIX}: run scripts/build-jansson-mingw "
      "(or set MMAPLAB_MINGW_JANSSON_PREFIX)")
  endif()
  # The name the Linux build's pkg-config gives, so that targets link the
  # same way on both.
  add_library(PkgConfig::JANSSON INTERFACE IMPORTED)
  target_link_libraries(PkgConfig::JANSSON INTERFACE jansson::jansson)
else()
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
endif()
