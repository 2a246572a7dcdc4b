#!/bin/bash
# bench_test_thp_compare.sh PROGRAM MMAPLAB - comparing two real
# configurations of this machine: the same first write of unadvised
# anonymous memory (fault/anon-private/write/plain/page:default) run with
# --thp=never and with --thp=always. mmaplab compare must put the
# fingerprint difference (thp.enabled) first and the changed row next,
# with faults per page 1 against 1/512 (a 2 MiB THP maps 512 base pages),
# and mmaplab gate (--force: the fingerprints differ on purpose) must fail
# the current file on that count. Root only (77 otherwise); the setting is
# put back by mmaplab-bench itself, and checked here.
set -u
mmaplab=$2
thp=/sys/kernel/mm/transparent_hugepage/enabled
. "$(dirname "$0")/prelude.sh"
if [ "$(id -u)" != 0 ] || [ ! -w $thp ]; then
  echo "skipped: --thp needs root and a writable $thp"
  exit 77
fi
make_test_dir bench-thp-compare
dir=$test_dir
before=$(cat $thp)
row='^fault/anon-private/write/plain/page:default/size:16777216/'
for mode in never always; do
  "$prog" --quick --quiet --thp=$mode --page-modes=default \
    "--benchmark_filter=$row" --benchmark_repetitions=4 \
    --benchmark_out="$dir/$mode.json" >"$dir/$mode.out" 2>"$dir/$mode.err" ||
    fail "--thp=$mode: exit $?: $(cat "$dir/$mode.err")"
  [ "$(cat $thp)" = "$before" ] || fail "--thp=$mode left $thp at $(cat $thp)"
done

"$mmaplab" compare --out "$dir/cmp" "$dir/never.json" "$dir/always.json" \
  >"$dir/cmp.out" || fail "compare: exit $?"
s=$dir/cmp/summary.md
sections=$(grep '^## ' "$s" | sed -n 2,3p | cut -d' ' -f2-)
[ "$sections" = "$(printf 'Fingerprint fields that differ\nRows that changed')" ] ||
  fail "section order: $sections"
sed -n '/^## Fingerprint fields that differ/,/^## Rows/p' "$s" |
  grep -q '^| thp.enabled | never | always |' ||
  fail "thp.enabled not among the differences: $(cat "$s")"
line=$(grep '^| fault/anon-private/write/plain/page:default/.* | faults_per_page |' "$s") ||
  fail "the changed row is not listed: $(sed -n '/^## Rows/,/^## Charts/p' "$s")"
# | row | faults_per_page | M1 | M2 | M2/M1 |
m1=$(echo "$line" | awk -F' [|] ' '{print $3}')
m2=$(echo "$line" | awk -F' [|] ' '{print $4}')
awk -v a="$m1" -v b="$m2" 'BEGIN { exit !(a >= 0.95 && a <= 1.05 &&
  b > 0 && b <= 2 / 512) }' || fail "faults per page: never $m1, always $m2"

"$mmaplab" gate --force --baseline "$dir/never.json" \
  --current "$dir/always.json" --json "$dir/gate.json" >"$dir/gate.out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "gate: exit $rc, want 1: $(cat "$dir/gate.out")"
python3 - "$dir/gate.json" <<'PY' || fail "gate.json: $(cat "$dir/gate.json")"
import json, sys
rows = json.load(open(sys.argv[1]))["comparisons"]
hit = [r for r in rows if r["metric"] == "faults_per_page"
       and "page:default" in r["benchmark"] and r["verdict"] == "changed"]
sys.exit(0 if hit else 1)
PY
echo "thp compare: ok"
