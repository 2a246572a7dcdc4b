#!/usr/bin/env bash
# report_test.sh DRIVER DATA WORK - mmaplab report on the frozen results of
# test/data builds the expected files, tables and charts.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
need_gnuplot

check_help report

out=$work/deep/r
"$drv" report --out "$out" "$data/machine-a" "$data/conform" \
  "$data/hyperfine-small.json" >"$work/stdout"
grep -q "^mmaplab report: wrote $out: 8 charts, 1 not drawn" "$work/stdout" ||
  fail "stdout: $(cat "$work/stdout")"
[ "$(ls -A "$work/deep")" = r ] || fail "left beside DIR: $(ls -A "$work/deep")"
[ -f "$out/.mmaplab-report" ] || fail "no .mmaplab-report marker"
for f in index.html summary.md data/01-vm-c.json data/02-vm-cpython.json \
  data/03-conform-core.json data/04-conform-pypy.json data/05-hyperfine-small.json; do
  [ -s "$out/$f" ] || fail "missing $f"
done
cmp -s "$data/conform/conform-pypy.json" "$out/data/04-conform-pypy.json" || fail "data/ copy"
for c in find-needle-random find-haystack-random rfind-needle-random \
  move-disjoint fault-ns-per-page-4k fault-faults-per-page-4k \
  granularity-scan conformance-matrix; do
  for ext in png svg dat gp; do
    [ -s "$out/charts/$c.$ext" ] || fail "missing charts/$c.$ext"
  done
  grep -q "src=\"charts/$c.svg\"" "$out/index.html" || fail "index.html lacks $c"
  grep -qF "(charts/$c.svg)" "$out/summary.md" || fail "summary.md lacks $c"
  head -c 8 "$out/charts/$c.png" | od -An -c | grep -q 'P   N   G' ||
    fail "charts/$c.png is not a PNG"
  grep -q '<svg' "$out/charts/$c.svg" || fail "charts/$c.svg is not SVG"
done
[ ! -e "$out/charts/rfind-haystack-random.svg" ] || fail "one-point chart drawn"
# The port matrix in the conformance section, its headers linking to the
# port pages written beside the report (reports/test/conform_matrix_test.c
# checks the pages' content).
grep -qF '### Port matrix' "$out/summary.md" || fail "summary.md lacks the port matrix"
grep -qF '[core (mmaplab' "$out/summary.md" || fail "matrix column of core"
grep -q '<th><a href="ports/pypy.html">pypy (pypy ' "$out/index.html" ||
  fail "index.html: matrix header not linked to ports/pypy.html"
for f in ports/core.md ports/core.html ports/pypy.md ports/pypy.html; do
  [ -s "$out/$f" ] || fail "missing $f"
done
grep -qF '[port matrix](../summary.md)' "$out/ports/core.md" ||
  fail "ports/core.md does not link back"
[ -z "$(ls "$out"/charts/*.log 2>/dev/null)" ] || fail "gnuplot logs left"
# Every chart title carries the machine.
grep -q "vm: Linux 6.18.44-fc-v782" "$out/charts/find-needle-random.svg" ||
  fail "machine missing in a chart title"
grep -q "throughput (GB/s, median)" "$out/charts/find-needle-random.svg" ||
  fail "axis label with unit missing"

s=$out/summary.md
has_row "$s" '# mmaplab report: vm: Linux 6.18.44-fc-v782, AMD EPYC x2, THP madvise'
# find: core/best peer, the best of glibc and cpython (move has no such column)
has_row "$s" '| case | core GB/s | glibc GB/s | cpython GB/s | core/glibc | core/cpython | core/best peer |'
has_row "$s" '| case | core GB/s | glibc GB/s | cpython GB/s | core/glibc | core/cpython |'
has_row "$s" '| random/miss/page:4k/hay:1048576/needle:16 | 9.06 | 6.87 | 3.48 | 1.32 | 2.60 | 1.32 |'
has_row "$s" '| random/miss/page:4k/hay:4096/needle:2 | 0.691 | 0.9 | 0.837 | 0.77 | 0.83 | 0.77 |'
has_row "$s" '| case | core GB/s | naive GB/s |'
has_row "$s" '| disjoint/page:4k/size:65536 | 45.8 | 44.8 | 42.7 | 1.02 | 1.07 |'
has_row "$s" '| anon-private/read/plain/page:4k/size:16777216/iterations:4/manual_time | 1073 | 1.00 | 0 | 5.39 | 0 |'
has_row "$s" '| core/scan/align:65536/window:1048576/file:67108864 | 192928440 | 5.57 | 64 |'
has_row "$s" '| file-shared/size:1048576 | 7.28 | 6.70 |'
# the findings link the counts rows: anchored in summary.md too
has_row "$s" '| <a id="c-core"></a>core | cpython-3.13.0 | 9 | 0 | 0 | 1 | 1 |'
has_row "$s" '| <a id="c-pypy"></a>pypy | cpython-3.9.18 | 4 | 0 | 4 | 1 | 2 |'
has_row "$s" '| access | 8 | 0 | 1 | 4 | 1 | 1 | 0 | 1 | 0 | 2 |'
has_row "$s" 'rfind-haystack-random: 1 x value(s) measured, 2 needed for a line'
# Inputs are named by their copies in data/, linked by relative path (the
# paths given may be gone, as mmaplab run's work directory is), never by
# the path given.
has_row "$s" '| [data/04-conform-pypy.json](data/04-conform-pypy.json) | conformance | host pypy against cpython-3.9.18 | 11 |'
grep -q '<td><a href="data/01-vm-c.json">data/01-vm-c.json</a></td><td>benchmarks</td>' \
  "$out/index.html" || fail "index.html does not link data/01-vm-c.json"
! grep -qF "$data/" "$s" "$out/index.html" || fail "an input's given path is named"
has_row "$s" '| hyperfine-small.json | mmaplab-find | 10.5 | 10 | 2 |'
grep -q '<td>random/miss/page:4k/hay:1048576/needle:16</td><td>9.06</td>' \
  "$out/index.html" || fail "index.html lacks the find table"
grep -qi '<script\|https\?://' "$out/index.html" && fail "index.html has scripts or URLs"

# The default DIR, under the working directory; --force replaces a DIR.
(cd "$work" && "$drv" report "$data/machine-a/vm-c.json" >stdout-default)
ls -d "$work"/reports/out/2[0-9]*-[0-9]* >/dev/null || fail "default DIR"
"$drv" report --force --title 'Only C' --out "$out" "$data/machine-a/vm-c.json" >/dev/null
has_row "$out/summary.md" '# Only C'
[ ! -e "$out/data/03-conform-core.json" ] || fail "--force kept the old DIR's files"
# compare --force replaces a report too (both write the marker).
"$drv" compare --force --out "$out" "$data/machine-a" "$data/machine-b" >/dev/null
grep -q '^# mmaplab compare: 2 machines' "$out/summary.md" || fail "compare --force"
[ "$(ls -A "$work/deep")" = r ] || fail "old or tmp dir left: $(ls -A "$work/deep")"
# Without conformance or fault data, the charts are listed as not drawn.
"$drv" report --out "$work/only-cpython" "$data/machine-a/vm-cpython.json" >/dev/null
has_row "$work/only-cpython/summary.md" 'conformance-matrix: no conformance report.json given'
has_row "$work/only-cpython/summary.md" 'fault charts: no benchmarks of this family in the inputs'
# A pipe is read once and its bytes are what data/ holds; in a directory,
# what is not a regular file (a FIFO) is skipped with a note, never opened.
"$drv" report --out "$work/piped" <(cat "$data/machine-a/vm-c.json") >/dev/null
cmp -s "$data/machine-a/vm-c.json" "$work/piped/data/01-$(ls "$work/piped/data" |
  sed -n 's/^01-//p')" || fail "data/ copy of a pipe differs from its bytes"
mkdir "$work/with-fifo" && cp "$data/machine-a/vm-c.json" "$work/with-fifo/" &&
  mkfifo "$work/with-fifo/zz.json"
timeout 30 "$drv" report --out "$work/fifo-skipped" "$work/with-fifo" \
  >/dev/null 2>"$work/stderr" || fail "directory with a FIFO: $(cat "$work/stderr")"
grep -q "^mmaplab report: note: $work/with-fifo/zz.json skipped: not a regular file" \
  "$work/stderr" || fail "no note on the skipped FIFO: $(cat "$work/stderr")"
[ "$(ls "$work/fifo-skipped/data")" = 01-vm-c.json ] || fail "FIFO in data/"
# A DIR name NAME_MAX - 5 bytes long: its temporary sibling still fits.
name=$(printf 'r%.0s' $(seq 250))
"$drv" report --out "$work/names/$name" "$data/machine-a/vm-c.json" >/dev/null ||
  fail "a 250-byte DIR name"
[ "$(ls -A "$work/names")" = "$name" ] || fail "left: $(ls -A "$work/names")"
# Inputs of two machines are pooled, with a note.
"$drv" report --out "$work/two" "$data/machine-a" "$data/machine-b" >/dev/null
grep -q "^Note: the inputs come from more than one machine" "$work/two/summary.md" ||
  fail "no note on two machines"
echo "report: ok"
