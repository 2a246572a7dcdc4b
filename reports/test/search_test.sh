#!/usr/bin/env bash
# search_test.sh DRIVER DATA WORK - the section "Search against the fastest
# engines" and the find/rfind tables' columns core/best peer and core
# ns/call, on a real run (data/search/search-run.json, made by
# data/search/make.sh: mmaplab-bench --search with a filter, core and glibc
# rows). The counts the report states are computed here again from the JSON
# with jq: cells below 0.95x the best peer, 64-byte calls over 15 ns. Without
# a peer row (the same run less its glibc rows) there is no section and no
# core/best peer column.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
need_gnuplot
command -v jq >/dev/null || { echo "SKIP: jq is not installed"; exit 77; }
run=$data/search/search-run.json

out=$work/peers
"$drv" report --out "$out" "$run" >/dev/null
s=$out/summary.md
grep -qx '## Search against the fastest engines' "$s" || fail "no search section"
sect=$(sed -n '/^## Search against/,/^<a id="pages">/p' "$s")
grep -q '(here: glibc)' <<<"$sect" || fail "the peers present are not named"

# core / glibc per find cell, from the JSON
ratios=$(jq -r '[.benchmarks[] | select(.run_type == "iteration")] as $b
  | $b[] | select(.name | startswith("find/core/")) | . as $c
  | ($b[] | select(.name == ($c.name | sub("^find/core/"; "find/glibc/"))))
  | ($c.bytes_per_second / .bytes_per_second)' "$run")
cells=$(wc -l <<<"$ratios")
below=$(awk '$1 < 0.95' <<<"$ratios" | wc -l)
[ "$cells" -gt 0 ] || fail "the fixture has no find cell with glibc"
grep -qx "find: $below of $cells cells below 0.95x the best peer[.:]" <<<"$sect" ||
  fail "not 'find: $below of $cells cells below': $(grep '^find: ' <<<"$sect")"
listed=$(sed -n '/^find: .* cells below/,/^###/p' <<<"$sect" | grep -c '^- .*x glibc$' || true)
[ "$listed" = "$below" ] || fail "$listed cells listed, $below below"
grep -qx 'rfind: no peer has a row in the search grid.' <<<"$sect" ||
  fail "rfind without peers"
# no ceiling rows: no ceiling table
! grep -q 'read ceiling at 64 MiB' <<<"$sect" || fail "a ceiling table without ceiling rows"

# 64-byte random calls over 15 ns, per family
for f in find rfind; do
  over=$(jq -r --arg f "$f" '.benchmarks[] | select(.run_type == "iteration")
    | select(.name | test("^" + $f + "/core/random/miss/page:4k/hay:64/"))
    | select(.ns_per_call > 15) | .name' "$run" | wc -l)
  grep -qx "$f at 64 bytes: $over needles over 15 ns per call[.:]" <<<"$sect" ||
    fail "$f: not $over needles over 15 ns: $(grep "^$f at 64" <<<"$sect")"
done

# the find table: core/best peer, core ns/call for hays under 4 KiB only
head=$(grep -m1 '^| case | core GB/s | glibc GB/s' "$s")
[ "$head" = '| case | core GB/s | glibc GB/s | core/glibc | core/best peer | core ns/call |' ] ||
  fail "find table head: $head"
grep -q '^| random/miss/page:4k/hay:64/needle:2 | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* | [0-9.]* |$' "$s" ||
  fail "hay 64: no ns/call"
grep -q '^| random/miss/page:4k/hay:67108864/needle:2 | .* | - |$' "$s" ||
  fail "hay 64 MiB: an ns/call"
grep -q '<th>core/best peer</th>' "$out/index.html" || fail "index.html: no core/best peer"

# without a peer row: no section, no core/best peer column
jq '.benchmarks |= map(select(.name | startswith("find/glibc/") | not))' "$run" \
  >"$work/core-only.json"
"$drv" report --out "$work/core" "$work/core-only.json" >/dev/null
! grep -q 'Search against the fastest engines' "$work/core/summary.md" ||
  fail "a search section without peers"
! grep -q 'core/best peer' "$work/core/summary.md" || fail "core/best peer without peers"
grep -q '^| case | core GB/s | core ns/call |$' "$work/core/summary.md" ||
  fail "core-only find table: $(grep -m1 '^| case' "$work/core/summary.md")"
echo PASS
