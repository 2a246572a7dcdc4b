#!/usr/bin/env bash
# run_test.sh CASE MMAPLAB WORK - `mmaplab run` end to end, one case per
# ctest test (cli/CMakeLists.txt):
#   long_path_env  a PATH longer than any fixed buffer still finds python3
#   signal         SIGTERM or SIGHUP during the benchmarks ends the
#                  mmaplab-bench child too, removes the work directory and
#                  ends mmaplab by that signal
#   out_names      an --out name 5 bytes short of NAME_MAX works; names that
#                  cannot be created are refused before anything is created
#   misuse         every misuse of the options: the one line and exit 2 of
#                  the old hand-written parser (abbreviations, operands,
#                  "--", empty values, unknown list words)
#   interpreters   --python and --pypy that are missing or are not that
#                  Python: the CPython steps fail (exit 2) or PyPy is
#                  skipped, each with its one line (--quiet: errors only)
#   report_inputs  the report names its inputs by their copies in data/
#                  (conformance-HOST.json), each link resolving, and never
#                  by the work directory, which is gone
#   progress       a restricted real run: each step and its progress on
#                  stderr, the counts up to N/N; none of it on stdout;
#                  --quiet: an empty stderr; stdout the same either way
#   pages          --pages: no conformance step unless --hosts names one,
#                  mmaplab-bench run with --pages (its context says so)
set -uo pipefail
case_name=$1 mmaplab=$2 work=$3
. "$(dirname "$0")/../../scripts/testlib.sh" # fail, deep_path, fresh_dir
fresh_dir "$work"
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
    "$work/stdout" "$work/stderr" || fail "CPython not graded: $(cat "$work/stdout")"
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
  for out in "$work/a/b/c/$long" "$(deep_path "$work")" \
    "$(deep_path "$work" 5000)"; do
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
misuse)
  # expect_misuse TEXT ARGS...: exit 2, the one line "mmaplab run: TEXT
  # (see --help)", no step started, nothing created.
  expect_misuse() {
    local text=$1
    shift
    "$mmaplab" run "$@" >"$work/stdout" 2>"$work/stderr"
    local rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc: $(cat "$work/stderr")"
    [ "$(cat "$work/stderr")" = "mmaplab run: $text (see --help)" ] ||
      fail "$*: said $(cat "$work/stderr")"
    [ ! -s "$work/stdout" ] || fail "$*: printed $(cat "$work/stdout")"
    [ "$(ls -A "$work")" = "$(printf '%s\n' stderr stdout)" ] ||
      fail "$*: left $(ls -A "$work")"
  }
  unknown="unknown argument"
  hosts="--hosts is a list of core, cpython, pypy, or none, not"
  families="--families is a list of find, rfind, move, fault, filemap, granularity, open, or none, not"
  # Abbreviations and clusters, which getopt_long would take, are refused.
  expect_misuse "$unknown --hel" --hel
  expect_misuse "$unknown --ou" --ou "$work/x"
  expect_misuse "$unknown --ou" --ou
  expect_misuse "$unknown --p" --p python3 # --python or --pypy
  expect_misuse "$unknown --py" --py python3
  expect_misuse "$unknown -hx" -hx
  expect_misuse "$unknown --outdir" --outdir "$work/x"
  expect_misuse "$unknown ---out" ---out "$work/x"
  expect_misuse "$unknown --help=x" --help=x
  expect_misuse "$unknown -x" -x
  expect_misuse "$unknown --bogus" --bogus --help
  expect_misuse "$unknown --bogus" --hosts core --bogus
  # Operands and "--" are refused where they stand, not moved to the end.
  expect_misuse "$unknown foo" foo
  expect_misuse "$unknown foo" foo --help
  expect_misuse "$unknown foo" --hosts core foo --help
  expect_misuse "$unknown --" --
  expect_misuse "$unknown --" -- --help
  expect_misuse "$unknown -" -
  # Values: missing, empty, or not of the list.
  for opt in --out --hosts --families --python --pypy; do
    expect_misuse "needs a value: $opt" $opt
    expect_misuse "needs a value: $opt" $opt ""
    expect_misuse "needs a value: $opt" $opt=
  done
  expect_misuse "$hosts bogus" --hosts bogus
  expect_misuse "$hosts Core" --hosts Core
  expect_misuse "$hosts core,,cpython" --hosts core,,cpython
  expect_misuse "$hosts core," --hosts core,
  expect_misuse "$hosts ,core" --hosts ,core
  expect_misuse "$hosts none,core" --hosts none,core
  expect_misuse "$hosts bogus" --hosts core --hosts bogus # the last counts
  expect_misuse "$hosts bogus" --hosts=bogus --out="$work/x"
  expect_misuse "$families xx" --families xx
  expect_misuse "$families none,find" --families none,find
  long=$(printf 'find,%.0s' $(seq 100))nope # no length limit on a list
  expect_misuse "$families $long" --families "$long"
  expect_misuse "the report directory exists already: $work" --out "$work"
  # The help, from anywhere before an error, on stdout.
  for args in --help -h "--help foo" "--hosts bogus --help"; do
    # shellcheck disable=SC2086
    "$mmaplab" run $args >"$work/stdout" 2>"$work/stderr" ||
      fail "$args: exit $?"
    head -n 1 "$work/stdout" | grep -q "^usage: mmaplab run " ||
      fail "$args: no usage: $(cat "$work/stdout")"
    [ ! -s "$work/stderr" ] || fail "$args: $(cat "$work/stderr")"
  done
  ;;
interpreters)
  # A --python that is not found, or not a CPython: its steps fail.
  nopy=no-such-python-$$
  printf '#!/bin/sh\nexit 0\n' >"$work/not-executable"
  for py in "$nopy" "$work/not-executable" "$work" \
    $(command -v pypy3 >/dev/null && echo pypy3); do
    "$mmaplab" run --python "$py" --hosts cpython --families none --quiet \
      --out "$work/out" >"$work/stdout" 2>"$work/stderr"
    rc=$?
    [ $rc -eq 2 ] || fail "--python $py: exit $rc: $(cat "$work/stderr")"
    [ "$(head -n 2 "$work/stderr")" = "mmaplab run: $py is not a working CPython
mmaplab run: no CPython to grade (--python $py; --hosts without cpython skips it)" ] ||
      fail "--python $py: said $(cat "$work/stderr")"
    grep -q "^mmaplab run: stopped; the raw results and logs are in $work/.out.work-" \
      "$work/stderr" || fail "--python $py: $(cat "$work/stderr")"
    [ ! -e "$work/out" ] || fail "--python $py: wrote a report"
    rm -rf "$work"/.out.work-*
  done
  # A --pypy that is not found: PyPy is skipped, the rest runs (the
  # benchmarks need no CPython: only its side is skipped, with a note).
  "$mmaplab" run --python "$nopy" --pypy "$nopy" --hosts pypy --quiet \
    --families open --out "$work/out" >"$work/stdout" 2>"$work/stderr" ||
    fail "--pypy $nopy: exit $?: $(cat "$work/stderr")"
  grep -qx "mmaplab run: conformance: PyPy skipped: $nopy is not installed" \
    "$work/stdout" || fail "--pypy $nopy: $(cat "$work/stdout")"
  [ "$(cat "$work/stderr")" = "mmaplab run: $nopy is not a working CPython" ] ||
    fail "--pypy $nopy: said $(cat "$work/stderr")"
  [ -s "$work/out/index.html" ] || fail "--pypy $nopy: no report"
  rm -rf "$work/out"
  # A --pypy that is another Python: an error, as a failing host is.
  "$mmaplab" run --pypy python3 --hosts pypy --families none --quiet \
    --out "$work/out" >"$work/stdout" 2>"$work/stderr"
  rc=$?
  [ $rc -eq 2 ] || fail "--pypy python3: exit $rc: $(cat "$work/stderr")"
  [ "$(head -n 1 "$work/stderr")" = "mmaplab run: python3 is not a working PyPy" ] ||
    fail "--pypy python3: said $(cat "$work/stderr")"
  rm -rf "$work"/.out.work-*
  # The PyPy found in PATH, graded against the golden of its CPython X.Y.
  if command -v pypy3 >/dev/null; then
    xy=$(pypy3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    golden=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../conformance/golden" &&
      ls -d "cpython-$xy".* 2>/dev/null | sort -V | tail -n 1)
    "$mmaplab" run --hosts pypy --families none --out "$work/out" \
      >"$work/stdout" 2>"$work/stderr"
    rc=$?
    if [ -n "$golden" ]; then
      grep -qx "mmaplab run: conformance: pypy against $golden ..." \
        "$work/stderr" || fail "pypy3: $(cat "$work/stdout" "$work/stderr")"
      [ $rc -le 1 ] || fail "pypy3: exit $rc: $(cat "$work/stderr")"
    else
      grep -qx "mmaplab run: conformance: PyPy $xy skipped: no committed CPython $xy golden" \
        "$work/stdout" || fail "pypy3: $(cat "$work/stdout")"
    fi
  else
    echo "note: no pypy3 on PATH: the PyPy that is found is not tried"
  fi
  ;;
report_inputs)
  "$mmaplab" run --hosts core --families none --out "$work/out" \
    >"$work/stdout" 2>"$work/stderr" || fail "exit $?: $(cat "$work/stderr")"
  s=$work/out/summary.md
  grep -q '^| \[data/01-conformance-core.json\](data/01-conformance-core.json) | conformance | host core against ' \
    "$s" || fail "inputs table: $(grep -A3 '^## Inputs' "$s")"
  ! grep -q 'work-' "$s" "$work/out/index.html" ||
    fail "the work directory is named: $(grep -o '[^ ]*work-[^ ]*' "$s" | head -1)"
  # Every relative link of either page resolves within the report.
  links=$( (grep -o '](data/[^)]*)' "$s" | sed 's/^](//; s/)$//'
    grep -o 'href="data/[^"]*"' "$work/out/index.html" |
      sed 's/^href="//; s/"$//') | sort -u)
  [ -n "$links" ] || fail "no links to data/"
  for l in $links; do
    [ -s "$work/out/$l" ] || fail "link to a missing file: $l"
  done
  ;;
progress)
  # The core's conformance and the open family, with progress and with
  # --quiet.
  for run in a b; do
    quiet=
    [ $run = b ] && quiet=--quiet
    # shellcheck disable=SC2086 # $quiet is empty or one word
    "$mmaplab" run --hosts core --families open $quiet --out "$work/$run" \
      >"$work/$run.out" 2>"$work/$run.err" ||
      fail "$run: exit $?: $(cat "$work/$run.err")"
  done
  # N: the cases and the runs of the summary.
  cases=$(sed -n 's/^ *conformance *core .*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' \
    "$work/a.out" | awk '{print $1 + $2 + $3}')
  runs=$(sed -n 's/.*bench-c.json: [0-9]* benchmarks, \([0-9]*\) runs, .*/\1/p' "$work/a.out")
  [ -n "$cases" ] && [ -n "$runs" ] || fail "no counts in $(cat "$work/a.out")"
  for line in "conformance: core against cpython-.* \.\.\." \
    "conformance: core: $cases/$cases cases in .*" \
    "benchmarks: C families, quick grid \.\.\." \
    "benchmarks: C: $runs/$runs runs in .*" "report \.\.\."; do
    grep -qx "mmaplab run: $line" "$work/a.err" ||
      fail "stderr lacks $line: $(cat "$work/a.err")"
  done
  # Every count line k/N with k <= N and N that of its phase; nothing
  # else on stderr but the steps.
  awk -v cases="$cases" -v runs="$runs" '
    /^mmaplab run: .* \.\.\.$/ { next }
    match($0, /: [0-9]+\/[0-9]+ (cases|runs)[ ,]/) {
      split(substr($0, RSTART + 2), f, "[/ ,]")
      if (f[1] + 0 <= f[2] + 0 && f[2] == (f[3] == "cases" ? cases : runs))
        next
    }
    { print "bad line: " $0; bad = 1 }
    END { exit bad }' "$work/a.err" || fail "stderr: $(cat "$work/a.err")"
  grep -E '[0-9]+/[0-9]+ (cases|runs)|\.\.\.$' "$work/a.out" &&
    fail "progress on stdout"
  [ ! -s "$work/b.err" ] || fail "--quiet: stderr: $(cat "$work/b.err")"
  # stdout the same but for the time taken and the report directory.
  norm() { sed -e 's/done in [0-9.]* s$/done in T s/' -e "s|$work/[ab]|OUT|" "$1"; }
  [ "$(norm "$work/a.out")" = "$(norm "$work/b.out")" ] ||
    fail "stdout differs: $(diff "$work/a.out" "$work/b.out")"
  ;;
pages)
  "$mmaplab" run --pages --families granularity --out "$work/p" \
    >"$work/p.out" 2>"$work/p.err" || fail "exit $?: $(cat "$work/p.err")"
  ! grep -q '^mmaplab run: conformance' "$work/p.err" ||
    fail "--pages ran conformance: $(cat "$work/p.err")"
  grep -qx 'mmaplab run: benchmarks: the page matrix, quick slice \.\.\.' \
    "$work/p.err" || fail "no page-matrix step: $(cat "$work/p.err")"
  grep -q '"mmaplab_pages_only": "true"' "$work/p/data/"*bench-c.json ||
    fail "mmaplab-bench ran without --pages"
  ! grep -q '"name": "find/' "$work/p/data/"*bench-c.json ||
    fail "--families granularity ran find rows"
  # --hosts after --pages still grades that host
  "$mmaplab" run --pages --hosts core --families none --quiet \
    --out "$work/q" >"$work/q.out" 2>&1 || fail "exit $?: $(cat "$work/q.out")"
  grep -q '^ *conformance *core' "$work/q.out" ||
    fail "--pages --hosts core: $(cat "$work/q.out")"
  ;;
*)
  fail "unknown case $case_name"
  ;;
esac
echo "run $case_name: ok"
