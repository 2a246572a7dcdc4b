#!/usr/bin/env bash
# test_mmap_bench.sh [PYTHON]: smoke test of mmap_bench.py under PYTHON
# (default python3). Runs a tiny --quick subset, validates the Google
# Benchmark-shaped JSON, the DATA.md self-check values, that a wrong result is
# reported as an error entry, and that misuse exits 2 without an output file.
# No timing assertions. Exit 0 pass, 1 fail, 77 skip (no such interpreter).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
py=${1:-python3}
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
command -v "$py" >/dev/null || { echo "SKIP: $py not found"; exit 77; }
. "$here/../../scripts/testlib.sh"
make_test_dir python-bench
tmp=$test_dir

# 1. A tiny subset: every find/rfind kind at 4 KiB with a 16-byte needle, 64-byte moves,
# with one progress line per finished benchmark on descriptor 3.
"$py" "$here/mmap_bench.py" --quick --filter 'hay:4096/needle:16$|size:64$' \
  --min-time 0.001 --repetitions 2 --out "$tmp/out.json" --progress-fd 3 \
  2>"$tmp/log" 3>"$tmp/progress" >"$tmp/stdout" ||
  fail "mmap_bench.py exited $? ($(tail -1 "$tmp/log"))"
[[ ! -s $tmp/stdout ]] || fail "printed on stdout: $(head -3 "$tmp/stdout")"
! grep -E '^[0-9]+ [0-9]+ ' "$tmp/log" || fail "progress lines on stderr"

"$py" - "$tmp/out.json" "$here" "$tmp/progress" <<'PYEOF' || fail "JSON shape"
import json, re, sys
# mmap_bench first: PyPy 3.9.16's socket module (imported by it) failed
# here after the json.load, in IntEnum._convert_ ("dictionary changed size
# during iteration"), every time once mmap_bench.py had grown by its
# --progress-fd code
sys.path.insert(0, sys.argv[2])
import mmap_bench as mb
doc = json.load(open(sys.argv[1]))

ctx = doc["context"]
assert json.loads(ctx["mmaplab_fingerprint"])["schema_version"] == 1
for key, typ in [("date", str), ("host_name", str), ("executable", str), ("num_cpus", int),
                 ("mhz_per_cpu", int), ("library_build_type", str),
                 ("python_implementation", str), ("python_version", str)]:
    assert isinstance(ctx.get(key), typ), "context.%s: %r" % (key, ctx.get(key))

name_re = re.compile(r"^(find|rfind)/(cpython|cpython-bytes|pypy|pypy-bytes)/(random|text|periodic|periodic-ab|dna|binary)/"
                     r"(end|miss)/page:4k/hay:4096/needle:16$"
                     r"|^move/(cpython|pypy)/(fwd-overlap|bwd-overlap|disjoint|misaligned|page-cross)"
                     r"/page:4k/size:64$")
common = {"name": str, "family_index": int, "per_family_instance_index": int, "run_name": str,
          "run_type": str, "repetitions": int, "threads": int, "iterations": int,
          "real_time": float, "cpu_time": float, "time_unit": str, "bytes_per_second": float}
runs = [b for b in doc["benchmarks"] if b["run_type"] == "iteration"]
aggs = [b for b in doc["benchmarks"] if b["run_type"] == "aggregate"]
names = {b["name"] for b in runs}
assert len(names) == 3 * 2 * 4 + 5, sorted(names)          # (find, bytes, rfind) x where x kind + moves
assert len(runs) == 2 * len(names) and len(aggs) == 4 * len(names), (len(runs), len(aggs))
for b in doc["benchmarks"]:
    for key, typ in common.items():
        assert isinstance(b.get(key), typ), "%s.%s: %r" % (b["name"], key, b.get(key))
    assert not b.get("error_occurred"), b
    assert name_re.match(b["run_name"]), b["run_name"]
    assert b["time_unit"] == "ns" and b["repetitions"] == 2 and b["threads"] == 1
    assert b["iterations"] > 0 and b["real_time"] > 0 and b["bytes_per_second"] > 0
for b in runs:
    assert b["name"] == b["run_name"] and b["repetition_index"] in (0, 1)
# --progress-fd: "DONE TOTAL NAME" per benchmark, DONE 1..TOTAL, every name once.
lines = [l.split(" ") for l in open(sys.argv[3]).read().splitlines()]
assert [(int(l[0]), int(l[1])) for l in lines] == [(i + 1, len(names)) for i in range(len(names))], lines
assert sorted(l[2] for l in lines) == sorted(names), lines
for b in aggs:
    agg = b["aggregate_name"]
    assert agg in ("mean", "median", "stddev", "cv") and b["name"] == b["run_name"] + "_" + agg
    assert b["aggregate_unit"] == ("percentage" if agg == "cv" else "time") and b["iterations"] == 2

# DATA.md's self-check table and example needle are what the code generates.
text = open(sys.argv[2] + "/DATA.md").read()
def fnv(data):
    h = 0xCBF29CE484222325
    for c in bytearray(data):
        h = ((h ^ c) * 0x100000001B3) & ((1 << 64) - 1)
    return "%016x" % h
for kind in mb.KINDS:
    row = re.search(r"^\| %s\s*\| ([0-9a-f]{16})\s*\| ([0-9a-f]{16})" % kind, text, re.M)
    assert row, "DATA.md has no self-check row for " + kind
    assert fnv(mb.make_body(kind, 4096)) == row.group(1), kind
    assert fnv(mb.make_body(kind, 1 << 20)) == row.group(2), kind
# dna and binary: the stream's words in 2-bit and 1-bit values, low bits first; a shorter
# body is a prefix of a longer one, at any length.
assert mb.make_body("dna", 16) == b"GGTCAGACCAGAGGCG" and b"GGTCAGACCAGAGGCG" in text.encode()
assert mb.make_body("binary", 16) == b"ababbbbaaaabaaba" and b"ababbbbaaaabaaba" in text.encode()
for kind, alphabet in (("dna", b"ACGT"), ("binary", b"ab")):
    long = mb.make_body(kind, 4099)
    assert all(mb.make_body(kind, n) == long[:n] for n in (0, 1, 31, 33, 63, 65, 4097))
    assert not long.translate(None, alphabet), kind  # nothing outside the alphabet
    assert mb.find_case_data(long, kind, "find", "miss", 4099, 4)[0] == long[4095:4098] + b"\x00"
needle, want = mb.find_case_data(mb.make_body("random", 4096), "random", "find", "end", 4096, 16)
assert needle.hex() in text and want == 4096 - 16
hay = mb.find_setup(mb.make_body("periodic", 64), "periodic", "find", "end", 64)
assert hay == b"a" * 63 + b"b"
# periodic-ab: the needle's defect, and the "end" haystack's one edited byte
body = mb.make_body("periodic-ab", 64)
assert mb.find_case_data(body, "periodic-ab", "find", "end", 64, 5) == (b"baaab", 59)
assert mb.find_case_data(body, "periodic-ab", "rfind", "miss", 64, 5) == (b"abbba", -1)
assert mb.end_edit(body, "periodic-ab", "find", 64, 5) == (61, ord("a"))
assert mb.end_edit(body, "periodic-ab", "rfind", 64, 5) == (2, ord("b"))
quick = [c.name for c in mb.all_cases(True)]
mm = mb.impl_names()[0]  # cpython or pypy
assert "rfind/%s/periodic-ab/miss/page:4k/hay:67108864/needle:16" % mm in quick
assert "rfind/%s/periodic-ab/miss/page:4k/hay:67108864/needle:256" % mm not in quick  # O(n*m)
assert "find/%s/random/miss/page:4k/hay:64/needle:16" % mm in quick
assert not any("/dna/" in n or "/binary/" in n for n in quick)  # the full grid's alone
full = [c.name for c in mb.all_cases(False)]
assert "find/%s/dna/miss/page:4k/hay:1024/needle:32" % mm in full
assert "rfind/%s/binary/end/page:4k/hay:64/needle:64" % mm in full

# A wrong result is an error entry, not a time.
class Opts: min_time, repetitions, progress = 0.001, 2, mb.Progress(None, 1)
case = mb.Case("find", "cpython", "text", "end", 3, 1)
import io
sys.stderr, err = io.StringIO(), sys.stderr  # its log line is expected, keep it quiet
try:
    out = mb.run_case(case, (0, 0), mb.loop_find, (b"abc".find, b"c", 3, 5), None, 3, Opts)
finally:
    sys.stderr = err
assert len(out) == 2 and all(e["error_occurred"] and "expected 5" in e["error_message"] for e in out), out

# Page modes: a 4k map is not reported as THP; a THP map is verified as such where
# this machine gives THP (the probe says so), and is refused as hugetlb.
m = mb.make_map(b"\x01" * (4 << 20), "4k")
assert mb.verify_mode(m, "thp") == (0.0, "fallback")
m.close()
runs, note = mb.mode_status("thp")
if runs:
    m = mb.make_map(b"\x01" * (2 << 20), "thp")
    assert mb.verify_mode(m, "thp")[0] >= mb.VERIFY_MIN and mb.verify_mode(m, "huge2m")[1] == "fallback"
    m.close()
else:
    print("thp part skipped: " + note, file=sys.stderr)
names = [c.name for c in mb.all_cases(True, ["4k", "thp"])]
assert "find/cpython/random/miss/page:thp/hay:67108864/needle:16" in names or \
    "find/pypy/random/miss/page:thp/hay:67108864/needle:16" in names
assert not any("-bytes/" in n and "page:thp" in n for n in names)  # bytes are in no page mode
PYEOF

# 2. Misuse: one line on stderr, exit 2, no output file.
for args in "--repetitions 0" "--min-time -1" "--filter (" "--filter nomatch" "--bogus" \
  "--quick --full" "--min-time x" "--page-modes 4k,bogus" "--page-modes 4k," \
  "--progress-fd 9" "--progress-fd x" "--progress-fd -1" "--progress-fd 0"; do
  rc=0
  # shellcheck disable=SC2086 # the arguments are meant to split
  "$py" "$here/mmap_bench.py" $args --out "$tmp/bad.json" 2>"$tmp/err" 9>&- </dev/null || rc=$?
  [[ $rc == 2 ]] || fail "'$args' exited $rc, expected 2"
  [[ $(wc -l <"$tmp/err") == 1 ]] || fail "'$args' printed $(wc -l <"$tmp/err") lines on stderr"
  [[ ! -e $tmp/bad.json ]] || fail "'$args' left an output file"
done
echo "PASS: mmap_bench.py under $("$py" -c 'import platform; print(platform.python_implementation(), platform.python_version())')"
