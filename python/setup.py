"""Builds mmaplab_mmap for the interpreter that runs this (pip's, usually).

    pip install ./python                  (build isolation: setuptools and
                                           wheel from an index or --find-links)
    pip install --no-build-isolation ./python

The module is built by CMake from the whole repository (the core has
per-file SIMD flags and a configured version header, which only its own
CMakeLists.txt knows): the core and the Python module only, for
sys.executable, in a temporary directory. The built .so is put where
setuptools' build_ext would have put it, so the wheel holds one file:
mmaplab_mmap.<EXT_SUFFIX>. The version is the one in project() of the
top CMakeLists.txt.

Nothing is written into the source tree: setuptools' build/ and egg-info
directories go to the same temporary directory, removed at exit.

pip builds a local directory in place from pip 21.3 on; an older pip
copies python/ alone to a temporary directory, away from the core, and
this says so (pip 21.1-21.2: add --use-feature=in-tree-build).
"""
import atexit
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.install import install

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def project_version():
    """The VERSION of project(mmaplab ...) in the top CMakeLists.txt."""
    top = os.path.join(ROOT, "CMakeLists.txt")
    try:
        with open(top) as f:
            text = f.read()
    except OSError:
        text = ""
    m = re.search(r"^\s*project\(\s*mmaplab\s+VERSION\s+([0-9]+\.[0-9]+\.[0-9]+)\b",
                  text, re.MULTILINE)
    if m is None:
        sys.exit("mmaplab_mmap: %s is not mmaplab's top CMakeLists.txt with "
                 "project(mmaplab VERSION X.Y.Z); the module builds from the "
                 "whole checkout (a pip older than 21.3 copies python/ alone "
                 "to a temporary directory: upgrade pip, or with pip 21.1-21.2 "
                 "add --use-feature=in-tree-build)" % top)
    return m.group(1)


def scratch_dir():
    """One temporary directory per run of this script, removed at exit."""
    path = tempfile.mkdtemp(prefix="mmaplab-pip-")
    atexit.register(shutil.rmtree, path, True)
    return path


class CMakeBuildExt(build_ext):
    """build_ext that builds the module with the project's CMake build."""

    def build_extension(self, ext):
        cmake = shutil.which("cmake")
        if cmake is None:
            sys.exit("mmaplab_mmap: building needs CMake 3.21 or newer on PATH "
                     "(Debian: apt-get install cmake)")
        include = sysconfig.get_paths()["include"]
        if not os.path.exists(os.path.join(include, "Python.h")):
            sys.exit("mmaplab_mmap: no Python.h in %s: install the development "
                     "headers of %s (Debian: python3-dev)" % (include, sys.executable))
        build = os.path.join(self.build_temp, "cmake")
        config = [cmake, "-S", ROOT, "-B", build,
                  "-DCMAKE_BUILD_TYPE=Release",
                  "-DPython3_EXECUTABLE=" + sys.executable,
                  "-DMMAPLAB_PYTHON=ON",
                  "-DMMAPLAB_BUILD_TESTS=OFF",
                  "-DMMAPLAB_BUILD_BENCH=OFF",
                  "-DMMAPLAB_BUILD_CONFORMANCE=OFF",
                  # a compiler newer than the project's may warn anew: an
                  # install should not fail for it (the project's CI keeps
                  # -Werror)
                  "-DMMAPLAB_WERROR=OFF"]
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        self.announce("mmaplab_mmap: " + " ".join(config), level=2)
        subprocess.check_call(config)
        subprocess.check_call([cmake, "--build", build, "--target", "mmaplab_mmap",
                               "--parallel", jobs])
        built = [n for n in os.listdir(os.path.join(build, "python"))
                 if n.startswith("mmaplab_mmap") and n.endswith(".so")]
        if len(built) != 1:
            sys.exit("mmaplab_mmap: CMake built %r in %s/python, not one module "
                     "(no development headers for %s? Debian: python3-dev)"
                     % (built, build, sys.executable))
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(build, "python", built[0]), target)


class Install(install):
    """install, with the options that Debian's setuptools asks it for."""

    def initialize_options(self):
        super().initialize_options()
        # Debian's setuptools (python3-setuptools-whl) reads install's
        # install_layout and prefix_option, options of Debian's patched
        # distutils only: other interpreters (pyenv's) lack them
        for name in ("install_layout", "prefix_option"):
            if not hasattr(self, name):
                setattr(self, name, None)


SCRATCH = scratch_dir()

setup(
    name="mmaplab-mmap",
    version=project_version(),
    description="CPython's mmap module, reimplemented on the mmaplab core",
    license="MIT",
    python_requires=">=3.8",
    # no sources here: CMakeBuildExt builds it
    ext_modules=[Extension("mmaplab_mmap", sources=[])],
    cmdclass={"build_ext": CMakeBuildExt, "install": Install},
    options={"build": {"build_base": os.path.join(SCRATCH, "build")},
             "egg_info": {"egg_base": SCRATCH}},
    zip_safe=False,
)
