#!/usr/bin/env bash
# search_test.sh DRIVER DATA WORK - the section "Search against the fastest
# engines" and the find/rfind tables' columns core/best peer and core
# ns/call, on a real run (data/search/search-run.json, made by
# data/search/make.sh: mmaplab-bench --search with a filter; core and glibc
# rows as made now, the peers' and ceiling's too when remade with them).
# The counts the report states are computed here again from the JSON with
# jq: cells below 0.95x the best peer, 64 MiB cells below 85% of the
# ceiling, 64-byte calls over 15 ns. Without a peer row (the same run less
# its glibc rows) there is no section and no core/best peer column.
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
grep -q '(here: glibc[,)]' <<<"$sect" || fail "the peers present are not named"

# per family: core / best peer per cell, from the JSON (the fixture as made
# now has glibc's find rows alone; remade with the peers built in, it has
# theirs and the ceiling's too)
peers='^(glibc|stringzilla|rust-memchr|cpython|pypy)$'
for f in find rfind; do
  ratios=$(jq -r --arg f "$f" --arg peers "$peers" '
    [.benchmarks[] | select(.run_type == "iteration")
     | {fam: (.name | split("/")[0]), impl: (.name | split("/")[1]),
        kase: (.name | split("/")[2:] | join("/")), v: .bytes_per_second}
     | select(.fam == $f)] as $b
    | $b[] | select(.impl == "core") | . as $c
    | [$b[] | select(.kase == $c.kase and (.impl | test($peers))) | .v] | max
    | select(. != null) | ($c.v / .)' "$run")
  cells=$(grep -c . <<<"$ratios" || true)
  if [ "$cells" = 0 ]; then
    grep -qx "$f: no peer has a row in the search grid." <<<"$sect" ||
      fail "$f without peers: $(grep "^$f: " <<<"$sect")"
    continue
  fi
  below=$(awk '$1 < 0.95' <<<"$ratios" | wc -l)
  grep -qx "$f: $below of $cells cells below 0.95x the best peer[.:]" <<<"$sect" ||
    fail "not '$f: $below of $cells cells below': $(grep "^$f: " <<<"$sect")"
  listed=$(sed -n "/^$f: .* cells below/,/^###/p" <<<"$sect" |
    grep -Ec '^- .*x (glibc|stringzilla|rust-memchr|cpython|pypy)$' || true)
  [ "$listed" = "$below" ] || fail "$f: $listed cells listed, $below below"
done
[ "$(jq '[.benchmarks[] | select(.name | startswith("find/glibc/"))] | length' "$run")" -gt 0 ] ||
  fail "the fixture has no glibc row"
# the ceiling's 64 MiB table only with ceiling rows; its count from the JSON
for f in find rfind; do
  nceil=$(jq --arg f "$f" '[.benchmarks[] | select(.name | startswith($f + "/ceiling/"))] | length' "$run")
  if [ "$nceil" = 0 ]; then
    ! grep -q "^### $f: core / read ceiling at 64 MiB" <<<"$sect" ||
      fail "$f: a ceiling table without ceiling rows"
    continue
  fi
  low=$(jq -r --arg f "$f" '[.benchmarks[] | select(.run_type == "iteration")
      | select(.name | test("^" + $f + "/(core|ceiling)/(random|text|periodic)/miss/page:4k/hay:67108864/"))]
    | group_by(.name | split("/")[2:] | join("/"))[]
    | select(length == 2) | (map(select(.name | test("/core/")))[0].bytes_per_second /
        map(select(.name | test("/ceiling/")))[0].bytes_per_second) | select(. < 0.85)' "$run" | wc -l)
  grep -q "^$f at 64 MiB: $low cells of random, text and periodic data below 85%" <<<"$sect" ||
    fail "$f: not $low cells below 85%: $(grep "^$f at 64 MiB" <<<"$sect")"
done

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
grep -q ' | core/glibc | core/best peer |.* core ns/call |$' <<<"$head" ||
  fail "find table head: $head"
grep -q '^| random/miss/page:4k/hay:64/needle:2 |.* [0-9.]* |$' "$s" ||
  fail "hay 64: no ns/call"
grep -q '^| random/miss/page:4k/hay:67108864/needle:2 | .* | - |$' "$s" ||
  fail "hay 64 MiB: an ns/call"
grep -q '<th>core/best peer</th>' "$out/index.html" || fail "index.html: no core/best peer"

# without a peer row: no section, no core/best peer column
jq --arg peers "$peers" '.benchmarks |= map(select(.name | split("/")[1] | test($peers) | not))' \
  "$run" >"$work/core-only.json"
"$drv" report --out "$work/core" "$work/core-only.json" >/dev/null
! grep -q 'Search against the fastest engines' "$work/core/summary.md" ||
  fail "a search section without peers"
! grep -q 'core/best peer' "$work/core/summary.md" || fail "core/best peer without peers"
grep -q '^| case | core GB/s |.* core ns/call |$' "$work/core/summary.md" ||
  fail "core-only find table: $(grep -m1 '^| case' "$work/core/summary.md")"
echo PASS
