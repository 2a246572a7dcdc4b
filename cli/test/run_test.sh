#!/usr/bin/env bash
# run_test.sh CASE MMAPLAB WORK - `mmaplab run` end to end, one case per
# ctest test (cli/CMakeLists.txt):
#   long_path_env  a PATH longer than any fixed buffer still finds python3
#   signal         SIGTERM or SIGHUP during the benchmarks ends the
#                  mmaplab-bench child too, removes the work directory and
#                  ends mmaplab by that signal
#   out_names      an --out name 5 bytes short of NAME_MAX works; names that
#                  cannot be created are refused before anything is created
set -uo pipefail
case_name=$1 mmaplab=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
# deep_path DIR: a path below DIR of 4,000 bytes: within PATH_MAX, but the
# files below it would not be.
deep_path() {
  local p=$1 part
  part=$(printf 'd%.0s' $(seq 200))
  while [ $((${#p} + 201)) -le 3990 ]; do p+=/$part; done
  p+=/$(printf 'e%.0s' $(seq $((4000 - ${#p} - 1))))
  echo "$p"
}
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
signal)
  command -v ps >/dev/null || { echo "SKIP: no ps (procps)"; exit 77; }
  child=
  # A child left behind (by a mmaplab that does not end it) is ended here.
  trap '[ -n "$child" ] && kill -KILL "$child" 2>/dev/null' EXIT
  for sig in TERM HUP; do
    rm -rf "$work/$sig" && mkdir "$work/$sig"
    "$mmaplab" run --hosts none --families find --out "$work/$sig/out" \
      >"$work/stdout" 2>"$work/stderr" &
    pid=$!
    child=
    for _ in $(seq 600); do # up to 60 s for mmaplab-bench to start
      # (by its path: the bench re-executes itself through /proc/self/exe)
      child=$(ps -o pid=,args= --ppid "$pid" | awk '$2 ~ /mmaplab-bench$/ {print $1}')
      [ -n "$child" ] && break
      sleep 0.1
    done
    [ -n "$child" ] || fail "$sig: mmaplab-bench did not start: $(cat "$work/stderr")"
    kill -$sig "$pid"
    wait "$pid"
    rc=$?
    [ $rc -eq $((128 + $(kill -l $sig))) ] || fail "$sig: exit $rc, not by SIG$sig"
    for _ in $(seq 100); do # its child ends within 10 s
      [ -d "/proc/$child" ] && [ "$(awk '{print $3}' "/proc/$child/stat")" != Z ] ||
        break
      sleep 0.1
    done
    [ -d "/proc/$child" ] && [ "$(awk '{print $3}' "/proc/$child/stat")" != Z ] &&
      fail "$sig: mmaplab-bench ($child) still runs"
    child=
    [ -z "$(ls -A "$work/$sig")" ] || fail "$sig: left $(ls -A "$work/$sig")"
  done
  ;;
out_names)
  # A name NAME_MAX - 5 bytes long: the temporary siblings still fit.
  name=$(printf 'r%.0s' $(seq 250))
  "$mmaplab" run --hosts core --families none --out "$work/$name" \
    >"$work/stdout" 2>"$work/stderr" || fail "exit $?: $(cat "$work/stderr")"
  [ -s "$work/$name/index.html" ] && [ -d "$work/$name/logs" ] ||
    fail "no report in the 250-byte name"
  [ "$(ls -A "$work")" = "$(printf '%s\n' "$name" stderr stdout)" ] ||
    fail "left beside the report: $(ls -A "$work")"
  rm -rf "${work:?}"/*
  # Names that cannot be created: one line, exit 2, nothing created, no
  # step started.
  long=$(printf 'x%.0s' $(seq 256))
    for out in "$work/a/b/c/$long" "$(deep_path "$work")"; do
    "$mmaplab" run --hosts core --families none --out "$out" \
      >"$work/stdout" 2>"$work/stderr"
    rc=$?
    [ $rc -eq 2 ] && [ "$(wc -l <"$work/stderr")" -eq 1 ] ||
      fail "--out ${out:0:80}...: exit $rc: $(cat "$work/stderr")"
    [ ! -s "$work/stdout" ] || fail "a step started: $(cat "$work/stdout")"
    [ "$(ls -A "$work")" = "$(printf '%s\n' stderr stdout)" ] ||
      fail "--out ${out:0:80}... left $(ls -A "$work")"
  done
  ;;
*)
  fail "unknown case $case_name"
  ;;
esac
echo "run $case_name: ok"
