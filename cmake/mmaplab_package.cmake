# mmaplab_package.cmake - the Debian package, made by `cpack -G DEB` in a
# build tree configured for it (the `package` preset: Release, prefix /usr,
# Debian's /usr/bin/python3; scripts/build-deb runs it all).
#
# Why CPack rather than a debian/ directory for dpkg-buildpackage: the
# install rules are already CMake's (one list of what is installed where),
# CPack turns them into a .deb without a second description of the layout,
# and dpkg-shlibdeps (which CPack runs) derives Depends from the binaries
# exactly as a debian/ build would. The package is for installing the tool
# on CI runners and lab machines, not (yet) for the Debian archive: that
# would want the library and headers split into -dev, and a source package.
include_guard(GLOBAL)

set(CPACK_PACKAGE_NAME mmaplab)
set(CPACK_PACKAGE_VENDOR "the mmaplab authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
  "mmaplab measures and validates memory-mapped files: a C library that
reimplements CPython's mmap.mmap with its exact Linux semantics, a
behavioural conformance suite run against CPython, the library and ports
(PyPy), microbenchmarks of find, move and page faulting side by side with
glibc and CPython, a CI performance gate, and reports comparing machines.
The command is `mmaplab`; `mmaplab run` is the main job.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # mmaplab_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "the mmaplab authors")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the binaries' shared libraries (libc6, libjansson4,
# libbenchmark1debian, libstdc++6, ...), by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libmmaplab.so.N: a shlibs file, and the ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Recommends: what `mmaplab run` uses when present - gnuplot for the
# charts, python3 for CPython's side (the mmaplab_mmap module in the package
# is built for this Python X.Y), hyperfine and jq for
# libexec/mmaplab/run-hyperfine. Suggests: PyPy, a port `mmaplab run
# --hosts pypy` grades.
set(_recommends "gnuplot-nox | gnuplot, hyperfine, jq")
if(TARGET mmaplab_mmap)
  # The interpreter python/ built the module for (its cached choice).
  find_package(Python3 COMPONENTS Interpreter QUIET)
endif()
if(TARGET mmaplab_mmap AND Python3_VERSION_MAJOR)
  math(EXPR _next_minor "${Python3_VERSION_MINOR} + 1")
  string(PREPEND _recommends
    "python3 (>= ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}), python3 (<< ${Python3_VERSION_MAJOR}.${_next_minor}), ")
else()
  string(PREPEND _recommends "python3, ")
endif()
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "${_recommends}")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pypy3")
set(CPACK_GENERATOR DEB)
include(CPack)
