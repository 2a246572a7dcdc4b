#!/usr/bin/env bash
# run_test.sh CASE MMAPLAB WORK - `mmaplab run` end to end, one case per
# ctest test (cli/CMakeLists.txt):
#   long_path_env  a PATH longer than any fixed buffer still finds python3
set -uo pipefail
case_name=$1 mmaplab=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 >/dev/null ||
  { echo "SKIP: no python3 on PATH"; exit 77; }

case $case_name in
long_path_env)
  # 30 directories that do not exist (over 12,000 bytes) before the real
  # PATH: the CPython is still found and graded.
  long=$(printf 'x%.0s' $(seq 200))
  junk=
  for i in $(seq 30); do junk+="/nonexistent-$i/$long/$long/:"; done
  PATH=$junk$PATH "$mmaplab" run --hosts core,cpython --families none \
    --out "$work/out" >"$work/stdout" 2>"$work/stderr" ||
    fail "exit $?: $(cat "$work/stderr")"
  grep -q "not a working CPython" "$work/stderr" && fail "$(cat "$work/stderr")"
  grep -q "^mmaplab run: conformance: cpython against\|CPython .* skipped: no committed golden" \
    "$work/stdout" || fail "CPython not graded: $(cat "$work/stdout")"
  ;;
*)
  fail "unknown case $case_name"
  ;;
esac
echo "run $case_name: ok"
