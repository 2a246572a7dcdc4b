# shellcheck shell=bash disable=SC2154 # root and run are the sourcing script's
# pymodlib.sh - what the Python module's test scripts share (bash; sourced
# by scripts/test-python-module and scripts/test-python-pip, which set
# $root to the checkout and $run to a command prefix, possibly empty).

# test_mmap_compare PYTHON JSON LOG [VAR=VALUE...]: runs CPython's own
# test_mmap under PYTHON with the stock mmap and with mmaplab_mmap (as
# PYTHON imports it) in its place (python/test/run_test_mmap.py --compare),
# with the variables set; the counts go to JSON, unittest's output to LOG.
# Returns run_test_mmap's status (0: every test that passes with the stock
# mmap passes with ours, 1: some do not, 2: it could not run), saying why
# on stderr when not 0.
test_mmap_compare() {
  local py=$1 json=$2 log=$3 rc=0
  shift 3
  # shellcheck disable=SC2086 # $run is a command prefix, word-split
  env "$@" PYTHONDONTWRITEBYTECODE=1 $run "$py" "$root/python/test/run_test_mmap.py" \
    --compare --out "$json" >/dev/null 2>"$log" || rc=$?
  if [ $rc -ne 0 ]; then
    grep '^run_test_mmap:' "$log" >&2 || tail -n 20 "$log" >&2
  fi
  return $rc
}

# test_mmap_table JSON...: the counts of test_mmap_compare's files, one row
# per file, as a Markdown table on stdout.
test_mmap_table() {
  python3 - "$@" <<'PY'
import json, sys
rows = [json.load(open(p)) for p in sys.argv[1:]]
print("| CPython | stock run | passed | skipped | failed | ours run | passed | skipped | failed | lost |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    s, o = r["stock"], r["ours"]
    print("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d |" % (
        s["python"], s["run"], s["passed"], s["skipped"], s["failed"] + s["errors"],
        o["run"], o["passed"], o["skipped"], o["failed"] + o["errors"], len(r["lost"])))
PY
}
