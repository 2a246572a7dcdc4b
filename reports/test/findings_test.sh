#!/usr/bin/env bash
# findings_test.sh DRIVER DATA WORK - the Findings section that opens a
# report: each rule (rp_findings.h, rp_rules.h) on a frozen input that
# triggers it (data/findings/anomalies.json, conform-fail.json) gives its
# line, linked to the flagged rows, whose anchors exist in summary.md and
# index.html; on one that does not (clean.json, conform/conform-core.json)
# the same rules say what they checked and found nothing.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
need_gnuplot

# links_resolve DIR: every in-page link of the Findings section has its
# anchor: in summary.md an <a id>, in index.html an element with that id.
links_resolve() {
  local dir=$1 id n=0
  for id in $(sed -n '/^## Findings/,/^## /p' "$dir/summary.md" |
    grep -o '](#[^)]*)' | sed 's/^](#//; s/)$//' | sort -u); do
    grep -qF "<a id=\"$id\"></a>" "$dir/summary.md" || fail "summary.md: no anchor $id"
    n=$((n + 1))
  done
  for id in $(sed -n '/<section id="findings">/,/<\/section>/p' "$dir/index.html" |
    grep -o 'href="#[^"]*"' | sed 's/^href="#//; s/"$//' | sort -u); do
    grep -qF " id=\"$id\"" "$dir/index.html" || fail "index.html: no element $id"
  done
  [ $n -gt 0 ] || fail "$dir: no links in the findings"
}
# first_section FILE: the Findings come right after the title.
first_section() {
  [ "$(grep -m1 -n '^## ' "$1/summary.md")" = "5:## Findings" ] ||
    fail "summary.md: Findings not first: $(grep -m1 -n '^## ' "$1/summary.md")"
  grep -A1 '^<h1>' "$1/index.html" | grep -qx '<section id="findings">' ||
    fail "index.html: the findings do not follow the title"
}

# ---- nothing anomalous -------------------------------------------------
c=$work/clean
"$drv" report --out "$c" "$data/findings/clean.json" "$data/conform/conform-core.json" >/dev/null
first_section "$c"
links_resolve "$c"
s=$c/summary.md
has_row "$s" '- Conformance of [core](#c-core) against cpython-3.13.0: no failures among 11 cases (9 pass, 0 expected, 1 reference-crash, 1 skip).'
# ratios core/glibc 2, 3, 4 and core/cpython 4, 6 (the text case has no cpython)
has_row "$s" '- [find](#t-find) (GB/s; above 1: core faster): core/glibc median 3.00 over 3 cases (2.00 to 4.00); core/cpython median 5.00 over 2 cases (4.00 to 6.00).'
# 13 benchmarks; 4k and thp asked for (huge2m not); fault rows checked:
# anonymous plain 4k and thp, private file write (not the shared file
# read); one MAP_POPULATE row at 5% of its plain twin.
has_row "$s" '- **No anomalies**: page mode not obtained: none among 2 page modes asked for (unavailable, its probe fell back, or a benchmark'"'"'s memory fell back from it); benchmark errors: none among 13 benchmarks (a repetition reported an error); faults per page off the expected: none among 3 fault rows (expected 1 per 4 KiB page, 1/512 per 2 MiB page, within 25%; plain touches of anonymous maps and private file writes); cost after MAP_POPULATE not near zero: none among 1 MAP_POPULATE row (near zero: at most 10% of the ns/page of the same touch without it).'
! grep -q '^- \*\*Anomaly' "$s" || fail "clean input flagged: $(grep '^- \*\*Anomaly' "$s")"
! grep -q 'cases failed' "$s" || fail "clean conformance flagged"
# Unlinked rows carry no anchor in summary.md (the Page behaviour section
# links the anonymous rows: rp_pages.h).
has_row "$s" '| file-private/write/plain/page:4k/size:16777216/iterations:4/manual_time | 900 | 1.00 | - | - | - |'
echo "findings, nothing anomalous: ok"

# ---- every rule triggered ----------------------------------------------
a=$work/anomalies
"$drv" report --out "$a" "$data/findings/anomalies.json" "$data/findings/conform-fail.json" >/dev/null
first_section "$a"
links_resolve "$a"
s=$a/summary.md h=$a/index.html
# conformance: 4 failures, 3 linked to their rows, the rest to the table
has_row "$s" '- Conformance of [core](#c-core) against cpython-3.13.0: **4 of 6 cases failed**: [a/one](#f-core-a-one) (value), [a/two](#f-core-a-two) (type), [b/four](#f-core-b-four) (message), and [1 more](#t-conform-fail) (1 pass, 0 expected, 0 reference-crash, 1 skip).'
has_row "$s" '| <a id="f-core-a-one"></a>core | a/one | value | case one |'
has_row "$s" '| core | c/six | outcome | case six |'
grep -q '<tr id="f-core-c-six"><td>core</td><td>c/six</td>' "$h" || fail "index.html: row c/six"
has_row "$s" '- Ratios: no family measures core beside glibc or cpython.'
# page modes: huge2m unavailable, a thp benchmark fell back; 4k is fine
has_row "$s" '- **Anomaly**, page mode not obtained: 2 of 3 page modes asked for (unavailable, its probe fell back, or a benchmark'"'"'s memory fell back from it): [thp](#pm-thp): 1 benchmark fell back from it; [huge2m](#pm-huge2m): 0 usable 2 MiB hugetlb pages, 1 needed.'
grep -q '^| <a id="pm-thp"></a>thp | run: .* | 0 | 1 |$' "$s" || fail "page modes row thp"
has_row "$s" '| 4k | run: verified at probe: 100% of 65536 bytes backed (4k); base pages are 4 KiB | 5 | 0 |'
# errors: the unavailable madvise (the thp fallback is counted above)
e=e-fault-anon-shared-write-populate-read-page-4k-size-16777216-iterations-4-manual-time
has_row "$s" "- **Anomaly**, benchmark errors: 1 of 7 benchmarks (a repetition reported an error): [fault/anon-shared/write/populate-read/page:4k/size:16777216](#$e): unavailable: madvise(MADV_POPULATE_READ): this kernel lacks it (EINVAL; Linux >= 5.14)."
grep -q "^| <a id=\"$e\"></a>fault/anon-shared/write/populate-read/.* | \[data/01-anomalies.json\](data/01-anomalies.json) | 1 of 1 runs | unavailable: " \
  "$s" || fail "errors table row"
# faults per page: the anonymous read at 0.0039, not the write at 1 nor
# the shared file read at 0.004 (a folio per fault: not checked)
r=r-fault-anon-private-read-plain-page-4k-size-16777216-iterations-4-manual-time
has_row "$s" "- **Anomaly**, faults per page off the expected: 1 of 2 fault rows (expected 1 per 4 KiB page, 1/512 per 2 MiB page, within 25%; plain touches of anonymous maps and private file writes): [anon-private/read/plain/page:4k/size:16777216](#$r): 0.0039 faults/page, expected 1."
grep -q "^| <a id=\"$r\"></a>anon-private/read/plain/" "$s" || fail "fault row not anchored"
grep -q "<tr id=\"$r\">" "$h" || fail "index.html: fault row not anchored"
# MAP_POPULATE: the read at 400 of 800 ns/page; the write at 20 of 1000 is near zero
r=r-fault-anon-private-read-populate-page-4k-size-16777216-iterations-4-manual-time
has_row "$s" "- **Anomaly**, cost after MAP_POPULATE not near zero: 1 of 2 MAP_POPULATE rows (near zero: at most 10% of the ns/page of the same touch without it): [anon-private/read/populate/page:4k/size:16777216](#$r): 400 ns/page, 50% of 800 without it."
! grep -q '^- \*\*No anomalies' "$s" || fail "a rule that flagged rows is listed as clean"
echo "findings, every rule triggered: ok"

# ---- inputs without benchmarks or without conformance ------------------
"$drv" report --out "$work/only-conform" "$data/conform/conform-core.json" >/dev/null
has_row "$work/only-conform/summary.md" '- Benchmarks: no benchmark results among the inputs.'
"$drv" report --out "$work/only-bench" "$data/findings/clean.json" >/dev/null
has_row "$work/only-bench/summary.md" '- Conformance: no conformance report among the inputs.'
echo "findings: ok"
