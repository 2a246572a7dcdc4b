"""Prints where the interpreter running this looks for modules installed
under PREFIX, relative to PREFIX: its sysconfig platlib.

    python python_sitedir.py PREFIX

Debian's python3 (it has the deb_system scheme): under /usr, the system's
packages go to deb_system's lib/python3/dist-packages; under any other
prefix, to what its default scheme posix_local gives for /usr/local,
lib/python3.X/dist-packages (the one it searches in /usr/local). Any other
CPython (pyenv's; a venv's, Debian's too): its default scheme,
lib/python3.X/site-packages.
Exits 1 with a message if the path is not below PREFIX.
"""
import os
import sys
import sysconfig


def default_scheme():
    if hasattr(sysconfig, "get_default_scheme"):  # 3.10 on
        return sysconfig.get_default_scheme()
    return sysconfig._get_default_scheme()  # 3.8, 3.9


def platlib(scheme, base):
    return sysconfig.get_path("platlib", scheme, vars={
        "base": base, "platbase": base,
        "installed_base": base, "installed_platbase": base})


def sitedir(prefix):
    in_venv = sys.prefix != sys.base_prefix
    if "deb_system" in sysconfig.get_scheme_names() and not in_venv:
        if prefix == "/usr":
            return os.path.relpath(platlib("deb_system", prefix), prefix)
        # posix_local is {base}/local/lib/...: made for base=/usr, that is
        # for installs under /usr/local
        return os.path.relpath(platlib("posix_local", prefix),
                               os.path.join(prefix, "local"))
    return os.path.relpath(platlib(default_scheme(), prefix), prefix)


def main(argv):
    if len(argv) != 2 or not os.path.isabs(argv[1]):
        sys.stderr.write("usage: python_sitedir.py ABSOLUTE-PREFIX\n")
        return 2
    rel = sitedir(os.path.normpath(argv[1]))
    if os.path.isabs(rel) or rel.split(os.sep)[0] == os.pardir:
        sys.stderr.write("python_sitedir.py: %s's platlib for %s is not "
                         "below it: %s\n" % (sys.executable, argv[1], rel))
        return 1
    print(rel)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
