#!/usr/bin/env bash
# test_run_hyperfine.sh MMAPLAB_FIND [PYTHON]: runs the find scenario on a 1 MiB
# file with --runs 2 and checks that the exported hyperfine JSON has the three
# commands, each with 2 successful runs; then that misuse exits 2 without an
# output file, and that mmaplab-find and find_mmap.py share their exit codes.
# No timing assertions. Exit 0 pass, 1 fail, 77 skip (no hyperfine or jq).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
(($# >= 1)) || { echo "usage: $0 MMAPLAB_FIND [PYTHON]" >&2; exit 2; }
bin=$1 py=${2:-python3}
for t in hyperfine jq; do
  command -v $t >/dev/null || { echo "SKIP: $t not installed"; exit 77; }
done
. "$here/../../scripts/testlib.sh"
make_test_dir hyperfine
tmp=$test_dir

# 1. The scenario, small.
mkdir "$tmp/work"
"$here/run-hyperfine" --size 1M --runs 2 --bin "$bin" --python "$py" \
  --dir "$tmp/work" --out "$tmp/out.json" >"$tmp/log" 2>&1 || fail "run-hyperfine exited $? ($(tail -1 "$tmp/log"))"
jq -e '(.results | length) == 3
  and ([.results[].command] == ["mmaplab-find", "cpython-mmap", "grep-F"])
  and all(.results[]; (.times | length) == 2 and .exit_codes == [0, 0] and .mean > 0)
  and .mmaplab.fingerprint.schema_version == 1
  and .mmaplab.file_size == 1048576 and .mmaplab.offset == 1048576 - (.mmaplab.needle | length)' \
  "$tmp/out.json" >/dev/null || fail "exported JSON: $(jq -c '.results | map(.command)' "$tmp/out.json")"
left=$(find "$tmp/work" -mindepth 1)
[[ -z $left ]] || fail "left files behind: $left"

# 2. Misuse: exit 2, one line, no output file.
for args in "--runs 1" "--size 1" "--size 12X" "--bogus" "--runs" "--bin /nonexistent" \
  "--dir /nonexistent" "--python no-such-python" "--fingerprint /nonexistent"; do
  rc=0
  # shellcheck disable=SC2086 # the arguments are meant to split
  "$here/run-hyperfine" --bin "$bin" $args --out "$tmp/bad.json" >/dev/null 2>"$tmp/err" || rc=$?
  [[ $rc == 2 ]] || fail "'$args' exited $rc, expected 2"
  [[ $(wc -l <"$tmp/err") == 1 ]] || fail "'$args' printed $(wc -l <"$tmp/err") lines on stderr"
  [[ ! -e $tmp/bad.json ]] || fail "'$args' left an output file"
done

# A command that answers wrongly is a finding: exit 1, no output file.
rc=0
"$here/run-hyperfine" --size 4K --runs 2 --bin /bin/echo --fingerprint "$(dirname -- "$bin")/../mmaplab-fingerprint" --out "$tmp/bad.json" >/dev/null 2>&1 || rc=$?
[[ $rc == 1 && ! -e $tmp/bad.json ]] || fail "a disagreeing command: exit $rc, expected 1"

# 3. The two find commands: same output and exit codes (0 found, 1 not, 2 misuse).
printf 'xxneedlexx' >"$tmp/f" && : >"$tmp/empty"
for args in "f needle:2:0" "f nope:-1:1" "empty x:-1:1" "f:ERR:2" "nonexistent x:ERR:2"; do
  IFS=: read -r a want_out want_rc <<<"$args"
  for cmd in "$bin" "$py $here/find_mmap.py"; do
    rc=0
    # shellcheck disable=SC2086
    out=$(cd "$tmp" && $cmd $a 2>/dev/null) || rc=$?
    [[ $want_out == ERR ]] && want_out=
    [[ $rc == "$want_rc" && $out == "$want_out" ]] ||
      fail "$cmd $a: printed '$out' exit $rc, expected '$want_out' exit $want_rc"
  done
done
echo "PASS: run-hyperfine scenario"
