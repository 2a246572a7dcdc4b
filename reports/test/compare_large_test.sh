#!/usr/bin/env bash
# compare_large_test.sh DRIVER DATA WORK - mmaplab compare of hostile but
# valid inputs finishes: two machines whose fingerprints have 50,000 keys
# each, with 50,000 benchmark names, one benchmark with 50,000 counters
# and 25,000 hyperfine commands. Merging them by name is linear (hash
# tables); the quadratic merge took minutes, far past this test's ctest
# TIMEOUT (120 s). Counts of the rows written are checked, no timings.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
n=50000 nhf=25000

# gbench HOST OFFSET: a Google Benchmark file; fingerprint key kI = I+OFFSET.
gbench() {
  awk -v host="$1" -v off="$2" -v n=$n 'BEGIN {
    printf "{\"context\": {\"mmaplab_fingerprint\": \"{\\\"hostname\\\": \\\"%s\\\"", host
    for (i = 0; i < n; i++) printf ", \\\"k%d\\\": %d", i, i + off
    printf "}\"}, \"benchmarks\": [\n"
    for (i = 0; i < n; i++)
      printf "{\"name\": \"wide/core/n:%d\", \"run_type\": \"iteration\", \"real_time\": %d, \"time_unit\": \"ns\", \"iterations\": 1},\n", i, i + 1 + off
    printf "{\"name\": \"counters/core\", \"run_type\": \"iteration\", \"real_time\": 1, \"time_unit\": \"ns\", \"iterations\": 1"
    for (i = 0; i < n; i++) printf ", \"c%d\": %d", i, i
    printf "}]}\n"
  }'
}
# hyperfine HOST: an export of the same machine with NHF commands.
hyperfine() {
  awk -v host="$1" -v n=$nhf 'BEGIN {
    printf "{\"mmaplab\": {\"fingerprint\": {\"hostname\": \"%s\"}}, \"results\": [", host
    for (i = 0; i < n; i++)
      printf "%s{\"command\": \"cmd %d\", \"times\": [0.%d]}", (i ? ",\n" : ""), i, i % 9 + 1
    printf "]}\n"
  }'
}
gbench a 0 >"$work/a.json"
gbench b 1 >"$work/b.json"
hyperfine a >"$work/a-hf.json"
hyperfine b >"$work/b-hf.json"

"$drv" compare --out "$work/c" "$work/a.json" "$work/b.json" \
  "$work/a-hf.json" "$work/b-hf.json" >"$work/stdout"
grep -q "2 machines" "$work/stdout" || fail "stdout: $(cat "$work/stdout")"
s=$work/c/summary.md
count() { grep -c -- "$1" "$s" || true; }
# Every fingerprint key differs (kI is I on M1, I+1 on M2).
[ "$(count '^| k[0-9]* | ')" -eq $n ] || fail "fingerprint rows: $(count '^| k[0-9]* | ')"
grep -qxF '| k49999 | 49999 | 50000 |' "$s" || fail "fingerprint row k49999"
[ "$(count '^| core/n:[0-9]* | ')" -eq $n ] || fail "benchmark rows: $(count '^| core/n:')"
grep -qxF '| core/n:49999 | 50000 | 50001 | 1.00 |' "$s" || fail "row n:49999"
[ "$(count '^| cmd [0-9]* | ')" -eq $nhf ] || fail "hyperfine rows: $(count '^| cmd ')"
echo "compare of 2 x $n keys, $n benchmarks, $n counters, $nhf commands: ok"
