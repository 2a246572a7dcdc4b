#!/bin/sh
# bench_test_search.sh PROGRAM - mmaplab-bench --search: the search grid
# alone (find and rfind, needle absent, page mode 4k, every data kind, hay
# 64, 1 KiB, 1 MiB, 64 MiB, needle 2 to 4096 up to the hay, every engine but
# naive and core-faultsafe, each engine on the same cells); a run of a few
# of its rows sets ns_per_call; --search with --pages, or twice: one line on
# stderr, exit 2; so is --search with --page-modes that leave out 4k.
# Counts only, no timing.
set -u
. "$(dirname "$0")/prelude.sh"
make_test_dir bench-search
dir=$test_dir

"$prog" --keep-aslr --search --benchmark_list_tests=true >"$dir/list" \
  2>"$dir/err" || fail "--search --benchmark_list_tests: exit $?: $(cat "$dir/err")"
row='^(find|rfind)/[a-z0-9-]+/(random|text|dna|binary|periodic|periodic-ab)/miss'
row="$row/page:4k/hay:(64|1024|1048576|67108864)"
row="$row/needle:(2|4|8|16|32|64|256|1024|4096)\$"
bad=$(grep -Ev "$row" "$dir/list" | head -3)
[ -z "$bad" ] || fail "rows outside the search grid: $bad"
! grep -Eq '^[a-z]+/(naive|core-faultsafe)/' "$dir/list" ||
  fail "naive or core-faultsafe in the search grid"
# needle <= hay: hay 64 has needles 2..64 (6), 1024 2..1024 (8), the others
# all 9: 32 cells per data kind, 192 per engine and family
for f in find rfind; do
  n=$(grep -c "^$f/core/" "$dir/list")
  [ "$n" = 192 ] || fail "$f/core: $n rows, not 192"
  grep -q "^$f/core/dna/miss/page:4k/hay:64/needle:64\$" "$dir/list" ||
    fail "$f/core: no hay 64 needle 64 row"
  ! grep -Eq "^$f/[^/]+/[^/]+/miss/page:4k/hay:64/needle:(256|1024|4096)\$" \
    "$dir/list" || fail "$f: a needle longer than the hay"
done
# every engine has the same cells as core
for impl in $(cut -d/ -f1,2 "$dir/list" | sort -u); do
  n=$(grep -c "^$impl/" "$dir/list")
  [ "$n" = 192 ] || fail "$impl: $n rows, not 192"
done
grep -q '^find/glibc/' "$dir/list" || fail "no glibc rows"

# a few rows run, each with its ns_per_call
"$prog" --keep-aslr --search --quiet \
  '--benchmark_filter=/core/(dna|binary)/miss/page:4k/hay:64/needle:16$' \
  --benchmark_min_time=0.001 --benchmark_format=json >"$dir/run.json" \
  2>"$dir/err" || fail "--search run: exit $?: $(cat "$dir/err")"
n=$(grep -c '"ns_per_call":' "$dir/run.json")
[ "$n" = 4 ] || fail "$n rows with ns_per_call, not 4"
grep -q '"mmaplab_search_only": "true"' "$dir/run.json" ||
  fail "no mmaplab_search_only in the context"

for args in "--search --pages" "--pages --search" "--search --search" \
  "--search --page-modes=thp" "--page-modes=thp,huge2m --search"; do
  rc=0
  # shellcheck disable=SC2086 # the arguments are meant to split
  "$prog" --keep-aslr $args --benchmark_list_tests=true >"$dir/out" \
    2>"$dir/err" || rc=$?
  [ "$rc" = 2 ] || fail "$args: exit $rc, not 2"
  [ "$(wc -l <"$dir/err")" = 1 ] || fail "$args: not one line: $(cat "$dir/err")"
  [ ! -s "$dir/out" ] || fail "$args: wrote on stdout"
done
echo "PASS"
