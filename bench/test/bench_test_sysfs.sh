#!/bin/bash
# bench_test_sysfs.sh PROGRAM - the THP settings mmaplab-bench changes
# (--thp=MODE for the whole run, each mthp run's per-size enabled and
# shmem_enabled) read as before, every one of them, after a normal end,
# after SIGINT in the middle of an mthp run, and after SIGKILL followed by
# `--restore` or by the next run; a setting changed since by someone else
# is left alone. Root only (77 otherwise). A run holds its settings for a
# moment: it is killed as soon as they are set, and whatever the test
# changes it puts back.
set -u
thp=/sys/kernel/mm/transparent_hugepage
. "$(dirname "$0")/prelude.sh"

if [ "$(id -u)" != 0 ] || [ ! -w $thp/enabled ]; then
  echo "skipped: changing THP settings needs root"
  exit 77
fi
if [ ! -e $thp/hugepages-64kB/enabled ]; then
  echo "skipped: no 64 kB mTHP size in this kernel"
  exit 77
fi
if ls /run/mmaplab/sysfs-*.json >/dev/null 2>&1; then
  echo "skipped: a run holds THP settings, or one was killed" \
    "(mmaplab-bench --restore)"
  exit 77
fi
make_test_dir bench-sysfs
dir=$test_dir

# Every THP setting, one "FILE VALUE" line each.
knobs() {
  ls $thp/enabled $thp/shmem_enabled $thp/hugepages-*/enabled \
    $thp/hugepages-*/shmem_enabled 2>/dev/null
}
choice() { sed 's/.*\[\(.*\)\].*/\1/' "$1"; }
state() { for k in $(knobs); do echo "$k $(choice "$k")"; done; }
state >"$dir/before"

run_pid=
cleanup() {
  [ -n "$run_pid" ] && kill -KILL "$run_pid" 2>/dev/null
  wait 2>/dev/null
  "$prog" --restore >/dev/null 2>&1
  while read -r k v; do # whatever is still off, as it was
    [ "$(choice "$k")" = "$v" ] || echo "$v" >"$k"
  done <"$dir/before"
  rm -rf "$dir"
}
trap cleanup EXIT # (in place of make_test_dir's: cleanup removes $dir too)
trap 'exit 2' INT TERM HUP

record64=/run/mmaplab/sysfs-kernel+mm+transparent_hugepage+hugepages-64kB+enabled.json
recordtop=/run/mmaplab/sysfs-kernel+mm+transparent_hugepage+enabled.json

# The whole run at top-level "always", mthp64k runs of 4 MiB repeated.
start_run() {
  # (a background job of a script ignores SIGINT unless told otherwise)
  env --default-signal=INT "$prog" --keep-aslr --quiet --thp=always --page-modes=mthp64k \
    '--benchmark_filter=^fault/anon-private/write/plain/page:mthp64k/size:4194304/' \
    --benchmark_repetitions=100000 >/dev/null 2>"$dir/run.err" &
  run_pid=$!
}

# Starts a run and signals it with $1 while it holds 64 kB's setting
# (its record is there); a few tries, for the moment between two runs.
signal_run() {
  for _ in 1 2 3 4 5; do
    start_run
    for _ in $(seq 1000); do
      [ -e $record64 ] && [ "$(choice $thp/hugepages-64kB/enabled)" = madvise ] &&
        break
      kill -0 $run_pid 2>/dev/null || fail "the run ended: $(cat "$dir/run.err")"
      sleep 0.01
    done
    kill -"$1" $run_pid
    for _ in $(seq 500); do # at most 5 s to end
      kill -0 $run_pid 2>/dev/null || break
      sleep 0.01
    done
    kill -0 $run_pid 2>/dev/null && fail "SIG$1: the run did not end"
    wait $run_pid
    rc=$?
    # SIGINT restores: nothing to look at; SIGKILL: the settings held
    [ "$1" = INT ] || [ -e $record64 ] && return 0
    "$prog" --restore >/dev/null 2>&1
  done
  fail "$1: the run never held the 64 kB setting when killed"
}

check_back() {
  state >"$dir/after"
  diff "$dir/before" "$dir/after" >"$dir/diff" ||
    fail "$1: settings not as before: $(cat "$dir/diff")"
  ! ls /run/mmaplab/sysfs-*.json >/dev/null 2>&1 ||
    fail "$1: records left: $(ls /run/mmaplab/sysfs-*.json)"
}

# A normal end: one mthp64k run, --thp=always.
"$prog" --keep-aslr --quiet --thp=always --page-modes=mthp64k \
  '--benchmark_filter=^fault/anon-private/write/plain/page:mthp64k/size:4194304/' \
  --benchmark_repetitions=1 --benchmark_format=json >"$dir/out" 2>"$dir/err" ||
  fail "normal run: exit $? ($(tail -1 "$dir/err"))"
grep -q '"faults_per_page": 6.25' "$dir/out" ||
  fail "normal run: not 1/16 faults per page: $(grep -e faults_per_page -e error_message "$dir/out")"
grep -q '"mmaplab_thp": "--thp=always: transparent_hugepage/enabled is \[always\] for the run' \
  "$dir/out" || fail "normal run: context mmaplab_thp: $(grep mmaplab_thp "$dir/out")"
check_back "normal end"

# SIGINT in the middle of an mthp run.
signal_run INT
[ "$rc" = 130 ] || fail "SIGINT: exit $rc, not 130"
check_back SIGINT

# SIGKILL, then --restore, which says what it did.
signal_run KILL
[ "$(choice $thp/enabled)" = always ] && [ -e $recordtop ] ||
  fail "SIGKILL: top-level enabled $(choice $thp/enabled) or no record"
"$prog" --restore >"$dir/out" 2>"$dir/err" ||
  fail "--restore: exit $? ($(cat "$dir/err"))"
grep -q "$thp/enabled always -> $(grep "^$thp/enabled " "$dir/before" | cut -d' ' -f2), put back for pid $run_pid" \
  "$dir/out" || fail "--restore said: $(cat "$dir/out")"
grep -q "$thp/hugepages-64kB/enabled madvise -> .*, put back for pid $run_pid" \
  "$dir/out" || fail "--restore said: $(cat "$dir/out")"
check_back "SIGKILL, --restore"

# SIGKILL, then the next run puts it back (lines on stderr).
signal_run KILL
next_run_restores "$run_pid" "SIGKILL"
check_back "SIGKILL, the next run"

# SIGKILL, then someone else sets 64 kB: --restore leaves it alone.
signal_run KILL
echo inherit >$thp/hugepages-64kB/enabled
"$prog" --restore >"$dir/out" 2>&1 || fail "--restore, changed: exit $?"
grep -q "hugepages-64kB/enabled is inherit, not the madvise pid $run_pid wrote: changed since by someone else; left alone" \
  "$dir/out" || fail "--restore, changed, said: $(cat "$dir/out")"
[ "$(choice $thp/hugepages-64kB/enabled)" = inherit ] ||
  fail "--restore undid someone's change"
grep "^$thp/hugepages-64kB/enabled " "$dir/before" | cut -d' ' -f2 \
  >$thp/hugepages-64kB/enabled
check_back "changed since"

# Without root: the sizes the current settings give run (as the machine is
# set, nothing written), the others are listed with the setting in the way.
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if ! command -v setpriv >/dev/null || ! nobody "$prog" --version >/dev/null 2>&1; then
  echo "skipped the case without root: cannot run $prog as nobody (setpriv)"
else
  echo madvise >$thp/hugepages-64kB/enabled # as an administrator set it
  echo never >$thp/hugepages-2048kB/enabled
  abs=$(realpath "$prog")
  (cd / && nobody "$abs" --keep-aslr --quiet --bench-dir=/tmp \
    --page-modes=mthp '--benchmark_filter=^fault/anon-private/write/plain/.*/size:4194304/' \
    --benchmark_repetitions=1 --benchmark_format=json) >"$dir/nobody.json" \
    2>"$dir/nobody.err"
  rc=$?
  for k in hugepages-64kB/enabled hugepages-2048kB/enabled; do
    grep "^$thp/$k " "$dir/before" | cut -d' ' -f2 >$thp/$k
  done
  [ "$rc" = 0 ] || fail "not root: exit $rc ($(cat "$dir/nobody.err"))"
  grep -q '"name": "fault/anon-private/write/plain/page:mthp64k/size:' \
    "$dir/nobody.json" && grep -q '"faults_per_page": 6.25' "$dir/nobody.json" ||
    fail "not root: no mthp64k row at 1/16: $(grep -e '"name"' -e faults_per_page "$dir/nobody.json")"
  ! grep -q 'page:mthp32k' "$dir/nobody.json" || fail "not root: mthp32k ran"
  grep -q '"mmaplab_page_mode_mthp32k": "not run: hugepages-32kB/enabled is \[never\]' \
    "$dir/nobody.json" || fail "not root: $(grep mmaplab_page_mode_mthp32k "$dir/nobody.json")"
  grep -q "page mode mthp32k left out" "$dir/nobody.err" ||
    fail "not root said: $(cat "$dir/nobody.err")"
  check_back "not root"
fi

echo "bench.sysfs: ok"
