#!/usr/bin/env bash
# compare_test.sh DRIVER DATA WORK - mmaplab compare of two machines'
# frozen results: fingerprint differences, aligned tables, charts.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
need_gnuplot

check_help compare

out=$work/c
"$drv" compare --out "$out" "$data/machine-a" "$data/machine-b/vm2-c.json" >"$work/stdout"
grep -q "^mmaplab compare: wrote $out: 2 machines, 5 charts, 0 not drawn" \
  "$work/stdout" || fail "stdout: $(cat "$work/stdout")"
for f in index.html summary.md data/01-vm-c.json data/02-vm-cpython.json \
  data/03-vm2-c.json; do
  [ -s "$out/$f" ] || fail "missing $f"
done
# the fingerprint differences first, the rows that changed next: the
# 4k read of the zero page is 1 fault per page on M1 and 1/256 on M2
# (its THP is "always"); the CPython rows exist on M1 only
sections=$(grep -n '^## ' "$out/summary.md" | sed -n 2,4p | cut -d' ' -f2-)
[ "$sections" = "$(printf 'Fingerprint fields that differ\nRows that changed\nCharts')" ] ||
  fail "section order: $sections"
grep -q '^M2 against M1: 7 of 34 rows changed' "$out/summary.md" ||
  fail "changed rows count"
grep -q '^| fault/anon-private/read/plain/page:4k/size:16777216/iterations:4/manual_time | faults_per_page | 1.00 | 0.0039 | 0.0039 |' \
  "$out/summary.md" || fail "the changed faults per page"
grep -q '^| move/cpython/disjoint/page:4k/size:64 | measured | yes | no |' \
  "$out/summary.md" || fail "a row measured on M1 only"
for c in compare-fault-ns-per-page-4k compare-fault-faults-per-page-4k \
  compare-find-needle-random compare-move-size-disjoint compare-page-modes; do
  for ext in png svg; do
    [ -s "$out/charts/$c.$ext" ] || fail "missing charts/$c.$ext"
  done
  grep -q "src=\"charts/$c.svg\"" "$out/index.html" || fail "index.html lacks $c"
  grep -q "M2 (vm2, Linux 6.1.0-28-amd64, THP always, xfs)" "$out/charts/$c.svg" ||
    fail "charts/$c.svg lacks the machine series"
done
s=$out/summary.md
M1='M1 (vm, Linux 6.18.44-fc-v782, THP madvise, ext4)'
M2='M2 (vm2, Linux 6.1.0-28-amd64, THP always, xfs)'
# The differences come first, before the benchmark tables.
has_row "$s" "| field | $M1 | $M2 |"
has_row "$s" '| thp.enabled | madvise | always |'
has_row "$s" '| kernel.release | 6.18.44-fc-v782 | 6.1.0-28-amd64 |'
has_row "$s" '| filesystem.type | ext4 | xfs |'
has_row "$s" '| hostname | vm | vm2 |'
grep -q '| page_size |' "$s" && fail "an equal field is listed as differing"
[ "$(grep -n 'thp.enabled' "$s" | head -1 | cut -d: -f1)" -lt \
  "$(grep -n '^## fault' "$s" | cut -d: -f1)" ] || fail "differences not at the top"
has_row "$s" "| $M1 | vm: Linux 6.18.44-fc-v782, AMD EPYC x2, THP madvise | $data/machine-a/vm-c.json, $data/machine-a/vm-cpython.json |"
has_row "$s" '| case | M1 ns/page | M2 ns/page | M2/M1 | M1 faults/page | M2 faults/page | M2/M1 |'
has_row "$s" '| anon-private/read/plain/page:4k/size:16777216/iterations:4/manual_time | 1073 | 1609 | 1.50 | 1.00 | 0.0039 | 0.0039 |'
has_row "$s" '| file-shared/write/plain/page:4k/size:16777216/iterations:4/manual_time | 145 | 217 | 1.50 | 0.00391 | 0.00391 | 1.00 |'
has_row "$s" '| core/random/miss/page:4k/hay:1048576/needle:16 | 9.06 | 7.25 | 0.80 |'
has_row "$s" '| cpython/disjoint/page:4k/size:64 | 0.575 | - | - |'
has_row "$s" '| core/random/miss/page:thp/hay:1048576/needle:16 | 9.97 | 7.98 | 0.80 |'
grep -q 'random/miss/page:thp/hay:1048576/needle:16' \
  "$out/charts/compare-page-modes.dat" || fail "page-mode chart data"
# The machines of a file list: one file per machine works too.
"$drv" compare --out "$work/c2" "$data/machine-b/vm2-c.json" \
  "$data/machine-a/vm-c.json" >/dev/null
has_row "$work/c2/summary.md" \
  '| field | M1 (vm2, Linux 6.1.0-28-amd64, THP always, xfs) | M2 (vm, Linux 6.18.44-fc-v782, THP madvise, ext4) |'
has_row "$work/c2/summary.md" '| thp.enabled | always | madvise |'
has_row "$s" '| pread/scan/window:4096/file:67108864 | 714196040 | 892745050 | 1.25 |'
[ "$(grep -n '^## fault' "$s" | cut -d: -f1)" -lt \
  "$(grep -n '^## find' "$s" | cut -d: -f1)" ] || fail "fault is not first"
echo "compare: ok"
# hyperfine exports join their machine by fingerprint and align by command.
"$drv" compare --out "$work/c3" "$data/machine-a" "$data/machine-b" \
  "$data/hyperfine" >"$work/stdout3"
grep -q "2 machines" "$work/stdout3" || fail "hyperfine files made a machine"
has_row "$work/c3/summary.md" '| command | M1 median ms | M2 median ms | M2/M1 |'
has_row "$work/c3/summary.md" '| mmaplab-find --quick | 11 | 21 | 1.91 |'
echo "compare with hyperfine: ok"

# The Windows bench under Wine is labelled as Wine on its host, never as
# Windows or as the host's Linux (M2 here: machine-b's rows, with the
# fingerprint bench/fingerprint_windows.c writes under Wine).
python3 - "$data/machine-b/vm2-c.json" "$work/wine-c.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
fp = json.loads(d["context"]["mmaplab_fingerprint"])
fp["kernel"] = {"sysname": "Windows", "release": "6.1.7601",
                "version": "Service Pack 1", "machine": "x86_64"}
fp["runtime"] = "wine"
fp["wine"] = {"version": "8.0", "build": "wine-8.0 (Debian 8.0~repack-4)",
              "host_sysname": "Linux", "host_release": "6.18.44-fc-v1300"}
d["context"]["mmaplab_fingerprint"] = json.dumps(fp)
json.dump(d, open(sys.argv[2], "w"))
PY
"$drv" compare --out "$work/wine" "$data/machine-a" "$work/wine-c.json" >/dev/null
s=$work/wine/summary.md
W='M2 (vm2, Wine 8.0 on Linux 6.18.44-fc-v1300)'
has_row "$s" "| field | $M1 | $W |"
has_row "$s" '| runtime | - | wine |'
has_row "$s" '| wine.version | - | 8.0 |'
has_row "$s" "| $W | vm2: Wine 8.0 on Linux 6.18.44-fc-v1300 (not Windows), AMD EPYC x2 | $work/wine-c.json |"
grep -q 'Windows 6.1.7601\|Linux 6.1.7601' "$s" && fail "the Wine run is labelled as a Windows or Linux release"
echo "compare of a Wine run: ok"
