#!/usr/bin/env python3
"""smoke_windows.py - the smoke test of the Windows bench (bench.windows_smoke).

    smoke_windows.py --work DIR BENCH_EXE -- EMULATOR...
    smoke_windows.py --self-test FROZEN.json

Runs BENCH_EXE (mmaplab-bench.exe) under EMULATOR (Wine's loader) over a
few rows of each portable family (find, rfind, move, granularity with
64 KiB views) with a short minimum time, then checks the JSON it wrote:
valid, every expected row present and without error, no 4 KiB aligned
granularity row (Windows refuses those offsets), and the run labelled as
Wine's in the context (mmaplab_runtime) and the fingerprint (runtime,
wine.version), so no figure passes for a Windows measurement. First the
misuse paths: exit status 2 with one line, and a failed run leaves the
output file as it was. Prints the rows, labelled Wine. --self-test checks the checker on Linux: FROZEN (a
real run's JSON, data/smoke_wine.json) must pass and each of its
mutations (a Windows or Linux label, a missing, failed or 4 KiB aligned
row) must fail. Exit status 0 passed, 1 failed, 77 skipped (no
emulator), 2 misuse.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

# The rows the smoke run asks for: the --quick grid's, a few per family.
FILTER = (
    r"^(find|rfind)/(core|naive)/random/(end|miss)/page:4k/hay:4096/needle:16$"
    r"|^move/(core|msvcrt)/(disjoint|fwd-overlap)/page:4k/size:65536$"
    r"|^granularity/core/scan/align:(65536|2097152)/window:1048576/"
    r"|^granularity/readfile/scan/window:1048576/"
    r"|^granularity/(core|readfile)/window/size:65536/")
FILE = 64 << 20
EXPECTED = (
    [f"{fam}/{impl}/random/{where}/page:4k/hay:4096/needle:16"
     for fam in ("find", "rfind") for impl in ("core", "naive")
     for where in ("end", "miss")]
    + [f"move/{impl}/{kind}/page:4k/size:65536"
       for impl in ("core", "msvcrt") for kind in ("disjoint", "fwd-overlap")]
    + [f"granularity/core/scan/align:{a}/window:1048576/file:{FILE}"
       for a in (65536, 2097152)]
    + [f"granularity/readfile/scan/window:1048576/file:{FILE}"]
    + [f"granularity/{impl}/window/size:65536/file:{FILE}"
       for impl in ("core", "readfile")])


def wine_path(path):
    """PATH as Windows sees it under Wine: drive Z: is the host's root in
    every Wine prefix Wine creates."""
    return "Z:" + os.path.abspath(path).replace("/", "\\")


def fail(msg):
    print(f"smoke_windows: FAIL: {msg}", file=sys.stderr)
    return 1


def check(doc):
    """The failures of the result DOC, as a list of lines."""
    bad = []
    ctx = doc.get("context", {})
    runtime = ctx.get("mmaplab_runtime", "")
    if not runtime.startswith("wine "):
        bad.append(f"context.mmaplab_runtime is {runtime!r}, not 'wine VERSION'")
    try:
        fp = json.loads(ctx.get("mmaplab_fingerprint", "null"))
    except json.JSONDecodeError as e:
        fp = None
        bad.append(f"context.mmaplab_fingerprint is not JSON: {e}")
    if not isinstance(fp, dict):
        bad.append("no fingerprint object in context.mmaplab_fingerprint")
    else:
        if fp.get("runtime") != "wine":
            bad.append(f"fingerprint.runtime is {fp.get('runtime')!r}, not 'wine'")
        if not (fp.get("wine") or {}).get("version"):
            bad.append("fingerprint.wine.version is missing")
        if (fp.get("kernel") or {}).get("sysname") != "Windows":
            bad.append("fingerprint.kernel.sysname is not 'Windows'")
        if fp.get("allocation_granularity") != 65536:
            bad.append("fingerprint.allocation_granularity is not 65536")
        if not any("Wine" in n for n in fp.get("notes", [])):
            bad.append("no fingerprint note says the figures are Wine's")
    rows = {b.get("name"): b for b in doc.get("benchmarks", [])}
    for name in EXPECTED:
        b = rows.get(name)
        if b is None:
            bad.append(f"row missing: {name}")
        elif b.get("error_occurred"):
            bad.append(f"row {name}: error: {b.get('error_message')}")
        elif not b.get("iterations") or b.get("real_time", 0) <= 0:
            bad.append(f"row {name}: no time")
    for name in rows:
        if name not in EXPECTED:
            bad.append(f"unexpected row (the filter's names changed?): {name}")
        if "align:4096/" in name:
            bad.append(f"a 4 KiB aligned view on Windows: {name}")
    return bad


def mutations(doc):
    """(what, DOC changed so that check() must refuse it), one by one."""
    def fp_set(d, key, value):
        fp = json.loads(d["context"]["mmaplab_fingerprint"])
        fp[key] = value
        d["context"]["mmaplab_fingerprint"] = json.dumps(fp)

    def rows(d, fn):
        d["benchmarks"] = fn(d["benchmarks"])

    def errored(bs):
        bs[0] = dict(bs[0], error_occurred=True, error_message="wrong")
        return bs

    def aligned_4k(bs):
        extra = dict(bs[-1], name="granularity/core/scan/align:4096/"
                     f"window:1048576/file:{FILE}")
        return bs + [extra]

    changes = [
        ("runtime windows", lambda d: d["context"].update(
            mmaplab_runtime="windows")),
        ("no runtime", lambda d: d["context"].pop("mmaplab_runtime")),
        ("fingerprint runtime windows", lambda d: fp_set(d, "runtime",
                                                         "windows")),
        ("fingerprint without wine", lambda d: fp_set(d, "wine", None)),
        ("fingerprint of Linux", lambda d: fp_set(
            d, "kernel", {"sysname": "Linux", "release": "6.1"})),
        ("no note", lambda d: fp_set(d, "notes", [])),
        ("no fingerprint", lambda d: d["context"].pop("mmaplab_fingerprint")),
        ("a row missing", lambda d: rows(d, lambda bs: bs[1:])),
        ("a row with an error", lambda d: rows(d, errored)),
        ("a 4 KiB aligned view", lambda d: rows(d, aligned_4k)),
    ]
    for what, change in changes:
        d = json.loads(json.dumps(doc))
        change(d)
        yield what, d


def self_test(frozen):
    with open(frozen, encoding="utf-8") as f:
        doc = json.load(f)
    bad = check(doc)
    if bad:
        return fail(f"{frozen} is refused: {bad}")
    n = 0
    for what, d in mutations(doc):
        if not check(d):
            return fail(f"mutation not refused: {what}")
        n += 1
    print(f"smoke_windows: self-test ok: {frozen} passes, {n} mutations "
          "refused")
    return 0


def misuse_checks(emulator, exe, env, work):
    """The failures of the exit paths that must not run anything: an
    unknown option and a bad flag value give status 2 and one line; a run
    that fails (a filter matching nothing) leaves --benchmark_out's file as
    it was."""
    bad = []
    keep = os.path.join(work, "keep.json")
    with open(keep, "w", encoding="utf-8") as f:
        f.write("kept\n")
    for args, want in (
            (["--bogus"], "mmaplab-bench: unknown option '--bogus'"),
            (["--benchmark_repetitions=-1"],
             "mmaplab-bench: --benchmark_repetitions"),
            (["--benchmark_filter=^nothing$",
              "--benchmark_out=" + wine_path(keep)], None)):
        r = subprocess.run(emulator + [exe] + args, env=env, timeout=60,
                           check=False, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, errors="replace")
        err = r.stderr.strip().splitlines()
        if r.returncode != 2:
            bad.append(f"{args}: exit {r.returncode}, not 2")
        elif want is not None and (len(err) != 1 or
                                   not err[0].startswith(want)):
            bad.append(f"{args}: stderr {err!r}, not one line '{want}...'")
    with open(keep, encoding="utf-8") as f:
        if f.read() != "kept\n":
            bad.append("a failed run changed --benchmark_out's file")
    if any(n.startswith("keep.json.tmp") for n in os.listdir(work)):
        bad.append("a failed run left its temporary output behind")
    return bad


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        return self_test(sys.argv[2])
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("exe")
    ap.add_argument("emulator", nargs="+")
    try:
        a = ap.parse_args()
    except SystemExit:
        return 2
    if not a.emulator or not shutil.which(a.emulator[0]):
        print("smoke_windows: skipped: no emulator to run the .exe",
              file=sys.stderr)
        return 77
    os.makedirs(a.work, exist_ok=True)
    out = os.path.join(a.work, "smoke.json")
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ, WINEDEBUG="-all",
               MMAPLAB_BENCH_DIR=wine_path(a.work))
    cmd = a.emulator + [a.exe, "--quick", "--benchmark_filter=" + FILTER,
                        "--benchmark_min_time=0.01",
                        "--benchmark_repetitions=1",
                        "--benchmark_enable_random_interleaving=false",
                        "--benchmark_out_format=json",
                        "--benchmark_out=" + wine_path(out)]
    bad = misuse_checks(a.emulator, a.exe, env, a.work)
    for line in bad:
        print(f"smoke_windows: FAIL: {line}", file=sys.stderr)
    if bad:
        return 1
    print("smoke_windows: " + " ".join(cmd), flush=True)
    r = subprocess.run(cmd, env=env, timeout=280, check=False,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors="replace")
    print(r.stdout, end="")
    if r.returncode != 0:
        return fail(f"mmaplab-bench.exe exited {r.returncode}")
    try:
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        return fail(f"{out}: {e}")
    bad = check(doc)
    for line in bad:
        print(f"smoke_windows: FAIL: {line}", file=sys.stderr)
    if bad:
        return 1
    ctx = doc["context"]
    fp = json.loads(ctx["mmaplab_fingerprint"])
    print(f"smoke_windows: {len(doc['benchmarks'])} rows, measured under "
          f"{ctx['mmaplab_runtime']} (Wine, not Windows) on "
          f"{fp['cpu']['model']}, Windows {fp['kernel']['release']} as Wine "
          f"reports it, host {fp['wine']['host_sysname']} "
          f"{fp['wine']['host_release']}")
    # Google Benchmark's rates divide by CPU time, which Wine counts in
    # scheduler ticks (10 ms); the rates shown divide by the real time.
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    for b in doc["benchmarks"]:
        unit = scale.get(b["time_unit"], 1e-9)
        rate = b.get("bytes_per_second", 0) * b["cpu_time"] * unit
        line = f"  [Wine] {b['name']}: real {b['real_time']:.0f} {b['time_unit']}"
        if rate > 0:
            line += f", {rate / (b['real_time'] * unit) / 1e9:.2f} GB/s by real time"
        print(line)
    print("smoke_windows: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
