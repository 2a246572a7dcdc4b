#!/bin/sh
# bench_test_exception.sh PROGRAM - an exception inside Google Benchmark
# ends mmaplab-bench with one line and exit 2, not an abort, and leaves no
# temporary file and the old --benchmark_out as it was. Here std::bad_alloc:
# before running, Google Benchmark reserves one index per repetition of
# every benchmark, 120 x 100000 x 8 bytes, more than ulimit -v 80 MB.
set -u
. "$(dirname "$0")/prelude.sh"
make_test_dir bench-exception
dir=$test_dir
echo old >"$dir/old"
(
  ulimit -v 80000
  exec "$prog" --keep-aslr --page-modes=4k '--benchmark_filter=^(open|fault)/' \
    --benchmark_min_time=0.001 --benchmark_repetitions=100000 \
    --benchmark_out="$dir/old"
) >/dev/null 2>"$dir/err"
rc=$?
if grep -q AddressSanitizer "$dir/err"; then
  echo "skipped: AddressSanitizer cannot run under ulimit -v"
  exit 77
fi
[ "$rc" = 2 ] || fail "exit $rc, not 2"
[ "$(grep -c 'Google Benchmark failed in .*bad_alloc' "$dir/err")" = 1 ] ||
  fail "no line saying Google Benchmark failed: $(tail -2 "$dir/err")"
[ "$(cat "$dir/old")" = old ] || fail "the old report changed"
left=$(ls -A "$dir" | grep -v -e '^old$' -e '^err$')
[ -z "$left" ] || fail "left behind: $left"
echo "bench.exception: ok"
