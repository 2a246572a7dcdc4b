# prelude.sh - sourced by the bench's shell tests (argument PROGRAM, the
# mmaplab-bench under test, as $prog): scripts/testlib.sh and bench, one
# small run of mmaplab-bench.
prog=$1
. "$(dirname "$0")/../../scripts/testlib.sh"

# mmaplab-bench on one small benchmark (open/raw/anon-private, 4 KiB) with
# a JSON --benchmark_out, then "$@".
bench() {
  "$prog" --keep-aslr --page-modes=4k \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_min_time=0.001 --benchmark_out_format=json "$@"
}

# next_run_restores PID WHAT: a run of mmaplab-bench after PID was killed
# puts back what PID left (its line "... put back for pid PID" on stderr),
# or the test fails, naming WHAT.
next_run_restores() {
  "$prog" --keep-aslr --page-modes=4k \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_list_tests=true >/dev/null 2>"$dir/err" ||
    fail "$2: the next run: exit $? ($(tail -1 "$dir/err"))"
  grep -q "put back for pid $1" "$dir/err" ||
    fail "$2: the next run said: $(cat "$dir/err")"
}
