#!/bin/sh
# bench_test_outputs.sh PROGRAM - mmaplab-bench's --benchmark_out never
# replaces what is not a regular file: a device, a FIFO and /dev/stdout are
# written in place (appended to), a symbolic link is followed and kept, a
# regular file is replaced keeping its mode; a failure leaves no temporary
# file. The cases on /dev/stdout and /dev/full run in a private mount
# namespace with its own /dev when root, so that a regression cannot
# replace the machine's device nodes; without root they run on the real
# /dev, which a non-root process cannot change anyway.
set -u
. "$(dirname "$0")/prelude.sh"
make_test_dir bench-outputs
dir=$test_dir
export TMPDIR=$dir/tmp # where stand-in files go: must end up empty
mkdir "$TMPDIR"

# A JSON report: Google Benchmark's "context" and "benchmarks" keys.
is_report() {
  grep -q '"context"' "$1" && grep -q '"benchmarks"' "$1"
}

# A regular file is replaced and keeps its permission bits.
echo old >"$dir/reg"
chmod 640 "$dir/reg"
bench --benchmark_out="$dir/reg" >/dev/null 2>"$dir/err" ||
  fail "regular file: exit $? ($(tail -1 "$dir/err"))"
is_report "$dir/reg" || fail "regular file: no report in it"
[ "$(stat -c %a "$dir/reg")" = 640 ] ||
  fail "regular file: mode $(stat -c %a "$dir/reg"), not 640"

# --benchmark_list_tests writes no report: the file is left as it was.
"$prog" --keep-aslr --benchmark_list_tests=true --benchmark_out="$dir/reg" \
  >/dev/null 2>"$dir/err" || fail "list_tests: exit $? ($(tail -1 "$dir/err"))"
is_report "$dir/reg" || fail "list_tests: the report was replaced"

# A symbolic link stays a link; the file it leads to gets the report.
echo old >"$dir/target"
ln -s target "$dir/link"
bench --benchmark_out="$dir/link" >/dev/null 2>"$dir/err" ||
  fail "symlink: exit $? ($(tail -1 "$dir/err"))"
[ -L "$dir/link" ] || fail "symlink: replaced by a regular file"
is_report "$dir/target" || fail "symlink: the target has no report"

# A character device (the null device, made here) stays a device.
if mknod "$dir/null" c 1 3 2>/dev/null; then
  bench --benchmark_out="$dir/null" >/dev/null 2>"$dir/err" ||
    fail "device: exit $? ($(tail -1 "$dir/err"))"
  [ -c "$dir/null" ] || fail "device: replaced by a regular file"
else
  echo "skipped the device node case: mknod needs root"
fi

# A FIFO with a reader gets the report through the pipe and stays a FIFO.
# The shell holds it open read-write (a reader that never blocks); the
# report (a few KiB) fits the pipe's buffer.
mkfifo "$dir/fifo"
exec 3<>"$dir/fifo"
bench --benchmark_out="$dir/fifo" >/dev/null 2>"$dir/err" ||
  fail "FIFO: exit $? ($(tail -1 "$dir/err"))"
drain_fifo 3 >"$dir/fifo.got"
exec 3<&-
[ -p "$dir/fifo" ] || fail "FIFO: replaced by a regular file"
is_report "$dir/fifo.got" || fail "FIFO: the reader got no report"

# A FIFO without a reader is refused at once (exit 2, one line), no wait.
timeout 20 "$prog" --keep-aslr --benchmark_out="$dir/fifo" \
  --benchmark_list_tests=true >/dev/null 2>"$dir/err"
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$dir/err")" = 1 ] ||
  fail "FIFO without a reader: exit $rc, $(wc -l <"$dir/err") lines"
[ -p "$dir/fifo" ] || fail "FIFO without a reader: replaced"

# `>> log` through /proc/self/fd/1: appended to, never truncated.
echo first-line >"$dir/log"
bench --benchmark_out=/proc/self/fd/1 >>"$dir/log" 2>"$dir/err" ||
  fail "/proc/self/fd/1: exit $? ($(tail -1 "$dir/err"))"
[ "$(head -1 "$dir/log")" = first-line ] ||
  fail "/proc/self/fd/1: the log was truncated"
is_report "$dir/log" || fail "/proc/self/fd/1: no report appended"

# /dev/stdout and /dev/full, in a private /dev when root.
in_dev() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
    return
  fi
  unshare -m sh -c 'mount -t tmpfs tmpfs /dev &&
    ln -s /proc/self/fd/1 /dev/stdout && ln -s /proc/self/fd/2 /dev/stderr &&
    mknod /dev/null c 1 3 && mknod /dev/full c 1 7 && exec "$@"' sh "$@"
}
if [ "$(id -u)" != 0 ] || unshare -m true 2>/dev/null; then
  echo first-line >"$dir/log"
  in_dev "$prog" --keep-aslr --page-modes=4k \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_min_time=0.001 --benchmark_out=/dev/stdout \
    >>"$dir/log" 2>"$dir/err" ||
    fail "/dev/stdout: exit $? ($(tail -1 "$dir/err"))"
  [ "$(head -1 "$dir/log")" = first-line ] ||
    fail "/dev/stdout: the log was truncated"
  is_report "$dir/log" || fail "/dev/stdout: no report appended"
  in_dev sh -c '"$0" "$@"; echo "exit $?" >&2; [ -c /dev/full ] ||
    echo "/dev/full replaced" >&2' "$prog" --keep-aslr --page-modes=4k \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_min_time=0.001 --benchmark_out=/dev/full \
    >/dev/null 2>"$dir/err"
  grep -q "^exit 2$" "$dir/err" || fail "/dev/full: not exit 2"
  grep -q "/dev/full: No space left on device" "$dir/err" ||
    fail "/dev/full: the message does not say ENOSPC"
  ! grep -q "replaced" "$dir/err" || fail "/dev/full: replaced"
else
  echo "skipped /dev/stdout and /dev/full: unshare -m is not allowed here"
fi

leftover=$(ls -A "$TMPDIR"; cd "$dir" && ls -A | grep '^\.')
[ -z "$leftover" ] || fail "temporary files left: $leftover"

echo "bench.outputs: ok"
