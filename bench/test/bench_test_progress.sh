#!/bin/sh
# bench_test_progress.sh PROGRAM - mmaplab-bench's progress. The meter on
# stderr ends at "mmaplab-bench: N/N runs in ..."; --quiet silences it.
# --progress-fd=N: one line "DONE TOTAL NAME" per finished run on
# descriptor N, DONE counting 1..TOTAL with TOTAL the runs of the result
# file (benchmarks times repetitions, also under random interleaving,
# fixed iteration counts and a repetition count of the user's). stdout,
# stderr and the result file keep their shape with either; a descriptor
# that is not open for writing is a misuse.
set -u
. "$(dirname "$0")/prelude.sh"
make_test_dir bench-progress
dir=$test_dir

# counted NAME ARGS...: a run with --progress-fd=3 into NAME.progress, and
# the same without it into NAME.plain.*; checks the lines and the shapes.
counted() {
  name=$1
  shift
  "$prog" --keep-aslr --page-modes=4k --quiet --benchmark_out_format=json \
    --benchmark_out="$dir/$name.json" "$@" --progress-fd=3 \
    3>"$dir/$name.progress" >"$dir/$name.out" 2>"$dir/$name.err" ||
    fail "$name: exit $? ($(tail -1 "$dir/$name.err"))"
  runs=$(grep -c '"run_type": "iteration"' "$dir/$name.json")
  [ "$runs" -gt 0 ] || fail "$name: no runs in the result file"
  awk -v n="$runs" '$1 != NR || $2 != n || NF != 3 { bad = 1 }
    END { exit bad || NR != n }' "$dir/$name.progress" ||
    fail "$name: not 1..$runs of $runs: $(head -3 "$dir/$name.progress") ... $(tail -1 "$dir/$name.progress")"
  "$prog" --keep-aslr --page-modes=4k --quiet --benchmark_out_format=json \
    --benchmark_out="$dir/$name.plain.json" "$@" \
    >"$dir/$name.plain.out" 2>"$dir/$name.plain.err" ||
    fail "$name: exit $? without --progress-fd"
  # The same benchmarks on stdout (in another order: interleaved at
  # random) and in the file; stderr without progress lines and as long as
  # without --progress-fd.
  [ "$(awk '{print $1}' "$dir/$name.out" | sort)" = \
    "$(awk '{print $1}' "$dir/$name.plain.out" | sort)" ] ||
    fail "$name: stdout differs: $(diff "$dir/$name.out" "$dir/$name.plain.out")"
  [ "$(grep -c '"name"' "$dir/$name.json")" = \
    "$(grep -c '"name"' "$dir/$name.plain.json")" ] ||
    fail "$name: the result files differ in their benchmarks"
  grep -E '^[0-9]+ [0-9]+ ' "$dir/$name.out" "$dir/$name.err" &&
    fail "$name: progress lines on stdout or stderr"
  [ "$(wc -l <"$dir/$name.err")" = "$(wc -l <"$dir/$name.plain.err")" ] ||
    fail "$name: stderr differs: $(diff "$dir/$name.err" "$dir/$name.plain.err")"
}

# The quick grid's defaults: 3 repetitions, randomly interleaved.
counted open --quick '--benchmark_filter=^open/'
# Fixed iteration counts (the fault family), the user's repetitions.
counted fault --quick --benchmark_repetitions=2 \
  '--benchmark_filter=^fault/anon-private/(read|write)/plain/page:4k/'
# One repetition, no interleaving, Google Benchmark's own min_time.
counted one '--benchmark_filter=^open/raw/anon-private/size:4096$' \
  --benchmark_min_time=0.001

# The meter: count lines k/N on stderr, the last N/N with N the runs of
# the result file; nothing else changes (the plain run is --quiet).
"$prog" --keep-aslr --page-modes=4k --benchmark_out_format=json \
  --benchmark_out="$dir/meter.json" --quick '--benchmark_filter=^open/' \
  >"$dir/meter.out" 2>"$dir/meter.err" || fail "meter: exit $?"
runs=$(grep -c '"run_type": "iteration"' "$dir/meter.json")
grep -qx "mmaplab-bench: $runs/$runs runs in .*" "$dir/meter.err" ||
  fail "meter: no end line $runs/$runs: $(cat "$dir/meter.err")"
grep '^mmaplab-bench: ' "$dir/meter.err" |
  grep -vx "mmaplab-bench: [0-9]*/$runs runs\(, .*\| in .*\)" &&
  fail "meter: a line not k/$runs"
[ "$(grep -vc '^mmaplab-bench: ' "$dir/meter.err")" = \
  "$(wc -l <"$dir/open.plain.err")" ] ||
  fail "meter: stderr differs: $(diff "$dir/meter.err" "$dir/open.plain.err")"
[ "$(awk '{print $1}' "$dir/meter.out" | sort)" = \
  "$(awk '{print $1}' "$dir/open.plain.out" | sort)" ] ||
  fail "meter: stdout differs"
grep -q '^mmaplab-bench: ' "$dir/open.plain.err" && fail "--quiet: a meter line"

# --progress-fd=2: the lines on stderr, for a person.
bench --progress-fd=2 >/dev/null 2>"$dir/stderr" || fail "--progress-fd=2: exit $?"
grep -qx "1 1 open/raw/anon-private" "$dir/stderr" ||
  fail "--progress-fd=2: $(cat "$dir/stderr")"

# Not a descriptor open for writing: one line, exit 2, nothing run.
for arg in --progress-fd=9 --progress-fd=x --progress-fd= --progress-fd=-1 \
  --progress-fd=0; do
  "$prog" "$arg" 9>&- 0</dev/null >"$dir/out" 2>"$dir/err"
  rc=$?
  [ $rc -eq 2 ] || fail "$arg: exit $rc"
  [ "$(cat "$dir/err")" = "mmaplab-bench: not a descriptor open for writing '$arg' (see --help)" ] ||
    fail "$arg: said $(cat "$dir/err")"
  [ ! -s "$dir/out" ] || fail "$arg: printed $(cat "$dir/out")"
done
"$prog" --progress-fd 3 3>/dev/null >"$dir/out" 2>"$dir/err"
[ $? -eq 2 ] || fail "--progress-fd 3 (detached): not a misuse"
echo "bench progress: ok"
