#!/bin/sh
# conform_e2e.sh - end-to-end tests of mmaplab-conform against the scripted
# fake host (conform_fake_host.c) and the small corpus in data/cases.
#
#   conform_e2e.sh TEST RUNNER FAKE_HOST DATA_DIR
#
# Each TEST is a function below; it exits non-zero with a message on the
# first unmet expectation.
set -u
test_name=$1
runner=$2
fake=$3
data=$4
work=$(mktemp -d "${TMPDIR:-/tmp}/mmaplab-e2e-XXXXXX")
trap 'rm -rf "$work"' EXIT
cases=$data/cases

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# expect STATUS CMD...: runs CMD, keeps stdout/stderr in $work/out, $work/err.
expect() {
  want=$1
  shift
  "$@" >"$work/out" 2>"$work/err"
  got=$?
  if [ "$got" != "$want" ]; then
    echo "--- stdout" >&2; cat "$work/out" >&2
    echo "--- stderr" >&2; cat "$work/err" >&2
    fail "exit status $got, want $want: $*"
  fi
}

has() { grep -q -- "$2" "$work/$1" || { cat "$work/$1" >&2; fail "$1 lacks: $2"; }; }
lacks() { ! grep -q -- "$2" "$work/$1" || { cat "$work/$1" >&2; fail "$1 has: $2"; }; }
one_line() {
  [ "$(wc -l <"$work/err")" -eq 1 ] || { cat "$work/err" >&2; fail "stderr is not one line"; }
}

# A golden of the fake host, as the reference cpython-3.13.0.
make_golden() {
  expect 0 "$runner" golden --host "$fake" --cases "$cases" \
    --out-root "$work/golden" --timeout 1
}

# run STATUS ARGS...: mmaplab-conform run over data/cases against that golden.
run() {
  want=$1
  shift
  expect "$want" "$runner" run --cases "$cases" --golden "$work/golden/cpython-3.13.0" \
    --out "$work/report" --timeout 1 "$@"
}

t_golden() {
  make_golden
  g=$work/golden/cpython-3.13.0/fake.json
  [ -f "$g" ] || fail "no $g"
  has out "golden: 15 cases recorded"
  grep -q '"fake/crash": {.*"outcome":"crash"' "$g" || fail "crash not recorded"
  grep -q '"signal":"SIGABRT"' "$g" || fail "signal not recorded"
  grep -q '"exit_status":3' "$g" || fail "exit status not recorded"
  grep -q '"fake/hang": {.*"outcome":"timeout"' "$g" || fail "timeout not recorded"
  grep -q '"fake/garbage": {"crash":{"index":1,"phase":"op","protocol_error":"the host wrote a line that is not a JSON object: this is not json"},"files":{},"outcome":"crash","results":\[{"value":{"ref":"m"}}\]' "$g" ||
    fail "protocol error not recorded"
  ! grep -q 'fake/old-python\|fake/other-platform\|fake/needs-feature' "$g" ||
    fail "cases the reference does not meet are recorded"
  # Regenerating is byte-identical, and an area gone from the corpus goes.
  echo '{}' >"$work/golden/cpython-3.13.0/gone.json"
  cp "$g" "$work/first.json"
  make_golden
  cmp "$g" "$work/first.json" || fail "regeneration is not byte-identical"
  [ ! -e "$work/golden/cpython-3.13.0/gone.json" ] || fail "stale area kept"
}

t_run() {
  make_golden
  run 0 --host "$fake"
  has out "^levels: outcome 0, type 0, value 0, message 0, file 0; expected 0, reference-crash 0$"
  [ "$(tail -n 1 "$work/out")" = "conformance: 14 passed, 0 failed, 5 skipped" ] ||
    fail "last line: $(tail -n 1 "$work/out")"
  for f in report.json summary.md junit.xml expectations-suggested.json; do
    [ -f "$work/report/$f" ] || fail "no $f"
  done
  ! ls "$work/report" | grep -q tmp || fail "temporary files left"
  grep -q '"host_starts": [4-9]' "$work/report/report.json" || fail "no restarts"
  grep -q '<testcase classname="conformance.fake" name="fake/echo"/>' \
    "$work/report/junit.xml" || fail "junit lacks fake/echo"
  grep -q '<skipped message="host lacks feature no-such-feature"/>' \
    "$work/report/junit.xml" || fail "junit lacks the skip reason"
  grep -q '| 1 | unsupported: missing constant MAP_POPULATE |' \
    "$work/report/summary.md" || fail "summary lacks a skip reason"
  lacks err "warning"
  grep -q '| fake | 19 | 14 | 0 | 0 | 0 | 5 |' "$work/report/summary.md" ||
    fail "summary lacks the area counts"
  # --filter, --quiet, and a host without python-args or bigint.
  run 0 --host "$fake --features sequence" --filter 'fake/[bp]*' --quiet
  [ "$(cat "$work/out")" = "levels: outcome 0, type 0, value 0, message 0, file 0; expected 0, reference-crash 0
conformance: 0 passed, 0 failed, 2 skipped" ] || fail "filtered run: $(cat "$work/out")"
  grep -q 'lacks feature bigint (implied)' "$work/report/summary.md" || fail "bigint"
  grep -q 'lacks feature python-args (implied)' "$work/report/summary.md" ||
    fail "python-args"
}

t_crash_timeout() {
  make_golden
  start=$(date +%s)
  run 0 --host "$fake --stderr"
  [ $(($(date +%s) - start)) -lt 10 ] || fail "the timeout took too long"
  r=$work/report/report.json
  grep -q '"signal": "SIGABRT"' "$r" || fail "no crash signal in the report"
  grep -q '"exit_status": 3' "$r" || fail "no exit status in the report"
  grep -q '"detail": "timeout"' "$r" || fail "no timeout in the report"
  grep -q '"stderr": "fake host: begin fake/echo' "$r" || fail "stderr not kept"
  # The host crashing where the reference did not: an outcome failure, and
  # the run goes on with the next case on a fresh host.
  expect 0 "$runner" golden --host "$fake --survive-crash" --cases "$cases" \
    --out-root "$work/golden" --timeout 1
  run 1 --host "$fake"
  has out "^levels: outcome 1, type 0, value 0, message 0, file 0"
  has out "conformance: 13 passed, 1 failed, 5 skipped"
  grep -q "fake/crash.*outcome: reference ok after 4 results, host crash after 2 results {\"index\":2,\"phase\":\"op\",\"signal\":\"SIGABRT\"}" \
    "$work/report/summary.md" || fail "crash detail"
}

t_check_golden() {
  make_golden
  expect 0 "$runner" check-golden --host "$fake" --cases "$cases" \
    --golden-root "$work/golden" --timeout 1
  has out "up to date (15 cases)"
  mkdir "$work/cases2"
  sed 's/echo returns its argument/echo returns its argument, changed/' \
    "$cases/fakehost-corpus.json" >"$work/cases2/a.json"
  cat >"$work/cases2/b.json" <<'JSON'
{"format": 1, "cases": [{"id": "new/one", "title": "new", "ops": []}]}
JSON
  expect 1 "$runner" check-golden --host "$fake" --cases "$work/cases2" \
    --golden-root "$work/golden" --timeout 1
  has out "stale: fake/echo"
  has out "missing: new/one"
  lacks out "stale: fake/fail"
  has out "out of date; regenerate with"
  rm "$work/cases2/a.json"
  expect 1 "$runner" check-golden --host "$fake" --cases "$work/cases2" \
    --golden-root "$work/golden" --timeout 1
  has out "extra: fake/echo"
  expect 1 "$runner" check-golden --host "$fake --version 3.12.1" \
    --cases "$cases" --golden-root "$work/golden" --timeout 1
  has out "no committed golden"
}

t_expectations() {
  make_golden
  run 1 --host "$fake --variant"
  has out "^levels: outcome 0, type 0, value 0, message 1, file 0; expected 0"
  cp "$work/report/expectations-suggested.json" "$work/exp.json"
  grep -q '"case": "fake/fail"' "$work/exp.json" || fail "no suggestion"
  run 0 --host "$fake --variant" --expect "$work/exp.json"
  has out "expected 1, reference-crash 0"
  has out "conformance: 14 passed, 0 failed, 5 skipped"
  # Pinned, but the host now passes: the list is stale, the run fails.
  run 1 --host "$fake" --expect "$work/exp.json"
  grep -q "now passes: remove it" "$work/report/summary.md" || fail "passes"
  # Pinned to a record the host no longer produces.
  sed 's/fake failure, variant/another message/' "$work/exp.json" >"$work/exp2.json"
  run 1 --host "$fake --variant" --expect "$work/exp2.json"
  grep -q "differs from the record pinned" "$work/report/summary.md" ||
    fail "changed"
  # A case the corpus does not have.
  sed 's|"fake/fail"|"fake/no-such-case"|' "$work/exp.json" >"$work/exp3.json"
  run 1 --host "$fake --variant" --expect "$work/exp3.json"
  grep -q "no such case" "$work/report/summary.md" || fail "unknown case"
  # Made against another golden: misuse.
  sed 's/cpython-3.13.0/cpython-3.12.1/' "$work/exp.json" >"$work/exp4.json"
  run 2 --host "$fake --variant" --expect "$work/exp4.json"
  one_line
  has err "made against golden cpython-3.12.1"
}

t_reference_crash() {
  make_golden
  run 0 --host "$fake --survive-crash"
  has out "expected 0, reference-crash 1$"
  has out "conformance: 14 passed, 0 failed, 5 skipped"
}

t_hello() {
  make_golden
  run 2 --host "$fake --bad-hello"
  one_line
  has err "not a JSON object"
  run 2 --host "$fake --protocol 2"
  one_line
  has err "the host speaks protocol 2; this runner speaks protocol 1"
  run 2 --host "$fake --no-hello"
  one_line
  has err 'ended before its hello: {"exit_status":3}'
  run 2 --host "$work/no-such-host"
  one_line
  has err "cannot run $work/no-such-host"
  run 2 --host "$fake --pagesize 16384"
  one_line
  has err "page size 4096; this host has 16384"
  [ ! -e "$work/report" ] || fail "outputs written on misuse"
}

# corpus_error FILE-TEXT MESSAGE: the corpus is refused with MESSAGE.
corpus_error() {
  rm -rf "$work/bad"
  mkdir -p "$work/bad/sub"
  printf '%s\n' "$1" >"$work/bad/sub/x.json"
  expect 2 "$runner" list --cases "$work/bad"
  one_line
  has err "$2"
}

t_corpus_errors() {
  ok='"title": "t", "ops": []'
  corpus_error '{"format": 1, "cases": [' "x.json:2:0"
  corpus_error '{"format": 2, "cases": []}' '"format" must be 1'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"Bad\", $ok}]}" \
    'x.json: case Bad: "id" must match'
  corpus_error "{\"format\": 1, \"cases\": [{$ok}]}" \
    'x.json: case #0: "id" must match'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"ops\": [{\"op\": \"len\", \"on\": \"m\", \"key\": null}]}]}" \
    'case a/b: op 0: len: unknown field "key"'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"ops\": [{\"op\": \"getitem\", \"on\": \"m\", \"key\": {\"int\": \"PAGESIZE*\"}}]}]}" \
    'case a/b: op 0: expression "PAGESIZE\*": unexpected end of expression'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"ops\": [{\"op\": \"frobnicate\"}]}]}" \
    'unknown op "frobnicate"'
  # Empty names once hung the validator (found by fuzz/ conform_case).
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"ops\": [{\"op\": \"len\", \"on\": \"m\", \"\": 0}]}]}" \
    'case a/b: op 0: len: unknown field ""'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"files\": {\"f\": {\"text\": \"x\"}}, \"ops\": [{\"op\": \"open_fd\", \"as\": \"fd\", \"file\": \"f\", \"mode\": \"\"}]}]}" \
    'open_fd needs file and mode'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"ops\": [{\"op\": \"open_fd\", \"as\": \"fd\", \"special\": \"\"}]}]}" \
    'open_fd: bad special ""'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", $ok, \"\": 1}]}" \
    'case a/b: unknown field ""'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"ops\": [{\"op\": \"file_read\", \"file\": \"f\"}]}]}" \
    'file "f" is not in "files"'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", \"title\": \"t\", \"requires\": {\"python\": \">3.8\"}, \"ops\": []}]}" \
    'requires.python ">3.8"'
  corpus_error "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", $ok, \"id\": \"a/c\"}]}" \
    "duplicate object key"
  printf '%s\n' "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", $ok}]}" >"$work/bad/y.json"
  printf '%s\n' "{\"format\": 1, \"cases\": [{\"id\": \"a/b\", $ok}]}" >"$work/bad/sub/x.json"
  expect 2 "$runner" list --cases "$work/bad"
  one_line
  has err "bad/y.json: case a/b: duplicate id (also in $work/bad/sub/x.json)"
  # A run over a bad corpus writes nothing.
  expect 2 "$runner" run --host "$fake" --cases "$work/bad" --out "$work/r"
  [ ! -e "$work/r" ] || fail "outputs written for a bad corpus"
}

t_cli() {
  expect 2 "$runner"
  one_line
  expect 2 "$runner" frobnicate
  one_line
  has err "unknown command frobnicate"
  expect 2 "$runner" run
  one_line
  has err "run: --host is required"
  expect 2 "$runner" run --host "$fake" --bogus
  one_line
  expect 2 "$runner" run --host "$fake" --timeout abc
  one_line
  has err "--timeout wants a number"
  expect 2 "$runner" list --host "$fake"
  one_line
  has err "option --host does not apply"
  expect 2 "$runner" golden --host
  one_line
  for c in run golden check-golden list; do
    expect 0 "$runner" "$c" --help
    has out "usage: mmaplab-conform $c"
  done
  expect 0 "$runner" --help
  has out "check-golden"
  expect 0 "$runner" list --cases "$cases"
  has out "^fake/echo  echo returns its argument$"
  has out "^fake  *19$"
  expect 0 "$runner" list --cases "$cases" --filter 'tag:crash'
  [ "$(head -n 1 "$work/out")" = "fake/crash  the host dies on an op; results before it are kept" ] ||
    fail "tag filter"
  has out "^1 cases in 1 files$"
  expect 0 "$runner" list --cases "$cases" --filter 'fake/after-*' --filter fake/echo
  has out "^3 cases in 1 files$"
}

"t_$test_name"
echo "ok: $test_name"
