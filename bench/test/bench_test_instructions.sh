#!/bin/sh
# bench_test_instructions.sh PROGRAM [SANITIZED] - mmaplab-bench
# --instructions: without valgrind, one line and exit 2; with it, a small
# find row and a move row get the counter instructions_<isa>, positive,
# the same in two runs; the context says so; another family selected by
# the filter is left out with a note; no temporary directory is left.
# SANITIZED (1: an AddressSanitizer build, which cannot run under
# valgrind) and a machine without valgrind skip the valgrind part (77).
set -u
. "$(dirname "$0")/prelude.sh"
make_test_dir bench-instructions
dir=$test_dir
rows='^(find/core/random/miss/page:4k/hay:4096/needle:16|move/core/disjoint/page:4k/size:64)$'

# No valgrind: one line, exit 2, nothing run, nothing left.
MMAPLAB_VALGRIND=$dir/none TMPDIR=$dir "$prog" --instructions --page-modes=4k \
  "--benchmark_filter=$rows" >"$dir/out" 2>"$dir/err"
rc=$?
[ "$rc" = 2 ] || fail "without valgrind: exit $rc, not 2"
[ "$(wc -l <"$dir/err")" = 1 ] || fail "without valgrind: not one line: $(cat "$dir/err")"
grep -q '^mmaplab-bench: --instructions needs valgrind (Debian package valgrind): not found' \
  "$dir/err" || fail "without valgrind: $(cat "$dir/err")"
[ ! -s "$dir/out" ] || fail "without valgrind: stdout: $(head -3 "$dir/out")"

if [ "${2:-0}" = 1 ]; then
  echo "skipped: an AddressSanitizer build cannot run under valgrind"
  exit 77
fi
if ! command -v valgrind >/dev/null 2>&1; then
  echo "skipped: valgrind is not installed (Debian package valgrind)"
  exit 77
fi

# counted N: one counted run into $dir/N.json, its stderr in $dir/N.err
counted() {
  mkdir -p "$dir/tmp$1"
  TMPDIR=$dir/tmp$1 "$prog" --keep-aslr --instructions --quick --page-modes=4k \
    --quiet "--benchmark_filter=$rows|^open/raw/anon-private/size:4096$" \
    --benchmark_out_format=json --benchmark_out="$dir/$1.json" \
    >/dev/null 2>"$dir/$1.err" || fail "run $1: exit $? ($(tail -1 "$dir/$1.err"))"
  left=$(ls -A "$dir/tmp$1")
  [ -z "$left" ] || fail "run $1 left $left in TMPDIR"
  grep -qx 'mmaplab-bench: --instructions counts find, rfind and move only: 1 benchmark of other families that the filter selects left out' \
    "$dir/$1.err" || fail "run $1: no note of the left-out row: $(cat "$dir/$1.err")"
}
counted 1
counted 2

# The counters of a result file, one "name counter value" per row, and the
# context's instruction fields.
python3 - "$dir/1.json" "$dir/2.json" >"$dir/check" 2>&1 <<'EOF'
import json, sys
runs = []
for path in sys.argv[1:]:
    d = json.load(open(path))
    ctx = d["context"]
    assert ctx["instruction_count"].startswith("callgrind "), ctx
    isa = ctx["instruction_isa"]
    assert isa in ("avx2", "sse2", "portable"), isa  # never avx512
    rows = {}
    for b in d["benchmarks"]:
        assert not b.get("error_occurred"), b
        assert b["name"].split("/")[0] in ("find", "move"), b["name"]
        v = b.get("instructions_" + isa)
        assert v is not None and v > 0, (b["name"], v)
        rows[b["name"]] = v
    assert len(rows) == 2, rows
    runs.append(rows)
assert runs[0] == runs[1], runs
print(runs[0])
EOF
[ $? = 0 ] || fail "counters: $(cat "$dir/check")"
echo "bench.instructions: ok $(cat "$dir/check")"
