#!/bin/bash
# bench_test_fsmount.sh PROGRAM - --filesystems leaves nothing behind:
# mounts (/proc/self/mounts), loop devices (/sys/block/loop*/loop/
# backing_file), files below the bench directory and records in
# /run/mmaplab, compared before and after a normal run, a run ended by
# SIGINT in the middle, and runs ended by SIGKILL followed by --restore and
# by another run. Each run is checked to have made what it should while it
# ran (tmpfs, ext4 on a loop device, xfs), and a run without mkfs in PATH
# runs the others and lists those as unavailable. Real mounts; root only
# (exit 77 otherwise). Whatever the test makes it removes.
set -u
. "$(dirname "$0")/prelude.sh"
if [ "$(id -u)" != 0 ]; then
  echo "skipped: --filesystems mounts filesystems, which needs root"
  exit 77
fi
for t in ext4 xfs tmpfs; do
  grep -qw "$t" /proc/filesystems || modprobe -q "$t" 2>/dev/null ||
    { echo "skipped: this kernel has no $t" && exit 77; }
done
[ -e /dev/loop-control ] || { echo "skipped: no /dev/loop-control" && exit 77; }
make_test_dir bench-fsmount
dir=$test_dir
bench=$dir/bench
mkdir "$bench" "$dir/probe"
# A container without CAP_SYS_ADMIN or loop devices cannot mount at all.
if ! mount -t tmpfs -o size=1m mmaplab-probe "$dir/probe" 2>"$dir/err"; then
  echo "skipped: this process cannot mount: $(cat "$dir/err")"
  exit 77
fi
umount "$dir/probe"
truncate -s 1m "$dir/probe.img"
if ! loop=$(losetup --find --show "$dir/probe.img" 2>"$dir/err"); then
  echo "skipped: no loop device can be bound: $(cat "$dir/err")"
  exit 77
fi
losetup -d "$loop"
rm -r "$dir/probe" "$dir/probe.img"
bench_pids=
cleanup() { # a failed check must not leave a mount either
  for p in $bench_pids; do kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
  "$prog" --restore >/dev/null 2>&1
  grep -F " $dir/" /proc/self/mounts | cut -d' ' -f2 | sort -r |
    while read -r m; do umount -l "$m"; done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

# What of this test's runs is there now, one line each: mounts below
# $dir, loop devices bound to a file below it, files below the bench dir,
# records naming it.
state() {
  grep -F " $dir/" /proc/self/mounts | cut -d' ' -f1-3 | sed 's/^/mount /'
  for f in /sys/block/loop*/loop/backing_file; do
    [ -r "$f" ] && grep -qF "$dir/" "$f" 2>/dev/null && echo "loop $f"
  done
  find "$bench" -mindepth 1 | sed 's/^/file /'
  grep -lF "\"$bench/" /run/mmaplab/fs-*.json 2>/dev/null | sed 's/^/record /'
}
before=$(state)
[ -z "$before" ] || fail "not clean at the start: $before"

# Nothing of the runs left (the kernel unbinds a loop device when the
# last user of its lazily detached mount is gone: up to 5 s).
check_clean() {
  for _ in $(seq 50); do
    [ "$(state)" = "$before" ] && return 0
    sleep 0.1
  done
  fail "$1: left behind: $(state)"
}

# The runs: the per-filesystem rows of ext4 (pread: its test file is read).
# SIGINT back to its default: a shell starts background jobs with it
# ignored, and mmaplab-bench leaves ignored signals ignored.
run=("$(command -v env)" --default-signal=INT "$prog" --keep-aslr --quick
  --bench-dir="$bench" --filesystems=tmpfs,ext4,xfs
  '--benchmark_filter=^granularity/pread/scan/fs:ext4/')

# Starts a long run in the background into $run_pid and waits until all
# three filesystems are mounted and ext4 sits on a loop device.
start_run() {
  "${run[@]}" --benchmark_min_time=20 >/dev/null 2>"$dir/run.err" &
  run_pid=$!
  bench_pids="$bench_pids $run_pid"
  for _ in $(seq 300); do
    s=$(state)
    if [ "$(echo "$s" | grep -c '^mount ')" = 3 ] &&
      echo "$s" | grep -q "^mount /dev/loop[0-9]* $bench/.*/mnt/ext4 ext4" &&
      echo "$s" | grep -q "^loop " && echo "$s" | grep -q "^record "; then
      return 0
    fi
    kill -0 $run_pid 2>/dev/null || break
    sleep 0.1
  done
  fail "the run did not mount tmpfs, ext4 and xfs: $(state);" \
    "$(tail -3 "$dir/run.err")"
}

# A normal end: what was made is in the context, then gone.
"${run[@]}" --benchmark_min_time=0.001 --benchmark_repetitions=1 \
  --benchmark_out="$dir/out.json" >/dev/null 2>"$dir/err" ||
  fail "normal run: exit $? ($(tail -2 "$dir/err"))"
python3 - "$dir/out.json" "$bench" <<'EOF' || fail "normal run: the context"
import json, sys
d = json.load(open(sys.argv[1]))
fss = {f["name"]: f for f in json.loads(d["context"]["mmaplab_filesystems"])}
assert sorted(fss) == ["ext4", "tmpfs", "xfs"], fss
for name, f in fss.items():
    assert f["made"] is True and f["type"] == name, f
    assert f["dir"].startswith(sys.argv[2] + "/mmaplab-fs-"), f
    assert f["dir"].endswith("/mnt/" + name) and f["mount_point"] == f["dir"]
    assert f["block_size"] > 0 and f["image_size"] == 4 << 30, f
for name in ("ext4", "xfs"):
    assert fss[name]["device"].startswith("/dev/loop"), fss[name]
    assert fss[name]["mkfs"].startswith("mkfs." + name), fss[name]
assert "huge=always" not in fss["tmpfs"]["options"], fss["tmpfs"]
assert fss["tmpfs"]["evictable"] is False and fss["ext4"]["evictable"] is True
rows = [b for b in d["benchmarks"] if b.get("run_type") == "iteration"]
assert len(rows) == 1 and not rows[0].get("error_occurred"), rows
EOF
check_clean "normal run"

# mkfs missing (PATH without /usr/sbin): that filesystem is left out with
# the reason, on stderr and in the context; the others run.
PATH=/nonexistent "${run[@]}" --benchmark_filter='^granularity/pread/scan/fs:' \
  --benchmark_min_time=0.001 --benchmark_repetitions=1 \
  --benchmark_out="$dir/out.json" >/dev/null 2>"$dir/err" ||
  fail "mkfs missing: exit $? ($(tail -2 "$dir/err"))"
for t in ext4 xfs; do
  grep -qx "mmaplab-bench: filesystem $t left out: unavailable: mkfs.$t not found in PATH (Debian package .*)" \
    "$dir/err" || fail "mkfs missing: stderr: $(cat "$dir/err")"
done
python3 - "$dir/out.json" <<'EOF' || fail "mkfs missing: the result file"
import json, sys
d = json.load(open(sys.argv[1]))
fss = [f["name"] for f in json.loads(d["context"]["mmaplab_filesystems"])]
assert fss == ["tmpfs"], fss
gone = json.loads(d["context"]["mmaplab_filesystems_unavailable"])
assert sorted(gone) == ["ext4", "xfs"], gone
assert "mkfs.ext4 not found" in gone["ext4"], gone
rows = {b["run_name"] for b in d["benchmarks"] if not b.get("error_occurred")}
assert rows == {"granularity/pread/scan/fs:tmpfs/window:2097152/file:67108864"}, rows
EOF
check_clean "mkfs missing"

# SIGINT while a benchmark runs: exit 130, nothing left.
start_run
kill -INT $run_pid
wait $run_pid 2>/dev/null
rc=$?
[ "$rc" = 130 ] || fail "SIGINT: exit $rc, not 130 ($(tail -2 "$dir/run.err"))"
check_clean SIGINT

# SIGKILL leaves it all and the record; --restore removes it and says so.
start_run
kill -KILL $run_pid
wait $run_pid 2>/dev/null
left=$(state)
[ "$(echo "$left" | grep -c '^mount ')" = 3 ] &&
  echo "$left" | grep -q '^record ' || fail "SIGKILL left: $left"
"$prog" --restore >"$dir/out" 2>"$dir/err" ||
  fail "--restore: exit $? ($(cat "$dir/out" "$dir/err"))"
grep -q "removed what pid $run_pid left in $bench/mmaplab-fs-$run_pid-.*: 3 mounts" \
  "$dir/out" || fail "--restore said: $(cat "$dir/out")"
check_clean "SIGKILL, --restore"
"$prog" --restore >"$dir/out" 2>&1 &&
  grep -q "no filesystems to remove" "$dir/out" ||
  fail "--restore with nothing to do: $(cat "$dir/out")"

# SIGKILL, then the next run (one that mounts nothing) removes it.
start_run
kill -KILL $run_pid
wait $run_pid 2>/dev/null
bench --bench-dir="$bench" >/dev/null 2>"$dir/err" ||
  fail "the next run: exit $? ($(tail -1 "$dir/err"))"
grep -q "removed what pid $run_pid left" "$dir/err" ||
  fail "the next run said: $(cat "$dir/err")"
check_clean "SIGKILL, the next run"

# --restore leaves a running run's filesystems to it.
start_run
"$prog" --restore >"$dir/out" 2>&1 || fail "--restore, live: exit $?"
grep -q "in use by a running mmaplab-bench" "$dir/out" ||
  fail "--restore, live, said: $(cat "$dir/out")"
[ "$(state | grep -c '^mount ')" = 3 ] || fail "--restore took a live run's"
kill -TERM $run_pid
wait $run_pid 2>/dev/null
check_clean "live, then SIGTERM"

echo "bench.fsmount: ok"
