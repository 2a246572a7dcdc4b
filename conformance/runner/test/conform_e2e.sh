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
. "$(dirname "$0")/../../../scripts/testlib.sh"
make_test_dir e2e
work=$test_dir
cases=$data/cases

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

# A host on another platform (the fake says win32): run through an
# emulator command with its own environment, its files named by their Z:
# paths, graded against the Linux golden with a classed expectations file
# (INTERPRETING.md 9.1): an explained difference, a case needing a Windows
# golden (neither passed nor failed), a derived record for a case the
# golden cannot have.
t_platform() {
  pc=$work/pcases
  mkdir -p "$pc"
  cat >"$pc/p.json" <<'JSON'
{"format": 1, "cases": [
 {"id": "p/env", "title": "the host's environment", "files": {"f": {"text": "x"}},
  "ops": [{"op": "new", "as": "m"},
          {"op": "call", "on": "m", "method": "env", "args": [{"str": "FAKE_X"}]}]},
 {"id": "p/path", "title": "the host's file names", "files": {"f": {"text": "x"}},
  "ops": [{"op": "new", "as": "m"},
          {"op": "call", "on": "m", "method": "path", "args": [{"str": "f"}]}]},
 {"id": "p/same", "title": "no difference", "ops": [{"op": "new", "as": "m"}]},
 {"id": "p/same2", "title": "no difference either", "ops": [{"op": "new", "as": "n"}]},
 {"id": "p/win", "title": "a Windows-only case", "requires": {"platforms": ["win32"]},
  "ops": [{"op": "new", "as": "m"}]}
]}
JSON
  expect 0 "$runner" golden --host "$fake" --cases "$pc" --out-root "$work/golden" --timeout 1
  has out "golden: 4 cases recorded"
  set -- --cases "$pc" --golden "$work/golden/cpython-3.13.0" --out "$work/report" \
    --timeout 5
  # Without expectations: p/env and p/path differ; p/win has no record
  # and no entry: a failure.
  expect 1 "$runner" run "$@" --host "$fake --platform win32" --emulator env \
    --host-env FAKE_X=from-runner
  has out "conformance: 2 passed, 3 failed, 0 skipped"
  grep -q "the expectations have no entry for it" "$work/report/summary.md" ||
    fail "no failure for a case without a record"
  grep -q '"str": "from-runner"' "$work/report/report.json" || fail "no host env"
  grep -q '"str": "Z:\\\\' "$work/report/report.json" || fail "no Z: path"
  grep -q '"emulator": "env"' "$work/report/report.json" || fail "no emulator"
  python3 - "$work/report/report.json" "$work/exp.json" <<'PY'
import json, sys
rows = {c["id"]: c for c in json.load(open(sys.argv[1]))["cases"]}
rec = lambda i: rows[i]["actual"]
exp = {"format": 1, "golden": "cpython-3.13.0", "platform": "win32",
       "classes": {"envc": {"kind": "windows", "reason": "the environment differs."},
                   "pathc": {"kind": "needs-golden", "reason": "no golden says."},
                   "winc": {"kind": "derived", "reason": "derived by hand."}},
       "expected": [
           {"case": "p/env", "class": "envc", "level": "value", "actual": rec("p/env")},
           {"case": "p/same2", "class": "pathc", "actual": rec("p/same2")},
           {"case": "p/win", "class": "winc", "derived": rec("p/same")}]}
json.dump(exp, open(sys.argv[2], "w"))
PY
  [ -f "$work/exp.json" ] || fail "no expectations written"
  # p/same's record stands in for p/win's, whose sha differs: stale. (The
  # paths of p/path differ in every run: left out.) A needs-golden case is
  # that even when it matches the golden.
  set -- "$@" --filter 'p/[esw]*'
  expect 0 "$runner" run "$@" --host "$fake --platform win32" --emulator env \
    --host-env FAKE_X=from-runner --expect "$work/exp.json"
  has out "^classes: envc 1, pathc 1$"
  has out "conformance: 2 passed, 0 failed, 1 skipped, 1 need a windows golden"
  has err "1 cases have no current record"
  grep -q "the derived record in $work/exp.json is stale" "$work/report/report.json" ||
    fail "derived record not stale"
  grep -q '"grade": "needs-golden"' "$work/report/report.json" || fail "needs-golden"
  grep -q 'skipped message="needs-golden: pathc: no golden says.' "$work/report/junit.xml" ||
    fail "junit needs-golden"
  # A pin that no longer matches (FAKE_X changed) fails the run.
  expect 1 "$runner" run "$@" --host-env FAKE_X=other --host "$fake --platform win32" \
    --emulator env --expect "$work/exp.json"
  grep -q "differs from the record pinned in $work/exp.json (pinned at level value)" \
    "$work/report/summary.md" || fail "changed pin"
  expect 2 "$runner" run "$@" --host "$fake" --expect "$work/exp.json"
  has err "made for a host on win32, but this host is on linux"
  # A Linux host skips the Windows-only case with the reason.
  expect 0 "$runner" run "$@" --host "$fake"
  has out "conformance: 3 passed, 0 failed, 1 skipped"
  grep -q '"detail": "requires platform \[\\"win32\\"\]; the host is on linux"' "$work/report/report.json" ||
    fail "no platform skip"
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

# Report files that are not regular files (util/ut_output.h): a symbolic
# link is followed and stays a link, a FIFO is written in place.
t_outputs() {
  make_golden
  mkdir "$work/report"
  echo old >"$work/summary-target.md"
  ln -s ../summary-target.md "$work/report/summary.md"
  mkfifo "$work/report/junit.xml"
  exec 7<>"$work/report/junit.xml" # a reader, so that writing does not wait
  run 0 --host "$fake"
  drain_fifo 7 >"$work/junit.out"
  exec 7>&-
  [ -L "$work/report/summary.md" ] || fail "summary.md: the link was replaced"
  grep -q '^## Unexpected failures per level' "$work/summary-target.md" ||
    fail "the link's target was not written"
  [ -p "$work/report/junit.xml" ] || fail "junit.xml: the FIFO was replaced"
  grep -q '<testsuites name="mmaplab-conformance"' "$work/junit.out" ||
    fail "nothing written into the FIFO"
  ! ls -A "$work/report" | grep -q tmp || fail "temporary files left"
}

# Numeric options: whole decimals in range, refused with one line before
# any work; output directories checked before any work too.
t_options() {
  for t in 0x10 ' 5' '5 ' 5abc inf nan 1e999 0 -1 86401 ''; do
    expect 2 "$runner" golden --host "$fake" --cases "$cases" \
      --out-root "$work/golden" --timeout "$t"
    one_line
    has err "golden: --timeout wants a number of seconds > 0 and <= 86400, not '$t'"
  done
  [ ! -e "$work/golden" ] || fail "a golden written despite a bad --timeout"
  fuzz="timeout 60 $runner fuzz --reference $fake --host $fake --out $work/fz"
  for n in 18446744073709551616 99999999999999999999999 -1 +1 ' 1' 1x ''; do
    for o in seed count; do
      expect 2 $fuzz --count 0 "--$o" "$n"
      one_line
      has err "fuzz: --$o wants a number from 0 to 18446744073709551615, got '$n'"
    done
  done
  for n in 0 1001 9223372036854775807 18446744073709551617 -9223372036854775808; do
    expect 2 $fuzz --count 0 --ops "$n"
    one_line
    has err "fuzz: --ops wants a number from 1 to 1000, got '$n'"
  done
  for t in 5abc inf 1e999 0x10 0; do
    expect 2 $fuzz --count 0 --timeout "$t"
    one_line
    has err "fuzz: --timeout wants a number of seconds > 0 and <= 86400, got '$t'"
  done
  expect 0 $fuzz --count 0 --seed 18446744073709551615 --ops 1000 --timeout 86400
  has out "fuzz: 0 sequences from seed 18446744073709551615"
  expect 0 $fuzz --count 0 --seed 0 --ops 1
  has out "fuzz: 0 sequences from seed 0,"
  # Output directories: a file, a name too long, a report file that is a
  # directory: refused at once, naming the cause.
  make_golden
  : >"$work/afile"
  long=$(printf '%0256d' 0)
  run 2 --host "$fake" --out "$work/afile"
  one_line
  has err "mmaplab-conform: --out $work/afile: Not a directory"
  run 2 --host "$fake" --out "$work/afile/sub"
  one_line
  has err "mmaplab-conform: --out $work/afile/sub: Not a directory"
  run 2 --host "$fake" --out "$work/$long"
  one_line
  has err "File name too long"
  mkdir -p "$work/rep/junit.xml"
  run 2 --host "$fake" --out "$work/rep"
  one_line
  has err "mmaplab-conform: --out $work/rep: cannot write $work/rep/junit.xml: Is a directory"
  [ ! -e "$work/rep/report.json" ] || fail "report.json written"
  expect 2 $fuzz --count 0 --out "$work/afile"
  one_line
  has err "mmaplab-conform: --out $work/afile: Not a directory"
  expect 2 "$runner" golden --host "$fake" --cases "$cases" --out-root "$work/afile"
  one_line
  has err "mmaplab-conform: --out-root $work/afile: Not a directory"
  lacks out "golden:"
  # A directory still to be made is fine, and made only when written.
  run 0 --host "$fake" --out "$work/new/report"
  [ -f "$work/new/report/summary.md" ] || fail "no summary.md in a new --out"
}

# Failures name their real cause.
t_causes() {
  make_golden
  # A host cannot start without a file for its stderr: say so (not "No
  # such file or directory" alone, as if the host were missing).
  TMPDIR=$work/nowhere run 2 --host "$fake"
  one_line
  has err "cannot start the host: cannot create a file for its stderr in $work/nowhere: No such file or directory"
  [ ! -e "$work/report" ] || fail "a report written"
  # An area file renamed: the records agree, the file is missing.
  mv "$work/golden/cpython-3.13.0/fake.json" "$work/golden/cpython-3.13.0/renamed.json"
  expect 1 "$runner" check-golden --host "$fake" --cases "$cases" \
    --golden-root "$work/golden" --timeout 1
  has out "file missing: $work/golden/cpython-3.13.0/fake.json"
  has out "file not expected: $work/golden/cpython-3.13.0/renamed.json"
}

# A fatal signal removes what the runner made: the case directory in
# $TMPDIR, the temporary report file; the host goes with the runner.
t_signals() {
  make_golden
  mkdir "$work/tmp"
  TMPDIR=$work/tmp "$runner" run --cases "$cases" \
    --golden "$work/golden/cpython-3.13.0" --out "$work/report" --timeout 60 \
    --filter fake/hang --host "$fake" >"$work/out" 2>"$work/err" &
  pid=$!
  i=0
  until ls "$work/tmp" | grep -q '^mmaplab-case-'; do
    i=$((i + 1))
    [ "$i" -lt 400 ] || fail "no case directory in \$TMPDIR after 20 s"
    sleep 0.05
  done
  host=$(ps -o pid= --ppid "$pid" | tr -d ' ')
  [ -n "$host" ] || fail "no host process"
  kill -TERM "$pid"
  wait "$pid"
  status=$?
  [ "$status" -eq 143 ] || fail "exit status $status after SIGTERM, want 143"
  [ -z "$(ls -A "$work/tmp")" ] || fail "left in \$TMPDIR: $(ls -A "$work/tmp")"
  i=0 # the host is killed (a zombie at most, if no one reaps it)
  while [ -e "/proc/$host" ] && ! grep -q ') Z' "/proc/$host/stat" 2>/dev/null; do
    i=$((i + 1))
    [ "$i" -lt 100 ] || fail "the host $host outlived the runner"
    sleep 0.05
  done
  [ ! -e "$work/report" ] || fail "a report written"
  # SIGXFSZ while report.json is written (a file size limit of 512 or 1024
  # bytes, after dash's or bash's unit): no temporary file stays.
  (
    ulimit -f 1
    exec "$runner" run --cases "$cases" --golden "$work/golden/cpython-3.13.0" \
      --out "$work/big" --timeout 5 --filter fake/echo --host "$fake" --quiet
  ) >"$work/out" 2>"$work/err"
  status=$?
  [ "$status" -eq 153 ] || fail "exit status $status with a file size limit, want 153 (SIGXFSZ)"
  [ -z "$(ls -A "$work/big")" ] || fail "left in the report directory: $(ls -A "$work/big")"
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

# --progress-fd N: one line "DONE TOTAL CASE-ID" per graded case, 1..19;
# stdout the same as without it, no progress on stdout or stderr; a
# descriptor not open for writing is a misuse.
t_progress() {
  make_golden
  run 0 --host "$fake" --quiet
  cp "$work/out" "$work/plain.out"
  exec 3>"$work/progress"
  run 0 --host "$fake" --quiet --progress-fd 3
  exec 3>&-
  cmp "$work/out" "$work/plain.out" || fail "stdout differs with --progress-fd"
  [ ! -s "$work/err" ] || fail "stderr: $(cat "$work/err")"
  awk '$1 != NR || $2 != 19 || NF != 3 { bad = 1 } END { exit bad || NR != 19 }' \
    "$work/progress" || fail "not 1..19 of 19: $(cat "$work/progress")"
  grep -qx "[0-9]* 19 fake/echo" "$work/progress" || fail "no fake/echo line"
  for fd in 7 x -1 ""; do
    run 2 --host "$fake" "--progress-fd=$fd"
    one_line
    has err "^mmaplab-conform: run: --progress-fd wants a descriptor open for writing, not '$fd'$"
  done
  expect 2 "$runner" golden --host "$fake" --out-root "$work/g2" --progress-fd 1
  has err "option --progress-fd does not apply"
}

# A port on another page size and platform: a golden derived for 64 KiB
# pages, the run that picks it, and classify's rules.
t_port() {
  make_golden
  expect 0 "$runner" golden --host "$fake" --cases "$cases" --out-root "$work/golden" \
    --timeout 1 --pagesize 65536
  has out "not derivable for page size 65536)"
  d=$work/golden/cpython-3.13.0-pagesize-65536
  grep -q '"derived_pagesize":4096' "$d/fake.json" || fail "derived hello lacks derived_pagesize"
  grep -q '"pagesize":65536' "$d/fake.json" || fail "derived hello lacks the page size"
  # Not a page size of a reference, or not a bigger one.
  for n in 1000 3 x 2147483648; do
    expect 2 "$runner" golden --host "$fake" --cases "$cases" --out-root "$work/g2" \
      --timeout 1 --pagesize "$n"
    one_line
    has err "wants a power of two"
  done
  expect 2 "$runner" golden --host "$fake" --cases "$cases" --out-root "$work/g2" \
    --timeout 1 --pagesize 4096
  one_line
  has err "reference's page size is 4096"
  # A 16 KiB host has no golden derived for it.
  run 2 --host "$fake --pagesize 16384"
  one_line
  has err "mmaplab-conform golden --pagesize 16384"
  # A 64 KiB host on another platform is graded against the derived one.
  printf '{"format": 1, "golden": "cpython-3.13.0", "platform": "emscripten", "expected": []}\n' \
    >"$work/none.json"
  run 0 --host "$fake --pagesize 65536 --platform emscripten" --expect "$work/none.json"
  grep -q '"golden_pagesize_derived": "cpython-3.13.0-pagesize-65536"' \
    "$work/report/report.json" || fail "report lacks the derived golden"
  # classify: rules that class everything, one that classes nothing.
  cat >"$work/rules.json" <<'JSON'
{"format": 1, "golden": "cpython-3.13.0", "platform": "emscripten",
 "classes": {"v": {"kind": "version", "reason": "CPython changed it (gh-1)."}},
 "rules": [{"class": "v", "case": "no/such/*", "reason": "never"}]}
JSON
  expect 1 "$runner" classify --rules "$work/rules.json" --out "$work/exp.json" \
    "$work/report/report.json"
  has out "unused rule 0"
  has out "0 differences classed"
  expect 2 "$runner" classify --rules "$work/rules.json" "$work/report/report.json"
  one_line
  expect 2 "$runner" classify --rules "$work/nope.json" --out "$work/exp.json" \
    "$work/report/report.json"
  expect 0 "$runner" classify --help
  has out "usage: mmaplab-conform classify"
}

"t_$test_name"
echo "ok: $test_name"
