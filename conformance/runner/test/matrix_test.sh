#!/usr/bin/env bash
# matrix_test.sh CONFORM DATA WORK - mmaplab-conform matrix on the frozen
# reports of DATA (reports/test/data/conform-matrix: two CPython hosts,
# core-windows with classes and notes, pyodide with notes): the files it
# writes, the matrix's cells and links, and exit status 2 with one line on
# every misuse.
set -euo pipefail
conform=$1 data=$2/conform-matrix work=$3
. "$(dirname "$0")/../../../scripts/testlib.sh"
fresh_dir "$work"

"$conform" matrix --help >"$work/help"
head -1 "$work/help" | grep -q '^usage: mmaplab-conform matrix ' || fail "--help"
"$conform" --help | grep -q '^  matrix ' || fail "matrix not in mmaplab-conform --help"

out=$work/out
"$conform" matrix --out "$out" "$data"/*.json >"$work/stdout"
has_row "$work/stdout" "matrix: $out/matrix.html"
for f in matrix.md matrix.html; do [ -s "$out/$f" ] || fail "missing $f"; done
for h in cpython-3.9 cpython-3.13 core-windows pyodide; do
  for ext in md html; do [ -s "$out/ports/$h.$ext" ] || fail "missing ports/$h.$ext"; done
done
md=$out/matrix.md
# columns: CPython by version, then the others by name, each linked
has_row "$md" '| area: pass / expected / unexpected | [cpython-3.9 (cpython 3.9.18)](ports/cpython-3.9.md) | [cpython-3.13 (cpython 3.13.0)](ports/cpython-3.13.md) | [core-windows (mmaplab 0.1.0)](ports/core-windows.md) | [pyodide (cpython 3.14.2, pyodide 314.0.7)](ports/pyodide.md) |'
has_row "$md" '| access | 1 / 1 / 0 | 2 / 0 / 0 | 1 / 2 / 0 | 2 / 0 / 0 (pagesize 1) |'
has_row "$md" '| flush | - | - | 0 / 1 / 0 (errno-name 1) | - |'
has_row "$md" '| total | 2 / 1 / 1 | 4 / 0 / 0 | 2 / 3 / 1 (errno-name 1) | 3 / 0 / 1 (errno-name 1, pagesize 2) |'
has_row "$md" '| not graded | skip 0, needs-golden 0 | skip 1, needs-golden 0 | skip 1, needs-golden 1, reference-crash 1 | skip 0, needs-golden 0 |'
grep -qF '<th><a href="ports/pyodide.html">pyodide (cpython 3.14.2, pyodide 314.0.7)</a></th>' \
  "$out/matrix.html" || fail "matrix.html: pyodide header"
grep -qF '[port matrix](../matrix.md)' "$out/ports/pyodide.md" || fail "no link back"

# Written again over itself: each file replaced, nothing left beside.
"$conform" matrix --out "$out" "$data"/*.json >/dev/null
[ -z "$(ls -A "$out" | grep -v -e '^matrix\.md$' -e '^matrix\.html$' -e '^ports$')" ] ||
  fail "left in DIR: $(ls -A "$out")"

# misuse: exit 2, one line on stderr, nothing written
expect2() { # WHAT ARGS...: exits 2 with one line holding WHAT
  local what=$1 rc=0
  shift
  "$conform" matrix "$@" >/dev/null 2>"$work/err" || rc=$?
  [ "$rc" -eq 2 ] || fail "matrix $*: exit $rc, not 2"
  [ "$(wc -l <"$work/err")" -eq 1 ] || fail "matrix $*: stderr: $(cat "$work/err")"
  grep -qF -- "$what" "$work/err" || fail "matrix $*: $(cat "$work/err") (want $what)"
}
expect2 'no REPORT.json given' --out "$work/none"
expect2 'unknown option --bogus' --bogus "$data/pyodide.json"
expect2 'option --out needs a value' "$data/pyodide.json" --out
expect2 "$work/missing.json" --out "$work/none" "$work/missing.json"
echo '{"results": []}' >"$work/bench.json"
expect2 'not a conformance report' --out "$work/none" "$work/bench.json"
echo '{"cases": [' >"$work/broken.json"
expect2 "$work/broken.json" --out "$work/none" "$work/broken.json"
[ ! -e "$work/none" ] || fail "misuse wrote --out"
echo "matrix: ok"
