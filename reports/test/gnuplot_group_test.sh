#!/usr/bin/env bash
# gnuplot_group_test.sh DRIVER DATA WORK - gnuplot runs in a process group
# of its own, and the SIGTERM that ends a report reaches it: the report
# exits by that signal, gnuplot is gone, no output directory is left.
set -uo pipefail
. "$(dirname "$0")/prelude.sh"
mkdir "$work/bin"
command -v ps >/dev/null || { echo "SKIP: ps is not installed"; exit 77; }

# A gnuplot that records its pid and process group, then waits.
{
  echo '#!/bin/sh'
  echo "echo \"\$\$ \$(ps -o pgid= -p \$\$)\" >\"$work/ids.tmp\""
  echo "mv \"$work/ids.tmp\" \"$work/ids\""
  echo 'exec sleep 30'
} >"$work/bin/gnuplot"
chmod +x "$work/bin/gnuplot"

PATH=$work/bin:$PATH "$drv" report --out "$work/out" "$data/machine-a" \
  >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do
  [ -s "$work/ids" ] && break
  sleep 0.1
done
read -r gp pgid <"$work/ids" || fail "the fake gnuplot did not start"
kill -TERM $pid
wait $pid
rc=$?
for _ in $(seq 100); do
  kill -0 "$gp" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$gp" 2>/dev/null; then
  kill "$gp"
  fail "gnuplot (pid $gp, group $pgid) survived the report's SIGTERM"
fi
[ "$gp" = "$pgid" ] || fail "gnuplot (pid $gp) ran in process group $pgid, not its own"
[ $rc -eq 143 ] || fail "SIGTERM: exit $rc, want 143"
left=$(ls -A "$work" | grep -v -x -e bin -e ids)
[ -z "$left" ] || fail "left behind: $left"
echo "reports.gnuplot_group: ok"
