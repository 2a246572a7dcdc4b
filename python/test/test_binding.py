#!/usr/bin/env python3
"""mmaplab_mmap against the interpreter's own mmap, side by side.

Every probe below runs once with each module, on fresh maps, and the two
outcomes must be equal: the returned value (addresses masked), or the
exception's type and message. The probes cover what a drop-in has to get
right beyond the conformance corpus: the module's names and constants, the
type's name and methods, version-dependent results (seek's return value,
seekable, repr, trackfd) and the interpreter's own argument-parsing errors.

Exits 0 when every probe agrees, 1 otherwise. Needs mmaplab_mmap on
sys.path.
"""
import atexit
import copy
import gc
import os
import pickle
import re
import shutil
import sys
import tempfile
import weakref

import mmap as stock
import mmaplab_mmap as ours

ADDRESS = re.compile(r"0x[0-9a-fA-F]+")
TMP = tempfile.mkdtemp(prefix="test_binding-")
atexit.register(shutil.rmtree, TMP, True)
PATH = os.path.join(TMP, "data")


AUDITED = None  # a list while audit events are collected


def hook(event, args):
    if event == "mmap.__new__" and AUDITED is not None:
        AUDITED.append(args)


sys.addaudithook(hook)


def audited(fn):
    """The mmap.__new__ audit events that FN() raises."""
    global AUDITED
    AUDITED = []
    try:
        fn()
    finally:
        events, AUDITED = AUDITED, None
    return events


def audited_failure(fn):
    """The mmap.__new__ events of FN() and the name of what it raised:
    CPython audits after checking the arguments themselves and before
    looking at the descriptor."""
    global AUDITED
    AUDITED = []
    raised = None
    try:
        fn()
    except Exception as exc:  # the exception is part of the answer
        raised = type(exc).__name__
    finally:
        events, AUDITED = AUDITED, None
    return events, raised


def rdwr_fd():
    """A read-write descriptor of a 5000-byte file (closed at exit)."""
    with open(PATH, "wb") as f:
        f.write(b"0123456789" * 500)
    fd = os.open(PATH, os.O_RDWR)
    atexit.register(os.close, fd)
    return fd


# mmaplab_mmap's own functions, beyond what CPython's mmap has (the
# fault-safe switch, tested in test_fault_safe.py).
EXTENSIONS = ("fault_safe", "set_fault_safe")


def public(mod):
    """The module's public names, less mmaplab_mmap's own extensions (which
    it must have)."""
    names = [n for n in dir(mod) if not n.startswith("__")]
    if mod is ours:
        assert all(n in names for n in EXTENSIONS), EXTENSIONS
        names = [n for n in names if n not in EXTENSIONS]
    return sorted(names)


def anon(mod, n=16):
    m = mod.mmap(-1, n)
    m.write(b"abcdef\nghij\nkl\n")
    m.seek(2)
    return m


def filemap(mod, **kw):
    with open(PATH, "wb") as f:
        f.write(b"0123456789" * 500)
    fd = os.open(PATH, os.O_RDWR)
    try:
        return mod.mmap(fd, 0, **kw)
    finally:
        os.close(fd)


class Index:
    def __init__(self, v):
        self.v = v

    def __index__(self):
        return self.v


def sub_repr(mod):
    class Sub(mod.mmap):
        pass
    return repr(Sub(-1, 4))


def closed(mod):
    m = anon(mod)
    m.close()
    return m


def setattr_of(obj, name, value):
    setattr(obj, name, value)


def setitem(m, k, v):
    m[k] = v


def delitem(m, k):
    del m[k]


PROBES = [
    ("names", lambda mod: public(mod)),
    ("constants", lambda mod: [(n, getattr(mod, n)) for n in public(mod)
                               if n.isupper()]),
    ("error is OSError", lambda mod: mod.error is OSError),
    ("type name", lambda mod: (mod.mmap.__name__, mod.mmap.__qualname__,
                               mod.mmap.__module__)),
    ("methods", lambda mod: sorted(n for n in dir(mod.mmap)
                                   if n not in ("__doc__",))),
    ("audit", lambda mod: audited(lambda: mod.mmap(-1, 8))),
    ("audit prot", lambda mod: audited(lambda: mod.mmap(
        -1, 8, prot=mod.PROT_READ))),
    ("audit file", lambda mod: audited(lambda: filemap(
        mod, access=mod.ACCESS_COPY))),
    ("audit bad access", lambda mod: audited_failure(
        lambda: mod.mmap(-1, 8, access=7))),
    ("audit negative length", lambda mod: audited_failure(
        lambda: mod.mmap(-1, -1))),
    ("audit access and flags", lambda mod: audited_failure(
        lambda: mod.mmap(-1, 8, flags=mod.MAP_PRIVATE,
                         access=mod.ACCESS_READ))),
    ("audit bad fd", lambda mod: audited_failure(
        lambda: mod.mmap(1000000, 8, prot=mod.PROT_READ))),
    ("audit beyond file", lambda mod: len(audited_failure(
        lambda: mod.mmap(rdwr_fd(), 8000))[0])),
    ("audit offset beyond file", lambda mod: len(audited_failure(
        lambda: mod.mmap(rdwr_fd(), 0, offset=mod.PAGESIZE * 2))[0])),
    ("repr", lambda mod: repr(anon(mod))),
    ("repr closed", lambda mod: repr(closed(mod))),
    ("repr file", lambda mod: repr(filemap(mod, access=mod.ACCESS_COPY))),
    ("repr subclass", sub_repr),
    ("seek return", lambda mod: anon(mod).seek(3)),
    ("seek whence", lambda mod: anon(mod).seek(-1, 2)),
    ("seekable", lambda mod: anon(mod).seekable()),
    ("seekable closed", lambda mod: closed(mod).seekable()),
    ("flush return", lambda mod: anon(mod).flush()),
    ("trackfd", lambda mod: filemap(mod, trackfd=False).size()),
    ("trackfd resize", lambda mod: filemap(mod, trackfd=False).resize(10)),
    ("trackfd positional", lambda mod: mod.mmap(-1, 10, 1, 3, 0, 0, False)),
    ("unknown keyword", lambda mod: mod.mmap(-1, 10, tagname="x")),
    ("7 positional", lambda mod: mod.mmap(-1, 10, 1, 3, 0, 0, 0)),
    ("missing fileno", lambda mod: mod.mmap()),
    ("missing length", lambda mod: mod.mmap(-1)),
    ("float length", lambda mod: mod.mmap(-1, 10.0)),
    ("str fileno", lambda mod: mod.mmap("x", 10)),
    ("str length", lambda mod: mod.mmap(-1, "10")),
    ("huge fileno", lambda mod: mod.mmap(2 ** 40, "x")),
    ("huge length", lambda mod: mod.mmap(-1, 2 ** 63)),
    ("huge offset", lambda mod: mod.mmap(-1, 10, offset=2 ** 63)),
    ("negative length", lambda mod: mod.mmap(-1, -1)),
    ("index length", lambda mod: len(mod.mmap(-1, Index(3)))),
    ("access and flags", lambda mod: mod.mmap(-1, 10, flags=2, access=1)),
    ("read kw", lambda mod: anon(mod).read(n=1)),
    ("read arity", lambda mod: anon(mod).read(1, 2)),
    ("read str", lambda mod: anon(mod).read("x")),
    ("read huge", lambda mod: anon(mod).read(2 ** 64)),
    ("read None", lambda mod: anon(mod).read(None)),
    ("readline arg", lambda mod: anon(mod).readline(1)),
    ("find arity", lambda mod: anon(mod).find()),
    ("find str", lambda mod: anon(mod).find("a")),
    ("find None", lambda mod: anon(mod).find(b"a", None)),
    ("find default start", lambda mod: anon(mod).find(b"a")),
    ("rfind bounds", lambda mod: anon(mod).rfind(b"\n", -10, -2)),
    ("move arity", lambda mod: anon(mod).move(1, 2)),
    ("move huge", lambda mod: anon(mod).move(2 ** 63, 0, 0)),
    ("write_byte float", lambda mod: anon(mod).write_byte(1.0)),
    ("write_byte bytes", lambda mod: anon(mod).write_byte(b"a")),
    ("write_byte 256", lambda mod: anon(mod).write_byte(256)),
    ("write str", lambda mod: anon(mod).write("a")),
    ("seek str", lambda mod: anon(mod).seek("a")),
    ("seek whence huge", lambda mod: anon(mod).seek(0, 2 ** 40)),
    ("madvise huge", lambda mod: anon(mod).madvise(2 ** 40)),
    ("flush arity", lambda mod: anon(mod).flush(1, 2, 3)),
    ("resize arity", lambda mod: anon(mod).resize()),
    ("closed write str", lambda mod: closed(mod).write("a")),
    ("closed len", lambda mod: len(closed(mod))),
    ("closed enter", lambda mod: closed(mod).__enter__()),
    ("exit args", lambda mod: anon(mod).__exit__(1, 2, 3, 4)),
    ("getitem int", lambda mod: anon(mod)[1]),
    ("getitem huge", lambda mod: anon(mod)[2 ** 63]),
    ("getitem float", lambda mod: anon(mod)[1.0]),
    ("getitem slice", lambda mod: anon(mod)[::-3]),
    ("getitem bad slice", lambda mod: anon(mod)["a":]),
    ("getitem step 0", lambda mod: anon(mod)[::0]),
    ("setitem str key", lambda mod: setitem(anon(mod), "a", 1)),
    ("setitem bytes", lambda mod: setitem(anon(mod), 0, b"a")),
    ("setitem out before type", lambda mod: setitem(anon(mod), 99, b"a")),
    ("setitem huge value", lambda mod: setitem(anon(mod), 0, 2 ** 70)),
    ("setitem 256", lambda mod: setitem(anon(mod), 0, 256)),
    ("setitem slice list", lambda mod: setitem(anon(mod), slice(0, 2), [1])),
    ("setitem slice size", lambda mod: setitem(anon(mod), slice(0, 2), b"a")),
    ("readonly setitem key", lambda mod: setitem(
        filemap(mod, access=mod.ACCESS_READ), "a", 1)),
    ("delitem", lambda mod: delitem(anon(mod), 0)),
    ("delitem slice", lambda mod: delitem(anon(mod), slice(0, 1))),
    ("delitem key", lambda mod: delitem(anon(mod), "a")),
    ("iter", lambda mod: list(anon(mod, 4))),
    ("reversed", lambda mod: list(reversed(anon(mod, 4)))),
    ("contains bytes", lambda mod: b"a" in anon(mod)),
    ("contains int", lambda mod: 97 in anon(mod)),
    ("iter closed", lambda mod: list(closed(mod))),
    ("bool closed", lambda mod: bool(closed(mod))),
    ("add", lambda mod: anon(mod) + b""),
    ("mul", lambda mod: anon(mod) * 2),
    ("lt", lambda mod: anon(mod) < anon(mod)),
    ("pickle", lambda mod: pickle.dumps(anon(mod))),
    ("pickle closed", lambda mod: pickle.dumps(closed(mod))),
    ("copy", lambda mod: copy.copy(anon(mod))),
    ("deepcopy", lambda mod: copy.deepcopy(anon(mod))),
    ("getstate", lambda mod: hasattr(anon(mod), "__getstate__")),
    ("gc tracked", lambda mod: gc.is_tracked(anon(mod))),
    ("gc tracked subclass", lambda mod: gc.is_tracked(
        type("Sub", (mod.mmap,), {})(-1, 4))),
    ("weakref", lambda mod: weakref.ref(anon(mod)) is not None),
    ("no dict", lambda mod: setattr_of(anon(mod), "foo", 1)),
    ("closed readonly attr", lambda mod: setattr_of(anon(mod), "closed", 1)),
    ("type setattr", lambda mod: setattr_of(mod.mmap, "x", 1)),
    ("memoryview readonly", lambda mod: memoryview(
        filemap(mod, access=mod.ACCESS_READ)).readonly),
    ("memoryview format", lambda mod: (lambda v: (v.format, v.shape,
                                                  v.itemsize))(
        memoryview(anon(mod)))),
    ("memoryview closed", lambda mod: memoryview(closed(mod))),
    ("bytes", lambda mod: bytes(anon(mod, 4))),
    ("size anon", lambda mod: anon(mod).size()),
    ("size file", lambda mod: filemap(mod).size()),
    ("resize readonly", lambda mod: filemap(
        mod, access=mod.ACCESS_READ).resize(10)),
    ("empty file", lambda mod: mod.mmap(os.open(os.devnull, os.O_RDONLY),
                                        0)),
]


def outcome(fn, mod):
    try:
        value = fn(mod)
    except Exception as exc:  # the exception is the result
        msg = ADDRESS.sub("0xADDR", str(exc))
        return ("raise", type(exc).__name__, msg.replace("mmaplab_mmap",
                                                         "mmap"))
    text = ADDRESS.sub("0xADDR", repr(value))
    return ("value", text.replace("mmaplab_mmap", "mmap"))


def main():
    failed = 0
    for name, fn in PROBES:
        a, b = outcome(fn, stock), outcome(fn, ours)
        if a != b:
            failed += 1
            print("DIFF %s:\n  mmap:         %r\n  mmaplab_mmap: %r"
                  % (name, a, b))
    print("binding: %d probes, %d passed, %d failed (Python %d.%d.%d)"
          % ((len(PROBES), len(PROBES) - failed, failed)
             + tuple(sys.version_info[:3])))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
