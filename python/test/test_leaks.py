#!/usr/bin/env python3
"""Reference counting and leaks of mmaplab_mmap.

1. Objects passed in (a bytes needle, a bytearray, a memoryview, slice and
   index objects, the map itself) have the same sys.getrefcount after calls
   that succeed and after calls that raise.
2. 100,000 create/close cycles (anonymous and file-backed maps, buffer
   export and release, exceptions raised on the way) keep the resident set
   flat: RSS after 100k cycles minus RSS after 10k must stay under
   LEAK_TOLERANCE_KIB (default 512), and no descriptor may be left open.
   The check counts cycles, it does not time them. Under AddressSanitizer
   (libasan preloaded) the RSS is printed but not judged: ASan's allocator
   keeps freed memory in quarantine and caches by design; the refcount and
   descriptor checks still apply there.

Exits 0 when all holds, 1 otherwise. Needs mmaplab_mmap on sys.path.
"""
import os
import sys
import tempfile

import mmaplab_mmap as mmap

FAILED = []


def check(ok, what):
    if not ok:
        FAILED.append(what)
        print("FAIL: " + what)


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def open_fds():
    return len(os.listdir("/proc/self/fd"))


def expect(exc, fn, *args):
    try:
        fn(*args)
    except exc:
        return
    raise AssertionError("%r%r did not raise %s" % (fn, args, exc.__name__))


def setitem(m, k, v):
    m[k] = v


def refcounts(path):
    m = mmap.mmap(-1, 4096)
    needle = bytes(bytearray(b"refcount needle"))  # a fresh, uninterned object
    ba = bytearray(b"0123456789")
    mv = memoryview(b"abcdefgh")
    sl = slice(1, 9, 2)
    big = 10 ** 30
    objs = [needle, ba, mv, sl, big, m]
    before = [sys.getrefcount(o) for o in objs]
    # The map is replaced in each round; a fresh one has the count the
    # first one had.
    for _ in range(100):
        m.seek(0)
        m.write(needle)
        m.find(needle)
        m.rfind(needle, 0)
        m.find(ba, 1, 100)
        m.write(mv)
        m[0:len(needle)] = needle
        m[sl] = b"wxyz"
        m[sl]
        expect(IndexError, setitem, m, slice(0, 3), needle)
        expect(IndexError, m.__getitem__, big)
        expect(TypeError, setitem, m, 0, needle)
        expect(OverflowError, m.seek, big)
        m.seek(4090)
        expect(ValueError, m.write, needle)
        view = memoryview(m)
        expect(BufferError, m.close)
        view.release()
        check(m.__enter__() is m, "__enter__ returns the map")
        m.__exit__(None, None, None)
        expect(ValueError, m.__enter__)
        m = mmap.mmap(-1, 4096)
    objs[-1] = m
    after = [sys.getrefcount(o) for o in objs]
    for name, b, a in zip(["bytes", "bytearray", "memoryview", "slice",
                           "big int", "map"], before, after):
        check(a == b, "refcount of the %s: %d before, %d after" % (name, b, a))
    m.close()
    # A file-backed map holds a reference to nothing Python-level: the file
    # object's count is the same with and without maps over it.
    with open(path, "r+b") as f:
        c0 = sys.getrefcount(f)
        maps = [mmap.mmap(f.fileno(), 0) for _ in range(10)]
        check(sys.getrefcount(f) == c0, "refcount of the file object")
        for x in maps:
            x.close()


def cycle(fd, needle):
    # anonymous, private and shared
    m = mmap.mmap(-1, 8192)
    m.write(needle)
    m.find(needle)
    view = memoryview(m)
    try:
        m.close()
    except BufferError:
        pass
    view.release()
    try:
        m[8192]
    except IndexError:
        pass
    try:
        m.write_byte(256)
    except OverflowError:
        pass
    m.close()
    try:
        m.read()
    except ValueError:
        pass
    p = mmap.mmap(-1, 4096, flags=mmap.MAP_PRIVATE)
    p.resize(8192)
    p[0:3] = b"abc"
    p.close()
    # file-backed
    f = mmap.mmap(fd, 0)
    f.seek(0)
    f.readline()
    f[1:5]
    f.rfind(needle)
    f.size()
    with f:
        pass
    try:
        mmap.mmap(fd, 1 << 40)
    except ValueError:
        pass
    try:
        mmap.mmap(-1, -1)
    except OverflowError:
        pass
    try:
        mmap.mmap(-5, 10)
    except OSError:
        pass
    r = mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    try:
        r[0] = 1
    except TypeError:
        pass
    del r


def main():
    tolerance = int(os.environ.get("LEAK_TOLERANCE_KIB", "512"))
    cycles = int(os.environ.get("LEAK_CYCLES", "100000"))
    warm = cycles // 10
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "data")
        with open(path, "wb") as f:
            f.write(b"hello world\nneedle\n" * 400)
        refcounts(path)
        fd = os.open(path, os.O_RDWR)
        needle = b"needle"
        fds0 = open_fds()
        for _ in range(warm):
            cycle(fd, needle)
        rss_warm = rss_kib()
        for _ in range(cycles - warm):
            cycle(fd, needle)
        rss_end = rss_kib()
        fds1 = open_fds()
        os.close(fd)
    growth = rss_end - rss_warm
    print("leaks: RSS after %d cycles %d KiB, after %d cycles %d KiB, "
          "growth %d KiB (tolerance %d KiB); descriptors %d -> %d"
          % (warm, rss_warm, cycles, rss_end, growth, tolerance, fds0, fds1))
    with open("/proc/self/maps") as f:
        sanitized = "libasan" in f.read()
    if sanitized:
        print("leaks: AddressSanitizer build: RSS not judged")
    else:
        check(growth <= tolerance, "RSS grew by %d KiB" % growth)
    check(fds1 == fds0, "descriptors leaked: %d -> %d" % (fds0, fds1))
    if FAILED:
        print("leaks: %d checks failed" % len(FAILED))
        return 1
    print("leaks: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
