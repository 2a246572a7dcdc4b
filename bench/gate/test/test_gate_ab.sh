#!/bin/sh
# test_gate_ab.sh DRIVER DATA_DIR - `mmaplab gate --ab`, the interleaved
# mode, with fake_bench.py standing in for the two builds' mmaplab-bench:
# the rounds and their ABBA/BAAB order, the verdicts on identical and on
# 30% slower times, --keep, a failing build, and the misuses.
set -u
DRIVER=$1
DATA=$2
case $DRIVER in /*) ;; *) DRIVER=$PWD/$DRIVER ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../../scripts/testlib.sh"
make_test_dir gate-ab
T=$test_dir
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86
export ASAN_OPTIONS
FAKE_DATA=$DATA FAKE_LOG=$T/log
export FAKE_DATA FAKE_LOG
mkdir "$T/old" "$T/new" "$T/old/bench" "$T/new/bench"
cp "$HERE/fake_bench.py" "$T/old-bench"
cp "$HERE/fake_bench.py" "$T/new-bench"
# a build tree holding bench/mmaplab-bench, as --ab takes one
ln -s "$T/old-bench" "$T/old/bench/mmaplab-bench"

. "$HERE/gate_testlib.sh"
GATE_STDERR=1 # the looks are reported there

# Identical builds: every round difference is 0, nothing changes.
: >"$T/log"
gate 0 --ab "$T/old" "$T/new-bench" --rounds 3 --seed 7 --cpu none --force \
  --json "$T/aa.json" -- --benchmark_filter=x
has "$T/aa.json" '"verdict": "pass"'
# a warm-up pair, then 3 rounds of 4, each ABBA or BAAB (old: O, new: N)
[ "$(wc -l <"$T/log")" -eq 14 ] || fail "runs: $(wc -l <"$T/log"), want 14"
rounds=$(tail -n 12 "$T/log" | cut -c1 | tr -d '\n' | fold -w 4 | sort -u | tr '\n' ' ')
case $rounds in
"ONNO " | "NOON " | "NOON ONNO " | "ONNO NOON ") ;;
*) fail "round orders: $rounds" ;;
esac
# the builds got the arguments after --, then the gate's own
head -n 1 "$T/log" | grep -q -- "--benchmark_filter=x --benchmark_out_format=json --quiet --benchmark_out=" ||
  fail "arguments: $(head -n 1 "$T/log")"

# The new build 30% slower in every process: a regression on every time
# row, the interval above 0.
FAKE_FACTOR_NEW=1.3
export FAKE_FACTOR_NEW
# NEW is a build tree without bench/mmaplab-bench: refused
misuse --ab "$T/old-bench" "$T/new" --rounds 8 --cpu none --force
has "$T/err" "a directory without bench/mmaplab-bench"
ln -s "$T/new-bench" "$T/new/bench/mmaplab-bench"
gate 1 --ab "$T/old-bench" "$T/new" --rounds 8 --cpu none --force \
  --json "$T/ab.json" --keep "$T/kept"
has "$T/ab.json" '"verdict": "regression"'
python3 - "$T/ab.json" <<'PY' || fail "ab.json: time rows not judged as regressions"
import json, sys
rows = [c for c in json.load(open(sys.argv[1]))["comparisons"]
        if c.get("metric") == "real_time" and "reference" not in (c.get("note") or "")]
assert rows, "no time rows"
for c in rows:
    assert c["verdict"] == "regression", c
    assert abs(c["change"] - 0.3) < 1e-9, c
PY
[ -f "$T/kept/old-001-1.json" ] && [ -f "$T/kept/new-008-2.json" ] &&
  [ -f "$T/kept/old-warmup.log" ] || fail "--keep: $(ls "$T/kept")"
unset FAKE_FACTOR_NEW

# --keep must be new or empty; a failing build stops the gate with its log.
misuse --ab "$T/old-bench" "$T/new-bench" --rounds 2 --cpu none --force --keep "$T/kept"
has "$T/err" "not an empty directory"
FAKE_EXIT_NEW=3
export FAKE_EXIT_NEW
misuse --ab "$T/old-bench" "$T/new-bench" --rounds 2 --cpu none --force --keep "$T/k2"
has "$T/err" "the new build's mmaplab-bench failed (exit status 3)"
unset FAKE_EXIT_NEW

misuse --ab "$T/old-bench"
misuse --ab "$T/old-bench" "$T/new-bench" --baseline "$DATA/gate-base.json"
misuse --ab "$T/old-bench" "$T/nothere"
misuse --ab "$T/old-bench" "$T/new-bench" --rounds 0
misuse --ab "$T/old-bench" "$T/new-bench" --rounds 1001
misuse --ab "$T/old-bench" "$T/new-bench" --cpu -1
misuse --ab "$T/old-bench" "$T/new-bench" --budget 0
misuse --ab "$T/old-bench" "$T/new-bench" --seed 18446744073709551616
misuse --ab "$T/old-bench" "$T/new-bench" --rounds 3 --min-rounds 3
misuse --ab "$T/old-bench" "$T/new-bench" --instructions --rounds 3
misuse --baseline "$DATA/gate-base.json" --current "$DATA/gate-base.json" --budget 9
misuse --ab "$T/old-bench" "$T/new-bench" --json "$T/old-bench"
has "$T/err" "must not replace an input"
echo "gate.ab: ok"
