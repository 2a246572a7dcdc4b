#!/usr/bin/env bash
# matrix_browser_test.sh CONFORM DATA WORK - the matrix.html of
# mmaplab-conform matrix (on DATA/conform-matrix) opens in headless
# Chromium: the DOM it builds has the matrix table with the expected
# header links and cells, and a port page has its sections. Skips (77)
# when Chromium is not installed, as reports/test/browser_test.sh does.
set -euo pipefail
conform=$1 data=$2/conform-matrix work=$3
. "$(dirname "$0")/../../../scripts/testlib.sh"
fresh_dir "$work"
chrome=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chrome" ] ||
  { echo "SKIP: chromium is not installed (scripts/install-deps installs it)"; exit 77; }
# --user-data-dir: a private profile; HOME too, for what Chromium writes.
dump_dom() { # FILE: the DOM Chromium built from FILE, on stdout
  HOME=$work timeout 120 "$chrome" --headless --no-sandbox --disable-gpu \
    --no-first-run --user-data-dir="$work/profile" --dump-dom "file://$1" \
    2>"$work/chrome.log" || fail "chromium failed on $1: $(tail -3 "$work/chrome.log")"
}
"$conform" matrix --out "$work/out" "$data"/*.json >/dev/null
dump_dom "$work/out/matrix.html" >"$work/matrix.dom"
dom=$work/matrix.dom
# one cell per line, as the checks below read them
tr -d '\n' <"$dom" | sed 's/<tr>/\n<tr>/g' >"$work/rows"
grep -q '<table>' "$dom" || fail "no table in the DOM"
grep -qF '<th><a href="ports/cpython-3.9.html">cpython-3.9 (cpython 3.9.18)</a></th><th><a href="ports/cpython-3.13.html">' \
  "$work/rows" || fail "header: CPython hosts not first, by version"
grep -qF '<th><a href="ports/pyodide.html">pyodide (cpython 3.14.2, pyodide 314.0.7)</a></th>' \
  "$work/rows" || fail "header: pyodide"
has_row "$work/rows" '<tr><td>access</td><td>1 / 1 / 0</td><td>2 / 0 / 0</td><td>1 / 2 / 0</td><td>2 / 0 / 0 (pagesize 1)</td></tr>'
has_row "$work/rows" '<tr><td>total</td><td>2 / 1 / 1</td><td>4 / 0 / 0</td><td>2 / 3 / 1 (errno-name 1)</td><td>3 / 0 / 1 (errno-name 1, pagesize 2)</td></tr>'
[ "$(grep -c '^<tr><td>' "$work/rows")" -eq 6 ] ||
  fail "want 6 body rows (4 areas, total, not graded): $(grep -c '^<tr><td>' "$work/rows")"
dump_dom "$work/out/ports/core-windows.html" >"$work/port.dom"
for h in 'Differences by class' 'class tagname (kind windows)' 'Unexpected failures' 'Notes'; do
  grep -qF "$h" "$work/port.dom" || fail "port page lacks $h"
done
echo "matrix_browser: matrix table and port page read back from Chromium's DOM"
