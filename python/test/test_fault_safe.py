#!/usr/bin/env python3
"""mmaplab_mmap's fault-safe mode: a map that survives a truncated file.

A file map whose file another process truncates: with
mmaplab_mmap.set_fault_safe(True) every access to the missing pages raises
OSError(EFAULT) and the map stays usable; with the mode off (the default,
CPython's behaviour) the same access kills the process with SIGBUS, which is
checked in a child interpreter. Accesses through a memoryview are not
covered by the mode: they still die of SIGBUS. With -X faulthandler the
mode still works, and faults elsewhere still reach faulthandler; enabled
after the mode, faulthandler takes the map's faults and the process dies.

Runs under CPython 3.8+ on Linux; needs mmaplab_mmap on sys.path. Exits 0
when every test passes.
"""
import errno
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import unittest

import mmaplab_mmap as mmap

PAGE = mmap.PAGESIZE

# Every access path, as Python source over a map `m` of three pages whose
# file was cut to 0 bytes (so that each touches a missing page first).
ACCESSES = {
    "index": "m[0]",
    "index negative": "m[-1]",
    "slice": "m[:]",
    "slice step": "m[::3]",
    "slice reversed": "m[::-1]",
    "read": "m.read()",
    "read n": "m.read(10)",
    "read_byte": "m.read_byte()",
    "readline": "m.readline()",
    "find": "m.find(b'zz')",
    "find one byte": "m.find(b'z')",
    "rfind": "m.rfind(b'zz')",
    "move": "m.move(%d, 0, 10)" % PAGE,
    "write": "m.write(b'0123456789')",
    "write_byte": "m.write_byte(65)",
    "item assignment": "m.__setitem__(0, 65)",
    "slice assignment": "m.__setitem__(slice(0, 3), b'abc')",
    "slice assignment step":
        "m.__setitem__(slice(0, None, %d), b'xyz')" % PAGE,
    "iteration": "list(m)",
    "in": "b'q' in m",
    "flush": "m.flush()",
}

# A child interpreter: a map of a new three-page file, the file cut to 0
# bytes by another process, then {access}. Core dumps off; SIGBUS and
# SIGSEGV back to SIG_DFL first ({reset}), since a sanitizer runtime
# preloaded by the test may have handlers there.
RESET = ("signal.signal(signal.SIGBUS, signal.SIG_DFL); "
         "signal.signal(signal.SIGSEGV, signal.SIG_DFL)")
CHILD = textwrap.dedent("""\
    import os, resource, signal, subprocess, sys
    import mmaplab_mmap as mmap
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    {reset}
    path = sys.argv[1]
    {setup}
    with open(path, "wb") as f:
        f.write(bytes(97 + i % 26 for i in range(3 * mmap.PAGESIZE)))
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0)
    subprocess.run([sys.executable, "-c",
                    "import os, sys; os.truncate(sys.argv[1], 0)", path],
                   check=True)
    {access}
    print("survived")
""")


def truncate_elsewhere(path, size):
    """Cuts the file at PATH to SIZE bytes from another process."""
    code = "import os, sys; os.truncate(sys.argv[1], int(sys.argv[2]))"
    subprocess.run([sys.executable, "-c", code, path, str(size)], check=True)


class FaultSafe(unittest.TestCase):
    def setUp(self):
        self.assertFalse(mmap.fault_safe(), "the mode is off between tests")
        fd, self.path = tempfile.mkstemp(prefix="test_fault_safe-")
        with os.fdopen(fd, "wb") as f:
            f.write(bytes(ord("a") + i % 26 for i in range(3 * PAGE)))

    def tearDown(self):
        mmap.set_fault_safe(False)
        os.unlink(self.path)

    def cut_map(self, keep):
        """A map of the whole file, then the file cut to KEEP bytes."""
        with open(self.path, "r+b") as f:
            m = mmap.mmap(f.fileno(), 0)
        truncate_elsewhere(self.path, keep)
        return m

    def child(self, access, setup="", args=(), reset=RESET):
        code = CHILD.format(setup=setup, access=access, reset=reset)
        return subprocess.run([sys.executable] + list(args) +
                              ["-c", code, self.path],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, PYTHONFAULTHANDLER=""),
                              timeout=60)

    def test_switch(self):
        self.assertIs(mmap.fault_safe(), False)
        self.assertIs(mmap.set_fault_safe(True), False)
        self.assertIs(mmap.fault_safe(), True)
        self.assertIs(mmap.set_fault_safe(1), True)
        self.assertIs(mmap.set_fault_safe([]), True)  # any truth value
        self.assertIs(mmap.fault_safe(), False)
        self.assertRaises(TypeError, mmap.set_fault_safe)
        self.assertRaises(TypeError, mmap.fault_safe, 1)
        self.assertIn("set_fault_safe", mmap.__dict__)

    def test_every_access_raises_efault(self):
        m = self.cut_map(0)
        mmap.set_fault_safe(True)
        for name, access in ACCESSES.items():
            with self.subTest(access=name):
                m.seek(0)
                with self.assertRaises(OSError) as cm:
                    eval(access, {"m": m})
                self.assertEqual(cm.exception.errno, errno.EFAULT)
                self.assertIs(type(cm.exception), OSError)
                self.assertEqual(str(cm.exception), "[Errno 14] Bad address")
                self.assertEqual(m.tell(), 0)
        m.close()

    def test_map_stays_usable(self):
        """With 100 bytes left: the first page reads as before, the position
        does not move on a failed read, and mmap.error catches it."""
        m = self.cut_map(100)
        mmap.set_fault_safe(True)
        self.assertEqual(m[:5], b"abcde")
        m.seek(PAGE)
        with self.assertRaises(mmap.error):
            m.read(1)
        self.assertEqual(m.tell(), PAGE)
        m.seek(0)
        self.assertEqual(m.read(3), b"abc")
        self.assertEqual(m.find(b"xyz", 0, 100), 23)
        with self.assertRaises(OSError):
            m.find(b"zz")
        self.assertEqual(m[PAGE - 1], 0)  # the last page's tail reads zeros
        with self.assertRaises(OSError):
            m[PAGE]
        m.close()

    def test_off_dies_of_sigbus(self):
        for name, access in ACCESSES.items():
            if name == "flush":
                continue  # msync does not touch the pages: no signal
            with self.subTest(access=name):
                r = self.child(access)
                self.assertEqual(r.returncode, -signal.SIGBUS, r.stderr[-400:])
        r = self.child("m.flush()")
        self.assertEqual((r.returncode, r.stdout), (0, b"survived\n"))

    def test_off_again_dies_of_sigbus(self):
        """Turned on and off again: the handlers pass the fault on."""
        r = self.child("m[0]", setup="mmap.set_fault_safe(True); "
                       "mmap.set_fault_safe(False)")
        self.assertEqual(r.returncode, -signal.SIGBUS, r.stderr[-400:])

    def test_on_in_child_survives(self):
        r = self.child("""
try:
    m[0]
except OSError as e:
    print(e.errno)""", setup="mmap.set_fault_safe(True)")
        self.assertEqual((r.returncode, r.stdout),
                         (0, b"%d\nsurvived\n" % errno.EFAULT), r.stderr)

    def test_memoryview_not_covered(self):
        r = self.child("memoryview(m)[0]", setup="mmap.set_fault_safe(True)")
        self.assertEqual(r.returncode, -signal.SIGBUS, r.stderr[-400:])

    def test_with_faulthandler(self):
        """faulthandler enabled first (-X faulthandler): the mode still
        turns map faults into OSError, and a fault outside any map still
        reaches faulthandler, which reports it and dies."""
        on = "mmap.set_fault_safe(True)"
        fh = ["-X", "faulthandler"]
        r = self.child("""
try:
    m[0]
except OSError as e:
    print(e.errno)""", setup=on, args=fh, reset="")
        self.assertEqual((r.returncode, r.stdout),
                         (0, b"%d\nsurvived\n" % errno.EFAULT), r.stderr)
        r = self.child("import ctypes; ctypes.string_at(8)", setup=on,
                       args=fh, reset="")
        self.assertIn(b"Fatal Python error: Segmentation fault", r.stderr)
        # faulthandler hands the signal back to the handler before it:
        # SIG_DFL, or a preloaded sanitizer's, which reports and exits 1.
        under_asan = "libasan" in os.environ.get("LD_PRELOAD", "")
        self.assertEqual(r.returncode, 1 if under_asan else -signal.SIGSEGV,
                         r.stderr[-400:])
        # Enabled after the mode, faulthandler sees the map's fault first and
        # re-raises it, which loses it: the process dies (docs/library.md says to
        # enable faulthandler first).
        r = self.child("m[0]", setup=on + "; import faulthandler; "
                       "faulthandler.enable()")
        self.assertEqual(r.returncode, -signal.SIGBUS, r.stderr[-400:])
        self.assertIn(b"Fatal Python error: Bus error", r.stderr)


if __name__ == "__main__":
    unittest.main()
