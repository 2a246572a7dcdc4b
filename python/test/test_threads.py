#!/usr/bin/env python3
"""mmaplab_mmap from many threads, side by side with the interpreter's mmap.

CPython's mmap holds the GIL through every method (only the constructor's
mmap() and close()'s munmap run without it), so each call is atomic with
respect to other threads: a write() or a slice assignment is never seen
half done, two write() calls never land on the same bytes, a close() is
seen by every later call. Each scenario below runs threads against one
shared map or against maps of their own, with the switch interval at a
microsecond so that threads interleave between almost any two bytecodes,
and reduces what happened to a summary that does not depend on the
interleaving. The summary must be the one the scenario expects, and the
same with the stock module and with mmaplab_mmap. The last scenario starts
a fresh interpreter whose threads import the module and make its first map
and first search all at once.

Under ThreadSanitizer (scripts/test-tsan) the same scenarios are what TSan
watches in the module and the core.

Exits 0 when every scenario holds, 1 otherwise. Needs mmaplab_mmap on
sys.path.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import threading

import mmap as stock
import mmaplab_mmap as ours

THREADS = 8
RECORD = 8  # bytes: a letter for the thread, six digits, a newline
PER_THREAD = 200  # records or rounds per thread
TMP = tempfile.mkdtemp(prefix="test_threads-")
# The import names (mmaplab_mmap calls itself "mmap", as the module it
# stands in for does).
NAMES = {stock: "mmap", ours: "mmaplab_mmap"}


def record(t, i):
    return b"%c%06d\n" % (ord("a") + t, i)


def run_threads(fn, n=THREADS):
    """Runs fn(index) in N threads started together; returns the results
    in thread order, or raises the first exception one of them raised."""
    barrier = threading.Barrier(n)
    results = [None] * n
    errors = []

    def body(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


def records_check(data, n):
    """(every record of THREADS x N exactly once, none torn) for DATA."""
    got = [bytes(data[i:i + RECORD]) for i in range(0, len(data), RECORD)]
    want = sorted(record(t, i) for t in range(THREADS) for i in range(n))
    return sorted(got) == want


def filled(mod, n=PER_THREAD):
    """An anonymous map holding every record, thread by thread."""
    m = mod.mmap(-1, THREADS * n * RECORD)
    m.write(b"".join(record(t, i) for t in range(THREADS) for i in range(n)))
    m.seek(0)
    return m


# ---- one map shared by every thread -----------------------------------------


def shared_write(mod):
    """write() at the shared position: each call takes its own bytes."""
    m = mod.mmap(-1, THREADS * PER_THREAD * RECORD)
    run_threads(lambda t: [m.write(record(t, i)) for i in range(PER_THREAD)])
    return {"tell": m.tell(), "every record once": records_check(m[:],
                                                                 PER_THREAD)}


def shared_read(mod):
    """read(n) from the shared position: each record read exactly once."""
    m = filled(mod)

    def reader(t):
        got = []
        while True:
            chunk = m.read(RECORD)
            if not chunk:
                return got
            got.append(chunk)

    chunks = [c for part in run_threads(reader) for c in part]
    return {"reads": len(chunks), "every record once":
            records_check(b"".join(chunks), PER_THREAD)}


def shared_readline(mod):
    """readline() and read_byte() from the shared position."""
    m = filled(mod)

    def reader(t):
        got = []
        while True:
            if t % 2:
                line = m.readline()
                if not line:
                    return got
                got.append(line)
            else:
                try:
                    got.append(bytes([m.read_byte()]))
                except ValueError as exc:  # at the end
                    return got + [str(exc)]

    parts = run_threads(reader)
    ends = [p[-1] for p in parts if p and isinstance(p[-1], str)]
    data = b"".join(x for p in parts for x in p if isinstance(x, bytes))
    return {"bytes": len(data), "end messages": sorted(set(ends)),
            "tell": m.tell()}


def seek_relative(mod):
    """seek(1, SEEK_CUR) from every thread: no step is lost."""
    m = mod.mmap(-1, THREADS * PER_THREAD)
    run_threads(lambda t: [m.seek(1, os.SEEK_CUR) for _ in range(PER_THREAD)])
    return {"tell": m.tell()}


def slices_never_torn(mod):
    """Slice and item assignments while others read: a reader sees one
    writer's bytes or another's, never a mix."""
    size = 4096
    m = mod.mmap(-1, size)
    m[:] = bytes([ord("a")]) * size

    def worker(t):
        torn = 0
        mine = bytes([ord("a") + t]) * size
        for i in range(PER_THREAD // 4):
            if t % 2:
                m[:] = mine
                m[0] = mine[0]
            else:
                whole = m[:]
                torn += whole.count(whole[:1]) != size
                part = m[10:size:3]
                torn += part.count(part[:1]) != len(part)
        return torn

    return {"torn reads": sum(run_threads(worker))}


def find_while_writing(mod):
    """find/rfind of a needle no writer touches, while writers rewrite the
    rest of the map: always the same answers."""
    size = 1 << 16
    needle = b"\xf0needle\xf1"
    at = size // 2 + 3
    m = mod.mmap(-1, size)
    m[at:at + len(needle)] = needle

    def worker(t):
        seen = set()
        for i in range(PER_THREAD // 4):
            if t % 2:
                lo = (i * 97) % (at - 512)
                m[lo:lo + 512] = bytes([t]) * 512
                m.move(at + 64, at + 1024, 256)
            else:
                seen.add(("find", m.find(needle, 0)))
                seen.add(("rfind", m.rfind(needle)))
                seen.add(("find from", m.find(needle, at + 1)))
                seen.add(("in", needle in m[:]))
        return seen

    return {"answers": sorted(set().union(*run_threads(worker)))}


def close_while_used(mod):
    """One thread closes the map while the others use it: every call
    before the close works, every call after it raises ValueError."""
    m = filled(mod)
    closed = threading.Event()

    def worker(t):
        if t == 0:
            for _ in range(PER_THREAD // 8):
                m.find(b"z", 0)
            m.close()
            closed.set()
            return "closer"
        errors = []
        for i in range(10 ** 6):  # until the close, and 9 calls after it
            was_closed = closed.is_set()
            try:
                if i % 3 == 0:
                    m.seek(0)
                    m.read(RECORD)
                elif i % 3 == 1:
                    m[t] = ord("x")
                else:
                    m.find(b"b000", 0)
                if was_closed or errors:
                    return "a call worked after the close"
            except ValueError as exc:
                errors.append(str(exc))
                if len(errors) == 9:
                    break
        return sorted(set(errors))

    results = run_threads(worker)
    return {"closer": results[0], "others": sorted(
        set(repr(r) for r in results[1:])), "closed": m.closed}


def exports_and_close(mod):
    """memoryview exports from several threads while one tries close() and
    resize(): refused while a view lives, close works once all are gone."""
    m = mod.mmap(-1, 4096, flags=mod.MAP_PRIVATE)

    def worker(t):
        if t == 0:
            refusals = set()
            for _ in range(PER_THREAD):
                for call in (lambda: m.resize(8192), m.close):
                    try:
                        call()
                        return sorted(refusals) + ["closed while viewed?"]
                    except (BufferError, ValueError) as exc:  # as below
                        refusals.add(str(exc))
            return sorted(refusals)
        for i in range(PER_THREAD):
            with memoryview(m) as v:
                v[t] = i % 256
                v[t] = 0
        return "viewer"

    # one viewer holds its view for the whole run, so every close() and
    # resize() of thread 0 meets a live export
    holder = memoryview(m)
    results = run_threads(worker)
    holder.release()
    m.close()
    return {"refusals": results[0], "viewers": sorted(set(results[1:])),
            "closed": m.closed}


# ---- maps of their own ------------------------------------------------------


def separate_maps(mod):
    """Each thread makes, uses, resizes and closes maps of its own: an
    anonymous one and one of its own file, round after round (the
    constructors run without the GIL, so they do run at the same time)."""
    page = mod.PAGESIZE

    def worker(t):
        path = os.path.join(TMP, "%s-%d" % (NAMES[mod], t))
        with open(path, "wb") as f:
            f.write(bytes(2 * page))
        bad = 0
        for i in range(PER_THREAD // 10):
            a = mod.mmap(-1, 4 * page, flags=mod.MAP_PRIVATE)
            a.write(record(t, i))
            a.resize(64 * page)
            a[64 * page - RECORD:] = record(t, i)
            bad += a.find(record(t, i), 0) != 0
            bad += a.rfind(record(t, i)) != 64 * page - RECORD
            a.resize(page)
            bad += a[:RECORD] != record(t, i)
            a.close()
            with open(path, "r+b") as f:
                fm = mod.mmap(f.fileno(), 0)
            fm.seek(i * RECORD % page)
            fm.write(record(t, i))
            fm.flush()
            fm.resize(3 * page)
            fm[2 * page:2 * page + RECORD] = record(t, i)
            bad += fm.size() != 3 * page
            fm.seek(i * RECORD % page)
            bad += fm.readline() != record(t, i)
            fm.resize(2 * page)
            fm.close()
            with open(path, "rb") as f:
                data = f.read()
            bad += data[i * RECORD % page:][:RECORD] != record(t, i)
            bad += len(data) != 2 * page
        return bad

    return {"mismatches": sum(run_threads(worker))}


# ---- the first use, in a fresh interpreter ----------------------------------

FIRST_USE = r"""
import sys, threading
sys.setswitchinterval(1e-6)
name = sys.argv[1]
n = 8
barrier = threading.Barrier(n)
out = [None] * n

def body(i):
    barrier.wait()
    mod = __import__(name)
    m = mod.mmap(-1, 1 << 16)
    needle = b"\xf0needle" + bytes([i])
    m[1000 + i:1008 + i] = needle
    found = (m.find(needle), m.find(b"x"), m.rfind(b"\xf0ne"))
    out[i] = (id(mod), id(mod.mmap), mod.PAGESIZE, mod.ALLOCATIONGRANULARITY,
              found == (1000 + i, -1, 1000 + i))
    m.close()

threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(set(o[:2] for o in out)), sorted(set(o[2:4] for o in out)),
      [o[4] for o in out].count(True))
"""


def first_use(mod):
    """The import, the first map and the first find, from 8 threads at once
    in a new process (which inherits this environment: TSan watches there
    too, and its report fails the process)."""
    proc = subprocess.run([sys.executable, "-c", FIRST_USE, NAMES[mod]],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(
                              p for p in sys.path if p)))
    if proc.returncode != 0 or proc.stderr:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        return {"exit status": proc.returncode, "stderr": len(proc.stderr)}
    return {"printed": proc.stdout.decode().strip()}


# ---- the scenarios and what each must give ----------------------------------

N = THREADS * PER_THREAD
SCENARIOS = [
    (shared_write, {"tell": N * RECORD, "every record once": True}),
    (shared_read, {"reads": N, "every record once": True}),
    (shared_readline, {"bytes": N * RECORD, "end messages":
                       ["read byte out of range"], "tell": N * RECORD}),
    (seek_relative, {"tell": N}),
    (slices_never_torn, {"torn reads": 0}),
    (find_while_writing, None),  # computed below from the map's layout
    (close_while_used, {"closer": "closer", "closed": True,
                        "others": ["['mmap closed or invalid']"]}),
    (exports_and_close, None),  # the messages differ by version: compared
    (separate_maps, {"mismatches": 0}),
    (first_use, None),  # printed below
]


def expected(fn, mod):
    at = (1 << 16) // 2 + 3
    if fn is find_while_writing:
        return {"answers": [("find", at), ("find from", -1), ("in", True),
                            ("rfind", at)]}
    if fn is exports_and_close:
        return {"refusals": sorted(set(ref_refusals(mod))),
                "viewers": ["viewer"], "closed": True}
    if fn is first_use:
        page = mod.PAGESIZE
        return {"printed": "1 [(%d, %d)] %d" % (page, page, THREADS)}
    return None


def ref_refusals(mod):
    """What resize() and close() of a map with a live export raise here."""
    m = mod.mmap(-1, 4096, flags=mod.MAP_PRIVATE)
    v = memoryview(m)
    out = []
    for call in (lambda: m.resize(8192), m.close):
        try:
            call()
        except (BufferError, ValueError) as exc:
            out.append(str(exc))
    v.release()
    m.close()
    return out


def main():
    sys.setswitchinterval(1e-6)
    failed = 0
    try:
        for fn, want in SCENARIOS:
            got = {}
            for mod in (stock, ours):
                want_mod = want if want is not None else expected(fn, mod)
                got[mod] = fn(mod)
                if got[mod] != want_mod:
                    failed += 1
                    print("FAIL %s with %s:\n  got:  %r\n  want: %r"
                          % (fn.__name__, NAMES[mod], got[mod], want_mod))
            if got[stock] != got[ours]:
                failed += 1
                print("DIFF %s:\n  mmap:         %r\n  mmaplab_mmap: %r"
                      % (fn.__name__, got[stock], got[ours]))
    finally:
        shutil.rmtree(TMP, True)
    print("threads: %d scenarios, %d failed (Python %d.%d.%d)"
          % ((len(SCENARIOS), failed) + tuple(sys.version_info[:3])))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
