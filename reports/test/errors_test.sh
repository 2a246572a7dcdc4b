#!/usr/bin/env bash
# errors_test.sh DRIVER DATA WORK - misuse, missing and malformed inputs and
# gnuplot failures: exit 2, one line "mmaplab CMD: ..." on stderr, and no
# output directory (nor its temporary) left behind.
set -uo pipefail
. "$(dirname "$0")/prelude.sh"
mkdir "$work/bin" "$work/empty"
n=0

# expect CMD EXPECTED-TEXT ARGS...: exit 2, one stderr line with the text,
# nothing on stdout, no $work/out*.
expect() {
  local cmd=$1 text=$2
  shift 2
  n=$((n + 1))
  timeout 30 "$drv" "$cmd" "$@" >"$work/stdout" 2>"$work/stderr"
  local rc=$?
  [ $rc -eq 2 ] || fail "case $n ($*): exit $rc, want 2: $(cat "$work/stderr")"
  [ "$(wc -l <"$work/stderr")" -eq 1 ] ||
    fail "case $n ($*): stderr is not one line: $(cat "$work/stderr")"
  grep -q "^mmaplab $cmd: .*$text" "$work/stderr" ||
    fail "case $n ($*): stderr '$(cat "$work/stderr")' lacks '$text'"
  [ ! -s "$work/stdout" ] || fail "case $n ($*): output on stdout"
  [ -z "$(ls -A "$work" | grep -E '^\.?out')" ] ||
    fail "case $n ($*): left $(ls -A "$work" | grep -E '^\.?out')"
}

printf '{"context": {}, "benchmarks": [' >"$work/truncated.json"
printf 'not json at all\n' >"$work/garbage.json"
printf '{"results": [{"command": "x", "times": [0.1]}]}' >"$work/no-fp.json"
mkfifo "$work/fifo.json"
for cmd in report compare; do
  expect $cmd "no result files given" --out "$work/out"
  expect $cmd "no result files given"
  expect $cmd "nope.json: No such file or directory" --out "$work/out" "$work/nope.json"
  expect $cmd "truncated.json" --out "$work/out" "$work/truncated.json"
  expect $cmd "garbage.json" --out "$work/out" "$work/garbage.json"
  expect $cmd "not a Google Benchmark, hyperfine or conformance result" \
    --out "$work/out" "$data/unknown.json"
  expect $cmd "gbench-truncated.json" --out "$work/out" "$data/gbench-truncated.json"
  expect $cmd "no \*.json result files" --out "$work/out" "$work/empty"
  # Not regular files: a device is refused, a FIFO without a writer is an
  # empty input at once (no wait), also when it is the only *.json of a
  # directory (skipped with a note, then no result files).
  expect $cmd "/dev/zero: a device" --out "$work/out" /dev/zero
  expect $cmd "fifo.json: .*expected near end of file" --out "$work/out" \
    "$work/fifo.json"
  expect $cmd "unknown option '--bogus'" --bogus --out "$work/out" "$data/machine-a"
  expect $cmd "--out needs a value" "$data/machine-a" --out
  expect $cmd "--out needs a non-empty value" --out= "$data/machine-a"
  expect $cmd "--title needs a value" --out "$work/out" "$data/machine-a" --title
done
# --out is checked before the inputs are read; a name that cannot be
# created leaves no parent directories behind.
long=$(printf 'x%.0s' $(seq 256))
for cmd in report compare; do
  expect $cmd "cannot create $work/out/a/$long: File name too long" \
    --out "$work/out/a/$long" "$work/nope.json"
  expect $cmd "too long: the report's files below it would exceed PATH_MAX" \
    --out "$(deep_path "$work/out")" "$data/machine-a" "$data/machine-b"
done
expect compare "one machine" --out "$work/out" "$data/machine-a"
expect compare "a conformance report" --out "$work/out" "$data/machine-a" \
  "$data/machine-b" "$data/conform/conform-core.json"
expect compare "no machine fingerprint" --out "$work/out" "$data/machine-a" \
  "$work/no-fp.json"

# An existing DIR is refused and left as it was.
mkdir -p "$work/exists" && echo keep >"$work/exists/mine"
"$drv" report --out "$work/exists" "$data/machine-a" >/dev/null 2>"$work/stderr"
[ $? -eq 2 ] && grep -q "^mmaplab report: .*already exists" "$work/stderr" ||
  fail "existing DIR: $(cat "$work/stderr")"
[ "$(ls "$work/exists")" = mine ] || fail "existing DIR changed"

# --force replaces only a report directory made by mmaplab (its marker
# file .mmaplab-report); anything else is refused and left as it was.
"$drv" report --force --out "$work/exists" "$data/machine-a" >/dev/null 2>"$work/stderr"
[ $? -eq 2 ] && [ "$(wc -l <"$work/stderr")" -eq 1 ] &&
  grep -q "^mmaplab report: .*exists.*not a report directory made by mmaplab" \
    "$work/stderr" || fail "--force on a plain directory: $(cat "$work/stderr")"
[ "$(ls -A "$work/exists")" = mine ] || fail "--force emptied a plain directory"
echo keep >"$work/exists-file"
ln -s "$work/exists" "$work/exists-link"
for target in "$work/exists-file" "$work/exists-link"; do
  for cmd in report compare; do
    "$drv" $cmd --force --out "$target" "$data/machine-a" "$data/machine-b" \
      >/dev/null 2>"$work/stderr"
    [ $? -eq 2 ] && grep -q "not a report directory made by mmaplab" \
      "$work/stderr" || fail "$cmd --force on $target: $(cat "$work/stderr")"
  done
done
[ "$(cat "$work/exists-file")" = keep ] && [ -L "$work/exists-link" ] ||
  fail "--force replaced a file or a link"
[ -z "$(ls -A "$work" | grep '^\.')" ] || fail "temporary left: $(ls -A "$work")"

# gnuplot missing or failing: exit 2, one line, no DIR, no temporary.
if command -v gnuplot >/dev/null; then
  for d in /usr/bin /bin; do ln -sf "$d"/* "$work/bin/" 2>/dev/null; done
  rm -f "$work/bin/gnuplot"
  PATH=$work/bin expect report "gnuplot not found" --out "$work/out" "$data/machine-a"
  # A gnuplot that cannot start (the dynamic loader's exit 127, as under a
  # low ulimit -v) is not "not found": its own words are shown.
  printf '#!/bin/sh\necho "gnuplot: error while loading shared libraries: libz.so.1: failed to map segment from shared object" >&2\nexit 127\n' \
    >"$work/bin/gnuplot"
  chmod +x "$work/bin/gnuplot"
  PATH=$work/bin expect report "gnuplot could not start (exit 127): .*failed to map segment" \
    --out "$work/out" "$data/machine-a"
  printf '#!/bin/sh\necho "line 1: some gnuplot error" >&2\nexit 1\n' >"$work/bin/gnuplot"
  chmod +x "$work/bin/gnuplot"
  PATH=$work/bin expect report "gnuplot failed on charts/.*some gnuplot error" \
    --out "$work/out" "$data/machine-a"
  PATH=$work/bin expect compare "gnuplot failed" --out "$work/out" \
    "$data/machine-a" "$data/machine-b"
  # SIGTERM while a chart is drawn: the temporary directory is removed and
  # the command ends by that signal.
  printf '#!/bin/sh\nexec sleep 30\n' >"$work/bin/gnuplot"
  PATH=$work/bin "$drv" report --out "$work/out" "$data/machine-a" \
    >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 300); do
    sleeper=$(ps -o pid=,args= --ppid $pid 2>/dev/null | awk '/sleep/ {print $1}')
    [ -n "$sleeper" ] && break
    sleep 0.1
  done
  [ -n "$sleeper" ] || fail "the fake gnuplot did not start"
  kill -TERM $pid
  wait $pid
  rc=$?
  kill "$sleeper" 2>/dev/null
  [ $rc -eq 143 ] || fail "SIGTERM: exit $rc"
  [ -z "$(ls -A "$work" | grep -E '^\.?out')" ] ||
    fail "SIGTERM left $(ls -A "$work" | grep -E '^\.?out')"
fi
echo "errors: $n cases ok"
