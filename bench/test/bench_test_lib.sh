# bench_test_lib.sh - sourced by the bench's shell tests, after they set
# prog (the mmaplab-bench under test): a count of failed checks, one small
# run of mmaplab-bench, a temporary directory, and the closing line.

failures=0

# Records a failed check; the test goes on, and fails at the end.
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# mmaplab-bench on one small benchmark (open/raw/anon-private, 4 KiB) with
# a JSON --benchmark_out, then "$@".
bench() {
  "$prog" --keep-aslr --page-modes=4k \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_min_time=0.001 --benchmark_out_format=json "$@"
}

# Makes $dir, a fresh directory /tmp/mmaplab-bench-NAME-*, removed at exit.
make_test_dir() {
  dir=$(mktemp -d "/tmp/mmaplab-bench-$1-XXXXXX") || exit 2
  trap 'rm -rf "$dir"' EXIT
}

# Ends the test NAME: "NAME: ok" and exit 0, or "NAME: N checks failed"
# and exit 1.
finish() {
  if [ "$failures" != 0 ]; then
    echo "$1: $failures checks failed"
    exit 1
  fi
  echo "$1: ok"
  exit 0
}
