#!/bin/bash
# bench_test_hugetlb.sh PROGRAM - mmaplab-bench --reserve-hugetlb puts the
# 2 MiB pool back after a normal end, SIGTERM and SIGPIPE (`| head -c1`);
# after SIGKILL the record it left lets `--restore`, or the next run, put
# it back; a pool changed since by someone else is left alone; a
# reservation above half of MemAvailable is refused before any work.
# Real reservations of 4 pages; root only (exit 77 otherwise, after the
# size checks, which need no root). Whatever the test changes it puts back.
set -u
pool=/sys/kernel/mm/hugepages/hugepages-2048kB
record=/run/mmaplab/hugetlb-2048kB.json
. "$(dirname "$0")/prelude.sh"
nr() { cat $pool/nr_hugepages; }

if [ ! -d $pool ]; then
  echo "skipped: no 2 MiB hugetlb pool in this kernel"
  exit 77
fi
make_test_dir bench-hugetlb
dir=$test_dir
before=$(nr)
bench_pids=
cleanup() {
  for p in $bench_pids; do kill -KILL "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ -w $pool/nr_hugepages ] && [ "$(nr)" != "$before" ]; then
    "$prog" --restore >/dev/null 2>&1
    [ "$(nr)" = "$before" ] || echo "$before" >$pool/nr_hugepages
  fi
  rm -rf "$dir"
}
trap cleanup EXIT # (in place of make_test_dir's: cleanup removes $dir too)
trap 'exit 2' INT TERM HUP

# Too large: refused before any work (one line, exit 2), pool untouched.
for force in "" --force-reserve; do
  "$prog" --reserve-hugetlb=1000000 $force --benchmark_list_tests=true \
    >"$dir/out" 2>"$dir/err"
  rc=$?
  [ "$rc" = 2 ] && [ "$(wc -l <"$dir/err")" = 1 ] &&
    grep -q MemAvailable "$dir/err" && [ ! -s "$dir/out" ] ||
    fail "1000000 pages $force: exit $rc, $(head -2 "$dir/err")"
  [ "$(nr)" = "$before" ] || fail "1000000 pages $force: pool changed"
done

if [ "$(id -u)" != 0 ]; then
  echo "skipped the reservations: they need root (size checks passed)"
  exit 77
fi
if [ -e $record ]; then
  echo "skipped: $record exists (a run holds the pool, or one was killed:" \
    "mmaplab bench --restore)"
  exit 77
fi
usable=$(($(cat $pool/free_hugepages) - $(cat $pool/resv_hugepages)))
want=$((usable + 4)) # so that the pool grows by 4 pages
grown=$((before + 4))

# Starts a long run that reserves, into $run_pid; waits until the pool has
# grown (the record is written before). 1 if it did not within 30 s.
start_run() {
  "$prog" --keep-aslr --page-modes=4k --reserve-hugetlb=$want \
    '--benchmark_filter=^open/raw/anon-private/size:4096$' \
    --benchmark_min_time=60 >/dev/null 2>"$dir/run.err" &
  run_pid=$!
  bench_pids="$bench_pids $run_pid"
  for _ in $(seq 300); do
    [ "$(nr)" = "$grown" ] && return 0
    kill -0 $run_pid 2>/dev/null || break
    sleep 0.1
  done
  echo "the pool did not grow from $before to $grown: $(nr);" \
    "$(tail -1 "$dir/run.err")"
  return 1
}

# Checks that the pool is back and the record gone.
check_back() {
  [ "$(nr)" = "$before" ] || fail "$1: nr_hugepages $(nr), not $before"
  [ ! -e $record ] || fail "$1: the record is left"
}

# The pool may not grow (memory too fragmented): then there is no test.
if ! start_run; then
  echo "skipped: the kernel did not give 4 pages of 2 MiB"
  exit 77
fi
kill -TERM $run_pid
wait $run_pid
rc=$?
[ "$rc" = 143 ] || fail "SIGTERM: exit $rc, not 143"
check_back SIGTERM

# A normal end.
"$prog" --keep-aslr --page-modes=4k --reserve-hugetlb=$want \
  '--benchmark_filter=^open/raw/anon-private/size:4096$' \
  --benchmark_list_tests=true >/dev/null 2>"$dir/err" ||
  fail "normal run: exit $? ($(tail -1 "$dir/err"))"
check_back "normal end"

# SIGPIPE: every benchmark's name (about 100 KiB) into head -c1.
"$prog" --keep-aslr --page-modes=4k --reserve-hugetlb=$want \
  --benchmark_list_tests=true 2>"$dir/err" | head -c1 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" = 141 ] || fail "SIGPIPE: exit $rc, not 141"
check_back SIGPIPE

# SIGKILL, then --restore, which says what it did.
start_run || fail "SIGKILL: no reservation"
kill -KILL $run_pid
wait $run_pid
[ "$(nr)" = "$grown" ] && [ -f $record ] ||
  fail "SIGKILL: nr_hugepages $(nr) or no record: nothing to test"
"$prog" --restore >"$dir/out" 2>"$dir/err"
rc=$?
[ "$rc" = 0 ] || fail "--restore: exit $rc ($(cat "$dir/err"))"
grep -q "nr_hugepages $grown -> $before, put back for pid $run_pid" \
  "$dir/out" || fail "--restore said: $(cat "$dir/out")"
check_back "SIGKILL, --restore"
"$prog" --restore >"$dir/out" 2>&1 && grep -q "nothing to restore" \
  "$dir/out" || fail "--restore with nothing to do: $(cat "$dir/out")"

# SIGKILL, then the next run puts it back (one line on stderr).
start_run || fail "SIGKILL 2: no reservation"
kill -KILL $run_pid
wait $run_pid
next_run_restores "$run_pid" "SIGKILL"
check_back "SIGKILL, the next run"

# --restore leaves a running reservation to its run.
start_run || fail "live: no reservation"
"$prog" --restore >"$dir/out" 2>&1 || fail "--restore, live: exit $?"
grep -q "in use by a running mmaplab-bench" "$dir/out" ||
  fail "--restore, live, said: $(cat "$dir/out")"
[ "$(nr)" = "$grown" ] || fail "--restore took a live run's pages"
kill -TERM $run_pid
wait $run_pid
check_back "live, then SIGTERM"

# SIGKILL, then someone else sets the pool: --restore leaves it alone.
start_run || fail "changed: no reservation"
kill -KILL $run_pid
wait $run_pid
echo $((grown + 2)) >$pool/nr_hugepages
if [ "$(nr)" = $((grown + 2)) ]; then
  "$prog" --restore >"$dir/out" 2>&1 || fail "--restore, changed: exit $?"
  grep -q "changed since by someone else; left alone" "$dir/out" ||
    fail "--restore, changed, said: $(cat "$dir/out")"
  [ "$(nr)" = $((grown + 2)) ] || fail "--restore undid someone's change"
  [ ! -e $record ] || fail "changed: the record is left"
else
  echo "skipped the changed-pool case: the kernel did not give 2 more pages"
  "$prog" --restore >/dev/null
fi
echo "$before" >$pool/nr_hugepages

echo "bench.hugetlb: ok"
