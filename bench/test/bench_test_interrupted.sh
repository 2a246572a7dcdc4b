#!/bin/sh
# bench_test_interrupted.sh PROGRAM - a run of mmaplab-bench that ends
# early leaves no temporary file and the old --benchmark_out as it was:
# killed by SIGXFSZ (ulimit -f), refused for too few file descriptors
# (ulimit -n), and an output name as long as NAME_MAX allows is written.
set -u
. "$(dirname "$0")/prelude.sh"
make_test_dir bench-interrupted
dir=$test_dir
export TMPDIR=$dir/tmp # where stand-in files go: must end up empty
mkdir "$TMPDIR" "$dir/out"

# Only OLD (the previous report) may be in $dir/out, holding "old".
only_old_left() {
  left=$(ls -A "$dir/out" "$TMPDIR" | grep -v -e '^$' -e ':$' -e '^old$')
  [ -z "$left" ] || fail "$1: left behind: $left"
  [ "$(cat "$dir/out/old")" = old ] || fail "$1: the old report changed"
}

echo old >"$dir/out/old"

# SIGXFSZ while Google Benchmark writes the report (2 KiB allowed; the
# report is about 4 KiB): the process dies of the signal, nothing stays.
(
  ulimit -f 2
  exec "$prog" --keep-aslr --page-modes=4k \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_min_time=0.001 --benchmark_out="$dir/out/old" \
    >/dev/null 2>"$dir/err"
)
rc=$?
[ "$rc" = 153 ] || fail "SIGXFSZ: exit $rc, not 153 (128 + SIGXFSZ)"
only_old_left SIGXFSZ

# The same with a target written in place: the stand-in goes too.
echo log >"$dir/log"
(
  ulimit -f 2
  exec "$prog" --keep-aslr --page-modes=4k \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_min_time=0.001 --benchmark_out=/proc/self/fd/1 \
    >>"$dir/log" 2>"$dir/err"
)
rc=$?
[ "$rc" = 153 ] || fail "SIGXFSZ in place: exit $rc, not 153"
only_old_left "SIGXFSZ in place"

# Too few file descriptors: refused before any work, one line, exit 2.
for n in 6 10; do
  # (redirected outside: dash saves descriptors above 9 for a redirection)
  (
    ulimit -n $n
    exec "$prog" --keep-aslr --page-modes=4k \
      '--benchmark_filter=^open/raw/anon-private/size:4096$' \
      --benchmark_min_time=0.001 --benchmark_out="$dir/out/old"
  ) >/dev/null 2>"$dir/err"
  rc=$?
  [ "$rc" = 2 ] || fail "ulimit -n $n: exit $rc, not 2"
  [ "$(wc -l <"$dir/err")" = 1 ] && grep -q "file descriptors" "$dir/err" ||
    fail "ulimit -n $n: not one line on descriptors: $(head -3 "$dir/err")"
  only_old_left "ulimit -n $n"
done

# Names within 9 characters of NAME_MAX (255) and NAME_MAX itself.
for len in 247 255; do
  name=$(printf "%${len}s" "" | tr ' ' n)
  bench --benchmark_out="$dir/out/$name" >/dev/null 2>"$dir/err" ||
    fail "a $len-character name: exit $? ($(tail -1 "$dir/err"))"
  grep -q '"benchmarks"' "$dir/out/$name" ||
    fail "a $len-character name: no report"
  rm -f "$dir/out/$name"
  only_old_left "a $len-character name"
done

echo "bench.interrupted: ok"
