#!/usr/bin/env python3
"""CPython's (or PyPy's) mmap.find/rfind/move and bytes.find, timed on the grid of
the C benchmark families and written as Google Benchmark 1.7.1-shaped JSON.

Data, needles and expected results follow bench/python/DATA.md exactly, so every
name here (find/cpython/random/end/page:4k/hay:65536/needle:16, ...) times the same
work as the C benchmark of the same name with impl core/glibc/naive.

Stdlib only; runs under CPython 3.8+ and PyPy 3.9. Exit status: 0 ran (individual
benchmarks may still report error_occurred), 2 misuse or an unusable environment.
"""

import argparse
import array
import ctypes
import datetime
import fcntl
import gc
import itertools
import json
import mmap
import os
import platform
import re
import socket
import statistics
import sys
import time

# ---- Grid (DATA.md, "Grid") -------------------------------------------------

HAYS_FULL = [64, 1024, 4096, 65536, 1048576, 16777216, 67108864, 268435456]
HAYS_QUICK = [64, 4096, 1048576, 67108864]
NEEDLES_FULL = [1, 2, 4, 8, 16, 32, 64, 256, 1024, 4096]
NEEDLES_QUICK = [2, 16, 256]
MOVES_FULL = [64, 512, 4096, 65536, 1048576, 16777216, 268435456]
MOVES_QUICK = [64, 65536, 16777216]
KINDS = ["random", "text", "periodic", "periodic-ab", "dna", "binary"]
KINDS_QUICK = KINDS[:4]  # the quick grid leaves out dna and binary, as in C
# CPython's rfind is a reverse Horspool search, O(n*m) on periodic-ab (0.002 GB/s at m = 4096):
# its cases beyond this many byte compares (hay * needle) are left out, as the naive ones in C.
QUADRATIC_BUDGET = 1 << 30
WHERES = ["end", "miss"]
MOVE_KINDS = ["fwd-overlap", "bwd-overlap", "disjoint", "misaligned", "page-cross"]
PAGE = 4096
# Page modes (bench/pagemode.h): the modes other than 4k run a smaller grid, as in C.
PAGE_MODES = ["4k", "thp", "huge2m", "huge1g"]
MODE_PAGE = {"4k": PAGE, "thp": 2 << 20, "huge2m": 2 << 20, "huge1g": 1 << 30}
HAYS_MODE = {"quick": [67108864], "full": [1048576, 67108864]}
NEEDLES_MODE = {"quick": [16], "full": [2, 16, 256]}
MOVES_MODE = {"quick": [16777216], "full": [65536, 16777216, 268435456]}
# Linux's mmap flags that CPython does not export: MAP_HUGETLB and the page size
# encoded at MAP_HUGE_SHIFT (26).
MAP_HUGETLB = 0x40000
MAP_HUGE = {"huge2m": 21 << 26, "huge1g": 30 << 26}
VERIFY_MIN = 0.9  # bench/pagemode.h's PM_VERIFY_MIN

# Defaults per mode: (min_time seconds, repetitions).
DEFAULTS = {"quick": (0.01, 3), "full": (0.1, 3)}

# ---- Data (DATA.md, "Byte streams") -----------------------------------------

XS_SEED = 0x9E3779B97F4A7C15
XS_MULT = 0x2545F4914F6CDD1D
MASK64 = (1 << 64) - 1
TEXT = (
    b"The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. "
    b"Sphinx of black quartz, judge my vow! How vexingly quick daft zebras jump, 1234567890.\n"
)
SENTINEL = {"random": b"\x00", "text": b"\x00", "periodic": b"b", "dna": b"\x00", "binary": b"\x00"}


def random_words(nwords):
    """The first nwords words of the xorshift64* stream, as bytes, each word low byte first."""
    words = array.array("Q", bytes(8 * nwords))
    x = XS_SEED
    for i in range(nwords):
        x ^= x >> 12
        x ^= (x << 25) & MASK64
        x ^= x >> 27
        words[i] = (x * XS_MULT) & MASK64
    if sys.byteorder != "little":
        words.byteswap()
    return words.tobytes()


def random_body(n):
    """The first n bytes of the xorshift64* stream, low byte first, 0x00 -> 0x01."""
    return random_words((n + 7) // 8)[:n].replace(b"\x00", b"\x01")


# dna and binary: the stream's words cut into 2-bit or 1-bit values, low bits first.
SYMBOLS = {"dna": (2, b"ACGT"), "binary": (1, b"ab")}


def symbol_body(kind, n):
    """body(dna or binary, n): SYMBOLS[kind][1][v] for each bits-wide value v of the words."""
    bits, alphabet = SYMBOLS[kind]
    per = 8 // bits  # symbols per stream byte
    raw = random_words((n + 8 * per - 1) // (8 * per))[: (n + per - 1) // per]
    out = bytearray(len(raw) * per)
    for j in range(per):  # symbol j of every byte: its bits j*bits.., by one translate
        table = bytes(alphabet[(v >> (j * bits)) & ((1 << bits) - 1)] for v in range(256))
        out[j::per] = raw.translate(table)
    return bytes(out[:n])


def make_body(kind, n):
    """body(kind, n) of DATA.md."""
    if kind == "random":
        return random_body(n)
    if kind in SYMBOLS:
        return symbol_body(kind, n)
    if kind == "text":
        return (TEXT * (n // len(TEXT) + 1))[:n]
    if kind == "periodic-ab":
        return (b"ab" * (n // 2 + 1))[:n]
    return b"a" * n


class Bodies:
    """Generates each kind's body once, at the largest length the run needs."""

    def __init__(self, sizes):
        self.sizes = sizes  # kind -> largest n needed
        self.cache = {}

    def get(self, kind, n):
        if kind not in self.cache:
            self.cache[kind] = make_body(kind, self.sizes[kind])
        full = self.cache[kind]
        return full if n == len(full) else full[:n]

    def drop(self, kind):
        self.cache.pop(kind, None)


def defect_index(nlen, family):
    """periodic-ab: the needle offset of the defect (DATA.md)."""
    return nlen // 2 if family == "find" else nlen - 1 - nlen // 2


def end_edit(body, kind, family, n, nlen):
    """periodic-ab's "end" haystack: (offset, byte) where it differs from body."""
    at = defect_index(nlen, family) + (n - nlen if family == "find" else 0)
    return at, body[at] ^ (ord("a") ^ ord("b"))


def find_setup(body, kind, family, where, n):
    """The haystack of DATA.md's find/rfind tables (bytes); for periodic-ab the
    body, which each "end" case edits in one byte (end_edit)."""
    if where == "miss" or kind == "periodic-ab":
        return body
    s = SENTINEL[kind]
    if family == "find":
        return body[: n - 1] + s
    return s + body[1:n]


def find_case_data(body, kind, family, where, n, nlen):
    """(needle, expected index) of DATA.md's find/rfind tables."""
    if kind == "periodic-ab":
        start = n - nlen if family == "find" else 0
        needle = bytearray(body[start : start + nlen])
        needle[defect_index(nlen, family)] ^= ord("a") ^ ord("b")
        return bytes(needle), (start if where == "end" else -1)
    s = SENTINEL[kind]
    if family == "find":
        return body[n - nlen : n - 1] + s, (n - nlen if where == "end" else -1)
    return s + body[1:nlen], (0 if where == "end" else -1)


def move_layout(kind, s):
    """(map size, src, dst) of DATA.md's move table."""
    r = (s + PAGE - 1) // PAGE * PAGE
    places = {
        "fwd-overlap": (0, s // 2),
        "bwd-overlap": (s // 2, 0),
        "disjoint": (0, r + PAGE),
        "misaligned": (1, r + PAGE + 3),
        "page-cross": (PAGE - 32, r + 2 * PAGE - 32),
    }
    src, dst = places[kind]
    return 2 * r + 3 * PAGE, src, dst


# ---- Cases -------------------------------------------------------------------


class Case:
    """One benchmark: its name and the parameters that build its data."""

    def __init__(self, family, impl, kind, where, n, nlen=0, mode="4k"):
        self.family, self.impl, self.kind, self.where = family, impl, kind, where
        self.n, self.nlen, self.mode = n, nlen, mode
        if family == "move":
            self.name = "move/%s/%s/page:%s/size:%d" % (impl, kind, mode, n)
            self.base = "move/%s/%s/page:%s" % (impl, kind, mode)
        else:
            self.base = "%s/%s/%s/%s/page:%s" % (family, impl, kind, where, mode)
            self.name = "%s/hay:%d/needle:%d" % (self.base, n, nlen)


def impl_names():
    """(mmap impl, bytes impl) for the running interpreter."""
    if platform.python_implementation() == "PyPy":
        return "pypy", "pypy-bytes"
    return "cpython", "cpython-bytes"


def all_cases(quick, modes=("4k",)):
    mm, by = impl_names()
    grid = "quick" if quick else "full"
    cases = []
    for mode in modes:
        if mode == "4k":
            hays = HAYS_QUICK if quick else HAYS_FULL
            needles = NEEDLES_QUICK if quick else NEEDLES_FULL
            moves = MOVES_QUICK if quick else MOVES_FULL
        else:
            hays, needles, moves = HAYS_MODE[grid], NEEDLES_MODE[grid], MOVES_MODE[grid]
        kinds = KINDS_QUICK if quick else KINDS
        if mode == "huge1g":
            kinds = ["random"]  # a 1 GiB page per kind is too many
        for kind, n, where, nlen in itertools.product(kinds, hays, WHERES, needles):
            if nlen > n or (kind == "periodic-ab" and nlen < 2):
                continue  # a one-byte needle cannot carry periodic-ab's defect
            cases.append(Case("find", mm, kind, where, n, nlen, mode))
            if mode == "4k":  # bytes.find searches a bytes object, in no page mode
                cases.append(Case("find", by, kind, where, n, nlen, mode))
            if kind != "periodic-ab" or n * nlen <= QUADRATIC_BUDGET:
                cases.append(Case("rfind", mm, kind, where, n, nlen, mode))
        for s, kind in itertools.product(moves, MOVE_KINDS):
            cases.append(Case("move", mm, kind, "", s, mode=mode))
    return cases


def body_sizes(cases):
    sizes = {}  # a body is made once, at the largest length any mode needs
    for c in cases:
        kind, n = (("random", move_layout(c.kind, c.n)[0]) if c.family == "move" else (c.kind, c.n))
        sizes[kind] = max(sizes.get(kind, 0), n)
    return sizes


# ---- Mapping -------------------------------------------------------------------


def map_length(mode, n):
    """n rounded up to the mode's page (hugetlb maps are unmapped in whole pages)."""
    page = MODE_PAGE[mode] if mode != "4k" else 1
    return (n + page - 1) // page * page


def make_map(data, mode="4k"):
    """An anonymous map in the page mode holding data at its start, every page
    faulted in, and verified to be backed in that mode (else BenchError).

    4k: mmap(-1, n) (shared anonymous) + MADV_NOHUGEPAGE; thp: a private anonymous
    map + MADV_HUGEPAGE; huge2m/huge1g: MAP_PRIVATE | MAP_HUGETLB with the size flag.
    The map may be longer than data: searches pass end = n."""
    # One byte more than the data: CPython's find before the fix of gh-105235
    # (Debian's 3.11.2 among them) reads past the end of the searched range
    # and dies of SIGSEGV when that range ends at an unmapped page; with
    # end = n < len(m) the stray read stays inside the map.
    size = len(data) + 1
    if mode == "4k":
        m = mmap.mmap(-1, size)
        # THP must be declined before the first touch; shared anonymous memory is
        # shmem, which only gets huge pages when shmem_enabled says so.
        if hasattr(m, "madvise") and hasattr(mmap, "MADV_NOHUGEPAGE"):
            m.madvise(mmap.MADV_NOHUGEPAGE)
    elif mode == "thp":
        if not hasattr(mmap.mmap, "madvise") or not hasattr(mmap, "MADV_HUGEPAGE"):
            raise BenchError("page mode thp: this Python's mmap has no madvise(MADV_HUGEPAGE)")
        m = mmap.mmap(-1, map_length(mode, size), flags=mmap.MAP_PRIVATE)
        m.madvise(mmap.MADV_HUGEPAGE)
    else:
        flags = mmap.MAP_PRIVATE | MAP_HUGETLB | MAP_HUGE[mode]
        m = mmap.mmap(-1, map_length(mode, size), flags=flags)
    try:
        m[: len(data)] = data
        if mode != "4k":
            for i in range(len(data), len(m), PAGE):
                m[i] = 0  # touch the tail, so the whole map is backed
            backed, label = verify_mode(m, mode)
            if backed < VERIFY_MIN:
                raise BenchError("page mode %s not obtained: %.0f%% of the range backed (%s)"
                                 % (mode, 100 * backed, label))
    except BaseException:
        m.close()
        raise
    return m


def map_address(m):
    """The start address of a writable mmap, through a short-lived ctypes export."""
    view = (ctypes.c_char * 1).from_buffer(m)
    try:
        return ctypes.addressof(view)
    finally:
        del view


def verify_mode(m, mode):
    """(fraction of m backed in mode, label) from /proc/self/smaps, like
    bench/pagemode.c's pm_verify."""
    lo = map_address(m)
    hi = lo + len(m)
    thp = huge = 0
    kps = None
    inside = False
    with open("/proc/self/smaps") as f:
        for line in f:
            head = line.split(None, 1)[0]
            if "-" in head and not head.endswith(":"):
                a, b = (int(x, 16) for x in head.split("-"))
                inside = a < hi and b > lo
                continue
            if not inside:
                continue
            field, rest = line.split(":", 1)
            kb = int(rest.split()[0]) * 1024 if rest.split() and rest.split()[0].isdigit() else 0
            if field in ("AnonHugePages", "ShmemPmdMapped", "FilePmdMapped"):
                thp += kb
            elif field in ("Private_Hugetlb", "Shared_Hugetlb"):
                huge += kb
            elif field == "KernelPageSize" and kps is None:
                kps = kb
    backed = thp if mode == "thp" else huge if kps == MODE_PAGE[mode] else 0
    frac = min(1.0, backed / len(m))
    label = mode if frac >= VERIFY_MIN else "partial" if backed else "fallback"
    return frac, label


def mode_status(mode):
    """(runs, note): whether this machine gives the mode, by a one-page probe."""
    if mode == "4k":
        return True, "run: mmap(-1, n) + MADV_NOHUGEPAGE"
    try:
        m = make_map(b"\x01", mode)
    except (BenchError, OSError, ValueError, MemoryError) as exc:
        why = str(exc) or type(exc).__name__
        if mode != "thp" and isinstance(exc, OSError):
            why = "mmap with MAP_HUGETLB failed: %s (no free hugetlb pages?)" % why
        return False, "unavailable: %s" % why
    m.close()
    return True, "run: verified at probe (one %d-byte page)" % MODE_PAGE[mode]


# ---- Timing (Google Benchmark 1.7.1's runner, real time) ------------------------

MAX_ITERS = 1000000000
CPU_NS = getattr(time, "thread_time_ns", time.process_time_ns)


class BenchError(Exception):
    """A wrong result or a failed setup: reported as error_occurred."""


def loop_find(fn, needle, n, expected, iters):
    for _ in itertools.repeat(None, iters):
        got = fn(needle, 0, n)
        if got != expected:
            return "found %d, expected %d" % (got, expected)
    return None


def loop_move(fn, dst, src, size, iters):
    for _ in itertools.repeat(None, iters):
        fn(dst, src, size)
    return None


def timed(loop, args, iters):
    """(real ns, cpu ns) of loop(*args, iters); raises BenchError on a wrong result."""
    gc_was = gc.isenabled()
    gc.disable()
    try:
        c0, t0 = CPU_NS(), time.perf_counter_ns()
        err = loop(*args, iters)
        t1, c1 = time.perf_counter_ns(), CPU_NS()
    finally:
        if gc_was:
            gc.enable()
    if err:
        raise BenchError(err)
    return t1 - t0, c1 - c0


def one_repetition(loop, args, iters, min_time):
    """Runs with a given count, or ramps up from 1 like GB until >= min_time."""
    if iters is not None:
        return (iters,) + timed(loop, args, iters)
    iters = 1
    while True:
        real, cpu = timed(loop, args, iters)
        secs = real / 1e9
        if iters >= MAX_ITERS or secs >= min_time:
            return iters, real, cpu
        mult = min_time * 1.4 / max(secs, 1e-9)
        if secs / min_time <= 0.1:
            mult = 10.0
        iters = min(int(round(max(mult * iters, iters + 1))), MAX_ITERS)


def iteration_entry(case, idx, reps, rep, res, nbytes):
    e = {
        "name": case.name,
        "family_index": idx[0],
        "per_family_instance_index": idx[1],
        "run_name": case.name,
        "run_type": "iteration",
        "repetitions": reps,
        "repetition_index": rep,
        "threads": 1,
    }
    if isinstance(res, str):
        e.update(error_occurred=True, error_message=res, iterations=0, real_time=0.0, cpu_time=0.0, time_unit="ns")
        return e
    iters, real, cpu = res
    e.update(iterations=iters, real_time=real / iters, cpu_time=cpu / iters, time_unit="ns")
    e["bytes_per_second"] = nbytes * iters / (real / 1e9) if real > 0 else 0.0
    return e


def aggregates(runs):
    """GB's mean/median/stddev/cv over the repetitions that did not fail (needs 2)."""
    ok = [r for r in runs if not r.get("error_occurred")]
    if len(ok) < 2:
        return []
    out = []
    for agg in ("mean", "median", "stddev", "cv"):
        e = {k: ok[0][k] for k in ("family_index", "per_family_instance_index", "run_name")}
        e = dict(name=ok[0]["name"] + "_" + agg, **e)
        e.update(run_type="aggregate", repetitions=runs[0]["repetitions"], threads=1)
        e.update(aggregate_name=agg, aggregate_unit="percentage" if agg == "cv" else "time")
        e.update(iterations=len(ok))
        for field in ("real_time", "cpu_time", "time_unit", "bytes_per_second"):
            e[field] = stat(agg, [r[field] for r in ok]) if field != "time_unit" else "ns"
        out.append(e)
    return out


def stat(agg, xs):
    mean = statistics.mean(xs)
    if agg == "mean":
        return mean
    if agg == "median":
        return statistics.median(xs)
    sd = statistics.stdev(xs)
    if agg == "stddev":
        return sd
    return sd / mean if mean else 0.0


def run_case(case, idx, loop, args, verify, nbytes, opts):
    """All repetitions of one case, then its aggregates; logs one line to stderr."""
    runs, iters = [], None
    for rep in range(opts.repetitions):
        try:
            res = one_repetition(loop, args, iters, opts.min_time)
            if verify:
                verify()
            iters = res[0]
        except (BenchError, OSError, ValueError, MemoryError) as exc:
            res = str(exc) or type(exc).__name__
        runs.append(iteration_entry(case, idx, opts.repetitions, rep, res, nbytes))
    runs += aggregates(runs)
    log_case(case, runs, opts)
    return runs


def log_case(case, runs, opts):
    opts.progress.done(case.name)
    errs = [r["error_message"] for r in runs if r.get("error_occurred")]
    if errs:
        print("%-70s ERROR %s" % (case.name, errs[0]), file=sys.stderr)
        return
    gbs = statistics.median(r["bytes_per_second"] for r in runs if r["run_type"] == "iteration") / 1e9
    print("%-70s %10.3f GB/s" % (case.name, gbs), file=sys.stderr)


# ---- Families ------------------------------------------------------------------


def run_find_group(group, body, idx, opts):
    """Cases that share (family haystack variant, kind, n): one map, one bytes object."""
    c0 = group[0]
    try:
        hay = find_setup(body, c0.kind, c0.family, c0.where, c0.n)
        m = make_map(hay, c0.mode)
    except (BenchError, OSError, ValueError, MemoryError) as exc:
        return setup_failed(group, idx, "setup: %s" % (exc or type(exc).__name__), opts)
    out = []
    try:
        for c in group:
            needle, expected = find_case_data(body, c.kind, c.family, c.where, c.n, c.nlen)
            edit = None
            if c.kind == "periodic-ab" and c.where == "end":
                edit = end_edit(body, c.kind, c.family, c.n, c.nlen)
            if c.impl.endswith("-bytes"):
                h = hay if edit is None else hay[: edit[0]] + bytes([edit[1]]) + hay[edit[0] + 1 :]
                fn = h.find
            else:
                fn = m.find if c.family == "find" else m.rfind
                if edit is not None:
                    m[edit[0]] = edit[1]
            try:
                out += run_case(c, idx(c), loop_find, (fn, needle, c.n, expected), None, c.n, opts)
            finally:
                if edit is not None and not c.impl.endswith("-bytes"):
                    m[edit[0]] = body[edit[0]]
    finally:
        m.close()
    return out


def setup_failed(cases, idx, message, opts):
    """Error entries for cases whose data could not be set up."""
    out = []
    for c in cases:
        runs = [iteration_entry(c, idx(c), opts.repetitions, r, message, 0) for r in range(opts.repetitions)]
        log_case(c, runs, opts)
        out += runs
    return out


def run_move(case, body, idx, opts):
    size, src, dst = move_layout(case.kind, case.n)
    orig = body[:size]
    try:
        m = make_map(orig, case.mode)
    except (BenchError, OSError, ValueError, MemoryError) as exc:
        return setup_failed([case], idx, "setup: %s" % (exc or type(exc).__name__), opts)

    def verify():
        m[:size] = orig
        m.move(dst, src, case.n)
        if m[dst : dst + case.n] != orig[src : src + case.n]:
            raise BenchError("moved bytes differ from the source")
        if m[:dst] != orig[:dst] or m[dst + case.n : size] != orig[dst + case.n :]:
            raise BenchError("bytes outside the destination changed")

    try:
        return run_case(case, idx(case), loop_move, (m.move, dst, src, case.n), verify, case.n, opts)
    finally:
        m.close()


def run_all(cases, opts):
    bodies = Bodies(body_sizes(cases))
    families, instances = {}, {}

    def idx(c):
        fam = families.setdefault(c.base, len(families))
        inst = instances.setdefault(fam, {})
        return fam, inst.setdefault(c.name, len(inst))

    out, groups, prev_kind = [], {}, None
    for c in cases:
        if c.family != "move":
            variant = c.family if c.where == "end" else "miss"
            groups.setdefault((c.kind, c.n, c.where, variant, c.mode), []).append(c)
    order = lambda k: (KINDS.index(k[0]), k[1], k[2], k[3], PAGE_MODES.index(k[4]))  # noqa: E731
    for key in sorted(groups, key=order):
        if out and key[0] != prev_kind and prev_kind != "random":
            bodies.drop(prev_kind)  # moves need only the random body
        out += run_find_group(groups[key], bodies.get(key[0], key[1]), idx, opts)
        prev_kind = key[0]
    for c in cases:
        if c.family == "move":
            out += run_move(c, bodies.get("random", move_layout(c.kind, c.n)[0]), idx, opts)
    return out


# ---- Context -------------------------------------------------------------------


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def mhz_per_cpu():
    khz = read("/sys/devices/system/cpu/cpu0/tsc_freq_khz")
    if khz and khz.isdigit():
        return int(khz) // 1000
    for line in (read("/proc/cpuinfo") or "").splitlines():
        if line.startswith("cpu MHz"):
            return int(float(line.split(":")[1]))
    return 0


def caches():
    out = []
    base = "/sys/devices/system/cpu/cpu0/cache"
    for d in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        p = os.path.join(base, d)
        size, smap = read(p + "/size"), read(p + "/shared_cpu_map")
        if not d.startswith("index") or not size:
            continue
        mult = {"K": 1024, "M": 1 << 20, "G": 1 << 30}.get(size[-1], 1)
        nshare = sum(bin(int(w, 16)).count("1") for w in (smap or "1").split(","))
        out.append(
            {
                "type": read(p + "/type"),
                "level": int(read(p + "/level") or 0),
                "size": int(size.rstrip("KMG")) * mult,
                "num_sharing": nshare,
            }
        )
    return out


def scaling_enabled():
    gov = read("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")
    return bool(gov) and gov != "performance"


def context(opts):
    ctx = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "host_name": socket.gethostname(),
        "executable": sys.executable + " " + os.path.abspath(__file__),
        "num_cpus": os.cpu_count() or 1,
        "mhz_per_cpu": mhz_per_cpu(),
        "cpu_scaling_enabled": scaling_enabled(),
        "caches": caches(),
        "load_avg": list(os.getloadavg()) if hasattr(os, "getloadavg") else [],
        "library_build_type": "debug" if hasattr(sys, "gettotalrefcount") else "release",
        "python_implementation": platform.python_implementation(),
        "python_version": platform.python_version(),
        "python_build": " ".join(platform.python_build()),
        "mmaplab_data": "bench/python/DATA.md",
        "mmaplab_mode": "quick" if opts.quick else "full",
        "mmaplab_min_time": opts.min_time,
        "mmaplab_repetitions": opts.repetitions,
        "mmaplab_page_modes": ",".join(opts.modes),
    }
    for mode in PAGE_MODES:
        ctx["mmaplab_page_mode_" + mode] = opts.mode_notes.get(mode, "not asked for")
    return ctx


# ---- Progress ------------------------------------------------------------------


class Progress:
    """--progress-fd: one line "DONE TOTAL NAME" per finished benchmark (all its
    repetitions) on a descriptor of its own (util/ut_progress.h tells the format)."""

    def __init__(self, fd, total):
        self.fd, self.total, self.count = fd, total, 0

    def done(self, name):
        self.count += 1
        if self.fd is None:
            return
        line = "%d %d %s\n" % (self.count, self.total, name.splitlines()[0] if name else "")
        try:
            os.write(self.fd, line.encode())
        except OSError:
            self.fd = None  # progress never fails a run


def progress_fd(text):
    """--progress-fd's value: a descriptor open for writing, kept from children."""
    try:
        fd = int(text)
        if fd < 0:
            raise ValueError
    except ValueError:
        misuse("--progress-fd wants a descriptor open for writing, not %r" % text)
    try:
        # PyPy's os has no O_ACCMODE; it is 3 on Linux
        if fcntl.fcntl(fd, fcntl.F_GETFL) & getattr(os, "O_ACCMODE", 3) == os.O_RDONLY:
            raise OSError
        os.set_inheritable(fd, False)
    except OSError:
        misuse("--progress-fd wants a descriptor open for writing, not %r" % text)
    return fd


# ---- Command line -------------------------------------------------------------


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports misuse as one line and exit status 2."""

    def error(self, message):
        misuse(message)


def misuse(message):
    print("mmap_bench.py: %s (try --help)" % message, file=sys.stderr)
    sys.exit(2)


def parse(argv):
    p = OneLineParser(description="CPython/PyPy mmap find/rfind/move benchmarks, GB-shaped JSON.")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="the CI subset (default min-time 0.01, 3 reps)")
    mode.add_argument("--full", action="store_true", help="the whole grid (default; min-time 0.1, 3 reps)")
    p.add_argument("--filter", metavar="REGEX", help="run only benchmarks whose name matches (re.search)")
    p.add_argument("--min-time", metavar="S", type=float, help="seconds per repetition at least")
    p.add_argument("--repetitions", metavar="N", type=int, help="repetitions per benchmark")
    p.add_argument("--out", metavar="FILE", help="write the JSON here (default: stdout)")
    p.add_argument("--list", action="store_true", help="print the selected names and exit")
    p.add_argument("--progress-fd", metavar="N",
                   help="write one line 'DONE TOTAL NAME' per finished benchmark to descriptor N")
    p.add_argument("--fingerprint-cmd", metavar="PATH",
                   help="the mmaplab-fingerprint program whose JSON goes into the context "
                   "(default: $MMAPLAB_FINGERPRINT, else build/default/bench/mmaplab-fingerprint)")
    p.add_argument("--page-modes", metavar="LIST",
                   help="page modes of 4k,thp,huge2m,huge1g (default: each one this machine gives)")
    opts = p.parse_args(argv)
    min_time, reps = DEFAULTS["quick" if opts.quick else "full"]
    opts.min_time = min_time if opts.min_time is None else opts.min_time
    opts.repetitions = reps if opts.repetitions is None else opts.repetitions
    if not opts.min_time > 0 or opts.min_time > 3600:
        misuse("--min-time must be in (0, 3600]")
    if opts.repetitions < 1:
        misuse("--repetitions must be at least 1")
    asked = opts.page_modes.split(",") if opts.page_modes is not None else PAGE_MODES
    if not asked or any(m not in PAGE_MODES for m in asked):
        misuse("--page-modes is a list of 4k, thp, huge2m, huge1g: %s" % opts.page_modes)
    opts.asked_modes = [m for m in PAGE_MODES if m in asked]
    opts.progress_fd = progress_fd(opts.progress_fd) if opts.progress_fd is not None else None
    try:
        opts.regex = re.compile(opts.filter or "")
    except re.error as exc:
        misuse("--filter is not a valid regular expression: %s" % exc)
    return opts


def fingerprint(opts):
    """This machine's fingerprint (bench/fingerprint.h) as one JSON string, as the C
    side stores it; misuse when the program is missing or fails."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cmd = opts.fingerprint_cmd or os.environ.get("MMAPLAB_FINGERPRINT") or \
        os.path.join(repo, "build", "default", "bench", "mmaplab-fingerprint")
    if not os.access(cmd, os.X_OK):
        misuse("mmaplab-fingerprint not found at %s (build it, or pass --fingerprint-cmd)" % cmd)
    import subprocess
    res = subprocess.run([cmd, "--compact", "--dir", os.environ.get("TMPDIR") or "/tmp"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if res.returncode != 0:
        misuse("%s failed: %s" % (cmd, res.stderr.decode(errors="replace").strip()))
    text = res.stdout.decode().strip()
    json.loads(text)  # it is JSON, or the traceback says why
    return text


def write_out(doc, path):
    """Writes atomically, so a failed run never leaves a partial file."""
    text = json.dumps(doc, indent=2) + "\n"
    if path is None:
        sys.stdout.write(text)
        return
    tmp = "%s.tmp.%d" % (path, os.getpid())
    try:
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        misuse("cannot write %s: %s" % (path, exc.strerror))


def main(argv):
    opts = parse(argv)
    if opts.out is not None and not os.path.isdir(os.path.dirname(os.path.abspath(opts.out))):
        misuse("--out directory does not exist: %s" % opts.out)
    opts.modes, opts.mode_notes = [], {}
    for mode in opts.asked_modes:
        runs, opts.mode_notes[mode] = mode_status(mode) if not opts.list else (True, "listed")
        if runs:
            opts.modes.append(mode)
        elif opts.page_modes is not None:
            print("mmap_bench.py: page mode %s left out: %s" % (mode, opts.mode_notes[mode]), file=sys.stderr)
    if not opts.modes:
        misuse("none of the page modes asked for can run here")
    cases = [c for c in all_cases(opts.quick, opts.modes) if opts.regex.search(c.name)]
    if not cases:
        misuse("--filter matches no benchmark: %s" % opts.filter)
    if opts.list:
        print("\n".join(c.name for c in cases))
        return 0
    opts.progress = Progress(opts.progress_fd, len(cases))
    ctx = context(opts)
    ctx["mmaplab_fingerprint"] = fingerprint(opts)
    write_out({"context": ctx, "benchmarks": run_all(cases, opts)}, opts.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
